import { Arg, Ctx, Float, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { ColumnCode } from '../domain/codes';
import { ReportRow } from '../entities';
import { Cell } from '../schema/types/cell';
import { type GraphQLContext } from '../schema/context';

@Resolver(() => ReportRow)
export class RowResolver {
  @FieldResolver(() => ID)
  id(@Root() row: ReportRow): string {
    return `${row.reportId}:${row.table}:${row.code}`;
  }

  @FieldResolver(() => [Cell], { description: 'The row’s cells, in column order' })
  async cells(@Root() row: ReportRow, @Ctx() ctx: GraphQLContext) {
    const cells = await ctx.loaders.cellsByReportTable.load({ reportId: row.reportId, table: row.table });
    return cells.filter((c) => c.rowCode === row.code);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The value in one column (default: 总计)' })
  async value(
    @Root() row: ReportRow,
    // No GraphQL default: enum defaults lose their internal value when the subgraph schema is rebuilt from SDL.
    @Arg('column', () => ColumnCode, { nullable: true, description: 'Default: TOTAL (总计)' })
    column: ColumnCode | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    const cells = await ctx.loaders.cellsByReportTable.load({ reportId: row.reportId, table: row.table });
    return (
      cells.find((c) => c.rowCode === row.code && c.column === (column ?? ColumnCode.TOTAL))?.value ?? null
    );
  }
}
