import { type DataSource } from 'typeorm';

/** Apply pending migrations, each in its own transaction; returns their names. */
export async function migrateUp(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

/** Revert every applied migration, newest first. */
export async function migrateDownAll(ds: DataSource): Promise<number> {
  let reverted = 0;
  while (await hasApplied(ds)) {
    await ds.undoLastMigration({ transaction: 'each' });
    reverted++;
  }
  return reverted;
}

async function hasApplied(ds: DataSource): Promise<boolean> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  const exists: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [
    table,
  ]);
  if (!exists[0]?.exists) return false;
  const rows: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM "${table}"`);
  return Number(rows[0]?.n ?? 0) > 0;
}
