/**
 * Where each table starts: data, not code. A table is located at the first label cell that one of
 * its anchors names, between where its search starts and its limit; when none does and its
 * section's heading was printed, at the first cell after that heading (a table with reworded
 * captions). The anchors are the template's captions and headers, as real reports print them.
 */
import { TableCode } from '../domain/codes';
import type { SourceLine, Token } from './tokens';

/** A label that marks a table's start: it contains one of `words` and is at most `maxChars` long. */
export interface Anchor {
  words: readonly string[];
  maxChars: number;
  /** The label must also start with this (a caption run together with what follows it). */
  startsWith?: string;
  /** …and contain each of these. */
  alsoContains?: readonly string[];
  /** A sentence of prose is never an anchor. */
  notProse?: boolean;
}

export const TABLE_ANCHORS: Readonly<Record<TableCode, readonly Anchor[]>> = {
  [TableCode.ACTIVE_DISCLOSURE]: [
    { words: ['第二十条', '信息内容'], maxChars: 30 },
    // a caption run together with its headers and first label (one-line text, some PDFs)
    { words: ['第二十条'], maxChars: 120, startsWith: '第二十条', notProse: true },
  ],
  [TableCode.APPLICATIONS]: [
    { words: ['申请人情况', '勾稽关系', '本年新收'], maxChars: 40 },
    { words: ['申请人情况'], maxChars: 200, alsoContains: ['自然人'] },
  ],
  [TableCode.REVIEW_LITIGATION]: [
    { words: ['行政复议'], maxChars: 12 },
    { words: ['行政复议'], maxChars: 200, startsWith: '行政复议', alsoContains: ['结果维持'] },
  ],
};

function matches(anchor: Anchor, norm: string): boolean {
  if (norm.length > anchor.maxChars) return false;
  if (!anchor.words.some((w) => (w === '信息内容' ? norm === w : norm.includes(w)))) return false;
  if (anchor.startsWith !== undefined && !norm.startsWith(anchor.startsWith)) return false;
  if (anchor.alsoContains && !anchor.alsoContains.every((w) => norm.includes(w))) return false;
  return !(anchor.notProse === true && norm.includes('。'));
}

export interface LocateOptions {
  anchors: readonly Anchor[];
  /** First line searched (0-based) and the exclusive limit. */
  from: number;
  limit: number;
  /** The line of the table's section heading, when printed. */
  headingLine?: number;
  isHeading: (lineIndex: number) => boolean;
}

/** The first label cell from which the table is read, or undefined when it cannot be found. */
export function locateTable(lines: readonly SourceLine[], opts: LocateOptions): Token | undefined {
  const first = (from: number, test: (t: Token) => boolean) => {
    for (let i = Math.max(0, from); i < Math.min(opts.limit, lines.length); i++) {
      if (opts.isHeading(i)) continue;
      for (const t of (lines[i] as SourceLine).tokens) if (t.reading === undefined && test(t)) return t;
    }
    return undefined;
  };
  return (
    first(opts.from, (t) => opts.anchors.some((a) => matches(a, t.norm))) ??
    (opts.headingLine !== undefined ? first(opts.headingLine + 1, () => true) : undefined)
  );
}
