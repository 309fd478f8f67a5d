/**
 * How errors leave the server: our typed errors keep their code; a database that cannot be
 * reached is DATABASE_UNAVAILABLE (HTTP 503, Retry-After); everything else is masked in production
 * as INTERNAL_SERVER_ERROR and logged once, under the request id the client gets in
 * `extensions.requestId` and the `x-request-id` header.
 */
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, GongkaiError } from '../errors';
import { tokenLimitError } from './limits';
import { type Logger, processLogger } from './logging';
import { type WithRequest } from './request-id';
import { sharedListenerPlugin } from './shared-listener';
import { isDatabaseOutage } from '../db/failures';

/**
 * @apollo/gateway's code for a subgraph error that came without one: to the subgraph's own
 * server that was an unexpected error, so the gateway answers as the subgraph alone would.
 */
const DOWNSTREAM_SERVICE_ERROR = 'DOWNSTREAM_SERVICE_ERROR';

const MASKED_MESSAGE = 'Internal server error; the details are in the server log';
const OUTAGE_MESSAGE =
  'The database is unavailable; retry in a few seconds (the server log has the details under this request id)';

/** Codes that mean "not now": HTTP status, and the seconds a client should wait (Retry-After). */
const RETRY_LATER: Record<string, { status: number; retryAfter?: number }> = {
  [ErrorCode.DATABASE_UNAVAILABLE]: { status: 503, retryAfter: 5 },
  // The database helpers' codes for a full pool and a statement or lock timeout.
  SERVER_BUSY: { status: 503, retryAfter: 1 },
  QUERY_TIMEOUT: { status: 504 },
  [ErrorCode.REQUEST_TIMEOUT]: { status: 504 },
};

/**
 * Whether the error came from a subgraph's answer as JSON (a plain object at the end of its
 * causes): that subgraph's server formatted it and logged its cause already.
 */
function fromSubgraphAnswer(error: unknown): boolean {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e !== error && !(e instanceof Error);
}

/**
 * Whether an error is one the client sees masked in production (and the server logs): not ours,
 * not Apollo's (parse, validation, bad variables), not already formatted by a subgraph's server.
 */
export function isInternal(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GongkaiError) return false;
  const inner = error instanceof GraphQLError ? error.originalError : undefined;
  const innerCode = inner instanceof GraphQLError ? inner.extensions.code : undefined;
  if (typeof innerCode === 'string' && innerCode !== ErrorCode.INTERNAL_SERVER_ERROR) return false;
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  return (
    code == null || code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR || code === DOWNSTREAM_SERVICE_ERROR
  );
}

export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const tokens =
      formatted.extensions?.code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED
        ? tokenLimitError(formatted.message)
        : undefined;
    if (tokens) {
      return {
        message: tokens.message,
        extensions: { code: tokens.code, limit: 'GONGKAI_MAX_TOKENS', max: tokens.max },
      };
    }
    const original = unwrapResolverError(error);
    if (original instanceof GongkaiError) {
      return {
        ...formatted,
        message: original.message,
        extensions: { ...formatted.extensions, ...original.details, code: original.code },
      };
    }
    // Apollo re-codes validation errors (GRAPHQL_VALIDATION_FAILED); ours keep their own code.
    const inner = error instanceof GraphQLError ? error.originalError : undefined;
    const innerCode = inner instanceof GraphQLError ? inner.extensions.code : undefined;
    if (
      typeof innerCode === 'string' &&
      innerCode !== ErrorCode.INTERNAL_SERVER_ERROR &&
      (Object.values(ErrorCode) as string[]).includes(innerCode)
    ) {
      return { ...formatted, extensions: { ...formatted.extensions, code: innerCode } };
    }
    const code = formatted.extensions?.code;
    if (
      code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR ||
      code === DOWNSTREAM_SERVICE_ERROR ||
      code == null
    ) {
      // The cause is logged by errorsPlugin (or the in-process gateway), under the request id.
      if (isDatabaseOutage(error) || isDatabaseOutage(original)) {
        return {
          message: production ? OUTAGE_MESSAGE : `${OUTAGE_MESSAGE}: ${formatted.message}`,
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
        };
      }
      if (production) {
        return {
          message: MASKED_MESSAGE,
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
        };
      }
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    return formatted;
  };
}

/**
 * A subgraph's errors as its server would send them over HTTP, for the in-process gateway:
 * @apollo/gateway keeps a subgraph error's `extensions.code` (else it answers
 * DOWNSTREAM_SERVICE_ERROR), and reads nothing else of the cause. Formatted as Apollo Server
 * does before its formatError (code INTERNAL_SERVER_ERROR when there is none), then by ours, so
 * production masks here, before the gateway sees the error. Outside production the cause's stack
 * rides along unlisted, for the gateway's stack trace in development.
 */
export function subgraphAnswerErrors(
  errors: readonly (GraphQLError | GraphQLFormattedError)[],
  production: boolean,
  log?: Logger,
): GraphQLFormattedError[] {
  const format = formatError(production);
  return errors.map((error) => {
    // Already in the shape of an answer: only its code decides what is masked.
    if (!(error instanceof GraphQLError)) return format(error, error);
    if (isInternal(error)) logInternal(log ?? processLogger(), error);
    const extensions = {
      ...error.extensions,
      code: error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR,
    };
    const formatted = format({ ...error.toJSON(), extensions }, error);
    if (!production) Object.defineProperty(formatted, 'stack', { value: error.stack, enumerable: false });
    return formatted;
  });
}

function logInternal(log: Logger, error: GraphQLError | unknown): void {
  const original = unwrapResolverError(error);
  const path = error instanceof GraphQLError ? error.path?.join('.') : undefined;
  log.error(
    { err: original instanceof Error ? original : error, path, outage: isDatabaseOutage(error) || undefined },
    'internal error (masked for the client)',
  );
}

/**
 * Logs each internal error once with the request's id (not one a subgraph's server formatted and
 * logged already), puts the request id on every error the client gets, and answers HTTP 503 with
 * Retry-After (504 for timeouts) when an error says "not now".
 */
export function errorsPlugin<C extends WithRequest>(): ApolloServerPlugin<C> {
  const listener: GraphQLRequestListener<C> = {
    async didEncounterErrors({ errors, contextValue }) {
      const log = contextValue.request?.log ?? processLogger();
      for (const error of errors) {
        if (isInternal(error) && !fromSubgraphAnswer(error)) logInternal(log, error);
      }
    },
    async willSendResponse({ response, contextValue }) {
      if (response.body.kind !== 'single') return;
      const errors = response.body.singleResult.errors;
      if (!errors?.length) return;
      // Its access line is kept whatever GONGKAI_ACCESS_LOG samples.
      if (contextValue.request) contextValue.request.errors = true;
      const requestId = contextValue.request?.id;
      let retry: { status: number; retryAfter?: number } | undefined;
      response.body.singleResult.errors = errors.map((e) => {
        const code = e.extensions?.code;
        const r = typeof code === 'string' ? RETRY_LATER[code] : undefined;
        if (r && (!retry || r.status < retry.status)) retry = r;
        return requestId ? { ...e, extensions: { ...e.extensions, requestId } } : e;
      });
      if (retry) {
        response.http.status = retry.status;
        if (retry.retryAfter) response.http.headers.set('retry-after', String(retry.retryAfter));
      }
    },
  };
  return sharedListenerPlugin(listener);
}
