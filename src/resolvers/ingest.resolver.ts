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
import { BadUserInputError, InputTooLargeError, UnauthenticatedError } from '../errors';
import { readDocument } from '../ingest/ingest-file';
import { applyManifest, toEntry } from '../ingest/manifest';
import { saveReport } from '../db/writes/save';
import { type GraphQLContext } from '../schema/context';
import { sameToken } from './token';

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

/**
 * Largest file ingestReport takes, decoded. Its base64 text (4/3 of it) and the rest of the query
 * stay under the 10 MiB request body the server reads.
 */
export const MAX_INGEST_FILE_BYTES = 7 * 2 ** 20;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The `file` argument as bytes: base64 (whitespace allowed), size-capped before it is decoded. */
function decodeFile(file: string): Buffer {
  const text = file.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new BadUserInputError('file must be the file’s bytes in base64 (RFC 4648, with padding)', {
      argument: 'file',
    });
  }
  const size = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (size > MAX_INGEST_FILE_BYTES) throw new InputTooLargeError('file', size, MAX_INGEST_FILE_BYTES);
  return Buffer.from(text, 'base64');
}

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, {
    description:
      'Parse a report (text, HTML, or a PDF or Word file) and store it in one transaction. Give `text` or `file`. Needs `Authorization: Bearer <GONGKAI_API_TOKEN>`.',
  })
  async ingestReport(
    @Arg('text', () => String, { nullable: true, description: 'The report as text or HTML' })
    text: string | undefined,
    @Arg('file', () => String, {
      nullable: true,
      description:
        'The report file in base64: PDF, Word (.docx), HTML or text, told apart by content; at most 7 MiB decoded',
    })
    file: string | undefined,
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
    if ((text == null) === (file == null)) {
      throw new BadUserInputError('give the report as either `text` or `file` (base64), not both or neither');
    }
    const { fileName, ...rest } = metadata ?? {};
    const entry = metadata ? toEntry({ file: fileName ?? 'ingestReport', ...rest }, 'metadata') : undefined;
    const parsed = await readDocument(text ?? decodeFile(file!), { fileName });
    // The one write of the API: through GONGKAI_DATABASE_URL, never the read-only sessions.
    const saved = await saveReport(ctx.writer, applyManifest({ ...parsed, sourceFile: fileName }, entry));
    const report = await ctx.loaders.reportById.load(saved.reportId);
    return Object.assign(new IngestResult(), { status: saved.status as IngestStatus, report: report! });
  }
}
