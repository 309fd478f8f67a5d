/**
 * The ground truth of one generated report, in the shape of the hand-checked golden files
 * (test/fixtures/corpus/golden): what a correct parse gives, with the issues it must report
 * (`expectedIssues`) and those the loader reports across years (`expectedLoadIssues`).
 */
import {
  APPLICATION_COLUMNS,
  type ColumnCode,
  IssueCode,
  REVIEW_COLUMNS,
  RowCode,
  SECTION_NUMBERS,
  SECTION_TITLES,
  TableCode,
} from '../domain/codes';
import type { Layout } from './agencies';
import type { Fault } from './faults';
import { applicationIssues, carryOverIssues, type ExpectedIssue, reviewIssues } from './identities';
import type { ReportDoc } from './render/doc';

export interface TruthJson {
  file: string;
  year: number;
  formatVersion: string;
  agency: {
    nameInText: string;
    manifestName: string;
    province: string;
    city?: string;
    county?: string;
    divisionCode: string;
    level: string;
    kind: string;
  };
  publishedAt?: string;
  layout: Layout;
  sectionTitles: Record<string, string>;
  printedTitles: Record<string, string>;
  activeDisclosure: Record<string, Record<string, number>> | null;
  applications: Record<string, number[]> | null;
  reviewLitigation: Record<string, Record<string, number>> | null;
  expectedIssues: ExpectedIssue[];
  /** CARRY_OVER_MISMATCH (identity 5) the loader reports on this report against last year's. */
  expectedLoadIssues: ExpectedIssue[];
  /** What was injected, if anything. */
  faults: Fault[];
  applicationColumns: string[];
}

export interface TruthInput {
  file: string;
  doc: ReportDoc;
  layout: Layout;
  fault: Fault | null;
  /** Last year's printed 结转下年度 (7 values), when that report had a readable applications table. */
  previousCarriedForward: readonly number[] | null;
}

export function buildTruth(input: TruthInput): TruthJson {
  const { doc, fault } = input;
  const a = doc.agency;
  const showAd = doc.omit !== TableCode.ACTIVE_DISCLOSURE;
  const showApps = doc.omit !== TableCode.APPLICATIONS;
  const showReview = doc.omit !== TableCode.REVIEW_LITIGATION && doc.extraReviewCellAt === null;

  const expectedIssues: ExpectedIssue[] = [];
  if (doc.omit) expectedIssues.push({ code: IssueCode.MISSING_TABLE, where: doc.omit });
  if (doc.extraReviewCellAt !== null) {
    expectedIssues.push({ code: IssueCode.CELL_COUNT_MISMATCH, where: TableCode.REVIEW_LITIGATION });
  }
  // zeros printed as empty cells: an empty total was not filled in (not assessable)
  const emptyZero = doc.style.zero === 'nbsp' || doc.style.zero === 'empty';
  if (showApps) expectedIssues.push(...applicationIssues(doc.values.applications, emptyZero));
  if (showReview) expectedIssues.push(...reviewIssues(doc.values.review, emptyZero));

  const expectedLoadIssues: ExpectedIssue[] = [];
  const carriedOver = doc.values.applications.get(RowCode.CARRIED_OVER);
  if (showApps && input.previousCarriedForward && carriedOver) {
    expectedLoadIssues.push(...carryOverIssues(carriedOver, input.previousCarriedForward));
  }

  const sectionTitles: Record<string, string> = {};
  const printedTitles: Record<string, string> = {};
  for (const n of SECTION_NUMBERS) {
    sectionTitles[String(n)] = SECTION_TITLES[n];
    if (doc.headings) printedTitles[String(n)] = doc.headings[n].trim();
  }

  const truth: TruthJson = {
    file: input.file,
    year: doc.year,
    formatVersion: doc.form,
    agency: {
      nameInText: a.nameInText,
      manifestName: a.manifestName,
      province: a.province,
      ...(a.city ? { city: a.city } : {}),
      ...(a.county ? { county: a.county } : {}),
      divisionCode: a.divisionCode,
      level: a.level,
      kind: a.kind,
    },
    ...(doc.dateLabel || doc.dateClosing ? { publishedAt: doc.publishedAt } : {}),
    layout: input.layout,
    sectionTitles,
    printedTitles,
    activeDisclosure: showAd ? activeJson(doc) : null,
    applications: showApps ? Object.fromEntries(doc.values.applications) : null,
    reviewLitigation: showReview ? reviewJson(doc) : null,
    expectedIssues,
    expectedLoadIssues,
    faults: fault ? [fault] : [],
    applicationColumns: [...APPLICATION_COLUMNS],
  };
  return truth;
}

function activeJson(doc: ReportDoc): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const row of doc.values.activeDisclosure) {
    const cells: Record<string, number> = {};
    row.columns.forEach((c: ColumnCode, i) => (cells[c] = row.values[i] as number));
    out[row.row] = cells;
  }
  return out;
}

function reviewJson(doc: ReportDoc): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [row, values] of doc.values.review) {
    const cells: Record<string, number> = {};
    REVIEW_COLUMNS.forEach((c, i) => (cells[c] = values[i] as number));
    out[row] = cells;
  }
  return out;
}
