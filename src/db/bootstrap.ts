/**
 * Opening the database for a command: the configured server, or, when GONGKAI_DATABASE_URL is not set,
 * the embedded Postgres of the data folder: the one already running there (a `gongkai serve`
 * beside this command) or one started for this process. Migrations run on open.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { DatabaseUnavailableError } from '../errors';
import { openDataSource } from './data-source';
import {
  bootstrapStep,
  credentialsFileOf,
  grantReads,
  lockFileOf,
  type RunningEmbedded,
  runningEmbeddedPostgres,
  startEmbeddedPostgres,
} from './embedded';
import { migrateUp } from './migrate';
import { openServing, type ServingDatabase } from './serving';

export interface Database {
  ds: DataSource;
  /** True when an embedded Postgres was started for this process. */
  embedded: boolean;
  /** The embedded Postgres of another process this one uses (it keeps running after close). */
  shared?: RunningEmbedded;
  /** Where reads go when GONGKAI_DATABASE_READ_URLS is not set: the embedded reader role (else GONGKAI_DATABASE_URL). */
  readUrls: string[];
  /** Close connections and stop the embedded Postgres, if any. */
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  log?: (msg: string) => void;
  /**
   * What to do when another process already runs the data folder's embedded Postgres: use it
   * (default: a CLI command beside `npm start`), or refuse (a server, which would lose its
   * database when that process stops).
   */
  whenEmbeddedRunning?: 'share' | 'refuse';
}

/**
 * Postgres answers "starting up" or "shutting down" (57P03), or has not created the database
 * yet (3D000, a first start), for a moment: worth asking again while its process lives.
 */
const TRANSIENT = new Set(['57P03', '3D000']);
const ATTEMPTS = 40;
const PAUSE_MS = 250;

const reason = (e: unknown): string =>
  String((e as { message?: string }).message ?? e)
    .split('\n')[0]!
    .trim();

export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<Database> {
  const log = opts.log ?? (() => undefined);
  if (config.databaseUrl) {
    return finish(
      {
        ...(await connect(
          config,
          config.databaseUrl,
          'is it running, and does GONGKAI_DATABASE_URL name it?',
        )),
        readUrls: [],
      },
      config,
      opts,
      log,
    );
  }

  for (let attempt = 1; ; attempt++) {
    const running = runningEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
    if (!running) break;
    const where = `the embedded Postgres in ${config.dataDir} (pid ${running.pid}, port ${running.port})`;
    if (opts.whenEmbeddedRunning === 'refuse') {
      throw new DatabaseUnavailableError(
        `${where} is already run by another process, probably another gongkai serve: stop that one; ` +
          'or set GONGKAI_DATA_DIR to another folder (and GONGKAI_PORT and GONGKAI_EMBEDDED_PG_PORT to free ports); ' +
          `or use its data with GONGKAI_DATABASE_URL=${running.url.replace(/:[^:@/]*@/, ':PASSWORD@')} (PASSWORD: "superuser" in ${credentialsFileOf(config.dataDir)}; until that process stops)`,
        { pid: running.pid, port: running.port },
      );
    }
    if (attempt === 1) log(`no GONGKAI_DATABASE_URL: using ${where}, run by another process`);
    let ds: DataSource;
    try {
      ds = await openDataSource({ url: running.url, schema: config.databaseSchema });
    } catch (e) {
      const code = (e as { code?: string }).code;
      // Before it listens, a starting Postgres refuses connections outright.
      const transient =
        (code != null && TRANSIENT.has(code)) || (code === 'ECONNREFUSED' && running.status === 'starting');
      if (transient && attempt < ATTEMPTS) {
        await sleep(PAUSE_MS);
        continue;
      }
      throw new DatabaseUnavailableError(
        `${where} does not answer (${reason(e)}). If no Postgres runs on that folder, delete ` +
          `${lockFileOf(config.dataDir)}; or set GONGKAI_DATABASE_URL to a Postgres to use`,
        { pid: running.pid, port: running.port },
      );
    }
    return finish(
      { ds, embedded: false, shared: running, readUrls: [running.readUrl], close: () => ds.destroy() },
      config,
      opts,
      log,
    );
  }

  log(
    `no GONGKAI_DATABASE_URL: starting embedded Postgres (data in ${config.dataDir}, port ${config.embeddedPgPort})`,
  );
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
  try {
    const db = await connect(config, pg.url, 'it started but refuses connections');
    return await finish(
      {
        ...db,
        embedded: true,
        readUrls: [pg.readUrl],
        async close() {
          await db.close();
          await pg.stop();
        },
      },
      config,
      opts,
      log,
    );
  } catch (e) {
    await pg.stop();
    throw e;
  }
}

async function connect(config: Config, url: string, hint: string): Promise<Omit<Database, 'readUrls'>> {
  try {
    const ds = await openDataSource({ url, schema: config.databaseSchema });
    return { ds, embedded: false, close: () => ds.destroy() };
  } catch (e) {
    throw new DatabaseUnavailableError(
      `cannot connect to Postgres at ${url.replace(/:[^:@/]*@/, ':***@')} (${reason(e)}): ${hint}`,
    );
  }
}

/** Migrate (unless told not to); close the connections when that fails. */
async function finish(
  db: Database,
  config: Config,
  opts: OpenOptions,
  log: (msg: string) => void,
): Promise<Database> {
  try {
    if (opts.migrate !== false) {
      const applied = await migrateUp(db.ds, log);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
      bootstrapStep('migrations');
    }
    // The embedded reader role may SELECT from every table, those just made included.
    if (db.embedded || db.shared) {
      await grantReads((sql) => db.ds.query(sql), config.databaseSchema ?? 'public');
    }
    return db;
  } catch (e) {
    await db.ds.destroy();
    throw e;
  }
}

/**
 * The connections a server answers through (src/db/serving.ts): reads on GONGKAI_DATABASE_READ_URLS, else
 * the embedded reader role, else GONGKAI_DATABASE_URL; all of them read-only sessions.
 */
export function openServingDatabase(
  db: Database,
  config: Config,
  log?: (message: string) => void,
): Promise<ServingDatabase> {
  const given = config.serving.readUrls;
  const urls = given.length ? given : db.readUrls;
  // Given read URLs may be streaming replicas: checked, with the primary to fall back on.
  const replication = given.length
    ? { maxLagMs: config.serving.maxReplicaLagMs, checkMs: config.serving.replicaCheckMs, log }
    : undefined;
  return openServing(db.ds, urls, config.serving, config.databaseSchema, replication);
}
