/**
 * A parser's reading of a generated report against its truth, cell by cell: how many printed
 * cells it read right, how many it left out with an issue naming them (flagged), and how many it
 * read wrong or dropped with no issue on them — the figures of issue #13 (cells right, flagged,
 * wrong-and-unflagged per class); and every way the reading differs from the truth (values,
 * partial tables, extra rows, issues, the candidates of AMBIGUOUS_CELLS), for tests to list.
 * Used by test/unit/parser-reader-corpus.test.ts and bench/reader-accuracy.ts.
 */
import { MAX_ISSUE_CANDIDATES } from '../parser/tables';
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  type FormVersion,
  IssueCode,
  REVIEW_COLUMNS,
  REVIEW_ROWS,
  type RowCode,
  TableCode,
} from '../domain/codes';
import type { GoldenJson } from '../parser';
import type { ExpectedIssue } from './identities';
import type { TruthJson } from './truth';

export interface CellCounts {
  /** Printed cells read as printed. */
  right: number;
  /** Printed cells left out, with an issue on their row or table. */
  flagged: number;
  /** Cells read other than printed, with an issue on their row, column or table (an identity break). */
  wrongFlagged: number;
  /** Cells read other than printed with no issue on them, or read where nothing was printed. */
  wrongUnflagged: number;
  /** Printed cells left out with no issue on them. */
  missedUnflagged: number;
}

export const emptyCounts = (): CellCounts => ({
  right: 0,
  flagged: 0,
  wrongFlagged: 0,
  wrongUnflagged: 0,
  missedUnflagged: 0,
});

export interface ReportScore {
  counts: CellCounts;
  /** How the reading differs from the truth, one line each (empty: it matches). */
  mismatches: string[];
}

type Values = ReadonlyArray<number | null>;

/** A table's rows and their columns, in the form's order. */
function shape(table: TableCode, form: FormVersion): Array<{ row: RowCode; columns: readonly string[] }> {
  if (table === TableCode.ACTIVE_DISCLOSURE) {
    return ACTIVE_DISCLOSURE_LAYOUT[form].map((s) => ({ row: s.row, columns: s.columns }));
  }
  if (table === TableCode.APPLICATIONS) {
    return APPLICATION_ROWS[form].map((row) => ({ row, columns: APPLICATION_COLUMNS }));
  }
  return REVIEW_ROWS.map((row) => ({ row, columns: REVIEW_COLUMNS }));
}

const TABLES = [TableCode.ACTIVE_DISCLOSURE, TableCode.APPLICATIONS, TableCode.REVIEW_LITIGATION] as const;

/** A table's row as values in column order (applications rows are arrays already). */
function rowValues(
  table: Record<string, Record<string, number | null> | Array<number | null>> | null,
  row: string,
  columns: readonly string[],
): Values | undefined {
  const r = table?.[row];
  if (r === undefined) return undefined;
  if (Array.isArray(r)) return r;
  return columns.map((c) => (r as Record<string, number | null>)[c] ?? null);
}

const same = (a: number | null | undefined, b: number | null | undefined) =>
  a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) < 1e-9;

const key = (i: { code: string; where: string }) => `${i.code}@${i.where}`;

/** Issues that name a cell: its row, its table, or (applications) its column; not notes. */
function covers(issues: GoldenJson['issues'], table: TableCode, row: string, column: string): boolean {
  return issues.some(
    (i) =>
      i.code !== IssueCode.EXTRA_ROW &&
      i.code !== IssueCode.MISSING_SECTION &&
      (i.where === row || i.where === table || (table === TableCode.APPLICATIONS && i.where === column)),
  );
}

