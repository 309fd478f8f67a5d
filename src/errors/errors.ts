import { ErrorCode } from './codes';

/** Base of Gongkai's own errors: a code, and a message saying what the user can do. */
export class GongkaiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input text that cannot be read as a report, with where reading stopped (1-based). */
export class ParseError extends GongkaiError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly source?: string,
  ) {
    super(ErrorCode.PARSE_ERROR, `${source ? `${source}:` : ''}${line}:${column}: ${message}`, {
      line,
      column,
      ...(source ? { source } : {}),
    });
  }
}

export class InputTooLargeError extends GongkaiError {
  constructor(what: string, size: number, limit: number) {
    super(
      ErrorCode.INPUT_TOO_LARGE,
      `${what} is ${size} bytes, over the limit of ${limit} bytes; split the input or raise the limit`,
      { size, limit },
    );
  }
}

export class BadUserInputError extends GongkaiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

export class UnauthenticatedError extends GongkaiError {
  constructor(message: string) {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ConfigError extends GongkaiError {
  constructor(message: string) {
    super(ErrorCode.CONFIG_ERROR, message);
  }
}

export class IngestError extends GongkaiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.INGEST_FAILED, message, details);
  }
}

/** The database cannot be reached or started; the message says what to do. */
export class DatabaseUnavailableError extends GongkaiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.DATABASE_UNAVAILABLE, message, details);
  }
}

/** No database connection could be had in time: every one is busy and the wait queue is full, or the wait ran out. */
export class ServerBusyError extends GongkaiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.SERVER_BUSY, message, details);
  }
}

/** A query was stopped by the statement or lock timeout of the server's sessions. */
export class QueryTimeoutError extends GongkaiError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.QUERY_TIMEOUT, message, details);
  }
}
