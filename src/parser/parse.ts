/**
 * parseReport: an annual report (text or an HTML page, as a string or bytes) to a NormalizedReport.
 *
 * Stages, each its own module: decode (bytes → text) → html (pages → lines) → tokens (lines →
 * cells with positions) → headings → tables (locate, read runs, detect the form, assign rows) →
 * sections (headings, or content when headings are missing) → metadata → validate.
 *
 * Contract: for any input the result is a NormalizedReport or a thrown ParseError (with a line and
 * column) or InputTooLargeError; every stage is linear in the input, with bounded scans.
 * What is a ParseError: input that is not text (binary bytes, a PDF), and text in which neither a
 * section heading nor a table of the template can be found, or no report year can be read. A
 * report whose tables are missing or unreadable is still a report: it comes back with
 * MISSING_TABLE / CELL_COUNT_MISMATCH issues.
 */
import {
  IssueCode,
  IssueSeverity,
  SECTION_NUMBERS,
  SECTION_TITLES,
  TableCode,
  type SectionNumber,
} from '../domain/codes';
import type {
  NormalizedIssue,
  NormalizedReport,
  NormalizedSection,
  NormalizedTable,
  SourceKind,
} from '../domain/report';
import { InputTooLargeError, ParseError } from '../errors';
import { decodeInput, type DecodeOptions } from './decode';
import { decideForm, formEvidence } from './form';
import { findHeadings, type Heading } from './headings';
import { htmlTablesInText, htmlToText } from './html';
import { readMetadata } from './metadata';
import { gridTablesAsPipes } from './grid-tables';
import { scanRuns, type Run } from './runs';
import { applicationRowsFor } from './row-matchers';
import {
  type ReadContext,
  runRows,
  readActiveDisclosure,
  readApplications,
  readReview,
  type TableReading,
} from './tables';
import { locateTable, TABLE_ANCHORS } from './locate';
import { needsRelining, reline } from './reline';
import { SourceText } from './source';
import { arabicDates, isTraditional, toSimplified } from './chinese';
import { compact, splitLines, trimSpaces } from './text';
import { tokenizeLines, type SourceLine, type Token } from './tokens';
import { validateTables } from './validate';
import { type BoxIndex, boxAt } from './front/layout';

/** Bumped whenever the parser's reading of a report can change. */
export const PARSER_VERSION = '2.2.0';

/** Largest input accepted, in bytes (UTF-8 for strings): 5 MiB, far above any real report. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

export interface ParseOptions extends DecodeOptions {
  /** Counts the steps of the bounded searches (tests check that work grows linearly, not time). */
  work?: { steps: number };
}

/** Upper bound on table rows scanned (far above the 25 rows of the largest table). */
const MAX_RUNS = 200;

function byteLength(input: string | Uint8Array): number {
  return typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
}

// eslint-disable-next-line no-control-regex
const SUSPECT_CHARS = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

/** Binary input (NULs, control bytes, undecodable runs) is not a report; point at the first bad byte. */
function checkIsText(text: string, source: string | undefined): void {
  if (text.startsWith('%PDF-')) {
    throw new ParseError('this is a PDF file; extract its text first', 1, 1, source);
  }
  if (!SUSPECT_CHARS.test(text)) return;
  let bad = 0;
  let firstBad = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const control = c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c;
    if (control || c === 0xfffd) {
      bad++;
      if (firstBad < 0) firstBad = i;
    }
  }
  if (bad > 0 && (bad > 64 || bad * 50 > n || text.includes('\u0000'))) {
    const { line, column } = new SourceText(text, source).position(firstBad);
    throw new ParseError('input is not text (binary or undecodable bytes)', line, column, source);
  }
}

interface Located {
  start: number;
  scan: { runs: Run[]; endLine: number };
}

function issue(code: IssueCode, severity: IssueSeverity, where: string, message: string): NormalizedIssue {
  return { code, severity, where, message };
}

/** Lines of page chrome after a report (print/close links, share widgets) are not section text. */
const CHROME_LINE = /^(?:【?打印|【?关闭|扫一扫|分享到|相关链接|上一篇|下一篇|返回顶部|附件[:：]?$|【字体)/;

function sectionText(lines: readonly SourceLine[], from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to && i < lines.length; i++) {
    const t = trimSpaces((lines[i] as SourceLine).text);
    if (t.length > 0) out.push(t);
  }
  return out.join('\n');
}

/** A text or HTML report (string or bytes). PDF and Word files go through parseDocument. */
export function parseReport(input: string | Uint8Array, options: ParseOptions = {}): NormalizedReport {
  const size = byteLength(input);
  if (size > MAX_INPUT_BYTES) throw new InputTooLargeError('report input', size, MAX_INPUT_BYTES);
  const source = options.fileName;
  const decoded = decodeInput(input, options);
  checkIsText(decoded.text, source);
  return parseSourceText(decoded.isHtml ? htmlToText(decoded.text) : htmlTablesInText(decoded.text), {
    ...options,
    sourceKind: decoded.isHtml ? 'html' : 'text',
  });
}

