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
    extra: {
      max: opts.poolSize ?? 10,
      // Unqualified names (tables, enum types) resolve in the chosen schema.
      ...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}),
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
