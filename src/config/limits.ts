/**
 * Limits on what one request may ask of the server, checked before anything runs (README,
 * "Limits"). The defaults are the largest figures the README's queries, GraphiQL's default query,
 * the examples and the test suite need, with room to spare (`GONGKAI_LIMITS_RECORD` records them).
 */
import { ConfigError } from '../errors';
import { int } from './read';

export interface Limits {
  /** Largest estimated cost of an operation: values it may produce, list sizes multiplied in. */
  maxCost: number;
  /** Most aliased fields in an operation. */
  maxAliases: number;
  /** Most directives in an operation. */
  maxDirectives: number;
  /** Most lexical tokens in a document (Apollo's parser stops counting there). */
  maxTokens: number;
  /** Largest request body, in bytes, without the API token. */
  maxBodyBytes: number;
  /** Largest request body with a valid API token (ingestReport takes a base64 file of 7 MiB). */
  maxTokenBodyBytes: number;
  /** Whether `__schema` and `__type` may be asked for (GraphiQL needs them). */
  introspection: boolean;
  /** A JSON file of sha256 → document: when set, only those documents run. */
  trustedDocuments?: string;
  /** How long a request may take, queueing included, before it answers REQUEST_TIMEOUT. */
  requestDeadlineMs: number;
  /** Requests one client (remote address) may have running at once. */
  clientConcurrency: number;
  /** Requests one client may have waiting beyond those; more answer 429. */
  clientQueue: number;
  /** Appends each operation's measured figures to this file (JSON lines), to choose limits by. */
  record?: string;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw == null || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false; got "${env[name]}"`);
}

const MiB = 2 ** 20;

export function loadLimits(env: NodeJS.ProcessEnv, production: boolean): Limits {
  return {
    maxCost: int(env, 'GONGKAI_MAX_COST', 200_000, 1, 1e9),
    maxAliases: int(env, 'GONGKAI_MAX_ALIASES', 30, 0, 100_000),
    maxDirectives: int(env, 'GONGKAI_MAX_DIRECTIVES', 20, 0, 100_000),
    maxTokens: int(env, 'GONGKAI_MAX_TOKENS', 3_000, 100, 10_000_000),
    maxBodyBytes: int(env, 'GONGKAI_MAX_BODY_BYTES', 64 * 1024, 1024, 1024 * MiB),
    maxTokenBodyBytes: int(env, 'GONGKAI_MAX_TOKEN_BODY_BYTES', 10 * MiB, 1024, 1024 * MiB),
    // Apollo's convention: on in development, off in production unless asked for.
    introspection: bool(env, 'GONGKAI_INTROSPECTION', !production),
    trustedDocuments: env.GONGKAI_TRUSTED_DOCUMENTS?.trim() || undefined,
    requestDeadlineMs: int(env, 'GONGKAI_REQUEST_DEADLINE_MS', 15_000, 100, 3_600_000),
    clientConcurrency: int(env, 'GONGKAI_CLIENT_CONCURRENCY', 8, 1, 10_000),
    clientQueue: int(env, 'GONGKAI_CLIENT_QUEUE', 32, 0, 100_000),
    record: env.GONGKAI_LIMITS_RECORD?.trim() || undefined,
  };
}