export interface SourceTextOptions extends ParseOptions {
  sourceKind: SourceKind;
  /** Where the cells of a laid-out source (PDF) were on the page, by line and column of the text. */
  boxes?: BoxIndex;
}

/**
 * The shared core: the text every front end writes (plain text as decoded, HTML rendered to lines,
 * a PDF's layout written as tab-separated lines) to a report.
 */
export function parseSourceText(input: string, options: SourceTextOptions): NormalizedReport {
  let sourceText = input;
  const source = options.fileName;
  // traditional characters are read as simplified (opencc keeps the text's length, so every
  // position still points into the text as printed, which is what is stored)
  let printed = sourceText;
  if (isTraditional(sourceText)) sourceText = toSimplified(sourceText);
  const raw = splitLines(sourceText);
  const rawText = sourceText;
  let gluedLines: ReadonlySet<number> = new Set();
  if (needsRelining(raw)) {
    // one-line text is stored relined (docs/parse-json.md, positions)
    const relined = reline(raw);
    sourceText = relined.text;
    printed = relined.text;
    gluedLines = relined.glued;
  }
  sourceText = markdownMarksBlanked(gridTablesAsPipes(sourceText));
  // the lines split above, unless relining or the markdown passes changed the text
  const lines = tokenizeLines(sourceText === rawText ? raw : splitLines(sourceText));
  for (const i of gluedLines) {
    for (const t of (lines[i] as SourceLine).tokens) {
      // a run of many cells may be longer than any one number: it is a value all the same
      if (!t.reading && /^[增减-]?[0-9][0-9.,]*$/.test(t.raw)) {
        t.reading = { value: Number(t.raw.replace(/[^0-9.]/g, '')), blank: false, notApplicable: false };
        t.norm = '';
      }
      if (t.reading && !t.reading.blank) t.glued = true;
    }
  }

  // Section headings; lines that are table rows (a label with numbers) are never headings.
  const headings = findHeadings(lines, (i) =>
    (lines[i] as SourceLine).tokens.some((t) => t.reading !== undefined),
  );
  const headingAt = new Map<number, Heading>(headings.map((h) => [h.lineIndex, h]));
  const headingOf = new Map<SectionNumber, Heading>(headings.map((h) => [h.number, h]));
  const isHeading = (i: number) => headingAt.has(i);
  const headingLine = (n: SectionNumber) => headingOf.get(n)?.lineIndex;
  /** The first heading after section n: where section n's table search must stop. */
  const nextHeadingAfter = (n: number): number => {
    for (const h of headings) if (h.number > n) return h.lineIndex;
    return lines.length;
  };

  const metadata = readMetadata(
    /[〇零○]/.test(sourceText) ? lines.map((l) => ({ ...l, text: arabicDates(l.text) })) : lines,
  );

  // --- locate the three tables
  let ad: Located | undefined;
  const adFrom = headingLine(2) ?? 0;
  const adLimit = headingLine(3) ?? nextHeadingAfter(2);
  const adAnchor = locateTable(lines, {
    anchors: TABLE_ANCHORS[TableCode.ACTIVE_DISCLOSURE],
    from: adFrom,
    limit: adLimit,
    headingLine: headingLine(2),
    isHeading,
  });

  let app: Located | undefined;
  const appLimit = headingLine(4) ?? nextHeadingAfter(3);
  const appAnchor = locateTable(lines, {
    anchors: TABLE_ANCHORS[TableCode.APPLICATIONS],
    from: adAnchor ? adAnchor.lineIndex : (headingLine(3) ?? 0),
    limit: appLimit,
    headingLine: headingLine(3),
    isHeading,
  });

  if (adAnchor && (!appAnchor || adAnchor.lineIndex < appAnchor.lineIndex)) {
    const to = appAnchor?.lineIndex ?? adLimit;
    ad = {
      start: adAnchor.lineIndex,
      scan: scanRuns(lines, { from: adAnchor.lineIndex, to, isHeading, maxRuns: MAX_RUNS }),
    };
  }
  if (appAnchor) {
    app = {
      start: appAnchor.lineIndex,
      scan: scanRuns(lines, {
        from: appAnchor.lineIndex,
        to: appLimit,
        isHeading,
        maxRuns: MAX_RUNS,
        isLast: (run) => run.labels.some((l) => l.norm.includes('结转下年') || l.norm.includes('继续办理')),
      }),
    };
    // the last row printed again (结转下年度 twice) belongs to the table: it is flagged there
    const next = scanRuns(lines, { from: app.scan.endLine, to: appLimit, isHeading, maxRuns: 1 });
    const again = next.runs[0];
    const last = app.scan.runs[app.scan.runs.length - 1];
    const lastRow = last ? runRows(last, applicationRowsFor)[0] : undefined;
    if (again && lastRow !== undefined && runRows(again, applicationRowsFor)[0] === lastRow) {
      app.scan = { runs: [...app.scan.runs, again], endLine: next.endLine };
    }
  }

  let rev: Located | undefined;
  const revFrom = Math.max(app?.scan.endLine ?? ad?.scan.endLine ?? 0, headingLine(4) ?? 0);
  const revLimit = Math.min(headingLine(5) ?? nextHeadingAfter(4), revFrom + 400);
  const revAnchor = locateTable(lines, {
    anchors: TABLE_ANCHORS[TableCode.REVIEW_LITIGATION],
    from: revFrom,
    limit: revLimit,
    headingLine: headingLine(4),
    isHeading,
  });
  if (revAnchor) {
    const scan = scanRuns(lines, { from: revAnchor.lineIndex, to: revLimit, isHeading, maxRuns: 3 });
    // one row of fifteen is complete after its first run; three labelled rows take three
    if (scan.runs.length > 0) {
      const first = scan.runs[0] as Run;
      const keep = first.values.length >= 15 || scan.runs.length < 3 ? 1 : 3;
      const runs = scan.runs.slice(0, keep);
      const lastRun = runs[runs.length - 1] as Run;
      const lastValue = lastRun.values[lastRun.values.length - 1] as Token;
      rev = { start: revAnchor.lineIndex, scan: { runs, endLine: lastValue.lineIndex + 1 } };
    }
  }

  if (headings.length === 0 && !ad && !app && !rev) {
    throw new ParseError(
      'no section heading or table of the annual-report template (政府信息公开工作年度报告) was found',
      1,
      1,
      source,
    );
  }
  if (metadata.year === null) {
    const at = headings[0] ?? { lineIndex: 0 };
    throw new ParseError('no report year (YYYY年) was found', at.lineIndex + 1, 1, source);
  }
  const year = metadata.year;

  // --- the form, from the layout printed
  const adLabels: Token[] = [];
  for (const run of ad?.scan.runs ?? []) adLabels.push(...run.labels);
  const form = decideForm(formEvidence(adLabels, app?.scan.runs ?? []), year);

  const issues: NormalizedIssue[] = [];
  const tables: NormalizedTable[] = [];
  // the tables with identities are read first: they tell in which order a block of numbers runs
  // (row or column), which the active-disclosure table, having none, cannot tell itself
  const ctx: ReadContext = { work: options.work ?? { steps: 0 } };
  const readings = new Map<TableCode, TableReading | null>();
  const read = (
    code: TableCode,
    located: Located | undefined,
    reader: (runs: readonly Run[]) => TableReading,
  ) => {
    readings.set(code, located && located.scan.runs.length > 0 ? reader(located.scan.runs) : null);
  };
  read(TableCode.APPLICATIONS, app, (runs) => readApplications(runs, form, ctx));
  read(TableCode.REVIEW_LITIGATION, rev, (runs) => readReview(runs, ctx));
  read(TableCode.ACTIVE_DISCLOSURE, ad, (runs) => readActiveDisclosure(runs, form, ctx));
  for (const code of [TableCode.ACTIVE_DISCLOSURE, TableCode.APPLICATIONS, TableCode.REVIEW_LITIGATION]) {
    const result = readings.get(code);
    if (result) issues.push(...result.issues);
    if (result?.table) tables.push(result.table);
    else if (!result || result.issues.length === 0) {
      issues.push(issue(IssueCode.MISSING_TABLE, IssueSeverity.WARNING, code, `table ${code} not found`));
    }
  }
  issues.push(...validateTables(tables, form));

  const sections = assembleSections(lines, headingOf, { ad, app, rev });
  for (const n of SECTION_NUMBERS) {
    if (!sections.some((s) => s.number === n)) {
      issues.push(
        issue(
          IssueCode.MISSING_SECTION,
          IssueSeverity.WARNING,
          String(n),
          `section ${n} (${SECTION_TITLES[n]}) not found`,
        ),
      );
    }
  }

  const report: NormalizedReport = {
    year,
    formVersion: form,
    agency: { name: metadata.agency ?? '', nameInText: metadata.agency ?? '' },
    sourceText: printed.length === sourceText.length ? printed : sourceText,
    sourceKind: options.sourceKind,
    parserVersion: PARSER_VERSION,
    sections,
    tables,
    issues,
  };
  if (metadata.title) report.title = metadata.title;
  if (metadata.publishedAt) report.publishedAt = metadata.publishedAt;
  if (options.fileName) report.sourceFile = options.fileName;
  if (options.boxes) attachBoxes(report, options.boxes);
  return report;
}

