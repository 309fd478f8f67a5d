/**
 * The whole scale-out path on one machine (issue #18, part 5): a Postgres primary and a streaming
 * replica of it (test/support/replica-cluster.ts), two `gongkai serve` processes reading from the
 * replica, three `gongkai worker` processes; `gongkai synth` writes 1,000 reports and
 * `gongkai ingest --queue --wait` offers them. While they load, the servers' reads are seen on the
 * replica (pg_stat_activity on each side, and /healthz), the replica is stopped (no answer fails,
 * reads go to the primary) and started again, and one worker is killed with SIGKILL while it
 * holds a job. Then: every report is stored exactly once with the facts a single-process ingest
 * of the same files stores (counts and a checksum over report_facts, on the primary and on the
 * replica); with replay paused, five more reports loaded by the workers leave every server's
 * answers old but whole and uncached, and once replay resumes every server answers the new
 * figures; one server killed, the other answers the same.
 *
 * Size: 1,000 reports (500 agencies × 2 years), as the issue asks. Measured on this project's
 * shared 2-core machine only under load (12-30, other sessions): 131-743 s wall, 36-178 s of CPU
 * in the test's own processes (Postgres not counted; contention inflates it); the estimate for a
 * quiet machine is under a minute (the phases it prints say where the time goes). Every wait is
 * a bounded number of retries, never a timed assertion. Skipped, with a notice, only where no
 * Postgres server binaries (initdb, pg_ctl, postgres) can be found.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type DataSource } from 'typeorm';
import { openDataSource } from '../../src/db/data-source';
import { migrateUp } from '../../src/db/migrate';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { runGongkai } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';
import { type StoredFacts, storedFacts } from '../support/facts';
import {
  alive,
  type GongkaiProcess,
  killWhileHoldingJob,
  serveGongkai,
  startGongkai,
} from '../support/gongkai-process';
import { type Answer, ask, health } from '../support/read-answers';
import {
  listReadsOn,
  postgresBinaries,
  type ReplicaCluster,
  replicaCaughtUp,
  sql,
  startReplicaCluster,
} from '../support/replica-cluster';
import { poll, until } from '../support/retry';

const BIN = postgresBinaries();
const SKIP = BIN
  ? false
  : 'no Postgres server binaries (initdb, pg_ctl, postgres) found: cluster test not run';
if (SKIP) console.log(`# SKIPPED cluster: ${SKIP}`);

const SCHEMA = 'cluster';
const QUEUE_SCHEMA = `${SCHEMA}_pgboss`;
const TOKEN = 'cluster-token-1234';
const AGENCIES = 500;
const REPORTS = AGENCIES * 2;
const MORE = 5;

/** A killed worker's job comes back within seconds; every job here takes far less than 10 s. */
const QUEUE_ENV = {
  GONGKAI_QUEUE_EXPIRE_SECONDS: '10',
  GONGKAI_QUEUE_MAINTENANCE_SECONDS: '1',
  GONGKAI_QUEUE_POLL_MS: '100',
  GONGKAI_QUEUE_RETRY_LIMIT: '2',
  GONGKAI_QUEUE_RETRY_DELAY_SECONDS: '1',
};

let cluster: ReplicaCluster;
let primary: DataSource;
let single: TestDb;
let work: string;
let expected: StoredFacts;
const servers: (GongkaiProcess & { url: string })[] = [];
const workers: GongkaiProcess[] = [];
const others: GongkaiProcess[] = [];

const target = () => ({ url: cluster.primary.url, schema: SCHEMA });

/** Seconds since the file began at each phase, and the machine's load: printed for the reader, never asserted. */
const began = performance.now();
const phases: string[] = [];
const phase = (name: string) =>
  phases.push(
    `${name}: ${((performance.now() - began) / 1000).toFixed(1)} s, load ${os.loadavg()[0]!.toFixed(1)}`,
  );

/** The figures a dashboard reads: the count and the per-year split, from one request. */
const FIGURES = `{ reports(first: 5) { totalCount nodes { id } } qualitySummary { year reports } }`;

