/**
 * The analytics subgraph's query fields, one per registered analysis (src/analytics/registry.ts):
 * each runs its analysis as `gongkai export` does, with the arguments its entry declares. The
 * fields are made here from the registry, so an analysis is registered in one place.
 */
import { Arg, Ctx, Float, Int, Query, Resolver } from 'type-graphql';
import { type Analysis, type AnalysisArgs, ANALYSES, type FieldArg } from '../../analytics/registry';
import * as analyticsTypes from '../../schema/analytics/types';
import { type GraphQLContext } from '../../schema/context';
import { ReportFilter, toScope } from '../../schema/types/filters';

/** The GraphQL types an analysis' field may name (its row type, its arguments' types). */
const TYPES: Readonly<Record<string, unknown>> = { Int, Float, String, ReportFilter, ...analyticsTypes };

/** The GraphQL type an analysis names, or an error saying which analysis names what. */
export function analyticsType(analysis: Analysis, name: string): object {
  const type = TYPES[name];
  if (typeof type !== 'function' && (typeof type !== 'object' || type === null)) {
    throw new Error(
      `analysis ${analysis.name}: no GraphQL type ${name} (export it from src/schema/analytics/types.ts)`,
    );
  }
  return type;
}

/** The analysis' arguments from its field's: the filter is the scope, a spread input its fields. */
function analysisArgs(
  field: readonly FieldArg[],
  values: readonly unknown[],
  ctx: GraphQLContext,
): AnalysisArgs {
  const args: Record<string, unknown> = {};
  let filter: ReportFilter | undefined;
  field.forEach((arg, i) => {
    const value = values[i];
    if (arg.name === 'filter') filter = value as ReportFilter | undefined;
    else if (arg.spread) Object.assign(args, value);
    else if (arg.page) args[arg.name] = Math.min(value as number, ctx.config.maxPageSize);
    else args[arg.name] = value;
  });
  return { ...args, scope: toScope(filter) };
}

@Resolver()
export class AnalyticsResolver {}

/** Adds the analysis' field to the resolver, decorated as the class syntax would decorate it. */
function addField(analysis: Analysis): void {
  const { field } = analysis;
  const prototype = AnalyticsResolver.prototype as unknown as Record<string, unknown>;
  if (field.name in prototype) throw new Error(`analysis ${analysis.name}: field ${field.name} twice`);
  const ctxIndex = field.args.length;
  prototype[field.name] = async (...values: unknown[]) => {
    const ctx = values[ctxIndex] as GraphQLContext;
    const rows = await analysis.run(ctx.analyticsDs, analysisArgs(field.args, values, ctx));
    return field.single ? rows[0] : rows;
  };
  // The SDL lists arguments in the order their decorators run (the class syntax runs them last
  // parameter first); here they run in the entry's order, the SDL's.
  field.args.forEach((arg, i) => {
    const type = analyticsType(analysis, arg.type);
    Arg(arg.name, () => type, {
      ...(arg.nullable ? { nullable: true } : {}),
      ...(arg.defaultValue !== undefined ? { defaultValue: arg.defaultValue } : {}),
      ...(arg.description !== undefined ? { description: arg.description } : {}),
    })(prototype, field.name, i);
  });
  Ctx()(prototype, field.name, ctxIndex);
  const returns = analyticsType(analysis, field.returns);
  Query(() => (field.single ? returns : [returns]), { description: field.description })(
    prototype,
    field.name,
    Object.getOwnPropertyDescriptor(prototype, field.name)!,
  );
}

for (const analysis of ANALYSES) addField(analysis);
