/**
 * src/queue/ingest-queue.ts over a real Postgres, in this process: what a job carries, its key,
 * a job delivered twice (at least once), a worker's loops, what is refused when offered, and
 * which failures are retried: a bad file fails at once, a lost connection runs again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { loadQueueConfig } from '../../../src/config/queue';
import { jobProblems } from '../../../src/db/queue';
import { DatabaseUnavailableError, InputTooLargeError, ParseError } from '../../../src/errors';
import { readManifest } from '../../../src/ingest/manifest';
import { MAX_DOCUMENT_BYTES } from '../../../src/parser/document';
import {
  enqueueFiles,
  INGEST_QUEUE,
  type IngestJob,
  type IngestQueue,
  isTransient,
  jobKey,
  loadJob,
  openQueue,
  runWorker,
  waitForJobs,
} from '../../../src/queue/ingest-queue';
import { createTestDb, type TestDb } from '../../support/db';
import { poll } from '../../support/retry';

const SAMPLES = path.join(__dirname, '..', '..', '..', 'samples');
let db: TestDb;
let queue: IngestQueue;
let tmp: string;
const manifest = readManifest(path.join(SAMPLES, 'manifest.jsonl'));
const files = [...manifest.keys()];

before(async () => {
  db = await createTestDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-queue-int-'));
  // Two retries (the default), the first a second after a failure.
  const env = { GONGKAI_QUEUE_POLL_MS: '50', GONGKAI_QUEUE_RETRY_DELAY_SECONDS: '1' };
  queue = await openQueue(db.ds, loadQueueConfig(env, db.schema), {
    supervise: false,
  });
});

after(async () => {
  await queue.stop();
  await db.ds.query(`DROP SCHEMA IF EXISTS "${queue.config.schema}" CASCADE`);
  await db.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const reports = async (): Promise<number> =>
  ((await db.ds.query('SELECT count(*)::int AS n FROM reports')) as { n: number }[])[0]!.n;

test("pg-boss's schema is made at first use, beside Gongkai's", async () => {
  const rows = (await db.ds.query('SELECT to_regclass($1) AS t', [`${queue.config.schema}.job`])) as {
    t: string | null;
  }[];
  assert.ok(rows[0]!.t, `${queue.config.schema}.job exists`);
  assert.equal(queue.config.schema, `${db.schema}_pgboss`);
});

test('a job carries the bytes, their hash and the manifest entry; offered twice, it is queued once', async () => {
  const first = await enqueueFiles(queue, files, manifest);
  assert.deepEqual([first.queued, first.alreadyQueued, first.skipped.length], [5, 0, 0]);
  const again = await enqueueFiles(queue, files, manifest);
  assert.deepEqual([again.queued, again.alreadyQueued], [0, 5]);
  assert.deepEqual(again.ids, first.ids, 'the second offer waits on the same jobs');
  const job = await queue.boss.getJobById<IngestJob>(INGEST_QUEUE, first.ids[0]!);
  const data = job!.data;
  assert.equal(data.file, files[0]);
  assert.deepEqual(Buffer.from(data.bytes, 'base64'), fs.readFileSync(files[0]!));
  assert.deepEqual(data.entry, JSON.parse(JSON.stringify(manifest.get(files[0]!))));
  assert.equal(job!.singletonKey, jobKey(data.sha256, data.entry));
});

test('the same bytes under another manifest entry are another job (they store another report)', () => {
  const entry = manifest.get(files[0]!)!;
  assert.notEqual(jobKey('ab', entry), jobKey('ab', { ...entry, year: 2021 }));
  assert.equal(jobKey('ab', undefined), 'ab');
});

test("a worker's loops load every job; the same job delivered again stores nothing new", async () => {
  const { ids } = await enqueueFiles(queue, files, manifest);
  const events: string[] = [];
  const worker = runWorker(queue, { concurrency: 2, onEvent: (e) => events.push(e.kind) });
  const { progress, failures } = await waitForJobs(queue, ids, { pollMs: 50 });
  await worker.stop();
  assert.deepEqual([progress.total, progress.states.completed, progress.failed], [5, 5, 0]);
  assert.deepEqual(failures, []);
  assert.equal(worker.counts.done, 5);
  assert.equal(events.filter((e) => e === 'start').length, 5);
  assert.equal(await reports(), 5);

  // At least once: a job whose worker died after the commit runs again, and finds its report stored.
  const job = await queue.boss.getJobById<IngestJob>(INGEST_QUEUE, ids[0]!, { includeArchive: true });
  const rerun = await loadJob(db.ds, job!.data);
  assert.equal(rerun.status, 'unchanged');
  assert.equal(await reports(), 5);
});

test('a damaged payload fails by its hash, before anything is parsed', async () => {
  const bytes = fs.readFileSync(files[1]!);
  const job: IngestJob = {
    file: files[1]!,
    bytes: Buffer.concat([bytes, Buffer.from('x')]).toString('base64'),
    sha256: 'f'.repeat(64),
  };
  await assert.rejects(loadJob(db.ds, job), /the job's bytes do not match their hash/);
});

test('a file over the largest document, or one that cannot be read, is refused when offered', async () => {
  const big = path.join(tmp, 'big.pdf');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, MAX_DOCUMENT_BYTES + 1);
  const gone = path.join(tmp, 'gone.txt');
  const out = await enqueueFiles(queue, [big, gone], undefined);
  assert.equal(out.queued, 0);
  assert.deepEqual(
    out.skipped.map((s) => [path.basename(s.file), /INPUT_TOO_LARGE|ENOENT/.exec(s.reason)?.[0]]),
    [
      ['big.pdf', 'INPUT_TOO_LARGE'],
      ['gone.txt', 'ENOENT'],
    ],
  );
});

/** A job's row in pg-boss's table: its state, its runs so far (from 0) and its limit. */
async function jobRow(id: string): Promise<{ state: string; retry_count: number; retry_limit: number }> {
  const rows = (await db.ds.query(
    `SELECT state::text AS state, retry_count, retry_limit FROM "${queue.config.schema}".job WHERE id = $1`,
    [id],
  )) as { state: string; retry_count: number; retry_limit: number }[];
  return rows[0]!;
}

