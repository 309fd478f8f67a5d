/**
 * The identities a correct report satisfies (FORMAT.md 勾稽关系 1–4). A broken identity is data to
 * report, never a reason to change the printed numbers. Identity 5 (carry-over across years) needs
 * last year's report and is checked at load time.
 */
import {
  APPLICATION_COLUMNS,
  ColumnCode,
  IssueCode,
  IssueSeverity,
  REVIEW_COLUMNS,
  RowCode,
  TableCode,
} from '../domain/codes';
import { compact } from './text';
import type { NormalizedCell, NormalizedIssue, NormalizedRow, NormalizedTable } from '../domain/report';

/** Values are counts or 万元 with at most a few decimals; compare with a tolerance for float sums. */
const EPSILON = 1e-6;

function cell(row: NormalizedRow | undefined, column: ColumnCode): NormalizedCell | undefined {
  if (!row) return undefined;
  for (const c of row.cells) if (c.column === column) return c;
  return undefined;
}

function value(row: NormalizedRow | undefined, column: ColumnCode): number | null {
  return cell(row, column)?.value ?? null;
}

/**
 * A blank cell reads as 0 (FORMAT.md), but a blank total was not filled in: an identity whose
 * total side is blank while its parts are not zero is not assessable (a 总计 column filled on some
 * rows only), never a break.
 */
function blankTotal(total: NormalizedCell | undefined): boolean {
  // a dash or 无 is a printed zero; only an empty cell (or a no-break space) was left unfilled
  return total?.blank === true && compact(total.raw).length === 0;
}

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

export function validateApplications(table: NormalizedTable): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  const byCode = new Map(table.rows.map((r) => [r.code, r]));
  // 1. every row: total = sum of the six applicant columns
  for (const row of table.rows) {
    const total = value(row, ColumnCode.TOTAL);
    const parts = APPLICANT_COLUMNS.map((c) => value(row, c));
    if (total === null || parts.some((p) => p === null)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - total) > EPSILON && !blankTotal(cell(row, ColumnCode.TOTAL))) {
      const issue: NormalizedIssue = {
        code: IssueCode.ROW_TOTAL_MISMATCH,
        severity: IssueSeverity.WARNING,
        where: row.code,
        message: `${row.code}: 总计 ${fmt(total)} but the applicant columns sum to ${fmt(sum)}`,
      };
      if (row.position) issue.position = row.position;
      issues.push(issue);
    }
  }
  const total = byCode.get(RowCode.TOTAL_PROCESSED);
  const outcomes = table.rows.filter((r) => isOutcomeRow(r.code));
  const newReceived = byCode.get(RowCode.NEW_RECEIVED);
  const carriedOver = byCode.get(RowCode.CARRIED_OVER);
  const carriedForward = byCode.get(RowCode.CARRIED_FORWARD);
  for (const column of APPLICATION_COLUMNS) {
    // 2. every column: 总计 = the sum of the outcome rows
    const t = value(total, column);
    if (total && t !== null && outcomes.length > 0) {
      const vals = outcomes.map((r) => value(r, column));
      if (vals.every((v) => v !== null)) {
        const sum = (vals as number[]).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - t) > EPSILON && !blankTotal(cell(total, column))) {
          const issue: NormalizedIssue = {
            code: IssueCode.OUTCOME_TOTAL_MISMATCH,
            severity: IssueSeverity.WARNING,
            where: column,
            message: `${column}: (七)总计 ${fmt(t)} but the outcome rows sum to ${fmt(sum)}`,
          };
          if (total.position) issue.position = total.position;
          issues.push(issue);
        }
      }
    }
    // 3. every column: 新收 + 上年结转 = 总计 + 结转下年度
    const a = value(newReceived, column);
    const b = value(carriedOver, column);
    const d = value(carriedForward, column);
    if (a !== null && b !== null && t !== null && d !== null) {
      // in the 总计 column every operand is a total; elsewhere 三(七)总计 is
      const totals =
        column === ColumnCode.TOTAL
          ? [newReceived, carriedOver, total, carriedForward].map((r) => cell(r, column))
          : [cell(total, column)];
      if (Math.abs(a + b - (t + d)) > EPSILON && !totals.some(blankTotal)) {
        const issue: NormalizedIssue = {
          code: IssueCode.BALANCE_MISMATCH,
          severity: IssueSeverity.WARNING,
          where: column,
          message: `${column}: 新收 ${fmt(a)} + 上年结转 ${fmt(b)} = ${fmt(a + b)} but 总计 ${fmt(t)} + 结转下年度 ${fmt(d)} = ${fmt(t + d)}`,
        };
        if (carriedForward?.position) issue.position = carriedForward.position;
        issues.push(issue);
      }
    }
  }
  return issues;
}

export function validateReview(table: NormalizedTable): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  const parts = REVIEW_COLUMNS.filter((c) => c !== ColumnCode.TOTAL);
  for (const row of table.rows) {
    const total = value(row, ColumnCode.TOTAL);
    const vals = parts.map((c) => value(row, c));
    if (total === null || vals.some((v) => v === null)) continue;
    const sum = (vals as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - total) > EPSILON && !blankTotal(cell(row, ColumnCode.TOTAL))) {
      const issue: NormalizedIssue = {
        code: IssueCode.REVIEW_TOTAL_MISMATCH,
        severity: IssueSeverity.WARNING,
        where: row.code,
        message: `${row.code}: 总计 ${fmt(total)} but 维持 + 纠正 + 其他 + 尚未审结 = ${fmt(sum)}`,
      };
      if (row.position) issue.position = row.position;
      issues.push(issue);
    }
  }
  return issues;
}

/** Identities 1–4 over whichever tables were read. */
export function validateTables(tables: readonly NormalizedTable[]): NormalizedIssue[] {
  const issues: NormalizedIssue[] = [];
  for (const t of tables) {
    if (t.table === TableCode.APPLICATIONS) issues.push(...validateApplications(t));
    if (t.table === TableCode.REVIEW_LITIGATION) issues.push(...validateReview(t));
  }
  return issues;
}
