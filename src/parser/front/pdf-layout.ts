/**
 * PDF page geometry to the intermediate layout (./layout): pure functions over the text pieces and
 * ruling segments that ./pdf reads with pdfjs, so that every rule here is testable on numbers.
 *
 * - Text pieces become words (a piece holding spaces is split, positions estimated from the
 *   characters' widths), words become lines by baseline and cells by the gaps between them.
 * - Ruled tables (lattice): the page's horizontal and vertical segments that meet form a grid;
 *   atomic cells not separated by a segment are merged into one cell (rowspan, colspan), every word
 *   goes to the cell it lies in, so a label wrapped inside its cell is one cell; a cell is written on
 *   the first row it spans, as an HTML table's rowspan is; an empty cell of a row of numbers is a
 *   blank (a no-break space).
 * - Tables without rules (stream): lines by baseline; a row label wrapped over several lines is
 *   joined back when the lines are stacked in the label's column and the lines before the last
 *   one fill the column; empty cells are filled in only where the table's columns are unambiguous.
 * - Page chrome: page numbers (`- 3 -`, `第3页`, `3/10`…) in the top and bottom margins, and lines
 *   repeated at the same place on most pages, are dropped.
 */
import { readCell } from '../cell';
import type { Box, Layout, LayoutCell, LayoutLine } from './layout';

/** A text item as pdfjs gives it, in page points with the origin at the top left. */
export interface TextPiece {
  str: string;
  /** Left edge. */
  x: number;
  /** Baseline, from the top of the page. */
  baseline: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

/** A straight stroke (or a thin filled rectangle's axis), in page points from the top left. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PageContent {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  pieces: TextPiece[];
  segments: Segment[];
}

export interface Word {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
}

/** Cells of one line, in x order, each with its words' extent. */
interface Fragment {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  baseline: number;
  size: number;
  numeric: boolean;
}

interface TextLine {
  page: number;
  baseline: number;
  top: number;
  bottom: number;
  size: number;
  fragments: Fragment[];
}

const NBSP = '\u00a0';

// ---------------------------------------------------------------- words

const isSpace = (c: string) => /\s/.test(c) || c === '\u3000';

/** Wide characters (CJK, full-width forms) take one em; others about half. */
function charEm(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 0x2e80 || (code >= 0xff00 && code <= 0xffef)) return 1;
  return 0.5;
}

/** A piece split at its spaces, each word placed by the estimated widths of the characters before it. */
export function piecesToWords(pieces: readonly TextPiece[]): Word[] {
  const words: Word[] = [];
  for (const p of pieces) {
    if (!(p.size > 0) || !Number.isFinite(p.x) || !Number.isFinite(p.baseline)) continue;
    const str = p.str;
    let hasSpace = false;
    let hasText = false;
    for (const c of str) {
      if (isSpace(c)) hasSpace = true;
      else hasText = true;
    }
    if (!hasText) continue;
    if (!hasSpace) {
      words.push({ text: str, x0: p.x, x1: p.x + Math.max(p.width, 0), baseline: p.baseline, size: p.size });
      continue;
    }
    let textEm = 0;
    let spaces = 0;
    for (const c of str) {
      if (isSpace(c)) spaces++;
      else textEm += charEm(c);
    }
    const width = Math.max(p.width, 0);
    // the spaces take what the characters leave of the piece's width
    let em = p.size;
    let space = (width - textEm * em) / Math.max(spaces, 1);
    if (space < 0.1 * em) {
      em = width / (textEm + 0.25 * spaces || 1);
      space = 0.25 * em;
    }
    let x = p.x;
    let cur = '';
    let start = x;
    for (const c of str) {
      if (isSpace(c)) {
        if (cur) words.push({ text: cur, x0: start, x1: x, baseline: p.baseline, size: p.size });
        cur = '';
        x += space;
      } else {
        if (!cur) start = x;
        cur += c;
        x += charEm(c) * em;
      }
    }
    if (cur) words.push({ text: cur, x0: start, x1: x, baseline: p.baseline, size: p.size });
  }
  return words;
}

// ---------------------------------------------------------------- cells of a line

/** A cell's text is a number (or a printed zero / not-applicable mark). */
export function isNumeric(text: string): boolean {
  const r = readCell(text);
  return r !== null && text.trim().length > 0;
}

