/**
 * What a correct reading of a generated report gives, by the row-level reader contract
 * (docs/synth.md, "What a correct reading gives"), derived from the cells as printed
 * (render/doc.ts) and never from the parser:
 *
 * - row by row (every layout that prints a row's cells apart): a row with the wrong number of
 *   cells is flagged (CELL_COUNT_MISMATCH at the row), a row printed again is dropped
 *   (TABLE_LAYOUT_UNKNOWN at the table), a row not in the template is an extra row (EXTRA_ROW),
 *   a row not printed is missing (MISSING_ROW); the review row of fifteen with a cell too many is
 *   flagged whole;
 * - one-line text: each row's glued digits split by shape and identities (./splits), the
 *   applications rows' readings combined under identities 2 and 3, AMBIGUOUS_CELLS with the
 *   candidates where more than one reading is left;
 * - column-major text: each block of labels and numbers read column- or row-major, whichever
 *   its identities (else another table's) decide, AMBIGUOUS_CELLS where neither does;
 *
 * then identities 1–4 on the rows read (./identities). Where the contract itself would read a
 * value other than the one printed, the printed value is kept apart (`printed`), so that a score
 * can tell a reader's error from the contract's.
 */
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_ROWS,
  IssueCode,
  REVIEW_ROWS,
  RowCode,
  SECTION_NUMBERS,
  type SectionNumber,
  TableCode,
} from '../domain/codes';
import type { Layout } from './agencies';
import { applicationIssues, type ExpectedIssue, reviewIssues } from './identities';
import { activeItems, appRows, type PrintedCell, type ReportDoc, reviewCells, truncated } from './render/doc';
import { lastIsSum, piecesOf, splitApplicationRow, splitPieces, splitReviewRow, type Splits } from './splits';

export interface ExtraRowTruth {
  label: string;
  values: number[];
}

/** One table as a correct reader gives it. */
export interface TableReading {
  /** Row → values in column order; null when the table is not there or no row of it could be read. */
  rows: Map<RowCode, number[]> | null;
  partial: boolean;
  extraRows: ExtraRowTruth[];
  /** Printed values of rows the reading leaves out (flagged) or reads otherwise; null where a cell is not printed. */
  printed: Map<RowCode, Array<number | null>>;
}

export interface Reading {
  tables: Record<TableCode, TableReading>;
  issues: ExpectedIssue[];
  /** Sections the text holds (all six, unless the page was cut off). */
  sections: SectionNumber[];
}

interface PrintedRow {
  code: RowCode | null;
  label: string;
  cells: PrintedCell[];
  /** Printed a second time (a page break repeating it). */
  again: boolean;
}

/** A table being read: rows read, their blanks, issues. */
class Table {
  readonly rows = new Map<RowCode, number[]>();
  readonly blanks = new Map<RowCode, boolean[]>();
  readonly issues: ExpectedIssue[] = [];
  readonly extraRows: ExtraRowTruth[] = [];
  readonly printed = new Map<RowCode, Array<number | null>>();
  partial = false;
  constructor(readonly code: TableCode) {}

  take(row: RowCode, cells: readonly PrintedCell[]): void {
    this.rows.set(
      row,
      cells.map((c) => c.value),
    );
    this.blanks.set(
      row,
      cells.map((c) => c.blank),
    );
  }

  flag(code: IssueCode, where: string, candidates?: Splits | number[][]): void {
    const issue: ExpectedIssue = { code, where };
    if (candidates) {
      const list = Array.isArray(candidates) ? candidates : candidates.candidates;
      issue.candidates = list.map((c) => [...c]);
      if (!Array.isArray(candidates) && candidates.truncated) issue.candidatesCut = true;
    }
    this.issues.push(issue);
    if (code !== IssueCode.MISSING_ROW && code !== IssueCode.EXTRA_ROW) this.partial = true;
  }

