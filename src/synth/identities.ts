/**
 * The identities of FORMAT.md evaluated on the numbers as printed, the way the parser's validator
 * (src/parser/validate.ts) reports them: which issues a report must come back with. Written
 * independently of the validator so that the round-trip test checks it rather than echoes it.
 */
import { APPLICATION_COLUMNS, IssueCode, RowCode } from '../domain/codes';

export interface ExpectedIssue {
  code: IssueCode;
  where: string;
}

const TOTAL = APPLICATION_COLUMNS.length - 1;

function isOutcome(row: RowCode): boolean {
  return (
    row === RowCode.GRANTED ||
    row === RowCode.PARTIALLY_GRANTED ||
    row === RowCode.OTHER_DISPOSAL ||
    /^(refused|unableToProvide|notProcessed|otherDisposal)\./.test(row)
  );
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Identities 1–3 over the applications table (rows in printed order, 7 values each). With
 * `emptyZero` (zeros printed as empty cells), a total that is 0 was not filled in: an identity whose
 * total is such a cell while its parts are not zero is not assessable, and gives no issue.
 */
export function applicationIssues(
  table: ReadonlyMap<RowCode, readonly number[]>,
  emptyZero = false,
): ExpectedIssue[] {
  const out: ExpectedIssue[] = [];
  const unfilled = (n: number | undefined) => emptyZero && n === 0;
  for (const [row, v] of table) {
    if (sum(v.slice(0, TOTAL)) !== v[TOTAL] && !unfilled(v[TOTAL])) {
      out.push({ code: IssueCode.ROW_TOTAL_MISMATCH, where: row });
    }
  }
  const get = (row: RowCode) => table.get(row) as readonly number[];
  const outcomes = [...table.keys()].filter(isOutcome);
  APPLICATION_COLUMNS.forEach((column, c) => {
    const processed = get(RowCode.TOTAL_PROCESSED)[c] as number;
    if (sum(outcomes.map((r) => get(r)[c] as number)) !== processed && !unfilled(processed)) {
      out.push({ code: IssueCode.OUTCOME_TOTAL_MISMATCH, where: column });
    }
    const inflow = (get(RowCode.NEW_RECEIVED)[c] as number) + (get(RowCode.CARRIED_OVER)[c] as number);
    // in the 总计 column every operand is a total; elsewhere 三(七)总计 is
    const totals =
      c === TOTAL
        ? [RowCode.NEW_RECEIVED, RowCode.CARRIED_OVER, RowCode.TOTAL_PROCESSED, RowCode.CARRIED_FORWARD].map(
            (r) => get(r)[c],
          )
        : [processed];
    if (inflow !== processed + (get(RowCode.CARRIED_FORWARD)[c] as number) && !totals.some(unfilled)) {
      out.push({ code: IssueCode.BALANCE_MISMATCH, where: column });
    }
  });
  return out;
}

/** Identity 4: each review/litigation group's total is its four parts. */
export function reviewIssues(
  table: ReadonlyMap<RowCode, readonly number[]>,
  emptyZero = false,
): ExpectedIssue[] {
  const out: ExpectedIssue[] = [];
  for (const [row, v] of table) {
    if (sum(v.slice(0, 4)) !== v[4] && !(emptyZero && v[4] === 0)) {
      out.push({ code: IssueCode.REVIEW_TOTAL_MISMATCH, where: row });
    }
  }
  return out;
}

/**
 * Identity 5, as the loader checks it on the later year's report: one issue per column whose
 * 上年结转 differs from last year's printed 结转下年度.
 */
export function carryOverIssues(
  carriedOver: readonly number[],
  previousCarriedForward: readonly number[],
): ExpectedIssue[] {
  const out: ExpectedIssue[] = [];
  APPLICATION_COLUMNS.forEach((column, c) => {
    if (carriedOver[c] !== previousCarriedForward[c]) {
      out.push({ code: IssueCode.CARRY_OVER_MISMATCH, where: column });
    }
  });
  return out;
}
