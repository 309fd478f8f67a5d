/**
 * The seed corpus' hand-checked golden files (test/fixtures/corpus) as normalized reports, so
 * the store and the API are tested against independently checked values.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  type ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  REVIEW_COLUMNS,
  REVIEW_ROWS,
  type RowCode,
  SECTION_TITLES,
  type SectionNumber,
  TableCode,
} from '../../src/domain/codes';
import { type NormalizedReport, type NormalizedTable } from '../../src/domain/report';

export const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');

/**
 * A hand-checked reading of one source (the seeds' golden files, the HTML fixtures' expected
 * files): the one golden type of the tests.
 */
export interface Golden {
  file: string;
  year: number;
  formatVersion: '2019' | '2021';
  agency: { nameInText: string; manifestName: string; province?: string; city?: string; county?: string };
  publishedAt?: string;
  sectionTitles: Record<string, string>;
  printedTitles?: Record<string, string>;
  sectionContains: Record<string, string[]>;
  activeDisclosure: Record<string, Record<string, number>>;
  applications: Record<string, number[]>;
  reviewLitigation: Record<string, Record<string, number>> | null;
  expectedIssues: { code: string; where: string }[];
  applicationColumns: string[];
  /** HTML fixtures: the charset the page declares, and text of its site chrome left out. */
  charset?: string;
  mustNotContain?: string[];
}

export function goldenFiles(): string[] {
  return fs
    .readdirSync(path.join(CORPUS, 'golden'))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function readGolden(file: string): Golden {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'golden', file), 'utf8')) as Golden;
}

export function seedText(g: Golden): string {
  return fs.readFileSync(path.join(CORPUS, 'seeds', g.file), 'utf8');
}

const cell = (column: ColumnCode, value: number) => ({
  column,
  value,
  raw: String(value),
  blank: false,
  notApplicable: false,
});

/** A normalized report carrying exactly the golden values (as a correct parser would give). */
export function goldenToReport(g: Golden, overrides: Partial<NormalizedReport> = {}): NormalizedReport {
  const form = g.formatVersion === '2019' ? FormVersion.V2019 : FormVersion.V2021;
  const tables: NormalizedTable[] = [
    {
      table: TableCode.ACTIVE_DISCLOSURE,
      rows: ACTIVE_DISCLOSURE_LAYOUT[form].map(({ row, columns }) => ({
        code: row,
        label: row,
        cells: columns.map((c) => cell(c, g.activeDisclosure[row]?.[c] ?? NaN)),
      })),
    },
    {
      table: TableCode.APPLICATIONS,
      rows: Object.entries(g.applications).map(([code, values]) => ({
        code: code as RowCode,
        label: code,
        cells: APPLICATION_COLUMNS.map((c, i) => cell(c, values[i] ?? NaN)),
      })),
    },
  ];
  if (g.reviewLitigation) {
    const review = g.reviewLitigation;
    tables.push({
      table: TableCode.REVIEW_LITIGATION,
      rows: REVIEW_ROWS.map((row) => ({
        code: row,
        label: row,
        cells: REVIEW_COLUMNS.map((c) => cell(c, review[row]?.[c] ?? NaN)),
      })),
    });
  }
  return {
    year: g.year,
    formVersion: form,
    agency: {
      name: g.agency.manifestName,
      nameInText: g.agency.nameInText,
      province: g.agency.province,
      city: g.agency.city,
      county: g.agency.county,
    },
    publishedAt: g.publishedAt,
    sourceFile: g.file,
    sourceText: seedText(g),
    parserVersion: 'golden',
    sections: (Object.keys(SECTION_TITLES) as unknown as SectionNumber[]).map((n) => ({
      number: Number(n) as SectionNumber,
      printedTitle: g.sectionTitles[n] ?? null,
      standardTitle: SECTION_TITLES[Number(n) as SectionNumber],
      text: (g.sectionContains[n] ?? []).join('\n'),
    })),
    tables,
    issues: g.expectedIssues.map((i) => ({
      code: i.code as IssueCode,
      severity: i.code === IssueCode.CELL_COUNT_MISMATCH ? IssueSeverity.ERROR : IssueSeverity.WARNING,
      where: i.where,
      message: `golden: ${i.code} at ${i.where}`,
    })),
    ...overrides,
  };
}

export function allGoldenReports(): { golden: Golden; report: NormalizedReport }[] {
  return goldenFiles().map((f) => {
    const golden = readGolden(f);
    return { golden, report: goldenToReport(golden) };
  });
}
