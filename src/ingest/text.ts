/**
 * Character-level normalization shared by the parser's stages.
 * Everything here is a single linear pass over its input: no regexes that can backtrack.
 */

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

/** Full-width ASCII variants (０-９, （）, ，：…) to ASCII; ideographic space to a space. */
export function toHalfWidth(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === IDEOGRAPHIC_SPACE || c === NBSP) {
      out += ' ';
      changed = true;
    } else if (c === 0xfe5d || c === 0x3014) {
      // ﹝ 〔 as printed in document numbers
      out += '(';
      changed = true;
    } else if (c === 0xfe5e || c === 0x3015) {
      out += ')';
      changed = true;
    } else {
      out += s[i];
    }
  }
  return changed ? out : s;
}

/** Half-width text with every kind of whitespace removed: what label matching compares. */
export function compact(s: string): string {
  const h = toHalfWidth(s);
  let out = '';
  for (let i = 0; i < h.length; i++) {
    if (!isSpaceCode(h.charCodeAt(i))) out += h[i];
  }
  return out;
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

/** Splits text into lines on CRLF, CR or LF (form feeds, i.e. PDF page breaks, also end a line). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x0c || c === 0x2028 || c === 0x2029) {
      lines.push(text.slice(start, i));
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** Length of the longest common subsequence of two short strings (callers cap the lengths). */
export function lcsLength(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
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
