import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type GraphQLRequestContext, type GraphQLRequestListener } from '@apollo/server';
import { sharedListenerPlugin } from '../../../src/server/shared-listener';

test('a shared-listener plugin gives every request the one listener it was made with', async () => {
  const listener: GraphQLRequestListener<object> = { async didResolveOperation() {} };
  const plugin = sharedListenerPlugin(listener);
  const start = plugin.requestDidStart!;
  const first = await start({} as GraphQLRequestContext<object>);
  const second = await start({} as GraphQLRequestContext<object>);
  assert.equal(first, listener);
  assert.equal(second, listener);
});
