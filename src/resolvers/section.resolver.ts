import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { TABLE_SECTION, type TableCode } from '../domain/codes';
import { ReportRow, Section } from '../entities';
import { type GraphQLContext } from '../schema/context';

const TABLE_OF_SECTION = new Map(
  (Object.entries(TABLE_SECTION) as [TableCode, number][]).map(([table, section]) => [section, table]),
);

@Resolver(() => Section)
export class SectionResolver {
  @FieldResolver(() => [ReportRow], {
    description: 'Rows of the section’s table (sections 2–4); empty otherwise',
  })
  async rows(@Root() section: Section, @Ctx() ctx: GraphQLContext) {
    const table = TABLE_OF_SECTION.get(section.number);
    if (!table) return [];
    const rows = await ctx.loaders.rowsByReport.load(section.reportId);
    return rows.filter((r) => r.table === table);
  }
}
