/**
 * Kept answers (src/server/response-cache.ts): a repeated query is served as it was sent, and
 * never after the data changed, whichever process changed it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config';
import { saveReport } from '../../src/db/writes/save';
import { ResponseCache } from '../../src/server/response-cache';
import { runGongkai } from '../support/cli';
import { allGoldenReports } from '../support/golden';
import { CountingLogger, startTestServer, type TestServer } from '../support/server';
import { useFixture } from '../support/fixture';

const fx = useFixture({ server: 'reports' });

async function post(
  s: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; cache: string | null; text: string }> {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, cache: res.headers.get('gongkai-cache'), text: await res.text() };
}

const COUNT = '{ reports { totalCount } }';
const totalOf = (text: string) =>
  (JSON.parse(text) as { data: { reports: { totalCount: number } } }).data.reports.totalCount;
const storedReports = async () =>
  Number(((await fx.db.ds.query('SELECT count(*) AS n FROM reports')) as { n: string }[])[0]!.n);

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a repeated query is answered from the cache, byte for byte; other variables are not', async () => {
  const q = 'query ($first: Int) { agencies(first: $first) { nodes { id name } totalCount } }';
  const first = await post(fx.server, q, { first: 5 });
  const again = await post(fx.server, q, { first: 5 });
  assert.equal(first.status, 200);
  assert.equal(first.cache, 'miss');
  assert.equal(again.cache, 'hit');
  assert.equal(again.text, first.text);
  assert.equal((await post(fx.server, q, { first: 6 })).cache, 'miss');
});

test('a save in this process drops kept answers before it returns', async () => {
  const before = await post(fx.server, COUNT);
  assert.equal((await post(fx.server, COUNT)).cache, 'hit');
  assert.ok(fx.server.app.cache!.size > 0);
  await saveReport(fx.db.ds, allGoldenReports()[0]!.report);
  // dropped in this process, without waiting for NOTIFY to come back from Postgres
  assert.equal(fx.server.app.cache!.size, 0);
  const after = await post(fx.server, COUNT);
  assert.equal(after.cache, 'miss');
  assert.equal(totalOf(after.text), totalOf(before.text) + 1);
});

test('a save by another process (gongkai ingest) drops kept answers through NOTIFY', async () => {
  await post(fx.server, COUNT);
  const kept = await post(fx.server, COUNT);
  assert.equal(kept.cache, 'hit');
  const run = runGongkai(fx.db, ['ingest', '--manifest', 'samples/manifest.jsonl']);
  assert.equal(run.code, 0, run.out + run.err);
  const stored = await storedReports();
  assert.ok(stored > totalOf(kept.text), 'the ingest added reports');
  // NOTIFY reaches the server's listener moments after the commit.
  await until(
    'the server answers the new count',
    async () => totalOf((await post(fx.server, COUNT)).text) === stored,
  );
});

test('errors, requests with a token and GETs are never kept', async () => {
  const bad = '{ reports(first: 1000) { nodes { id } } }';
  assert.equal((await post(fx.server, bad)).cache, 'miss');
  const twice = await post(fx.server, bad);
  assert.equal(twice.cache, 'miss', 'an error is run again');
  assert.match(twice.text, /BAD_USER_INPUT/);

  await post(fx.server, COUNT, {}, { authorization: 'Bearer x' });
  assert.equal((await post(fx.server, COUNT, {}, { authorization: 'Bearer x' })).cache, null);

  const get = await fetch(`${fx.server.url}?query=${encodeURIComponent(COUNT)}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('gongkai-cache'), null);
});

test('while the change feed is lost nothing is served from the cache; when it is back, it starts empty', async () => {
  await post(fx.server, COUNT);
  assert.equal((await post(fx.server, COUNT)).cache, 'hit');
  const cache = fx.server.app.cache!;
  await fx.db.ds.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
    `gongkai-data-changes:${fx.db.schema}`.slice(0, 63),
  ]);
  await until('the server notices', () => !cache.live);
  const health = (await (await fetch(fx.server.url.replace(/graphql$/, 'healthz'))).json()) as Record<
    string,
    string
  >;
  assert.equal(health.responseCache, 'reconnecting');
  const down = await post(fx.server, COUNT);
  assert.equal(down.status, 200);
  assert.equal(down.cache, null, 'the cache is not consulted');
  // reconnects after about a second
  await until('the feed is back', () => cache.live);
  assert.equal((await post(fx.server, COUNT)).cache, 'miss', 'changes made meanwhile were not heard');
  assert.equal((await post(fx.server, COUNT)).cache, 'hit');
});

test('kept answers expire after GONGKAI_RESPONSE_CACHE_TTL; GONGKAI_RESPONSE_CACHE_MB=0 turns the cache off', async () => {
  const short = await startTestServer(fx.db.ds, { responseCacheTtlSeconds: 1 });
  const off = await startTestServer(fx.db.ds, { responseCacheMb: 0 });
  try {
    await post(short, COUNT);
    assert.equal((await post(short, COUNT)).cache, 'hit');
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await post(short, COUNT)).cache, 'miss');

    await post(off, COUNT);
    const again = await post(off, COUNT);
    assert.equal(again.status, 200);
    assert.equal(again.cache, null);
    assert.equal(off.app.cache, undefined);
    const health = (await (await fetch(off.url.replace(/graphql$/, 'healthz'))).json()) as Record<
      string,
      string
    >;
    assert.equal(health.responseCache, 'off');
  } finally {
    await short.close();
    await off.close();
  }
  assert.throws(() => loadConfig({ GONGKAI_RESPONSE_CACHE_MB: '-1' }), /GONGKAI_RESPONSE_CACHE_MB/);
  assert.equal(loadConfig({}).responseCacheMb, 64);
});

test('the cache protocol: look up, join, keep; an answer computed across a change is not kept; one answer cannot crowd out the rest', async () => {
  const c = new ResponseCache({ maxBytes: 8000, ttlSeconds: 60 });
  const answer = (body: string) => ({
    status: 200,
    headers: [['content-type', 'application/json']] as [string, string][],
    body: Buffer.from(body),
  });
  const json = { accept: 'application/json' };
  assert.equal(await c.lookup('{}', json), undefined, 'nothing while changes cannot be heard');
  c.live = true;
  assert.equal(await c.lookup('{}', { ...json, authorization: 'Bearer x' }), undefined, 'never with a token');

  // miss → keep (when the policy allows) → hit
  const first = await c.lookup('{"query":"{a}"}', json);
  assert.ok(first && !first.answer);
  first.visit.keep(answer('not kept'));
  first.visit.end();
  const again = await c.lookup('{"query":"{a}"}', json);
  assert.ok(again && !again.answer, 'an answer the policy did not allow is not kept');
  again.visit.policy.cacheable = true;
  again.visit.keep(answer('{"a":1}'));
  again.visit.end();
  const hit = await c.lookup('{"query":"{a}"}', json);
  assert.equal(hit?.answer?.body.toString(), '{"a":1}');
  assert.equal(hit?.answer && hit.how, 'hit');
  assert.ok(
    (await c.lookup('{"query":"{a}"}', { accept: 'text/html' }))?.visit,
    'another format, another key',
  );

  // join: an identical request waits for the one computing, and gets its answer
  const computing = await c.lookup('{"query":"{b}"}', json);
  assert.ok(computing?.visit);
  const joining = c.lookup('{"query":"{b}"}', json);
  computing.visit.policy.cacheable = true;
  computing.visit.keep(answer('{"b":2}'));
  computing.visit.end();
  const joined = await joining;
  assert.equal(joined?.answer?.body.toString(), '{"b":2}');
  assert.equal(joined?.answer && joined.how, 'shared');

  // a request waiting for one that is not kept runs its own
  const failing = await c.lookup('{"query":"{c}"}', json);
  const waiting = c.lookup('{"query":"{c}"}', json);
  failing!.visit!.end();
  assert.ok((await waiting)?.visit, 'runs its own');

  // across a change: not kept, and a new request does not wait for an answer begun before it
  const across = await c.lookup('{"query":"{d}"}', json);
  c.clear();
  assert.ok((await c.lookup('{"query":"{d}"}', json))?.visit, 'does not wait across a change');
  across!.visit!.policy.cacheable = true;
  across!.visit!.keep(answer('{"d":0}'));
  across!.visit!.end();
  assert.equal(c.get(ResponseCache.key('{"query":"{d}"}', json.accept)), undefined, 'not kept');

  const generation = c.generation;
  c.set('k', answer('{}'), generation);
  c.set('big', answer('x'.repeat(2000)), generation);
  assert.equal(c.get('big'), undefined, 'over an eighth of the cache');
  assert.equal(c.get('k')?.body.toString(), '{}');
  c.live = false;
  assert.equal(c.get('k'), undefined, 'nothing is served while changes cannot be heard');
});

test('identical requests arriving together run once and share the answer', async () => {
  const logger = new CountingLogger();
  const counted = await fx.db.open(logger);
  const s = await startTestServer(counted);
  const holder = fx.db.ds.createQueryRunner();
  try {
    const q = '{ agencies(first: 2) { nodes { id name } } }';
    // Hold the agencies table, so that the first request waits in Postgres while the rest arrive.
    await holder.connect();
    await holder.startTransaction();
    await holder.query('LOCK TABLE agencies IN ACCESS EXCLUSIVE MODE');
    logger.reset();
    const all = Array.from({ length: 8 }, () => post(s, q));
    await until('the first request waits for the lock', async () => {
      const rows = (await fx.db.ds.query(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query ILIKE '%agencies%' AND query NOT ILIKE '%pg_stat_activity%'`,
      )) as { n: string }[];
      return Number(rows[0]!.n) > 0;
    });
    await new Promise((r) => setTimeout(r, 200));
    await holder.commitTransaction();
    const answers = await Promise.all(all);
    assert.ok(answers.every((a) => a.status === 200 && a.text === answers[0]!.text));
    assert.deepEqual(answers.map((a) => a.cache).sort(), ['miss', ...Array<string>(7).fill('shared')]);
    assert.equal(logger.queries.filter((sql) => /agencies/.test(sql)).length, 1, 'one execution');
  } finally {
    await holder.release();
    await s.close();
    await counted.destroy();
  }
});
