/**
 * Which requests leave an access line (GONGKAI_ACCESS_LOG): all by default; with `sample:N` one
 * in N; with `errors` none but answers with an error; answers with an error (status ≥ 400 or
 * GraphQL errors) and slow ones (GONGKAI_SLOW_REQUEST_MS) always. Lines are counted, never timed:
 * the slow case sets the threshold to 0 ms, so that every request is slow.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';
import { serve, useFixture } from '../support/fixture';
import { type TestServer } from '../support/server';

const fx = useFixture({ seeds: true });

const OK = 'query Ok { reports(first: 1) { nodes { id } } }';
/** Parsed and valid, refused by the resolver: 200 with GraphQL errors. */
const RESOLVER_ERROR = 'query Both { reports(first: 1, last: 1) { nodes { id } } }';
/** Not a document: 400. */
const BAD = '{ reports(';

async function server(env: Record<string, string>): Promise<TestServer> {
  // No response cache: a kept answer never reaches Apollo, whose operation name the line carries.
  return fx.track(
    await serve(fx.db.ds, 'reports', { accessLog: loadConfig(env).accessLog, responseCacheMb: 0 }),
  );
}

/** Sends the queries one after another; the access lines written for them (each awaited, by count). */
async function linesFor(s: TestServer, queries: string[]): Promise<Record<string, unknown>[]> {
  const ids: string[] = [];
  const [ended, written] = [s.app.admission.ended, s.app.admission.accessLines];
  for (const query of queries) {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    await res.text();
    ids.push(res.headers.get('x-request-id')!);
  }
  // The line is written when the response closes: wait until every request has ended.
  for (let i = 0; i < 2000 && s.app.admission.ended < ended + queries.length; i++) {
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(s.app.admission.ended, ended + queries.length);
  const lines = s.logs.filter((l) => l.msg === 'request' && ids.includes(l.requestId as string));
  assert.equal(lines.length, s.app.admission.accessLines - written);
  return lines;
}

describe('GONGKAI_ACCESS_LOG', () => {
  test('all (the default): one line per request', async () => {
    const s = await server({});
    const lines = await linesFor(s, [OK, OK, OK, OK]);
    assert.equal(lines.length, 4);
    assert.deepEqual(
      lines.map((l) => [l.operationName, l.status, l.path, typeof l.durationMs]),
      Array(4).fill(['Ok', 200, '/graphql', 'number']),
    );
  });

  test('sample:3: one request in three, and every answer with an error', async () => {
    const s = await server({ GONGKAI_ACCESS_LOG: 'sample:3' });
    const ok = await linesFor(s, Array(9).fill(OK));
    assert.equal(ok.length, 3);
    const failing = await linesFor(s, [RESOLVER_ERROR, BAD, RESOLVER_ERROR]);
    assert.equal(failing.length, 3);
    assert.deepEqual(
      failing.map((l) => l.status),
      [200, 400, 200],
    );
  });

  test('errors: only answers with an error', async () => {
    const s = await server({ GONGKAI_ACCESS_LOG: 'errors' });
    const lines = await linesFor(s, [OK, OK, RESOLVER_ERROR, OK, BAD]);
    assert.deepEqual(
      lines.map((l) => [l.operationName ?? null, l.status]),
      [
        ['Both', 200],
        [null, 400],
      ],
    );
  });

  test('a slow request is logged whatever the setting (GONGKAI_SLOW_REQUEST_MS=0: every one is slow)', async () => {
    const s = await server({ GONGKAI_ACCESS_LOG: 'errors', GONGKAI_SLOW_REQUEST_MS: '0' });
    assert.equal((await linesFor(s, [OK, OK, OK])).length, 3);
  });

  test('a value that is none of those is refused, naming the variable', () => {
    for (const bad of ['some', 'sample:0', 'sample:x', 'sample:']) {
      assert.throws(
        () => loadConfig({ GONGKAI_ACCESS_LOG: bad }),
        (e: unknown) => e instanceof ConfigError && /GONGKAI_ACCESS_LOG/.test(e.message),
      );
    }
    assert.deepEqual(loadConfig({ GONGKAI_ACCESS_LOG: 'ALL' }).accessLog, { every: 1, slowMs: 1000 });
  });
});
