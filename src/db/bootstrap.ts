/**
 * Opening the database for a command: the configured server, or an embedded Postgres
 * started in the data folder when DATABASE_URL is not set. Migrations run on open.
 */
import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { openDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded';
import { migrateUp } from './migrate';

export interface Database {
  ds: DataSource;
  /** True when an embedded Postgres was started for this process. */
  embedded: boolean;
  /** Close connections and stop the embedded Postgres, if any. */
  close(): Promise<void>;
}

export async function openDatabase(
  config: Config,
  opts: { migrate?: boolean; log?: (msg: string) => void } = {},
): Promise<Database> {
  const log = opts.log ?? (() => undefined);
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    log(
      `no DATABASE_URL: starting embedded Postgres (data in ${config.dataDir}, port ${config.embeddedPgPort})`,
    );
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    url = pg.url;
    stopEmbedded = pg.stop;
  }
  try {
    const ds = await openDataSource({ url, schema: config.databaseSchema });
    if (opts.migrate !== false) {
      const applied = await migrateUp(ds);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    }
    return {
      ds,
      embedded: stopEmbedded != null,
      async close() {
        await ds.destroy();
        await stopEmbedded?.();
      },
    };
  } catch (e) {
    await stopEmbedded?.();
    throw e;
  }
}
