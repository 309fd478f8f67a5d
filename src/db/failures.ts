/**
 * What a database failure means for whoever meets it: the database is out of reach (a server
 * answers 503 DATABASE_UNAVAILABLE), or a failure that may pass on another try (a queue job is
 * retried). Both look through an error's causes alike (someCause).
 */
import { GraphQLError } from 'graphql';
import { ErrorCode, GongkaiError } from '../errors';

/**
 * Whether `test` holds for the error or one of its causes (typeorm's driverError, `cause`,
 * AggregateError's errors, a GraphQLError's original error), at most 6 deep. `test` answers true
 * (found), false (this error settles it: not found) or undefined (look at its causes).
 */
export function someCause(error: unknown, test: (e: object) => boolean | undefined, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const verdict = test(error);
  if (verdict !== undefined) return verdict;
  const e = error as { cause?: unknown; driverError?: unknown; errors?: unknown };
  const inner = [e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : [])];
  if (error instanceof GraphQLError) inner.push(error.originalError);
  return inner.some((c) => c !== error && someCause(c, test, depth + 1));
}

/** Node's and Postgres's codes for a server that cannot be reached or is going away. */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** pg's own messages for a connection lost or never had. */
const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error (or one of its causes) is a database outage. */
export function isDatabaseOutage(error: unknown): boolean {
  return someCause(error, (e) => {
    if (e instanceof GongkaiError) return e.code === ErrorCode.DATABASE_UNAVAILABLE;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (OUTAGE_CODES.has(code) || /^08/.test(code))) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
    return undefined;
  });
}
