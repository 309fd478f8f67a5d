/**
 * HTTP caching of persisted GETs through the gateway (src/server/http-caching.ts): APQ's hash
 * flow, Cache-Control tied to the response cache's lifetime, an ETag that follows the data and
 * 304s, nothing public for POSTs, errors or credentials, and headers a browser app may read.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { saveReport } from '../../src/db/writes/save';
import { allGoldenReports } from '../support/golden';
import { serve, useFixture } from '../support/fixture';
import { type TestServer } from '../support/server';

const seeds = allGoldenReports();
const TTL = 120;
const fx = useFixture({
  load: async (db) => {
    for (const { report } of seeds.slice(1)) await saveReport(db.ds, report);
  },
  server: 'gateway',
  config: { responseCacheTtlSeconds: TTL },
});

/** Until the server hears data changes (its cache serves nothing before); bounded tries. */
async function cacheLive(s: TestServer): Promise<void> {
  for (let i = 0; i < 400 && !s.app.cache?.live; i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(s.app.cache?.live, 'the response cache is live');
}

const QUERY =
  'query Count($year: Int) { reports(filter: { yearFrom: $year }) { totalCount nodes { id year } } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A GET as Apollo clients send a persisted query (the CSRF header included). */
async function get(
  s: TestServer,
  opts: { query?: string; hash?: string; variables?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const params = new URLSearchParams();
  if (opts.query) params.set('query', opts.query);
  if (opts.variables) params.set('variables', JSON.stringify(opts.variables));
  params.set(
    'extensions',
    JSON.stringify({ persistedQuery: { version: 1, sha256Hash: opts.hash ?? sha256(QUERY) } }),
  );
  const res = await fetch(`${s.url}?${params}`, {
    headers: { 'apollo-require-preflight': 'true', accept: 'application/json', ...opts.headers },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const totalOf = (a: Answer) =>
  (JSON.parse(a.text) as { data: { reports: { totalCount: number } } }).data.reports.totalCount;

describe('a persisted query over GET', () => {
  before(() => cacheLive(fx.server));

  test('the APQ flow: unknown hash, then registered with its text, then by hash alone; cached publicly', async () => {
    const variables = { year: 2019 };
    const unknown = await get(fx.server, { variables });
    assert.match(unknown.text, /PERSISTED_QUERY_NOT_FOUND/);
    // Apollo's own for this error: private, no-cache, must-revalidate.
    assert.match(unknown.headers.get('cache-control') ?? '', /no-(store|cache)/);
    assert.doesNotMatch(
      unknown.headers.get('cache-control') ?? '',
      /public/,
      'an error is not publicly cacheable',
    );
    assert.equal(unknown.headers.get('etag'), null);

    const registered = await get(fx.server, { query: QUERY, variables });
    assert.equal(registered.status, 200, registered.text);
    assert.equal(registered.headers.get('cache-control'), `public, max-age=${TTL}`);
    const etag = registered.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]{27}"$/);
    assert.equal(registered.headers.get('gongkai-cache'), 'miss');

    const byHash = await get(fx.server, { variables });
    assert.equal(byHash.status, 200, byHash.text);
    assert.equal(byHash.headers.get('gongkai-cache'), 'miss', 'another query string, another entry');
    assert.equal(byHash.text, registered.text);
    assert.equal(byHash.headers.get('etag'), etag, 'the same answer, the same ETag');

    const again = await get(fx.server, { variables });
    assert.equal(again.headers.get('gongkai-cache'), 'hit');
    assert.equal(again.text, registered.text);
    assert.equal(again.headers.get('etag'), etag);
    // The rest of the kept answer's lifetime, never more than the cache keeps it.
    const maxAge = Number(/^public, max-age=(\d+)$/.exec(again.headers.get('cache-control') ?? '')?.[1]);
    assert.ok(maxAge > 0 && maxAge <= TTL, `max-age ${maxAge}`);

    const other = await get(fx.server, { variables: { year: 2023 } });
    assert.notEqual(other.headers.get('etag'), etag, 'other variables, another answer');
  });

  test('If-None-Match with the ETag is 304 with no body; another ETag gets the answer', async () => {
    const variables = { year: 2020 };
    await get(fx.server, { query: QUERY, variables });
    const first = await get(fx.server, { variables });
    const etag = first.headers.get('etag')!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const cached = await get(fx.server, { variables, headers: { 'if-none-match': inm } });
      assert.equal(cached.status, 304, inm);
      assert.equal(cached.text, '');
      assert.equal(cached.headers.get('etag'), etag);
      assert.match(cached.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    }
    const stale = await get(fx.server, { variables, headers: { 'if-none-match': '"not-it"' } });
    assert.equal(stale.status, 200);
    assert.equal(stale.text, first.text);
  });

  test('the ETag changes when the data changes: a save, and the old ETag gets the new answer', async () => {
    const variables = { year: 2000 };
    const before = await get(fx.server, { query: QUERY, variables });
    const etag = before.headers.get('etag')!;
    assert.equal((await get(fx.server, { variables, headers: { 'if-none-match': etag } })).status, 304);
    await saveReport(fx.db.ds, seeds[0]!.report);
    const after = await get(fx.server, { variables, headers: { 'if-none-match': etag } });
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('gongkai-cache'), 'miss');
    assert.equal(totalOf(after), totalOf(before) + 1);
    assert.notEqual(after.headers.get('etag'), etag);
  });

  test('errors, credentials and POSTs are not publicly cacheable', async () => {
    const bad = 'query Bad { reports(first: 100000) { totalCount } }';
    for (let i = 0; i < 2; i++) {
      const res = await get(fx.server, { query: bad, hash: sha256(bad) });
      assert.match(res.text, /BAD_USER_INPUT/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('etag'), null);
      assert.notEqual(res.headers.get('gongkai-cache'), 'hit');
    }
    await get(fx.server, { query: QUERY });
    const withToken = await get(fx.server, { headers: { authorization: 'Bearer x' } });
    assert.equal(withToken.status, 200, withToken.text);
    assert.equal(withToken.headers.get('cache-control'), 'no-store');
    const posted = await fetch(fx.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    assert.equal(posted.status, 200);
    assert.equal(posted.headers.get('cache-control'), 'no-store');
    assert.equal(posted.headers.get('etag'), null);
    const kept = await fetch(fx.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    assert.equal(kept.headers.get('gongkai-cache'), 'hit');
    assert.equal(kept.headers.get('cache-control'), 'no-store', 'a POST served from the cache too');
  });

  test('a browser app on another origin may read gongkai-cache and the ETag', async () => {
    await get(fx.server, { query: QUERY, variables: { year: 2021 } });
    const res = await get(fx.server, {
      variables: { year: 2021 },
      headers: { origin: 'http://app.example' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(/,\s*/);
    for (const h of ['gongkai-cache', 'etag']) assert.ok(exposed.includes(h), exposed.join());
    const preflight = await fetch(fx.server.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'apollo-require-preflight, if-none-match',
      },
    });
    assert.equal(preflight.status, 204);
  });
});

test('with the response cache off: ETag and 304 still, but revalidate each time (no-cache)', async () => {
  const s = fx.track(await serve(fx.db.ds, 'gateway', { responseCacheMb: 0 }));
  const registered = await get(s, { query: QUERY, variables: { year: 2022 } });
  assert.equal(registered.status, 200, registered.text);
  assert.equal(registered.headers.get('cache-control'), 'public, no-cache');
  assert.equal(registered.headers.get('gongkai-cache'), null);
  const etag = registered.headers.get('etag')!;
  const again = await get(s, { variables: { year: 2022 }, headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});
