/**
 * Ingest by a pool of workers (issue 18, part 3), as an operator runs it: `gongkai ingest --queue`
 * offers a synthetic corpus (src/synth, what `gongkai synth` writes), three `gongkai worker`
 * processes load it, one is killed with SIGKILL while it holds a job; every report is then stored exactly once, with the facts a
 * single-process ingest of the same files stores. A bad file fails by name at once (not retried:
 * a parse error fails the same way every time), nothing of it stored, visible in `gongkai jobs`, and `gongkai jobs --retry` runs it again.
 * Every wait is a bounded number of polls of the database, never a timed assertion.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runGongkai } from '../support/cli';
import { storedFacts } from '../support/facts';
import { type GongkaiProcess, killWhileHoldingJob, startGongkai } from '../support/gongkai-process';
import { poll as until } from '../support/retry';
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
const workers: GongkaiProcess[] = [];

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

function startWorker(): GongkaiProcess {
  const w = startGongkai(db, ['worker', '--concurrency', '1'], { cwd: work });
  workers.push(w);
  return w;
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

const facts = (d: TestDb) => storedFacts((sql) => d.ds.query(sql), d.schema);

test('three workers load a queued corpus; one killed mid-job loses nothing; equal to a single-process ingest', async () => {
  const manifest = readManifest(path.join(work, 'manifest.jsonl'));
  const baseline = await ingestFiles(single.ds, [...manifest.keys()], { manifest });
  assert.equal(baseline.counts.failed, 0);
  const expected = await facts(single);
  assert.equal(expected.reports, 60);

  // The operator's run: offer the corpus and wait, with one bar for all workers.
  const offered = startGongkai(db, ['ingest', '--queue', '--wait', '--manifest', 'manifest.jsonl'], {
    cwd: work,
  });
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
  const held = await killWhileHoldingJob(victim!, async (id) => {
    const row = await one<{ state?: string } | undefined>(
      db,
      `SELECT state::text AS state FROM "${queueSchema}".job WHERE id = $1`,
      [id],
    );
    return row?.state;
  });
  assert.ok(held, 'the victim was caught holding a job');
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

test('a bad file fails by name at once, not retried, stores nothing, shows in gongkai jobs, and runs again with --retry', async () => {
  const bad = path.join(work, 'broken.txt');
  fs.writeFileSync(bad, Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 7]));
  const before = await facts(db);
  const agencies = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM agencies`);

  const run = gongkai('ingest', '--queue', '--wait', 'broken.txt');
  assert.equal(run.code, 1, run.out + run.err);
  // A parse error fails the same way every time: failed after its one run (though
  // GONGKAI_QUEUE_RETRY_LIMIT=1 would allow another), named with the parser's reason.
  assert.match(run.out, /1 job\(s\): 0 completed, 1 failed/);
  assert.match(
    run.out,
    /failed .*broken\.txt: broken\.txt:\d+:\d+: .* \(after 1 attempt\(s\), not retried: it would fail the same way\)/,
  );
  assert.deepEqual(await facts(db), before, 'nothing of it is stored');
  assert.equal((await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM agencies`)).n, agencies.n);

  const listed = gongkai('jobs');
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, /failed 1/);
  assert.match(
    listed.out,
    /failed .*broken\.txt: broken\.txt:\d+:\d+: .*\(attempt 1 of 1, not retried: it would fail the same way\)/,
  );

  const retried = gongkai('jobs', '--retry');
  assert.match(retried.out, /^1 failed job\(s\) queued to run again/m);
  const attempts = async () =>
    await one<{ state: string; retry_count: number }>(
      db,
      `SELECT state::text AS state, retry_count FROM "${queueSchema}".job WHERE data->>'file' = $1`,
      [bad],
    );
  assert.ok(
    // Run once more (its second run), failed again at once.
    await until(async () => (await attempts()).state === 'failed' && (await attempts()).retry_count === 1),
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
