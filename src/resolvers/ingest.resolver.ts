import { timingSafeEqual } from 'node:crypto';
import {
  Arg,
  Ctx,
  Field,
  InputType,
  Int,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { AgencyKind, AgencyLevel } from '../domain/codes';
import { Report } from '../entities';
import { UnauthenticatedError } from '../errors';
import { applyManifest, toEntry } from '../ingest/manifest';
import { saveReport } from '../ingest/load';
import { parseReport } from '../parser/parse';
import { type GraphQLContext } from '../schema/context';

export enum IngestStatus {
  LOADED = 'loaded',
  UNCHANGED = 'unchanged',
  REPLACED = 'replaced',
}
registerEnumType(IngestStatus, {
  name: 'IngestStatus',
  valuesConfig: {
    LOADED: { description: 'A new report was stored' },
    UNCHANGED: { description: 'The same text was already stored: nothing changed' },
    REPLACED: { description: 'The agency’s report for that year was replaced by this text' },
  },
});

@InputType({ description: 'What a scraper knows about the report; these values win over the text’s' })
class IngestMetadataInput {
  @Field(() => String, { nullable: true, description: 'File name or identifier of the source' })
  fileName?: string;
  @Field(() => String, { nullable: true, description: 'Full agency name' })
  agency?: string;
  @Field(() => String, { nullable: true }) province?: string;
  @Field(() => String, { nullable: true }) city?: string;
  @Field(() => String, { nullable: true }) county?: string;
  @Field(() => String, { nullable: true, description: '6-digit GB/T 2260 code' }) divisionCode?: string;
  @Field(() => AgencyLevel, { nullable: true }) level?: AgencyLevel;
  @Field(() => AgencyKind, { nullable: true }) kind?: AgencyKind;
  @Field(() => Int, { nullable: true }) year?: number;
  @Field(() => String, { nullable: true }) sourceUrl?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) publishedAt?: string;
}

@ObjectType({ simpleResolvers: true })
class IngestResult {
  @Field(() => IngestStatus) status!: IngestStatus;
  @Field(() => Report) report!: Report;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, {
    description:
      'Parse a report (text or HTML) and store it in one transaction. Needs `Authorization: Bearer <GONGKAI_API_TOKEN>`.',
  })
  async ingestReport(
    @Arg('text', { description: 'The report as text or HTML' }) text: string,
    @Arg('metadata', () => IngestMetadataInput, { nullable: true }) metadata: IngestMetadataInput | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IngestResult> {
    if (!ctx.config.apiToken) {
      throw new UnauthenticatedError(
        'This server is read-only: start it with GONGKAI_API_TOKEN set to allow ingestReport',
      );
    }
    if (!sameToken(ctx.token, ctx.config.apiToken)) {
      throw new UnauthenticatedError(
        'ingestReport needs the header "Authorization: Bearer <GONGKAI_API_TOKEN>"',
      );
    }
    const { fileName, ...rest } = metadata ?? {};
    const entry = metadata ? toEntry({ file: fileName ?? 'ingestReport', ...rest }, 'metadata') : undefined;
    const parsed = parseReport(text, { fileName });
    const saved = await saveReport(ctx.ds, applyManifest({ ...parsed, sourceFile: fileName }, entry));
    const report = await ctx.loaders.reportById.load(saved.reportId);
    return Object.assign(new IngestResult(), { status: saved.status as IngestStatus, report: report! });
  }
}
