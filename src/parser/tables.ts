/**
 * The table reader: runs (labels, then numbers; ./runs) to the template's rows, row by row. Each
 * row is read on its own: a row whose label is recognised and whose cells are unambiguous is kept;
 * a row that is not gets one issue naming it and quoting what was printed, and the table is marked
 * partial; rows that are not in the template are kept as extra rows. The invariant: no value is
 * stored wrong without an issue on it (docs/parsing.md).
 *
 * Three layouts of numbers are read besides one row per run:
 * - glued digit runs (one-line text, ./reline): split by the template's shape and identities (./split);
 * - several labels, then all their numbers (column-major text of PDF extractors, or row-major):
 *   the order that satisfies the identities, else the order another table of the report showed;
 * - the review table as one row of fifteen, or three labelled rows of five.
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
import type {
  ExtraRow,
  NormalizedCell,
  NormalizedIssue,
  NormalizedRow,
  NormalizedTable,
} from '../domain/report';
import { activeRowsFor, applicationRowsFor } from './row-matchers';
import type { Run } from './runs';
import { type GluedPiece, lastIsSum, MAX_CANDIDATES, splitPieces } from './split';
import type { Token } from './tokens';

export type RowMatcher = (label: string) => readonly RowCode[];

/** Numbers printed for several rows at once: in which order they run. */
export type NumberOrder = 'rows' | 'columns';

/** What one table's reading tells the next: the order a multi-row run was found in. */
export interface ReadContext {
  order?: NumberOrder;
  /** Steps of the glued-run search, for the linear-work tests. */
  work: { steps: number };
}

export interface TableReading {
  table?: NormalizedTable;
  issues: NormalizedIssue[];
}

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

