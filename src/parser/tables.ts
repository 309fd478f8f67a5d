/**
 * Table recognition: where each of the three tables is, and reading its rows into the template's
 * row and column codes. A table whose layout cannot be known (a row with more or fewer cells than
 * the form has columns, rows that cannot be matched to the template) is flagged, never guessed.
 */
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  REVIEW_COLUMNS,
  REVIEW_ROWS,
  RowCode,
  TableCode,
} from '../domain/codes';
import { ROW_LABELS } from '../domain/labels';
import type { NormalizedCell, NormalizedIssue, NormalizedRow, NormalizedTable } from '../domain/report';
import { activeRowsFor, applicationRowsFor } from './labels';
import type { Run } from './runs';
import type { Token } from './tokens';

export interface TableResult {
  table?: NormalizedTable;
  issues: NormalizedIssue[];
  /** 0-based first line of the table (its first cell), if the table was located. */
  startLine?: number;
  /** 0-based line after the table's last number. */
  endLine?: number;
  runs: Run[];
}

export type RowMatcher = (label: string) => readonly RowCode[];

/** The row the labels of a run name: the last label cell that names any row decides. */
export function runRows(run: Run, matcher: RowMatcher): readonly RowCode[] {
  for (let i = run.labels.length - 1; i >= 0; i--) {
    const rows = matcher((run.labels[i] as Token).norm);
    if (rows.length > 0) return rows;
  }
  return [];
}

function runLabel(run: Run, matcher: RowMatcher): Token | undefined {
  for (let i = run.labels.length - 1; i >= 0; i--) {
    const t = run.labels[i] as Token;
    if (matcher(t.norm).length > 0) return t;
  }
  return run.labels[run.labels.length - 1];
}

function cellOf(column: ColumnCode, token: Token): NormalizedCell {
  const r = token.reading;
  return {
    column,
    value: r ? r.value : null,
    raw: token.raw,
    blank: r?.blank ?? false,
    notApplicable: r?.notApplicable ?? false,
    position: { line: token.line, column: token.column },
  };
}

function issue(
  code: IssueCode,
  severity: IssueSeverity,
  where: string,
  message: string,
  token?: Token,
): NormalizedIssue {
  const i: NormalizedIssue = { code, severity, where, message };
  if (token) i.position = { line: token.line, column: token.column };
  return i;
}

interface RowSpec {
  row: RowCode;
  columns: readonly ColumnCode[];
}

/**
 * Assigns runs to the template's rows in order. A run whose label names a row takes that row
 * (the first such row not yet passed); a run with no recognisable label takes the next row by
 * position, which is only trusted when every row of the template is accounted for exactly.
 */
function assignRows(
  table: TableCode,
  runs: readonly Run[],
  specs: readonly RowSpec[],
  matcher: RowMatcher,
  trailingBlankSlack: number,
): { table?: NormalizedTable; issues: NormalizedIssue[] } {
  const issues: NormalizedIssue[] = [];
  const order = specs.map((s) => s.row);
  const assigned = new Map<RowCode, Run>();
  let pointer = 0;
  let positional = 0;
  let consumed = 0;
  for (const run of runs) {
    const cands = runRows(run, matcher);
    const blankOnly = run.values.every((v) => v.reading?.blank === true);
    if (cands.length === 0 && blankOnly && runs.length > specs.length) continue; // spacer cells
    let idx = -1;
    if (cands.length > 0) {
      for (const c of cands) {
        const k = order.indexOf(c, pointer);
        if (k >= 0 && (idx < 0 || k < idx)) idx = k;
      }
      if (idx < 0) {
        const label = runLabel(run, matcher);
        issues.push(
          issue(
            IssueCode.TABLE_LAYOUT_UNKNOWN,
            IssueSeverity.ERROR,
            table,
            `row "${label?.raw ?? ''}" is out of the template's order or repeated; the table's layout cannot be known`,
            label ?? run.values[0],
          ),
        );
        return { issues };
      }
    } else {
      if (pointer >= order.length) {
        issues.push(
          issue(
            IssueCode.TABLE_LAYOUT_UNKNOWN,
            IssueSeverity.ERROR,
            table,
            "numbers after the last row of the template; the table's layout cannot be known",
            run.values[0],
          ),
        );
        return { issues };
      }
      idx = pointer;
      positional++;
    }
    assigned.set(order[idx] as RowCode, run);
    pointer = idx + 1;
    consumed++;
  }
  if (assigned.size === 0) return { issues };
  if (positional > 0 && consumed !== specs.length) {
    const first = runs[0]?.values[0];
    issues.push(
      issue(
        IssueCode.TABLE_LAYOUT_UNKNOWN,
        IssueSeverity.ERROR,
        table,
        `${positional} row(s) have no recognisable label and the rows do not match the template one to one`,
        first,
      ),
    );
    return { issues };
  }
  const rows: NormalizedRow[] = [];
  for (const spec of specs) {
    const run = assigned.get(spec.row);
    if (!run) {
      issues.push(
        issue(
          IssueCode.MISSING_ROW,
          IssueSeverity.WARNING,
          spec.row,
          `row ${ROW_LABELS[spec.row]} not found`,
        ),
      );
      continue;
    }
    let values = run.values;
    if (values.length > spec.columns.length && trailingBlankSlack > 0) {
      // a merged value cell printed as several cells: only trailing blanks may be dropped
      const extra = values.slice(spec.columns.length);
      if (values.length <= trailingBlankSlack && extra.every((v) => v.reading?.blank === true)) {
        values = values.slice(0, spec.columns.length);
      }
    }
    const label = runLabel(run, matcher);
    if (values.length !== spec.columns.length) {
      issues.push(
        issue(
          IssueCode.CELL_COUNT_MISMATCH,
          IssueSeverity.ERROR,
          table,
          `row ${spec.row} ("${label?.raw ?? ''}") has ${values.length} cells for ${spec.columns.length} columns; the table's layout cannot be known`,
          label ?? values[0],
        ),
      );
      return { issues };
    }
    const row: NormalizedRow = {
      code: spec.row,
      label: label?.raw ?? '',
      cells: spec.columns.map((c, i) => cellOf(c, values[i] as Token)),
    };
    const at = label ?? values[0];
    if (at) row.position = { line: at.line, column: at.column };
    rows.push(row);
  }
  return { table: { table, rows }, issues };
}

