/**
 * How the server's database sessions are bounded (README, "Configuration"): read-only sessions
 * with timeouts, pools with an acquire timeout and a bounded wait queue, analytics apart from
 * list and entity reads. The defaults are measured (README, "Database sessions and pools";
 * bench/serving-limits.ts): on 7,000 reports the slowest list or entity request took 0.24 s
 * (its statements less), the slowest analytics request 6.5 s (similarSections at similarity 0.5
 * over every section; the rest under 0.32 s). Reads get 20× their worst, analytics 2× theirs and
 * less than the request deadline (GONGKAI_REQUEST_DEADLINE_MS, 15 s), so that no statement
 * outlives the request it answers; a wait for a connection past 5 s answers SERVER_BUSY.
 */
import { ConfigError } from '../errors';
import { int } from './read';

export interface ServingLimits {
  /** Longest a list or entity read may run, ms (statement_timeout; 0 = none). */
  statementTimeoutMs: number;
  /** Longest an analytics read may run, ms. */
  analyticsStatementTimeoutMs: number;
  /** Longest a read waits for a lock (a migration's), ms. */
  lockTimeoutMs: number;
  /** Longest a read session may sit in an open transaction doing nothing, ms. */
  idleInTransactionTimeoutMs: number;
  /** Connections for list and entity reads (per read URL). */
  poolSize: number;
  /** Connections for analytics (per read URL). */
  analyticsPoolSize: number;
  /** Longest a request waits for a free connection, ms. */
  acquireTimeoutMs: number;
  /** Requests that may wait for a connection of one pool; one more is refused at once. */
  maxWaiting: number;
}

export interface ServingConfig extends ServingLimits {
  /** GONGKAI_DATABASE_READ_URLS: where reads go (e.g. a SELECT-only role); empty: GONGKAI_DATABASE_URL, read-only. */
  readUrls: string[];
  /**
   * A streaming replica among the read URLs further behind the primary than this, ms, is out of
   * rotation (docs/deploy.md, "Reads from replicas").
   */
  maxReplicaLagMs: number;
  /** How often each read URL is checked (up? replica? how far behind?), ms. */
  replicaCheckMs: number;
  /** Longest a shutdown may take after SIGTERM before the process exits anyway, ms. */
  shutdownTimeoutMs: number;
}

const DAY_MS = 86_400_000;

export function loadServing(env: NodeJS.ProcessEnv): ServingConfig {
  const readUrls = (env.GONGKAI_DATABASE_READ_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of readUrls) {
    if (!/^postgres(ql)?:\/\//.test(u)) {
      throw new ConfigError(
        `GONGKAI_DATABASE_READ_URLS must be comma-separated postgres:// URLs; got "${u.replace(/:[^:@/]*@/, ':***@')}"`,
      );
    }
  }
  return {
    readUrls,
    statementTimeoutMs: int(env, 'GONGKAI_STATEMENT_TIMEOUT_MS', 5_000, 0, DAY_MS),
    analyticsStatementTimeoutMs: int(env, 'GONGKAI_ANALYTICS_STATEMENT_TIMEOUT_MS', 12_000, 0, DAY_MS),
    lockTimeoutMs: int(env, 'GONGKAI_LOCK_TIMEOUT_MS', 2_000, 0, DAY_MS),
    idleInTransactionTimeoutMs: int(env, 'GONGKAI_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000, 0, DAY_MS),
    poolSize: int(env, 'GONGKAI_POOL_SIZE', 10, 1, 1000),
    analyticsPoolSize: int(env, 'GONGKAI_ANALYTICS_POOL_SIZE', 4, 1, 1000),
    acquireTimeoutMs: int(env, 'GONGKAI_POOL_ACQUIRE_TIMEOUT_MS', 5_000, 1, DAY_MS),
    maxWaiting: int(env, 'GONGKAI_POOL_MAX_WAITING', 100, 0, 1_000_000),
    // Answers at most 5 s old: a replica on the same network replays within milliseconds, so
    // seconds behind means it cannot keep up (or a replay conflict holds it, up to Postgres'
    // max_standby_streaming_delay of 30 s), and the primary or another replica answers better.
    maxReplicaLagMs: int(env, 'GONGKAI_MAX_REPLICA_LAG_MS', 5_000, 0, DAY_MS),
    replicaCheckMs: int(env, 'GONGKAI_REPLICA_CHECK_MS', 1_000, 10, 600_000),
    shutdownTimeoutMs: int(env, 'GONGKAI_SHUTDOWN_TIMEOUT_MS', 5_000, 100, 600_000),
  };
}
