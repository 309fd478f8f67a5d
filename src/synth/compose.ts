/**
 * One report's presentation, drawn per agency and year: layout, headings, cell style, dates,
 * and where a fault shows in the text (an omitted table, an extra review cell).
 */
import { FormVersion, SECTION_NUMBERS, type SectionNumber, TableCode } from '../domain/codes';
import { type Agency, type Layout, LAYOUTS } from './agencies';
import { drawStyle } from './cells';
import type { Fault } from './faults';
import type { Rng } from './prng';
import { writeProse } from './prose';
import type { ReportDoc } from './render/doc';
import type { ReportValues } from './values';

const NUMERALS = ['一', '二', '三', '四', '五', '六'];

const HEADING_WORDING: Readonly<Record<SectionNumber, readonly string[]>> = {
  1: ['总体情况'],
  2: ['主动公开政府信息情况', '行政机关主动公开政府信息情况'],
  3: ['收到和处理政府信息公开申请情况', '行政机关收到和处理政府信息公开申请情况'],
  4: ['政府信息公开行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
  5: ['存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况'],
  6: ['其他需要报告的事项'],
};

function headings(rng: Rng): Record<SectionNumber, string> {
  const reworded = rng.chance(0.3);
  const numbering = rng.weighted([
    ['一、', 8],
    ['一、 ', 1],
    ['第一部分 ', 1],
  ] as const);
  const out = {} as Record<SectionNumber, string>;
  for (const n of SECTION_NUMBERS) {
    const words = HEADING_WORDING[n];
    const wording = reworded ? (words[words.length - 1] as string) : (words[0] as string);
    out[n] = `${numbering.replace('一', NUMERALS[n - 1] as string)}${wording}`;
  }
  return out;
}

/** Reports are due by 31 January; most appear in the last weeks of January, some later. */
function publishedAt(rng: Rng, year: number): string {
  const late = rng.chance(0.12);
  const month = late ? rng.int(2, 3) : 1;
  const day = late ? rng.int(1, 28) : rng.int(8, 31);
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface Composed {
  doc: ReportDoc;
  layout: Layout;
  /** Blank line between lines (the one-cell-per-line layout). */
  blankBetween: boolean;
}

export function compose(
  rng: Rng,
  agency: Agency,
  year: number,
  form: FormVersion,
  values: ReportValues,
  fault: Fault | null,
  layouts: readonly Layout[],
): Composed {
  // an agency's site mostly keeps its layout from year to year
  let layout = rng.chance(0.85) ? agency.layout : rng.pick(LAYOUTS);
  if (!layouts.includes(layout)) layout = layouts[agency.index % layouts.length] as Layout;
  const omit = fault?.kind === 'missingTable' ? (fault.where as TableCode) : null;
  // reports without headings are known by their content: only where nothing is missing
  const headless = layout === 'pipe' && omit === null && rng.chance(0.15);
  const dateLabel = layout !== 'tab' && rng.chance(0.6);
  const doc: ReportDoc = {
    agency,
    year,
    form,
    values,
    prose: writeProse(rng.fork('prose'), agency, year, values),
    headings: headless ? null : headings(rng),
    omit,
    extraReviewCellAt: fault?.kind === 'reviewExtraCell' ? rng.int(0, 15) : null,
    style: drawStyle(rng, layout === 'html' || layout === 'docx', layout === 'tab' || layout === 'pipe'),
    publishedAt: publishedAt(rng, year),
    dateLabel,
    // a closing date line would be read as section six's last paragraph in a report without headings
    dateClosing: !headless && (!dateLabel || rng.chance(0.5)),
    titleLine: headless ? false : rng.chance(0.8),
    reviewAsRows: layout === 'html' && rng.chance(0.25),
    gbk: layout === 'html' && rng.chance(0.2),
  };
  return { doc, layout, blankBetween: rng.chance(0.6) };
}
