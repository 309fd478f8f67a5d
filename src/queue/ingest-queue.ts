/**
 * Ingest by a pool of workers (issue 18, part 3) on pg-boss, a job queue kept in the primary
 * Postgres (README, "Running on many machines", says why pg-boss). One job per report:
 * `gongkai ingest --queue` offers them, `gongkai worker` on any machine runs them, each through
 * the same path as the single-process ingest (readReportBytes, then saveReport: one transaction,
 * the report whole or not at all).
 *
 * A job carries the file's bytes (base64 in pg-boss's jsonb `data`), not a path: a worker needs
 * no disk shared with the machine that enqueued. The largest report Gongkai reads
 * (MAX_DOCUMENT_BYTES, 64 MiB) is 86 MiB as base64, under jsonb's 255 MiB cap; a file over the
 * limit is refused when offered, as the single-process ingest refuses it.
 *
 * Delivery is at least once: a worker killed mid-job leaves it active until
 * GONGKAI_QUEUE_EXPIRE_SECONDS pass, when pg-boss's maintenance (every
 * GONGKAI_QUEUE_MAINTENANCE_SECONDS, run by whichever worker gets there first) hands it out
 * again; a job may also run again when its worker dies between the save's commit and pg-boss's
 * completion. Loads are idempotent (a report already stored from the same text is `unchanged`),
 * so the effect is exactly once. The job key (pg-boss's singletonKey, policy `stately`) is the
 * content's hash: a report offered again while its job waits is not queued twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { type DataSource } from 'typeorm';
import { type QueueConfig } from '../config/queue';
import { ErrorCode, GongkaiError } from '../errors';
import { isDatabaseOutage, someCause } from '../db/failures';
import {
  existingJobs,
  failJobNow,
  type JobProblem,
  jobProblems,
  type JobState,
  jobStates,
  jobsByKey,
  queueCounts,
  queueDb,
} from '../db/queue';
import { type SaveStatus, saveReport } from '../db/writes/save';
import { type SkippedFile } from '../ingest/batch';
import { readReportBytes } from '../ingest/ingest-file';
import { type ManifestEntry } from '../ingest/manifest';
import { MAX_DOCUMENT_BYTES } from '../parser/document';

/** The pg-boss queue of report loads. */
export const INGEST_QUEUE = 'gongkai-ingest';

/** A job's payload: everything a worker on another machine needs to load the report. */
export interface IngestJob {
  /** The file's path on the machine that offered it (for messages and `gongkai jobs`). */
  file: string;
  /** The file's bytes, base64. */
  bytes: string;
  /** sha256 of the bytes, hex: checked before parsing, so a damaged payload fails by name. */
  sha256: string;
  /** Its manifest entry, when a manifest named it. */
  entry?: ManifestEntry;
}

/** What a completed job stored (its pg-boss `output`). */
export interface JobOutcome {
  file: string;
  status: SaveStatus;
  reportId: number;
  issues: number;
}

export interface IngestQueue {
  boss: PgBoss;
  ds: DataSource;
  config: QueueConfig;
  stop(): Promise<void>;
}

/**
 * pg-boss on the primary's pool, its schema migrated (pg-boss's own migrations, at first use)
 * and the queue made. `supervise` (workers) runs pg-boss's maintenance: expiring the jobs of
 * workers that died, retries, archiving.
 */
export async function openQueue(
  ds: DataSource,
  config: QueueConfig,
  opts: { supervise: boolean },
): Promise<IngestQueue> {
  const boss = new PgBoss({
    db: queueDb(ds),
    schema: config.schema,
    supervise: opts.supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: config.maintenanceSeconds,
    archiveCompletedAfterSeconds: config.keepCompletedSeconds,
    archiveFailedAfterSeconds: config.keepFailedSeconds,
    // Archived jobs (their payloads with them) are dropped a day later.
    deleteAfterDays: 1,
  });
  boss.on('error', (e: Error) => console.error(`queue: ${e.message}`));
  await boss.start();
  await boss.createQueue(INGEST_QUEUE, {
    name: INGEST_QUEUE,
    policy: 'stately',
    retryLimit: config.retryLimit,
    retryDelay: config.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: config.expireSeconds,
  });
  return {
    boss,
    ds,
    config,
    // The pool is the data source's: pg-boss leaves it open.
    stop: () => boss.stop({ graceful: false, close: false, wait: true }),
  };
}

