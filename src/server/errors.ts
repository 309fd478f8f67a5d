/** How errors leave the server: our typed errors keep their code; internals are masked in production. */
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, GongkaiError } from '../errors';

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
    if (typeof innerCode === 'string' && (Object.values(ErrorCode) as string[]).includes(innerCode)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: innerCode } };
    }
    const code = formatted.extensions?.code;
    if (code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR || code == null) {
      if (production) {
        // Details go to the log, not to the client.
        console.error(original);
        return {
          message: 'Internal server error; the details are in the server log',
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
