/**
 * Ingest by a pool of workers (issue 18, part 3), as an operator runs it: `gongkai ingest --queue`
 * offers a synthetic corpus (src/synth, what `gongkai synth` writes), three `gongkai worker`
 * processes load it, one is killed with SIGKILL while it holds a job; every report is then stored exactly once, with the facts a
 * single-process ingest of the same files stores. A bad file fails by name after its retries,
 * nothing of it stored, visible in `gongkai jobs`, and `gongkai jobs --retry` runs it again.
 * Every wait is a bounded number of polls of the database, never a timed assertion.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { ROOT, runGongkai } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { loadQueueConfig } from '../../src/config/queue';
import { enqueueFiles, openQueue } from '../../src/queue/ingest-queue';
import { synthesize } from '../../src/synth/corpus';

/** Short enough that a killed worker's job comes back within the test, long enough for any job here. */
const QUEUE_ENV = {
  GONGKAI_QUEUE_EXPIRE_SECONDS: '3',
  GONGKAI_QUEUE_MAINTENANCE_SECONDS: '1',
  GONGKAI_QUEUE_POLL_MS: '100',
  GONGKAI_QUEUE_RETRY_LIMIT: '1',
  GONGKAI_QUEUE_RETRY_DELAY_SECONDS: '1',
};

// The commands run here (enqueuers included: a job carries its retry settings) read these too.
Object.assign(process.env, QUEUE_ENV);

let db: TestDb;
let single: TestDb;
let work: string;
let queueSchema: string;
const workers: { child: ChildProcess; err: string[] }[] = [];

before(async () => {
  db = await createTestDb({ migrate: false });
  single = await createTestDb();
  queueSchema = `${db.schema}_pgboss`;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-queue-'));
  // In this process: every `gongkai` child costs its own start-up, and the suite runs on 2 cores.
  synthesize({ agencies: 30, firstYear: 2022, lastYear: 2023, seed: 'queue', out: work, faultRate: 0.05 });
});

after(async () => {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
  await db.ds.query(`DROP SCHEMA IF EXISTS "${queueSchema}" CASCADE`);
  await db.cleanup();
  await single.cleanup();
});

const gongkai = (...args: string[]) => runGongkai(db, args, work);

/** `gongkai <args>` as a child over the test schema, running alongside; its output is kept. */
function startGongkai(args: readonly string[]): {
  child: ChildProcess;
  err: string[];
  exited: Promise<{ code: number | null; out: string; err: string }>;
} {
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: work,
      env: {
        ...process.env,
        GONGKAI_DATABASE_URL: db.url,
        GONGKAI_DATABASE_SCHEMA: db.schema,
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const err: string[] = [];
  let out = '';
  let rest = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (rest + d.toString('utf8')).split('\n');
    rest = lines.pop()!;
    err.push(...lines);
  });
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err: err.join('\n') })),
  );
  return { child, err, exited };
}

function startWorker(): { child: ChildProcess; err: string[] } {
  const w = startGongkai(['worker', '--concurrency', '1']);
  workers.push(w);
  return w;
}

/** Poll until `check` holds, at most `tries` times; returns whether it did. */
async function until(check: () => Promise<boolean> | boolean, tries = 600, pauseMs = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await sleep(pauseMs);
  }
  return false;
}

const one = async <T>(d: TestDb, sql: string, params: unknown[] = []): Promise<T> =>
  ((await d.ds.query(sql, params)) as T[])[0]!;

const jobsIn = async (state: string): Promise<number> =>
  Number(
    (
      await one<{ n: string }>(db, `SELECT count(*) AS n FROM "${queueSchema}".job WHERE state::text = $1`, [
        state,
      ])
    ).n,
  );

/** Counts and a checksum of every figure of report_facts, by agency name and year (ids differ between runs). */
async function facts(d: TestDb): Promise<{ reports: number; distinct: number; sum: string }> {
  return one(
    d,
    `SELECT (SELECT count(*)::int FROM "${d.schema}".reports) AS reports,
            (SELECT count(DISTINCT (agency_id, year))::int FROM "${d.schema}".reports) AS distinct,
            md5(coalesce(string_agg((to_jsonb(f) - 'report_id' - 'agency_id' || jsonb_build_object('agency', a.name))::text,
                                    '|' ORDER BY a.name, f.year), '')) AS sum
       FROM "${d.schema}".report_facts f JOIN "${d.schema}".agencies a ON a.id = f.agency_id`,
  );
}

