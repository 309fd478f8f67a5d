import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { loadQueueConfig } from '../../config/queue';
import { openDatabase } from '../../db/bootstrap';
import { handleSignals, shutdownSignal } from '../../db/shutdown';
import { INGEST_QUEUE, openQueue, runWorker } from '../../queue/ingest-queue';
import { type CliCommand, UsageError } from '../command';

/** Loops per worker by default: one parses while the other's save waits on Postgres. */
export const DEFAULT_WORKER_CONCURRENCY = 2;

export const workerCommand: CliCommand = {
  name: 'worker',
  summary: 'Load queued reports (gongkai ingest --queue) until stopped; run one per machine, or several',
  usage: `gongkai worker [--concurrency n (default ${DEFAULT_WORKER_CONCURRENCY})]

  Takes report jobs from the queue in the primary database (GONGKAI_DATABASE_URL, or the embedded
  Postgres of ./.data, as every command finds it) and loads each in its own transaction, as
  gongkai ingest does: the report whole or not at all. A file that cannot be loaded (a parse
  error, too large, a refused manifest entry) fails its job at once, with its file and reason
  (gongkai jobs); a passing failure (the database lost, a deadlock, a serialization failure) is
  retried with backoff (GONGKAI_QUEUE_RETRY_LIMIT), then stays failed the same way.
  A worker that dies mid-job loses nothing: its job runs again once GONGKAI_QUEUE_EXPIRE_SECONDS
  have passed. --concurrency jobs at once in this process (one parses while another's save waits).
  Lines on stderr as each job starts and ends. SIGTERM or Ctrl-C lets the running jobs end, then exits.`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { concurrency: { type: 'string' } },
      strict: true,
    });
    const concurrency = values.concurrency == null ? DEFAULT_WORKER_CONCURRENCY : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new UsageError('--concurrency must be a whole number from 1 to 64');
    }
    const config = loadConfig();
    const queueConfig = loadQueueConfig(process.env, config.databaseSchema);
    // The running jobs get GONGKAI_SHUTDOWN_TIMEOUT_MS to end; one cut short runs again elsewhere.
    handleSignals({ timeoutMs: config.serving.shutdownTimeoutMs });
    const stopped = shutdownSignal();
    const db = await openDatabase(config, { log: (m) => console.error(m) });
    try {
      const queue = await openQueue(db.ds, queueConfig, { supervise: true });
      const worker = runWorker(queue, {
        concurrency,
        onEvent: (e) =>
          console.error(
            e.kind === 'start'
              ? `job ${e.jobId} ${path.basename(e.file)}`
              : e.kind === 'done'
                ? `${e.status} ${path.basename(e.file)}`
                : `failed ${e.file}: ${e.error}${e.final ? ' (not retried: it would fail the same way)' : ' (to be retried)'}`,
          ),
      });
      console.error(
        `worker ${process.pid}: ${concurrency} job(s) at once from queue ${INGEST_QUEUE} ` +
          `(schema ${queueConfig.schema}); stop with Ctrl-C`,
      );
      await stopped;
      await worker.stop();
      await queue.stop();
      console.error(
        `worker ${process.pid}: ${worker.counts.done} job(s) done, ${worker.counts.failed} failed`,
      );
    } finally {
      await db.close();
    }
    return 0;
  },
};
