import { Arg, Ctx, Float, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { ColumnCode } from '../domain/codes';
import { Cell, ReportRow } from '../entities';
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
    @Arg('column', () => ColumnCode, { defaultValue: ColumnCode.TOTAL }) column: ColumnCode,
    @Ctx() ctx: GraphQLContext,
  ) {
    const cells = await ctx.loaders.cellsByReportTable.load({ reportId: row.reportId, table: row.table });
    return cells.find((c) => c.rowCode === row.code && c.column === column)?.value ?? null;
  }
}
