/**
 * The connections a server answers queries through. Reads never run with write rights: their
 * sessions are read-only (`default_transaction_read_only`), on GONGKAI_DATABASE_READ_URLS when given (a
 * SELECT-only role) or the embedded Postgres' reader role; only the ingestReport mutation and the
 * response cache's LISTEN use the writer (GONGKAI_DATABASE_URL). Reads never wait without bound: each
 * session has a statement, lock and idle-in-transaction timeout, each pool an acquire timeout and
 * a bounded wait queue, and heavy analytics have a pool of their own, so that list and entity
 * reads never queue behind them.
 */
import { type DataSource, type QueryRunner } from 'typeorm';
import { type ServingLimits } from '../config/serving';
import { GongkaiError, QueryTimeoutError, ServerBusyError } from '../errors';
import { createDataSource } from './data-source';
import {
  displayUrl,
  type ReadTarget,
  Replication,
  type ReplicationOptions,
  rerouteOf,
  type Route,
  setReroute,
} from './replicas';

export type { ServingLimits };

/** The two read pools on one read URL. */
export interface ReadPools {
  /** Lists, entities, loaders. */
  reads: DataSource;
  /** The analytics subgraph's aggregates and text similarity. */
  analytics: DataSource;
}

/** What a server reads and writes through. */
export interface ServingDatabase {
  /** GONGKAI_DATABASE_URL: the ingestReport mutation and the response cache's LISTEN. */
  writer: DataSource;
  /** The read pools of one read URL, taken in turn per request. */
  pick(): ReadPools;
  /**
   * With streaming replicas (GONGKAI_DATABASE_READ_URLS and openServing's replication option):
   * where a request's reads go and whether its answer may be kept (src/db/replicas.ts).
   */
  route?(opts?: { primary?: boolean }): Route<ReadPools>;
  replication?: Replication<ReadPools>;
  /** Every set of read pools (one per read URL). */
  readonly replicas: readonly ReadPools[];
  /** Close the read pools (the writer belongs to whoever opened it). */
  close(): Promise<void>;
}

export type PoolKind = keyof ReadPools;

interface PgPool {
  options: { max: number };
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  connect: (cb?: (err: Error | undefined, ...rest: unknown[]) => void) => unknown;
}

/** The pg-pool behind a TypeORM data source. */
export function poolOf(ds: DataSource): PgPool {
  return (ds.driver as unknown as { master: PgPool }).master;
}

const TIMEOUT_VARIABLE: Record<PoolKind, string> = {
  reads: 'GONGKAI_STATEMENT_TIMEOUT_MS',
  analytics: 'GONGKAI_ANALYTICS_STATEMENT_TIMEOUT_MS',
};

const WHAT: Record<PoolKind, string> = { reads: 'a read', analytics: 'an analytics query' };

/**
 * A Postgres error of a serving session as the typed error a client gets: the statement timeout
 * (57014 "canceling statement due to statement timeout") and the lock timeout (55P03). Anything
 * else is returned as it was.
 */
export function servingError(e: unknown, limits: ServingLimits, kind: PoolKind): unknown {
  if (e instanceof GongkaiError) return e;
  const { code, message } = e as { code?: string; message?: string };
  if (code === '57014' && /statement timeout/.test(String(message))) {
    const timeoutMs = kind === 'analytics' ? limits.analyticsStatementTimeoutMs : limits.statementTimeoutMs;
    return new QueryTimeoutError(
      `${WHAT[kind]} ran over ${timeoutMs} ms, the longest this server allows (${TIMEOUT_VARIABLE[kind]}), ` +
        'and was stopped: ask for less (a narrower filter, a smaller page) or try again later',
      { timeoutMs },
    );
  }
  if (code === '55P03') {
    return new QueryTimeoutError(
      `${WHAT[kind]} waited over ${limits.lockTimeoutMs} ms for a lock (GONGKAI_LOCK_TIMEOUT_MS), ` +
        'most likely held by a migration: try again shortly',
      { timeoutMs: limits.lockTimeoutMs },
    );
  }
  return e;
}

/** pg-pool's error when the wait for a pooled connection ran over connectionTimeoutMillis. */
const ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

/**
 * Bound the pool's wait queue (pg-pool has no bound) and type its acquire timeout: a request
 * that would be waiter maxWaiting + 1 is refused at once with SERVER_BUSY, and one that waited
 * acquireTimeoutMs gets SERVER_BUSY too. Both TypeORM and readQuery take connections through
 * pool.connect, so both are covered.
 */
