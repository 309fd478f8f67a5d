/**
 * The reports subgraph: type-graphql builds the schema from the decorated classes, and
 * @apollo/subgraph turns it into a Federation 2 subgraph (`_service`, `_entities`, @key on
 * Agency and Report, whose references resolve in batches through the request's DataLoaders).
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { AgencyResolver } from '../resolvers/agency.resolver';
import { IngestResolver } from '../resolvers/ingest.resolver';
import { ReportResolver } from '../resolvers/report.resolver';
import { RowResolver } from '../resolvers/row.resolver';
import { SectionResolver } from '../resolvers/section.resolver';
import { type GraphQLContext } from './context';
import './enums';

export const REPORTS_RESOLVERS = [
  AgencyResolver,
  ReportResolver,
  SectionResolver,
  RowResolver,
  IngestResolver,
] as const;

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])`;

const referenceResolvers = {
  Agency: {
    __resolveReference: (ref: { id: string }, ctx: GraphQLContext) =>
      ctx.loaders.agencyById.load(Number(ref.id)),
  },
  Report: {
    __resolveReference: (ref: { id: string }, ctx: GraphQLContext) =>
      ctx.loaders.reportById.load(Number(ref.id)),
  },
};

let cached: Promise<GraphQLSchema> | undefined;

async function build(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...REPORTS_RESOLVERS],
    validate: false,
    // Federation adds Query._service/_entities itself.
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, fields] of Object.entries(referenceResolvers)) {
    resolvers[type] = { ...resolvers[type], ...fields };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- resolver map types differ between libraries
    resolvers: resolvers as any,
  });
}

/** The reports subgraph schema, built once per process (type-graphql metadata is global). */
export function buildReportsSchema(): Promise<GraphQLSchema> {
  cached ??= build();
  return cached;
}
