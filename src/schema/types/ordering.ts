/**
 * `orderBy` of the lists: a field and a direction. Reports order by id (the default), year,
 * agency name and the common figures of report_facts; agencies by id or name. Every order ends
 * in the id, so rows with the same value keep one order between pages.
 */
import { Field, InputType, registerEnumType } from 'type-graphql';
import { AgencyOrderField, agencySortKey, ReportOrderField, reportSortKey } from '../../db/queries/orders';
import { RowCode } from '../../domain/codes';
import { ROW_LABELS } from '../../domain/labels';
import { type CursorOrder, OrderDirection } from './pagination';

registerEnumType(ReportOrderField, {
  name: 'ReportOrderField',
  description: 'What a list of reports is ordered by (then by id)',
  valuesConfig: {
    ID: { description: 'The report’s id (the order of storing)' },
    YEAR: { description: '年度' },
    AGENCY_NAME: { description: 'The agency’s name' },
    NEW_RECEIVED: { description: `${ROW_LABELS[RowCode.NEW_RECEIVED]} (总计 column)` },
    TOTAL_PROCESSED: { description: `${ROW_LABELS[RowCode.TOTAL_PROCESSED]} (总计 column)` },
    GRANTED: { description: `${ROW_LABELS[RowCode.GRANTED]} (总计 column)` },
    REFUSED_TOTAL: { description: '不予公开: the eight reasons’ total (总计)' },
    RECONSIDERATION_TOTAL: { description: '行政复议 总计' },
    LITIGATION_TOTAL: { description: '行政诉讼 总计 (未经复议 + 复议后起诉)' },
    ISSUE_COUNT: { description: 'Problems found when the report was read (Report.issues)' },
    FLAGGED_TABLES: { description: 'Tables flagged in part or whole' },
  },
});

registerEnumType(AgencyOrderField, {
  name: 'AgencyOrderField',
  description: 'What a list of agencies is ordered by (then by id)',
  valuesConfig: {
    ID: { description: 'The agency’s id (the order of storing)' },
    NAME: { description: 'The agency’s name' },
  },
});

@InputType({ description: 'The order of a list of reports' })
export class ReportOrder {
  @Field(() => ReportOrderField)
  field!: ReportOrderField;

  // Nullable with its default: graphql-jit (the subgraphs' executor) refuses a variable whose
  // input object leaves out a non-null field that has a default, which graphql-js accepts.
  @Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC })
  direction?: OrderDirection | null;
}

@InputType({ description: 'The order of a list of agencies' })
export class AgencyOrder {
  @Field(() => AgencyOrderField)
  field!: AgencyOrderField;

  // Nullable with its default: graphql-jit (the subgraphs' executor) refuses a variable whose
  // input object leaves out a non-null field that has a default, which graphql-js accepts.
  @Field(() => OrderDirection, { nullable: true, defaultValue: OrderDirection.ASC })
  direction?: OrderDirection | null;
}

/** A report order as the page query and its cursors take it. */
export function reportOrder(
  order: ReportOrder | undefined,
  fallback: ReportOrderField = ReportOrderField.ID,
): { field: ReportOrderField; cursor: CursorOrder } {
  const field = order?.field ?? fallback;
  const desc = order?.direction === OrderDirection.DESC;
  return { field, cursor: { name: field, desc, type: reportSortKey(field, desc)?.type } };
}

export function agencyOrder(order: AgencyOrder | undefined): {
  field: AgencyOrderField;
  cursor: CursorOrder;
} {
  const field = order?.field ?? AgencyOrderField.ID;
  const desc = order?.direction === OrderDirection.DESC;
  return { field, cursor: { name: field, desc, type: agencySortKey(field)?.type } };
}