function boundQueue(pool: PgPool, limits: ServingLimits, kind: PoolKind): void {
  const connect = pool.connect.bind(pool);
  const busy = (reason: string) =>
    new ServerBusyError(
      `all ${pool.options.max} database connections for ${kind} are in use and ${reason}: try again shortly`,
      { pool: kind, connections: pool.options.max },
    );
  pool.connect = (cb) => {
    const full = pool.idleCount === 0 && pool.totalCount >= pool.options.max;
    if (full && pool.waitingCount >= limits.maxWaiting) {
      const e = busy(`${pool.waitingCount} requests wait for one already (GONGKAI_POOL_MAX_WAITING)`);
      if (cb) return void process.nextTick(() => cb(e));
      return Promise.reject(e);
    }
    const translate = (err: Error | undefined) =>
      err?.message === ACQUIRE_TIMEOUT
        ? busy(`none came free within ${limits.acquireTimeoutMs} ms (GONGKAI_POOL_ACQUIRE_TIMEOUT_MS)`)
        : err;
    if (cb) return connect((err, ...rest) => cb(translate(err), ...rest));
    return (connect() as Promise<unknown>).catch((err: Error) => {
      throw translate(err);
    });
  };
}

/** Every query of the data source (ds.query, repositories, query builders) with typed timeouts. */
function typeErrors(ds: DataSource, limits: ServingLimits, kind: PoolKind): void {
  const create = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (mode) => {
    const runner: QueryRunner = create(mode);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = (async (...args: unknown[]) => {
      try {
        return await query(...args);
      } catch (e) {
        // A replica gone away: the read runs on another read URL or the primary (reads are safe to repeat).
        const instead = runner.isTransactionActive ? undefined : rerouteOf(ds, e);
        if (instead) {
          const other = instead.createQueryRunner(mode);
          try {
            return await (other.query as (...a: unknown[]) => Promise<unknown>)(...args);
          } finally {
            await other.release();
          }
        }
        throw servingError(e, limits, kind);
      }
    }) as QueryRunner['query'];
    return runner;
  };
}

/** The limits a data source of serving reads was opened with (readQuery types its errors by them). */
const limitsOf = new WeakMap<DataSource, { limits: ServingLimits; kind: PoolKind }>();

export function servingLimitsOf(ds: DataSource): { limits: ServingLimits; kind: PoolKind } | undefined {
  return limitsOf.get(ds);
}

/** A pool of read-only sessions on `url`, with its timeouts and bounded queue. */
export async function openReadPool(
  url: string,
  kind: PoolKind,
  limits: ServingLimits,
  schema?: string,
): Promise<DataSource> {
  const ds = createDataSource({
    url,
    schema,
    poolSize: kind === 'analytics' ? limits.analyticsPoolSize : limits.poolSize,
    acquireTimeoutMs: limits.acquireTimeoutMs,
    applicationName: `gongkai-${kind}`,
    settings: {
      default_transaction_read_only: 'on',
      statement_timeout:
        kind === 'analytics' ? limits.analyticsStatementTimeoutMs : limits.statementTimeoutMs,
      lock_timeout: limits.lockTimeoutMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    },
  });
  await ds.initialize();
  boundQueue(poolOf(ds), limits, kind);
  typeErrors(ds, limits, kind);
  limitsOf.set(ds, { limits, kind });
  return ds;
}

/**
 * The serving connections: the writer given, and a reads and an analytics pool on each read URL
 * (GONGKAI_DATABASE_READ_URLS, else the ones given, else the writer's own URL, read-only).
 */
