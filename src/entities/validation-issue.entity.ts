import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IssueCode, IssueSeverity } from '../domain/codes';
import '../schema/enums';

@ObjectType({
  simpleResolvers: true,
  description: 'A problem found in a report: a broken identity or a structural defect',
})
@Entity({ name: 'validation_issues' })
export class ValidationIssue {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'report_id', type: 'integer' })
  reportId!: number;

  @Field(() => IssueCode)
  @Column({ type: 'enum', enum: IssueCode, enumName: 'issue_code' })
  code!: IssueCode;

  @Field(() => IssueSeverity)
  @Column({ type: 'enum', enum: IssueSeverity, enumName: 'issue_severity' })
  severity!: IssueSeverity;

  @Field({ description: 'Where: a row code, column code, table or section' })
  @Column({ name: 'location', type: 'text' })
  where!: string;

  @Field()
  @Column({ type: 'text' })
  message!: string;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'source_line', type: 'integer', nullable: true })
  sourceLine!: number | null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'source_column', type: 'integer', nullable: true })
  sourceColumn!: number | null;

  @Field(() => [[Float]], {
    nullable: true,
    description:
      'AMBIGUOUS_CELLS: every reading of the row’s cells (values in column order) that satisfies the identities; none was taken',
  })
  @Column({ type: 'jsonb', nullable: true })
  candidates!: number[][] | null;
}
