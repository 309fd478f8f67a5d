import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { countAgencies, findAgencies } from '../db/queries/agencies';
import { Agency, Report } from '../entities';
import { type GraphQLContext } from '../schema/context';
import { AgencyConnection } from '../schema/types/connections';
import { AgencyFilter } from '../schema/types/filters';
import { decodeCursor, pageSize } from '../schema/types/pagination';
import { parseId } from './ids';

@ArgsType()
class AgenciesArgs {
  @Field(() => AgencyFilter, { nullable: true })
  filter?: AgencyFilter;

  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most MAX_PAGE_SIZE)' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.endCursor of the previous page' })
  after?: string;
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, { description: 'Agencies, filtered and paginated by cursor' })
  async agencies(@Args() { filter, first, after }: AgenciesArgs, @Ctx() ctx: GraphQLContext) {
    const size = pageSize(first, ctx.config.maxPageSize);
    const afterId = after ? decodeCursor(after) : undefined;
    const criteria = filter ?? {};
    const rows = await findAgencies(ctx.ds, criteria, afterId, size);
    return AgencyConnection.of(rows, size, () => countAgencies(ctx.ds, criteria));
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
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.loaders.reportsByAgency.load({ agencyId: agency.id, years: years ?? undefined });
  }
}
