/**
 * Chinese text as reports print it that the matchers would miss: traditional characters (some
 * Hong Kong, Macao and Taiwan-facing bodies, and pages converted by readers) and dates in Chinese
 * numerals (二〇二五年一月二十日).
 */
import * as OpenCC from 'opencc-js';

/** Characters that occur only in traditional text (none is a simplified character). */
const TRADITIONAL_ONLY =
  '們個與會國開關務處請資機業條發進為這報據時間區縣鄉鎮辦實檢證類額數違規範複議訴訟結轉審決護權書並當應調總體況團網頁經濟須導級門對動';
/** Occurrences that make a text traditional rather than a simplified one quoting a name. */
const TRADITIONAL_MIN = 8;

/** TRADITIONAL_ONLY as a table over its code range: one lookup per character, ~3× a regex scan. */
const TRADITIONAL_LOW = Math.min(...[...TRADITIONAL_ONLY].map((c) => c.charCodeAt(0)));
const TRADITIONAL_TABLE = (() => {
  const codes = [...TRADITIONAL_ONLY].map((c) => c.charCodeAt(0));
  const table = new Uint8Array(Math.max(...codes) - TRADITIONAL_LOW + 1);
  for (const c of codes) table[c - TRADITIONAL_LOW] = 1;
  return table;
})();

let toSimplifiedConverter: ((s: string) => string) | undefined;

/** True when the text is written in traditional characters (one pass; stops at the 8th). */
export function isTraditional(text: string): boolean {
  const table = TRADITIONAL_TABLE;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i) - TRADITIONAL_LOW;
    if (k >= 0 && k < table.length && table[k] === 1 && ++n >= TRADITIONAL_MIN) return true;
  }
  return false;
}

/** Traditional to simplified (opencc-js, Taiwan and Hong Kong variants to mainland forms). */
export function toSimplified(text: string): string {
  const convert = (toSimplifiedConverter ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return convert(text);
}

const DIGIT: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  '○': 0, // a circle printed for 〇
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 … 三十一 (months and days). */
function smallNumber(s: string): number | null {
  if (s.length === 0 || s.length > 3) return null;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? (DIGIT[s] ?? null) : null;
  const tens = ten === 0 ? 1 : (DIGIT[s.slice(0, ten)] ?? null);
  const unit = ten === s.length - 1 ? 0 : (DIGIT[s.slice(ten + 1)] ?? null);
  return tens === null || unit === null ? null : tens * 10 + unit;
}

const NUMERAL_DATE =
  /([〇零○一二三四五六七八九]{4})年(?:([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?)?/g;

/** Dates in Chinese numerals written with digits: 二〇二五年一月二十日 → 2025年1月20日. */
export function arabicDates(text: string): string {
  if (!text.includes('年')) return text;
  return text.replace(NUMERAL_DATE, (whole, y: string, m: string | undefined, d: string | undefined) => {
    const year = [...y].map((c) => DIGIT[c] ?? 0).join('');
    if (m === undefined) return `${year}年`;
    const month = smallNumber(m);
    const day = d === undefined ? undefined : smallNumber(d);
    if (month === null || month > 12 || day === null || (day !== undefined && day > 31)) return whole;
    return `${year}年${month}月${day === undefined ? '' : `${day}日`}`;
  });
}
