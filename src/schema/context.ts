import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { type Cacheable } from '../server/response-cache';
import { createLoaders, type Loaders } from '../loaders';
import { type AnalyticsLoaders, createAnalyticsLoaders } from '../loaders/analytics';

/** What every resolver sees: the data source, this request's loaders, configuration. */
export interface GraphQLContext extends Cacheable {
  ds: DataSource;
  loaders: Loaders;
  /** Loaders of the analytics subgraph's entity fields. */
  analytics: AnalyticsLoaders;
  config: Config;
  /** Bearer token of the request, if any (mutations check it against config.apiToken). */
  token?: string;
}

export function createContext(ds: DataSource, config: Config, token?: string): GraphQLContext {
  return { ds, loaders: createLoaders(ds), analytics: createAnalyticsLoaders(ds), config, token };
}