const ASCII_WORD = /[0-9A-Za-z.,%)]$/;
const ASCII_START = /^[0-9A-Za-z(]/;

/** What joins two pieces of one cell: nothing when they touch, else a space. */
function joiner(left: string, right: string, gap: number, size: number): string {
  if (gap < 0.15 * size) return '';
  // between CJK characters only a gap of a space or more is one (justified lines spread them)
  if (!ASCII_WORD.test(left) && !ASCII_START.test(right) && gap < 0.25 * size) return '';
  return ' ';
}

/**
 * Words of one line to cells: a gap of an em or more starts a new cell; numbers apart by a space are cells of their own (`29 0` is two cells); a label's trailing
 * numbers split off it, as they do in text.
 */
/** How a line is cut into cells: inside a table without rules, narrower gaps separate cells. */
interface CellRule {
  /** A gap of this many font sizes starts a new cell. */
  gap: number;
  /** Left edges of the table's label columns: a gap of a quarter em there is enough. */
  columnStarts: readonly number[];
  /**
   * Vertical rules of a table ruled between its columns only (no grid: no horizontal rules
   * meet them): words on either side of one are in different cells, whatever the gap.
   */
  columnRules?: readonly VSeg[];
}

const PROSE_RULE: CellRule = { gap: 1.0, columnStarts: [] };

/** A column rule runs between x0 and x1 at the height of a word (its middle). */
function ruleBetween(rules: readonly VSeg[] | undefined, x0: number, x1: number, w: Word): boolean {
  if (!rules) return false;
  const ym = w.baseline - 0.35 * w.size;
  return rules.some((r) => r.x >= x0 - SNAP && r.x <= x1 + SNAP && ym >= r.y1 - SNAP && ym <= r.y2 + SNAP);
}

function lineFragments(words: readonly Word[], rule: CellRule): Fragment[] {
  const sorted = [...words].sort((a, b) => a.x0 - b.x0);
  const out: Fragment[] = [];
  let cur: Fragment | null = null;
  let lastWord: Word | null = null;
  for (const w of sorted) {
    const size = w.size;
    if (cur && lastWord) {
      const gap = w.x0 - cur.x1;
      const bothNumbers = isNumeric(lastWord.text) && isNumeric(w.text);
      // where a table column starts, a narrow gap is enough (adjacent cells without rules)
      const atColumn = gap >= 0.25 * size && rule.columnStarts.some((x) => Math.abs(x - w.x0) <= 0.25 * size);
      const ruled = gap > 0 && ruleBetween(rule.columnRules, cur.x1, w.x0, w);
      if (gap < rule.gap * size && !(bothNumbers && gap >= 0.15 * size) && !atColumn && !ruled) {
        cur.text += joiner(cur.text, w.text, gap, size) + w.text;
        cur.x1 = Math.max(cur.x1, w.x1);
        cur.top = Math.min(cur.top, w.baseline - 0.88 * size);
        cur.bottom = Math.max(cur.bottom, w.baseline + 0.12 * size);
        cur.size = Math.max(cur.size, size);
        lastWord = w;
        continue;
      }
      out.push(cur);
    }
    cur = {
      text: w.text,
      x0: w.x0,
      x1: w.x1,
      top: w.baseline - 0.88 * size,
      bottom: w.baseline + 0.12 * size,
      baseline: w.baseline,
      size,
      numeric: false,
    };
    lastWord = w;
  }
  if (cur) out.push(cur);
  const split: Fragment[] = [];
  for (const f of out) split.push(...splitTrailingNumbers(f));
  for (const f of split) f.numeric = isNumeric(f.text);
  return split;
}

/** `总计 132 0 0` as one cell (a narrow gap) becomes a label and three numbers, as in text. */
function splitTrailingNumbers(f: Fragment): Fragment[] {
  const parts = f.text.split(' ');
  if (parts.length < 2) return [f];
  let first = parts.length;
  while (first > 0 && isNumeric(parts[first - 1] as string)) first--;
  if (first === parts.length) return [f];
  // positions in proportion to the characters' widths
  const ems = parts.map((p) => [...p].reduce((n, c) => n + charEm(c), 0));
  const total = ems.reduce((a, b) => a + b, 0) + 0.25 * (parts.length - 1);
  const perEm = (f.x1 - f.x0) / (total || 1);
  const out: Fragment[] = [];
  let x = f.x0;
  const xs = ems.map((e) => {
    const at = x;
    x += (e + 0.25) * perEm;
    return at;
  });
  const make = (text: string, x0: number, x1: number): Fragment => ({ ...f, text, x0, x1 });
  if (first > 0) {
    const k = first - 1;
    out.push(make(parts.slice(0, first).join(' '), f.x0, (xs[k] as number) + (ems[k] as number) * perEm));
  }
  for (let k = first; k < parts.length; k++) {
    const x0 = xs[k] as number;
    out.push(make(parts[k] as string, x0, x0 + (ems[k] as number) * perEm));
  }
  return out;
}

/** Cells of a table without rules are apart by their padding: half an em is a cell boundary there. */
const TABLE_CELL_GAP = 0.5;

/** A row of a table: two numbers or more. */
const isTableRow = (l: TextLine) => l.fragments.filter((f) => f.numeric).length >= 2;

/**
 * The lines of a page's tables without rules: from a row of numbers to the last one followed
 * by another within five lines, and the lines a row's wrapped label runs on after the last.
 */
function tableLines(lines: readonly TextLine[]): number[] {
  const rows = lines.flatMap((l, i) => (isTableRow(l) ? [i] : []));
  const out = new Set<number>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    const next = rows[k + 1];
    const end = next !== undefined && next - i <= 5 ? next : i + 1;
    for (let j = i; j < end; j++) out.add(j);
    if (end === i + 1) {
      // after a table's last row: the lines of its wrapped label
      const l = lines[i] as TextLine;
      for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
        const m = lines[j] as TextLine;
        if (m.baseline - l.baseline > (j - i) * WRAP_PITCH * l.size || isValueLine(m)) break;
        out.add(j);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Where the label columns of a table without rules start: the left edges of the labels of rows
 * of numbers, seen at least three times.
 */
function labelColumnStarts(lines: readonly TextLine[]): number[] {
  const seen: Array<{ x: number; n: number; size: number }> = [];
  for (const l of lines) {
    const values = l.fragments.filter((f) => f.numeric);
    if (values.length < 2) continue;
    for (const f of l.fragments) {
      if (f.numeric || f.x0 > (values[0] as Fragment).x0) continue;
      const s = seen.find((e) => Math.abs(e.x - f.x0) <= 0.25 * f.size);
      if (s) s.n++;
      else seen.push({ x: f.x0, n: 1, size: f.size });
    }
  }
  return seen.filter((e) => e.n >= 3).map((e) => e.x);
}

/** Words to lines by baseline: a word joins the line whose baseline is within a third of its size. */
function wordsToLines(words: readonly Word[]): Word[][] {
  const sorted = [...words].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: Word[][] = [];
  let cur: Word[] = [];
  let base = 0;
  let size = 0;
  for (const w of sorted) {
    if (cur.length > 0 && Math.abs(w.baseline - base) <= 0.35 * Math.max(size, w.size)) {
      cur.push(w);
      continue;
    }
    if (cur.length > 0) lines.push(cur);
    cur = [w];
    base = w.baseline;
    size = w.size;
  }
  if (cur.length > 0) lines.push(cur);
  return lines;
}

function toTextLine(words: readonly Word[], page: number, rule: CellRule = PROSE_RULE): TextLine {
  const fragments = lineFragments(words, rule);
  const baseline = fragments.reduce((n, f) => n + f.baseline, 0) / Math.max(fragments.length, 1);
  return {
    page,
    baseline,
    top: Math.min(...fragments.map((f) => f.top)),
    bottom: Math.max(...fragments.map((f) => f.bottom)),
    size: Math.max(...fragments.map((f) => f.size)),
    fragments,
  };
}

// ---------------------------------------------------------------- ruled tables (lattice)

interface HSeg {
  y: number;
  x1: number;
  x2: number;
}
interface VSeg {
  x: number;
  y1: number;
  y2: number;
}

/** Coordinates closer than this are one line (a border drawn by both neighbouring cells). */
const SNAP = 2;
/** Shorter strokes are glyph parts or decorations, not ruling lines. */
const MIN_RULE = 4;

function mergeCollinear<T extends { at: number; a: number; b: number }>(segs: T[]): T[] {
  segs.sort((p, q) => p.at - q.at);
  const out: T[] = [];
  // segments on one line (coordinates within SNAP of the previous), then their overlapping spans
  for (let i = 0; i < segs.length;) {
    let j = i + 1;
    while (j < segs.length && (segs[j] as T).at - (segs[j - 1] as T).at <= SNAP) j++;
    const line = segs.slice(i, j).sort((p, q) => p.a - q.a);
    const at = line.reduce((n, x) => n + x.at, 0) / line.length;
    let cur: T | null = null;
    for (const x of line) {
      if (cur && x.a <= cur.b + SNAP) cur.b = Math.max(cur.b, x.b);
      else {
        if (cur) out.push(cur);
        cur = { ...x, at };
      }
    }
    if (cur) out.push(cur);
    i = j;
  }
  return out;
}

export function classify(segments: readonly Segment[]): { h: HSeg[]; v: VSeg[] } {
  const h: Array<{ at: number; a: number; b: number }> = [];
  const v: Array<{ at: number; a: number; b: number }> = [];
  for (const s of segments) {
    const dx = Math.abs(s.x2 - s.x1);
    const dy = Math.abs(s.y2 - s.y1);
    if (dy <= 1 && dx >= MIN_RULE) {
      h.push({ at: (s.y1 + s.y2) / 2, a: Math.min(s.x1, s.x2), b: Math.max(s.x1, s.x2) });
    } else if (dx <= 1 && dy >= MIN_RULE) {
      v.push({ at: (s.x1 + s.x2) / 2, a: Math.min(s.y1, s.y2), b: Math.max(s.y1, s.y2) });
    }
  }
  return {
    h: mergeCollinear(h).map((s) => ({ y: s.at, x1: s.a, x2: s.b })),
    v: mergeCollinear(v).map((s) => ({ x: s.at, y1: s.a, y2: s.b })),
  };
}

/** One ruled table: its grid lines and segments. */
interface Grid {
  xs: number[];
  ys: number[];
  h: HSeg[];
  v: VSeg[];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Sorted coordinates merged when closer than SNAP. */
function snapped(values: number[]): number[] {
  values.sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of values) {
    const last = out[out.length - 1];
    if (last !== undefined && x - last <= SNAP) continue;
    out.push(x);
  }
  return out;
}

/**
 * A table broken across pages is drawn without the edge at the break: the first row on the new
 * page has no top rule (its top border was the last row's bottom, on the page before), the last
 * row before the break may have no bottom one. Rules that run past the outermost rule across them
 * (two or more ending at the same place) mark the missing edge; it is added.
 */
function closeEdges(g: { h: HSeg[]; v: VSeg[] }): void {
  const ends = (values: number[], pick: (a: number, b: number) => number) => {
    const end = values.reduce((a, b) => pick(a, b));
    return values.filter((x) => Math.abs(x - end) <= SNAP).length >= 2 ? end : null;
  };
  const x0 = Math.min(...g.v.map((s) => s.x));
  const x1 = Math.max(...g.v.map((s) => s.x));
  const y0 = Math.min(...g.h.map((s) => s.y));
  const y1 = Math.max(...g.h.map((s) => s.y));
  const top = ends(
    g.v.map((s) => s.y1),
    Math.min,
  );
  const bottom = ends(
    g.v.map((s) => s.y2),
    Math.max,
  );
  if (top !== null && top < y0 - SNAP) g.h.push({ y: top, x1: x0, x2: x1 });
  if (bottom !== null && bottom > y1 + SNAP) g.h.push({ y: bottom, x1: x0, x2: x1 });
  const left = ends(
    g.h.map((s) => s.x1),
    Math.min,
  );
  const right = ends(
    g.h.map((s) => s.x2),
    Math.max,
  );
  if (left !== null && left < x0 - SNAP) g.v.push({ x: left, y1: y0, y2: y1 });
  if (right !== null && right > x1 + SNAP) g.v.push({ x: right, y1: y0, y2: y1 });
}

/** Segments that touch one another, grouped: each group with a grid of at least one cell is a table. */
export function findGrids(segments: readonly Segment[]): Grid[] {
  const { h, v } = classify(segments);
  if (h.length < 2 || v.length < 2) return [];
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  h.forEach((hs, i) => {
    v.forEach((vs, j) => {
      if (vs.x >= hs.x1 - SNAP && vs.x <= hs.x2 + SNAP && hs.y >= vs.y1 - SNAP && hs.y <= vs.y2 + SNAP) {
        parent[find(i)] = find(h.length + j);
      }
    });
  });
  const groups = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  h.forEach((s, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    g.h.push(s);
    groups.set(find(i), g);
  });
  v.forEach((s, j) => {
    const g = groups.get(find(h.length + j)) ?? { h: [], v: [] };
    g.v.push(s);
    groups.set(find(h.length + j), g);
  });
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    if (g.h.length < 2 || g.v.length < 2) continue;
    closeEdges(g);
    const xs = snapped(g.v.map((s) => s.x));
    const ys = snapped(g.h.map((s) => s.y));
    if (xs.length < 2 || ys.length < 2) continue;
    grids.push({
      xs,
      ys,
      h: g.h,
      v: g.v,
      x0: xs[0] as number,
      x1: xs[xs.length - 1] as number,
      y0: ys[0] as number,
      y1: ys[ys.length - 1] as number,
    });
  }
  return grids;
}

/** Index of the interval of `edges` holding `x` (edges sorted), or -1 outside. */
function interval(edges: readonly number[], x: number): number {
  if (x < (edges[0] as number) || x > (edges[edges.length - 1] as number)) return -1;
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface GridCell {
  col: number;
  row: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  words: Word[];
}

/** The grid's cells: atomic cells joined where no segment separates them. */
function gridCells(grid: Grid): { cells: GridCell[]; at: (col: number, row: number) => GridCell } {
  const { xs, ys } = grid;
  const cols = xs.length - 1;
  const rows = ys.length - 1;
  const parent = Array.from({ length: cols * rows }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const vAt = (x: number, y: number) =>
    grid.v.some((s) => Math.abs(s.x - x) <= SNAP && y >= s.y1 - SNAP && y <= s.y2 + SNAP);
  const hAt = (y: number, x: number) =>
    grid.h.some((s) => Math.abs(s.y - y) <= SNAP && x >= s.x1 - SNAP && x <= s.x2 + SNAP);
  for (let r = 0; r < rows; r++) {
    const ym = ((ys[r] as number) + (ys[r + 1] as number)) / 2;
    for (let c = 0; c < cols; c++) {
      const xm = ((xs[c] as number) + (xs[c + 1] as number)) / 2;
      if (c + 1 < cols && !vAt(xs[c + 1] as number, ym)) parent[find(r * cols + c)] = find(r * cols + c + 1);
      if (r + 1 < rows && !hAt(ys[r + 1] as number, xm))
        parent[find(r * cols + c)] = find((r + 1) * cols + c);
    }
  }
  const byRoot = new Map<number, GridCell>();
  const index: GridCell[] = new Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(r * cols + c);
      let cell = byRoot.get(root);
      if (!cell) {
        cell = {
          col: c,
          row: r,
          x0: xs[c] as number,
          x1: xs[c + 1] as number,
          y0: ys[r] as number,
          y1: ys[r + 1] as number,
          words: [],
        };
        byRoot.set(root, cell);
      }
      cell.col = Math.min(cell.col, c);
      cell.row = Math.min(cell.row, r);
      cell.x0 = Math.min(cell.x0, xs[c] as number);
      cell.x1 = Math.max(cell.x1, xs[c + 1] as number);
      cell.y0 = Math.min(cell.y0, ys[r] as number);
      cell.y1 = Math.max(cell.y1, ys[r + 1] as number);
      index[r * cols + c] = cell;
    }
  }
  return { cells: [...byRoot.values()], at: (c, r) => index[r * cols + c] as GridCell };
}

/** Full-width digits a space apart: one figure whose wide glyphs are spaced out. */
const SPACED_WIDE_DIGITS = /([０-９])\s+(?=[０-９])/g;

/**
 * A cell's words as one text: its lines top to bottom, each line's words by x. Full-width digits
 * are one figure across spaces and lines (LibreOffice spaces them out and wraps `１３２` in a
 * narrow cell as `１ ３` over `２`): one ruled cell holds one figure.
 */
function cellText(words: readonly Word[]): string {
  let text = '';
  for (const line of wordsToLines(words)) {
    const t = toTextLine(line, 0)
      .fragments.map((f) => f.text)
      .join(' ');
    if (text && t) {
      const joinAscii = ASCII_WORD.test(text) && ASCII_START.test(t);
      text += joinAscii ? ' ' : '';
    }
    text += t;
  }
  return /[０-９]\s/.test(text) ? text.replace(SPACED_WIDE_DIGITS, '$1') : text;
}

interface Block {
  top: number;
  lines: LayoutLine[];
}

/**
 * A ruled table's rows: each cell on the first row it spans, in x order. In a row of numbers, an
 * empty cell after the row's label is a blank; a row of nothing but empty cells right after the
 * header is a row of blanks (the review table of an agency without reviews).
 */
function latticeRows(grid: Grid, words: readonly Word[], page: number): Block {
  const { cells, at } = gridCells(grid);
  for (const w of words) {
    const c = interval(grid.xs, (w.x0 + w.x1) / 2);
    const r = interval(grid.ys, w.baseline - 0.35 * w.size);
    if (c >= 0 && r >= 0) at(c, r).words.push(w);
  }
  const rows = new Map<number, GridCell[]>();
  for (const cell of cells) {
    const list = rows.get(cell.row) ?? [];
    list.push(cell);
    rows.set(cell.row, list);
  }
  const lines: LayoutLine[] = [];
  let previous: 'header' | 'data' | null = null;
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const row = (rows.get(r) as GridCell[]).sort((a, b) => a.col - b.col);
    const texts = row.map((c) => cellText(c.words));
    const box = (c: GridCell): Box => ({
      page,
      x: round(c.x0),
      y: round(c.y0),
      width: round(c.x1 - c.x0),
      height: round(c.y1 - c.y0),
    });
    if (texts.every((t) => t === '')) {
      // a spacer or a row of blanks: blanks only where a header was just read
      if (previous === 'header' && row.length > 1) {
        lines.push({ cells: row.map((c) => ({ text: NBSP, box: box(c) })) });
        previous = 'data';
      }
      continue;
    }
    // a row of numbers: its cells after the last label are values (a label then only empty
    // cells is a row of blanks); any other row is a header, its empty cells layout
    let lastLabel = -1;
    texts.forEach((t, i) => {
      if (t !== '' && !isNumeric(t)) lastLabel = i;
    });
    const data = lastLabel < texts.length - 1;
    const out: LayoutCell[] = [];
    row.forEach((c, i) => {
      const t = texts[i] as string;
      if (t !== '') out.push({ text: t, box: box(c) });
      else if (data && i > lastLabel) out.push({ text: NBSP, box: box(c) });
    });
    lines.push({ cells: out });
    previous = data ? 'data' : 'header';
  }
  return { top: grid.y0, lines };
}

const round = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------- tables without rules (stream)

/** Closing marks, which may hang past a column's edge. */
const HANGING = /[”’」』）)》〉】〕，。、；：！？]$/;
/** What may not begin a line (so the line before it wrapped a character early), as the first or second character. */
const NO_LINE_START = /^.?[、，。；：！？）)”’」』》〉】〕]/;

