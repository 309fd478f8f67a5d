/** How errors leave the server: our typed errors keep their code; internals are masked in production. */
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, GongkaiError } from '../errors';

/**
 * @apollo/gateway's code for a subgraph error that came without one: to the subgraph's own
 * server that was an unexpected error, so the gateway answers as the subgraph alone would.
 */
const DOWNSTREAM_SERVICE_ERROR = 'DOWNSTREAM_SERVICE_ERROR';

const MASKED_MESSAGE = 'Internal server error; the details are in the server log';

/**
 * Whether the error came from a subgraph's answer as JSON (a plain object at the end of its
 * causes): that subgraph's server formatted it and logged its cause already.
 */
function fromSubgraphAnswer(error: unknown): boolean {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e !== error && !(e instanceof Error);
}

export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
      if (production) {
        // Details go to the log, not to the client (a subgraph's server logged its own).
        if (!fromSubgraphAnswer(error)) console.error(original);
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
): GraphQLFormattedError[] {
  const format = formatError(production);
  return errors.map((error) => {
    // Already in the shape of an answer: only its code decides what is masked.
    if (!(error instanceof GraphQLError)) return format(error, error);
    const extensions = {
      ...error.extensions,
      code: error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR,
    };
    const formatted = format({ ...error.toJSON(), extensions }, error);
    if (!production) Object.defineProperty(formatted, 'stack', { value: error.stack, enumerable: false });
    return formatted;
  });
}