export function readActiveDisclosure(runs: readonly Run[], form: FormVersion) {
  return assignRows(TableCode.ACTIVE_DISCLOSURE, runs, ACTIVE_DISCLOSURE_LAYOUT[form], activeRowsFor, 3);
}

export function readApplications(runs: readonly Run[], form: FormVersion) {
  const specs = APPLICATION_ROWS[form].map((row) => ({ row, columns: APPLICATION_COLUMNS }));
  return assignRows(TableCode.APPLICATIONS, runs, specs, applicationRowsFor, 0);
}

const REVIEW_GROUP_MATCHER: RowMatcher = (s) => {
  if (s.includes('复议后')) return [RowCode.LITIGATION_AFTER_RECONSIDERATION];
  if (s.includes('直接起诉') || s.includes('未经复议')) return [RowCode.LITIGATION_DIRECT];
  if (s.includes('行政复议') && s.length <= 8) return [RowCode.RECONSIDERATION];
  return [];
};

/**
 * Section four is one row of fifteen numbers (three groups of five). Some pages print the three
 * groups as three labelled rows of five; both are read. Anything else is flagged.
 */
export function readReview(runs: readonly Run[]): { table?: NormalizedTable; issues: NormalizedIssue[] } {
  const first = runs[0];
  if (!first) return { issues: [] };
  const perRow = REVIEW_COLUMNS.length;
  const groups: Array<{ row: RowCode; values: Token[]; label?: Token }> = [];
  if (first.values.length === perRow * REVIEW_ROWS.length) {
    REVIEW_ROWS.forEach((row, g) => {
      groups.push({ row, values: first.values.slice(g * perRow, (g + 1) * perRow) });
    });
  } else if (
    runs.length >= REVIEW_ROWS.length &&
    REVIEW_ROWS.every((row, g) => {
      const run = runs[g] as Run;
      return run.values.length === perRow && runRows(run, REVIEW_GROUP_MATCHER)[0] === row;
    })
  ) {
    REVIEW_ROWS.forEach((row, g) => {
      const run = runs[g] as Run;
      const label = runLabel(run, REVIEW_GROUP_MATCHER);
      groups.push(label ? { row, values: run.values, label } : { row, values: run.values });
    });
  } else {
    const at = first.values[0];
    return {
      issues: [
        issue(
          IssueCode.CELL_COUNT_MISMATCH,
          IssueSeverity.ERROR,
          TableCode.REVIEW_LITIGATION,
          `the review and litigation row has ${first.values.length} cells for ${perRow * REVIEW_ROWS.length} columns; the table's layout cannot be known`,
          at,
        ),
      ],
    };
  }
  const rows: NormalizedRow[] = groups.map((g) => {
    const at = g.label ?? g.values[0];
    const row: NormalizedRow = {
      code: g.row,
      label: g.label?.raw ?? ROW_LABELS[g.row],
      cells: REVIEW_COLUMNS.map((c, i) => cellOf(c, g.values[i] as Token)),
    };
    if (at) row.position = { line: at.line, column: at.column };
    return row;
  });
  return { table: { table: TableCode.REVIEW_LITIGATION, rows }, issues: [] };
}
