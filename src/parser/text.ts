/**
 * Character-level normalization shared by the parser's stages.
 * Everything here is a single linear pass over its input: no regexes that can backtrack.
 */
import { SourceText } from './source';

const NBSP = 0x00a0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** Whitespace a scraper leaves in text: ASCII blanks plus no-break and ideographic spaces. */
export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0x0d ||
    code === NBSP ||
    code === IDEOGRAPHIC_SPACE ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x205f
  );
}

/** Spaces that a cell uses to say "deliberately empty" (a web page's &nbsp;). */
export function isExplicitBlankCode(code: number): boolean {
  return code === NBSP || code === IDEOGRAPHIC_SPACE || code === 0x202f;
}

const NEEDS_HALF_WIDTH = /[\uff01-\uff5e\u3000\u00a0\ufe5d\ufe5e\u3014\u3015]/;
const HALF_WIDTH_CHARS = /[\uff01-\uff5e\u3000\u00a0\ufe5d\ufe5e\u3014\u3015]/g;

function halfWidthChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === IDEOGRAPHIC_SPACE || c === NBSP) return ' ';
  // ﹝ 〔 ﹞ 〕 as printed in document numbers
  return c === 0xfe5d || c === 0x3014 ? '(' : ')';
}

/** Full-width ASCII variants (０-９, （）, ，：…) to ASCII; ideographic and no-break spaces to a space. */
export function toHalfWidth(s: string): string {
  return NEEDS_HALF_WIDTH.test(s) ? s.replace(HALF_WIDTH_CHARS, halfWidthChar) : s;
}

/** Every kind of whitespace (the same set as isSpaceCode); a single character class, so linear. */
const WHITESPACE = /[\t\n\v\f\r \u00a0\u3000\ufeff\u2000-\u200b\u202f\u205f]+/g;

/** Half-width text with every kind of whitespace removed: what label matching compares. */
export function compact(s: string): string {
  return toHalfWidth(s).replace(WHITESPACE, '');
}

/** Trims whitespace (including NBSP) from both ends without a backtracking regex. */
export function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceCode(s.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Index of the first non-space character, or s.length. */
export function leadingSpaceCount(s: string): number {
  let a = 0;
  while (a < s.length && isSpaceCode(s.charCodeAt(a))) a++;
  return a;
}

/** Splits text into lines by the one rule of SourceText (CRLF, CR, LF, form feed, U+2028/2029). */
export function splitLines(text: string): string[] {
  return new SourceText(text).lines();
}

let lcsPrev = new Uint16Array(64);
let lcsCur = new Uint16Array(64);

/** Length of the longest common subsequence of two short strings (callers cap the lengths). */
export function lcsLength(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (lcsPrev.length <= b.length) {
    lcsPrev = new Uint16Array(b.length + 1);
    lcsCur = new Uint16Array(b.length + 1);
  }
  let prev = lcsPrev;
  let cur = lcsCur;
  prev.fill(0, 0, b.length + 1);
  cur[0] = 0;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      cur[j] =
        ca === b.charCodeAt(j - 1)
          ? (prev[j - 1] as number) + 1
          : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length] as number;
}

/** LCS similarity in [0, 1], relative to the longer string. */
export function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 0 : lcsLength(a, b) / n;
}

/** True for a CJK unified ideograph. */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}