  /** An issue on a row that is read all the same (a row of zeros one cell short). */
  note(code: IssueCode, where: string): void {
    this.issues.push({ code, where });
  }

  reading(): TableReading {
    return {
      rows: this.rows.size > 0 ? this.rows : null,
      partial: this.partial && this.rows.size > 0,
      extraRows: this.extraRows,
      printed: this.printed,
    };
  }
}

const ROW_BY_ROW: readonly string[] = ['pipe', 'lines', 'tab', 'html', 'markdown', 'ocr'];

export function readReport(doc: ReportDoc, layout: Layout): Reading {
  const ad = new Table(TableCode.ACTIVE_DISCLOSURE);
  const apps = new Table(TableCode.APPLICATIONS);
  const rev = new Table(TableCode.REVIEW_LITIGATION);
  const cut = truncated(doc);
  const missing: ExpectedIssue[] = [];
  const printedTable = (t: TableCode) => doc.omit !== t && !(cut && t === TableCode.REVIEW_LITIGATION);
  for (const t of [TableCode.ACTIVE_DISCLOSURE, TableCode.APPLICATIONS, TableCode.REVIEW_LITIGATION]) {
    if (!printedTable(t)) missing.push({ code: IssueCode.MISSING_TABLE, where: t });
  }

  const adRows = printedTable(TableCode.ACTIVE_DISCLOSURE) ? activeRows(doc) : [];
  const appRowsPrinted = printedTable(TableCode.APPLICATIONS) ? applicationRows(doc) : [];
  const reviewPrinted = printedTable(TableCode.REVIEW_LITIGATION) ? reviewCells(doc) : null;
  const adColumns = new Map(ACTIVE_DISCLOSURE_LAYOUT[doc.form].map((s) => [s.row, s.columns.length]));
  // the columns as printed (the 2019 form's 政府集中采购 may print its amount alone)
  for (const r of doc.values.activeDisclosure) adColumns.set(r.row, r.columns.length);
  const adOrder = ACTIVE_DISCLOSURE_LAYOUT[doc.form].map((s) => s.row);
  const appOrder = APPLICATION_ROWS[doc.form];

  if (layout === 'oneline') {
    readGlued(ad, adRows, adColumns);
    readGluedApplications(apps, appRowsPrinted, appOrder);
    if (reviewPrinted) readGluedReview(rev, reviewPrinted);
  } else if (layout === 'colmajor') {
    readColumnMajor(doc, ad, apps, rev, adRows, appRowsPrinted, reviewPrinted);
  } else {
    if (!ROW_BY_ROW.includes(layout) && layout !== 'docx' && !layout.startsWith('pdf')) {
      throw new Error(`no reading defined for layout ${layout}`);
    }
    const padded = PADDED.includes(layout);
    readRows(ad, adRows, (r) => adColumns.get(r) ?? 0, padded, false);
    readRows(apps, appRowsPrinted, () => 7, padded, true);
    if (reviewPrinted) readReviewRow(rev, reviewPrinted, padded);
  }
  if (printedTable(TableCode.ACTIVE_DISCLOSURE)) missingRows(ad, adRows, adOrder);
  if (printedTable(TableCode.APPLICATIONS)) missingRows(apps, appRowsPrinted, appOrder);

  // what the contract reads against what is printed: a difference is the contract's, kept apart
  checkAgainstPrinted(ad, realActive(doc));
  checkAgainstPrinted(apps, realApplications(doc));
  checkAgainstPrinted(rev, doc.values.review);

  const issues: ExpectedIssue[] = [...missing, ...ad.issues, ...apps.issues, ...rev.issues];
  if (apps.rows.size > 0) issues.push(...applicationIssues(apps.rows, apps.blanks, appOrder));
  if (rev.rows.size > 0) issues.push(...reviewIssues(rev.rows, rev.blanks));
  const sections: SectionNumber[] = cut ? [1, 2, 3] : [...SECTION_NUMBERS];
  for (const n of SECTION_NUMBERS) {
    if (!sections.includes(n)) issues.push({ code: IssueCode.MISSING_SECTION, where: String(n) });
  }
  return {
    tables: {
      [TableCode.ACTIVE_DISCLOSURE]: ad.reading(),
      [TableCode.APPLICATIONS]: apps.reading(),
      [TableCode.REVIEW_LITIGATION]: rev.reading(),
    },
    issues,
    sections,
  };
}

