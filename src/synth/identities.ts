/**
 * The identities of FORMAT.md evaluated on the numbers as printed and read, the way the reader
 * contract says the validator reports them: which issues a report must come back with. Written
 * independently of the validator (src/parser/validate.ts) so that the tests check it rather than
 * echo it.
 */
import { APPLICATION_COLUMNS, IssueCode, RowCode } from '../domain/codes';

export interface ExpectedIssue {
  code: IssueCode;
  where: string;
  /** AMBIGUOUS_CELLS: the readings a correct reader keeps (values in column order). */
  candidates?: number[][];
  /** The readings were more than the synth enumerates (CANDIDATE_CAP): `candidates` holds the first ones. */
  candidatesCut?: boolean;
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

/** One side of an identity: its operands' values and which of them are totals left unfilled. */
interface Side {
  values: readonly number[];
  unfilled: readonly boolean[];
}

/**
 * Whether `left = right` is broken as printed. A blank cell (empty, a no-break space) reads as 0.
 * A blank total whose parts are not all zero was not filled in (a 总计 column filled on some rows
 * only): an identity with such an operand is not assessable and gives no issue. A blank total
 * over zeros, and any blank part, is the report's way of printing 0, and counts.
 */
export function broken(left: Side, right: Side): boolean {
  if (left.unfilled.some(Boolean) || right.unfilled.some(Boolean)) return false;
  return Math.abs(sum(left.values) - sum(right.values)) >= 1e-6;
}

/** Printed blanks of a table: row → per cell (absent: none blank). */
export type Blanks = ReadonlyMap<RowCode, readonly boolean[]>;

/**
 * Identities 1–3 over the applications table as read (rows in any order, 7 values each). An
 * identity with an operand in a row that was not read (flagged, or not printed) is not
 * assessable; `rows` are the form's rows (default: the rows read), which identity 2 sums.
 */
export function applicationIssues(
  table: ReadonlyMap<RowCode, readonly number[]>,
  blanks: Blanks = new Map(),
  rows: readonly RowCode[] = [...table.keys()],
): ExpectedIssue[] {
  const out: ExpectedIssue[] = [];
  const side = (cells: ReadonlyArray<readonly [RowCode, number]>): Side | null => {
    const values: number[] = [];
    const unfilled: boolean[] = [];
    for (const [row, c] of cells) {
      const v = table.get(row);
      if (!v) return null;
      values.push(v[c] as number);
      unfilled.push((blanks.get(row)?.[c] ?? false) && !overZeros(row, c));
    }
    return { values, unfilled };
  };
  const outcomes = rows.filter(isOutcome);
  /** Whether cell (row, c) is a total over parts that are all zero, or no total at all (then it counts as printed). */
  const overZeros = (row: RowCode, c: number): boolean => {
    if (c === TOTAL) return (table.get(row) ?? []).slice(0, TOTAL).every((x) => x === 0);
    if (row === RowCode.TOTAL_PROCESSED) return outcomes.every((r) => (table.get(r)?.[c] ?? 0) === 0);
    return true;
  };
  const parts = [0, 1, 2, 3, 4, 5] as const;
  for (const row of table.keys()) {
    const l = side(parts.map((c) => [row, c] as const));
    const r = side([[row, TOTAL]]);
    if (l && r && broken(l, r)) out.push({ code: IssueCode.ROW_TOTAL_MISMATCH, where: row });
  }
  APPLICATION_COLUMNS.forEach((column, c) => {
    const processed = side([[RowCode.TOTAL_PROCESSED, c]]);
    const summed = side(outcomes.map((r) => [r, c] as const));
    if (processed && summed && broken(summed, processed)) {
      out.push({ code: IssueCode.OUTCOME_TOTAL_MISMATCH, where: column });
    }
    const inflow = side([
      [RowCode.NEW_RECEIVED, c],
      [RowCode.CARRIED_OVER, c],
    ]);
    const outflow = side([
      [RowCode.TOTAL_PROCESSED, c],
      [RowCode.CARRIED_FORWARD, c],
    ]);
    if (inflow && outflow && broken(inflow, outflow))
      out.push({ code: IssueCode.BALANCE_MISMATCH, where: column });
  });
  return out;
}

/** Identity 4: each review/litigation group's total is its four parts. */
export function reviewIssues(
  table: ReadonlyMap<RowCode, readonly number[]>,
  blanks: Blanks = new Map(),
): ExpectedIssue[] {
  const out: ExpectedIssue[] = [];
  for (const [row, v] of table) {
    const l = { values: v.slice(0, 4), unfilled: [false, false, false, false] };
    const unfilled = (blanks.get(row)?.[4] ?? false) && v.slice(0, 4).some((x) => x !== 0);
    if (broken(l, { values: [v[4] as number], unfilled: [unfilled] })) {
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
