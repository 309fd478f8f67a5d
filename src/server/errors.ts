/** How errors leave the server: our typed errors keep their code; internals are masked in production. */
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { type GraphQLFormattedError } from 'graphql';
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