interface Figures {
  totalCount: number;
  ids: string[];
  byYear: Record<string, number>;
  cache: string | null;
  errors?: unknown;
}

async function figures(s: { url: string }, headers: Record<string, string> = {}): Promise<Figures> {
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: FIGURES }),
  });
  const body = (await res.json()) as {
    data?: {
      reports: { totalCount: number; nodes: { id: string }[] };
      qualitySummary: { year: number; reports: number }[];
    };
    errors?: unknown;
  };
  const byYear: Record<string, number> = {};
  for (const q of body.data?.qualitySummary ?? []) byYear[q.year] = (byYear[q.year] ?? 0) + q.reports;
  return {
    totalCount: body.data?.reports.totalCount ?? -1,
    ids: body.data?.reports.nodes.map((n) => n.id) ?? [],
    byYear,
    cache: res.headers.get('gongkai-cache'),
    errors: body.errors,
  };
}

/** Whole: no error, and the years add up to the count (one database's snapshot, not two). */
const whole = (f: Figures, count: number) =>
  !f.errors && f.totalCount === count && Object.values(f.byYear).reduce((a, b) => a + b, 0) === count;

/** A list answer with no error whose page is as long as the count allows. */
const wholePage = (a: Answer, n: number) => !a.errors && a.ids.length === Math.min(n, a.totalCount);

const jobsIn = async (state: string): Promise<number> =>
  Number(
    (
      (await primary.query(`SELECT count(*) AS n FROM "${QUEUE_SCHEMA}".job WHERE state::text = $1`, [
        state,
      ])) as { n: string }[]
    )[0]!.n,
  );

const serverEnv = () => ({
  GONGKAI_DATABASE_READ_URLS: cluster.replica.url,
  // Lag never takes the replica out here (the paused phase lasts seconds): only its being down does.
  GONGKAI_MAX_REPLICA_LAG_MS: '600000',
  GONGKAI_REPLICA_CHECK_MS: '100',
  GONGKAI_API_TOKEN: TOKEN,
});

before(async () => {
  if (SKIP) return;
  cluster = await startReplicaCluster(BIN!);
  phase('primary and replica up');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cluster-'));
  primary = await openDataSource({ url: cluster.primary.url, schema: SCHEMA, poolSize: 2 });
  await migrateUp(primary);
  for (const [dir, args] of [
    ['corpus', ['--agencies', String(AGENCIES), '--years', '2022-2023', '--seed', 'cluster']],
    ['more', ['--agencies', String(MORE), '--years', '2024', '--seed', 'cluster-more']],
  ] as const) {
    const made = runGongkai(target(), ['synth', ...args, '--out', path.join(work, dir)], work);
    assert.equal(made.code, 0, made.err);
  }
  phase('corpus written');
  // The servers and workers start (each a Node process) while this process loads the same files
  // the single-process way, into the suite's database: the figures to compare with.
  single = await createTestDb();
  const manifest = readManifest(path.join(work, 'corpus', 'manifest.jsonl'));
  const [baseline] = await Promise.all([
    ingestFiles(single.ds, [...manifest.keys()], { manifest }),
    ...[0, 1].map(async () =>
      servers.push(await serveGongkai(target(), ['--no-samples'], serverEnv(), (p) => others.push(p))),
    ),
  ]);
  assert.equal(baseline.counts.failed, 0);
  expected = await storedFacts((q) => single.ds.query(q), single.schema);
  assert.equal(expected.reports, REPORTS);
  assert.equal(expected.distinct, REPORTS);
  phase('servers up, single-process ingest done');
});

