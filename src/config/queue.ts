/**
 * The ingest queue (README, "Running on many machines"): pg-boss in a schema of its own in the
 * primary. Read only by `gongkai ingest --queue`, `gongkai worker` and `gongkai jobs`; the
 * single-process ingest never opens the queue.
 */
import { ConfigError } from '../errors';
import { int } from './read';

export interface QueueConfig {
  /** Postgres schema of pg-boss's tables (made by pg-boss's own migrations at first use). */
  schema: string;
  /**
   * Seconds a job may stay active before pg-boss takes it back and runs it again: what bounds a
   * crashed worker's hold (`kill -9` leaves its job active; pg-boss's default is 15 minutes).
   */
  expireSeconds: number;
  /** Seconds between pg-boss's maintenance passes, which take back expired jobs (default 120). */
  maintenanceSeconds: number;
  /** Runs after the first one a failed job gets before it stays failed. */
  retryLimit: number;
  /** Seconds before the first retry; each next one waits about twice as long (pg-boss's backoff). */
  retryDelaySeconds: number;
  /** Milliseconds an idle worker waits before asking for jobs again. */
  pollMs: number;
  /** Seconds a completed job is kept (then moved to pg-boss's archive, with its payload). */
  keepCompletedSeconds: number;
  /** Seconds a failed job stays where `gongkai jobs --retry` can run it again. */
  keepFailedSeconds: number;
}

const DAY = 86_400;

/**
 * The queue's settings. Its schema follows Gongkai's: `pgboss` beside `public`, else
 * `<GONGKAI_DATABASE_SCHEMA>_pgboss`, so that two Gongkai schemas in one database (the tests')
 * never share jobs.
 */
export function loadQueueConfig(env: NodeJS.ProcessEnv, databaseSchema: string | undefined): QueueConfig {
  const fallback = !databaseSchema || databaseSchema === 'public' ? 'pgboss' : `${databaseSchema}_pgboss`;
  const schema = env.GONGKAI_QUEUE_SCHEMA?.trim() || fallback;
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema)) {
    throw new ConfigError(
      `GONGKAI_QUEUE_SCHEMA must be a lower-case identifier of at most 50 characters (a-z, 0-9, _); got "${schema}"`,
    );
  }
  return {
    schema,
    expireSeconds: int(env, 'GONGKAI_QUEUE_EXPIRE_SECONDS', 30, 1, DAY),
    maintenanceSeconds: int(env, 'GONGKAI_QUEUE_MAINTENANCE_SECONDS', 5, 1, 3600),
    retryLimit: int(env, 'GONGKAI_QUEUE_RETRY_LIMIT', 2, 0, 100),
    retryDelaySeconds: int(env, 'GONGKAI_QUEUE_RETRY_DELAY_SECONDS', 2, 1, 3600),
    pollMs: int(env, 'GONGKAI_QUEUE_POLL_MS', 500, 50, 60_000),
    keepCompletedSeconds: int(env, 'GONGKAI_QUEUE_KEEP_COMPLETED_SECONDS', 3600, 60, 30 * DAY),
    keepFailedSeconds: int(env, 'GONGKAI_QUEUE_KEEP_FAILED_SECONDS', 7 * DAY, 60, 365 * DAY),
  };
}
