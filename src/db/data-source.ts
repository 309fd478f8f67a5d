/** The TypeORM data source: entities, hand-written migrations, never `synchronize`. */
import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../../migrations';

export interface DataSourceOptions {
  url: string;
  /** Use this Postgres schema (created if missing) instead of public: tests isolate themselves so. */
  schema?: string;
  logger?: Logger;
  poolSize?: number;
  /** Session settings each connection opens with (`-c name=value`): read-only, timeouts. */
  settings?: Record<string, string | number>;
  /** Longest wait for a pooled connection, ms (pg-pool's connectionTimeoutMillis; 0 = no limit). */
  acquireTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator can tell the pools apart. */
  applicationName?: string;
}

/** The startup `options` of a connection: the schema's search path, then the settings. */
function startupOptions(opts: DataSourceOptions): string | undefined {
  const settings: [string, string | number][] = [
    // Unqualified names (tables, enum types) resolve in the chosen schema.
    ...(opts.schema ? [['search_path', `${opts.schema},public`] as [string, string]] : []),
    ...Object.entries(opts.settings ?? {}),
  ];
  return settings.length ? settings.map(([k, v]) => `-c ${k}=${v}`).join(' ') : undefined;
}

export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: opts.logger ? 'all' : false,
    logger: opts.logger,
    ...(opts.schema ? { schema: opts.schema } : {}),
    // Readers may not install extensions (TypeORM would for some column types; none here).
    installExtensions: opts.settings?.default_transaction_read_only ? false : undefined,
    extra: {
      max: opts.poolSize ?? 10,
      ...(startupOptions(opts) ? { options: startupOptions(opts) } : {}),
      ...(opts.acquireTimeoutMs ? { connectionTimeoutMillis: opts.acquireTimeoutMs } : {}),
      ...(opts.applicationName ? { application_name: opts.applicationName } : {}),
    },
  });
}

/** Initialize, creating the schema first when one is named. */
export async function openDataSource(opts: DataSourceOptions): Promise<DataSource> {
  const ds = createDataSource(opts);
  await ds.initialize();
  if (opts.schema) {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema.replace(/"/g, '""')}"`);
  }
  return ds;
}
