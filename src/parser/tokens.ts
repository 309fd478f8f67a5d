/**
 * Lines and cell tokens with 1-based positions.
 *
 * Scrapers flatten a table three ways: `|`-separated rows, one cell per line (blank cells a
 * no-break space), or tab-separated PDF text. All three become one stream of tokens, each a label
 * (text) or a value (a readable number). Whitespace-only cells are the ambiguous part:
 * - a no-break/ideographic space alone is a deliberate blank cell (a web page's &nbsp;): a value;
 * - an empty cell between two values on the same line is a blank cell: a value;
 * - any other empty cell (trailing `||`, leading tabs, empty lines) is layout, not a cell.
 */
import { blankKind, readCell, type CellReading } from './cell';
import { compact, isSpaceCode, splitLines, toHalfWidth } from './text';
import { countWork } from './work';

export interface Token {
  /** The cell as printed, trimmed of ordinary spaces. */
  raw: string;
  /** Half-width, whitespace removed: what matching compares. */
  norm: string;
  /** 0-based line index. */
  lineIndex: number;
  /** 1-based line and column (UTF-16 code units) in the source text. */
  line: number;
  column: number;
  /** Set when the token is a value cell. */
  reading?: CellReading;
  /** A digit run that may hold several cells printed with no separator (one-line text, ./reline). */
  glued?: boolean;
  /**
   * A markdown row's empty cell at the edge of its numbers (between the label and the first
   * number: a label's colspan, or after the last number: padding) — or a blank cell. The table
   * reader takes it as a blank only when the row needs it to fill its columns.
   */
  optional?: boolean;
  /**
   * Cells of its line as split by `|` or tabs (separated lines only): a table whose rows all
   * have the same count is padded to a rectangle (markdown, a spreadsheet's copy), where an
   * empty cell at a row's edge may be padding as well as a blank cell.
   */
  lineCells?: number;
  /** On a markdown table row: converters pad every row to the table's width. */
  padded?: boolean;
}

export interface SourceLine {
  index: number;
  text: string;
  tokens: Token[];
  /** The line holds cells split by `|` or tabs. */
  separated: boolean;
}

interface RawCell {
  text: string;
  offset: number;
}

/** Longest line the tokenizer splits into words; longer lines are prose, kept whole. */
const MAX_SPLIT_LINE = 200;

function splitCells(text: string): { cells: RawCell[]; separated: boolean } {
  let sep: string | null = null;
  if (text.includes('|')) sep = '|';
  else if (text.includes('｜')) sep = '｜';
  else if (text.includes('\t')) sep = '\t';
  if (sep === null) return { cells: [{ text, offset: 0 }], separated: false };
  const cells: RawCell[] = [];
  let start = 0;
  for (;;) {
    const i = text.indexOf(sep, start);
    if (i < 0) break;
    cells.push({ text: text.slice(start, i), offset: start });
    start = i + 1;
  }
  cells.push({ text: text.slice(start), offset: start });
  return { cells, separated: true };
}

/** Trims ordinary spaces (not NBSP: a lone NBSP is a blank cell) and returns the offset moved. */
function trimOrdinary(cell: RawCell): RawCell {
  const t = cell.text;
  let a = 0;
  let b = t.length;
  const ordinary = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c;
  while (a < b && ordinary(t.charCodeAt(a))) a++;
  while (b > a && ordinary(t.charCodeAt(b - 1))) b--;
  if (a === 0 && b === t.length) return cell;
  return { text: t.slice(a, b), offset: cell.offset + a };
}

/**
 * A text cell that is a label followed by space-separated numbers (`总计 132 0 0`), as PDF text
 * prints rows, becomes a label and values; a cell of numbers only becomes values.
 */
