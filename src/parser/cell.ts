/**
 * Reading one table cell as a number, the way real reports print them:
 * blank / NBSP / `/` / `-` / `—` / `无` for zero, `减105` / `增5` for a change, `7700万` for 万元,
 * thousands separators, full-width digits.
 */
import { isExplicitBlankCode, isSpaceCode, toHalfWidth } from './text';

export interface CellReading {
  value: number;
  /** Printed as nothing (empty, NBSP, a dash or 无): read as zero. */
  blank: boolean;
  /** Printed as `/`: not applicable, read as zero. */
  notApplicable: boolean;
}

/** Longer cells are labels or prose, never a number; keeps the scan bounded. */
const MAX_NUMERIC_CELL = 32;

const ZERO_MARKS = new Set(['-', '--', '---', '—', '——', '–', '―', '─', '无']);
const NOT_APPLICABLE_MARKS = new Set(['/', '//', '\\', 'N/A', 'n/a']);
const MAX_MARK = Math.max(...[...ZERO_MARKS, ...NOT_APPLICABLE_MARKS].map((m) => m.length));
/** Suffixes that keep a number a number: 万/万元 for money (the form's unit), counting words for counts. */
export const UNIT_SUFFIXES: readonly string[] = ['万元', '万', '件', '个', '条', '项', '次', '家', '人'];

/** A cell made of nothing but whitespace; `explicit` when some of it is a no-break/ideographic space. */
export function blankKind(raw: string): 'empty' | 'explicit' | null {
  let explicit = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!isSpaceCode(c)) return null;
    if (isExplicitBlankCode(c)) explicit = true;
  }
  return explicit ? 'explicit' : 'empty';
}

/**
 * Reads a cell as a number; null when the cell is not a number (a label, a header, prose).
 * Whitespace-only cells read as blank zeros; the caller decides whether such a cell is a cell at all.
 */
export function readCell(raw: string): CellReading | null {
  const n = raw.length;
  if (n > MAX_NUMERIC_CELL * 4) return null;
  // fast paths: plain digits (most cells), and text that starts with a Han character other
  // than the three that can begin a number cell (增, 减, 无)
  let k = 0;
  while (k < n && isSpaceCode(raw.charCodeAt(k))) k++;
  if (k === n) return { value: 0, blank: true, notApplicable: false };
  const first = raw.charCodeAt(k);
  if (first >= 0x4e00 && first <= 0x9fff && first !== 0x589e && first !== 0x51cf && first !== 0x65e0)
    return null;
  if (k === 0 && n <= 15) {
    let digits = true;
    for (let i = 0; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c < 0x30 || c > 0x39) {
        digits = false;
        break;
      }
    }
    if (digits) return { value: Number(raw), blank: false, notApplicable: false };
  }
  const h = toHalfWidth(raw);
  // a number with a note: 22（其中修订 16 件） is 22 (the note stays in the cell's raw text)
  const open = h.indexOf('(');
  if (open > 0 && h.endsWith(')')) {
    const head = readCell(h.slice(0, open));
    return head && !head.blank && !head.notApplicable ? head : null;
  }
  // without whitespace the loop below copies h as it is
  let spaced = false;
  for (let i = 0; i < h.length && !spaced; i++) spaced = isSpaceCode(h.charCodeAt(i));
  let s = spaced ? '' : h;
  let spaceAfterDigit = false;
  for (let i = 0; spaced && i < h.length; i++) {
    const c = h.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39;
    // `0  0  0` is several cells of PDF text, not one number
    if (digit && spaceAfterDigit) return null;
    if (isSpaceCode(c)) {
      const last = s.charCodeAt(s.length - 1);
      if (last >= 0x30 && last <= 0x39) spaceAfterDigit = true;
      continue;
    }
    spaceAfterDigit = false;
    s += h[i];
  }
  if (s.length > MAX_NUMERIC_CELL) return null;
  // the marks are at most MAX_MARK characters: longer cells skip the set lookups (and hashing)
  if (s.length <= MAX_MARK && NOT_APPLICABLE_MARKS.has(s))
    return { value: 0, blank: false, notApplicable: true };
  if (s.length <= MAX_MARK && ZERO_MARKS.has(s)) return { value: 0, blank: true, notApplicable: false };
  return readNumber(s) ?? ocrDigits(s);
}

/**
 * OCR reads 0 as O and 1 as l or I inside numbers (`l586`, `1O`). A cell of digits and only
 * those look-alike letters, with at least one real digit, is the number they stand for (the
 * raw text keeps what was printed); a cell of letters alone (`O`, `ll`) stays a label.
 */
function ocrDigits(s: string): CellReading | null {
  if (s.length > 16 || !/^[-−－]?[0-9OoIl|,.]+$/.test(s) || !/[0-9]/.test(s) || !/[OoIl|]/.test(s))
    return null;
  return readNumber(s.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1'));
}

function readNumber(input: string): CellReading | null {
  let s = input;
  let sign = 1;
  if (s.startsWith('增加') || s.startsWith('减少')) {
    sign = s.startsWith('减') ? -1 : 1;
    s = s.slice(2);
  } else if (s.startsWith('增') || s.startsWith('减')) {
    sign = s.startsWith('减') ? -1 : 1;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  } else if (s.startsWith('-') || s.startsWith('−') || s.startsWith('－')) {
    sign = -1;
    s = s.slice(1);
  }
  for (const unit of UNIT_SUFFIXES) {
    if (s.endsWith(unit)) {
      s = s.slice(0, s.length - unit.length);
      break;
    }
  }
  const value = parseDecimal(s);
  if (value === null) return null;
  return { value: sign * value + 0, blank: false, notApplicable: false };
}

/**
 * Digits with optional thousands separators (groups of three) and an optional fraction.
 * Hand-written so that it is linear and rejects ordinals such as `1.` or `3、`.
 */
export function parseDecimal(s: string): number | null {
  if (s.length === 0) return null;
  let intDigits = '';
  let i = 0;
  let sawComma = false;
  let groupLen = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      intDigits += s[i];
      groupLen++;
    } else if (c === 0x2c) {
      // a thousands separator needs 1-3 digits before the first one and exactly 3 between
      if (intDigits.length === 0 || (sawComma ? groupLen !== 3 : groupLen > 3)) return null;
      sawComma = true;
      groupLen = 0;
    } else break;
  }
  if (intDigits.length === 0) return null;
  if (sawComma && groupLen !== 3) return null;
  let frac = '';
  if (i < s.length) {
    if (s[i] !== '.') return null;
    i++;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return null;
      frac += s[i];
    }
    if (frac.length === 0) return null;
  }
  if (intDigits.length > 15) return null;
  return Number(frac ? `${intDigits}.${frac}` : intDigits);
}
