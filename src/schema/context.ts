import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { type ServingDatabase, servingOf } from '../db/serving';
import { createLoaders, type Loaders } from '../loaders';
import { type AnalyticsLoaders, createAnalyticsLoaders } from '../loaders/analytics';

/** What every resolver sees: the data sources, this request's loaders, configuration. */
export interface GraphQLContext {
  /** List and entity reads: read-only sessions (src/db/serving.ts). */
  ds: DataSource;
  /** Analytics aggregates: read-only sessions of their own pool, so lists never wait behind them. */
  analyticsDs: DataSource;
  /** Writes (the ingestReport mutation): GONGKAI_DATABASE_URL. */
  writer: DataSource;
  loaders: Loaders;
  /** Loaders of the analytics subgraph's entity fields. */
  analytics: AnalyticsLoaders;
  config: Config;
  /** Bearer token of the request, if any (mutations check it against config.apiToken). */
  token?: string;
  /**
   * Whether this request's answer may be kept by the response cache: set by the server's
   * cache policy plugin, read by its HTTP handler (an object: plugins get a copy of the context).
   */
  cachePolicy?: { cacheable: boolean };
}

/** A request's context; reads go to the next read URL's pools (a plain data source serves all). */
export function createContext(
  db: DataSource | ServingDatabase,
  config: Config,
  token?: string,
): GraphQLContext {
  const serving = servingOf(db);
  const { reads, analytics } = serving.pick();
  return {
    ds: reads,
    analyticsDs: analytics,
    writer: serving.writer,
    loaders: createLoaders(reads),
    analytics: createAnalyticsLoaders(analytics),
    config,
    token,
  };
}
