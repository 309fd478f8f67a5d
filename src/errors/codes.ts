/**
 * Error codes Gongkai reports, in GraphQL `extensions.code` and in CLI output.
 * Apollo's own codes (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, …) pass through unchanged.
 */
export enum ErrorCode {
  /** The input text is not a report Gongkai can read (with a line and column). */
  PARSE_ERROR = 'PARSE_ERROR',
  /** The input exceeds a documented size cap. */
  INPUT_TOO_LARGE = 'INPUT_TOO_LARGE',
  /** An argument is out of range or malformed (page size, cursor, year range…). */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** A query nests deeper than the server allows. */
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  /** A write needs an API token and none (or a wrong one) was given. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The database is unreachable or failed. */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  /** Saving a report failed; nothing was written. */
  INGEST_FAILED = 'INGEST_FAILED',
  /** Configuration (environment variables) is invalid. */
  CONFIG_ERROR = 'CONFIG_ERROR',
  /** Anything unexpected; details are logged, not shown, in production. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
