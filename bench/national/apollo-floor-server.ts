/**
 * The Apollo floor: the floor's statements (queries.ts FLOOR_A/B/C) behind Apollo Server exactly
 * as Gongkai runs it (gongkai-child.ts: the same createApp, pipeline, executor, config and pool),
 * through one field, `floor(scenario, param): JSON`, whose resolver runs the statement and returns
 * its JSON parsed. Postgres builds the whole answer, so no GraphQL object is built or completed:
 * the least any Apollo Server can do to serve a scenario, and so a bound on what Gongkai's
 * resolvers can reach with Apollo Server in front. Args: <url> <schema>.
 */
import { GraphQLEnumType, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { readQuery } from '../../src/db/prepared';
import { type GraphQLContext } from '../../src/schema/context';
import { gongkaiChild } from './gongkai-child';
import { FLOOR_A, FLOOR_B, FLOOR_C } from './queries';

// The enum's values are the scenario's names (the argument checks cap strings at 2,000 characters).
const SQL: Record<string, string> = { a: FLOOR_A, b: FLOOR_B, c: FLOOR_C };
const Scenario = new GraphQLEnumType({ name: 'Scenario', values: { a: {}, b: {}, c: {} } });

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      floor: {
        type: GraphQLJSON,
        args: { scenario: { type: new GraphQLNonNull(Scenario) }, param: { type: GraphQLInt } },
        resolve: async (_root, args: { scenario: string; param?: number | null }, ctx: GraphQLContext) => {
          const rows = await readQuery<{ json: string }>(
            ctx.ds,
            SQL[args.scenario]!,
            args.param == null ? [] : [args.param],
          );
          return rows[0] ? (JSON.parse(rows[0].json) as unknown) : null;
        },
      },
    },
  }),
});

gongkaiChild(async () => ({ schema }));
