import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ColumnCode, type RowCode, type TableCode } from '../../domain/codes';
import '../enums';

/**
 * One number of a table, with the text it was read from. Stored inside its row (report_rows.cells,
 * an array of the composite type `cell`); this class is its GraphQL shape.
 */
@ObjectType({ simpleResolvers: true, description: 'One number of a table, with the text it was read from' })
export class Cell {
  reportId!: number;

  table!: TableCode;

  rowCode!: RowCode;

  @Field(() => ColumnCode)
  column!: ColumnCode;

  @Field(() => Float, {
    nullable: true,
    description: 'The value (blank, 无, - read as 0; money in 万元); null when unreadable',
  })
  value!: number | null;

  @Field({ description: 'The cell as printed' })
  rawText!: string;

  @Field({ description: 'The cell was empty and is read as 0' })
  blank!: boolean;

  @Field({ description: 'The cell was marked not applicable (/)' })
  notApplicable!: boolean;

  @Field(() => Int, { nullable: true })
  sourceLine!: number | null;

  @Field(() => Int, { nullable: true })
  sourceColumn!: number | null;
}