function splitWords(cell: RawCell): RawCell[] {
  const t = cell.text;
  if (t.length > MAX_SPLIT_LINE) return [cell];
  const words: RawCell[] = [];
  let start = -1;
  for (let i = 0; i <= t.length; i++) {
    const space = i === t.length || isSpaceCode(t.charCodeAt(i));
    if (space && start >= 0) {
      words.push({ text: t.slice(start, i), offset: cell.offset + start });
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  if (words.length < 2) return [cell];
  let firstValue = words.length;
  while (firstValue > 0) {
    const r = readCell((words[firstValue - 1] as RawCell).text);
    if (r === null) break;
    firstValue--;
  }
  if (firstValue === words.length) return [cell];
  const out: RawCell[] = [];
  if (firstValue > 0) {
    const last = words[firstValue - 1] as RawCell;
    out.push({ text: t.slice(0, last.offset - cell.offset + last.text.length), offset: cell.offset });
  }
  for (let k = firstValue; k < words.length; k++) out.push(words[k] as RawCell);
  return out;
}

function makeToken(cell: RawCell, lineIndex: number, reading: CellReading | null): Token {
  const token: Token = {
    raw: cell.text,
    // a long cell is prose: its first 200 characters are all any matcher needs
    norm: reading ? '' : compact(cell.text.length > 200 ? cell.text.slice(0, 200) : cell.text),
    lineIndex,
    line: lineIndex + 1,
    column: cell.offset + 1,
  };
  if (reading) token.reading = reading;
  return token;
}

/** A markdown table's delimiter row (`|---|:---:|`): layout, not cells (`---` would read as 0). */
function isMarkdownDelimiter(cells: readonly RawCell[]): boolean {
  let any = false;
  for (const c of cells) {
    const t = c.text.trim();
    if (t.length === 0) continue;
    if (!/^:?-{3,}:?$/.test(t)) return false;
    any = true;
  }
  return any;
}

/**
 * A markdown converter's placeholder row (`| - | - |`: every cell a lone hyphen, no label):
 * layout, not a row of zeros. Converters print zeros as 0; a hyphen row stands for a merged or
 * missing row of the original.
 */
function isMarkdownPlaceholder(text: string, cells: readonly RawCell[]): boolean {
  if (!text.trimStart().startsWith('|')) return false;
  let any = false;
  for (const c of cells) {
    const t = c.text.trim();
    if (t.length === 0) continue;
    if (t !== '-') return false;
    any = true;
  }
  return any;
}

/**
 * A page number printed on a line of its own (`- 3 -`, `— 4 —`, `第 3 页`, `第3页 共6页`): a PDF's
 * footer left in extracted text, often inside a table that runs over the page. Layout: read as
 * a number it would be a cell too many in the row before it.
 */
const PAGE_MARK =
  /^[ \t]*(?:[-—–－―]+[ \t]*\d{1,4}[ \t]*[-—–－―]+|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[，,]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t\r]*$/;

export function tokenizeLine(text: string, lineIndex: number): SourceLine {
  if (text.length <= 24 && PAGE_MARK.test(text))
    return { index: lineIndex, text, tokens: [], separated: false };
  const { cells, separated } = splitCells(text);
  countWork(text.length + cells.length);
  if (separated && (isMarkdownDelimiter(cells) || isMarkdownPlaceholder(text, cells))) {
    return { index: lineIndex, text, tokens: [], separated };
  }
  if (!separated)
    return { index: lineIndex, text, tokens: singleCellTokens(cells[0] as RawCell, lineIndex), separated };
  // classify every cell; words inside a cell may split it further
  type Item = { cell: RawCell; kind: 'empty' | 'value' | 'label'; reading: CellReading | null };
  const items: Item[] = [];
  for (const c of cells) {
    const cell = trimOrdinary(c);
    const bk = blankKind(cell.text);
    if (bk === 'empty') {
      items.push({ cell, kind: 'empty', reading: null });
      continue;
    }
    if (bk === 'explicit') {
      items.push({ cell, kind: 'value', reading: { value: 0, blank: true, notApplicable: false } });
      continue;
    }
    const reading = readCell(cell.text) ?? spacedThousands(cell.text);
    if (reading) {
      items.push({ cell, kind: 'value', reading });
      continue;
    }
    for (const part of splitWords(cell)) {
      const r = readCell(part.text);
      items.push({ cell: part, kind: r ? 'value' : 'label', reading: r });
    }
  }
  // kinds of the nearest non-empty cell on each side, computed in two linear passes
  const before: Array<Item['kind'] | undefined> = new Array(items.length);
  const after: Array<Item['kind'] | undefined> = new Array(items.length);
  let last: Item['kind'] | undefined;
  for (let i = 0; i < items.length; i++) {
    before[i] = last;
    const k = (items[i] as Item).kind;
    if (k !== 'empty') last = k;
  }
  last = undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    after[i] = last;
    const k = (items[i] as Item).kind;
    if (k !== 'empty') last = k;
  }
  // a markdown row (`| 规范性文件 |  |  | 5 |`) prints every cell between its outer pipes, and a
  // table copied from a browser or a spreadsheet (`规章\t\t\t0`) every cell between its tabs: empty
  // cells after its last label are blank cells of a row that holds numbers
  const trimmed = text.trim();
  const markdown = trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1;
  const tabbed = !markdown && !text.includes('|') && !text.includes('｜');
  let lastLabel = -1;
  let anyValue = false;
  if (markdown || tabbed) {
    items.forEach((it, i) => {
      if (it.kind === 'label') lastLabel = i;
      if (it.kind === 'value') anyValue = true;
    });
  }
  const firstInner = markdown ? items.findIndex((it) => it.cell.offset > text.indexOf('|')) : 0;
  const lastInner = markdown ? items.length - 2 : items.length - 1;
  // a copied row whose one label is followed by empty cells only (`行政处罚\t`): its cells are blank
  const labelThenBlanks =
    tabbed &&
    !anyValue &&
    lastLabel === 0 &&
    items.length > 1 &&
    items.slice(1).every((it) => it.kind === 'empty');
  const tokens: Token[] = [];
  const push = (t: Token) => {
    t.lineCells = cells.length;
    if (markdown) t.padded = true;
    tokens.push(t);
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.kind !== 'empty') push(makeToken(item.cell, lineIndex, item.reading));
    else if ((before[i] === 'value' && after[i] === 'value') || labelThenBlanks) {
      // an empty cell counts between two values of the same row
      push(makeToken(item.cell, lineIndex, { value: 0, blank: true, notApplicable: false }));
    } else if (
      anyValue &&
      i > lastLabel &&
      (markdown
        ? i >= firstInner && i <= lastInner
        : // copied text: after the label, or after the last number (leading tabs of a line of
          // numbers alone are a PDF extractor's indent)
          tabbed && (lastLabel >= 0 || before[i] === 'value'))
    ) {
      const t = makeToken(item.cell, lineIndex, { value: 0, blank: true, notApplicable: false });
      t.optional = true;
      push(t);
    }
  }
  return { index: lineIndex, text, tokens, separated };
}