interface TableSpans {
  ad: Located | undefined;
  app: Located | undefined;
  rev: Located | undefined;
}

/**
 * Section boundaries: a printed heading where there is one; otherwise what the content says —
 * section one is the prose before the first table, two to four start where their tables start,
 * five starts after the review table, and six is a closing paragraph that says 无 or speaks of fees.
 */
function assembleSections(
  lines: readonly SourceLine[],
  headingOf: ReadonlyMap<SectionNumber, Heading>,
  spans: TableSpans,
): NormalizedSection[] {
  // chrome lines at the end of a page are cut off the last section
  let end = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = compact((lines[i] as SourceLine).text);
    if (t.length === 0) continue;
    if (CHROME_LINE.test(t)) end = i;
    else break;
  }

  type Start = { line: number; printed: string | null; rest?: string };
  const starts = new Map<SectionNumber, Start>();
  for (const [n, h] of headingOf) starts.set(n, { line: h.lineIndex + 1, printed: h.printed, rest: h.rest });
  const infer = (n: SectionNumber, line: number | undefined) => {
    if (!starts.has(n) && line !== undefined) starts.set(n, { line, printed: null });
  };
  infer(2, spans.ad?.start);
  infer(3, spans.app?.start);
  infer(4, spans.rev?.start);
  if (!starts.has(5) && spans.rev) {
    const after = spans.rev.scan.endLine;
    const limit = headingOf.get(6)?.lineIndex ?? end;
    for (let i = after; i < limit; i++) {
      if (compact((lines[i] as SourceLine).text).length > 0) {
        starts.set(5, { line: i, printed: null });
        break;
      }
    }
  }
  if (!starts.has(6)) {
    // the last paragraph, when it is a short 无 or a note on fees
    const from = starts.get(5)?.line ?? starts.get(4)?.line ?? 0;
    for (let i = end - 1; i > from; i--) {
      const t = compact((lines[i] as SourceLine).text);
      if (t.length === 0) continue;
      if (
        (t.length <= 40 && /^(?:无|没有|暂无|本(?:机关|单位|年度)?无|其他事项:?无)/.test(t)) ||
        (t.length <= 200 && t.includes('信息处理费'))
      ) {
        starts.set(6, { line: i, printed: null });
      }
      break;
    }
  }
  if (!starts.has(1)) {
    const next = [2, 3, 4, 5, 6]
      .map((n) => starts.get(n as SectionNumber)?.line)
      .find((l) => l !== undefined);
    if (next !== undefined && next > 0) starts.set(1, { line: 0, printed: null });
  }

  // keep starts in template order; a start out of order is dropped (missing)
  const ordered: Array<{ n: SectionNumber; start: Start }> = [];
  let last = -1;
  for (const n of SECTION_NUMBERS) {
    const s = starts.get(n);
    if (!s || s.line <= last) continue;
    ordered.push({ n, start: s });
    last = s.line;
  }
  const sections: NormalizedSection[] = [];
  for (let k = 0; k < ordered.length; k++) {
    const cur = ordered[k] as { n: SectionNumber; start: Start };
    const nextStart = ordered[k + 1]?.start;
    const to = nextStart ? nextStart.line - (nextStart.printed !== null ? 1 : 0) : end;
    const body = sectionText(lines, cur.start.line, to);
    const text = cur.start.rest ? (body ? `${cur.start.rest}\n${body}` : cur.start.rest) : body;
    if (cur.start.printed === null && text.length === 0) continue;
    sections.push({
      number: cur.n,
      printedTitle: cur.start.printed,
      standardTitle: SECTION_TITLES[cur.n],
      text,
    });
  }
  return sections;
}

/**
 * Markdown's marks around headings and titles (`## 二、…`, `**…**`) written as spaces: same
 * length, so positions still point into the text as printed.
 */
function markdownMarksBlanked(text: string): string {
  if (!text.includes('#') && !text.includes('**')) return text;
  return text.replace(/^[ \t]*#{1,6}(?=[ \t])/gm, (m) => ' '.repeat(m.length)).replace(/\*\*/g, '  ');
}

/** PDF provenance: each cell and row read from a laid-out page keeps its page and bounding box. */
function attachBoxes(report: NormalizedReport, boxes: BoxIndex): void {
  for (const table of report.tables) {
    for (const row of table.rows) {
      if (row.position) {
        const box = boxAt(boxes, row.position.line - 1, row.position.column);
        if (box) row.box = box;
      }
      for (const cell of row.cells) {
        if (!cell.position) continue;
        const box = boxAt(boxes, cell.position.line - 1, cell.position.column);
        if (box) cell.box = box;
      }
    }
  }
}
