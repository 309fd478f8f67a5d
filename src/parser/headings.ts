/**
 * Section headings. Real headings vary in wording, lose characters (`、存在的主要问题…` lost its 五)
 * or are missing entirely; table rows such as `一、本年新收…` or `四、结转下年度继续办理` look like
 * headings and are not. A line is a heading when it is short, is not a parenthesised subsection,
 * resembles the standard title (LCS similarity) or carries its keyword under the right numeral, and
 * comes after the previous heading in template order.
 */
import { SECTION_NUMBERS, SECTION_TITLES, type SectionNumber } from '../domain/codes';
import type { SourceLine, Token } from './tokens';
import { compact, isSpaceCode, similarity, trimSpaces } from './text';
import { countWork } from './work';

export interface Heading {
  number: SectionNumber;
  lineIndex: number;
  /** The heading line as printed (trimmed). */
  printed: string;
  /** Text after the heading on the same line (`一、总体情况 2023年，…`), else empty. */
  rest: string;
}

/** Longest heading text considered (after the numeral); longer lines are prose. */
const MAX_HEADING_CHARS = 32;

const NUMERALS: Readonly<Record<string, SectionNumber>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** NUMERALS[ch] by the character's code (`ch in NUMERALS` looks a new string up by its hash). */
function numeralOf(ch: string | undefined): SectionNumber | undefined {
  if (ch === undefined || ch.length !== 1) return undefined;
  switch (ch.charCodeAt(0)) {
    case 0x4e00:
      return 1;
    case 0x4e8c:
      return 2;
    case 0x4e09:
      return 3;
    case 0x56db:
      return 4;
    case 0x4e94:
      return 5;
    case 0x516d:
      return 6;
    default:
      return undefined;
  }
}

/** Words that identify a section when its heading is reworded; they need the matching numeral. */
const KEYWORDS: Readonly<Record<SectionNumber, readonly string[]>> = {
  1: ['总体情况', '总体', '概述', '概况'],
  2: ['主动公开'],
  3: ['收到和处理', '依申请', '申请情况'],
  4: ['复议', '诉讼'],
  5: ['问题', '改进'],
  6: ['其他需要报告', '其他事项', '需要报告'],
};

const COMPACT_TITLES: Readonly<Record<SectionNumber, string>> = {
  1: SECTION_TITLES[1],
  2: SECTION_TITLES[2],
  3: SECTION_TITLES[3],
  4: SECTION_TITLES[4],
  5: SECTION_TITLES[5],
  6: SECTION_TITLES[6],
};

/** Each title's characters (as UTF-16 code units: the titles are all in the BMP), for the bound in headingNumberOfCompact. */
const codesOf = (s: string): ReadonlySet<number> => new Set([...s].map((c) => c.charCodeAt(0)));
const TITLE_CHARS: Readonly<Record<SectionNumber, ReadonlySet<number>>> = {
  1: codesOf(COMPACT_TITLES[1]),
  2: codesOf(COMPACT_TITLES[2]),
  3: codesOf(COMPACT_TITLES[3]),
  4: codesOf(COMPACT_TITLES[4]),
  5: codesOf(COMPACT_TITLES[5]),
  6: codesOf(COMPACT_TITLES[6]),
};

/** How many characters of s occur in `chars` (an upper bound on the LCS of s with their string). */
function sharedChars(s: string, chars: ReadonlySet<number>): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (chars.has(s.charCodeAt(i))) n++;
  return n;
}

interface HeadingShape {
  numeral: SectionNumber | null;
  /** Numbered （一） as a top-level heading (some reports): trusted only on a close title. */
  parenthesised?: boolean;
  /** Another numeral (七, 八…) or an arabic/parenthesised prefix: not a section heading. */
  foreign: boolean;
  rest: string;
}

function shape(norm: string): HeadingShape {
  let s = norm;
  let numeral: SectionNumber | null = null;
  if (s.startsWith('第')) s = s.slice(1);
  const first = s[0] ?? '';
  // a table's caption (表一：主动公开政府信息情况) is not its section's heading
  if (first === '表' && /^表[一二三四五六七八九十\d]/.test(s))
    return { numeral: null, foreign: true, rest: s };
  const paren = first === '(' ? /^\(([一二三四五六])\)/.exec(s) : null;
  if (paren) {
    return {
      numeral: NUMERALS[paren[1] as string] ?? null,
      foreign: false,
      rest: s.slice(3),
      parenthesised: true,
    };
  }
  if (first === '(' || first === '[' || first === '【' || (first >= '0' && first <= '9')) {
    return { numeral: null, foreign: true, rest: s };
  }
  const firstNumeral = numeralOf(first);
  if (firstNumeral !== undefined) {
    const next = s[1] ?? '';
    // 一是… / 二要… are enumerations in prose, not headings
    if (next === '是' || next === '要' || next === '看' || next === '来') {
      return { numeral: null, foreign: true, rest: s };
    }
    numeral = firstNumeral;
    s = s.slice(1);
    if (s.startsWith('部分')) s = s.slice(2);
  } else if ('七八九十'.includes(first) && first !== '') {
    return { numeral: null, foreign: true, rest: s };
  }
  while (s.length > 0 && '、.,:;．·'.includes(s[0] as string)) s = s.slice(1);
  while (s.length > 0 && ':;。'.includes(s[s.length - 1] as string)) s = s.slice(0, -1);
  return { numeral, foreign: false, rest: s };
}