function activeRows(doc: ReportDoc): PrintedRow[] {
  const out: PrintedRow[] = [];
  for (const item of activeItems(doc)) {
    if (item.kind === 'row')
      out.push({ code: item.code, label: item.label, cells: item.cells, again: false });
  }
  return out;
}

function applicationRows(doc: ReportDoc): PrintedRow[] {
  return appRows(doc).map((r) => ({
    code: r.kind === 'extra' ? null : r.code,
    label: r.own,
    cells: r.cells,
    again: r.kind === 'duplicate',
  }));
}

/**
 * Layouts that pad every table row to the table's width (markdown pipes, OCR's markdown): an
 * empty cell at a row's edge cannot be told from padding, so a reader sees only the cells
 * between the row's first and last non-empty ones.
 */
const PADDED: readonly string[] = ['markdown', 'ocr'];

const isEmptyText = (c: PrintedCell) => /^[ \t]*$/.test(c.text);

/** The cells a reader can count in a padded row: its empty edge cells are lost in the padding. */
function unpadded(cells: readonly PrintedCell[]): readonly PrintedCell[] {
  let a = 0;
  let b = cells.length;
  while (a < b && isEmptyText(cells[a] as PrintedCell)) a++;
  while (b > a && isEmptyText(cells[b - 1] as PrintedCell)) b--;
  return cells.slice(a, b);
}

/**
 * A row read as printed, short by one, or not at all (docs/parsing.md, "Rows short of a cell"):
 * - as many countable cells as columns: the row;
 * - one short, every countable cell zero, in a table with a row identity (applications: identity
 *   1; review: identity 4): whatever cell is missing (or was an empty edge cell), the identity
 *   makes it 0 — all zeros;
 * - otherwise null: flagged. Filling a padded row's empty edge cells with blanks would be a
 *   guess, since a row with a cell missing is printed the same (the reader cannot tell them apart).
 */
function countable(
  cells: readonly PrintedCell[],
  columns: number,
  padded: boolean,
  identity: boolean,
): readonly PrintedCell[] | null {
  const seen = padded ? unpadded(cells) : cells;
  if (seen.length === columns) return seen;
  if (identity && seen.length === columns - 1 && seen.length > 0 && seen.every((c) => c.value === 0)) {
    return [...seen, { text: '', value: 0, blank: true }];
  }
  return null;
}

/** Row by row: each row on its own. */
function readRows(
  t: Table,
  rows: readonly PrintedRow[],
  columns: (row: RowCode) => number,
  padded: boolean,
  identity: boolean,
): void {
  const seen = new Set<RowCode>();
  for (const r of rows) {
    if (r.code === null) {
      t.extraRows.push({ label: r.label.trim(), values: r.cells.map((c) => c.value) });
      t.flag(IssueCode.EXTRA_ROW, t.code);
    } else if (seen.has(r.code) || r.again) {
      // a row printed twice: the second printing is dropped
      t.flag(IssueCode.TABLE_LAYOUT_UNKNOWN, t.code);
    } else {
      seen.add(r.code);
      // every printed cell is a cell: layout padding is not part of a row (render/doc.ts)
      const cells = countable(r.cells, columns(r.code), padded, identity);
      // a padded row with no countable cell is a label alone: its row is not found
      if (!cells && padded && unpadded(r.cells).length === 0) t.flag(IssueCode.MISSING_ROW, r.code);
      else if (!cells) t.flag(IssueCode.CELL_COUNT_MISMATCH, r.code);
      else {
        t.take(r.code, cells);
        // read a cell short: the reader says so on the row
        if (cells.length > (padded ? unpadded(r.cells) : r.cells).length)
          t.note(IssueCode.CELL_COUNT_MISMATCH, r.code);
      }
    }
  }
}