test('failures that pass are told from those that would fail the same way again', () => {
  const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
  for (const e of [
    pgError('40001'), // serialization_failure
    pgError('40P01'), // deadlock_detected
    pgError('57P01'), // admin_shutdown: the connection was ended
    pgError('08006'),
    pgError('53300'),
    pgError('23505'), // two loads of one report at once
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new QueryFailedError('INSERT …', [], pgError('40P01')),
    new DatabaseUnavailableError('the database is down'),
  ]) {
    assert.equal(isTransient(e), true, String(e));
  }
  for (const e of [
    new ParseError('input is not text', 1, 1, 'broken.txt'),
    new InputTooLargeError('big.pdf', 2, 1),
    new Error("the job's bytes do not match their hash"),
    new TypeError('x is undefined'),
    pgError('23502'), // not_null_violation: the same every time
    new QueryFailedError('INSERT …', [], pgError('22P02')),
  ]) {
    assert.equal(isTransient(e), false, String(e));
  }
});

test('a file that cannot be parsed fails its job after one run, with its file and reason, though retries were left', async () => {
  const bad = path.join(tmp, 'broken.txt');
  fs.writeFileSync(bad, Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 7]));
  const before = await reports();
  const { ids } = await enqueueFiles(queue, [bad], undefined);
  const events: { kind: string; final?: boolean }[] = [];
  const worker = runWorker(queue, { concurrency: 1, onEvent: (e) => events.push(e) });
  const { progress, failures } = await waitForJobs(queue, ids, { pollMs: 50 });
  await worker.stop();
  assert.deepEqual([progress.failed, worker.counts.failed], [1, 1]);
  assert.deepEqual(
    events.map((e) => [e.kind, e.final]),
    [
      ['start', undefined],
      ['failed', true],
    ],
    'it ran once',
  );
  const row = await jobRow(ids[0]!);
  assert.deepEqual([row.state, row.retry_count], ['failed', 0]);
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.file, bad);
  assert.match(failures[0]!.reason, /^broken\.txt:\d+:\d+: /);
  assert.deepEqual([failures[0]!.attempts, failures[0]!.final], [1, true]);
  const [listed] = await jobProblems(db.ds, queue.config.schema, INGEST_QUEUE, { ids });
  assert.equal(listed?.final, true);
  assert.equal(await reports(), before, 'nothing of it is stored');
});

test('a job whose connection is lost mid-save is retried, and loads', async () => {
  // Hold the reports table so that the save waits; end its connection while it waits.
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "${db.schema}".reports IN ACCESS EXCLUSIVE MODE`);
    const holderPid = ((await holder.query('SELECT pg_backend_pid() AS pid')) as { rows: { pid: number }[] })
      .rows[0]!.pid;
    const file = path.join(tmp, 'retried.txt');
    // A sample's text under an agency of its own: a report not stored yet.
    fs.copyFileSync(files[2]!, file);
    const entry = { ...manifest.get(files[2]!)!, file, agency: '重试测试单位' };
    const { ids } = await enqueueFiles(queue, [file], new Map([[path.resolve(file), entry]]));
    const events: { kind: string; final?: boolean }[] = [];
    const worker = runWorker(queue, { concurrency: 1, onEvent: (e) => events.push(e) });
    try {
      let ended = 0;
      assert.ok(
        await poll(
          async () => {
            const r = await holder.query(
              `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
              WHERE $1 = ANY (pg_blocking_pids(pid))`,
              [holderPid],
            );
            ended += r.rowCount ?? 0;
            return ended > 0;
          },
          1200,
          25,
        ),
        'the save waits on the lock',
      );
      await holder.query('ROLLBACK');
      const { progress } = await waitForJobs(queue, ids, { pollMs: 50 });
      assert.deepEqual([progress.states.completed, progress.failed], [1, 0]);
    } finally {
      await worker.stop();
    }
    assert.deepEqual(
      events.map((e) => [e.kind, e.final]),
      [
        ['start', undefined],
        ['failed', false],
        ['start', undefined],
        ['done', undefined],
      ],
      'failed once (to be retried), then loaded',
    );
    const row = await jobRow(ids[0]!);
    assert.deepEqual([row.state, row.retry_count], ['completed', 1]);
  } finally {
    await holder.end();
  }
});
