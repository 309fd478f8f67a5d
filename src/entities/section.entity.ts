import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type SectionNumber } from '../domain/codes';

@ObjectType({ simpleResolvers: true, description: 'One of the six sections of the template' })
@Entity({ name: 'sections' })
export class Section {
  @PrimaryColumn({ name: 'report_id', type: 'integer' })
  reportId!: number;

  @Field(() => Int, { description: '1–6' })
  @PrimaryColumn({ type: 'smallint' })
  number!: SectionNumber;

  @Field(() => String, { nullable: true, description: 'The heading as printed; null when it had none' })
  @Column({ name: 'printed_title', type: 'text', nullable: true })
  printedTitle!: string | null;

  @Field({ description: 'The template’s title for this section' })
  @Column({ name: 'standard_title', type: 'text' })
  standardTitle!: string;

  @Field({ description: 'The section’s text as printed' })
  @Column({ type: 'text' })
  text!: string;
}
