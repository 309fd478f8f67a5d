/**
 * Time, fairness and faults on the GraphQL side (issue #17, items 2 and 3): a request over its
 * deadline answers REQUEST_TIMEOUT; one client's requests beyond its running cap and queue answer
 * 429 at once, without SQL; a database that cannot be reached answers 503 DATABASE_UNAVAILABLE with
 * Retry-After and nothing of the driver's text; every request leaves one JSON log line with its id,
 * operation name, status and duration. Work is held by a real Postgres lock, released by the test
 * (no clocks: the server's own timers decide, the test waits on counts).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { type DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { openServing } from '../../src/db/serving';
import { saveReport } from '../../src/db/writes/save';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway, remoteGateway } from '../../src/server/gateway';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { CountingLogger, startTestServer, type TestServer } from '../support/server';

let db: TestDb;
const servers: TestServer[] = [];

const production = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'production', ...env });

async function gatewayOver(ds: DataSource, env: Record<string, string> = {}): Promise<TestServer> {
  const schemas = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const server = await startTestServer(ds, production(env), { gateway: localGateway(schemas) });
  servers.push(server);
  return server;
}

async function post(server: TestServer, query: string) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: res.status, headers: res.headers, body };
}

/** Holds an exclusive lock on the reports table until released: reads of it wait. */
async function lockReports(): Promise<{ release(): Promise<void> }> {
  const runner = db.ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query(`LOCK TABLE reports IN ACCESS EXCLUSIVE MODE`);
  return {
    async release() {
      await runner.rollbackTransaction();
      await runner.release();
    },
  };
}

/** Waits (bounded, by count) until `n` sessions wait on a lock in this database. */
async function waitForLockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const [row] = (await db.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
    )) as { n: number }[];
    if (row!.n >= n) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`no ${n} sessions waiting on the lock`);
}

before(async () => {
  db = await createTestDb();
  for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
});
after(async () => {
  for (const s of servers) await s.close();
  await db.cleanup();
});

test('a request over its deadline answers 504 REQUEST_TIMEOUT, naming the deadline', async () => {
  const server = await gatewayOver(db.ds, { GONGKAI_REQUEST_DEADLINE_MS: '300' });
  const lock = await lockReports();
  try {
    const res = await post(server, '{ reports(first: 3) { nodes { id } } }');
    assert.equal(res.status, 504, JSON.stringify(res.body));
    const [error] = res.body.errors!;
    assert.equal(error!.extensions!.code, 'REQUEST_TIMEOUT');
    assert.match(error!.message, /deadline of 300 ms \(GONGKAI_REQUEST_DEADLINE_MS\)/);
  } finally {
    await lock.release();
  }
  // The work went on to its end; the server answers again.
  assert.equal((await post(server, '{ reports(first: 1) { nodes { id } } }')).status, 200);
});

test('one client over its running cap and queue gets 429 at once, without SQL; the others run when the work ends', async () => {
  const sql = new CountingLogger();
  const counted = await db.open(sql);
  const server = await gatewayOver(counted, {
    GONGKAI_CLIENT_CONCURRENCY: '1',
    GONGKAI_CLIENT_QUEUE: '1',
    GONGKAI_RESPONSE_CACHE_MB: '0',
  });
  const lock = await lockReports();
  let running: Promise<Awaited<ReturnType<typeof post>>>;
  let queued: Promise<Awaited<ReturnType<typeof post>>>;
  try {
    running = post(server, '{ a: reports(first: 2) { nodes { id } } }');
    await waitForLockWaiters(1);
    queued = post(server, '{ b: reports(first: 2) { nodes { id } } }');
    for (let i = 0; server.app.admission.load('127.0.0.1').waiting < 1; i++) {
      assert.ok(i < 2000, 'the second request is queued');
      await new Promise((r) => setImmediate(r));
    }
    sql.reset();
    const refused = await post(server, '{ c: reports(first: 2) { nodes { id } } }');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    const [error] = refused.body.errors!;
    assert.equal(error!.extensions!.code, 'TOO_MANY_REQUESTS');
    assert.match(error!.message, /GONGKAI_CLIENT_CONCURRENCY/);
    assert.deepEqual(sql.queries, [], 'the refused request sent no SQL');
  } finally {
    await lock.release();
  }
  assert.equal((await running).status, 200);
  assert.equal((await queued).status, 200);
  assert.deepEqual(server.app.admission.load('127.0.0.1'), { running: 0, waiting: 0 });
});

test('the serving pools’ refusals keep their codes and get their statuses: SERVER_BUSY 503 with Retry-After, QUERY_TIMEOUT 504', async () => {
  // One read connection, no queue behind it, no lock timeout: a read held by the lock fills it.
  const config = production({
    GONGKAI_POOL_SIZE: '1',
    GONGKAI_POOL_MAX_WAITING: '0',
    GONGKAI_LOCK_TIMEOUT_MS: '0',
    GONGKAI_RESPONSE_CACHE_MB: '0',
  });
  const serving = await openServing(db.ds, [db.url], config.serving, db.schema);
  const schemas = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const server = await startTestServer(serving, config, { gateway: localGateway(schemas) });
  servers.push(server);
  const lock = await lockReports();
  let held: ReturnType<typeof post> | undefined;
  try {
    held = post(server, '{ held: reports(first: 1) { nodes { id } } }');
    await waitForLockWaiters(1);
    const busy = await post(server, '{ busy: reports(first: 1) { nodes { id } } }');
    assert.equal(busy.status, 503, JSON.stringify(busy.body));
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.equal(busy.body.errors?.[0]?.extensions?.code, 'SERVER_BUSY');
  } finally {
    await lock.release();
  }
  assert.equal((await held).status, 200);
  await serving.close();

  const short = production({ GONGKAI_LOCK_TIMEOUT_MS: '100', GONGKAI_RESPONSE_CACHE_MB: '0' });
  const timed = await openServing(db.ds, [db.url], short.serving, db.schema);
  const other = await startTestServer(timed, short, { gateway: localGateway(schemas) });
  servers.push(other);
  const again = await lockReports();
  try {
    const res = await post(other, '{ late: reports(first: 1) { nodes { id } } }');
    assert.equal(res.status, 504, JSON.stringify(res.body));
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'QUERY_TIMEOUT');
  } finally {
    await again.release();
    await timed.close();
  }
});