/** Rows of the template not printed at all. */
function missingRows(t: Table, rows: readonly PrintedRow[], order: readonly RowCode[]): void {
  const printed = new Set(rows.map((r) => r.code));
  for (const row of order) if (!printed.has(row)) t.flag(IssueCode.MISSING_ROW, row);
}

function readReviewRow(t: Table, printed: readonly PrintedCell[], padded: boolean): void {
  let cells = countable(printed, 15, padded, true);
  // fifteen only once the empty cells at its edges are left out: taken only when every group
  // holds (the reader cannot tell blank edge cells from padding, nor a cell too many)
  const values = cells?.map((c) => c.value) ?? [];
  if (
    padded &&
    unpadded(printed).length < printed.length &&
    !REVIEW_ROWS.every((_, g) => lastIsSum(values, g * 5, g * 5 + 5))
  ) {
    cells = null;
  }
  if (!cells) {
    t.flag(IssueCode.CELL_COUNT_MISMATCH, TableCode.REVIEW_LITIGATION);
    return;
  }
  if (cells.length > (padded ? unpadded(printed) : printed).length) {
    t.note(IssueCode.CELL_COUNT_MISMATCH, TableCode.REVIEW_LITIGATION);
  }
  REVIEW_ROWS.forEach((row, g) => t.take(row, cells.slice(g * 5, g * 5 + 5)));
}

const plain = (values: readonly number[]): PrintedCell[] =>
  values.map((value) => ({ text: '', value, blank: false }));

// --- one-line text

function readGlued(t: Table, rows: readonly PrintedRow[], columns: ReadonlyMap<RowCode, number>): void {
  for (const r of rows) {
    if (r.code === null) throw new Error('one-line text has no extra rows');
    const splits = splitPieces(piecesOf(r.cells.map((c) => c.text)), columns.get(r.code) ?? 0);
    if (splits.candidates.length === 1) t.take(r.code, plain(splits.candidates[0] as number[]));
    else t.flag(IssueCode.AMBIGUOUS_CELLS, r.code, splits);
  }
}

/** Most combinations of the applications rows' readings tried under identities 2 and 3. */
const MAX_COMBINATIONS = 4096;

function readGluedApplications(t: Table, rows: readonly PrintedRow[], order: readonly RowCode[]): void {
  const readings = new Map<RowCode, Splits>();
  for (const r of rows) {
    if (r.code === null) throw new Error('one-line text has no extra rows');
    readings.set(r.code, splitApplicationRow(piecesOf(r.cells.map((c) => c.text))));
  }
  const open = [...readings].filter(([, s]) => s.candidates.length !== 1);
  for (const [row, s] of readings)
    if (s.candidates.length === 1) t.take(row, plain(s.candidates[0] as number[]));
  if (open.length === 0) return;
  let product = 1;
  for (const [, s] of open) product *= s.candidates.length;
  const complete = order.every((r) => readings.has(r));
  const survivors: number[][][] = [];
  if (complete && product <= MAX_COMBINATIONS && open.every(([, s]) => !s.truncated)) {
    const fixed = new Map([...t.rows]);
    const choice: number[][] = [];
    const walk = (k: number): void => {
      if (k === open.length) {
        const table = new Map(fixed);
        open.forEach(([row], i) => table.set(row, choice[i] as number[]));
        if (identities23(table, order)) survivors.push([...choice]);
        return;
      }
      for (const c of (open[k] as [RowCode, Splits])[1].candidates) {
        choice.push(c);
        walk(k + 1);
        choice.pop();
      }
    };
    walk(0);
  }
  open.forEach(([row, s], i) => {
    if (survivors.length === 0) {
      t.flag(IssueCode.AMBIGUOUS_CELLS, row, s);
      return;
    }
    const distinct = unique(survivors.map((combo) => combo[i] as number[]));
    if (distinct.length === 1) t.take(row, plain(distinct[0] as number[]));
    else t.flag(IssueCode.AMBIGUOUS_CELLS, row, distinct);
  });
}

