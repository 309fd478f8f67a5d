/**
 * The ground truth of one generated report, in the shape of the hand-checked golden files
 * (test/fixtures/corpus/golden) and of `toGoldenJson`: what a correct parse gives by the reader
 * contract (./reading), with the issues it must report (`expectedIssues`) and those the loader
 * reports across years (`expectedLoadIssues`).
 */
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  type ColumnCode,
  REVIEW_COLUMNS,
  RowCode,
  SECTION_TITLES,
  TableCode,
} from '../domain/codes';
import type { Layout } from './agencies';
import type { Fault } from './faults';
import { carryOverIssues, type ExpectedIssue } from './identities';
import { type ExtraRowTruth, readReport } from './reading';
import { type ReportDoc, truncated } from './render/doc';
import { type VariantName, variantNames } from './variants';

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
  /** Tables read with at least one row flagged (sorted). */
  partialTables: TableCode[];
  /** Rows printed in a table that are not rows of the template: label as printed, values in printed order. */
  extraRows: Partial<Record<TableCode, ExtraRowTruth[]>>;
  /** Issues the parser must report, exactly (AMBIGUOUS_CELLS with the candidates kept). */
  expectedIssues: ExpectedIssue[];
  /** CARRY_OVER_MISMATCH (identity 5) the loader reports on this report against last year's. */
  expectedLoadIssues: ExpectedIssue[];
  /**
   * Printed values (column order; null where a cell is not printed) of the rows a correct reading
   * leaves out (flagged) or would read otherwise; only when there are any.
   */
  printed?: Partial<Record<TableCode, Record<string, Array<number | null>>>>;
  /** What was injected, if anything. */
  faults: Fault[];
  /** Local variants of the template the report carries (src/synth/variants.ts); only when there are any. */
  variants?: VariantName[];
  applicationColumns: string[];
}

export interface TruthInput {
  file: string;
  doc: ReportDoc;
  layout: Layout;
  fault: Fault | null;
  /** Last year's 结转下年度 (7 values) as read, when that report's row could be read. */
  previousCarriedForward: readonly number[] | null;
}

export function buildTruth(input: TruthInput): TruthJson {
  const { doc, fault } = input;
  const a = doc.agency;
  const reading = readReport(doc, input.layout);
  const ad = reading.tables[TableCode.ACTIVE_DISCLOSURE];
  const apps = reading.tables[TableCode.APPLICATIONS];
  const rev = reading.tables[TableCode.REVIEW_LITIGATION];

  const expectedLoadIssues: ExpectedIssue[] = [];
  const carriedOver = apps.rows?.get(RowCode.CARRIED_OVER);
  if (input.previousCarriedForward && carriedOver) {
    expectedLoadIssues.push(...carryOverIssues(carriedOver, input.previousCarriedForward));
  }

  const sectionTitles: Record<string, string> = {};
  const printedTitles: Record<string, string> = {};
  for (const n of reading.sections) {
    sectionTitles[String(n)] = SECTION_TITLES[n];
    if (doc.headings) printedTitles[String(n)] = doc.headings[n].trim();
  }
  const partialTables = TABLES.filter((t) => reading.tables[t].partial).sort();
  const extraRows: Partial<Record<TableCode, ExtraRowTruth[]>> = {};
  const printed: Partial<Record<TableCode, Record<string, Array<number | null>>>> = {};
  for (const t of TABLES) {
    const r = reading.tables[t];
    if (r.extraRows.length > 0) extraRows[t] = r.extraRows;
    if (r.printed.size > 0) printed[t] = Object.fromEntries(r.printed);
  }
  const variants = variantNames(doc.variants);
  // the closing date is gone with the rest of a page cut off
  const dated = doc.dateLabel || (doc.dateClosing && !truncated(doc));

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
    ...(dated ? { publishedAt: doc.publishedAt } : {}),
    layout: input.layout,
    sectionTitles,
    printedTitles,
    activeDisclosure: ad.rows ? byColumn(ad.rows, (row) => activeColumns(doc, row)) : null,
    applications: apps.rows
      ? Object.fromEntries(
          APPLICATION_ROWS[doc.form]
            .filter((r) => apps.rows?.has(r))
            .map((r) => [r, apps.rows?.get(r) as number[]]),
        )
      : null,
    reviewLitigation: rev.rows ? byColumn(rev.rows, () => REVIEW_COLUMNS) : null,
    partialTables,
    extraRows,
    expectedIssues: reading.issues,
    expectedLoadIssues,
    ...(Object.keys(printed).length > 0 ? { printed } : {}),
    faults: fault ? [fault] : [],
    ...(variants.length > 0 ? { variants } : {}),
    applicationColumns: [...APPLICATION_COLUMNS],
  };
  return truth;
}

const TABLES = [TableCode.ACTIVE_DISCLOSURE, TableCode.APPLICATIONS, TableCode.REVIEW_LITIGATION] as const;

function activeColumns(doc: ReportDoc, row: RowCode): readonly ColumnCode[] {
  // the columns printed (政府集中采购 may print its amount alone), else the form's
  return (
    doc.values.activeDisclosure.find((r) => r.row === row)?.columns ??
    ACTIVE_DISCLOSURE_LAYOUT[doc.form].find((s) => s.row === row)?.columns ??
    []
  );
}

/** Rows in the template's order, cells by column code. */
function byColumn(
  rows: ReadonlyMap<RowCode, readonly number[]>,
  columns: (row: RowCode) => readonly ColumnCode[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [row, values] of [...rows].sort((x, y) => ORDER.indexOf(x[0]) - ORDER.indexOf(y[0]))) {
    const cells: Record<string, number> = {};
    columns(row).forEach((c, i) => (cells[c] = values[i] as number));
    out[row] = cells;
  }
  return out;
}

const ORDER: readonly RowCode[] = Object.values(RowCode);
