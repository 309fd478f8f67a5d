/**
 * The connections a server reads through (src/db/serving.ts), on the real pools: reads are
 * read-only sessions (a write through them fails, the mutation still writes); a query over the
 * statement or lock timeout answers QUERY_TIMEOUT and gives its connection back; a full pool's
 * wait queue is bounded and its wait timed (SERVER_BUSY); analytics have their own pool, so a
 * list read runs while every analytics connection is taken. Queries are held with advisory locks
 * and table locks that the test releases, never by waiting on a clock.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { loadConfig, type ServingLimits } from '../../../src/config';
import { readQuery } from '../../../src/db/prepared';
import { openServing, poolOf, readRoleWarnings, type ServingDatabase } from '../../../src/db/serving';
import { ErrorCode } from '../../../src/errors';
import { createTestDb, type TestDb } from '../../support/db';
import { startTestServer } from '../../support/server';

let db: TestDb;
let admin: pg.Client;

const LIMITS: ServingLimits = {
  ...loadConfig({}).serving,
  statementTimeoutMs: 60_000,
  analyticsStatementTimeoutMs: 60_000,
  lockTimeoutMs: 0,
  poolSize: 1,
  analyticsPoolSize: 1,
  maxWaiting: 1,
  acquireTimeoutMs: 600_000,
};

before(async () => {
  db = await createTestDb();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});

after(async () => {
  await admin.end();
  await db.cleanup();
});

async function serving(limits: Partial<ServingLimits> = {}): Promise<ServingDatabase> {
  return openServing(db.ds, [], { ...LIMITS, ...limits }, db.schema);
}

/** Wait, by polling the pool's own counts, until `done()` holds (bounded by turns, not time). */
async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let turn = 0; turn < 2_000; turn++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`never: ${what}`);
}

/** Sessions waiting on an advisory lock (a query the test holds). */
async function waitingOnLock(): Promise<number> {
  const { rows } = await admin.query(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
  );
  return (rows[0] as { n: number }).n;
}

const codeOf = (e: unknown) => (e as { code?: string }).code;

/** The pool gave every connection back: all it has are idle, nobody waits. */
function recovered(ds: ServingDatabase['writer']): void {
  const pool = poolOf(ds);
  assert.equal(pool.idleCount, pool.totalCount, 'every connection is back in the pool');
  assert.equal(pool.waitingCount, 0);
}

test('a write through the read pools fails: their sessions are read-only', async () => {
  const s = await serving();
  try {
    const { reads, analytics } = s.pick();
    for (const ds of [reads, analytics]) {
      await assert.rejects(
        ds.query(`INSERT INTO agencies (name) VALUES ('x')`),
        (e) => codeOf(e) === '25006', // read_only_sql_transaction
      );
      await assert.rejects(readQuery(ds, `UPDATE reports SET year = year`, []), (e) => codeOf(e) === '25006');
    }
    const [{ n }] = (await db.ds.query('SELECT count(*)::int AS n FROM agencies')) as [{ n: number }];
    assert.equal(n, 0);
  } finally {
    await s.close();
  }
});

