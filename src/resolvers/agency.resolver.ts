import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { countAgencies, findAgencies } from '../db/queries/agencies';
import { Agency, Report } from '../entities';
import { type GraphQLContext } from '../schema/context';
import { AgencyConnection } from '../schema/types/connections';
import { AgencyFilter } from '../schema/types/filters';
import { PageArgs, readPage } from '../schema/types/pagination';
import { parseId } from '../domain/ids';

@ArgsType()
class AgenciesArgs extends PageArgs {
  @Field(() => AgencyFilter, { nullable: true })
  filter?: AgencyFilter;
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, { description: 'Agencies, filtered and paginated by cursor' })
  async agencies(@Args() args: AgenciesArgs, @Ctx() ctx: GraphQLContext) {
    const { filter } = args;
    const { size, afterId } = readPage(args, ctx.config.maxPageSize);
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
