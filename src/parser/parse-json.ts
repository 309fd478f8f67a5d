/**
 * The `gongkai parse --json` contract (docs/parse-json.md): a NormalizedReport in the shape of
 * the hand-checked golden files, so that parser output and expectations compare directly.
 */
import { APPLICATION_COLUMNS, ColumnCode, SECTION_NUMBERS, TableCode } from '../domain/codes';
import type { IssueCode, IssueSeverity } from '../domain/codes';
import type { NormalizedReport, NormalizedTable, SourcePosition } from '../domain/report';

export interface GoldenIssue {
  code: IssueCode;
  where: string;
  severity: IssueSeverity;
  message: string;
  position?: SourcePosition;
  candidates?: number[][];
}

export interface GoldenExtraRow {
  label: string;
  values: Array<number | null>;
}

export interface GoldenJson {
  year: number;
  /** The form, `"2019"` or `"2021"`, named as in the rest of the API (GraphQL `formVersion`). */
  formVersion: string;
  /** @deprecated the same as formVersion; kept for one version of the contract. */
  formatVersion: string;
  agency: { nameInText: string };
  title?: string;
  publishedAt?: string;
  /** Standard titles of the sections found, by section number. */
  sectionTitles: Record<string, string>;
  /** Headings as printed, for the sections that had one. */
  printedTitles: Record<string, string>;
  activeDisclosure: Record<string, Record<string, number | null>> | null;
  applications: Record<string, Array<number | null>> | null;
  reviewLitigation: Record<string, Record<string, number | null>> | null;
  /** Tables with at least one flagged row (sorted). */
  partialTables: TableCode[];
  /** Rows printed that are not rows of the template, by table. */
  extraRows: Partial<Record<TableCode, GoldenExtraRow[]>>;
  issues: GoldenIssue[];
  applicationColumns: ColumnCode[];
  parserVersion: string;
}

function byRowColumn(
  table: NormalizedTable | undefined,
): Record<string, Record<string, number | null>> | null {
  if (!table) return null;
  const out: Record<string, Record<string, number | null>> = {};
  for (const row of table.rows) {
    const cells: Record<string, number | null> = {};
    for (const c of row.cells) cells[c.column] = c.value;
    out[row.code] = cells;
  }
  return out;
}

export function toGoldenJson(report: NormalizedReport): GoldenJson {
  const table = (code: TableCode) => report.tables.find((t) => t.table === code);
  const sectionTitles: Record<string, string> = {};
  const printedTitles: Record<string, string> = {};
  for (const n of SECTION_NUMBERS) {
    const s = report.sections.find((x) => x.number === n);
    if (!s) continue;
    sectionTitles[String(n)] = s.standardTitle;
    if (s.printedTitle !== null) printedTitles[String(n)] = s.printedTitle;
  }
  const apps = table(TableCode.APPLICATIONS);
  let applications: Record<string, Array<number | null>> | null = null;
  if (apps) {
    applications = {};
    for (const row of apps.rows) {
      applications[row.code] = APPLICATION_COLUMNS.map(
        (c) => row.cells.find((x) => x.column === c)?.value ?? null,
      );
    }
  }
  const out: GoldenJson = {
    year: report.year,
    formVersion: report.formVersion,
    formatVersion: report.formVersion,
    agency: { nameInText: report.agency.nameInText ?? report.agency.name },
    sectionTitles,
    printedTitles,
    activeDisclosure: byRowColumn(table(TableCode.ACTIVE_DISCLOSURE)),
    applications,
    reviewLitigation: byRowColumn(table(TableCode.REVIEW_LITIGATION)),
    issues: report.issues.map((i) => {
      const g: GoldenIssue = { code: i.code, where: i.where, severity: i.severity, message: i.message };
      if (i.position) g.position = i.position;
      if (i.candidates) g.candidates = i.candidates;
      return g;
    }),
    partialTables: report.tables
      .filter((t) => t.partial === true)
      .map((t) => t.table)
      .sort(),
    extraRows: Object.fromEntries(
      report.tables
        .filter((t) => (t.extraRows?.length ?? 0) > 0)
        .map((t) => [
          t.table,
          (t.extraRows ?? []).map((r) => ({ label: r.label, values: r.cells.map((c) => c.value) })),
        ]),
    ),
    applicationColumns: [...APPLICATION_COLUMNS],
    parserVersion: report.parserVersion,
  };
  if (report.title !== undefined) out.title = report.title;
  if (report.publishedAt !== undefined) out.publishedAt = report.publishedAt;
  return out;
}
