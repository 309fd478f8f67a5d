/**
 * Faults injected at a known rate, the ways real reports go wrong: a wrong row total, a wrong
 * 总计 of the outcome rows, a wrong review total, a review row with one cell too many, a missing
 * table, a broken carry-over; and, asked for with `kinds: 'all'` (the row-level reader's corpus),
 * a row with a cell left out, a row printed twice or a row not in the template, a page cut off
 * mid-table, a glued digit run with two readings. At most one per report; what each breaks is
 * then derived by reading the printed cells (./reading) and evaluating the identities on them
 * (./identities), never assumed.
 */
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  FormVersion,
  RowCode,
  TableCode,
} from '../domain/codes';
import type { Layout } from './agencies';
import type { Rng } from './prng';
import { piecesOf, splitReviewRow } from './splits';
import { APPLICANT_COUNT, type ReportValues } from './values';

export type ClassicFaultKind =
  'rowTotal' | 'outcomeTotal' | 'reviewTotal' | 'reviewExtraCell' | 'missingTable' | 'carryOver';
/** Faults of the row-level reader's corpus (issue #13). */
export type ReaderFaultKind = 'missingCell' | 'extraRow' | 'truncated' | 'ambiguousRun';
export type FaultKind = ClassicFaultKind | ReaderFaultKind;

export const FAULT_KINDS: readonly FaultKind[] = [
  'rowTotal',
  'outcomeTotal',
  'reviewTotal',
  'reviewExtraCell',
  'missingTable',
  'carryOver',
  'missingCell',
  'extraRow',
  'truncated',
  'ambiguousRun',
];

export interface Fault {
  kind: FaultKind;
  /** The row, column or table the fault was put in. */
  where: string;
  /** For wrong numbers: how much was added to the printed value. */
  delta?: number;
  /** missingCell: the cell left out (0-based); truncated: how many cells of `where` are printed before the cut. */
  index?: number;
  /** extraRow: the label of a row not in the template, printed after `where` (absent: `where` is printed twice). */
  label?: string;
  /** extraRow: the cells of the row not in the template; ambiguousRun: the fifteen review numbers printed. */
  values?: number[];
}

export interface FaultContext {
  rate: number;
  /** A carry-over can only break against a report of the year before. */
  hasPreviousYear: boolean;
  /** `classic` (default): the six faults of the first corpus, drawn exactly as before; `all` adds the reader's. */
  kinds?: 'classic' | 'all';
  /** With `kinds: 'all'`: the report's layout and form (which faults it can show) and, optionally, only these kinds. */
  layout?: Layout;
  form?: FormVersion;
  only?: readonly FaultKind[];
}

/** Whether this report gets a fault, and which; drawn before the numbers (a carry-over shifts them). */
export function drawFault(rng: Rng, ctx: FaultContext, rows: readonly RowCode[]): Fault | null {
  if (ctx.kinds === 'all') return drawReaderFault(rng, ctx, rows);
  if (!rng.chance(ctx.rate)) return null;
  const kinds: Array<readonly [ClassicFaultKind, number]> = [
    ['rowTotal', 3],
    ['outcomeTotal', 2],
    ['reviewTotal', 1],
    ['reviewExtraCell', 1.5],
    ['missingTable', 1.5],
  ];
  if (ctx.hasPreviousYear) kinds.push(['carryOver', 2]);
  const kind = rng.weighted(kinds);
  return classicFault(rng, kind, rows);
}

