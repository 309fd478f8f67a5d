/**
 * How a number is printed in a cell, the ways real reports print them (FORMAT.md "Cell values
 * seen in the wild"): zero as 0, a no-break space, a dash, 无 or `/`; full-width digits;
 * thousands separators; `增5` / `减105` for a change; `7700万` for money. Every form printed here
 * reads back to exactly the value it was made from.
 */
import type { Rng } from './prng';

export type ZeroStyle = '0' | 'nbsp' | 'dash' | 'emdash' | 'wu' | 'slash' | 'empty';

export interface CellStyle {
  zero: ZeroStyle;
  fullWidth: boolean;
  thousands: boolean;
  /** Changes as 增5 / 减105 rather than 5 / -105. */
  zhChange: boolean;
  /** Whole 万元 amounts as `7700万`. */
  wanMoney: boolean;
}

export const NBSP = '\u00a0';

const ZERO_TEXT: Readonly<Record<Exclude<ZeroStyle, 'empty'>, string>> = {
  '0': '0',
  nbsp: NBSP,
  dash: '-',
  emdash: '—',
  wu: '无',
  slash: '/',
};

/** A style for one report; `empty` (a cell with nothing in it) only where the layout keeps it. */
export function drawStyle(rng: Rng, allowEmpty: boolean, allowFullWidth: boolean): CellStyle {
  const zero = rng.weighted<ZeroStyle>([
    ['0', 0.62],
    ['nbsp', 0.16],
    ['dash', 0.05],
    ['emdash', 0.04],
    ['wu', 0.04],
    ['slash', 0.03],
    ['empty', allowEmpty ? 0.06 : 0],
  ]);
  return {
    zero,
    fullWidth: allowFullWidth && rng.chance(0.15),
    thousands: rng.chance(0.2),
    zhChange: rng.chance(0.5),
    wanMoney: rng.chance(0.3),
  };
}

function toFullWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x30 && c <= 0x39 ? String.fromCharCode(c + 0xfee0) : ch;
  }
  return out;
}

function digits(n: number, style: CellStyle): string {
  let s = String(n);
  if (style.thousands && Number.isInteger(n) && n >= 10000) {
    s = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  return style.fullWidth ? toFullWidth(s) : s;
}

/** A count as printed. Zero follows the style; `empty` gives '' and the layout decides. */
export function count(n: number, style: CellStyle): string {
  if (n === 0) return style.zero === 'empty' ? '' : ZERO_TEXT[style.zero];
  return digits(n, style);
}

/** An increase or decrease (本年增/减). */
export function change(n: number, style: CellStyle): string {
  if (n === 0) return '0';
  if (style.zhChange) return `${n < 0 ? '减' : '增'}${digits(Math.abs(n), style)}`;
  return n < 0 ? `-${digits(-n, style)}` : digits(n, style);
}

/** An amount in 万元: decimals as computed, whole amounts sometimes as `7700万`. */
export function money(n: number, style: CellStyle): string {
  if (n === 0) return '0';
  if (style.wanMoney && Number.isInteger(n)) return `${n}万`;
  return String(n);
}