/** Lines apart by more than this many font sizes do not belong to one wrapped cell. */
const WRAP_PITCH = 1.75;

const isValueLine = (l: TextLine) => l.fragments.some((f) => f.numeric);
const firstValueX = (l: TextLine) => Math.min(...l.fragments.filter((f) => f.numeric).map((f) => f.x0));

/**
 * Row labels wrapped over several lines, joined back into the label cell of the row that holds
 * the numbers. A label-only line stacked in the same column as a row's label (left edges or
 * centres aligned, the lines a line's height apart) continues it when the line before it fills
 * the column: that is why the text wrapped. A label vertically centred on its numbers starts above
 * them; one with an even number of lines has none on the numbers' line.
 */
function joinWrappedLabels(lines: TextLine[]): void {
  // the labels of the table rows (left of their numbers), and label-only lines beside them: the
  // columns' widths are measured on these, never on the page's prose
  const peers: Fragment[] = [];
  lines.forEach((l, i) => {
    if (!isValueLine(l)) return;
    const limit = firstValueX(l);
    for (const k of [i - 1, i, i + 1]) {
      const m = lines[k];
      if (!m || (k !== i && (isValueLine(m) || m.page !== l.page))) continue;
      if (Math.abs(m.baseline - l.baseline) > WRAP_PITCH * l.size) continue;
      for (const f of m.fragments) if (!f.numeric && f.x1 <= limit + 0.5 * f.size) peers.push(f);
    }
  });
  const sameColumn = (a: Fragment, b: Fragment) =>
    Math.abs(a.x0 - b.x0) <= 0.5 * a.size || Math.abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= 0.5 * a.size;
  /**
   * f filled its column (so the text went on on the next line): it reaches within an em and a
   * half of the widest label there, one more when the next line starts with a character that
   * must not end a line's predecessor short (`用、`: a comma may not begin a line, so the
   * character before it moved down too). A label ending in a closing mark may hang past the
   * column: it does not set the width.
   */
  const full = (f: Fragment, next?: Fragment) => {
    let leftMax = f.x1;
    let centerWidth = f.x1 - f.x0;
    for (const g of peers) {
      if (HANGING.test(g.text)) continue;
      if (Math.abs(g.x0 - f.x0) <= 0.5 * f.size) leftMax = Math.max(leftMax, g.x1);
      if (Math.abs((g.x0 + g.x1) / 2 - (f.x0 + f.x1) / 2) <= 0.5 * f.size)
        centerWidth = Math.max(centerWidth, g.x1 - g.x0);
    }
    const slack = (1.5 + (next && NO_LINE_START.test(next.text.slice(0, 2)) ? 1 : 0)) * f.size;
    return f.x1 >= leftMax - slack && f.x1 - f.x0 >= centerWidth - slack;
  };
  const claimed = new Set<Fragment>();
  /**
   * The nearest line from `k` on in direction `dir` with an unclaimed label-only fragment in f's
   * column (left of the numbers at `limit`): lines between that print only in other columns (a
   * row-spanning group label, centred on its own baselines) are passed over.
   */
  const stacked = (k: number, dir: 1 | -1, f: Fragment, limit: number, from: TextLine) => {
    for (; ; k += dir) {
      const l = lines[k];
      if (!l || l.page !== from.page || isValueLine(l)) return null;
      if (Math.abs(l.baseline - from.baseline) > WRAP_PITCH * f.size) return null;
      const g = l.fragments.find((x) => !claimed.has(x) && x.x1 <= limit + 0.5 * f.size && sameColumn(f, x));
      if (g) return { k, g };
    }
  };
  /** Fragments of the lines after `i` that continue `last` (each line before filled the column). */
  const downFrom = (
    i: number,
    column: Fragment,
    last: Fragment,
    limit: number,
    first: boolean,
    max = Infinity,
  ) => {
    const out: Fragment[] = [];
    let from = lines[i] as TextLine;
    for (let k = i + 1; out.length < max;) {
      const hit = stacked(k, 1, column, limit, from);
      if (!hit || (!first && !full(last, hit.g))) break;
      first = false;
      claimed.add(hit.g);
      out.push(hit.g);
      last = hit.g;
      from = lines[hit.k] as TextLine;
      k = hit.k + 1;
    }
    return out;
  };
  /** Fragments of the lines before `i` that the label starts with (each fills the column). */
  const upFrom = (i: number, column: Fragment, limit: number, below: Fragment) => {
    const out: Fragment[] = [];
    let from = lines[i] as TextLine;
    let next = below;
    for (let k = i - 1; ;) {
      const hit = stacked(k, -1, column, limit, from);
      if (!hit || !full(hit.g, next)) break;
      next = hit.g;
      claimed.add(hit.g);
      out.unshift(hit.g);
      from = lines[hit.k] as TextLine;
      k = hit.k - 1;
    }
    return out;
  };
  const merge = (target: Fragment, parts: readonly Fragment[]) => {
    target.text = parts.map((p) => p.text).join('');
    target.x0 = Math.min(...parts.map((p) => p.x0));
    target.x1 = Math.max(...parts.map((p) => p.x1));
    target.top = Math.min(...parts.map((p) => p.top));
    target.bottom = Math.max(...parts.map((p) => p.bottom));
  };
  const labelsOf = (line: TextLine, limit: number) =>
    line.fragments.filter((f) => !f.numeric && !claimed.has(f) && f.x1 <= limit + 0.5 * f.size);
  /**
   * The row label on a row's numbers' line: its last label, unless a label on a line around it
   * stands further right (then that one is in a group column: a row-spanning label centred on
   * its rows, and the row's own label is on other lines).
   */
  const rowLabel = (line: TextLine, i: number, limit: number): Fragment | null => {
    const f = line.fragments.filter((x) => !x.numeric && x.x1 <= limit + 0.5 * x.size).pop();
    if (!f) return null;
    for (const k of [i - 2, i - 1, i + 1, i + 2]) {
      const m = lines[k];
      if (!m || m.page !== line.page || Math.abs(m.baseline - line.baseline) > 2 * WRAP_PITCH * f.size)
        continue;
      if (m.fragments.some((g) => !g.numeric && g.x0 >= f.x1 - 0.25 * f.size && g.x1 <= limit + 0.5 * g.size))
        return null;
    }
    return f;
  };
  // first the rows with no row label on their numbers' line: their label (an even number of
  // lines, centred) is certainly the lines around them
  lines.forEach((line, i) => {
    if (!isValueLine(line)) return;
    const limit = firstValueX(line);
    if (rowLabel(line, i, limit) !== null) return;
    // a group label on the numbers' line stands left of the row labels
    const group = line.fragments.filter((x) => !x.numeric && x.x1 <= limit + 0.5 * x.size).pop();
    const minX = group ? group.x1 - 0.25 * group.size : -Infinity;
    let up: TextLine | undefined;
    let first: Fragment | undefined;
    for (let k = i - 1; k >= 0; k--) {
      const m = lines[k] as TextLine;
      if (m.page !== line.page || isValueLine(m)) break;
      if (Math.abs(m.baseline - line.baseline) > WRAP_PITCH * line.size) break;
      first = labelsOf(m, limit)
        .filter((x) => x.x0 >= minX)
        .pop();
      if (first) {
        up = m;
        break;
      }
    }
    if (!up || !first || !full(first)) return;
    claimed.add(first);
    const above = [...upFrom(lines.indexOf(up), first, limit, first), first];
    // centred: as many lines below the numbers as above them
    const below = downFrom(i, first, first, limit, true, above.length);
    const target: Fragment = { ...first, baseline: line.baseline };
    merge(target, [...above, ...below]);
    line.fragments.splice(
      line.fragments.indexOf(line.fragments.find((f) => f.numeric) as Fragment),
      0,
      target,
    );
  });
  // then rows with a label on the numbers' line: lines below continue it while it fills the
  // column; lines above too when it is centred (as many above as below)
  lines.forEach((line, i) => {
    if (!isValueLine(line)) return;
    const limit = firstValueX(line);
    const own = rowLabel(line, i, limit);
    if (!own) return;
    const below = downFrom(i, own, own, limit, false);
    if (below.length === 0) return;
    const above = upFrom(i, own, limit, own);
    if (above.length > 0) {
      const k = Math.min(above.length, below.length);
      for (const f of above.slice(0, above.length - k)) claimed.delete(f);
      for (const f of below.slice(k)) claimed.delete(f);
      merge(own, [...above.slice(above.length - k), own, ...below.slice(0, k)]);
    } else merge(own, [own, ...below]);
  });
  for (const l of lines) l.fragments = l.fragments.filter((f) => !claimed.has(f));
}