function unique(readings: readonly number[][]): number[][] {
  const seen = new Map<string, number[]>();
  for (const r of readings) seen.set(r.join(','), r);
  return [...seen.values()];
}

const OUTCOME =
  /^(?:granted|partiallyGranted|otherDisposal|refused\.|unableToProvide\.|notProcessed\.|otherDisposal\.)/;

/** Identities 2 and 3 in every column, as printed (one-line text has no blanks). */
function identities23(table: ReadonlyMap<RowCode, readonly number[]>, order: readonly RowCode[]): boolean {
  const get = (r: RowCode) => table.get(r) as readonly number[];
  const outcomes = order.filter((r) => OUTCOME.test(r));
  for (let c = 0; c < 7; c++) {
    let s = 0;
    for (const r of outcomes) s += get(r)[c] as number;
    const processed = get(RowCode.TOTAL_PROCESSED)[c] as number;
    if (s !== processed) return false;
    const inflow = (get(RowCode.NEW_RECEIVED)[c] as number) + (get(RowCode.CARRIED_OVER)[c] as number);
    if (inflow !== processed + (get(RowCode.CARRIED_FORWARD)[c] as number)) return false;
  }
  return true;
}

/** The review row of fifteen glued: a group whose reading is the same in every candidate is taken. */
function readGluedReview(t: Table, cells: readonly PrintedCell[]): void {
  const splits = splitReviewRow(piecesOf(cells.map((c) => c.text)));
  REVIEW_ROWS.forEach((row, g) => {
    const distinct = unique(splits.candidates.map((c) => c.slice(g * 5, g * 5 + 5)));
    if (distinct.length === 1 && !splits.truncated) t.take(row, plain(distinct[0] as number[]));
    else t.flag(IssueCode.AMBIGUOUS_CELLS, row, { candidates: distinct, truncated: splits.truncated });
  });
}

// --- column-major text

interface Block {
  table: Table;
  rows: RowCode[];
  /** Numbers as printed: the first column of every row, then the second… */
  sequence: PrintedCell[];
  columns: number;
  /** The identity each row of the block satisfies read the right way (null: none, section two). */
  identity: ((values: readonly number[]) => boolean) | null;
}

type Order = 'column' | 'row';

