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

/** A character toHalfWidth or compact may change: whitespace, full-width forms, ﹝﹞〔〕. */
function mayChange(c: number): boolean {
  return (
    c <= 0x20 ||
    c === NBSP ||
    (c >= 0x2000 &&
      (c <= 0x200b ||
        c === 0x202f ||
        c === 0x205f ||
        c === IDEOGRAPHIC_SPACE ||
        c === 0x3014 ||
        c === 0x3015 ||
        c === 0xfe5d ||
        c === 0xfe5e ||
        c === 0xfeff ||
        (c >= 0xff01 && c <= 0xff5e)))
  );
}

/** The half-width form of a character other than a space, or -1 when it has none. */
function halfWidthCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  // ﹝ 〔 ﹞ 〕 as printed in document numbers
  if (c === 0xfe5d || c === 0x3014) return 0x28;
  if (c === 0xfe5e || c === 0x3015) return 0x29;
  return -1;
}

/** Index of the first character that toHalfWidth/compact may change, or s.length (the common case). */
function firstToChange(s: string): number {
  let i = 0;
  while (i < s.length && !mayChange(s.charCodeAt(i))) i++;
  return i;
}

/** Full-width ASCII variants (０-９, （）, ，：…) to ASCII; ideographic and no-break spaces to a space. */
export function toHalfWidth(s: string): string {
  let i = firstToChange(s);
  if (i === s.length) return s;
  let out = s.slice(0, i);
  // characters that cannot change are copied a stretch at a time (one slice per stretch, not
  // one concatenation per character: prose lines are long)
  let kept = i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!mayChange(c)) continue;
    if (kept < i) out += s.slice(kept, i);
    kept = i + 1;
    const h = halfWidthCode(c);
    if (h >= 0) out += String.fromCharCode(h);
    else if (c === IDEOGRAPHIC_SPACE || c === NBSP) out += ' ';
    else out += s[i] as string;
  }
  return kept < s.length ? out + s.slice(kept) : out;
}

/**
 * Half-width text with every kind of whitespace (isSpaceCode) removed: what label matching
 * compares. One pass, and none at all past the first check for text that needs no change.
 */
export function compact(s: string): string {
  let i = firstToChange(s);
  if (i === s.length) return s;
  let out = s.slice(0, i);
  let kept = i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!mayChange(c)) continue;
    if (kept < i) out += s.slice(kept, i);
    kept = i + 1;
    if (isSpaceCode(c)) continue;
    const h = halfWidthCode(c);
    out += h >= 0 ? String.fromCharCode(h) : (s[i] as string);
  }
  return kept < s.length ? out + s.slice(kept) : out;
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
