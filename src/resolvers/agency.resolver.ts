import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { countAgencies, findAgencies } from '../db/queries/agencies';
import { Agency, Report } from '../entities';
import { type GraphQLContext } from '../schema/context';
import { ReportOrderField } from '../db/queries/orders';
import { AgencyConnection, ReportConnection } from '../schema/types/connections';
import { AgencyOrder, agencyOrder, ReportOrder, reportOrder } from '../schema/types/ordering';
import { AgencyFilter } from '../schema/types/filters';
import { PageArgs, readPage } from '../schema/types/pagination';
import { parseId } from '../domain/ids';

@ArgsType()
class AgenciesArgs extends PageArgs {
  @Field(() => AgencyFilter, { nullable: true })
  filter?: AgencyFilter;

  @Field(() => AgencyOrder, { nullable: true, description: 'Default: by id, ascending' })
  orderBy?: AgencyOrder;
}

@ArgsType()
class AgencyReportsArgs extends PageArgs {
  @Field(() => [Int], { nullable: true, description: 'Only these years' })
  years?: number[];

  @Field(() => ReportOrder, { nullable: true, description: 'Default: by year, ascending' })
  orderBy?: ReportOrder;
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, { description: 'Agencies, filtered and paginated by cursor' })
  async agencies(@Args() args: AgenciesArgs, @Ctx() ctx: GraphQLContext) {
    const { filter } = args;
    const order = agencyOrder(args.orderBy);
    const page = readPage(args, ctx.config.maxPageSize, order.cursor);
    const criteria = filter ?? {};
    const rows = await findAgencies(ctx.ds, criteria, { ...page, field: order.field });
    return AgencyConnection.of(rows, order.cursor, () => countAgencies(ctx.ds, criteria));
  }

  @Query(() => Agency, { nullable: true })
  agency(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.agencyById.load(parseId(id));
  }

  @FieldResolver(() => [Report], { description: 'The agency’s reports, oldest first' })
  reports(
    @Root() agency: Agency,
    @Arg('years', () => [Int], { nullable: true, description: 'Only these years' })
    years: number[] | undefined,
    @Arg('orderBy', () => ReportOrder, { nullable: true, description: 'Default: by year, ascending' })
    orderBy: ReportOrder | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    if (!orderBy) return ctx.loaders.reportsByAgency.load({ agencyId: agency.id, years: years ?? undefined });
    const order = reportOrder(orderBy, ReportOrderField.YEAR);
    const page = { field: order.field, desc: order.cursor.desc, backward: false, size: null };
    return ctx.loaders.reportPagesByAgency
      .load({ agencyId: agency.id, years: years ?? undefined, page })
      .then((p) => p.rows);
  }

  @FieldResolver(() => ReportConnection, {
    description:
      'The agency’s reports as pages (first/after, last/before) in any order; default by year, ascending',
  })
  async reportsConnection(
    @Root() agency: Agency,
    @Args() args: AgencyReportsArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    const order = reportOrder(args.orderBy, ReportOrderField.YEAR);
    const page = { ...readPage(args, ctx.config.maxPageSize, order.cursor), field: order.field };
    const years = args.years ?? undefined;
    const read = await ctx.loaders.reportPagesByAgency.load({ agencyId: agency.id, years, page });
    return ReportConnection.of(read, order.cursor, () =>
      ctx.loaders.reportCountByAgency.load({ agencyId: agency.id, years }),
    );
  }
}
