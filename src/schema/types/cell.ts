import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ColumnCode, RowCode, TableCode } from '../domain/codes';
import '../schema/enums';
import { numericTransformer } from './numeric';

@ObjectType({ description: 'One number of a table, with the text it was read from' })
@Entity({ name: 'cells' })
export class Cell {
  @PrimaryColumn({ name: 'report_id', type: 'integer' })
  reportId!: number;

  @PrimaryColumn({ name: 'table_code', type: 'enum', enum: TableCode, enumName: 'table_code' })
  table!: TableCode;

  @PrimaryColumn({ name: 'row_code', type: 'enum', enum: RowCode, enumName: 'row_code' })
  rowCode!: RowCode;

  @Field(() => ColumnCode)
  @PrimaryColumn({ name: 'column_code', type: 'enum', enum: ColumnCode, enumName: 'column_code' })
  column!: ColumnCode;

  @Field(() => Float, {
    nullable: true,
    description: 'The value (blank, 无, - read as 0; money in 万元); null when unreadable',
  })
  @Column({ type: 'numeric', nullable: true, transformer: numericTransformer })
  value!: number | null;

  @Field({ description: 'The cell as printed' })
  @Column({ name: 'raw_text', type: 'text' })
  rawText!: string;

  @Field({ description: 'The cell was empty and is read as 0' })
  @Column({ type: 'boolean' })
  blank!: boolean;

  @Field({ description: 'The cell was marked not applicable (/)' })
  @Column({ name: 'not_applicable', type: 'boolean' })
  notApplicable!: boolean;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'source_line', type: 'integer', nullable: true })
  sourceLine!: number | null;

  @Field(() => Int, { nullable: true })
  @Column({ name: 'source_column', type: 'integer', nullable: true })
  sourceColumn!: number | null;
}
