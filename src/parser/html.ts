/**
 * HTML pages to the text the parser reads. Government pages put the report in a content block
 * surrounded by site navigation, headers, footers and scripts, and put its tables in <table>
 * with rowspan/colspan headers. The page is parsed with parse5 (never regexes over markup); site
 * chrome is dropped by tag and by class/id; block elements become lines; a data table becomes one
 * `|`-separated line per row, each cell once, at the grid position its rowspan/colspan gives it.
 * Empty cells of a row that holds numbers are written as a no-break space (a deliberate blank);
 * empty cells of header rows are dropped. Traversal is iterative: deep nesting cannot overflow.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { countWork } from './work';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Caps on spans and grid size, so that `rowspan=65534` cannot blow up memory or time. */
const MAX_COLSPAN = 64;
const MAX_ROWSPAN = 1000;
const MAX_GRID_CELLS = 200_000;

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'nav',
  'header',
  'footer',
  'aside',
  'head',
  'map',
  'audio',
  'video',
]);

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'section',
  'article',
  'main',
  'blockquote',
  'pre',
  'center',
  'figure',
  'figcaption',
  'address',
  'hr',
  'table',
  'tr',
  'td',
  'th',
  'caption',
  'form',
  'fieldset',
  'body',
  'html',
  'tbody',
  'thead',
  'tfoot',
]);

/** Class/id words of site chrome around the content. */
const CHROME = new RegExp(
  '(?:^|[\\s_-])(?:nav|navbar|menu|header|footer|foot|breadcrumbs?|crumbs?|sidebar|share|copyright|banner|toolbar|topbar|bottom|friendlinks?|search|login|skip|wza|shortcut|fixed-?bar|qr|erweima|tools?|print|fontsize|font-size)(?:$|[\\s_-])',
  'i',
);

function attr(el: Element, name: string): string | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function children(node: Node): Node[] {
  if (node.nodeName === 'template' && 'content' in node) return node.content.childNodes as Node[];
  return 'childNodes' in node ? (node.childNodes as Node[]) : [];
}

function hidden(el: Element): boolean {
  if (attr(el, 'hidden') !== undefined) return true;
  const style = attr(el, 'style');
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style.slice(0, 400));
}