after(async () => {
  if (SKIP) return;
  phase('end');
  console.log(`# cluster phases: ${phases.join('; ')}`);
  // (A server is among `others` from its start, and in `servers` once it answers.)
  for (const p of [...workers, ...others]) if (alive(p)) p.child.kill('SIGKILL');
  await Promise.all([...workers, ...others].map((p) => p.exited));
  await primary?.destroy();
  cluster?.close();
  await single?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

test(
  'three workers load 1,000 queued reports, one killed and the replica stopped mid-run: reads on the replica, each report stored once, as one process stores them',
  { skip: SKIP },
  async () => {
    for (let i = 0; i < 3; i++) {
      workers.push(startGongkai(target(), ['worker', '--concurrency', '1'], { cwd: work, env: QUEUE_ENV }));
    }
    const offered = startGongkai(
      target(),
      ['ingest', '--queue', '--wait', '--manifest', path.join('corpus', 'manifest.jsonl')],
      { cwd: work, env: QUEUE_ENV },
    );
    others.push(offered);
    const completed = () => jobsIn('completed').catch(() => 0);
    assert.ok(
      await poll(async () => (await completed()) >= 20, 3000),
      `the workers load reports:\n${offered.err.join('\n')}\n${workers[0]!.err.join('\n')}`,
    );

    // Reads go to the replica: each server says so, and the replica (not the primary) ran them.
    for (const s of servers) {
      assert.deepEqual((await health(s)).reads, [`replica ${cluster.replica.url}`]);
      for (let n = 10; n < 15; n++) assert.ok(wholePage(await ask(s, n), n));
    }
    phase('20 loaded, reads checked');
    assert.ok((await listReadsOn(cluster.replica.url)) > 0, 'the lists were read on the replica');
    assert.equal(await listReadsOn(cluster.primary.url), 0, 'and not on the primary');

    // The replica stopped mid-load: no answer fails, and the reads move to the primary.
    cluster.replica.stop('immediate');
    assert.ok((await completed()) < REPORTS, 'stopped while reports were still loading');
    for (let n = 20; n < 30; n++) {
      for (const s of servers) {
        const a = await ask(s, n);
        assert.ok(wholePage(a, n), JSON.stringify(a));
      }
    }
    for (const s of servers) {
      await until(
        'the stopped replica is out of rotation',
        () => health(s),
        (h) => h.reads[0]?.startsWith('primary') ?? false,
      );
      assert.ok(wholePage(await ask(s, 31), 31));
    }
    assert.ok((await listReadsOn(cluster.primary.url)) > 0, 'the primary answered the reads meanwhile');

    phase('replica stopped, reads on the primary');
    // A worker killed while it holds a job: nothing lost, its job runs again.
    const held = await killWhileHoldingJob(workers[0]!, async (id) => {
      const rows = (await primary.query(
        `SELECT state::text AS state FROM "${QUEUE_SCHEMA}".job WHERE id = $1`,
        [id],
      )) as { state: string }[];
      return rows[0]?.state;
    });
    assert.ok(held, 'the victim was caught holding a job');
    assert.equal(workers[0]!.child.signalCode, 'SIGKILL');
    assert.ok((await completed()) < REPORTS, 'killed while reports were still loading');

    phase('worker killed');
    // The replica back: it catches up and comes back into rotation by itself.
    cluster.replica.start();
    for (const s of servers) {
      await until(
        'the replica is back in rotation',
        () => health(s),
        (h) => h.reads[0] === `replica ${cluster.replica.url}`,
        { tries: 1200 },
      );
    }

    assert.ok(
      // At load 20-30 on this machine the load took 173-339 s; the bound is far above.
      await poll(async () => (await completed()) >= REPORTS, 9000),
      `every job completes: ${JSON.stringify(await primary.query(`SELECT state, count(*) FROM "${QUEUE_SCHEMA}".job GROUP BY state`))}`,
    );
    phase('all jobs completed');
    const waited = await offered.exited;
    assert.equal(waited.code, 0, waited.out + waited.err);
    assert.match(waited.out, new RegExp(`${REPORTS} job\\(s\\): ${REPORTS} completed, 0 failed`));
    const rerun = (await primary.query(
      `SELECT state::text AS state, retry_count FROM "${QUEUE_SCHEMA}".job WHERE id = $1`,
      [held],
    )) as { state: string; retry_count: number }[];
    assert.equal(rerun[0]?.state, 'completed');
    assert.ok(rerun[0]!.retry_count >= 1, "the killed worker's job ran a second time");

    // Each report once, the same facts as one process stores: on the primary, and replayed.
    assert.deepEqual(await storedFacts((q) => primary.query(q), SCHEMA), expected);
    assert.ok(await poll(() => replicaCaughtUp(cluster), 1200, 50), 'the replica replays the load');
    assert.deepEqual(await storedFacts((q) => sql(cluster.replica.url, q), SCHEMA), expected);
    phase('facts compared on both nodes');
    const answers = await Promise.all(servers.map((s) => ask(s, 50)));
    for (const a of answers) assert.equal(a.totalCount, REPORTS, JSON.stringify(a));
    assert.deepEqual(answers[1]!.ids, answers[0]!.ids, 'both servers answer the same');
  },
);

test(
  'replay paused: the workers load 5 more, every server answers old but whole figures and keeps none; resumed: every server answers the new ones',
  { skip: SKIP },
  async () => {
    const total = REPORTS + MORE;
    // Kept in each server's cache before the change.
    for (const s of servers) {
      const f = await until(
        'the figures kept',
        () => figures(s),
        (x) => x.cache === 'hit',
        { tries: 1200 },
      );
      assert.ok(whole(f, REPORTS), JSON.stringify(f));
    }
    const old = await figures(servers[0]!);
    await sql(cluster.replica.url, 'SELECT pg_wal_replay_pause()');
    const more = startGongkai(
      target(),
      ['ingest', '--queue', '--wait', '--manifest', path.join('more', 'manifest.jsonl')],
      { cwd: work, env: QUEUE_ENV },
    );
    others.push(more);
    const done = await more.exited;
    assert.equal(done.code, 0, done.out + done.err);
    assert.match(done.out, new RegExp(`${MORE} job\\(s\\): ${MORE} completed, 0 failed`));

    // The token's holder reads the primary: the new figures at once.
    const mine = await figures(servers[1]!, { authorization: `Bearer ${TOKEN}` });
    assert.ok(whole(mine, total), JSON.stringify(mine));
    for (const s of servers) {
      // Once a server has heard the change it keeps nothing from the paused replica...
      await until(
        'the server hears the change',
        () => figures(s),
        (f) => f.cache === 'miss',
      );
      // ...and answers its snapshot: old, whole, never kept.
      for (let i = 0; i < 3; i++) {
        const f = await figures(s);
        assert.ok(whole(f, REPORTS), JSON.stringify(f));
        assert.deepEqual(f.byYear, old.byYear);
        assert.equal(f.cache, 'miss');
      }
      assert.deepEqual((await health(s)).reads, [`replica ${cluster.replica.url}`]);
    }

    phase('paused: old answers checked');
    await sql(cluster.replica.url, 'SELECT pg_wal_replay_resume()');
    assert.ok(await poll(() => replicaCaughtUp(cluster), 1200, 50), 'the replica replays the 5');
    for (const s of servers) {
      // Every answer from now on is new; it is kept again once the replica is seen past the change.
      const seen = await until(
        'the new figures, kept',
        async () => {
          const f = await figures(s);
          assert.ok(whole(f, total), `an old answer after resume: ${JSON.stringify(f)}`);
          return f;
        },
        (f) => f.cache === 'hit',
        { tries: 1200 },
      );
      assert.equal(seen.byYear['2024'], MORE);
    }
  },
);

test('one server killed: the other answers the same', { skip: SKIP }, async () => {
  const [a, b] = servers as [GongkaiProcess & { url: string }, GongkaiProcess & { url: string }];
  const before = await Promise.all([ask(a, 50), ask(b, 50), figures(a), figures(b)]);
  assert.deepEqual(before[0].ids, before[1].ids);
  a.child.kill('SIGKILL');
  await a.exited;
  const list = await ask(b, 50);
  assert.deepEqual([list.totalCount, list.ids], [before[0].totalCount, before[0].ids]);
  const f = await figures(b);
  assert.ok(whole(f, REPORTS + MORE), JSON.stringify(f));
  assert.deepEqual(f.byYear, before[2].byYear);
});
