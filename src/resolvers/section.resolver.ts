import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { TABLE_SECTION, type TableCode } from '../domain/codes';
import { ReportRow, Section } from '../entities';
import { type GraphQLContext } from '../schema/context';
import { ExtraRow } from '../schema/types/cell';

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

  @FieldResolver(() => Boolean, {
    description:
      'Some row of the section’s table could not be read (its issue names the row) and is left out; the other rows are as read',
  })
  async partial(@Root() section: Section, @Ctx() ctx: GraphQLContext) {
    const table = TABLE_OF_SECTION.get(section.number);
    if (!table) return false;
    return (await ctx.loaders.partialTablesByReport.load(section.reportId)).includes(table);
  }

  @FieldResolver(() => [ExtraRow], {
    description: 'Rows printed in the section’s table that are not rows of the template, in printed order',
  })
  async extraRows(@Root() section: Section, @Ctx() ctx: GraphQLContext) {
    const table = TABLE_OF_SECTION.get(section.number);
    if (!table) return [];
    const rows = await ctx.loaders.extraRowsByReport.load(section.reportId);
    return rows.filter((r) => r.table === table);
  }
}
