/**
 * Digit runs printed with no separator between cells (`行政规范性文件898989`, a review row
 * `21317000001324019`): the ways a row's runs split into its cells. The text alone cannot say;
 * the template's shape (how many cells a row has, no leading zeros, a decimal point inside its
 * number) and the identities narrow the candidates, and a value is taken only when one survives
 * (docs/parsing.md, "Glued digit runs").
 *
 * Bounded: a run longer than MAX_GLUED_DIGITS is not split at all, and enumeration stops at
 * MAX_CANDIDATES, so a hostile input costs at most a fixed amount of work per row.
 */
import { countWork } from './work';

/** One glued piece as printed: its digits (with a decimal point or separators) and an optional sign. */
export interface GluedPiece {
  text: string;
  /** -1 when printed with 减 / - before it (2019 form's 本年增/减). */
  sign: 1 | -1;
}

export const MAX_GLUED_DIGITS = 40;
export const MAX_CANDIDATES = 4096;
/** Counts above a billion do not occur in the template; bounds the numbers a split may form. */
const MAX_NUMBER_DIGITS = 10;

/** `0`, or digits without a leading zero, optionally with one decimal point inside. */
function isNumberText(s: string): boolean {
  if (s.length === 0 || s.length > MAX_NUMBER_DIGITS + 6) return false;
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  if (int.length === 0 || int.length > MAX_NUMBER_DIGITS) return false;
  if (int.length > 1 && int.charCodeAt(0) === 0x30) return false;
  if (dot >= 0) {
    const frac = s.slice(dot + 1);
    if (frac.length === 0 || frac.includes('.')) return false;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x2e && (c < 0x30 || c > 0x39)) return false;
  }
  return true;
}

export interface SplitResult {
  /** Every reading that satisfies the shape and the check (values in column order). */
  candidates: number[][];
  /** True when enumeration stopped at MAX_CANDIDATES or the run was too long to split. */
  truncated: boolean;
}

/**
 * Splits the pieces of one row into exactly `cells` numbers. `accept` (the row's own identity)
 * filters complete readings; `work` counts the steps taken (tests count work, not time).
 */
export function splitPieces(
  pieces: readonly GluedPiece[],
  cells: number,
  accept: (values: readonly number[]) => boolean = () => true,
  work: { steps: number } = { steps: 0 },
): SplitResult {
  const digits = pieces.reduce((n, p) => n + p.text.length, 0);
  if (digits > MAX_GLUED_DIGITS || pieces.length === 0 || pieces.length > cells) {
    return { candidates: [], truncated: true };
  }
  const candidates: number[][] = [];
  let truncated = false;
  const values: number[] = [];
  // piece index, offset in it, whether the current number is the piece's first (takes the sign)
  const walk = (p: number, offset: number): void => {
    if (truncated) return;
    work.steps++;
    countWork(1);
    const piece = pieces[p];
    if (!piece) {
      if (values.length === cells && accept(values)) {
        if (candidates.length >= MAX_CANDIDATES) truncated = true;
        else candidates.push([...values]);
      }
      return;
    }
    if (offset === piece.text.length) {
      walk(p + 1, 0);
      return;
    }
    // cells left for the rest must be at least the pieces left (each piece is one cell or more)
    const piecesAfter = pieces.length - p - 1;
    if (values.length + 1 + piecesAfter > cells) return;
    for (let end = offset + 1; end <= piece.text.length; end++) {
      const s = piece.text.slice(offset, end);
      if (!isNumberText(s)) {
        // a leading zero never grows into a valid number; a too-long one neither
        // 0 followed by a digit never grows into a valid number (0.5 may); a too-long one neither
        if ((s.charCodeAt(0) === 0x30 && s.length > 1 && s[1] !== '.') || s.length > MAX_NUMBER_DIGITS + 6)
          break;
        continue;
      }
      const value = Number(s) * (offset === 0 ? piece.sign : 1) + 0;
      values.push(value);
      walk(p, end);
      values.pop();
      if (truncated) return;
    }
  };
  walk(0, 0);
  return { candidates, truncated };
}

/** Identity 1 (applications) or 4 (review): the last value is the sum of the ones before. */
export function lastIsSum(values: readonly number[], from = 0, to = values.length): boolean {
  let sum = 0;
  for (let i = from; i < to - 1; i++) sum += values[i] as number;
  return Math.abs(sum - (values[to - 1] as number)) < 1e-6;
}
