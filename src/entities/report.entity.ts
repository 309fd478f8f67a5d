import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FormVersion } from '../domain/codes';
import { SourceKindCode } from '../schema/types/source-kind';
import '../schema/enums';

@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'One agency’s 政府信息公开工作年度报告 for one year' })
@Entity({ name: 'reports' })
export class Report {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'agency_id', type: 'integer' })
  agencyId!: number;

  @Field(() => Int, { description: 'The year the report is about (not the year it was published)' })
  @Column({ type: 'smallint' })
  year!: number;

  @Field(() => FormVersion)
  @Column({ name: 'form_version', type: 'enum', enum: FormVersion, enumName: 'form_version' })
  formVersion!: FormVersion;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'The agency name as printed in the report' })
  @Column({ name: 'name_in_text', type: 'text', nullable: true })
  nameInText!: string | null;

  @Field(() => GraphQLDate, { nullable: true })
  @Column({ name: 'published_at', type: 'date', nullable: true })
  publishedAt!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'File name the report was ingested from' })
  @Column({ name: 'source_file', type: 'text', nullable: true })
  sourceFile!: string | null;

  @Field({ description: 'sha256 of the source text; re-ingesting identical text is a no-op' })
  @Column({ name: 'source_sha256', type: 'char', length: 64 })
  sourceSha256!: string;

  // Large: not selected with the report; Report.sourceText loads it on demand.
  @Column({ name: 'source_text', type: 'text', select: false })
  sourceText!: string;

  @Field(() => SourceKindCode, {
    nullable: true,
    description: 'What the report was read from; null for reports stored before this was recorded',
  })
  @Column({
    name: 'source_kind',
    type: 'enum',
    enum: SourceKindCode,
    enumName: 'source_kind',
    nullable: true,
  })
  sourceKind!: SourceKindCode | null;

  @Field({
    description:
      'Version of the parser that read the report; `gongkai ingest --reparse` reads older ones again',
  })
  @Column({ name: 'parser_version', type: 'text' })
  parserVersion!: string;

  @Field(() => GraphQLDateTime)
  @Column({ name: 'ingested_at', type: 'timestamptz' })
  ingestedAt!: Date;
}
