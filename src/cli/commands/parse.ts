/** `gongkai parse <file> [--json]`: read one report and show what the parser makes of it. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  REVIEW_COLUMNS,
  SECTION_NUMBERS,
  TableCode,
} from '../../domain/codes';
import { COLUMN_LABELS, FORM_VERSION_LABELS, ROW_LABELS } from '../../domain/labels';
import type { NormalizedCell, NormalizedReport, NormalizedTable } from '../../domain/report';
import { InputTooLargeError, ParseError } from '../../errors';
import { MAX_DOCUMENT_BYTES, parseDocument, toGoldenJson } from '../../parser';
import { type CliCommand, UsageError } from '../command';

/** The marks a cell can print instead of (or beside) its number, and what each means. */
const MARKS = {
  blank: '* printed blank, read as 0',
  notApplicable: '/ not applicable',
  missing: '? no cell read',
  unreadable: '?(text) printed text that is not a number',
} as const;
type Mark = keyof typeof MARKS;

function cellText(c: NormalizedCell | undefined, marks: Set<Mark>): string {
  if (!c) {
    marks.add('missing');
    return '?';
  }
  if (c.value === null) {
    marks.add('unreadable');
    return `?(${c.raw})`;
  }
  if (c.notApplicable) {
    marks.add('notApplicable');
    return '/';
  }
  if (!c.blank) return String(c.value);
  marks.add('blank');
  return `${c.value}*`;
}

/** One line naming the marks the tables showed, in a fixed order; none when none was shown. */
function legend(marks: ReadonlySet<Mark>): string[] {
  const shown = (Object.keys(MARKS) as Mark[]).filter((m) => marks.has(m));
  return shown.length ? ['', `Marks: ${shown.map((m) => MARKS[m]).join('; ')}`] : [];
}

function tableLines(report: NormalizedReport, code: TableCode, marks: Set<Mark>): string[] {
  const table: NormalizedTable | undefined = report.tables.find((t) => t.table === code);
  if (!table) {
    const why = report.issues.find((i) => i.where === code);
    return [`  (not read${why ? `: ${why.code}` : ''})`];
  }
  const out: string[] = [];
  if (code === TableCode.ACTIVE_DISCLOSURE) {
    for (const spec of ACTIVE_DISCLOSURE_LAYOUT[report.formVersion]) {
      const row = table.rows.find((r) => r.code === spec.row);
      const cells = spec.columns.map(
        (c) =>
          `${COLUMN_LABELS[c]} ${cellText(
            row?.cells.find((x) => x.column === c),
            marks,
          )}`,
      );
      out.push(`  ${ROW_LABELS[spec.row]}: ${cells.join(', ')}`);
    }
    return out;
  }
  const columns = code === TableCode.APPLICATIONS ? APPLICATION_COLUMNS : REVIEW_COLUMNS;
  const width = Math.max(...table.rows.map((r) => r.code.length));
  out.push(`  ${''.padEnd(width)}  ${columns.join(' ')}`);
  for (const row of table.rows) {
    const cells = columns.map((c) =>
      cellText(
        row.cells.find((x) => x.column === c),
        marks,
      ).padStart(c.length),
    );
    out.push(`  ${row.code.padEnd(width)}  ${cells.join(' ')}`);
  }
  return out;
}

/** A readable summary: metadata, sections, the three tables (with a legend of their marks), issues with positions. */
export function formatReport(report: NormalizedReport, file: string): string {
  const lines: string[] = [];
  lines.push(`${file}`);
  lines.push(
    `  year ${report.year}, form ${report.formVersion} (${FORM_VERSION_LABELS[report.formVersion]})`,
  );
  lines.push(`  agency: ${report.agency.nameInText ?? report.agency.name ?? ''}`);
  if (report.title) lines.push(`  title: ${report.title}`);
  if (report.publishedAt) lines.push(`  published: ${report.publishedAt}`);
  lines.push('', 'Sections:');
  for (const n of SECTION_NUMBERS) {
    const s = report.sections.find((x) => x.number === n);
    if (!s) lines.push(`  ${n}. (missing)`);
    else {
      const how = s.printedTitle === null ? '(recognised by content)' : `printed "${s.printedTitle}"`;
      lines.push(`  ${n}. ${s.standardTitle} — ${how}, ${s.text.length} chars`);
    }
  }
  const marks = new Set<Mark>();
  lines.push('', 'Active disclosure (section 2):', ...tableLines(report, TableCode.ACTIVE_DISCLOSURE, marks));
  lines.push('', 'Applications (section 3):', ...tableLines(report, TableCode.APPLICATIONS, marks));
  lines.push(
    '',
    'Review and litigation (section 4):',
    ...tableLines(report, TableCode.REVIEW_LITIGATION, marks),
  );
  lines.push(...legend(marks));
  lines.push('', report.issues.length === 0 ? 'Issues: none' : 'Issues:');
  for (const i of report.issues) {
    const at = i.position ? `${file}:${i.position.line}:${i.position.column}: ` : '';
    lines.push(`  ${at}${i.severity} ${i.code} [${i.where}] ${i.message}`);
  }
  return lines.join('\n');
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary:
    'Parse one report (PDF, Word .docx, HTML, markdown or text) and print what was read (--json: the golden-file shape)',
  usage:
    'gongkai parse <file|-> [--json]\n  reads .pdf, .docx, .html, .md and .txt (by content)\n  --json  print the parse --json contract (docs/parse-json.md)',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new UsageError('parse takes exactly one file (or - for standard input)');
    const file = positionals[0] as string;
    let bytes: Buffer;
    try {
      if (file === '-') bytes = fs.readFileSync(0);
      else {
        const size = fs.statSync(file).size;
        // PDF and Word files may be this large; text over MAX_INPUT_BYTES is refused by the parser
        if (size > MAX_DOCUMENT_BYTES) throw new InputTooLargeError(file, size, MAX_DOCUMENT_BYTES);
        bytes = fs.readFileSync(file);
      }
    } catch (e) {
      if (e instanceof InputTooLargeError) {
        console.error(`${file}: ${e.message}`);
        return 1;
      }
      console.error(`${file}: cannot read: ${(e as Error).message}`);
      return 1;
    }
    let report: NormalizedReport;
    try {
      report = await parseDocument(bytes, { fileName: file });
    } catch (e) {
      if (e instanceof ParseError) {
        // the message already starts with file:line:column
        console.error(e.message);
        return 1;
      }
      if (e instanceof InputTooLargeError) {
        console.error(`${file}: ${e.message}`);
        return 1;
      }
      throw e;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(toGoldenJson(report), null, 2)}\n`);
    else process.stdout.write(`${formatReport(report, file)}\n`);
    return 0;
  },
};
