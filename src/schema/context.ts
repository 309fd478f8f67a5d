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
  /**
   * Reads go to a streaming replica not yet seen to have replayed the last change heard: the
   * answer is served (one snapshot, old but whole) and not kept by the response cache.
   */
  readsBehind?: boolean;
}

/**
 * A request's context; reads go to the next read URL's pools (a plain data source serves all).
 * With streaming replicas, `primary` sends its reads to the primary (the server asks so for
 * requests with the API token: the writer's, who ingests, so that it sees its own writes).
 */
export function createContext(
  db: DataSource | ServingDatabase,
  config: Config,
  token?: string,
  opts: { primary?: boolean } = {},
): GraphQLContext {
  const serving = servingOf(db);
  const route = serving.route?.({ primary: opts.primary });
  const { reads, analytics } = route?.pools ?? serving.pick();
  return {
    ...(route && !route.fresh ? { readsBehind: true } : {}),
    ds: reads,
    analyticsDs: analytics,
    writer: serving.writer,
    loaders: createLoaders(reads),
    analytics: createAnalyticsLoaders(analytics),
    config,
    token,
  };
}
