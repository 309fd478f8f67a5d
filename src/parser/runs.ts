/**
 * Runs: the token stream of a table cut into (labels, values) pairs. A run is the label cells
 * seen since the previous number, then the numbers that follow. This reading does not care in
 * which column a label sits or how a row was wrapped, which is what makes one-cell-per-line,
 * `|`-separated and tab-separated tables (labels in another column than their numbers, labels
 * broken by a page break) the same problem.
 */
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
  for (let i = opts.from; i < to; i++) {
    if (opts.isHeading(i)) break;
    const line = lines[i] as SourceLine;
    countWork(1 + line.tokens.length);
    for (const token of line.tokens) {
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
