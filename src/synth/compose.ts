/**
 * One report's presentation, drawn per agency and year: layout, headings, cell style, dates,
 * where a fault shows in the text (an omitted table, an extra review cell, a row), and the local
 * variants of the template it carries (./variants).
 */
import {
  ColumnCode,
  FormVersion,
  RowCode,
  SECTION_NUMBERS,
  type SectionNumber,
  TableCode,
} from '../domain/codes';
import { type Agency, type Layout, LAYOUTS, READER_TEXT_LAYOUTS } from './agencies';
import { type CellStyle, drawStyle } from './cells';
import type { Fault } from './faults';
import { ocrLabels } from './ocr';
import type { Rng } from './prng';
import { writeProse } from './prose';
import { type ReportDoc, title } from './render/doc';
import { drawVariants } from './variants';
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

/**
 * The report's layout, drawn from `rng` (the compose stream) before anything else is: an agency's
 * site mostly keeps its layout from year to year. Asked only for the first four layouts, this
 * draws exactly what it always did; with the reader's text layouts among them, each agency gets
 * its own layout among those asked for (`agencyRng`, a stream of the agency's).
 */
export function chooseLayout(rng: Rng, agency: Agency, layouts: readonly Layout[], agencyRng: Rng): Layout {
  if (layouts.some((l) => (READER_TEXT_LAYOUTS as readonly Layout[]).includes(l))) {
    const own = agencyRng.fork('layout').pick(layouts);
    return rng.chance(0.85) ? own : rng.pick(layouts);
  }
  let layout = rng.chance(0.85) ? agency.layout : rng.pick(LAYOUTS);
  if (!layouts.includes(layout)) layout = layouts[agency.index % layouts.length] as Layout;
  return layout;
}

/** Cell styles a layout can print unambiguously (one-line text glues plain digits only). */
function layoutStyle(layout: Layout, style: CellStyle): CellStyle {
  switch (layout) {
    case 'oneline':
      return { zero: '0', fullWidth: false, thousands: false, zhChange: style.zhChange, wanMoney: false };
    case 'colmajor':
      // a blank would be an empty line
      return style.zero === 'nbsp' || style.zero === 'empty' ? { ...style, zero: '0' } : style;
    case 'ocr':
      // nothing at all in OCR text split by spaces; `- | -` a placeholder row in its markdown
      return ['nbsp', 'empty', 'dash'].includes(style.zero) ? { ...style, zero: '0' } : style;
    case 'markdown':
      // `- | -` is a converter's placeholder row there, not zeros
      return style.zero === 'dash' ? { ...style, zero: '0' } : style;
    default:
      return style;
  }
}

export interface ComposeOptions {
  /** Share of text reports carrying local variants of the template (./variants); 0 draws nothing. */
  variantRate: number;
  /**
   * Share of 2019-form reports whose 政府集中采购 row prints its amount only (one cell, 采购总金额,
   * as some bodies' blanks have it); drawn on a stream of its own. Default 0 (the first corpus).
   */
  procurementAmountOnly?: number;
}

/** Faults that change which cells are printed, rendered with the rows (render/doc.ts). */
const ROW_FAULTS = new Set(['missingCell', 'extraRow', 'truncated']);

export function compose(
  rng: Rng,
  agency: Agency,
  year: number,
  form: FormVersion,
  values: ReportValues,
  fault: Fault | null,
  layout: Layout,
  opts: ComposeOptions = { variantRate: 0 },
): Composed {
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
    style: layoutStyle(
      layout,
      drawStyle(
        rng,
        layout === 'html' || layout === 'docx',
        layout === 'tab' || layout === 'pipe' || layout === 'markdown',
      ),
    ),
    publishedAt: publishedAt(rng, year),
    dateLabel,
    // a closing date line would be read as section six's last paragraph in a report without headings
    dateClosing: !headless && (!dateLabel || rng.chance(0.5)),
    titleLine: headless ? false : rng.chance(0.8),
    reviewAsRows: (layout === 'html' && rng.chance(0.25)) || (layout === 'colmajor' && rng.chance(0.7)),
    gbk: layout === 'html' && rng.chance(0.2),
    variants: null,
    rowFault: fault && ROW_FAULTS.has(fault.kind) ? fault : null,
    ocrLabels: null,
    markSeed: String(rng.fork('marks').next()),
  };
  const amountOnly = opts.procurementAmountOnly ?? 0;
  if (
    form === FormVersion.V2019 &&
    amountOnly > 0 &&
    // a row of one cell has no cell to leave out
    !(fault?.kind === 'missingCell' && fault.where === RowCode.PROCUREMENT) &&
    rng.fork('procurement').chance(amountOnly)
  ) {
    doc.values = withProcurementAmountOnly(values);
  }
  const blankBetween = rng.chance(0.6);
  const text = [...LAYOUTS, ...READER_TEXT_LAYOUTS].includes(layout);
  if (text && opts.variantRate > 0) {
    const vr = rng.fork('variants');
    if (vr.chance(opts.variantRate)) {
      const v = drawVariants(vr, {
        layout,
        form,
        fault,
        metadata: [agency.nameInText, title(doc), ...Object.values(doc.headings ?? {})],
        gbk: doc.gbk,
      });
      doc.variants = v;
      if (v.headings === 'none') {
        // as the first corpus's reports without headings: no title line, no closing date
        doc.headings = null;
        doc.titleLine = false;
        doc.dateClosing = false;
      } else if (v.headings === 'paren' && doc.headings) doc.headings = parenHeadings(doc.headings);
    }
  }
  if (layout === 'ocr') doc.ocrLabels = ocrLabels(rng.fork('ocr'), doc);
  return { doc, layout, blankBetween };
}

/** The year's numbers with 政府集中采购 as its amount alone (the projects count is not printed). */
function withProcurementAmountOnly(values: ReportValues): ReportValues {
  return {
    ...values,
    activeDisclosure: values.activeDisclosure.map((r) => {
      if (r.row !== RowCode.PROCUREMENT) return r;
      const at = r.columns.indexOf(ColumnCode.AMOUNT);
      return { row: r.row, columns: [ColumnCode.AMOUNT], values: [r.values[at] as number] };
    }),
  };
}

/** （一）总体情况 … （六）其他需要报告的事项: the wording kept, the numbering changed. */
function parenHeadings(h: Record<SectionNumber, string>): Record<SectionNumber, string> {
  const out = {} as Record<SectionNumber, string>;
  for (const n of SECTION_NUMBERS) {
    const wording = h[n].replace(/^(?:第.部分\s*|.、\s*)/, '');
    out[n] = `（${NUMERALS[n - 1] as string}）${wording}`;
  }
  return out;
}