test('three workers load a queued corpus; one killed mid-job loses nothing; equal to a single-process ingest', async () => {
  const manifest = readManifest(path.join(work, 'manifest.jsonl'));
  const baseline = await ingestFiles(single.ds, [...manifest.keys()], { manifest });
  assert.equal(baseline.counts.failed, 0);
  const expected = await facts(single);
  assert.equal(expected.reports, 60);

  // The operator's run: offer the corpus and wait, with one bar for all workers.
  const offered = startGongkai(['ingest', '--queue', '--wait', '--manifest', 'manifest.jsonl']);
  // (pg-boss makes its schema when the command first opens the queue.)
  const queued = () => jobsIn('created').catch(() => 0);
  assert.ok(await until(async () => (await queued()) === 60), 'the 60 jobs are queued');
  // Offered again while they wait: the job key (the content's hash) queues nothing twice.
  const queue = await openQueue(db.ds, loadQueueConfig(process.env, db.schema), { supervise: false });
  try {
    const again = await enqueueFiles(queue, [...manifest.keys()], manifest);
    assert.deepEqual([again.queued, again.alreadyQueued], [0, 60]);
  } finally {
    await queue.stop();
  }

  const [victim] = [startWorker(), startWorker(), startWorker()];
  const loaded = () =>
    workers.flatMap((w) => w.err).filter((l) => /^(loaded|unchanged|replaced) /.test(l)).length;
  assert.ok(await until(() => loaded() >= 6), `the workers load reports:\n${victim!.err.join('\n')}`);
  // Frozen while it holds a job (its last line starts a job that is still active), then killed.
  let held: string | undefined;
  const caught = await until(
    async () => {
      victim!.child.kill('SIGSTOP');
      const last = victim!.err.at(-1)?.match(/^job (\S+) /)?.[1];
      const state = last
        ? (
            await one<{ state?: string } | undefined>(
              db,
              `SELECT state::text AS state FROM "${queueSchema}".job WHERE id = $1`,
              [last],
            )
          )?.state
        : undefined;
      if (state === 'active') {
        held = last;
        return true;
      }
      victim!.child.kill('SIGCONT');
      return false;
    },
    500,
    10,
  );
  assert.ok(caught && held, 'the victim was caught holding a job');
  victim!.child.kill('SIGKILL');
  assert.ok(await until(() => victim!.child.signalCode !== null));
  assert.equal(victim!.child.signalCode, 'SIGKILL');

  assert.ok(
    await until(async () => (await jobsIn('completed')) >= 60, 1200),
    `every job completes: ${JSON.stringify(await db.ds.query(`SELECT state, count(*) FROM "${queueSchema}".job GROUP BY state`))}`,
  );
  // The killed worker's job was handed out again (after its expiry) and completed.
  const rerun = await one<{ state: string; retry_count: number }>(
    db,
    `SELECT state::text AS state, retry_count FROM "${queueSchema}".job WHERE id = $1`,
    [held],
  );
  assert.equal(rerun.state, 'completed');
  assert.ok(rerun.retry_count >= 1, 'it ran a second time');
  assert.deepEqual(
    await facts(db),
    expected,
    'each report stored once, the same facts as one process stores',
  );

  const waited = await offered.exited;
  assert.equal(waited.code, 0, waited.out + waited.err);
  assert.match(waited.out, /60 file\(s\): 60 queued, 0 already queued/);
  assert.match(waited.out, /60 job\(s\): 60 completed, 0 failed/);
  assert.match(waited.err, /\[60\/60\] /);
  assert.deepEqual(await facts(db), expected);
});

test('a bad file fails by name after its retries, stores nothing, shows in gongkai jobs, and runs again with --retry', async () => {
  const bad = path.join(work, 'broken.txt');
  fs.writeFileSync(bad, Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 7]));
  const before = await facts(db);
  const agencies = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM agencies`);

  const run = gongkai('ingest', '--queue', '--wait', 'broken.txt');
  assert.equal(run.code, 1, run.out + run.err);
  // Retried once (GONGKAI_QUEUE_RETRY_LIMIT=1), then failed, named with the parser's reason.
  assert.match(run.out, /1 job\(s\): 0 completed, 1 failed/);
  assert.match(run.out, /failed .*broken\.txt: broken\.txt:\d+:\d+: .* \(after 2 attempt\(s\)\)/);
  assert.deepEqual(await facts(db), before, 'nothing of it is stored');
  assert.equal((await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM agencies`)).n, agencies.n);

  const listed = gongkai('jobs');
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, /failed 1/);
  assert.match(listed.out, /failed .*broken\.txt: broken\.txt:\d+:\d+: .*\(attempt 2 of 2\)/);

  const retried = gongkai('jobs', '--retry');
  assert.match(retried.out, /^1 failed job\(s\) queued to run again/m);
  const attempts = async () =>
    await one<{ state: string; retry_count: number }>(
      db,
      `SELECT state::text AS state, retry_count FROM "${queueSchema}".job WHERE data->>'file' = $1`,
      [bad],
    );
  assert.ok(
    await until(async () => (await attempts()).state === 'failed' && (await attempts()).retry_count === 2),
  );
  assert.deepEqual(await facts(db), before);
});

test('workers stop on SIGTERM after their running jobs, with a summary', async () => {
  const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  assert.equal(running.length, 2, 'the two that were not killed');
  for (const w of running) w.child.kill('SIGTERM');
  assert.ok(await until(() => running.every((w) => w.child.exitCode !== null)));
  for (const w of running) {
    assert.equal(w.child.exitCode, 0, w.err.join('\n'));
    assert.match(w.err.join('\n'), /worker \d+: \d+ job\(s\) done, \d+ failed/);
  }
});
