/** Environment configuration, parsed and checked once. */
import path from 'node:path';
import { ConfigError } from '../errors';
import { announce, CONFIG_RENAMES, currentNames } from './env';
import { type Limits, loadLimits } from './limits';
import { type AccessLogPolicy, loadAccessLog } from './access-log';
import { int } from './read';
import { loadServing, type ServingConfig } from './serving';

export type { Limits } from './limits';
export type { AccessLogPolicy } from './access-log';
export type { ServingConfig, ServingLimits } from './serving';

export interface Config {
  /** HTTP port of the GraphQL server. */
  port: number;
  /** Postgres connection string; when absent an embedded Postgres is started. */
  databaseUrl?: string;
  /** Postgres schema holding Gongkai's tables (default: public). */
  databaseSchema?: string;
  /** Where the embedded Postgres keeps its data. */
  dataDir: string;
  /** Port of the embedded Postgres (not 5432, so it never clashes with a system server). */
  embeddedPgPort: number;
  /** Production mode masks internal error details. */
  production: boolean;
  /** Token that unlocks mutations; without it the API is read-only. */
  apiToken?: string;
  /** Largest page a list field returns. */
  maxPageSize: number;
  /** Deepest selection nesting a query may have. */
  maxQueryDepth: number;
  /** Allowed CORS origins; `*` allows any. */
  corsOrigins: string[] | '*';
  /** Memory for kept answers to repeated queries, in MiB; 0 turns the response cache off. */
  responseCacheMb: number;
  /** Longest a kept answer is served, in seconds (a backstop: saves drop them at once). */
  responseCacheTtlSeconds: number;
  /** What one request may ask of the server (src/config/limits.ts). */
  limits: Limits;
  /** Read URLs, session timeouts and pools of a server (src/config/serving.ts). */
  serving: ServingConfig;
  /** Which requests leave an access line (src/config/access-log.ts). */
  accessLog: AccessLogPolicy;
}

/**
 * The configuration from the environment (process.env unless given), read under the GONGKAI_
 * names; old names work with a notice on stderr (src/config/env.ts), printed for process.env only.
 */
export function loadConfig(given: NodeJS.ProcessEnv = process.env): Config {
  const { env, notices } = currentNames(given, CONFIG_RENAMES);
  if (given === process.env) announce(notices);
  const databaseUrl = env.GONGKAI_DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`GONGKAI_DATABASE_URL must be a postgres:// URL; got "${databaseUrl}"`);
  }
  const origins = env.GONGKAI_CORS_ORIGINS?.trim();
  const databaseSchema = env.GONGKAI_DATABASE_SCHEMA?.trim() || undefined;
  if (databaseSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError(
      `GONGKAI_DATABASE_SCHEMA must be a lower-case identifier (a-z, 0-9, _); got "${databaseSchema}"`,
    );
  }
  return {
    port: int(env, 'GONGKAI_PORT', 4000, 0, 65535),
    databaseUrl,
    databaseSchema,
    dataDir: path.resolve(env.GONGKAI_DATA_DIR?.trim() || '.data'),
    embeddedPgPort: int(env, 'GONGKAI_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    production: env.NODE_ENV === 'production',
    apiToken: env.GONGKAI_API_TOKEN?.trim() || undefined,
    maxPageSize: int(env, 'GONGKAI_MAX_PAGE_SIZE', 100, 1, 10000),
    maxQueryDepth: int(env, 'GONGKAI_MAX_QUERY_DEPTH', 12, 2, 100),
    corsOrigins: !origins || origins === '*' ? '*' : origins.split(',').map((o) => o.trim()),
    responseCacheMb: int(env, 'GONGKAI_RESPONSE_CACHE_MB', 64, 0, 65536),
    responseCacheTtlSeconds: int(env, 'GONGKAI_RESPONSE_CACHE_TTL', 300, 1, 86400),
    limits: loadLimits(env, env.NODE_ENV === 'production'),
    serving: loadServing(env),
    accessLog: loadAccessLog(env),
  };
}
