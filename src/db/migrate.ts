import { type DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';

/** Called once when another process holds the migration lock of this schema and we wait for it. */
export type OnMigrationWait = (message: string) => void;

/**
 * Apply pending migrations, each in its own transaction; returns their names. Several servers
 * starting at once against one database (a rollout, `gongkai serve` on many machines) would race
 * each other's CREATEs (TypeORM takes no lock: typeorm/typeorm#4588), so the run holds a session
 * advisory lock for the schema: the first process migrates, the others wait, then find nothing
 * pending. The lock is keyed by the schema, so schemas of one database migrate independently.
 */
export async function migrateUp(ds: DataSource, onWait?: OnMigrationWait): Promise<string[]> {
  return withMigrationLock(ds, onWait, async (runner) => {
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    return done.map((m) => m.name);
  });
}

/** Revert every applied migration, newest first. */
export async function migrateDownAll(ds: DataSource, onWait?: OnMigrationWait): Promise<number> {
  return withMigrationLock(ds, onWait, async (runner) => {
    let reverted = 0;
    while (await hasApplied(ds, runner)) {
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'each';
      await executor.undoLastMigration();
      reverted++;
    }
    return reverted;
  });
}

// One lock class for Gongkai's migrations (the first key); the schema is the second.
const LOCK_KEYS = `hashtext('gongkai.migrations'), hashtext(current_schema())`;

/** Run `fn` on one connection that holds the schema's migration lock (released after, or on close). */
async function withMigrationLock<T>(
  ds: DataSource,
  onWait: OnMigrationWait | undefined,
  fn: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = ds.createQueryRunner('master');
  try {
    await runner.connect();
    const [got] = (await runner.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS got`)) as {
      got: boolean;
    }[];
    if (!got?.got) {
      onWait?.('waiting for another process applying migrations to this schema');
      await runner.query(`SELECT pg_advisory_lock(${LOCK_KEYS})`);
    }
    try {
      return await fn(runner);
    } finally {
      // A failed unlock must not hide the run's own error; a dead connection held no lock.
      await runner.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

async function hasApplied(ds: DataSource, runner: QueryRunner): Promise<boolean> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  const exists: { exists: boolean }[] = await runner.query('SELECT to_regclass($1) IS NOT NULL AS exists', [
    table,
  ]);
  if (!exists[0]?.exists) return false;
  const rows: { n: string }[] = await runner.query(`SELECT count(*) AS n FROM "${table}"`);
  return Number(rows[0]?.n ?? 0) > 0;
}
