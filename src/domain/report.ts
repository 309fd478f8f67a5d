/**
 * A normalized report: what the parser produces and what the store saves.
 * Values use the codes of ./codes; numbers are decimal values in the unit the form prints
 * (counts, or 万元 for money).
 */
import type {
  AgencyKind,
  AgencyLevel,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  RowCode,
  SectionNumber,
  TableCode,
} from './codes';

/** Where in the source text something was read (1-based). */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A rectangle on a page of a PDF, in points from the page's top left (1-based page). */
export interface PageBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the report was read from. */
export type SourceKind = 'text' | 'html' | 'pdf' | 'docx';

export interface NormalizedCell {
  column: ColumnCode;
  /** The number as printed, normalized (blank/无/-/— read as 0); null when it could not be read. */
  value: number | null;
  /** The text of the cell as printed. */
  raw: string;
  /** True when the cell was empty (or a no-break space): read as zero. */
  blank: boolean;
  /** True when the cell was marked not applicable (`/`). */
  notApplicable: boolean;
  position?: SourcePosition;
  /** PDF: the page and box the cell was printed in. */
  box?: PageBox;
}

export interface NormalizedRow {
  code: RowCode;
  /** The row label as printed. */
  label: string;
  cells: NormalizedCell[];
  position?: SourcePosition;
  box?: PageBox;
}

/** A row printed in a table that is not a row of the template (e.g. 其他主动公开文件 added by a province). */
export interface ExtraRow {
  label: string;
  /** Cells in printed order; `column` is set when the count matches the table's columns. */
  cells: Array<Omit<NormalizedCell, 'column'> & { column?: ColumnCode }>;
  position?: SourcePosition;
  box?: PageBox;
}

export interface NormalizedTable {
  table: TableCode;
  /** The template's rows that were read; a flagged row is absent (its issue says why). */
  rows: NormalizedRow[];
  /** True when some row of the table was flagged (CELL_COUNT_MISMATCH, AMBIGUOUS_CELLS, TABLE_LAYOUT_UNKNOWN). */
  partial?: boolean;
  extraRows?: ExtraRow[];
}

export interface NormalizedSection {
  number: SectionNumber;
  /** The heading as printed, or null when the section had none (recognised by content). */
  printedTitle: string | null;
  /** The template's standard title. */
  standardTitle: string;
  text: string;
}

export interface NormalizedIssue {
  code: IssueCode;
  severity: IssueSeverity;
  /** A row code, a column code, a table code or a section, saying where the problem is. */
  where: string;
  message: string;
  position?: SourcePosition;
  /** AMBIGUOUS_CELLS: every reading of the row's cells that satisfies the identities (values in column order). */
  candidates?: number[][];
}

export interface AgencyInfo {
  /** The agency's full name (a scraper's manifest name when known, else the name in the text). */
  name: string;
  /** The name as printed in the report, when it differs. */
  nameInText?: string;
  province?: string;
  city?: string;
  county?: string;
  /** 6-digit GB/T 2260 administrative division code, when known. */
  divisionCode?: string;
  level?: AgencyLevel;
  kind?: AgencyKind;
}

export interface NormalizedReport {
  year: number;
  formVersion: FormVersion;
  agency: AgencyInfo;
  title?: string;
  /** ISO date (YYYY-MM-DD). */
  publishedAt?: string;
  sourceUrl?: string;
  sourceFile?: string;
  /** The source text the report was read from; its sha256 identifies the version. */
  sourceText: string;
  /** What the source was: text, an HTML page, a PDF or a Word file (sourceText is what it reads as). */
  sourceKind?: SourceKind;
  /** The original file when it is not text (PDF, DOCX), kept so that a newer parser can read it again. */
  sourceBytes?: Uint8Array;
  parserVersion: string;
  sections: NormalizedSection[];
  /** Tables present and readable; a flagged (unrecoverable) table is absent and has an issue. */
  tables: NormalizedTable[];
  issues: NormalizedIssue[];
}
