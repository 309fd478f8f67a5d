import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDb, type TestDb } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

let db: TestDb;
let server: TestServer;
before(async () => {
  db = await createTestDb();
  server = await startTestServer(db.ds);
});
after(async () => {
  await server.close();
  await db.cleanup();
});

const base = () => server.url.replace(/\/graphql$/, '');

test('GET /healthz checks the database', async () => {
  const res = await fetch(`${base()}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', database: 'ok' });
});

test('GraphQL answers carry no ETag (no body hashing) and no X-Powered-By', async () => {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('etag'), null);
  assert.equal(res.headers.get('x-powered-by'), null);
  assert.deepEqual(await res.json(), { data: { __typename: 'Query' } });
});

test('/healthz answers 503 when the database is gone', async () => {
  const other = await db.open();
  const s = await startTestServer(other);
  try {
    await other.destroy();
    const res = await fetch(`${s.url.replace(/\/graphql$/, '')}/healthz`);
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { status: string }).status, 'unavailable');
  } finally {
    await s.close();
  }
});

test('a browser GET of /graphql gets GraphiQL, loading only local assets', async () => {
  const res = await fetch(server.url, { headers: { accept: 'text/html' } });
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
  const ok = await fetch(`${server.url}?query=${encodeURIComponent('{ reports { totalCount } }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { data: { reports: { totalCount: 0 } } });

  const csrf = await fetch(`${server.url}?query=${encodeURIComponent('{ reports { totalCount } }')}`);
  assert.equal(csrf.status, 400, 'a GET without a preflight header is refused');
});

test('CORS answers preflight requests', async () => {
  const res = await fetch(server.url, {
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
  const other = await db.open();
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
