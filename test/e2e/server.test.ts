import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../support/server';
import { useFixture } from '../support/fixture';

const fx = useFixture({ server: 'reports' });

const base = () => fx.server.url.replace(/\/graphql$/, '');

test('GET /healthz checks the database', async () => {
  const res = await fetch(`${base()}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', database: 'ok', responseCache: 'live' });
});

test('GraphQL answers carry no ETag (no body hashing) and no X-Powered-By', async () => {
  const res = await fetch(fx.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('etag'), null);
  assert.equal(res.headers.get('x-powered-by'), null);
  assert.deepEqual(await res.json(), { data: { __typename: 'Query' } });
});

test('/healthz answers 503 "down" when the database is gone, the cause in the log only', async () => {
  const other = await fx.db.open();
  const s = await startTestServer(other);
  try {
    await other.destroy();
    const res = await fetch(`${s.url.replace(/\/graphql$/, '')}/healthz`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as Record<string, unknown>;
    // Whether the response cache's own connection has noticed yet is a race: not asserted.
    assert.deepEqual(
      { ...body, responseCache: undefined },
      { status: 'down', database: 'down', responseCache: undefined },
    );
    assert.equal(s.logs.filter((l) => /healthz/.test(String(l.msg))).length, 1, 'the cause is logged');
  } finally {
    await s.close();
  }
});

test('a browser GET of /graphql gets GraphiQL, loading only local assets', async () => {
  const res = await fetch(fx.server.url, { headers: { accept: 'text/html' } });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<div id="graphiql">/);
  assert.match(html, /RefusedBreakdown/, 'the example query is pre-filled');
  const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(srcs.length >= 4);
  for (const src of srcs) {
    assert.ok(src.startsWith('/') || src.startsWith('data:'), `${src} must be served locally`);
    if (src.startsWith('/')) {
      const asset = await fetch(`${base()}${src}`);
      assert.equal(asset.status, 200, src);
      assert.ok((await asset.arrayBuffer()).byteLength > 1000, `${src} has content`);
    }
  }
});

test('API clients still get GraphQL on GET, and CSRF prevention blocks simple requests', async () => {
  const ok = await fetch(`${fx.server.url}?query=${encodeURIComponent('{ reports { totalCount } }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { data: { reports: { totalCount: 0 } } });

  const csrf = await fetch(`${fx.server.url}?query=${encodeURIComponent('{ reports { totalCount } }')}`);
  assert.equal(csrf.status, 400, 'a GET without a preflight header is refused');
});

test('CORS answers preflight requests', async () => {
  const res = await fetch(fx.server.url, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://example.org',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
});

test('in production, internal errors are masked and carry a code', async () => {
  const other = await fx.db.open();
  const prod = await startTestServer(other, { production: true });
  const dev = await startTestServer(other, { production: false });
  const quiet = console.error;
  console.error = () => undefined;
  try {
    await other.destroy();
    const p = await prod.gql(`{ reports { nodes { id } } }`);
    assert.equal(p.errors?.[0]?.extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.match(p.errors![0]!.message, /^Internal server error/);
    assert.equal(p.errors![0]!.extensions?.stacktrace, undefined);
    const d = await dev.gql(`{ reports { nodes { id } } }`);
    assert.equal(d.errors?.[0]?.extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.doesNotMatch(d.errors![0]!.message, /^Internal server error/, 'development shows the cause');
  } finally {
    console.error = quiet;
    await prod.close();
    await dev.close();
  }
});

test('a body that is not JSON, or too large, gets a GraphQL error saying what to send', async () => {
  const bad = await fetch(fx.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query": "{ __typename }"',
  });
  assert.equal(bad.status, 400);
  const b = (await bad.json()) as { errors: { message: string; extensions: { code: string } }[] };
  assert.equal(b.errors[0]!.extensions.code, 'BAD_USER_INPUT');
  assert.match(b.errors[0]!.message, /not valid JSON/);

  const big = await fetch(fx.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(11 * 2 ** 20) } }),
  });
  // The server stops keeping the body but drains it, so the client reads the answer.
  assert.equal(big.status, 413);
  assert.equal(big.headers.get('connection'), 'close');
  const j = (await big.json()) as { errors: { message: string; extensions: { code: string } }[] };
  assert.equal(j.errors[0]!.extensions.code, 'INPUT_TOO_LARGE');
  assert.match(j.errors[0]!.message, /over the limit of 65536 bytes \(GONGKAI_MAX_BODY_BYTES\)/);
  // and the server still answers afterwards
  assert.deepEqual((await fx.server.gql('{ __typename }')).data, { __typename: 'Query' });
});

test('/graphql/ and /graphql?… reach GraphQL; other paths do not', async () => {
  const slash = await fetch(`${fx.server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.deepEqual(await slash.json(), { data: { __typename: 'Query' } });
  const other = await fetch(`${fx.server.url}x`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.equal(other.status, 404);
});
