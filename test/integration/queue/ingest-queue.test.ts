/**
 * src/queue/ingest-queue.ts over a real Postgres, in this process: what a job carries, its key,
 * a job delivered twice (at least once), a worker's loops, and what is refused when offered.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadQueueConfig } from '../../../src/config/queue';
import { readManifest } from '../../../src/ingest/manifest';
import { MAX_DOCUMENT_BYTES } from '../../../src/parser/document';
import {
  enqueueFiles,
  INGEST_QUEUE,
  type IngestJob,
  type IngestQueue,
  jobKey,
  loadJob,
  openQueue,
  runWorker,
  waitForJobs,
} from '../../../src/queue/ingest-queue';
import { createTestDb, type TestDb } from '../../support/db';

const SAMPLES = path.join(__dirname, '..', '..', '..', 'samples');
let db: TestDb;
let queue: IngestQueue;
let tmp: string;
const manifest = readManifest(path.join(SAMPLES, 'manifest.jsonl'));
const files = [...manifest.keys()];

before(async () => {
  db = await createTestDb();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-queue-int-'));
  queue = await openQueue(db.ds, loadQueueConfig({ GONGKAI_QUEUE_POLL_MS: '50' }, db.schema), {
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
