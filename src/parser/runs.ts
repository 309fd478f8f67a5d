/**
 * Runs: the token stream of a table cut into (labels, values) pairs. A run is the label cells
 * seen since the previous number, then the numbers that follow. This reading does not care in
 * which column a label sits or how a row was wrapped, which is what makes one-cell-per-line,
 * `|`-separated and tab-separated tables (labels in another column than their numbers, labels
 * broken by a page break) the same problem.
 */
import { UNIT_SUFFIXES } from './cell';
import type { SourceLine, Token } from './tokens';
import { countWork } from './work';

export interface Run {
  labels: Token[];
  values: Token[];
  /**
   * Markdown's empty edge cells (tokens.ts `optional`): before the first value, or after the
   * last; blanks the reader adds only when the row is short of its columns.
   */
  leading?: Token[];
  trailing?: Token[];
}

export interface RunScan {
  runs: Run[];
  /** 0-based index of the line after the last value consumed (the table's end). */
  endLine: number;
}

/** A label that is a sentence of prose ends a table. */
export function isProse(token: Token): boolean {
  return (
    token.reading === undefined &&
    (token.norm.length > 80 || (token.norm.includes('。') && token.norm.length > 12))
  );
}

export interface ScanOptions {
  from: number;
  /** Exclusive line bound. */
  to: number;
  /** Lines that are section headings: a heading ends the table. */
  isHeading: (lineIndex: number) => boolean;
  /** Stop once this run is complete (e.g. the last row of the template). */
  isLast?: (run: Run) => boolean;
  /** Upper bound on runs, so that a pathological input cannot make the scan wander. */
  maxRuns: number;
}

export function scanRuns(lines: readonly SourceLine[], opts: ScanOptions): RunScan {
  const runs: Run[] = [];
  let cur: Run = { labels: [], values: [] };
  let endLine = opts.from;
  const close = (): boolean => {
    if (cur.values.length > 0) {
      runs.push(cur);
      const last = cur.values[cur.values.length - 1] as Token;
      endLine = last.lineIndex + 1;
      if (opts.isLast?.(cur) || runs.length >= opts.maxRuns) return true;
    }
    cur = { labels: [], values: [] };
    return false;
  };
  const to = Math.min(opts.to, lines.length);
  const deferred: Token[] = [];
  const skipped = new Set<Token>();
  for (let i = opts.from; i < to; i++) {
    if (opts.isHeading(i)) break;
    const line = lines[i] as SourceLine;
    countWork(1 + line.tokens.length);
    const wrapped = wrappedAround(lines, i, to);
    if (wrapped) for (const t of wrapped.units) skipped.add(t);
    let tokens: readonly Token[] =
      wrapped || skipped.size > 0
        ? line.tokens.filter((t) => !wrapped?.values.includes(t) && !skipped.has(t))
        : line.tokens;
    // numbers of cells wrapped around the next line: read after that line's own numbers
    if (deferred.length > 0) tokens = [...tokens, ...deferred.splice(0)];
    if (wrapped) deferred.push(...wrapped.values);
    for (const token of tokens) {
      if (token.optional) {
        if (cur.values.length === 0) (cur.leading ??= []).push(token);
        else (cur.trailing ??= []).push(token);
        continue;
      }
      if (token.reading !== undefined) {
        // edge cells followed by a number of the same run were inside the row: blanks
        if (cur.trailing) {
          cur.values.push(...cur.trailing);
          delete cur.trailing;
        }
        cur.values.push(token);
        continue;
      }
      if (isProse(token) && (runs.length > 0 || cur.values.length > 0)) {
        close();
        return { runs, endLine };
      }
      if (cur.values.length > 0 && close()) return { runs, endLine };
      cur.labels.push(token);
    }
  }
  close();
  return { runs, endLine };
}

/** A token of units only (件, or 件 件 for two cells a space apart). */
function isUnits(t: Token): boolean {
  return t.reading === undefined && t.raw.split(/ +/).every((u) => UNIT_SUFFIXES.includes(u));
}

/**
 * Numbers of line i that belong to the row printed on the next line: column-laid text
 * (pdftotext -layout) prints a cell too narrow for "0件" as "0" on the line above the row and
 * "件" on the line below, in the same column. Line i holds labels (a group's, e.g. （三）不) then
 * numbers only; line i + 1 a label and numbers; line i + 2 only units, one under each of line
 * i's numbers (their columns within one of each other). Without the units below, nothing says
 * the numbers are not the previous row's wrapped ones: they are left where they are.
 */
function wrappedAround(
  lines: readonly SourceLine[],
  i: number,
  to: number,
): { values: Token[]; units: Token[] } | undefined {
  if (i + 2 >= to) return undefined;
  const here = (lines[i] as SourceLine).tokens;
  const row = (lines[i + 1] as SourceLine).tokens;
  const below = (lines[i + 2] as SourceLine).tokens;
  const first = here.findIndex((t) => t.reading !== undefined);
  if (first < 0 || here.slice(first).some((t) => t.reading === undefined || t.optional)) return undefined;
  const values = here.slice(first);
  if (!row.some((t) => t.reading === undefined) || !row.some((t) => t.reading !== undefined))
    return undefined;
  if (below.length === 0 || !below.every(isUnits)) return undefined;
  // units a single space apart are one token: each keeps its own column
  const columns = below.flatMap((t) => [...t.raw.matchAll(/\S+/g)].map((m) => t.column + (m.index ?? 0)));
  if (columns.length !== values.length) return undefined;
  const under = values.every((v, k) => Math.abs((columns[k] as number) - v.column) <= 1);
  return under ? { values, units: below } : undefined;
}
