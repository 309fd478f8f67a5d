/**
 * The orders lists can be read in: by id (the default, as before), by year or name, and by the
 * common figures of report_facts (the analytics read model; a list ordered by a figure joins it
 * as `f`). Each order is a sort key of ./keyset.
 */
import { factColumn, factTotal, REASON_FIGURES } from '../read-models/report-facts';
import { nullsLast, type SortKey } from './keyset';

export enum ReportOrderField {
  ID = 'ID',
  YEAR = 'YEAR',
  AGENCY_NAME = 'AGENCY_NAME',
  NEW_RECEIVED = 'NEW_RECEIVED',
  TOTAL_PROCESSED = 'TOTAL_PROCESSED',
  GRANTED = 'GRANTED',
  REFUSED_TOTAL = 'REFUSED_TOTAL',
  RECONSIDERATION_TOTAL = 'RECONSIDERATION_TOTAL',
  LITIGATION_TOTAL = 'LITIGATION_TOTAL',
  ISSUE_COUNT = 'ISSUE_COUNT',
  FLAGGED_TABLES = 'FLAGGED_TABLES',
}

export enum AgencyOrderField {
  ID = 'ID',
  NAME = 'NAME',
}

/** The report_facts figure (or total of figures) of each figure order, over alias `f`. */
const FIGURES: Partial<Record<ReportOrderField, string>> = {
  [ReportOrderField.NEW_RECEIVED]: factColumn('new_received'),
  [ReportOrderField.TOTAL_PROCESSED]: factColumn('total_processed'),
  [ReportOrderField.GRANTED]: factColumn('granted'),
  [ReportOrderField.REFUSED_TOTAL]: factTotal(REASON_FIGURES.map((f) => f.column)),
  [ReportOrderField.RECONSIDERATION_TOTAL]: factColumn('reconsideration_total'),
  [ReportOrderField.LITIGATION_TOTAL]: factColumn('litigation_total'),
};

/** Whether an order reads report_facts (joined as `f` on the report). */
export const ordersByFacts = (field: ReportOrderField): boolean =>
  FIGURES[field] != null ||
  field === ReportOrderField.ISSUE_COUNT ||
  field === ReportOrderField.FLAGGED_TABLES;

/** A report order's sort key over reports `r`, agencies `a` and report_facts `f` (none: by id). */
export function reportSortKey(field: ReportOrderField, desc: boolean): SortKey | undefined {
  const figure = FIGURES[field];
  if (figure) return { sql: nullsLast(figure, desc), type: 'double precision' };
  switch (field) {
    case ReportOrderField.ID:
      return undefined;
    case ReportOrderField.YEAR:
      return { sql: 'r.year::integer', type: 'integer' };
    case ReportOrderField.AGENCY_NAME:
      return { sql: 'a.name', type: 'text' };
    // A report has its facts row once saved; a missing one counts as none.
    case ReportOrderField.ISSUE_COUNT:
      return { sql: 'coalesce(f.issue_count, 0)', type: 'integer' };
    case ReportOrderField.FLAGGED_TABLES:
      return { sql: 'coalesce(f.flagged_tables, 0)', type: 'integer' };
  }
  throw new RangeError(`no sort key for ${field as string}`);
}

/** An agency order's sort key over agencies `a` (none: by id). */
export function agencySortKey(field: AgencyOrderField): SortKey | undefined {
  return field === AgencyOrderField.NAME ? { sql: 'a.name', type: 'text' } : undefined;
}