export async function openServing(
  writer: DataSource,
  readUrls: readonly string[],
  limits: ServingLimits,
  schema?: string,
  replication?: ReplicationOptions,
): Promise<ServingDatabase> {
  if (replication && readUrls.length) return openReplicated(writer, readUrls, limits, schema, replication);
  const urls = readUrls.length ? readUrls : [(writer.options as { url: string }).url];
  const replicas: ReadPools[] = [];
  const close = async () => {
    for (const r of replicas.splice(0)) {
      await Promise.all([r.reads.destroy(), r.analytics.destroy()]);
    }
  };
  try {
    for (const url of urls) {
      const reads = await openReadPool(url, 'reads', limits, schema);
      try {
        replicas.push({ reads, analytics: await openReadPool(url, 'analytics', limits, schema) });
      } catch (e) {
        await reads.destroy();
        throw e;
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  let turn = 0;
  const all = [...replicas];
  return {
    writer,
    replicas: all,
    pick: () => all[turn++ % all.length]!,
    close,
  };
}

async function openPools(url: string, limits: ServingLimits, schema?: string): Promise<ReadPools> {
  const reads = await openReadPool(url, 'reads', limits, schema);
  try {
    return { reads, analytics: await openReadPool(url, 'analytics', limits, schema) };
  } catch (e) {
    await reads.destroy();
    throw e;
  }
}

/**
 * Read URLs that may be streaming replicas: each checked by a monitor (src/db/replicas.ts), and
 * read-only pools on the primary's own URL to fall back on. A read URL down at start is opened
 * once a check finds it up; the primary's must open.
 */
async function openReplicated(
  writer: DataSource,
  readUrls: readonly string[],
  limits: ServingLimits,
  schema: string | undefined,
  opts: ReplicationOptions,
): Promise<ServingDatabase> {
  const targets: ReadTarget<ReadPools>[] = [];
  const rerouted = (target: ReadTarget<ReadPools>, pools: ReadPools) => {
    for (const kind of ['reads', 'analytics'] as const) {
      setReroute(pools[kind], () => r.instead(target)?.pools[kind]);
    }
    return pools;
  };
  const open = async (url: string) => {
    const target = targets.find((t) => t.url === url)!;
    return rerouted(target, await openPools(url, limits, schema));
  };
  const r: Replication<ReadPools> = new Replication(writer, targets, opts, open);
  const close = async () => {
    await r.stop();
    for (const t of targets.splice(0)) {
      const pools = t.pools;
      t.pools = undefined;
      if (pools) await Promise.all([pools.reads.destroy(), pools.analytics.destroy()]);
    }
  };
  try {
    const primaryUrl = (writer.options as { url: string }).url;
    targets.push({ url: primaryUrl, role: 'unknown', up: false, lagMs: 0, fallback: true });
    targets[0]!.pools = await open(primaryUrl);
    for (const url of readUrls) {
      targets.push({ url, role: 'unknown', up: false, lagMs: 0 });
      try {
        targets[targets.length - 1]!.pools = await open(url);
      } catch (e) {
        opts.log?.(
          `read URL ${displayUrl(url)} does not answer (${String((e as Error).message).split('\n')[0]}): ` +
            'reads go elsewhere until it does',
        );
      }
    }
    await r.start();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    writer,
    get replicas() {
      return targets.filter((t) => t.pools && !t.fallback).map((t) => t.pools!);
    },
    pick: () => r.route().pools,
    route: (o) => r.route(o),
    replication: r,
    close,
  };
}

/** A single data source standing for every role (tests, tools): nothing is split. */
export function servingOf(db: DataSource | ServingDatabase): ServingDatabase {
  if (!('initialize' in db)) return db;
  const pools = { reads: db, analytics: db };
  return { writer: db, replicas: [pools], pick: () => pools, close: async () => undefined };
}

/**
 * Lines to warn with at start: a read pool whose role is a superuser (it could turn its sessions'
 * read-only setting off) or may write to a table of the schema.
 */
export async function readRoleWarnings(db: ServingDatabase): Promise<string[]> {
  const warnings: string[] = [];
  for (const { reads } of db.replicas) {
    const [row] = (await reads.query(
      `SELECT current_user AS role, r.rolsuper AS superuser,
              EXISTS (SELECT 1 FROM pg_tables t
                       WHERE t.schemaname = current_schema()
                         AND has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'INSERT,UPDATE,DELETE')) AS writes
         FROM pg_roles r WHERE r.rolname = current_user`,
    )) as { role: string; superuser: boolean; writes: boolean }[];
    if (!row) continue;
    if (row.superuser) {
      warnings.push(
        `reads run as ${row.role}, a superuser: their sessions are read-only, but a superuser can turn that off. ` +
          'Set GONGKAI_DATABASE_READ_URLS to a SELECT-only role (README, "Least privilege")',
      );
    } else if (row.writes) {
      warnings.push(
        `reads run as ${row.role}, which may write to the tables: their sessions are read-only, but the role need not be. ` +
          'Set GONGKAI_DATABASE_READ_URLS to a SELECT-only role (README, "Least privilege")',
      );
    }
  }
  return warnings;
}