/** The section a line is a heading of, or null. `after` is the last section already found. */
export function headingNumber(line: string, after: number): SectionNumber | null {
  return headingNumberOfCompact(compact(line), after);
}

/** headingNumber for text already compacted (a token's norm). */
export function headingNumberOfCompact(norm: string, after: number): SectionNumber | null {
  if (norm.length === 0 || norm.length > MAX_HEADING_CHARS + 4) return null;
  const { numeral, foreign, rest, parenthesised } = shape(norm);
  if (foreign || rest.length === 0 || rest.length > MAX_HEADING_CHARS) return null;
  if (rest.includes('。')) return null;
  let best: SectionNumber | null = null;
  let bestScore = 0;
  for (const n of SECTION_NUMBERS) {
    if (n <= after) continue;
    if (numeral !== null && numeral !== n) continue;
    // the least similarity that could make this title the heading, and a cheap upper bound on it
    // (the LCS is no longer than the characters of rest found in the title): most lines stop here
    const keyword = numeral !== null && KEYWORDS[n].some((k) => rest.includes(k));
    const least = numeral === null ? 0.7 : keyword ? (parenthesised ? 0.5 : 0.15) : parenthesised ? 0.7 : 0.5;
    const title = COMPACT_TITLES[n];
    const bound =
      Math.min(sharedChars(rest, TITLE_CHARS[n]), title.length) / Math.max(rest.length, title.length);
    if (bound < least || bound <= bestScore) continue;
    const sim = similarity(rest, title);
    // (一)主动公开方面 is a subsection of section one; (二)主动公开政府信息情况 a heading
    let ok = numeral !== null && !parenthesised ? sim >= 0.5 : sim >= 0.7;
    // a keyword under the right numeral: 一、 needs little else; （一） (also a subsection's
    // numbering: （一）主动公开方面) needs the title half there too
    if (!ok && numeral !== null && KEYWORDS[n].some((k) => rest.includes(k)))
      ok = sim >= (parenthesised ? 0.5 : 0.15);
    if (ok && sim > bestScore) {
      best = n;
      bestScore = sim;
    }
  }
  return best;
}

/**
 * Finds the headings in template order. `skip` marks lines known to be table rows (label cells
 * with numbers), which are never headings.
 */
export function findHeadings(lines: readonly SourceLine[], skip?: (lineIndex: number) => boolean): Heading[] {
  const found: Heading[] = [];
  let after = 0;
  countWork(lines.length);
  for (const line of lines) {
    if (after >= 6) break;
    if (line.tokens.length === 0) continue;
    if (skip?.(line.index)) continue;
    // a heading is one cell; a row of a `|`-separated table is not, except a numbering and a
    // title split into two cells (a PDF's borderless table zone, tab text: `第四部分⇥因政府…`)
    const numbered = numberedTwoCells(line);
    if (numbered) {
      const n = headingNumberOfCompact(numbered, after);
      if (n !== null) {
        const [a, b] = line.tokens as [Token, Token];
        found.push({ number: n, lineIndex: line.index, printed: `${a.raw} ${b.raw}`, rest: '' });
        after = n;
        continue;
      }
    }
    const token = line.tokens[0];
    if (line.tokens.length !== 1 || !token || token.reading !== undefined) continue;
    const n = headingNumberOfCompact(token.norm, after);
    if (n !== null) {
      found.push({ number: n, lineIndex: line.index, printed: trimSpaces(line.text), rest: '' });
      after = n;
      continue;
    }
    const inline = inlineHeading(line.text, token.norm, after);
    if (inline) {
      found.push({ ...inline, lineIndex: line.index });
      after = inline.number;
    }
  }
  return found;
}

/** A section's numbering alone in a cell: 第四部分, 四、, (四). */
const NUMBERING_CELL = /^(?:第[一二三四五六]部分|[一二三四五六][、.．]|\([一二三四五六]\))$/;

/** The compact text of a line of two label cells, a numbering then a title; else null. */
function numberedTwoCells(line: SourceLine): string | null {
  if (line.tokens.length !== 2) return null;
  const [a, b] = line.tokens as [Token, Token];
  if (a.reading !== undefined || b.reading !== undefined || !NUMBERING_CELL.test(a.norm)) return null;
  return a.norm + b.norm;
}

/**
 * A heading run together with its first paragraph (PDF text joins lines): the numeral of the
 * section followed by its exact standard title, then more text.
 */
function inlineHeading(raw: string, norm: string, after: number): Omit<Heading, 'lineIndex'> | null {
  // only a numbered line can be one (shape gives a numeral to 一…六 and (一)…(六), after a 第)
  const first = norm[0] === '第' ? norm[1] : norm[0];
  if (first !== '(' && numeralOf(first) === undefined) return null;
  const { numeral, foreign, rest } = shape(norm.slice(0, MAX_HEADING_CHARS + 4));
  if (foreign || numeral === null || numeral <= after) return null;
  const title = COMPACT_TITLES[numeral];
  if (!rest.startsWith(title)) return null;
  let end = norm.indexOf(title) + title.length;
  while (end < norm.length && ':;。.'.includes(norm[end] as string)) end++;
  if (end >= norm.length) return null;
  // map the compact offset back to the raw line: compact drops whitespace only
  let k = 0;
  let i = 0;
  for (; i < raw.length && k < end; i++) if (!isSpaceCode(raw.charCodeAt(i))) k++;
  return { number: numeral, printed: trimSpaces(raw.slice(0, i)), rest: trimSpaces(raw.slice(i)) };
}