function cellOf(column: ColumnCode, token: Token, value?: number): NormalizedCell {
  const r = token.reading;
  return {
    column,
    value: value !== undefined ? value : r ? r.value : null,
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

/** What a run printed, for messages: its label and its cells, shortened. */
function printed(label: Token | undefined, values: readonly Token[]): string {
  const cells = values.map((v) => (v.raw.length === 0 ? '␣' : v.raw)).join(' | ');
  const text = `${label?.raw ?? ''}${label ? ' | ' : ''}${cells}`;
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

interface RowSpec {
  row: RowCode;
  columns: readonly ColumnCode[];
}

/** A run with its numbers given as values (after a split or a reordering). */
interface Placed {
  row: RowCode;
  label: Token | undefined;
  tokens: readonly Token[];
  /** Values decided by a split (glued runs); else each token's own reading. */
  values?: readonly number[];
  /** The run it came from (markdown's optional edge cells). */
  run?: Run;
}

/** The table's own identity on one row's values (applications: identity 1; review: identity 4). */
type RowCheck = (spec: RowSpec, values: readonly number[]) => boolean;

const applicationsCheck: RowCheck = (_spec, values) => lastIsSum(values);
const noCheck: RowCheck = () => true;

function gluedPieces(tokens: readonly Token[]): GluedPiece[] | null {
  if (tokens.length === 0 || !tokens.every((t) => t.glued === true)) return null;
  return tokens.map((t) => {
    const negative = t.raw.startsWith('减') || t.raw.startsWith('-');
    const text = t.raw.replace(/^[增减+-]/, '').replace(/,/g, '');
    return { text, sign: negative ? -1 : 1 };
  });
}

/**
 * Runs whose labels name several rows and whose numbers are exactly those rows' cells: the
 * numbers of a column-major (or row-major) block. Returns the rows placed, or null when the run
 * is not such a block.
 */
function readBlock(
  run: Run,
  specs: readonly RowSpec[],
  matcher: RowMatcher,
  check: RowCheck,
  ctx: ReadContext,
  issues: NormalizedIssue[],
  table: TableCode,
): Placed[] | null {
  // a row named twice takes its last label: column headers (总计, 其他) come before the row labels
  const last = new Map<RowCode, { spec: RowSpec; label: Token; at: number }>();
  run.labels.forEach((label, at) => {
    const codes = matcher(label.norm);
    const spec = specs.find((s) => codes.includes(s.row));
    if (spec) last.set(spec.row, { spec, label, at });
  });
  const rows = [...last.values()].sort((a, b) => a.at - b.at);
  if (rows.length < 2) return null;
  const total = rows.reduce((n, r) => n + r.spec.columns.length, 0);
  if (run.values.length !== total) return null;
  const byRows: Token[][] = [];
  let k = 0;
  for (const r of rows) {
    byRows.push(run.values.slice(k, k + r.spec.columns.length));
    k += r.spec.columns.length;
  }
  const width = rows[0]?.spec.columns.length ?? 0;
  const uniform = rows.every((r) => r.spec.columns.length === width);
  let byColumns: Token[][] | null = null;
  if (uniform && width > 1) {
    byColumns = rows.map((_, i) =>
      Array.from({ length: width }, (_, c) => run.values[c * rows.length + i] as Token),
    );
  }
  const valuesOf = (tokens: readonly Token[]) => tokens.map((t) => t.reading?.value ?? 0);
  const place = (layout: Token[][]): Placed[] =>
    rows.map((r, i) => ({ row: r.spec.row, label: r.label, tokens: layout[i] as Token[] }));
  if (!byColumns) return place(byRows);
  const score = (layout: Token[][]) =>
    layout.reduce(
      (n, tokens, i) => n + (check((rows[i] as { spec: RowSpec }).spec, valuesOf(tokens)) ? 1 : 0),
      0,
    );
  const same = (i: number) =>
    valuesOf(byRows[i] as Token[]).every((v, c) => v === valuesOf((byColumns as Token[][])[i] as Token[])[c]);
  const rowScore = check === noCheck ? 0 : score(byRows);
  const columnScore = check === noCheck ? 0 : score(byColumns);
  if (rowScore !== columnScore) {
    const decided: NumberOrder = rowScore > columnScore ? 'rows' : 'columns';
    // the first table to decide (applications, read first) speaks for the report
    ctx.order ??= decided;
    return place(decided === 'rows' ? byRows : byColumns);
  }
  if (rows.every((_, i) => same(i))) return place(byRows);
  if (ctx.order) return place(ctx.order === 'rows' ? byRows : byColumns);
  // neither the identities nor another table can say: rows that read differently are ambiguous
  const placed: Placed[] = [];
  rows.forEach((r, i) => {
    if (same(i)) {
      placed.push({ row: r.spec.row, label: r.label, tokens: byRows[i] as Token[] });
      return;
    }
    const a = issue(
      IssueCode.AMBIGUOUS_CELLS,
      IssueSeverity.ERROR,
      r.spec.row,
      `row ${r.spec.row} ("${r.label.raw}"): its numbers are printed apart from it, and whether they run row by row or column by column cannot be known`,
      r.label,
    );
    a.candidates = [valuesOf(byRows[i] as Token[]), valuesOf((byColumns as Token[][])[i] as Token[])];
    issues.push(a);
    placed.push({ row: r.spec.row, label: r.label, tokens: [] });
  });
  void table;
  return placed;
}

function extraRow(run: Run, label: Token): ExtraRow {
  const row: ExtraRow = {
    label: label.raw,
    cells: run.values.map((t) => {
      const c = cellOf(ColumnCode.TOTAL, t);
      const { column: _column, ...rest } = c;
      return rest;
    }),
    position: { line: label.line, column: label.column },
  };
  return row;
}

/** A label that says nothing about a row: headers and group labels printed before numbers. */
function isHeaderLabel(t: Token): boolean {
  return (
    t.norm.length === 0 ||
    /^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]?)?(?:第二十条|信息内容|本年|现行有效|处理决定|收费金额|申请人情况|自然人|法人|商业企业|科研机构|社会公益|法律服务|其他$|总计|合计|数据\d|项目|单位|万元|\(单位|办理结果|不予公开|无法提供|不予处理|其他处理|表[一二三四\d])/.test(
      t.norm,
    )
  );
}

/**
 * Reads the runs of one table into the template's rows (active disclosure and applications).
 * `check` is the table's own row identity, used to split glued runs and order blocks.
 */
function readRows(
  table: TableCode,
  runs: readonly Run[],
  specs: readonly RowSpec[],
  matcher: RowMatcher,
  check: RowCheck,
  ctx: ReadContext,
  trailingBlankSlack: number,
): TableReading {
  const issues: NormalizedIssue[] = [];
  const specOf = new Map(specs.map((s) => [s.row, s]));
  const order = specs.map((s) => s.row);
  const placed = new Map<RowCode, Placed>();
  const extras: ExtraRow[] = [];
  const unlabelled: Run[] = [];
  let partial = false;
  let pointer = 0;
  /** The row the previous run was read as (a row whose label wraps may continue on the next run). */
  let previous: Placed | undefined;

  const take = (p: Placed) => {
    placed.set(p.row, p);
    pointer = Math.max(pointer, order.indexOf(p.row) + 1);
  };

  for (const run of runs) {
    const block = run.labels.length > 1 ? readBlock(run, specs, matcher, check, ctx, issues, table) : null;
    if (block) {
      for (const p of block) {
        if (p.tokens.length === 0) partial = true;
        else take(p);
      }
      continue;
    }
    const cands = runRows(run, matcher).filter((c) => specOf.has(c));
    const before = previous;
    previous = undefined;
    if (cands.length === 0) {
      const label = [...run.labels].reverse().find((t) => !isHeaderLabel(t));
      if (label && before && continuesRow(before, run, specOf.get(before.row) as RowSpec)) {
        placed.set(before.row, { ...before, tokens: [...before.tokens, ...run.values] });
        continue;
      }
      const blankOnly = run.values.every((v) => v.reading?.blank === true);
      if (label && !blankOnly) {
        extras.push(extraRow(run, label));
        issues.push(
          issue(
            IssueCode.EXTRA_ROW,
            IssueSeverity.INFO,
            table,
            `row "${label.raw}" is not a row of the template; kept as an extra row (${printed(label, run.values)})`,
            label,
          ),
        );
      } else if (!blankOnly) unlabelled.push(run);
      continue;
    }
    // blank marks under a header (`| 其他 |` then `| - | - |`: a placeholder row) that do not fill a row are layout
    const allBlank = run.values.every((v) => v.reading?.blank === true);
    const named = runLabel(run, matcher);
    if (
      allBlank &&
      named &&
      isHeaderLabel(named) &&
      run.values.length !== (specOf.get(cands[0] as RowCode) as RowSpec).columns.length
    ) {
      continue;
    }
    // the first candidate row not yet read, in the template's order from where the table is
    const free = cands.filter((c) => !placed.has(c));
    const next = free.find((c) => order.indexOf(c) >= pointer) ?? free[0];
    const label = runLabel(run, matcher);
    if (next === undefined) {
      partial = true;
      issues.push(
        issue(
          IssueCode.TABLE_LAYOUT_UNKNOWN,
          IssueSeverity.ERROR,
          table,
          `row "${label?.raw ?? ''}" is printed twice; the second is left out (${printed(label, run.values)})`,
          label ?? run.values[0],
        ),
      );
      continue;
    }
    take({ row: next, label, tokens: run.values, run });
    previous = placed.get(next);
  }

  // numbers with no label: by position only when they fill the unread rows one to one
  if (unlabelled.length > 0) {
    const missing = order.filter((r) => !placed.has(r));
    const fits =
      missing.length === unlabelled.length &&
      unlabelled.every(
        (run, i) => run.values.length === (specOf.get(missing[i] as RowCode) as RowSpec).columns.length,
      );
    if (fits && placed.size === 0) {
      unlabelled.forEach((run, i) =>
        take({ row: missing[i] as RowCode, label: undefined, tokens: run.values }),
      );
    } else {
      partial = true;
      const first = unlabelled[0] as Run;
      issues.push(
        issue(
          IssueCode.TABLE_LAYOUT_UNKNOWN,
          IssueSeverity.ERROR,
          table,
          `${unlabelled.length} run(s) of numbers have no row label and cannot be placed; left out (${printed(undefined, first.values)})`,
          first.values[0],
        ),
      );
    }
  }

  // cells of each row: glued runs split, trailing blanks dropped, counts checked
  const padded = paddedTable(runs);
  let strays: Map<number, Token[]> | undefined;
  const rows: NormalizedRow[] = [];
  const glued: Array<{ spec: RowSpec; p: Placed; candidates: number[][] }> = [];
  for (const spec of specs) {
    const p = placed.get(spec.row);
    if (!p) {
      if (!issues.some((i) => i.where === spec.row)) {
        issues.push(
          issue(
            IssueCode.MISSING_ROW,
            IssueSeverity.WARNING,
            spec.row,
            `row ${ROW_LABELS[spec.row]} not found`,
          ),
        );
      }
      continue;
    }
    const pieces = gluedPieces(p.tokens);
    if (pieces && !(p.tokens.length === spec.columns.length && pieces.every((x) => x.text.length === 1))) {
      const own = splitPieces(pieces, spec.columns.length, (v) => check(spec, v), ctx.work);
      const any =
        own.candidates.length > 0 ? own : splitPieces(pieces, spec.columns.length, undefined, ctx.work);
      glued.push({ spec, p, candidates: any.candidates });
      continue;
    }
    const filled = edgeFilled(p.tokens, p.run, spec, check === noCheck ? null : check, padded);
    let tokens = filled.tokens;
    if (filled.inferred) {
      issues.push(
        issue(
          IssueCode.CELL_COUNT_MISMATCH,
          IssueSeverity.WARNING,
          spec.row,
          `row ${spec.row} has ${p.tokens.length} cells for ${spec.columns.length} columns, all 0: its identity makes the missing cell 0 too, so the row is read as zeros (${printed(p.label, p.tokens)})`,
          p.label ?? p.tokens[0],
        ),
      );
    }
    if (tokens.length > spec.columns.length && trailingBlankSlack > 0) {
      const extra = tokens.slice(spec.columns.length);
      if (tokens.length <= trailingBlankSlack && extra.every((v) => v.reading?.blank === true)) {
        tokens = tokens.slice(0, spec.columns.length);
      }
    }
    if (
      spec.columns.length === 1 &&
      tokens.length > 1 &&
      tokens.every((t) => t.raw === (tokens[0] as Token).raw)
    ) {
      // one figure printed in every column its merged cell spans (converters repeat a colspan's
      // text): whichever copy is the cell, it reads the same
      tokens = tokens.slice(0, 1);
    }
    if (tokens.length !== spec.columns.length) {
      partial = true;
      issues.push(
        issue(
          IssueCode.CELL_COUNT_MISMATCH,
          IssueSeverity.ERROR,
          spec.row,
          `row ${spec.row} has ${tokens.length} cells for ${spec.columns.length} columns; the row is left out (${printed(p.label, tokens)})`,
          p.label ?? tokens[0],
        ),
      );
      continue;
    }
    let merged = unorderedOverLines(tokens)
      ? mergedByColumn(tokens, p.run?.labels ?? (p.label ? [p.label] : []), bandsOf(placed, spec, specOf))
      : tokens;
    if (
      merged !== null &&
      merged !== tokens &&
      wrappedFurther(merged, p, (strays ??= strayNumbers(runs, placed)))
    )
      merged = null;
    if (merged !== null) tokens = merged;
    else {
      partial = true;
      issues.push(
        issue(
          IssueCode.AMBIGUOUS_CELLS,
          IssueSeverity.ERROR,
          spec.row,
          `row ${spec.row}: its numbers are printed over several lines of space-aligned text, so the column of each cannot be known; left out (${printed(p.label, tokens)})`,
          p.label ?? tokens[0],
        ),
      );
      continue;
    }
    rows.push(rowOf(spec, p, tokens));
  }
  if (glued.length > 0) {
    const chosen = table === TableCode.APPLICATIONS ? jointChoice(glued, rows) : new Map<RowCode, number[]>();
    for (const g of glued) {
      const values = chosen.get(g.spec.row) ?? (g.candidates.length === 1 ? g.candidates[0] : undefined);
      if (values) {
        rows.push(rowOf(g.spec, { ...g.p, values }, g.p.tokens));
        continue;
      }
      partial = true;
      const a = issue(
        IssueCode.AMBIGUOUS_CELLS,
        IssueSeverity.ERROR,
        g.spec.row,
        g.candidates.length === 0
          ? `row ${g.spec.row}: its digits (${printed(g.p.label, g.p.tokens)}) cannot be split into ${g.spec.columns.length} cells`
          : `row ${g.spec.row}: its digits (${printed(g.p.label, g.p.tokens)}) split into ${g.spec.columns.length} cells ${g.candidates.length} ways; left out`,
        g.p.label ?? g.p.tokens[0],
      );
      a.candidates = g.candidates.slice(0, MAX_ISSUE_CANDIDATES);
      issues.push(a);
    }
    rows.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  }
  if (rows.length === 0 && extras.length === 0) return { issues };
  const result: NormalizedTable = { table, rows };
  if (partial) result.partial = true;
  if (extras.length > 0) result.extraRows = extras;
  return { table: result, issues };
}

/**
 * A row's numbers in text without separators that come from several lines, two or more on one
 * of them, and not all the same: pdftotext -layout prints a cell whose text wraps (`0件` over two
 * lines) a line above the others, so reading the lines in turn puts its number in the wrong
 * column (`（二）部分公开… 0` / `4 0 0 0件 0 4`). One number a line (a cell per line) and `|`- or
 * tab-separated rows keep their order.
 */
function unorderedOverLines(tokens: readonly Token[]): boolean {
  if (tokens.some((t) => t.lineCells !== undefined || t.glued === true)) return false;
  const perLine = new Map<number, number>();
  for (const t of tokens) perLine.set(t.lineIndex, (perLine.get(t.lineIndex) ?? 0) + 1);
  if (perLine.size < 2 || ![...perLine.values()].some((n) => n >= 2)) return false;
  const first = tokens[0]?.reading?.value;
  return tokens.some((t) => t.reading?.value !== first);
}

/** A column's extent (code units, 1-based start to end exclusive) over a table's one-line rows. */
interface Band {
  from: number;
  to: number;
}

/**
 * Column bands of a table: for each column, where the rows printed whole on one line (as many
 * numbers as columns) put its number. Undefined when no such row exists.
 */
function bandsOf(
  placed: ReadonlyMap<RowCode, Placed>,
  spec: RowSpec,
  specOf: ReadonlyMap<RowCode, RowSpec>,
): Band[] | undefined {
  let bands: Band[] | undefined;
  for (const p of placed.values()) {
    if (specOf.get(p.row)?.columns !== spec.columns) continue;
    const ts = p.tokens;
    if (ts.length !== spec.columns.length || ts.some((t) => t.lineIndex !== ts[0]?.lineIndex)) continue;
    if (ts.some((t) => t.lineCells !== undefined || t.glued === true)) continue;
    bands ??= ts.map((t) => ({ from: t.column, to: t.column + t.raw.length }));
    ts.forEach((t, i) => {
      const b = (bands as Band[])[i] as Band;
      b.from = Math.min(b.from, t.column);
      b.to = Math.max(b.to, t.column + t.raw.length);
    });
  }
  return bands;
}

/**
 * A row whose numbers sit on several lines of column-laid text (pdftotext -layout prints a cell
 * that wraps above or below the row's line) in the order of their columns. pdftotext gives a
 * fragment lying right of another a column past the other's end, whatever line each is on, so
 * columns order the cells across lines as they are on the page — but only when no two cells of
 * different lines share columns (then the layout is not what that rule makes), every number lies
 * right of the row's labels, and each falls in the band the table's one-line rows give its
 * column. Null when not so: the row stays ambiguous.
 */
function mergedByColumn(
  tokens: readonly Token[],
  labels: readonly Token[],
  bands: readonly Band[] | undefined,
): Token[] | null {
  if (!bands || bands.length !== tokens.length) return null;
  // the labels' column lies left of the numbers': a number under a label's text (copied text,
  // the numbers' line starting again at the margin) is not laid out by columns
  const labelEnd = Math.max(...labels.map((l) => l.column + l.raw.length));
  if (tokens.some((t) => t.column <= labelEnd)) return null;
  const sorted = [...tokens].sort((a, b) => a.column - b.column || a.lineIndex - b.lineIndex);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as Token;
    const b = sorted[i] as Token;
    if (a.lineIndex !== b.lineIndex && b.column < a.column + a.raw.length + 1) return null;
  }
  const fits = sorted.every((t, i) => {
    const band = bands[i] as Band;
    return t.column < band.to && t.column + t.raw.length > band.from;
  });
  return fits ? sorted : null;
}

/**
 * A run with a label of no row, right under a row short of its cells, whose numbers make up that
 * row's count: in space-aligned text (pdftotext -layout) a row whose label wraps over three lines
 * has its figures on the label's middle line (vertically centred) and a wider cell's on its first
 * (`（六）其 1.申请人无正当理由逾期不补正、   无` / `他处理 行政机关不再处理其政府信息公开 无 无 …`).
 * The numbers are then ordered by their columns (mergedByColumn), or the row stays ambiguous.
 */
function continuesRow(prev: Placed, run: Run, spec: RowSpec): boolean {
  const n = spec.columns.length;
  if (prev.tokens.length === 0 || prev.values || prev.tokens.length + run.values.length !== n) return false;
  const all = [...prev.tokens, ...run.values, ...run.labels];
  if (all.some((t) => t.lineCells !== undefined || t.glued === true || t.optional === true)) return false;
  const prevLast = Math.max(...prev.tokens.map((t) => t.lineIndex), prev.label?.lineIndex ?? -1);
  const first = run.labels[0];
  return (
    first !== undefined &&
    first.lineIndex === prevLast + 1 &&
    run.labels.every((t) => t.lineIndex === first.lineIndex) &&
    run.values.every((t) => t.lineIndex === first.lineIndex)
  );
}

/** Numbers on lines that hold no template row's label (header fragments, wrapped cells), by line. */
function strayNumbers(runs: readonly Run[], placed: ReadonlyMap<RowCode, Placed>): Map<number, Token[]> {
  const labelled = new Set<number>();
  for (const p of placed.values()) if (p.label) labelled.add(p.label.lineIndex);
  const out = new Map<number, Token[]>();
  for (const run of runs) {
    for (const t of run.values) {
      if (labelled.has(t.lineIndex)) continue;
      const list = out.get(t.lineIndex);
      if (list) list.push(t);
      else out.set(t.lineIndex, [t]);
    }
  }
  return out;
}

/**
 * A row merged from several lines whose cell on another line than its label's has, on a line
 * beyond the row (above its first line or below its last), a number of no row in its columns: a
 * cell wrapped over three lines (LibreOffice wraps a full-width `１３２` in a narrow cell as
 * `１ ３` above the row's line and `２` below), so the row's own fragment is a piece of a figure,
 * not the figure. The row stays ambiguous.
 */
function wrappedFurther(merged: readonly Token[], p: Placed, strays: ReadonlyMap<number, Token[]>): boolean {
  if (strays.size === 0) return false;
  const home = p.label?.lineIndex;
  const lines = merged.map((t) => t.lineIndex);
  const top = Math.min(...lines);
  const bottom = Math.max(...lines);
  const near = [...(strays.get(top - 1) ?? []), ...(strays.get(bottom + 1) ?? [])];
  return merged.some(
    (t) =>
      t.lineIndex !== home &&
      near.some((s) => s.column < t.column + t.raw.length + 1 && s.column + s.raw.length + 1 > t.column),
  );
}

/**
 * Whether a table's rows are padded to one width: markdown (converters pad every row), or
 * separated lines that all have the same number of cells (two lines at least), as a
 * spreadsheet's copy prints them.
 */
function paddedTable(runs: readonly Run[]): boolean {
  const widths = new Map<number, number>();
  for (const run of runs) {
    for (const t of [...run.labels, ...run.values, ...(run.leading ?? []), ...(run.trailing ?? [])]) {
      if (t.padded) return true;
      if (t.lineCells !== undefined) widths.set(t.lineIndex, t.lineCells);
    }
  }
  return widths.size >= 2 && new Set(widths.values()).size === 1;
}

/**
 * A row short of its columns (docs/parsing.md, "Rows short of a cell"). Its empty edge cells —
 * after its label or after its last number, on a `|`- or tab-separated line — may be blank cells,
 * a label's colspan, or padding; a cell may also be missing. Read only what the text proves:
 * - in a table whose rows are not padded to one width (a browser's copy prints each cell where it
 *   starts, nothing more), edge cells that make exactly the row's columns are the row as printed;
 * - in a padded table (markdown, a spreadsheet's copy) the same text comes from a row with a
 *   cell missing, so filling it with blanks would be a guess, unless —
 * - in any layout, a row one cell short whose printed cells are all zeros, in a table with a row
 *   identity (applications: identity 1; review: identity 4 per group): whatever cell is missing,
 *   the identity makes it 0, so the row is all zeros.
 * Anything else stays short, and the row is flagged.
 */
function edgeFilled(
  tokens: readonly Token[],
  run: Run | undefined,
  spec: RowSpec,
  check: RowCheck | null,
  padded: boolean,
): { tokens: readonly Token[]; inferred?: boolean } {
  const short = spec.columns.length - tokens.length;
  if (short <= 0) return { tokens };
  const trailing = run?.trailing ?? [];
  const leading = run?.leading ?? [];
  if (!padded && leading.length + trailing.length === short && run) {
    return { tokens: [...leading, ...tokens, ...trailing] };
  }
  const last = tokens[tokens.length - 1];
  if (short === 1 && check && last && tokens.every((t) => t.reading?.value === 0)) {
    const zero: Token = { ...last, raw: '', reading: { value: 0, blank: true, notApplicable: false } };
    delete zero.optional;
    return { tokens: [...tokens, trailing[0] ?? leading[leading.length - 1] ?? zero], inferred: true };
  }
  return { tokens };
}

function rowOf(spec: RowSpec, p: Placed, tokens: readonly Token[]): NormalizedRow {
  const cells = p.values
    ? spec.columns.map((c, i) => {
        // a split cell points at the glued run it came from
        const t = tokens[0] as Token;
        return {
          ...cellOf(c, t, p.values?.[i]),
          raw: String(p.values?.[i]),
          blank: false,
          notApplicable: false,
        };
      })
    : spec.columns.map((c, i) => cellOf(c, tokens[i] as Token));
  const row: NormalizedRow = { code: spec.row, label: p.label?.raw ?? '', cells };
  const at = p.label ?? tokens[0];
  if (at) row.position = { line: at.line, column: at.column };
  return row;
}

/** Rows of identity 2 (the outcome rows, whose sum is 三(七) 总计). */
function isOutcomeRow(code: RowCode): boolean {
  return (
    code === RowCode.GRANTED ||
    code === RowCode.PARTIALLY_GRANTED ||
    code.startsWith('refused.') ||
    code.startsWith('unableToProvide.') ||
    code.startsWith('notProcessed.') ||
    code.startsWith('otherDisposal')
  );
}

/**
 * Glued applications rows with several readings: the combinations (at most MAX_CANDIDATES) that
 * satisfy identities 2 and 3 in every column decide the rows on which they all agree.
 */
function jointChoice(
  glued: ReadonlyArray<{ spec: RowSpec; candidates: number[][] }>,
  known: readonly NormalizedRow[],
): Map<RowCode, number[]> {
  const chosen = new Map<RowCode, number[]>();
  const open = glued.filter((g) => g.candidates.length > 1);
  let combos = 1;
  for (const g of open) combos *= g.candidates.length;
  if (open.length === 0 || combos > MAX_CANDIDATES) return chosen;
  const fixed = new Map<RowCode, readonly number[]>();
  for (const r of known)
    fixed.set(
      r.code,
      r.cells.map((c) => c.value ?? 0),
    );
  for (const g of glued) if (g.candidates.length === 1) fixed.set(g.spec.row, g.candidates[0] as number[]);
  const columns = APPLICATION_COLUMNS.length;
  const holds = (rows: ReadonlyMap<RowCode, readonly number[]>): boolean => {
    const total = rows.get(RowCode.TOTAL_PROCESSED);
    const a = rows.get(RowCode.NEW_RECEIVED);
    const b = rows.get(RowCode.CARRIED_OVER);
    const d = rows.get(RowCode.CARRIED_FORWARD);
    for (let c = 0; c < columns; c++) {
      if (total) {
        let sum = 0;
        for (const [code, v] of rows) if (isOutcomeRow(code)) sum += v[c] as number;
        if (Math.abs(sum - (total[c] as number)) > 1e-6) return false;
      }
      if (
        a &&
        b &&
        total &&
        d &&
        Math.abs((a[c] as number) + (b[c] as number) - (total[c] as number) - (d[c] as number)) > 1e-6
      )
        return false;
    }
    return true;
  };
  const surviving: number[][][] = [];
  const pick: number[][] = [];
  const walk = (i: number) => {
    if (i === open.length) {
      const rows = new Map(fixed);
      open.forEach((g, k) => rows.set(g.spec.row, pick[k] as number[]));
      if (holds(rows)) surviving.push([...pick]);
      return;
    }
    for (const c of (open[i] as { candidates: number[][] }).candidates) {
      pick.push(c);
      walk(i + 1);
      pick.pop();
    }
  };
  walk(0);
  if (surviving.length === 0) return chosen;
  open.forEach((g, k) => {
    const first = (surviving[0] as number[][])[k] as number[];
    if (surviving.every((s) => (s[k] as number[]).every((v, c) => v === first[c])))
      chosen.set(g.spec.row, first);
  });
  return chosen;
}

/**
 * The 2019 form's 政府集中采购 printed with one cell, 采购总金额 (docs/parsing.md): the header of its
 * item says so — the labels of the run that names the row, up to its label, speak of an amount
 * (金额) and of no count of projects (采购项目数量, or the pieces a header wrapped over lines leaves:
 * 采购项 / 目数量; a header of another item repeated there counts too, to be safe).
 * Without such a header the row keeps both columns, and one cell is a row short of a cell (never
 * an amount guessed from a count).
 */
function procurementAmountOnly(runs: readonly Run[]): boolean {
  for (const run of runs) {
    const at = run.labels.findIndex((t) => activeRowsFor(t.norm).includes(RowCode.PROCUREMENT));
    if (at < 0) continue;
    const header = run.labels
      .slice(0, at + 1)
      .map((t) => t.norm)
      .join('');
    return /金额|总金/.test(header) && !/采购项|项目数|目数量/.test(header);
  }
  return false;
}

const PROCUREMENT_AMOUNT_ONLY: RowSpec = { row: RowCode.PROCUREMENT, columns: [ColumnCode.AMOUNT] };

export function readActiveDisclosure(
  runs: readonly Run[],
  form: FormVersion,
  ctx: ReadContext,
): TableReading {
  let specs: readonly RowSpec[] = ACTIVE_DISCLOSURE_LAYOUT[form];
  if (form === FormVersion.V2019 && procurementAmountOnly(runs)) {
    specs = specs.map((s) => (s.row === RowCode.PROCUREMENT ? PROCUREMENT_AMOUNT_ONLY : s));
  }
  return readRows(TableCode.ACTIVE_DISCLOSURE, runs, specs, activeRowsFor, noCheck, ctx, 3);
}

/**
 * The header names 总计 before 自然人 (some bodies print the total as the first column). Header
 * cells come before the first row's label in reading order whichever row of the header they sit
 * in (the template's 总计 spans the rows that 自然人 spans), so their order is the columns' order.
 */
function totalFirst(runs: readonly Run[]): boolean {
  const labels = runs[0]?.labels ?? [];
  const natural = labels.findIndex((t) => t.norm === '自然人');
  const total = labels.findIndex((t) => t.norm === '总计' || t.norm === '合计');
  if (total >= 0 && natural >= 0) return natural > total;
  return totalFirstByIdentity(runs);
}

/**
 * With no header to tell (a PDF's narrow header cells wrap 总计 as 总 / 计): the total is the first
 * column when identity 1 holds on every row of seven numbers with the first cell as the total, and
 * on two rows or more only so. A row in the template's order cannot have it hold only so: when
 * 自然人 = the others + 总计 holds, every figure but 自然人 and 总计 is 0 and they are equal, so the
 * last holds too. A row where neither holds (a broken identity, a misread row) leaves the order
 * unknown: the template's is kept and the identities flag the rows.
 */
function totalFirstByIdentity(runs: readonly Run[]): boolean {
  let firstOnly = 0;
  for (const r of runs) {
    if (r.values.length !== APPLICATION_COLUMNS.length) continue;
    const v = r.values.map((t) => t.reading?.value);
    if (v.some((x) => x === undefined || x === null) || runRows(r, applicationRowsFor).length === 0) continue;
    const values = v as number[];
    const last = lastIsSum(values);
    if (!lastIsSum([...values.slice(1), values[0] as number])) return false;
    if (!last) firstOnly++;
  }
  return firstOnly >= 2;
}

export function readApplications(runs: readonly Run[], form: FormVersion, ctx: ReadContext): TableReading {
  const specs = APPLICATION_ROWS[form].map((row) => ({ row, columns: APPLICATION_COLUMNS }));
  if (totalFirst(runs)) {
    // each row's cells read in the template's order (the total moved last); a row printed with
    // another count of cells, or as a glued digit run, cannot be reordered: the table is flagged
    const n = APPLICATION_COLUMNS.length;
    const plain = (r: Run) => r.values.length === n && r.values.every((t) => t.glued !== true && !t.optional);
    const odd = runs.find((r) => !plain(r) && runRows(r, applicationRowsFor).length > 0);
    const reading = readRows(
      TableCode.APPLICATIONS,
      runs.map((r) => (plain(r) ? { ...r, values: [...r.values.slice(1), r.values[0] as Token] } : r)),
      specs,
      applicationRowsFor,
      applicationsCheck,
      ctx,
      0,
    );
    if (odd && reading.table) {
      reading.table.partial = true;
      reading.issues.push(
        issue(
          IssueCode.TABLE_LAYOUT_UNKNOWN,
          IssueSeverity.ERROR,
          TableCode.APPLICATIONS,
          `the header prints 总计 as the first column and row "${odd.labels.at(-1)?.raw ?? ''}" has ${odd.values.length} cells, so its columns cannot be known (${printed(odd.labels.at(-1), odd.values)})`,
          odd.labels.at(-1) ?? odd.values[0],
        ),
      );
    }
    return reading;
  }
  return readRows(TableCode.APPLICATIONS, runs, specs, applicationRowsFor, applicationsCheck, ctx, 0);
}

const REVIEW_GROUP_MATCHER: RowMatcher = (s) => {
  if (s.includes('复议后')) return [RowCode.LITIGATION_AFTER_RECONSIDERATION];
  if (s.includes('直接起诉') || s.includes('未经复议')) return [RowCode.LITIGATION_DIRECT];
  if (s.includes('行政复议') && s.length <= 8) return [RowCode.RECONSIDERATION];
  return [];
};

const REVIEW_SPECS: readonly RowSpec[] = REVIEW_ROWS.map((row) => ({ row, columns: REVIEW_COLUMNS }));
const reviewCheck: RowCheck = (_spec, values) => lastIsSum(values);
const PER_GROUP = REVIEW_COLUMNS.length;
/** Candidates an AMBIGUOUS_CELLS issue lists (the search keeps up to MAX_CANDIDATES). */
export const MAX_ISSUE_CANDIDATES = 64;
const REVIEW_CELLS = PER_GROUP * REVIEW_ROWS.length;

/** Identity 4 for the three groups of a fifteen-cell review row. */
function reviewRowHolds(values: readonly number[]): boolean {
  for (let g = 0; g < REVIEW_ROWS.length; g++) {
    if (!lastIsSum(values, g * PER_GROUP, (g + 1) * PER_GROUP)) return false;
  }
  return true;
}

/** The row of fifteen as one spec, for edgeFilled: its check is identity 4 in every group. */
const REVIEW_ROW_SPEC: RowSpec = {
  row: RowCode.RECONSIDERATION,
  columns: REVIEW_ROWS.flatMap(() => REVIEW_COLUMNS),
};
const reviewRowCheck: RowCheck = (_spec, values) => reviewRowHolds(values);

function reviewTable(
  groups: ReadonlyArray<{
    row: RowCode;
    tokens: readonly Token[];
    values?: readonly number[];
    label?: Token;
  }>,
): NormalizedTable {
  return {
    table: TableCode.REVIEW_LITIGATION,
    rows: groups.map((g) => {
      const spec = { row: g.row, columns: REVIEW_COLUMNS };
      const row = rowOf(
        spec,
        { row: g.row, label: g.label, tokens: g.tokens, ...(g.values ? { values: g.values } : {}) },
        g.tokens,
      );
      if (!g.label) row.label = ROW_LABELS[g.row];
      return row;
    }),
  };
}

/**
 * Section four is one row of fifteen numbers (three groups of five), or three labelled rows of
 * five; glued, it is one digit run split under identity 4. A fifteen-cell row with a cell too
 * many or too few cannot be divided into its groups: the table is flagged whole.
 */
export function readReview(runs: readonly Run[], ctx: ReadContext): TableReading {
  const first = runs[0];
  if (!first) return { issues: [] };
  const pieces = gluedPieces(first.values);
  if (pieces && !(first.values.length === REVIEW_CELLS && pieces.every((p) => p.text.length === 1))) {
    const own = splitPieces(pieces, REVIEW_CELLS, reviewRowHolds, ctx.work);
    const any = own.candidates.length > 0 ? own : splitPieces(pieces, REVIEW_CELLS, undefined, ctx.work);
    // each group on its own: taken where every candidate reads it alike
    const groups: Array<{ row: RowCode; tokens: readonly Token[]; values: readonly number[] }> = [];
    const issues: NormalizedIssue[] = [];
    REVIEW_ROWS.forEach((row, g) => {
      const readings = new Map<string, number[]>();
      for (const c of any.candidates) {
        const v = c.slice(g * PER_GROUP, (g + 1) * PER_GROUP);
        readings.set(v.join(), v);
      }
      const distinct = [...readings.values()];
      if (distinct.length === 1 && !any.truncated) {
        groups.push({ row, tokens: first.values, values: distinct[0] as number[] });
        return;
      }
      const a = issue(
        IssueCode.AMBIGUOUS_CELLS,
        IssueSeverity.ERROR,
        row,
        distinct.length === 0
          ? `the review and litigation digits (${printed(undefined, first.values)}) cannot be split into ${REVIEW_CELLS} cells`
          : `${row}: the review and litigation digits (${printed(undefined, first.values)}) read ${distinct.length} ways for this group; left out`,
        first.values[0],
      );
      a.candidates = distinct.slice(0, MAX_ISSUE_CANDIDATES);
      issues.push(a);
    });
    if (groups.length === 0) return { issues };
    const table = reviewTable(groups);
    if (issues.length > 0) table.partial = true;
    return { table, issues };
  }
  let values: readonly Token[] = first.values;
  let inferred: NormalizedIssue | undefined;
  const edges = (first.leading?.length ?? 0) + (first.trailing?.length ?? 0);
  if (values.length < REVIEW_CELLS) {
    // short of its fifteen: as any row short of its columns (edgeFilled)
    const filled = edgeFilled(values, first, REVIEW_ROW_SPEC, reviewRowCheck, paddedTable(runs));
    if (filled.tokens.length === REVIEW_CELLS) {
      values = filled.tokens;
      if (filled.inferred) {
        inferred = issue(
          IssueCode.CELL_COUNT_MISMATCH,
          IssueSeverity.WARNING,
          TableCode.REVIEW_LITIGATION,
          `the review and litigation row has ${first.values.length} cells for ${REVIEW_CELLS}, all 0: identity 4 makes the missing cell 0 too, so the row is read as zeros`,
          first.values[0],
        );
      }
    }
  } else if (values.length === REVIEW_CELLS && edges > 0) {
    // fifteen only without the empty cells printed at its edges (seed 001: sixteen cells, the
    // last blank; or padding): taken only if every group holds, else its layout cannot be known
    if (!reviewRowHolds(values.map((t) => t.reading?.value ?? 0)))
      values = [...(first.leading ?? []), ...values, ...(first.trailing ?? [])];
  }
  if (values !== first.values && values.length === REVIEW_CELLS) {
    const groups = REVIEW_ROWS.map((row, g) => ({
      row,
      tokens: values.slice(g * PER_GROUP, (g + 1) * PER_GROUP),
    }));
    return { table: reviewTable(groups), issues: inferred ? [inferred] : [] };
  }
  if (values.length === REVIEW_CELLS) {
    const sequential = REVIEW_ROWS.map((row, g) => ({
      row,
      tokens: first.values.slice(g * PER_GROUP, (g + 1) * PER_GROUP),
    }));
    // the template's row of fifteen prints 结果维持 under each of its three groups; three
    // labelled rows of five print it once, above them, and their numbers may run by column
    const headers = first.labels.filter((t) => t.norm.includes('维持')).length;
    if (headers > 1 || new Set(first.labels.flatMap((t) => REVIEW_GROUP_MATCHER(t.norm))).size < 3) {
      return { table: reviewTable(sequential), issues: [] };
    }
    const transposed = REVIEW_ROWS.map((row, g) => ({
      row,
      tokens: REVIEW_COLUMNS.map((_, c) => first.values[c * REVIEW_ROWS.length + g] as Token),
    }));
    const valuesOf = (tokens: readonly Token[]) => tokens.map((t) => t.reading?.value ?? 0);
    const score = (groups: ReadonlyArray<{ tokens: readonly Token[] }>) =>
      groups.filter((g) => lastIsSum(valuesOf(g.tokens))).length;
    const rowScore = score(sequential);
    const columnScore = score(transposed);
    let order: NumberOrder | undefined;
    if (rowScore !== columnScore) {
      order = rowScore > columnScore ? 'rows' : 'columns';
      ctx.order ??= order;
    } else order = ctx.order;
    if (order) return { table: reviewTable(order === 'rows' ? sequential : transposed), issues: [] };
    // nothing tells the order: groups that read differently are ambiguous
    const issues: NormalizedIssue[] = [];
    const groups = sequential.filter((g, i) => {
      const a = valuesOf(g.tokens);
      const b = valuesOf((transposed[i] as { tokens: readonly Token[] }).tokens);
      if (a.join() === b.join()) return true;
      const amb = issue(
        IssueCode.AMBIGUOUS_CELLS,
        IssueSeverity.ERROR,
        g.row,
        `${g.row}: the review numbers are printed apart from their rows, and whether they run row by row or column by column cannot be known`,
        first.values[0],
      );
      amb.candidates = [a, b];
      issues.push(amb);
      return false;
    });
    if (groups.length === 0) return { issues };
    const table = reviewTable(groups);
    if (issues.length > 0) table.partial = true;
    return { table, issues };
  }
  // labelled rows of five: read row by row
  const named = new Set(runs.flatMap((r) => runRows(r, REVIEW_GROUP_MATCHER)));
  if (named.size >= 2) {
    const reading = readRows(
      TableCode.REVIEW_LITIGATION,
      runs,
      REVIEW_SPECS,
      REVIEW_GROUP_MATCHER,
      reviewCheck,
      ctx,
      0,
    );
    if (reading.table && reading.table.rows.length > 0) {
      for (const row of reading.table.rows) if (row.label === '') row.label = ROW_LABELS[row.code];
      return reading;
    }
  }
  const at = first.values[0];
  return {
    issues: [
      issue(
        IssueCode.CELL_COUNT_MISMATCH,
        IssueSeverity.ERROR,
        TableCode.REVIEW_LITIGATION,
        `the review and litigation row has ${values.length} cells for ${REVIEW_CELLS} columns; the table's layout cannot be known (${printed(undefined, values)})`,
        at,
      ),
    ],
  };
}