function readColumnMajor(
  doc: ReportDoc,
  ad: Table,
  apps: Table,
  rev: Table,
  adRows: readonly PrintedRow[],
  appRowsPrinted: readonly PrintedRow[],
  reviewPrinted: readonly PrintedCell[] | null,
): void {
  const blocks: Block[] = [];
  const blockOf = (table: Table, rows: readonly PrintedRow[], identity: Block['identity']): Block => {
    const columns = rows[0]?.cells.length ?? 0;
    const sequence: PrintedCell[] = [];
    for (let c = 0; c < columns; c++) for (const r of rows) sequence.push(r.cells[c] as PrintedCell);
    return { table, rows: rows.map((r) => r.code as RowCode), sequence, columns, identity };
  };
  // section two: one block per 第二十条 item, as printed
  let group: PrintedRow[] = [];
  const flush = () => {
    if (group.length > 0) blocks.push(blockOf(ad, group, null));
    group = [];
  };
  for (const item of adRows.length > 0 ? activeItems(doc) : []) {
    if (item.kind === 'group') flush();
    else if (item.kind === 'row')
      group.push({ code: item.code, label: item.label, cells: item.cells, again: false });
  }
  flush();
  const appBlock =
    appRowsPrinted.length > 0 ? blockOf(apps, appRowsPrinted, (v) => lastIsSum(v, 0, 7)) : null;
  if (appBlock) blocks.push(appBlock);
  let reviewBlock: Block | null = null;
  if (reviewPrinted) {
    if (doc.reviewAsRows && reviewPrinted.length === 15) {
      const rows = REVIEW_ROWS.map((code, g) => ({
        code,
        label: code,
        cells: reviewPrinted.slice(g * 5, g * 5 + 5),
        again: false,
      }));
      reviewBlock = blockOf(rev, rows, (v) => lastIsSum(v, 0, 5));
      blocks.push(reviewBlock);
    } else readReviewRow(rev, reviewPrinted, false);
  }

  const decided = (b: Block | null): Order | null => {
    const identity = b?.identity;
    if (!b || !identity) return null;
    // the order under which more rows hold their identity (a faulted row holds under neither)
    const held = (order: Order) => b.rows.filter((_, i) => identity(values(b, order, i))).length;
    const column = held('column');
    const row = held('row');
    return column > row ? 'column' : row > column ? 'row' : null;
  };
  const reportOrder = decided(appBlock) ?? decided(reviewBlock);
  for (const b of blocks) {
    const order = decided(b) ?? reportOrder;
    b.rows.forEach((code, i) => {
      if (order) {
        b.table.take(code, cells(b, order, i));
        return;
      }
      const byColumn = values(b, 'column', i);
      const byRow = values(b, 'row', i);
      if (byColumn.join() === byRow.join()) b.table.take(code, cells(b, 'column', i));
      else b.table.flag(IssueCode.AMBIGUOUS_CELLS, code, [byRow, byColumn]);
    });
  }
}

function cells(b: Block, order: Order, i: number): PrintedCell[] {
  const n = b.rows.length;
  const out: PrintedCell[] = [];
  for (let c = 0; c < b.columns; c++) {
    out.push(b.sequence[order === 'column' ? c * n + i : i * b.columns + c] as PrintedCell);
  }
  return out;
}

function values(b: Block, order: Order, i: number): number[] {
  return cells(b, order, i).map((c) => c.value);
}

// --- what is printed, to tell the contract's misreadings

/** A row's values as printed: a blank total as 0, a cell left out or cut off as null. */
function asPrinted(doc: ReportDoc, row: RowCode, values: readonly number[]): Array<number | null> {
  const out: Array<number | null> = [...values];
  if (doc.variants?.blankTotals.includes(row)) out[out.length - 1] = 0;
  const f = doc.rowFault;
  if (f?.where === row && f.kind === 'missingCell') out[f.index ?? 0] = null;
  if (f?.where === row && f.kind === 'truncated') out.fill(null, f.index ?? 0);
  return out;
}

function realActive(doc: ReportDoc): Map<RowCode, Array<number | null>> {
  return new Map(doc.values.activeDisclosure.map((r) => [r.row, asPrinted(doc, r.row, r.values)]));
}

function realApplications(doc: ReportDoc): Map<RowCode, Array<number | null>> {
  return new Map([...doc.values.applications].map(([row, v]) => [row, asPrinted(doc, row, v)]));
}

/** Rows printed but not read as printed: flagged ones and the contract's misreadings. */
function checkAgainstPrinted(t: Table, real: ReadonlyMap<RowCode, ReadonlyArray<number | null>>): void {
  const flagged = new Set(
    t.issues
      .filter((i) => i.code === IssueCode.CELL_COUNT_MISMATCH || i.code === IssueCode.AMBIGUOUS_CELLS)
      .map((i) => i.where),
  );
  const wholeTable = flagged.has(TableCode.REVIEW_LITIGATION);
  for (const [row, v] of real) {
    const read = t.rows.get(row);
    if (read ? read.join() !== v.join() : flagged.has(row) || wholeTable) t.printed.set(row, [...v]);
  }
}
