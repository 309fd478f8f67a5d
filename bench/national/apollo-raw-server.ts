/**
 * The Apollo raw floor, for (b) only: Gongkai's app (gongkai-child.ts: same createApp, pipeline,
 * executor, config and pool) with one String field returning the floor statement's JSON text,
 * which a custom `stringifyResult` splices into the answer unparsed. No object is built,
 * completed, parsed or serialised by JavaScript: what is left is Apollo Server's own request
 * pipeline, so its p50 is the least any Apollo-served list page can reach. `stringifyResult` is
 * set on Apollo's internals after construction (Gongkai's app takes no such option): a benchmark
 * bound, never a way to serve. Args: <url> <schema>.
 */
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { readQuery } from '../../src/db/prepared';
import { type GraphQLContext } from '../../src/schema/context';
import { FLOOR_B } from './queries';
import { gongkaiChild } from './gongkai-child';

type Answer = { data?: { listPage?: string | null } | null; errors?: unknown };

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      listPage: {
        type: GraphQLString,
        args: { after: { type: GraphQLInt } },
        resolve: async (_root, args: { after: number }, ctx: GraphQLContext) =>
          (await readQuery<{ json: string }>(ctx.ds, FLOOR_B, [args.after]))[0]?.json ?? null,
      },
    },
  }),
});

gongkaiChild(
  async () => ({ schema }),
  (app) => {
    const internals = (app.apollo as unknown as { internals: { stringifyResult: (v: Answer) => string } })
      .internals;
    internals.stringifyResult = (v) =>
      v.data?.listPage && !v.errors ? `{"data":{"listPage":${v.data.listPage}}}\n` : JSON.stringify(v);
  },
);