/** First index of sorted `values` at or above `v`. */
function lowerBound(values: readonly number[], v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((values[m] as number) < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Rules looked at on each side of a point: a cell is never that many rules away from its edge. */
const BAND_SCAN = 64;
/** Lines a cell between two rules may hold: more is a table body, not one wrapped label. */
const BAND_LINES = 8;

/**
 * The rules just above and below (x, y) among those that run over x (rules sorted by y, `ys`
 * their y), or null when not between two such rules within BAND_SCAN rules.
 */
function bandAt(
  rules: readonly HSeg[],
  ys: readonly number[],
  x: number,
  y: number,
): { top: number; bottom: number } | null {
  const covers = (r: HSeg) => x >= r.x1 - SNAP && x <= r.x2 + SNAP;
  const at = lowerBound(ys, y);
  let top: number | null = null;
  let bottom: number | null = null;
  for (let k = at - 1; k >= 0 && k >= at - BAND_SCAN && top === null; k--) {
    if (covers(rules[k] as HSeg)) top = (rules[k] as HSeg).y;
  }
  for (let k = at; k < rules.length && k < at + BAND_SCAN && bottom === null; k++) {
    if (covers(rules[k] as HSeg)) bottom = (rules[k] as HSeg).y;
  }
  return top === null || bottom === null ? null : { top, bottom };
}

/**
 * Tables ruled between their rows only (no vertical rule meets them, so no grid): the rules
 * above and below a row's label bound its cell. Label-only lines in the label's column between
 * the same two rules are that label wrapped, whatever the wrapping heuristics would say — when the
 * band holds that row's numbers alone (a band with several rows, as a 三线表's body, says nothing).
 * Bounded: binary searches, at most BAND_SCAN rules and BAND_LINES lines looked at per row.
 */
function joinBandedLabels(lines: readonly TextLine[], rulesOf: ReadonlyMap<number, readonly HSeg[]>): void {
  const mid = (f: { top: number; bottom: number }) => (f.top + f.bottom) / 2;
  const same = (a: Fragment, b: Fragment) =>
    Math.abs(a.x0 - b.x0) <= 0.5 * a.size || Math.abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= 0.5 * a.size;
  const pages = new Map<number, { rules: HSeg[]; ys: number[]; lines: TextLine[]; mids: number[] }>();
  for (const [page, list] of rulesOf) {
    const rules = [...list].sort((a, b) => a.y - b.y);
    pages.set(page, { rules, ys: rules.map((r) => r.y), lines: [], mids: [] });
  }
  for (const l of lines) pages.get(l.page)?.lines.push(l);
  for (const p of pages.values()) {
    p.lines.sort((a, b) => mid(a) - mid(b));
    p.mids = p.lines.map(mid);
  }
  for (const line of lines) {
    const p = pages.get(line.page);
    if (!p || !isValueLine(line)) continue;
    const limit = firstValueX(line);
    const label = line.fragments.filter((f) => !f.numeric && f.x1 <= limit + 0.5 * f.size).pop();
    if (!label) continue;
    const band = bandAt(p.rules, p.ys, (label.x0 + label.x1) / 2, mid(label));
    if (!band) continue;
    const from = lowerBound(p.mids, band.top + 1e-9);
    const to = lowerBound(p.mids, band.bottom);
    if (to - from > BAND_LINES) continue;
    const inBand = p.lines.slice(from, to);
    if (inBand.some((l) => l !== line && isValueLine(l))) continue;
    const parts: Array<{ line: TextLine; f: Fragment }> = [];
    for (const l of inBand) {
      if (l === line) continue;
      for (const f of l.fragments) {
        const m = mid(f);
        if (!f.numeric && same(label, f) && m > band.top && m < band.bottom) parts.push({ line: l, f });
      }
    }
    if (parts.length === 0) continue;
    const ordered = [...parts.map((x) => x.f), label].sort((a, b) => a.top - b.top);
    label.text = ordered.map((f) => f.text).join('');
    label.x0 = Math.min(...ordered.map((f) => f.x0));
    label.x1 = Math.max(...ordered.map((f) => f.x1));
    label.top = Math.min(...ordered.map((f) => f.top));
    label.bottom = Math.max(...ordered.map((f) => f.bottom));
    for (const x of parts) x.line.fragments = x.line.fragments.filter((f) => f !== x.f);
  }
}

/**
 * Blank cells of a table without rules, only where its columns are certain: at least three rows
 * print the same number of values in the same columns, and a shorter row's values each sit in one
 * of those columns. The missing columns before its last value are blanks.
 */
function fillBlanks(lines: TextLine[]): void {
  for (const region of tableRegions(lines)) fillRegionBlanks(region);
}

/** A section heading (`四、政府信息公开行政复议、行政诉讼情况`): tables never run across one. */
const SECTION_HEADING =
  /^(第?[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)\s*\S.*(情况|事项)$/;

/**
 * The document's tables without rules, each as its lines: from a row of numbers to the last one
 * that follows within five lines (over a page break too), never across a section heading.
 */
function tableRegions(lines: readonly TextLine[]): TextLine[][] {
  const regions: TextLine[][] = [];
  let cur: TextLine[] = [];
  let sinceRow = Infinity;
  for (const l of lines) {
    const heading = l.fragments.length === 1 && SECTION_HEADING.test((l.fragments[0] as Fragment).text);
    if (heading || (sinceRow > 5 && !isTableRow(l))) {
      if (cur.length > 0) regions.push(cur);
      cur = [];
      sinceRow = Infinity;
      continue;
    }
    if (isTableRow(l)) sinceRow = 0;
    else sinceRow++;
    if (sinceRow <= 5) cur.push(l);
  }
  if (cur.length > 0) regions.push(cur);
  return regions;
}

function fillRegionBlanks(lines: readonly TextLine[]): void {
  const valueFrags = (l: TextLine) => l.fragments.filter((f) => f.numeric);
  const counts = new Map<number, TextLine[]>();
  for (const l of lines) {
    const n = valueFrags(l).length;
    if (n >= 2) counts.set(n, [...(counts.get(n) ?? []), l]);
  }
  for (const [n, rows] of counts) {
    if (rows.length < 3) continue;
    // columns: the value extents of the full rows, per position
    const cols = Array.from({ length: n }, (_, k) => {
      const fs = rows.map((r) => valueFrags(r)[k] as Fragment);
      return { x0: Math.min(...fs.map((f) => f.x0)), x1: Math.max(...fs.map((f) => f.x1)) };
    });
    const disjoint = cols.every((c, k) => k === 0 || c.x0 > (cols[k - 1] as { x1: number }).x1);
    if (!disjoint) continue;
    // a value belongs to a column only when it lies within it (one centred over a wider cell
    // that spans columns lies within none)
    const columnOf = (f: Fragment) => {
      const tol = 0.5 * f.size;
      const hits = cols.flatMap((c, k) => (f.x0 >= c.x0 - tol && f.x1 <= c.x1 + tol ? [k] : []));
      return hits.length === 1 ? (hits[0] as number) : -1;
    };
    for (const l of lines) {
      const vs = valueFrags(l);
      if (vs.length < 2 || vs.length >= n) continue;
      const at = vs.map(columnOf);
      if (at.some((k) => k < 0) || at.some((k, j) => j > 0 && k <= (at[j - 1] as number))) continue;
      const last = at[at.length - 1] as number;
      const firstIndex = l.fragments.indexOf(vs[0] as Fragment);
      const out = l.fragments.slice(0, firstIndex);
      for (let k = 0, j = 0; k <= last; k++) {
        if (at[j] === k) out.push(vs[j++] as Fragment);
        else {
          const c = cols[k] as { x0: number; x1: number };
          out.push({ ...(vs[0] as Fragment), text: NBSP, x0: c.x0, x1: c.x1, numeric: true });
        }
      }
      out.push(...l.fragments.slice(l.fragments.indexOf(vs[vs.length - 1] as Fragment) + 1));
      l.fragments = out;
    }
  }
}

// ---------------------------------------------------------------- paragraphs

/** A line that starts a heading or a numbered item, never the rest of a sentence. */
const ITEM_START =
  /^(第?[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+[、．])/;

/**
 * Lines of one paragraph joined: a line that fills the text column, followed a line's height
 * below by one starting at the column's left edge, wrapped there. So a sentence naming the report
 * (`…现向社会公布某某县` / `2021年政府信息公开工作年度报告。`) reads whole, as in HTML.
 */
function joinParagraphs(lines: TextLine[], column: { left: number; right: number }): TextLine[] {
  const { left, right } = column;
  const inTable = tableBand(lines);
  const out: TextLine[] = [];
  // the extent of the last line joined into each output line
  let last: { x0: number; x1: number } | null = null;
  for (const line of lines) {
    const prev = out[out.length - 1];
    const a = prev?.fragments.length === 1 ? (prev.fragments[0] as Fragment) : null;
    const b = line.fragments.length === 1 ? (line.fragments[0] as Fragment) : null;
    if (
      prev &&
      a &&
      b &&
      last &&
      !inTable.has(line) &&
      !inTable.has(prev) &&
      continues(a, b, last, left, right)
    ) {
      a.text += ASCII_WORD.test(a.text) && ASCII_START.test(b.text) ? ` ${b.text}` : b.text;
      a.x0 = Math.min(a.x0, b.x0);
      a.x1 = Math.max(a.x1, b.x1);
      a.bottom = b.bottom;
      // the joined line's baseline is its last line's, so that the next line compares to it
      a.baseline = b.baseline;
      prev.baseline = b.baseline;
      prev.bottom = b.bottom;
      last = { x0: b.x0, x1: b.x1 };
      continue;
    }
    out.push(line);
    last = b ? { x0: b.x0, x1: b.x1 } : null;
  }
  return out;
}

/**
 * The lines of the tables without rules: from each table's first row of numbers to its last, and
 * the lines its last row's label wraps onto. A table's wrapped labels are joined as cells, never
 * as paragraphs.
 */
function tableBand(lines: readonly TextLine[]): Set<TextLine> {
  const out = new Set<TextLine>();
  for (const region of tableRegions(lines)) {
    let last = -1;
    region.forEach((l, k) => {
      if (isTableRow(l)) last = k;
    });
    for (let k = 0; k <= last; k++) out.add(region[k] as TextLine);
    const end = region[last] as TextLine;
    let prev = end;
    const limit = firstValueX(end);
    for (let k = lines.indexOf(end) + 1; k < lines.length; k++) {
      const l = lines[k] as TextLine;
      if (l.page !== end.page || l.baseline - prev.baseline > WRAP_PITCH * l.size) break;
      if (l.fragments.some((f) => f.x1 > limit + 0.5 * f.size)) break;
      out.add(l);
      prev = l;
    }
  }
  return out;
}

/** Whether line b continues the paragraph whose last line (a, ending at `last`) filled the column. */
function continues(a: Fragment, b: Fragment, last: { x0: number; x1: number }, left: number, right: number) {
  const pitch = b.baseline - a.baseline;
  // up to double line spacing (the national template sets its body at 28 pt lines)
  if (a.numeric || b.numeric || pitch <= 0 || pitch > 3 * Math.max(a.size, b.size)) return false;
  if (Math.abs(a.size - b.size) > 0.1 * a.size || ITEM_START.test(b.text)) return false;
  // the line filled the column, short of a word of digits or letters that did not fit
  const word = /^[0-9A-Za-z]+/.exec(b.text)?.[0].length ?? 0;
  if (last.x1 < right - (1.5 + 0.5 * word) * a.size) return false;
  // the next starts at the column's left edge; or a full line, then a centred one (a long title)
  if (b.x0 <= left + 0.5 * b.size) return true;
  const centre = (left + right) / 2;
  return last.x0 <= left + 2.5 * a.size && Math.abs((b.x0 + b.x1) / 2 - centre) <= b.size;
}

// ---------------------------------------------------------------- page chrome

const PAGE_NUMBER = [
  /^[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*$/,
  /^第\s*\d{1,4}\s*页\s*[,，/、]?\s*(共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，/、]?\s*(第\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$/i,
];

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 24 && PAGE_NUMBER.some((re) => re.test(t));
}

/** The share of the page's height, at the top and at the bottom, where running headers and footers live. */
const MARGIN_ZONE = 0.12;

interface PageLines {
  page: PageContent;
  lines: TextLine[];
  blocks: Block[];
}

const lineText = (l: TextLine) => l.fragments.map((f) => f.text).join(' ');

/** Drops page numbers and lines repeated at the same place on most pages (running headers). */
function dropChrome(pages: PageLines[]): void {
  const inZone = (p: PageContent, l: TextLine) =>
    l.baseline < p.height * MARGIN_ZONE || l.baseline > p.height * (1 - MARGIN_ZONE);
  const key = (l: TextLine) => `${Math.round(l.baseline / 4)}|${lineText(l).replace(/\d+/g, '#')}`;
  const seen = new Map<string, number>();
  for (const p of pages) {
    const keys = new Set(p.lines.filter((l) => inZone(p.page, l)).map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const repeated = (k: string) => pages.length >= 2 && (seen.get(k) ?? 0) >= Math.max(2, pages.length * 0.5);
  for (const p of pages) {
    const topmost = Math.min(...p.lines.map((l) => l.baseline), ...p.blocks.map((b) => b.top));
    const bottommost = Math.max(...p.lines.map((l) => l.baseline));
    p.lines = p.lines.filter((l) => {
      if (!inZone(p.page, l)) return true;
      if (repeated(key(l))) return false;
      const text = lineText(l);
      if (!isPageNumber(text)) return true;
      // a bare number is a page number only as the page's first or last line
      if (/^\d+$/.test(text.trim())) return !(l.baseline <= topmost || l.baseline >= bottommost);
      return false;
    });
  }
}

// ---------------------------------------------------------------- pages to layout

function fragmentBox(f: Fragment, page: number): Box {
  return {
    page,
    x: round(f.x0),
    y: round(f.top),
    width: round(f.x1 - f.x0),
    height: round(f.bottom - f.top),
  };
}

export function layoutPages(pages: readonly PageContent[]): Layout {
  const rowRules = new Map<number, readonly HSeg[]>();
  const read: PageLines[] = pages.map((page) => {
    const words = piecesToWords(page.pieces);
    const grids = findGrids(page.segments);
    const blocks: Block[] = [];
    const inGrid = new Set<Word>();
    for (const grid of grids) {
      const mine = words.filter((w) => {
        const xm = (w.x0 + w.x1) / 2;
        const ym = w.baseline - 0.35 * w.size;
        return xm >= grid.x0 && xm <= grid.x1 && ym >= grid.y0 && ym <= grid.y1;
      });
      if (mine.length === 0) continue;
      for (const w of mine) inGrid.add(w);
      blocks.push(latticeRows(grid, mine, page.page));
    }
    const streamLines = wordsToLines(words.filter((w) => !inGrid.has(w)));
    // rules between rows where no grid is: they bound each row's label cell
    if (grids.length === 0) {
      const h = classify(page.segments).h;
      if (h.length >= 2) rowRules.set(page.page, h);
    }
    // rules between columns where no grid is (no horizontal rule meets them): cell boundaries
    const columnRules = grids.length === 0 ? classify(page.segments).v : undefined;
    const prose: CellRule = columnRules ? { ...PROSE_RULE, columnRules } : PROSE_RULE;
    const lines = streamLines.map((l) => toTextLine(l, page.page, prose));
    // lines inside a table without rules, cut again with the table's narrower gaps
    const rule: CellRule = {
      gap: TABLE_CELL_GAP,
      columnStarts: labelColumnStarts(lines),
      ...(columnRules ? { columnRules } : {}),
    };
    for (const i of tableLines(lines)) lines[i] = toTextLine(streamLines[i] as Word[], page.page, rule);
    return { page, lines, blocks };
  });
  dropChrome(read);
  // the text column's edges, over the whole document (a page may hold only short lines)
  const single = read.flatMap((p) => p.lines.filter((l) => l.fragments.length === 1 && !isValueLine(l)));
  if (single.length >= 2) {
    const column = {
      left: Math.min(...single.map((l) => (l.fragments[0] as Fragment).x0)),
      right: Math.max(...single.map((l) => (l.fragments[0] as Fragment).x1)),
    };
    for (const p of read) p.lines = joinParagraphs(p.lines, column);
  }
  // tables without rules: wrapped labels and blanks, over the text lines of all pages in order
  const all = read.flatMap((p) => p.lines);
  if (rowRules.size > 0) joinBandedLabels(all, rowRules);
  joinWrappedLabels(all);
  fillBlanks(all);
  const out: LayoutLine[] = [];
  for (const p of read) {
    const blocks: Block[] = [
      ...p.blocks,
      ...p.lines
        .filter((l) => l.fragments.length > 0)
        .map((l) => ({
          top: l.top,
          lines: [{ cells: l.fragments.map((f) => ({ text: f.text, box: fragmentBox(f, p.page.page) })) }],
        })),
    ];
    blocks.sort((a, b) => a.top - b.top);
    for (const b of blocks) out.push(...b.lines);
  }
  return { lines: out, pages: pages.length };
}
