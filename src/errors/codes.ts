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
  /** A query's estimated cost (values it may produce, list sizes multiplied in) is over the limit. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** A query has more aliased fields than the server allows. */
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  /** A query has more directives than the server allows. */
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  /** A document has more lexical tokens than the server parses. */
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** Introspection (`__schema`, `__type`) is turned off on this server. */
  INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED',
  /** The server runs only trusted documents, and this is not one of them. */
  OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED',
  /** The request ran over its deadline. */
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  /** The client has more requests running and waiting than the server takes from one client. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** A write needs an API token and none (or a wrong one) was given. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The database is unreachable or failed. */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  /** Every database connection of the server is busy and its wait queue is full, or the wait ran out. */
  SERVER_BUSY = 'SERVER_BUSY',
  /** A query ran over the server's statement or lock timeout and was stopped. */
  QUERY_TIMEOUT = 'QUERY_TIMEOUT',
  /** Saving a report failed; nothing was written. */
  INGEST_FAILED = 'INGEST_FAILED',
  /** Configuration (environment variables) is invalid. */
  CONFIG_ERROR = 'CONFIG_ERROR',
  /** Anything unexpected; details are logged, not shown, in production. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
