/**
 * OCR misreadings of row labels (the `ocr` layout): characters an OCR service confuses with
 * look-alikes (沭→沐, 己→已, 未→末, 理→埋, 申→由, 务→各, …), applied to a few characters of the
 * longer labels at a known rate, never to digits or to the headers a table is found by.
 *
 * A misreading is kept only where the reader contract still places the row (a tolerant match:
 * the template label clearly the closest, similarity ≥ 0.75 and ahead of the next by ≥ 0.1);
 * this keeps a margin above both, so the truth (the row's values) holds whichever way the reader
 * compares labels (with or without their ordinals).
 */
import { ACTIVE_DISCLOSURE_LAYOUT, APPLICATION_ROWS, type RowCode } from '../domain/codes';
import type { Rng } from './prng';
import { activeLabel, appLabel, numberedLabel, type ReportDoc } from './render/doc';

/** Look-alikes an OCR service reads for a character (both ways where both are common). */
export const OCR_CONFUSIONS: Readonly<Record<string, string>> = {
  沭: '沐',
  己: '已',
  已: '己',
  未: '末',
  末: '未',
  理: '埋',
  申: '由',
  务: '各',
  人: '入',
  复: '夏',
  询: '洵',
  开: '幵',
  日: '曰',
  办: '力',
  全: '仝',
  第: '笫',
};

/** Chance that a label with a confusable character is misread. */
export const OCR_LABEL_RATE = 0.5;
/** Labels shorter than this (after the ordinal) are left alone: one character is too much of them. */
const MIN_LENGTH = 6;
const MIN_SIMILARITY = 0.8;
const MIN_MARGIN = 0.15;

function lcs(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, prev[j - 1] as number);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** LCS length relative to the longer string. */
export function labelSimilarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 0 : lcs(a, b) / n;
}

/** A label without its ordinal (`1.`, `(一)`, `一、`, `（1）`, `①`). */
export function withoutOrdinal(s: string): string {
  return s.replace(
    /^(?:[0-9]+[.、．]|[(（][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|[①-⑨])/,
    '',
  );
}

/** Whether `noisy` is still clearly `intended` among `labels` (compared whole and without ordinals). */
export function stillClosest(noisy: string, intended: string, labels: readonly string[]): boolean {
  for (const strip of [false, true]) {
    const f = (s: string) => (strip ? withoutOrdinal(s) : s);
    const own = labelSimilarity(f(noisy), f(intended));
    if (own < MIN_SIMILARITY) return false;
    for (const other of labels) {
      if (other === intended) continue;
      if (labelSimilarity(f(noisy), f(other)) > own - MIN_MARGIN) return false;
    }
  }
  return true;
}

function misread(rng: Rng, label: string, labels: readonly string[]): string | null {
  if (withoutOrdinal(label).length < MIN_LENGTH) return null;
  const at = [...label].map((c, i) => (OCR_CONFUSIONS[c] ? i : -1)).filter((i) => i >= 0);
  if (at.length === 0 || !rng.chance(OCR_LABEL_RATE)) return null;
  const chars = [...label];
  const i = rng.pick(at);
  chars[i] = OCR_CONFUSIONS[chars[i] as string] as string;
  // a long label may lose a second character
  if (chars.length >= 12 && at.length > 1 && rng.chance(0.3)) {
    const j = rng.pick(at.filter((k) => k !== i));
    chars[j] = OCR_CONFUSIONS[chars[j] as string] as string;
  }
  const noisy = chars.join('');
  return stillClosest(noisy, label, labels) ? noisy : null;
}

/** The misread labels of a report's rows (row → label as printed), by its printed labels. */
export function ocrLabels(rng: Rng, doc: ReportDoc): Map<RowCode, string> {
  const out = new Map<RowCode, string>();
  const numbering = doc.variants?.numbering ?? 'template';
  const apps = APPLICATION_ROWS[doc.form].map(
    (code) => [code, numberedLabel(code, appLabel(code), numbering)] as const,
  );
  const ad = ACTIVE_DISCLOSURE_LAYOUT[doc.form].map((s) => [s.row, activeLabel(s.row, doc.form)] as const);
  for (const table of [apps, ad]) {
    const labels = table.map(([, l]) => l);
    for (const [code, label] of table) {
      const noisy = misread(rng, label, labels);
      if (noisy !== null) out.set(code, noisy);
    }
  }
  return out;
}