/**
 * A separated cell of digit groups with single spaces, every group after the first of three
 * digits (`8 678`, OCR's or a typesetter's space for a thousands separator): one number. Only
 * inside a cell that a separator bounds; in running text `8 678` may be two cells.
 */
function spacedThousands(text: string): CellReading | null {
  // a digit first (ASCII or full-width), or the pattern cannot match: most cells are labels
  const first = text.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || (first >= 0xff10 && first <= 0xff19))) return null;
  const h = toHalfWidth(text);
  if (!/^[0-9]{1,3}(?: [0-9]{3})+$/.test(h)) return null;
  return { value: Number(h.replace(/ /g, '')), blank: false, notApplicable: false };
}

/** A line without separators: one cell (or a label and the numbers after it). */
function singleCellTokens(raw: RawCell, lineIndex: number): Token[] {
  const cell = trimOrdinary(raw);
  if (cell.text.length === 0) return [];
  const reading = readCell(cell.text);
  if (reading) return [makeToken(cell, lineIndex, reading)];
  const parts = splitWords(cell);
  if (parts.length === 1) return [makeToken(cell, lineIndex, null)];
  return parts.map((p) => makeToken(p, lineIndex, readCell(p.text)));
}

export function tokenize(text: string): SourceLine[] {
  return tokenizeLines(splitLines(text));
}

/** tokenize for text already split into lines (by splitLines). */
export function tokenizeLines(lines: readonly string[]): SourceLine[] {
  return lines.map((line, i) => tokenizeLine(line, i));
}
