import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RowCode, TableCode } from '../domain/codes';
import { PageBox } from '../schema/types/cell';
import '../schema/enums';

@ObjectType('Row', { simpleResolvers: true, description: 'A row of one of the three tables' })
@Entity({ name: 'report_rows' })
export class ReportRow {
  @PrimaryColumn({ name: 'report_id', type: 'integer' })
  reportId!: number;

  @Field(() => TableCode)
  @PrimaryColumn({ name: 'table_code', type: 'enum', enum: TableCode, enumName: 'table_code' })
  table!: TableCode;

  @Field(() => RowCode)
  @PrimaryColumn({ name: 'row_code', type: 'enum', enum: RowCode, enumName: 'row_code' })
  code!: RowCode;

  @Field({ description: 'The row label as printed' })
  @Column({ type: 'text' })
  label!: string;

  @Field(() => Int, { description: 'Order of the row in its table' })
  @Column({ type: 'smallint' })
  position!: number;

  @Field(() => Int, { nullable: true, description: 'Line of the source text the row was read from' })
  @Column({ name: 'source_line', type: 'integer', nullable: true })
  sourceLine!: number | null;

  // A page_box in the database, read beside the columns by the rows loader (not a TypeORM column).
  @Field(() => PageBox, { nullable: true, description: 'PDF: where on its page the row was printed' })
  box!: PageBox | null;
}
