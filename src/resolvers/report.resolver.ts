import { type GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { TableCode } from '../domain/codes';
import { countReports, findReports, JOINED_AGENCY, type PagedReport } from '../db/queries/reports';
import { Agency, Report, Section, ValidationIssue } from '../entities';
import { type GraphQLContext } from '../schema/context';
import { ReportConnection } from '../schema/types/connections';
import { ReportFilter, toScope } from '../schema/types/filters';
import { ReportOrder, reportOrder } from '../schema/types/ordering';
import { PageArgs, readPage } from '../schema/types/pagination';
import { ActiveDisclosureView, ApplicationsView, ReviewLitigationView } from '../schema/types/views';
import { parseId } from '../domain/ids';
import { nodeSelection } from './selection';

@ArgsType()
class ReportsArgs extends PageArgs {
  @Field(() => ReportFilter, { nullable: true })
  filter?: ReportFilter;

  @Field(() => ReportOrder, { nullable: true, description: 'Default: by id, ascending' })
  orderBy?: ReportOrder;
}

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, { description: 'Reports, filtered and paginated by cursor' })
  async reports(@Args() args: ReportsArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { filter } = args;
    const order = reportOrder(args.orderBy);
    const criteria = toScope(filter);
    // Read only the columns the page asks for, its agencies' included (one statement), and
    // whether rows lie behind the cursor only when that flag is asked for.
    const selection = nodeSelection(info);
    const spec = readPage(args, ctx.config.maxPageSize, order.cursor);
    const behind = selection.pageInfo.has(spec.backward ? 'hasNextPage' : 'hasPreviousPage');
    const page = { ...spec, field: order.field, behind };
    const rows = await findReports(ctx.ds, criteria, page, {
      report: selection.fields,
      agency: selection.under('agency') ?? null,
    });
    return ReportConnection.of(rows, order.cursor, () => countReports(ctx.ds, criteria));
  }

  @Query(() => Report, { nullable: true })
  report(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.reportById.load(parseId(id));
  }

  @FieldResolver(() => Agency)
  agency(@Root() report: PagedReport, @Ctx() ctx: GraphQLContext) {
    // A report of a page carries its agency (no promise per report: promiseForObject and
    // microtasks were ~7% of a list page's CPU); others are batched through the loader.
    return report[JOINED_AGENCY] ?? ctx.loaders.agencyById.load(report.agencyId);
  }

  @FieldResolver(() => String, { description: 'The full source text the report was read from' })
  async sourceText(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    // Not selected with the report (it is large); loaded only when asked for.
    return ctx.loaders.sourceTextByReport.load(report.id);
  }

  @FieldResolver(() => [Section], { description: 'The six sections, in order' })
  sections(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.sectionsByReport.load(report.id);
  }

  @FieldResolver(() => Section, { nullable: true })
  async section(
    @Root() report: Report,
    @Arg('number', () => Int, { description: '1–6' }) number: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    const sections = await ctx.loaders.sectionsByReport.load(report.id);
    return sections.find((s) => s.number === number) ?? null;
  }

  @FieldResolver(() => [ValidationIssue], { description: 'Problems found when the report was read' })
  issues(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.issuesByReport.load(report.id);
  }

  @FieldResolver(() => [TableCode], {
    description: 'Tables read in part: some row was flagged and left out (Section.partial)',
  })
  partialTables(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.partialTablesByReport.load(report.id);
  }

  @FieldResolver(() => ActiveDisclosureView, {
    nullable: true,
    description: 'Section 2 as named fields; a row flagged alone is null (Section.partial)',
  })
  async activeDisclosure(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    const grid = await ctx.loaders.gridByReportTable.load({
      reportId: report.id,
      table: TableCode.ACTIVE_DISCLOSURE,
    });
    return grid && ActiveDisclosureView.fromGrid(grid);
  }

  @FieldResolver(() => ApplicationsView, {
    nullable: true,
    description:
      'Section 3 as named fields; null when the table was missing or flagged whole, a row flagged alone is null (Section.partial)',
  })
  async applications(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    const grid = await ctx.loaders.gridByReportTable.load({
      reportId: report.id,
      table: TableCode.APPLICATIONS,
    });
    return grid && ApplicationsView.fromGrid(grid);
  }

  @FieldResolver(() => ReviewLitigationView, {
    nullable: true,
    description:
      'Section 4 as named fields; null when the table was missing or flagged whole, a row flagged alone is null (Section.partial)',
  })
  async reviewLitigation(@Root() report: Report, @Ctx() ctx: GraphQLContext) {
    const grid = await ctx.loaders.gridByReportTable.load({
      reportId: report.id,
      table: TableCode.REVIEW_LITIGATION,
    });
    return grid && ReviewLitigationView.fromGrid(grid);
  }
}
