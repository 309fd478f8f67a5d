/**
 * A client that goes away while its request waits for a slot (issue 15): after a burst past the
 * per-client cap, autocannon closed its connections, and every request that had waited then held
 * its slot for good (its body could no longer be read), so the server answered that client
 * nothing but timeouts from then on. A request whose client is gone gives its slot back (and one
 * whose client leaves halfway through its body did already: its read fails).
 * Work is held by a real Postgres lock, released by the test; the test waits on counts.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../src/config';
import { useFixture } from '../support/fixture';

const fx = useFixture({
  seeds: true,
  server: 'gateway',
  config: loadConfig({
    NODE_ENV: 'production',
    GONGKAI_RESPONSE_CACHE_MB: '0',
    GONGKAI_CLIENT_CONCURRENCY: '1',
    GONGKAI_CLIENT_QUEUE: '4',
    // With a slot lost, the next request would wait this long and answer 504.
    GONGKAI_REQUEST_DEADLINE_MS: '3000',
  }),
});

const QUERY = JSON.stringify({ query: '{ reports(first: 1) { nodes { id } } }' });

const post = () =>
  fetch(fx.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });

/** Until a condition holds (counts, not time). */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), what);
}

/** A whole POST on a socket of its own, left open without reading the answer. */
function rawPost(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(QUERY)}\r\n\r\n${QUERY}`,
      );
      resolve(socket);
    });
  });
}

test('requests whose client left while they waited give their slots back: the client is answered again', async () => {
  const { admission } = fx.server.app;
  const port = Number(new URL(fx.server.url).port);
  const load = () => {
    const a = admission.load('127.0.0.1');
    const b = admission.load('::ffff:127.0.0.1');
    return { running: a.running + b.running, waiting: a.waiting + b.waiting };
  };
  // One request holds the client's one slot (its read waits on a lock)...
  const runner = fx.db.ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query(`LOCK TABLE reports IN ACCESS EXCLUSIVE MODE`);
  const first = post();
  await until('the first request runs', () => load().running === 1);
  // ...two more wait behind it, and their client goes away.
  const gone = [await rawPost(port), await rawPost(port)];
  await until('two requests wait', () => load().waiting === 2);
  for (const s of gone) s.destroy();
  await runner.rollbackTransaction();
  await runner.release();
  assert.equal((await first).status, 200);
  // The slot goes to the waiting requests in turn, and back.
  await until('no request holds a slot', () => load().running === 0 && load().waiting === 0);
  const again = await post();
  assert.equal(again.status, 200, await again.text());
});

test('a request whose client leaves halfway through its body gives its slot back', async () => {
  const { admission } = fx.server.app;
  const port = Number(new URL(fx.server.url).port);
  const running = () => admission.load('127.0.0.1').running + admission.load('::ffff:127.0.0.1').running;
  const socket = await new Promise<net.Socket>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(
        `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(QUERY)}\r\n\r\n${QUERY.slice(0, 10)}`,
      );
      resolve(s);
    });
  });
  await until('the request runs (reading its body)', () => running() === 1);
  socket.destroy();
  await until('its slot is back', () => running() === 0);
  const again = await post();
  assert.equal(again.status, 200, await again.text());
});