/** The job key of a report: its bytes' hash, and its manifest entry's when it has one. */
export function jobKey(sha256: string, entry: ManifestEntry | undefined): string {
  if (!entry) return sha256;
  // Keys in order, undefined ones left out: the same entry gives the same key, as read back from jsonb too.
  const canonical = JSON.stringify(entry, Object.keys(entry).sort());
  return `${sha256}+${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

export interface Enqueued {
  /** The job each file waits on, in the order of the files taken (a duplicate shares one). */
  ids: string[];
  /** Jobs made by this run. */
  queued: number;
  /** Files whose job was waiting already (same content and metadata). */
  alreadyQueued: number;
  /** Files not offered, with why (unreadable, over the size limit). */
  skipped: SkippedFile[];
}

/** Jobs per insert statement, and base64 bytes per statement (one jsonb parameter). */
const INSERT_JOBS = 200;
const INSERT_BYTES = 32 * 2 ** 20;

/** Offer one job per file; returns as soon as they are queued. */
export async function enqueueFiles(
  queue: IngestQueue,
  files: readonly string[],
  manifest: ReadonlyMap<string, ManifestEntry> | undefined,
  onQueued?: (done: number, total: number) => void,
): Promise<Enqueued> {
  const { boss, ds, config } = queue;
  const out: Enqueued = { ids: [], queued: 0, alreadyQueued: 0, skipped: [] };
  let chunk: { id: string; key: string; job: IngestJob }[] = [];
  let chunkBytes = 0;
  let done = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await boss.insert(
      chunk.map((c) => ({
        id: c.id,
        name: INGEST_QUEUE,
        data: c.job,
        singletonKey: c.key,
        retryLimit: config.retryLimit,
        retryDelay: config.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: config.expireSeconds,
      })),
    );
    // pg-boss's insert says nothing of what it skipped: a job whose key was queued already.
    const made = await existingJobs(
      ds,
      config.schema,
      INGEST_QUEUE,
      chunk.map((c) => c.id),
    );
    const waiting = await jobsByKey(
      ds,
      config.schema,
      INGEST_QUEUE,
      chunk.filter((c) => !made.has(c.id)).map((c) => c.key),
    );
    for (const c of chunk) {
      if (made.has(c.id)) {
        out.queued++;
        out.ids.push(c.id);
      } else {
        out.alreadyQueued++;
        const other = waiting.get(c.key);
        if (other) out.ids.push(other);
      }
    }
    done += chunk.length;
    onQueued?.(done, files.length);
    chunk = [];
    chunkBytes = 0;
  };
  for (const file of files) {
    let bytes: Buffer;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_DOCUMENT_BYTES) {
        out.skipped.push({
          file,
          reason: `${size} bytes, over the limit of ${MAX_DOCUMENT_BYTES} bytes (INPUT_TOO_LARGE)`,
        });
        continue;
      }
      bytes = fs.readFileSync(file);
    } catch (e) {
      out.skipped.push({
        file,
        reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const entry = manifest?.get(path.resolve(file));
    const job: IngestJob = { file: path.resolve(file), bytes: bytes.toString('base64'), sha256, entry };
    // The same job twice in one statement: pg-boss keeps the first, the second waits on it.
    chunk.push({ id: randomUUID(), key: jobKey(sha256, entry), job });
    chunkBytes += job.bytes.length;
    if (chunk.length >= INSERT_JOBS || chunkBytes >= INSERT_BYTES) await flush();
  }
  await flush();
  return out;
}

/** Load one job's report: the single-process ingest's path, from the payload's bytes. */
export async function loadJob(ds: DataSource, job: IngestJob): Promise<JobOutcome> {
  const bytes = Buffer.from(job.bytes, 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== job.sha256) {
    throw new Error(`the job's bytes do not match their hash (sha256 ${sha256}, expected ${job.sha256})`);
  }
  const report = await readReportBytes(bytes, job.file, job.entry);
  const saved = await saveReport(ds, report);
  return { file: job.file, status: saved.status, reportId: saved.reportId, issues: saved.issues };
}

/**
 * Postgres' codes for a failure that passes: serialization_failure, deadlock_detected,
 * lock_not_available, query_canceled (a statement timeout), unique_violation (two loads of the
 * same report at once: a job handed out again while its first run still went on), and class 53,
 * insufficient resources (disk full, out of memory, too many connections); and Node's for a
 * machine short of memory, processes or files. Connection loss is isDatabaseOutage's.
 */
const TRANSIENT_CODES = new Set([
  '40001',
  '40P01',
  '55P03',
  '57014',
  '23505',
  'EAGAIN',
  'ENOMEM',
  'EMFILE',
  'ENFILE',
]);

/**
 * Whether a job's failure may pass when it runs again: the database lost or restarting, a
 * deadlock, a serialization failure, a lock or statement timeout, a concurrent load of the same
 * report, resources short. Anything else fails the same way on every run: the file cannot be
 * read as a report (ParseError), is too large, its payload does not match its hash, the
 * manifest's entry is refused, or a bug; such a job fails at once, not retried.
 */
export function isTransient(error: unknown): boolean {
  if (isDatabaseOutage(error)) return true;
  return someCause(error, (e) => {
    if (e instanceof GongkaiError) {
      return [ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.SERVER_BUSY, ErrorCode.QUERY_TIMEOUT].includes(
        e.code,
      );
    }
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || /^53/.test(code))) return true;
    return undefined;
  });
}

export interface WorkerEvent {
  kind: 'start' | 'done' | 'failed';
  jobId: string;
  file: string;
  status?: SaveStatus;
  error?: string;
  /** Failed for good at once: the input's fault, not retried. */
  final?: boolean;
}

export interface RunningWorker {
  /** Stop asking for jobs, let those running end, resolve when they have. */
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  counts: { done: number; failed: number };
}