export function scoreReport(truth: TruthJson, got: GoldenJson): ReportScore {
  const counts = emptyCounts();
  const mismatches: string[] = [];
  const diff = (what: string, a: unknown, b: unknown) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    if (x !== y) mismatches.push(`${what}: got ${x}, want ${y}`);
  };
  const form = truth.formatVersion as FormVersion;
  diff('year', got.year, truth.year);
  diff('formatVersion', got.formatVersion, truth.formatVersion);
  diff('agency', got.agency.nameInText, truth.agency.nameInText);
  diff('publishedAt', got.publishedAt, truth.publishedAt);
  diff('sectionTitles', got.sectionTitles, truth.sectionTitles);
  diff('printedTitles', got.printedTitles, truth.printedTitles);

  for (const t of TABLES) {
    const want = truth[t] as Record<string, Record<string, number> | number[]> | null;
    const have = got[t] as Record<string, Record<string, number | null> | Array<number | null>> | null;
    if ((want === null) !== (have === null))
      diff(`${t}`, have === null ? null : 'a table', want === null ? null : 'a table');
    for (const { row, columns } of shape(t, form)) {
      const w = rowValues(want, row, columns);
      const h = rowValues(have, row, columns);
      if (w !== undefined || h !== undefined) diff(`${t}.${row}`, h ?? null, w ?? null);
      // what is printed: the truth's reading, or the printed values it keeps apart
      const printed = truth.printed?.[t]?.[row] ?? w;
      columns.forEach((column, c) => {
        const real = printed?.[c];
        const value = h?.[c];
        const noted = covers(got.issues, t, row, column);
        if (real === null || real === undefined) {
          if (value !== null && value !== undefined && !noted) counts.wrongUnflagged++;
          return;
        }
        if (h === undefined) {
          if (noted) counts.flagged++;
          else counts.missedUnflagged++;
        } else if (same(value, real)) counts.right++;
        else if (noted) counts.wrongFlagged++;
        else counts.wrongUnflagged++;
      });
    }
  }

  diff('partialTables', [...got.partialTables].sort(), truth.partialTables);
  diff('extraRows', got.extraRows, truth.extraRows);
  diff('issues', got.issues.map(key).sort(), truth.expectedIssues.map(key).sort());
  const ambiguous = (issues: ReadonlyArray<ExpectedIssue | GoldenJson['issues'][number]>) =>
    new Map(issues.filter((i) => i.code === IssueCode.AMBIGUOUS_CELLS).map((i) => [i.where, i]));
  const wantAmbiguous = ambiguous(truth.expectedIssues);
  for (const [where, h] of ambiguous(got.issues)) {
    const w = wantAmbiguous.get(where) as ExpectedIssue | undefined;
    if (!w || w.candidatesCut) continue;
    const set = (c: number[][] | undefined) => (c ?? []).map((x) => JSON.stringify(x)).sort();
    const listed = set(h.candidates);
    if (listed.length === MAX_ISSUE_CANDIDATES && (w.candidates?.length ?? 0) > MAX_ISSUE_CANDIDATES) {
      // the issue lists the first MAX_ISSUE_CANDIDATES readings: each must be one of the truth's
      const truthSet = new Set(set(w.candidates));
      diff(
        `candidates@${where}`,
        listed.filter((c) => !truthSet.has(c)),
        [],
      );
    } else diff(`candidates@${where}`, listed, set(w.candidates));
  }
  diff('applicationColumns', got.applicationColumns, truth.applicationColumns);
  return { counts, mismatches };
}

/** Counts and mismatches gathered per class (a layout, or layout × form × fault). */
export class Tally {
  readonly classes = new Map<
    string,
    { reports: number; counts: CellCounts; mismatched: number; lines: string[] }
  >();

  add(cls: string, file: string, score: ReportScore): void {
    let c = this.classes.get(cls);
    if (!c) {
      c = { reports: 0, counts: emptyCounts(), mismatched: 0, lines: [] };
      this.classes.set(cls, c);
    }
    c.reports++;
    for (const k of Object.keys(c.counts) as Array<keyof CellCounts>) c.counts[k] += score.counts[k];
    if (score.mismatches.length > 0) {
      c.mismatched++;
      for (const m of score.mismatches) c.lines.push(`${file}: ${m}`);
    }
  }

  total(): CellCounts {
    const out = emptyCounts();
    for (const c of this.classes.values()) {
      for (const k of Object.keys(out) as Array<keyof CellCounts>) out[k] += c.counts[k];
    }
    return out;
  }

  /** One line per class: reports, cells right / flagged / wrong-and-unflagged (with percentages). */
  table(): string {
    const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(2)}%`);
    const head = [
      'class',
      'reports',
      'cells',
      'right',
      'flagged',
      'wrong+issue',
      'wrong-unflagged',
      'missed-unflagged',
      'mismatched reports',
    ];
    const rows: string[][] = [head];
    const line = (name: string, reports: number, k: CellCounts, mismatched: number) => {
      const cells = k.right + k.flagged + k.wrongFlagged + k.wrongUnflagged + k.missedUnflagged;
      rows.push([
        name,
        String(reports),
        String(cells),
        `${k.right} (${pct(k.right, cells)})`,
        `${k.flagged} (${pct(k.flagged, cells)})`,
        String(k.wrongFlagged),
        String(k.wrongUnflagged),
        String(k.missedUnflagged),
        String(mismatched),
      ]);
    };
    let reports = 0;
    let mismatched = 0;
    for (const [name, c] of [...this.classes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      line(name, c.reports, c.counts, c.mismatched);
      reports += c.reports;
      mismatched += c.mismatched;
    }
    line('all', reports, this.total(), mismatched);
    const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    return rows
      .map((r) =>
        r
          .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
          .join('  '),
      )
      .join('\n');
  }
}
