import { Arg, Ctx, Float, Int, Query, Resolver } from 'type-graphql';
import { cellTrend } from '../../analytics/cell-trend';
import { GroupBy } from '../../analytics/groups';
import { coverageGaps, issueCounts, qualitySummary } from '../../analytics/quality';
import { groupRates, Rate, rankGroups } from '../../analytics/rates';
import { refusedBreakdown } from '../../analytics/refused-breakdown';
import { searchSections } from '../../analytics/section-search';
import { sectionSimilarity } from '../../analytics/section-similarity';
import {
  Coverage,
  GroupRates,
  IssueCount,
  MeasureInput,
  QualitySummary,
  RankOrder,
  RefusedBreakdownRow,
  SectionMatch,
  SectionSimilarity,
  TrendPoint,
} from '../../schema/analytics/types';
import { type GraphQLContext } from '../../schema/context';
import { ReportFilter, toScope } from '../../schema/types/filters';

// Enum arguments have no GraphQL defaults: defaults lose their internal value when a subgraph
// schema is rebuilt from SDL; the defaults are applied here and stated in the descriptions.
const filterArg = { nullable: true } as const;
const groupByArg = { nullable: true, description: 'Default NONE' } as const;

@Resolver()
export class AnalyticsResolver {
  @Query(() => [RefusedBreakdownRow], {
    description:
      'The refused-disclosure breakdown (不予公开 by the eight reasons) per year, optionally grouped',
  })
  refusedBreakdown(
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('groupBy', () => GroupBy, groupByArg) groupBy: GroupBy | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return refusedBreakdown(ctx.analyticsDs, toScope(filter), groupBy ?? GroupBy.NONE);
  }

  @Query(() => [TrendPoint], { description: 'Any figure by year, with the change from the previous year' })
  trend(
    @Arg('measure', () => MeasureInput) measure: MeasureInput,
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('groupBy', () => GroupBy, groupByArg) groupBy: GroupBy | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return cellTrend(ctx.analyticsDs, measure, toScope(filter), groupBy ?? GroupBy.NONE);
  }

  @Query(() => [GroupRates], { description: 'Grant, refusal, not-held and litigation rates per group' })
  rates(
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('groupBy', () => GroupBy, groupByArg) groupBy: GroupBy | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return groupRates(ctx.analyticsDs, toScope(filter), groupBy ?? GroupBy.NONE);
  }

  @Query(() => [GroupRates], {
    description: 'Top or bottom groups by a rate, among groups with enough requests',
  })
  ranking(
    @Arg('rate', () => Rate) rate: Rate,
    @Arg('groupBy', () => GroupBy, { description: 'PROVINCE, CITY, COUNTY or AGENCY' }) groupBy: GroupBy,
    @Arg('order', () => RankOrder, { nullable: true, description: 'Default TOP' })
    order: RankOrder | undefined,
    @Arg('limit', () => Int, { defaultValue: 10 }) limit: number,
    @Arg('minRequests', () => Float, { defaultValue: 30, description: 'Minimum Σ 总计 of a group' })
    minRequests: number,
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return rankGroups(ctx.analyticsDs, toScope(filter), {
      rate,
      groupBy,
      order: order ?? RankOrder.TOP,
      limit,
      minRequests,
    });
  }

  @Query(() => [IssueCount], { description: 'Identity breaks and structural issues by code, year and group' })
  issueCounts(
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('groupBy', () => GroupBy, groupByArg) groupBy: GroupBy | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return issueCounts(ctx.analyticsDs, toScope(filter), groupBy ?? GroupBy.NONE);
  }

  @Query(() => [QualitySummary], {
    description: 'Per year: reports with issues, flagged tables, carry-over breaks',
  })
  qualitySummary(
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return qualitySummary(ctx.analyticsDs, toScope(filter));
  }

  @Query(() => Coverage, { description: 'Agencies with no report for some year of [yearFrom, yearTo]' })
  coverage(
    @Arg('filter', () => ReportFilter) filter: ReportFilter,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    return coverageGaps(ctx.analyticsDs, toScope(filter), Math.min(limit, ctx.config.maxPageSize));
  }

  @Query(() => [SectionSimilarity], {
    description: 'Sections most similar to the same agency’s previous year (pg_trgm), most similar first',
  })
  similarSections(
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('minSimilarity', () => Float, { defaultValue: 0.9 }) minSimilarity: number,
    @Arg('section', () => Int, { nullable: true, description: '1–6; default all' })
    section: number | undefined,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    return sectionSimilarity(ctx.analyticsDs, toScope(filter), {
      minSimilarity,
      section,
      limit: Math.min(limit, ctx.config.maxPageSize),
    });
  }

  @Query(() => [SectionMatch], {
    description: 'Sections containing a text (matched literally), newest first',
  })
  searchSections(
    @Arg('text') text: string,
    @Arg('filter', () => ReportFilter, filterArg) filter: ReportFilter | undefined,
    @Arg('section', () => Int, { nullable: true }) section: number | undefined,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    return searchSections(ctx.analyticsDs, text, toScope(filter), {
      section,
      limit: Math.min(limit, ctx.config.maxPageSize),
    });
  }
}