/**
 * `concurrency` loops, each asking pg-boss for one job, loading it and marking it completed (with
 * what was stored) or failed (with the file and the reason): a transient failure (isTransient)
 * is retried by pg-boss with backoff, any other fails the job at once (failJobNow). Not
 * pg-boss's work(), which waits out its polling interval after every job, even with more queued
 * (at most 2 jobs a second per loop at its shortest interval): here a loop asks again at once
 * while jobs come, and waits GONGKAI_QUEUE_POLL_MS only when none did.
 */
export function runWorker(
  queue: IngestQueue,
  opts: { concurrency: number; onEvent?: (e: WorkerEvent) => void },
): RunningWorker {
  const { boss, ds, config } = queue;
  const stopping = new AbortController();
  const counts = { done: 0, failed: 0 };
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  const loop = async () => {
    while (!stopping.signal.aborted) {
      let jobs: PgBoss.Job<IngestJob>[];
      try {
        jobs = await boss.fetch<IngestJob>(INGEST_QUEUE, { batchSize: 1 });
      } catch (e) {
        console.error(`worker: cannot fetch jobs (${(e as Error).message}); trying again`);
        await pause(config.pollMs);
        continue;
      }
      if (jobs.length === 0) {
        await pause(config.pollMs);
        continue;
      }
      for (const job of jobs) {
        let outcome: JobOutcome | undefined;
        let failure: { file: string; error: string; code?: string; final: boolean } | undefined;
        opts.onEvent?.({ kind: 'start', jobId: job.id, file: job.data.file });
        try {
          outcome = await loadJob(ds, job.data);
        } catch (e) {
          failure = {
            file: job.data.file,
            error: (e as Error).message,
            code: (e as { code?: string }).code,
            final: !isTransient(e),
          };
        }
        try {
          if (outcome) await boss.complete(INGEST_QUEUE, job.id, outcome);
          else if (failure!.final) await failJobNow(ds, boss, config.schema, INGEST_QUEUE, job.id, failure!);
          else await boss.fail(INGEST_QUEUE, job.id, failure!);
        } catch (e) {
          // The job stays active and expires: it runs again, and its load is idempotent.
          console.error(`worker: cannot record job ${job.id} (${(e as Error).message})`);
        }
        if (outcome) {
          counts.done++;
          opts.onEvent?.({ kind: 'done', jobId: job.id, file: outcome.file, status: outcome.status });
        } else {
          counts.failed++;
          opts.onEvent?.({
            kind: 'failed',
            jobId: job.id,
            file: failure!.file,
            error: failure!.error,
            final: failure!.final,
          });
        }
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, loop)).then(() => undefined);
  return {
    counts,
    done,
    async stop() {
      stopping.abort();
      await done;
    },
  };
}

export interface WaitProgress {
  total: number;
  /** Completed, failed or cancelled. */
  done: number;
  failed: number;
  states: Record<JobState, number>;
}

/**
 * Wait until every one of these jobs has ended (completed, failed for good, or cancelled),
 * reading their states every `pollMs`; the failures come back with file and reason.
 */
export async function waitForJobs(
  queue: IngestQueue,
  ids: readonly string[],
  opts: { pollMs?: number; onProgress?: (p: WaitProgress) => void } = {},
): Promise<{ progress: WaitProgress; failures: JobProblem[] }> {
  const { ds, config } = queue;
  const distinct = [...new Set(ids)];
  for (;;) {
    const states = await jobStates(ds, config.schema, INGEST_QUEUE, distinct);
    const progress: WaitProgress = {
      total: distinct.length,
      done: states.completed + states.failed + states.cancelled,
      failed: states.failed,
      states,
    };
    opts.onProgress?.(progress);
    if (progress.done >= progress.total) {
      const failures = progress.failed
        ? await jobProblems(ds, config.schema, INGEST_QUEUE, { ids: distinct, limit: distinct.length })
        : [];
      return { progress, failures: failures.filter((f) => f.state === 'failed') };
    }
    // One statement over every id: a national run's 100,000 are read once a second, not four times.
    await sleep(opts.pollMs ?? (distinct.length > 5000 ? 1000 : 250));
  }
}

/** Counts by state and the recent problems, for `gongkai jobs`. */
export async function queueStatus(
  queue: IngestQueue,
  limit: number,
): Promise<{ counts: Record<JobState, number>; problems: JobProblem[] }> {
  const { ds, config } = queue;
  return {
    counts: await queueCounts(ds, config.schema, INGEST_QUEUE),
    problems: await jobProblems(ds, config.schema, INGEST_QUEUE, { limit }),
  };
}

/** Run the failed jobs (those still in pg-boss's job table) once more; returns how many. */
export async function retryFailed(queue: IngestQueue): Promise<number> {
  const { ds, config, boss } = queue;
  const failed = (await jobProblems(ds, config.schema, INGEST_QUEUE, { limit: 100_000 })).filter(
    (p) => p.state === 'failed' && !p.archived,
  );
  if (failed.length) {
    await boss.retry(
      INGEST_QUEUE,
      failed.map((p) => p.id),
    );
  }
  return failed.length;
}
