/**
 * The two subgraphs, put together from their resolvers (so src/schema, which the resolvers use,
 * never imports them: the layers point one way). type-graphql builds each schema from its resolvers' classes, and
 * @apollo/subgraph turns it into a Federation 2 subgraph (`_service`, `_entities`, @key on Agency
 * and Report). The reports subgraph owns Agency and Report and resolves references in batches
 * through the request's DataLoaders; the analytics subgraph adds trend fields to them by key.
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { parseId } from '../domain/ids';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { AgencyResolver } from '../resolvers/agency.resolver';
import { AnalyticsResolver } from '../resolvers/analytics/analytics.resolver';
import { AgencyAnalyticsResolver, ReportAnalyticsResolver } from '../resolvers/analytics/entities.resolver';
import { IngestResolver } from '../resolvers/ingest.resolver';
import { ReportResolver } from '../resolvers/report.resolver';
import { RowResolver } from '../resolvers/row.resolver';
import { SectionResolver } from '../resolvers/section.resolver';
import { AgencyAnalytics, ReportAnalytics } from '../schema/analytics/entities';
import { type GraphQLContext } from '../schema/context';
import '../schema/enums';

export type SubgraphName = 'reports' | 'analytics';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['reports', 'analytics'];

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])`;

type ReferenceResolvers = Record<
  string,
  { __resolveReference: (ref: { id: string }, ctx: GraphQLContext) => unknown }
>;

interface SubgraphDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own resolver class type
  resolvers: NonEmptyArray<Function>;
  /** Entity types reachable only through _entities (type-graphql emits only reachable types). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own class type
  entities?: Function[];
  references: ReferenceResolvers;
}

const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition> = {
  reports: {
    resolvers: [AgencyResolver, ReportResolver, SectionResolver, RowResolver, IngestResolver],
    references: {
      // Ids from other subgraphs are checked as every entry point checks them.
      Agency: { __resolveReference: (ref, ctx) => ctx.loaders.agencyById.load(parseId(ref.id)) },
      Report: { __resolveReference: (ref, ctx) => ctx.loaders.reportById.load(parseId(ref.id)) },
    },
  },
  analytics: {
    resolvers: [AnalyticsResolver, AgencyAnalyticsResolver, ReportAnalyticsResolver],
    entities: [AgencyAnalytics, ReportAnalytics],
    // Only the key is known here; the reports subgraph vouches for the entity.
    references: {
      Agency: { __resolveReference: (ref) => ({ id: ref.id }) },
      Report: { __resolveReference: (ref) => ({ id: ref.id }) },
    },
  },
};

async function build({ resolvers, entities, references }: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    orphanedTypes: entities,
    validate: false,
    // Federation adds Query._service/_entities itself.
    skipCheck: true,
  });
  const map = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, fields] of Object.entries(references)) {
    map[type] = { ...map[type], ...fields };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- resolver map types differ between libraries
    resolvers: map as any,
  });
}

const cache = new Map<SubgraphName, Promise<GraphQLSchema>>();

/** A subgraph's schema, built once per process (type-graphql metadata is global). */
export function buildSubgraph(name: SubgraphName): Promise<GraphQLSchema> {
  let schema = cache.get(name);
  if (!schema) {
    schema = build(SUBGRAPHS[name]);
    cache.set(name, schema);
  }
  return schema;
}

export const buildReportsSchema = (): Promise<GraphQLSchema> => buildSubgraph('reports');
export const buildAnalyticsSchema = (): Promise<GraphQLSchema> => buildSubgraph('analytics');
