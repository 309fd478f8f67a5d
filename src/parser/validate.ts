/**
 * The identities a correct report satisfies (FORMAT.md 勾稽关系 1–4; docs/parsing.md). A broken
 * identity is data to report, never a reason to change the printed numbers. Identity 5 (carry-over
 * across years) needs last year's report and is checked at load time.
 *
 * Not assessable, so no issue: an identity with an operand in a row that was not read (flagged or
 * not printed), or with a total left unfilled — a blank (empty) total whose parts are not all zero
 * (a 总计 column filled on some rows only). A blank over zeros, a blank part and a printed dash
 * are the report's ways of printing 0, and count.
 */
import {
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  REVIEW_COLUMNS,
  RowCode,
  TableCode,
} from '../domain/codes';
import type { NormalizedCell, NormalizedIssue, NormalizedRow, NormalizedTable } from '../domain/report';
import { compact } from './text';

/** Values are counts or 万元 with at most a few decimals; compare with a tolerance for float sums. */
const EPSILON = 1e-6;

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

const APPLICANT_COLUMNS = APPLICATION_COLUMNS.filter((c) => c !== ColumnCode.TOTAL);

/** Rows whose sum is 三(七) 总计: everything between 部分公开 and 总计, in either form. */
function isOutcomeRow(code: RowCode): boolean {
  return (
    code === RowCode.GRANTED ||
    code === RowCode.PARTIALLY_GRANTED ||
    code.startsWith('refused.') ||
    code.startsWith('unableToProvide.') ||
    code.startsWith('notProcessed.') ||
    code === RowCode.OTHER_DISPOSAL ||
    code.startsWith('otherDisposal.')
  );
}

/** A cell printed empty (or a no-break space): a dash or 无 is a printed zero. */
function printedEmpty(cell: NormalizedCell | undefined): boolean {
  return cell?.blank === true && compact(cell.raw).length === 0;
}

function cellOf(row: NormalizedRow | undefined, column: ColumnCode): NormalizedCell | undefined {
  if (!row) return undefined;
  for (const c of row.cells) if (c.column === column) return c;
  return undefined;
}

/** One operand of an identity: its value, or null when it cannot be assessed. */
type Operand = number | null;

function issue(
  code: IssueCode,
  where: string,
  message: string,
  at: NormalizedRow | undefined,
): NormalizedIssue {
  const i: NormalizedIssue = { code, severity: IssueSeverity.WARNING, where, message };
  if (at?.position) i.position = at.position;
  return i;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function validateApplications(table: NormalizedTable, form: FormVersion): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  const byCode = new Map(table.rows.map((r) => [r.code, r]));
  const outcomeRows = APPLICATION_ROWS[form].filter(isOutcomeRow);
  const value = (row: NormalizedRow | undefined, column: ColumnCode) => cellOf(row, column)?.value ?? null;
  /** A cell as an operand: null when its row was not read, it holds no number, or it is an unfilled total. */
  const operand = (code: RowCode, column: ColumnCode): Operand => {
    const row = byCode.get(code);
    const v = value(row, column);
    if (v === null) return null;
    if (!printedEmpty(cellOf(row, column))) return v;
    let parts: Operand[];
    if (column === ColumnCode.TOTAL) parts = APPLICANT_COLUMNS.map((c) => value(row, c));
    else if (code === RowCode.TOTAL_PROCESSED) parts = outcomeRows.map((r) => value(byCode.get(r), column));
    else return v; // a blank part is a printed 0
    return parts.every((p) => p === 0) ? v : null;
  };
  const known = (xs: Operand[]): xs is number[] => xs.every((x) => x !== null);

  // 1. every row: total = sum of the six applicant columns
  for (const row of table.rows) {
    const parts = APPLICANT_COLUMNS.map((c) => operand(row.code, c));
    const total = operand(row.code, ColumnCode.TOTAL);
    if (total === null || !known(parts)) continue;
    const s = sum(parts);
    if (Math.abs(s - total) > EPSILON) {
      issues.push(
        issue(
          IssueCode.ROW_TOTAL_MISMATCH,
          row.code,
          `${row.code}: 总计 ${fmt(total)} but the applicant columns sum to ${fmt(s)}`,
          row,
        ),
      );
    }
  }
  const totalRow = byCode.get(RowCode.TOTAL_PROCESSED);
  for (const column of APPLICATION_COLUMNS) {
    // 2. every column: 总计 = the sum of the outcome rows (all of the form's, read)
    const t = operand(RowCode.TOTAL_PROCESSED, column);
    const outcomes = outcomeRows.map((r) => operand(r, column));
    if (t !== null && known(outcomes)) {
      const s = sum(outcomes);
      if (Math.abs(s - t) > EPSILON) {
        issues.push(
          issue(
            IssueCode.OUTCOME_TOTAL_MISMATCH,
            column,
            `${column}: (七)总计 ${fmt(t)} but the outcome rows sum to ${fmt(s)}`,
            totalRow,
          ),
        );
      }
    }
    // 3. every column: 新收 + 上年结转 = 总计 + 结转下年度
    const a = operand(RowCode.NEW_RECEIVED, column);
    const b = operand(RowCode.CARRIED_OVER, column);
    const d = operand(RowCode.CARRIED_FORWARD, column);
    if (a !== null && b !== null && t !== null && d !== null && Math.abs(a + b - (t + d)) > EPSILON) {
      issues.push(
        issue(
          IssueCode.BALANCE_MISMATCH,
          column,
          `${column}: 新收 ${fmt(a)} + 上年结转 ${fmt(b)} = ${fmt(a + b)} but 总计 ${fmt(t)} + 结转下年度 ${fmt(d)} = ${fmt(t + d)}`,
          byCode.get(RowCode.CARRIED_FORWARD),
        ),
      );
    }
  }
  return issues;
}

export function validateReview(table: NormalizedTable): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  const parts = REVIEW_COLUMNS.filter((c) => c !== ColumnCode.TOTAL);
  for (const row of table.rows) {
    const totalCell = cellOf(row, ColumnCode.TOTAL);
    const total = totalCell?.value ?? null;
    const vals = parts.map((c) => cellOf(row, c)?.value ?? null);
    if (total === null || vals.some((v) => v === null)) continue;
    const s = sum(vals as number[]);
    // an empty total over parts that are not all zero was left unfilled
    if (printedEmpty(totalCell) && s !== 0) continue;
    if (Math.abs(s - total) > EPSILON) {
      issues.push(
        issue(
          IssueCode.REVIEW_TOTAL_MISMATCH,
          row.code,
          `${row.code}: 总计 ${fmt(total)} but 维持 + 纠正 + 其他 + 尚未审结 = ${fmt(s)}`,
          row,
        ),
      );
    }
  }
  return issues;
}

/** Identities 1–4 over whichever tables were read. */
export function validateTables(tables: readonly NormalizedTable[], form: FormVersion): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  for (const t of tables) {
    if (t.table === TableCode.APPLICATIONS) issues.push(...validateApplications(t, form));
    if (t.table === TableCode.REVIEW_LITIGATION) issues.push(...validateReview(t));
  }
  return issues;
}