/** A TCP proxy to Postgres that can be cut, as a database host going away would. */
async function cuttableProxy(
  target: URL,
): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const serve = () =>
    net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop);
      upstream.on('error', drop);
    });
  let proxy = serve();
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of sockets) s.destroy();
        sockets.clear();
      }),
    // the database comes back on the same address, as a restarted Postgres does
    restore: async () => {
      proxy = serve();
      await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    },
  };
}

test('a database that cannot be reached: 503 DATABASE_UNAVAILABLE with Retry-After, no driver text; /healthz down', async () => {
  const target = new URL(db.url);
  const proxy = await cuttableProxy(target);
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const ds = await openDataSource({ url: url.toString(), schema: db.schema, poolSize: 2 });
  try {
    const server = await gatewayOver(ds, { GONGKAI_RESPONSE_CACHE_MB: '0' });
    assert.equal((await post(server, '{ reports(first: 1) { nodes { id } } }')).status, 200);
    await proxy.cut();
    const res = await post(server, '{ reports(first: 1) { nodes { id year agency { name } } } }');
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.equal(res.headers.get('retry-after'), '5');
    const [error] = res.body.errors!;
    assert.equal(error!.extensions!.code, 'DATABASE_UNAVAILABLE');
    assert.equal(error!.extensions!.requestId, res.headers.get('x-request-id'));
    const text = JSON.stringify(res.body);
    for (const internal of ['ECONNREFUSED', 'terminated', '127.0.0.1', 'pg', 'stack', 'node_modules']) {
      assert.ok(!text.includes(internal), `"${internal}" in ${text}`);
    }
    // The cause is in the log, once, under the id the client got.
    const lines = server.logs.filter((l) => l.requestId === error!.extensions!.requestId && l.level === 50);
    assert.equal(lines.length, 1, JSON.stringify(server.logs.slice(-5)));
    const health = await fetch(server.url.replace(/\/graphql$/, '/healthz'));
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { status: string }).status, 'down');
    // back again: the same server answers without a restart, within a bounded number of tries
    await proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await post(server, '{ reports(first: 1) { nodes { id year } } }')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 200, 'the server answers again once the database is back');
  } finally {
    await ds.destroy().catch(() => {});
    await proxy.cut();
  }
});

test('through a gateway over remote subgraphs too: 503 DATABASE_UNAVAILABLE with Retry-After, no URL or driver text', async () => {
  const proxy = await cuttableProxy(new URL(db.url));
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const ds = await openDataSource({ url: url.toString(), schema: db.schema, poolSize: 2 });
  try {
    const config = production({ GONGKAI_RESPONSE_CACHE_MB: '0' });
    const reports = await startTestServer(ds, config, { schema: await buildSubgraph('reports') });
    servers.push(reports);
    const gateway = await startTestServer(undefined, config, {
      gateway: remoteGateway([{ name: 'reports', url: reports.url }]),
    });
    servers.push(gateway);
    assert.equal((await post(gateway, '{ reports(first: 1) { nodes { id } } }')).status, 200);
    await proxy.cut();
    const res = await post(gateway, '{ reports(first: 1) { nodes { id year } } }');
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.equal(res.headers.get('retry-after'), '5');
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'DATABASE_UNAVAILABLE');
    const text = JSON.stringify(res.body);
    for (const internal of ['ECONNREFUSED', reports.url, '127.0.0.1', 'Service Unavailable']) {
      assert.ok(!text.includes(internal), `"${internal}" in ${text}`);
    }
  } finally {
    await ds.destroy().catch(() => {});
  }
});

test('every request leaves one JSON log line: its id (also in x-request-id), operation, status, duration', async () => {
  const server = await gatewayOver(db.ds);
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query FirstReports { reports(first: 2) { nodes { id } } }' }),
  });
  assert.equal(res.status, 200);
  await res.json();
  const id = res.headers.get('x-request-id');
  assert.match(id ?? '', /^[0-9a-f-]{36}$/);
  let line: Record<string, unknown> | undefined;
  for (let i = 0; !line && i < 2000; i++) {
    line = server.logs.find((l) => l.requestId === id && l.msg === 'request');
    if (!line) await new Promise((r) => setImmediate(r));
  }
  assert.ok(line, 'the request was logged');
  assert.equal(line.operationName, 'FirstReports');
  assert.equal(line.status, 200);
  assert.equal(typeof line.durationMs, 'number');
  assert.equal(line.path, '/graphql');
  assert.equal(server.logs.filter((l) => l.requestId === id).length, 1, 'one line');
  // A client's own id is taken when it is a plain token (a gateway passing its id on).
  const given = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'gateway-1234-abcd' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.equal(given.headers.get('x-request-id'), 'gateway-1234-abcd');
  const forged = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'bad id\twith "quotes"' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  assert.match(forged.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});
