import { type ApolloServerPlugin, type BaseContext, type GraphQLRequestListener } from '@apollo/server';

/**
 * A plugin whose hooks keep nothing of a request's own: one listener serves every request, where
 * a `requestDidStart` returning an object literal made a new one (and its closures) per request.
 */
export function sharedListenerPlugin<C extends BaseContext>(
  listener: GraphQLRequestListener<C>,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
