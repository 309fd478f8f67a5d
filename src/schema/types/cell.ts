import { Field, Float, Int, ObjectType } from 'type-graphql';
import {
  type CellRecord,
  type ExtraCellRecord,
  type ExtraRowRecord,
  type PrintedCellRecord,
} from '../../db/queries/report-contents';
import { ColumnCode, type RowCode, TableCode } from '../../domain/codes';
import { type PageBox as PageBoxShape } from '../../domain/report';
import '../enums';

@ObjectType({
  simpleResolvers: true,
  description: 'Where on a PDF page something was printed: points from the page’s top left corner',
})
export class PageBox implements PageBoxShape {
  @Field(() => Int, { description: '1-based page of the PDF' }) page!: number;
  @Field(() => Float, { description: 'Points from the page’s left edge' }) x!: number;
  @Field(() => Float, { description: 'Points from the page’s top edge' }) y!: number;
  @Field(() => Float) width!: number;
  @Field(() => Float) height!: number;
}

/**
 * The fields of a printed cell, shared by template rows (Cell) and extra rows (ExtraCell), which
 * inherit them. Reachable from no field, so not in the schema itself.
 */
@ObjectType()
abstract class PrintedCell implements PrintedCellRecord {
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

  @Field(() => Int, { nullable: true, description: 'PDF: the page the cell was printed on; null otherwise' })
  page!: number | null;

  @Field(() => PageBox, { nullable: true, description: 'PDF: where on its page the cell was printed' })
  box!: PageBox | null;
}

/**
 * One number of a table, with the text it was read from (as src/db reads it). Stored inside its row (report_rows.cells,
 * an array of the composite type `cell`); this class is its GraphQL shape.
 */
@ObjectType({ simpleResolvers: true, description: 'One number of a table, with the text it was read from' })
export class Cell extends PrintedCell implements CellRecord {
  reportId!: number;

  table!: TableCode;

  rowCode!: RowCode;

  @Field(() => ColumnCode)
  column!: ColumnCode;
}

@ObjectType({ simpleResolvers: true, description: 'A cell of a row that is not in the template' })
export class ExtraCell extends PrintedCell implements ExtraCellRecord {
  @Field(() => ColumnCode, {
    nullable: true,
    description: 'The column, when the row has as many cells as the table has columns; null otherwise',
  })
  column!: ColumnCode | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A row printed in a table that is not a row of the template (e.g. 其他主动公开文件 added by a province), kept as printed',
})
export class ExtraRow implements ExtraRowRecord {
  reportId!: number;

  @Field(() => TableCode)
  table!: TableCode;

  @Field(() => Int, { description: 'Order among the table’s extra rows' })
  position!: number;

  @Field({ description: 'The label as printed' })
  label!: string;

  @Field(() => Int, { nullable: true, description: 'Line of the source text the row was read from' })
  sourceLine!: number | null;

  @Field(() => PageBox, { nullable: true, description: 'PDF: where on its page the row was printed' })
  box!: PageBox | null;

  @Field(() => [ExtraCell], { description: 'The cells in printed order' })
  cells!: ExtraCell[];
}