/** Post-order pass: which elements contain a <table> (chrome-looking blocks holding tables are kept). */
function tableContainment(root: Node): Set<Node> {
  const contains = new Set<Node>();
  const stack: Array<{ node: Node; done: boolean }> = [{ node: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { node: Node; done: boolean };
    countWork(1);
    if (!top.done) {
      stack.push({ node: top.node, done: true });
      for (const c of children(top.node)) stack.push({ node: c, done: false });
      continue;
    }
    const n = top.node;
    const p = 'parentNode' in n ? n.parentNode : null;
    if ((isElement(n) && n.tagName === 'table') || contains.has(n)) {
      if (p) contains.add(p as Node);
    }
  }
  return contains;
}

function skipped(el: Element, containsTable: Set<Node>): boolean {
  if (SKIP_TAGS.has(el.tagName)) return true;
  if (hidden(el)) return true;
  const cls = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`;
  return cls.length > 1 && CHROME.test(cls.slice(0, 300)) && !containsTable.has(el);
}

/** The text of an element, whitespace collapsed, blocks and <br> as spaces. */
function cellText(el: Element, containsTable: Set<Node>): string {
  let out = '';
  const stack: Node[] = [el];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    countWork(1);
    if (n.nodeName === '#text' && 'value' in n) {
      out += n.value;
      continue;
    }
    if (!isElement(n)) continue;
    if (n !== el && skipped(n, containsTable)) continue;
    if (n.tagName === 'br' || (n !== el && BLOCK_TAGS.has(n.tagName))) out += ' ';
    const cs = children(n);
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as Node);
  }
  return collapse(out, true);
}

/** CJK ideographs, kana and full-width punctuation: scripts written without spaces. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/**
 * Collapses runs of whitespace; NBSP survives only when asked (a table cell's deliberate blank).
 * A line break between two CJK characters is dropped, not made a space (CSS Text's segment break
 * rule): Word's HTML export wraps its source lines inside words (`年度报\n告`).
 */
function collapse(s: string, keepNbsp: boolean): string {
  let out = '';
  let space = false;
  let lineBreak = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const c = s.charCodeAt(i);
    const isWs =
      c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || (!keepNbsp && c === 0xa0);
    if (isWs) {
      space = out.length > 0;
      if (c === 0x0a || c === 0x0d) lineBreak = true;
      else if (c !== 0x20 && c !== 0x09) lineBreak = false;
      continue;
    }
    if (space && !(lineBreak && WIDE.test(ch) && WIDE.test(out[out.length - 1] as string))) out += ' ';
    space = false;
    lineBreak = false;
    out += ch === '|' ? '¦' : ch;
  }
  return out;
}

export interface GridCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** Rows of a table (its own <tr>s, not those of nested tables), in document order. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  const stack: Node[] = [...children(table)].reverse();
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (!isElement(n)) continue;
    if (n.tagName === 'tr') rows.push(n);
    else if (n.tagName === 'thead' || n.tagName === 'tbody' || n.tagName === 'tfoot') {
      const cs = children(n);
      for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as Node);
    }
  }
  return rows;
}

function span(v: string | undefined, max: number): number {
  const n = v === undefined ? 1 : Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/**
 * Resolves rowspan/colspan into grid positions: each cell is placed at the first column its
 * row leaves free after the cells spanning down from rows above.
 */
export function resolveGrid(table: Element, containsTable: Set<Node> = new Set()): GridCell[][] {
  const rows = tableRows(table);
  const out: GridCell[][] = [];
  // remaining rows each column stays covered by a rowspan from above
  const covered: number[] = [];
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const tr = rows[r] as Element;
    const cells: GridCell[] = [];
    let col = 0;
    for (const c of children(tr)) {
      if (!isElement(c) || (c.tagName !== 'td' && c.tagName !== 'th')) continue;
      while ((covered[col] ?? 0) > 0) col++;
      const colSpan = span(attr(c, 'colspan'), MAX_COLSPAN);
      const rowSpan = Math.min(span(attr(c, 'rowspan'), MAX_ROWSPAN), Math.max(1, rows.length - r));
      cells.push({ text: cellText(c, containsTable), row: r, col, rowSpan, colSpan });
      for (let k = 0; k < colSpan; k++) covered[col + k] = Math.max(covered[col + k] ?? 0, rowSpan);
      col += colSpan;
      total += colSpan;
      if (total > MAX_GRID_CELLS) return out;
    }
    countWork(covered.length + cells.length);
    for (let k = 0; k < covered.length; k++)
      if ((covered[k] ?? 0) > 0) covered[k] = (covered[k] as number) - 1;
    out.push(cells);
  }
  return out;
}

const NUMBERISH = /^[\s\u00a0]*[-+增减]?[0-9０-９][0-9０-９,，.．]*(?:万元|万)?[\s\u00a0]*$/;

/** A cell holding only no-break spaces: a deliberate blank (Word writes `<o:p>&nbsp;</o:p>`). */
const NBSP_ONLY = /^\u00a0+$/;

const isBlank = (text: string) => text.length === 0 || NBSP_ONLY.test(text);

/**
 * In a table without a number: the first wholly empty row right under text, one cell under each
 * of the header cells just above it (each one column wide), e.g. Word's review table left blank
 * for a year without cases. -1 when there is none. Linear in the table's cells.
 */
function blankValuesRow(grid: readonly GridCell[][]): number {
  const r = grid.findIndex((row, k) => k > 0 && row.length > 0 && row.every((c) => c.text.length === 0));
  if (r < 0 || !(grid[r - 1] as GridCell[]).some((c) => c.text.length > 0)) return -1;
  const above = new Map<number, GridCell>();
  for (let k = 0; k < r; k++) {
    for (const c of grid[k] as GridCell[]) {
      if (c.row + c.rowSpan !== r || c.text.length === 0) continue;
      for (let j = 0; j < c.colSpan; j++) above.set(c.col + j, c);
    }
  }
  const row = grid[r] as GridCell[];
  const aligned = row.every((c) => c.colSpan === 1 && above.get(c.col)?.colSpan === 1);
  return aligned && above.size === row.length ? r : -1;
}

/** An applications table printed transposed: 7 applicant rows and at most 3 header rows. */
const MAX_TRANSPOSED_ROWS = 12;
const OUTCOME_HEAD = /本年新收|上年结转|予以公开|部分公开|结转下年度/;

/**
 * The applications table printed transposed (some bodies fit it to the page so): applicants as
 * rows (自然人 … 总计), the template's rows as columns under a header of their labels. Written back
 * as the template lays it out: a header line of the applicants' names, in the order printed, then
 * one line per column: its header cells (group, then item) and its figures. Null for any other
 * table. The header must name at least four of the template's row kinds, and the row labels
 * 自然人 and 总计.
 */
function transposedApplications(grid: readonly GridCell[][]): string[] | null {
  let width = 0;
  for (const row of grid) for (const c of row) width = Math.max(width, c.col + c.colSpan);
  if (width < 12 || grid.length < 8) return null;
  const m: string[][] = grid.map(() => new Array<string>(width).fill(''));
  for (const row of grid)
    for (const c of row)
      for (let dr = 0; dr < c.rowSpan && c.row + dr < grid.length; dr++)
        for (let dc = 0; dc < c.colSpan; dc++) (m[c.row + dr] as string[])[c.col + dc] = c.text;
  countWork(grid.length * width);
  const head = m.findIndex((row) => row.some((t) => NUMBERISH.test(t)));
  if (head < 1 || head > 3) return null;
  const labelCols = (m[head] as string[]).findIndex((t) => NUMBERISH.test(t) || isBlank(t));
  if (labelCols < 1) return null;
  const distinct = (xs: readonly string[]) => xs.filter((t, i) => t.length > 0 && t !== xs[i - 1]);
  const headOf = (j: number) => distinct(m.slice(0, head).map((row) => row[j] as string));
  let kinds = 0;
  for (let j = labelCols; j < width; j++) if (headOf(j).some((t) => OUTCOME_HEAD.test(t))) kinds++;
  const applicants = m.slice(head).map((row) => distinct(row.slice(0, labelCols)).join(' '));
  if (
    kinds < 4 ||
    !applicants.some((a) => /自然人/.test(a)) ||
    !applicants.some((a) => /^总计|^合计/.test(a))
  )
    return null;
  const out = [applicants.join(' | ')];
  for (let j = labelCols; j < width; j++) {
    const label = headOf(j);
    const values = m.slice(head).map((row) => (isBlank(row[j] as string) ? '\u00a0' : (row[j] as string)));
    out.push([...label, ...values].join(' | '));
  }
  return out;
}

/**
 * A data table's rows as `|`-separated lines. A row's empty cells are blanks when the row holds a
 * number or a deliberate blank, or when its text is all in label columns and its empty cells all
 * in value columns (those holding numbers or blanks in rows with numbers): a Word row left empty.
 * Otherwise (headers) they go.
 */
function renderTable(table: Element, containsTable: Set<Node>, lines: string[]): void {
  const grid = resolveGrid(table, containsTable);
  const transposed = grid.length <= MAX_TRANSPOSED_ROWS ? transposedApplications(grid) : null;
  if (transposed) {
    lines.push(...transposed);
    return;
  }
  const valueCols = new Set<number>();
  for (const row of grid) {
    if (!row.some((c) => NUMBERISH.test(c.text))) continue;
    for (const c of row) if (NUMBERISH.test(c.text) || isBlank(c.text)) valueCols.add(c.col);
  }
  const blankRow = valueCols.size === 0 ? blankValuesRow(grid) : -1;
  for (const [r, row] of grid.entries()) {
    const emptyRow =
      r === blankRow ||
      (valueCols.size > 0 &&
        row.some((c) => c.text.length === 0) &&
        row.every((c) => valueCols.has(c.col) === isBlank(c.text)));
    const numeric = emptyRow || row.some((c) => NUMBERISH.test(c.text) || NBSP_ONLY.test(c.text));
    const texts: string[] = [];
    for (const c of row) {
      if (c.text.length > 0) texts.push(c.text);
      else if (numeric) texts.push('\u00a0');
    }
    if (texts.length > 0) lines.push(texts.join(' | '));
  }
}

/** The page title's report part (`…年度报告_某某县人民政府` → `…年度报告`). */
function pageTitle(doc: Node): string | null {
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (isElement(n) && n.tagName === 'title') {
      const t = collapse(
        children(n)
          .map((c) => ('value' in c ? c.value : ''))
          .join(''),
        false,
      );
      const first = t.split(/[_|｜—–-]/)[0]?.trim() ?? '';
      return first.length > 0 ? first : null;
    }
    if (isElement(n) && n.tagName === 'body') continue;
    const cs = children(n);
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i] as Node);
  }
  return null;
}

export function htmlToText(html: string): string {
  const doc = parse(html) as Node;
  const containsTable = tableContainment(doc);
  const lines: string[] = [];
  const title = pageTitle(doc);
  if (title && /报告/.test(title)) lines.push(title);
  let buf = '';
  const flush = () => {
    const t = collapse(buf, false);
    if (t.length > 0) lines.push(t);
    buf = '';
  };
  type Frame = { node: Node; exit: boolean };
  const stack: Frame[] = [{ node: doc, exit: false }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop() as Frame;
    countWork(1);
    if (exit) {
      flush();
      continue;
    }
    if (node.nodeName === '#text' && 'value' in node) {
      buf += node.value;
      continue;
    }
    if (!isElement(node)) {
      if (node.nodeName === '#document' || node.nodeName === '#document-fragment') {
        const cs = children(node);
        for (let i = cs.length - 1; i >= 0; i--) stack.push({ node: cs[i] as Node, exit: false });
      }
      continue;
    }
    if (skipped(node, containsTable)) continue;
    if (node.tagName === 'br') {
      flush();
      continue;
    }
    // a table holding tables is page layout: its cells are blocks; a table of text is data
    if (node.tagName === 'table' && !containsTable.has(node)) {
      flush();
      renderTable(node, containsTable, lines);
      continue;
    }
    const block = BLOCK_TAGS.has(node.tagName);
    if (block) {
      flush();
      stack.push({ node, exit: true });
    }
    const cs = children(node);
    for (let i = cs.length - 1; i >= 0; i--) stack.push({ node: cs[i] as Node, exit: false });
  }
  flush();
  return lines.join('\n');
}

const TABLE_TAG = /<table/i;

/** Tags written around a table by converters (`<html><body><table>`): part of the table's region. */
const TAG_BEFORE = /(?:<[a-zA-Z][^<>]*>\s*)+$/;
const TAG_AFTER = /^(?:\s*<\/[a-zA-Z][^<>]*>)+/;

/**
 * HTML tables inside text that is not an HTML page: PDF-to-markdown converters (MinerU, Marker)
 * print tables with merged cells as `<table>` elements between markdown paragraphs. Each table
 * (from `<table` to its matching `</table>`, nested tables inside it, and the tags directly
 * around it such as `<html><body>`) is rendered as an HTML page's table is (rows of `|` cells on
 * lines of their own); the text around it is kept as printed.
 */
export function htmlTablesInText(text: string): string {
  // most text has no table tag: test for one before lower-casing the whole text (only ASCII
  // letters lower-case to the letters of `<table`, so the two tests agree)
  if (!TABLE_TAG.test(text)) return text;
  const lower = text.toLowerCase();
  if (!lower.includes('<table')) return text;
  let out = '';
  let at = 0;
  for (;;) {
    const start = lower.indexOf('<table', at);
    if (start < 0) break;
    // the matching </table>: nesting counted in one pass
    let depth = 0;
    let i = start;
    let end = -1;
    while (i < lower.length) {
      const open = lower.indexOf('<table', i);
      const close = lower.indexOf('</table', i);
      if (close < 0) break;
      if (open >= 0 && open < close) {
        depth++;
        i = open + 6;
      } else {
        depth--;
        i = close + 7;
        if (depth === 0) {
          const gt = lower.indexOf('>', i);
          end = gt < 0 ? lower.length : gt + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const before = TAG_BEFORE.exec(text.slice(lineStart, start));
    const from = before ? start - before[0].length : start;
    const lineEnd = text.indexOf('\n', end);
    const after = TAG_AFTER.exec(text.slice(end, lineEnd < 0 ? text.length : lineEnd));
    const to = after ? end + after[0].length : end;
    out += `${text.slice(at, from)}\n${htmlToText(text.slice(from, to))}\n`;
    at = to;
  }
  return out + text.slice(at);
}
