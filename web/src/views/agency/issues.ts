/**
 * Which cells an issue concerns. An issue names a row (its stored code) or a column; identity
 * breaks on a column concern the rows of that identity (FORMAT.md): 2 总计, 3 新收/上年结转/总计/
 * 结转下年度, 5 上年结转 (the carry-over from last year's report).
 */
import type { AgencyOverviewQuery, ColumnCode, RowCode } from '../../generated/graphql';
import { storedColumn, storedRow } from '../../labels';

export type Issue = NonNullable<AgencyOverviewQuery['agency']>['reports'][number]['issues'][number];

const ROWS_OF_COLUMN_ISSUE: Partial<Record<Issue['code'], readonly RowCode[]>> = {
  OUTCOME_TOTAL_MISMATCH: ['TOTAL_PROCESSED'],
  BALANCE_MISMATCH: ['NEW_RECEIVED', 'CARRIED_OVER', 'TOTAL_PROCESSED', 'CARRIED_FORWARD'],
  CARRY_OVER_MISMATCH: ['CARRIED_OVER'],
};
/** Row issues about the row's total; other row issues concern the whole row. */
const TOTAL_OF_ROW: ReadonlySet<Issue['code']> = new Set(['ROW_TOTAL_MISMATCH', 'REVIEW_TOTAL_MISMATCH']);

export const cellKey = (row: RowCode, column: ColumnCode): string => `${row}.${column}`;

export interface IssueIndex {
  /** Issues of one cell, by cellKey. */
  cells: Map<string, Issue[]>;
  /** Issues of a whole row, by row code. */
  rows: Map<RowCode, Issue[]>;
}

export function indexIssues(
  issues: readonly Issue[],
  rows: readonly { code: RowCode; cells: readonly { column: ColumnCode }[] }[],
): IssueIndex {
  const index: IssueIndex = { cells: new Map(), rows: new Map() };
  const add = <K>(map: Map<K, Issue[]>, key: K, issue: Issue) =>
    map.set(key, [...(map.get(key) ?? []), issue]);
  for (const issue of issues) {
    const row = rows.find((r) => storedRow(r.code) === issue.where);
    if (row) {
      if (TOTAL_OF_ROW.has(issue.code)) add(index.cells, cellKey(row.code, 'TOTAL'), issue);
      else add(index.rows, row.code, issue);
      continue;
    }
    const concerned = ROWS_OF_COLUMN_ISSUE[issue.code];
    if (!concerned) continue;
    for (const r of rows) {
      if (!concerned.includes(r.code)) continue;
      const cell = r.cells.find((c) => storedColumn(c.column) === issue.where);
      if (cell) add(index.cells, cellKey(r.code, cell.column), issue);
    }
  }
  return index;
}
