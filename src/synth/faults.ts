/**
 * Faults injected at a known rate, the ways real reports go wrong: a wrong row total, a wrong
 * 总计 of the outcome rows, a wrong review total, a review row with one cell too many, a missing
 * table, a broken carry-over. At most one per report; what each breaks is then derived by
 * evaluating the identities on the printed numbers (./identities), never assumed.
 */
import { APPLICATION_COLUMNS, RowCode, TableCode } from '../domain/codes';
import type { Rng } from './prng';
import { APPLICANT_COUNT, type ReportValues } from './values';

export type FaultKind =
  'rowTotal' | 'outcomeTotal' | 'reviewTotal' | 'reviewExtraCell' | 'missingTable' | 'carryOver';

export interface Fault {
  kind: FaultKind;
  /** The row, column or table the fault was put in. */
  where: string;
  /** For wrong numbers: how much was added to the printed value. */
  delta?: number;
}

export interface FaultContext {
  rate: number;
  /** A carry-over can only break against a report of the year before. */
  hasPreviousYear: boolean;
}

/** Whether this report gets a fault, and which; drawn before the numbers (a carry-over shifts them). */
export function drawFault(rng: Rng, ctx: FaultContext, rows: readonly RowCode[]): Fault | null {
  if (!rng.chance(ctx.rate)) return null;
  const kinds: Array<readonly [FaultKind, number]> = [
    ['rowTotal', 3],
    ['outcomeTotal', 2],
    ['reviewTotal', 1],
    ['reviewExtraCell', 1.5],
    ['missingTable', 1.5],
  ];
  if (ctx.hasPreviousYear) kinds.push(['carryOver', 2]);
  const kind = rng.weighted(kinds);
  const delta = rng.weighted([
    [1, 4],
    [2, 2],
    [rng.int(3, 20), 1],
  ] as const);
  switch (kind) {
    case 'rowTotal':
      return { kind, where: rng.pick(rows), delta };
    case 'outcomeTotal':
    case 'carryOver':
      return { kind, where: APPLICATION_COLUMNS[rng.int(0, APPLICANT_COUNT - 1)] as string, delta };
    case 'reviewTotal':
      return { kind, where: rng.pick([RowCode.RECONSIDERATION, RowCode.LITIGATION_DIRECT]), delta };
    case 'reviewExtraCell':
      return { kind, where: TableCode.REVIEW_LITIGATION };
    case 'missingTable':
      return {
        kind,
        where: rng.weighted([
          [TableCode.ACTIVE_DISCLOSURE, 1],
          [TableCode.APPLICATIONS, 1],
          [TableCode.REVIEW_LITIGATION, 2],
        ] as const),
      };
  }
}

/** The carry-over shift a fault asks of the year's numbers (applied while they are drawn). */
export function carryOverShift(fault: Fault | null): { column: number; delta: number } | undefined {
  if (fault?.kind !== 'carryOver') return undefined;
  return {
    column: APPLICATION_COLUMNS.indexOf(fault.where as (typeof APPLICATION_COLUMNS)[number]),
    delta: fault.delta ?? 1,
  };
}

/** Changes the printed numbers for the faults that are wrong numbers. */
export function applyFault(values: ReportValues, fault: Fault | null): void {
  if (!fault?.delta) return;
  const d = fault.delta;
  if (fault.kind === 'rowTotal') {
    const row = values.applications.get(fault.where as RowCode) as number[];
    // a wrong total, never a negative one, nor 0 (printed empty, a 0 would read as unfilled)
    row[6] =
      (row[6] as number) > d && (row[6] as number) % 2 === 1
        ? (row[6] as number) - d
        : (row[6] as number) + d;
  } else if (fault.kind === 'outcomeTotal') {
    // the column and the row total both say the wrong thing, so only identities 2 and 3 break
    const row = values.applications.get(RowCode.TOTAL_PROCESSED) as number[];
    const c = APPLICATION_COLUMNS.indexOf(fault.where as (typeof APPLICATION_COLUMNS)[number]);
    row[c] = (row[c] as number) + d;
    row[6] = (row[6] as number) + d;
  } else if (fault.kind === 'reviewTotal') {
    const row = values.review.get(fault.where as RowCode) as number[];
    row[4] = (row[4] as number) + d;
  }
}