test('reads as a superuser are warned about; a SELECT-only role is not', async () => {
  const s = await serving();
  try {
    const warnings = await readRoleWarnings(s);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /a superuser.*DATABASE_READ_URLS/);
  } finally {
    await s.close();
  }
  const role = `${db.schema}_reader`;
  const url = new URL(db.url);
  // The role logs in as the test's own user does: with no password under trust auth (a system
  // Postgres), with that user's password where the server asks for one (the embedded Postgres).
  const password = decodeURIComponent(url.password);
  const made = await admin.query<{ sql: string }>(
    password === ''
      ? `SELECT format('CREATE ROLE %I LOGIN', $1::text) AS sql`
      : `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql`,
    password === '' ? [role] : [role, password],
  );
  await admin.query(made.rows[0]!.sql);
  try {
    await admin.query(`GRANT USAGE ON SCHEMA ${db.schema} TO ${role}`);
    await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${db.schema} TO ${role}`);
    url.username = role;
    const reader = await openServing(db.ds, [url.toString()], LIMITS, db.schema);
    try {
      assert.deepEqual(await readRoleWarnings(reader), []);
      const [{ who }] = (await reader.pick().reads.query('SELECT current_user AS who')) as [{ who: string }];
      assert.equal(who, role);
      // Even with the session's read-only setting turned off, the role may not write.
      const runner = reader.pick().reads.createQueryRunner();
      try {
        await runner.query('BEGIN READ WRITE');
        await assert.rejects(
          runner.query(`INSERT INTO agencies (name) VALUES ('x')`),
          (e) => codeOf(e) === '42501', // insufficient_privilege
        );
        await runner.query('ROLLBACK');
      } finally {
        await runner.release();
      }
    } finally {
      await reader.close();
    }
  } finally {
    await admin.query(`DROP OWNED BY ${role}`);
    await admin.query(`DROP ROLE ${role}`);
  }
});

test('a query over the statement timeout answers QUERY_TIMEOUT and frees its connection', async () => {
  const s = await serving({ statementTimeoutMs: 50, analyticsStatementTimeoutMs: 50 });
  try {
    const { reads, analytics } = s.pick();
    for (const ds of [reads, analytics]) {
      await assert.rejects(readQuery(ds, 'SELECT pg_sleep(60)', []), (e) => {
        assert.equal(codeOf(e), ErrorCode.QUERY_TIMEOUT);
        assert.match((e as Error).message, /ran over 50 ms.*GONGKAI_(ANALYTICS_)?STATEMENT_TIMEOUT_MS/);
        return true;
      });
      await assert.rejects(ds.query('SELECT pg_sleep(60)'), (e) => codeOf(e) === ErrorCode.QUERY_TIMEOUT);
      recovered(ds);
      // The connection serves again.
      assert.deepEqual(await ds.query('SELECT 1 AS one'), [{ one: 1 }]);
      recovered(ds);
    }
  } finally {
    await s.close();
  }
});

test('a full pool: one more waiter than allowed is refused at once, the others run when it frees', async () => {
  const s = await serving({ maxWaiting: 1 });
  const key = 1_700_001;
  await admin.query('SELECT pg_advisory_lock($1)', [key]);
  try {
    const { reads } = s.pick();
    const pool = poolOf(reads);
    const held = reads.query('SELECT pg_advisory_xact_lock_shared($1) AS held', [key]);
    await until('the only connection waits on the lock', async () => (await waitingOnLock()) === 1);
    const queued = reads.query('SELECT 2 AS two');
    await until('a request waits for the connection', () => pool.waitingCount === 1);
    await assert.rejects(reads.query('SELECT 3'), (e) => {
      assert.equal(codeOf(e), ErrorCode.SERVER_BUSY);
      assert.match(
        (e as Error).message,
        /all 1 database connections for reads are in use.*GONGKAI_POOL_MAX_WAITING/,
      );
      return true;
    });
    await assert.rejects(readQuery(reads, 'SELECT 4', []), (e) => codeOf(e) === ErrorCode.SERVER_BUSY);
    await admin.query('SELECT pg_advisory_unlock($1)', [key]);
    await held;
    assert.deepEqual(await queued, [{ two: 2 }]);
    recovered(reads);
  } finally {
    await admin.query('SELECT pg_advisory_unlock_all()');
    await s.close();
  }
});

test('a wait for a connection longer than the acquire timeout answers SERVER_BUSY', async () => {
  // The 20 ms bound also covers opening the pools' first connections, which a loaded machine can
  // take longer for: open them with bounded tries (the pools keep them idle for the test).
  let s: ServingDatabase | undefined;
  for (let tries = 0; s === undefined; tries++) {
    try {
      s = await serving({ acquireTimeoutMs: 20, maxWaiting: 10 });
    } catch (e) {
      if (tries >= 50 || !/connection timeout|trying to connect/.test((e as Error).message)) throw e;
    }
  }
  const key = 1_700_002;
  await admin.query('SELECT pg_advisory_lock($1)', [key]);
  try {
    const { reads } = s.pick();
    const held = reads.query('SELECT pg_advisory_xact_lock_shared($1)', [key]);
    await until('the only connection waits on the lock', async () => (await waitingOnLock()) === 1);
    await assert.rejects(reads.query('SELECT 2'), (e) => {
      assert.equal(codeOf(e), ErrorCode.SERVER_BUSY);
      assert.match((e as Error).message, /none came free within 20 ms/);
      return true;
    });
    await admin.query('SELECT pg_advisory_unlock($1)', [key]);
    await held;
    recovered(reads);
  } finally {
    await admin.query('SELECT pg_advisory_unlock_all()');
    await s.close();
  }
});

test('list reads run while every analytics connection is taken', async () => {
  const s = await serving({ maxWaiting: 0 });
  const key = 1_700_003;
  await admin.query('SELECT pg_advisory_lock($1)', [key]);
  try {
    const { reads, analytics } = s.pick();
    let heavyDone = false;
    const heavy = analytics.query('SELECT pg_advisory_xact_lock_shared($1)', [key]).then(() => {
      heavyDone = true;
    });
    await until('the analytics connection is taken', async () => (await waitingOnLock()) === 1);
    // The analytics pool is full and takes no waiter…
    await assert.rejects(analytics.query('SELECT 1'), (e) => codeOf(e) === ErrorCode.SERVER_BUSY);
    // …while list reads have connections of their own.
    for (let i = 0; i < 5; i++) assert.deepEqual(await reads.query('SELECT 1 AS one'), [{ one: 1 }]);
    assert.equal(heavyDone, false, 'the analytics query still waits');
    await admin.query('SELECT pg_advisory_unlock($1)', [key]);
    await heavy;
    recovered(analytics);
  } finally {
    await admin.query('SELECT pg_advisory_unlock_all()');
    await s.close();
  }
});

test('through GraphQL: a lock or statement timeout answers QUERY_TIMEOUT; the mutation still writes', async () => {
  const token = 'serving-pools-token';
  for (const limits of [
    { lockTimeoutMs: 30, statementTimeoutMs: 60_000 },
    { lockTimeoutMs: 0, statementTimeoutMs: 30 },
  ]) {
    const s = await serving({ ...limits, poolSize: 2, maxWaiting: 10 });
    const server = await startTestServer(s, { apiToken: token, responseCacheMb: 0 });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      // What a migration does: an exclusive lock on a table that reads need.
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${db.schema}".reports IN ACCESS EXCLUSIVE MODE`);
      const res = await server.gql('{ reports { totalCount } }');
      assert.equal(res.errors?.[0]?.extensions?.code, ErrorCode.QUERY_TIMEOUT, JSON.stringify(res));
      assert.match(
        res.errors![0]!.message,
        limits.lockTimeoutMs ? /waited over 30 ms for a lock/ : /ran over 30 ms/,
      );
      await locker.query('ROLLBACK');
      const again = await server.gql<{ reports: { totalCount: number } }>('{ reports { totalCount } }');
      assert.equal(again.errors, undefined, JSON.stringify(again.errors));
      recovered(s.pick().reads);
    } finally {
      await locker.end();
      await server.close();
      await s.close();
    }
  }
  // The one write of the API goes through the writer, not the read-only sessions.
  const s = await serving({ poolSize: 2, maxWaiting: 10 });
  const server = await startTestServer(s, { apiToken: token, responseCacheMb: 0 });
  try {
    const text = (await import('node:fs')).readFileSync(
      (await import('node:path')).join(__dirname, '..', '..', 'fixtures', 'html', '002-changde-gbk.html'),
    );
    const res = await server.gql<{ ingestReport: { status: string } }>(
      'mutation ($file: String!) { ingestReport(file: $file) { status report { id year } } }',
      { file: text.toString('base64') },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data?.ingestReport.status, 'LOADED');
    const [{ n }] = (await db.ds.query('SELECT count(*)::int AS n FROM reports')) as [{ n: number }];
    assert.equal(n, 1);
  } finally {
    await server.close();
    await s.close();
  }
});
