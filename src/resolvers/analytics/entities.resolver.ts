import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AgencyAnalytics, ReportAnalytics } from '../../schema/analytics/entities';
import { MeasureInput, RefusedBreakdownRow, ReportRates, TrendPoint } from '../../schema/analytics/types';
import { type GraphQLContext } from '../../schema/context';
import { parseId } from '../../domain/ids';

@Resolver(() => AgencyAnalytics)
export class AgencyAnalyticsResolver {
  @FieldResolver(() => [TrendPoint], { description: 'A figure of this agency by year' })
  trend(
    @Root() agency: AgencyAnalytics,
    @Arg('measure', () => MeasureInput) measure: MeasureInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.analytics.agencyTrend.load({ agencyId: parseId(agency.id), measure });
  }

  @FieldResolver(() => [RefusedBreakdownRow], { description: 'This agency’s refusals by reason, per year' })
  refusalsByYear(@Root() agency: AgencyAnalytics, @Ctx() ctx: GraphQLContext) {
    return ctx.analytics.agencyRefusals.load({ agencyId: parseId(agency.id) });
  }
}

@Resolver(() => ReportAnalytics)
export class ReportAnalyticsResolver {
  @FieldResolver(() => ReportRates, {
    nullable: true,
    description: 'Shares of the report’s requests processed',
  })
  rates(@Root() report: ReportAnalytics, @Ctx() ctx: GraphQLContext) {
    return ctx.analytics.reportRates.load(parseId(report.id));
  }
}