function classicFault(rng: Rng, kind: ClassicFaultKind, rows: readonly RowCode[]): Fault {
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

/**
 * Layouts whose rows are printed one by one (a cell left out or a row added stays in its row).
 * PDF reports are printed from HTML tables: a row left a cell short, a row added, and a page cut
 * off inside the applications table (the file ends there) show in them as in the HTML.
 */
const ROW_LAYOUTS: readonly string[] = [
  'pipe',
  'lines',
  'tab',
  'html',
  'markdown',
  'ocr',
  'pdf',
  'pdf-borderless',
];

/** Layouts whose tables merge cells (rowspans of the applications groups, a short row's colspan). */
function mergesCells(layout: string): boolean {
  return layout === 'html' || layout === 'pdf' || layout === 'pdf-borderless' || layout === 'docx';
}

/** Rows of the applications table a layout prints outside the merged group labels (HTML rowspans). */
const OUTSIDE_GROUPS = [RowCode.NEW_RECEIVED, RowCode.CARRIED_OVER, RowCode.CARRIED_FORWARD];

/** Rows some provinces add under 一、本年新收 (not in the template: EXTRA_ROW). */
const EXTRA_APPLICATION_LABELS = ['其中：网上申请', '其中：当面申请', '其中：信函申请'];

/** Whether a report in `layout` can show `kind` with a truth the reader contract defines. */
export function faultPossible(kind: FaultKind, layout: string, hasPreviousYear: boolean): boolean {
  switch (kind) {
    case 'carryOver':
      return hasPreviousYear;
    case 'reviewExtraCell':
      // glued or column-major numbers do not show how many cells the row had
      return layout !== 'oneline' && layout !== 'colmajor';
    case 'missingCell':
    case 'extraRow':
      // a Word file: a row's cell deleted, a row added or repeated (docx.ts)
      return ROW_LAYOUTS.includes(layout) || layout === 'docx';
    case 'truncated':
      // a Word file has no pages to lose (a cut file is a broken archive)
      return ROW_LAYOUTS.includes(layout);
    case 'ambiguousRun':
      return layout === 'oneline';
    default:
      return true;
  }
}

function drawReaderFault(rng: Rng, ctx: FaultContext, rows: readonly RowCode[]): Fault | null {
  if (!rng.chance(ctx.rate)) return null;
  const layout = ctx.layout ?? 'pipe';
  const weights: Array<readonly [FaultKind, number]> = (
    [
      ['rowTotal', 3],
      ['outcomeTotal', 2],
      ['reviewTotal', 1],
      ['reviewExtraCell', 1.5],
      ['missingTable', 1.5],
      ['carryOver', 2],
      ['missingCell', 2.5],
      ['extraRow', 2.5],
      ['truncated', 2],
      ['ambiguousRun', 4],
    ] as const
  ).filter(([k]) => (!ctx.only || ctx.only.includes(k)) && faultPossible(k, layout, ctx.hasPreviousYear));
  if (weights.length === 0) return null;
  const kind = rng.weighted(weights);
  switch (kind) {
    case 'rowTotal':
    case 'outcomeTotal':
    case 'reviewTotal':
    case 'reviewExtraCell':
    case 'missingTable':
    case 'carryOver':
      return classicFault(rng, kind, rows);
    case 'missingCell': {
      const wide = ACTIVE_DISCLOSURE_LAYOUT[ctx.form ?? FormVersion.V2021].filter(
        (s) => s.columns.length >= 2,
      );
      // an HTML row narrower than its table gets a colspan, not a missing cell: applications only there
      if (!mergesCells(layout) && rng.chance(0.3)) {
        const spec = rng.pick(wide);
        return { kind, where: spec.row, index: rng.int(0, spec.columns.length - 1) };
      }
      return { kind, where: rng.pick(rows), index: rng.int(0, APPLICATION_COLUMNS.length - 1) };
    }
    case 'extraRow': {
      if (rng.chance(0.5))
        return { kind, where: mergesCells(layout) ? rng.pick(OUTSIDE_GROUPS) : rng.pick(rows) };
      const parts = Array.from({ length: APPLICANT_COUNT }, () => (rng.chance(0.5) ? 0 : rng.int(1, 9)));
      return {
        kind,
        where: RowCode.NEW_RECEIVED,
        label: rng.pick(EXTRA_APPLICATION_LABELS),
        values: [...parts, parts.reduce((a, b) => a + b, 0)],
      };
    }
    case 'truncated':
      return {
        kind,
        where: rows[rng.int(3, rows.length - 1)] as RowCode,
        index: rng.chance(0.5) ? 0 : rng.int(1, 6),
      };
    case 'ambiguousRun':
      return { kind, where: TableCode.REVIEW_LITIGATION, values: ambiguousReview(rng) };
  }
}

/** Review numbers whose fifteen digits glued together split more than one way under identity 4. */
function ambiguousReview(rng: Rng): number[] {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const values: number[] = [];
    for (let g = 0; g < 3; g++) {
      const parts = [rng.int(0, 15), rng.int(0, 3), rng.int(0, 3), rng.int(0, 12)];
      values.push(
        ...parts,
        parts.reduce((a, b) => a + b, 0),
      );
    }
    if (splitReviewRow(piecesOf([values.join('')])).candidates.length >= 2) return values;
  }
  // 3 0 1 10 14 also reads 3 0 11 0 14
  return [3, 0, 1, 10, 14, 5, 1, 3, 12, 21, 3, 0, 3, 5, 11];
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
  if (fault?.kind === 'ambiguousRun' && fault.values) {
    const v = fault.values;
    [RowCode.RECONSIDERATION, RowCode.LITIGATION_DIRECT, RowCode.LITIGATION_AFTER_RECONSIDERATION].forEach(
      (row, g) => values.review.set(row, v.slice(g * 5, g * 5 + 5)),
    );
    return;
  }
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
