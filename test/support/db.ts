/**
 * A real Postgres for each test file, isolated in a schema of its own so files can run in
 * parallel against one server: GONGKAI_TEST_DATABASE_URL or GONGKAI_DATABASE_URL (test/run.ts sets one,
 * starting an embedded Postgres when neither is given).
 */
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { type DataSource, type Logger } from 'typeorm';
import { processEnv } from '../../src/config/env';
import { openDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { migrateUp } from '../../src/db/migrate';
import { freePort } from './ports';

export interface TestDb {
  ds: DataSource;
  url: string;
  schema: string;
  /** Another data source on the same schema (e.g. with a counting logger). */
  open(logger?: Logger): Promise<DataSource>;
  cleanup(): Promise<void>;
}

let embedded: Promise<{ url: string; stop(): Promise<void> }> | undefined;

async function serverUrl(): Promise<string> {
  const env = processEnv();
  const url = env.GONGKAI_TEST_DATABASE_URL || env.GONGKAI_DATABASE_URL;
  if (url) return url;
  // Run directly (not through npm test): start a throwaway embedded Postgres for this file.
  embedded ??= freePort().then((port) =>
    startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `gongkai-test-${process.pid}`),
      port,
      ephemeral: true,
    }),
  );
  const pg = await embedded;
  process.once('beforeExit', () => void pg.stop());
  return pg.url;
}

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const url = await serverUrl();
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const ds = await openDataSource({ url, schema, poolSize: 4 });
  if (opts.migrate !== false) await migrateUp(ds);
  const others: DataSource[] = [];
  return {
    ds,
    url,
    schema,
    async open(logger?: Logger) {
      const other = await openDataSource({ url, schema, logger, poolSize: 4 });
      others.push(other);
      return other;
    },
    async cleanup() {
      for (const o of others) if (o.isInitialized) await o.destroy();
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
}
