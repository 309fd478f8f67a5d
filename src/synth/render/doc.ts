/**
 * What a renderer needs to print one report, and the tables as printed cells: labels and value
 * strings in template order. Renderers differ only in how they lay these out.
 */
import {
  APPLICATION_ROWS,
  ColumnCode,
  FormVersion,
  REVIEW_ROWS,
  RowCode,
  type SectionNumber,
  TableCode,
} from '../../domain/codes';
import type { Agency } from '../agencies';
import { type CellStyle, change, count, money } from '../cells';
import type { Fault } from '../faults';
import type { Prose } from '../prose';
import type { ReportValues } from '../values';
import type { Numbering, Variants } from '../variants';

export interface ReportDoc {
  agency: Agency;
  year: number;
  form: FormVersion;
  values: ReportValues;
  prose: Prose;
  /** Printed section headings; null when the report prints none (sections known by content). */
  headings: Record<SectionNumber, string> | null;
  /** A table left out (a fault): its section says so in a sentence instead. */
  omit: TableCode | null;
  /** The review row gets one cell too many (a fault): the blank cell is inserted at this index. */
  extraReviewCellAt: number | null;
  style: CellStyle;
  /** ISO date the report was published. */
  publishedAt: string;
  /** Whether the text prints the date (a 发布时间 label near the top, a closing date line). */
  dateLabel: boolean;
  dateClosing: boolean;
  /** The title as its own line, or only inside the opening sentence (as some pages print it). */
  titleLine: boolean;
  /** HTML: review table as three labelled rows of five instead of one row of fifteen. */
  reviewAsRows: boolean;
  /** HTML: written in GBK with a meta charset, as many government sites still are. */
  gbk: boolean;
  /** Local variants of the template (./variants), or null for a report printed as the template. */
  variants: Variants | null;
  /** The report's fault when it changes which cells are printed (a cell left out, a row added, a cut). */
  rowFault: Fault | null;
  /** OCR misreadings of row labels (the `ocr` layout): the label printed for a row. */
  ocrLabels: ReadonlyMap<RowCode, string> | null;
  /** Seeds the cell-by-cell draws of the variants (which zero gets which mark). */
  markSeed: string;
}

/** One printed cell: its text, the number a correct reading gives, and whether it is blank. */
export interface PrintedCell {
  text: string;
  value: number;
  /** Printed as nothing (empty or a no-break space): reads as 0, not assessable in an identity. */
  blank: boolean;
}

/** Whitespace only (an empty cell, a no-break space). */
export function isBlankText(s: string): boolean {
  return /^[\s\u00a0\u3000]*$/.test(s);
}

/** A small string hash in [0, 1): the per-cell draws of a variant, the same however often a cell is printed. */
function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/** A count as printed in cell `key`: a zero sometimes gets another mark when the variant mixes them. */
function countCell(doc: ReportDoc, key: string, n: number): PrintedCell {
  let text = count(n, doc.style);
  const marks = doc.variants?.zeroMarks;
  if (n === 0 && marks && marks.length > 0) {
    const u = unit(`${doc.markSeed}/${key}`);
    if (u >= 0.4) text = marks[Math.floor(((u - 0.4) / 0.6) * marks.length)] as string;
  }
  return { text, value: n, blank: isBlankText(text) };
}

function cellOf(text: string, value: number): PrintedCell {
  return { text, value, blank: isBlankText(text) };
}

export const OMITTED_TABLE_TEXT = '相关统计表格以附件形式发布。';

export function title(doc: ReportDoc): string {
  return `${doc.agency.nameInText}${doc.year}年政府信息公开工作年度报告`;
}

/** 2025-01-31 → 2025年1月31日 */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const DIGITS = '〇一二三四五六七八九';

/** 1–31 in Chinese numerals: 十, 十一, 二十, 二十一… */
function numeral(n: number): string {
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  return `${tens > 1 ? DIGITS[tens] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/** 2025-01-20 → 二〇二五年一月二十日 */
export function numeralDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  const year = [...(y as string)].map((c) => DIGITS[Number(c)]).join('');
  return `${year}年${numeral(Number(m))}月${numeral(Number(d))}日`;
}

/** The date printed under the signature. */
export function closingDate(doc: ReportDoc): string {
  return doc.variants?.numeralDate ? numeralDate(doc.publishedAt) : chineseDate(doc.publishedAt);
}

/** Whether the text stops inside the applications table (a page cut off: nothing after it is printed). */
export function truncated(doc: ReportDoc): boolean {
  return doc.rowFault?.kind === 'truncated';
}

/** The opening sentence that names the report when there is no title line. */
export function titledOpening(doc: ReportDoc): string {
  return `根据《中华人民共和国政府信息公开条例》要求,现向社会公布${title(doc)}。`;
}

// --- section two: active disclosure

export type ActiveItem =
  | { kind: 'group'; text: string }
  | { kind: 'header'; cells: string[] }
  | {
      kind: 'row';
      label: string;
      values: string[];
      /** The template's row, or null for a row not in the template (a local addition). */
      code: RowCode | null;
      cells: PrintedCell[];
    };

const AD_ROW_LABELS: Readonly<Partial<Record<RowCode, string>>> = {
  [RowCode.REGULATIONS]: '规章',
  [RowCode.LICENSING]: '行政许可',
  [RowCode.OTHER_MANAGEMENT_SERVICES]: '其他对外管理服务事项',
  [RowCode.PUNISHMENT]: '行政处罚',
  [RowCode.ENFORCEMENT]: '行政强制',
  [RowCode.FEES]: '行政事业性收费',
  [RowCode.PROCUREMENT]: '政府集中采购',
};

const AD_HEADERS: Readonly<Partial<Record<ColumnCode, string>>> = {
  [ColumnCode.ISSUED]: '本年制发件数',
  [ColumnCode.REPEALED]: '本年废止件数',
  [ColumnCode.IN_FORCE]: '现行有效件数',
  [ColumnCode.NEWLY_MADE]: '本年新制作数量',
  [ColumnCode.NEWLY_PUBLISHED]: '本年新公开数量',
  [ColumnCode.TOTAL_PUBLISHED]: '对外公开总数量',
  [ColumnCode.PREVIOUS_YEAR_ITEMS]: '上一年项目数量',
  [ColumnCode.ITEM_CHANGE]: '本年增/减',
  [ColumnCode.PROJECTS]: '采购项目数量',
};

/** The groups of section two (第二十条 items) with their rows, as the form prints them. */
export function activeItems(doc: ReportDoc): ActiveItem[] {
  const v2019 = doc.form === FormVersion.V2019;
  const groups: Array<{ item: string; rows: RowCode[] }> = v2019
    ? [
        { item: '第二十条第(一)项', rows: [RowCode.REGULATIONS, RowCode.NORMATIVE_DOCUMENTS] },
        { item: '第二十条第(五)项', rows: [RowCode.LICENSING, RowCode.OTHER_MANAGEMENT_SERVICES] },
        { item: '第二十条第(六)项', rows: [RowCode.PUNISHMENT, RowCode.ENFORCEMENT] },
        { item: '第二十条第(八)项', rows: [RowCode.FEES] },
        { item: '第二十条第(九)项', rows: [RowCode.PROCUREMENT] },
      ]
    : [
        { item: '第二十条第(一)项', rows: [RowCode.REGULATIONS, RowCode.NORMATIVE_DOCUMENTS] },
        { item: '第二十条第(五)项', rows: [RowCode.LICENSING] },
        { item: '第二十条第(六)项', rows: [RowCode.PUNISHMENT, RowCode.ENFORCEMENT] },
        { item: '第二十条第(八)项', rows: [RowCode.FEES] },
      ];
  const out: ActiveItem[] = [];
  for (const g of groups) {
    out.push({ kind: 'group', text: g.item });
    const first = doc.values.activeDisclosure.find((r) => r.row === g.rows[0]);
    if (!first) continue;
    const headers = first.columns.map((c) => {
      if (c === ColumnCode.DECISIONS) return v2019 ? '处理决定数量' : '本年处理决定数量';
      if (c === ColumnCode.AMOUNT) return v2019 ? '采购总金额' : '本年收费金额(单位:万元)';
      return AD_HEADERS[c] ?? c;
    });
    out.push({ kind: 'header', cells: ['信息内容', ...headers] });
    const rows = [...g.rows];
    const swap = doc.variants?.swap;
    if (swap?.table === TableCode.ACTIVE_DISCLOSURE) {
      const a = rows.indexOf(swap.a);
      const b = rows.indexOf(swap.b);
      if (a >= 0 && b >= 0) [rows[a], rows[b]] = [swap.b, swap.a];
    }
    for (const code of rows) {
      const row = doc.values.activeDisclosure.find((r) => r.row === code);
      if (!row) continue;
      const label = doc.ocrLabels?.get(code) ?? activeLabel(code, doc.form);
      let cells = row.values.map((v, i) => {
        const col = row.columns[i] as ColumnCode;
        if (col === ColumnCode.ITEM_CHANGE) return cellOf(change(v, doc.style), v);
        if (col === ColumnCode.AMOUNT) return cellOf(money(v, doc.style), v);
        return countCell(doc, `ad:${code}:${i}`, v);
      });
      const fault = doc.rowFault;
      if (fault?.kind === 'missingCell' && fault.where === code) {
        cells = cells.filter((_, i) => i !== fault.index);
      }
      out.push({ kind: 'row', label, values: cells.map((c) => c.text), code, cells });
      const extra = doc.variants?.extraActiveRow;
      if (extra && code === RowCode.NORMATIVE_DOCUMENTS) {
        const extraCells = extra.values.map((v, i) => countCell(doc, `ad:extra:${i}`, v));
        out.push({
          kind: 'row',
          label: extra.label,
          values: extraCells.map((c) => c.text),
          code: null,
          cells: extraCells,
        });
      }
    }
  }
  return out;
}

/** A section-two row's label as the form prints it. */
export function activeLabel(code: RowCode, form: FormVersion): string {
  if (code === RowCode.NORMATIVE_DOCUMENTS)
    return form === FormVersion.V2019 ? '规范性文件' : '行政规范性文件';
  return AD_ROW_LABELS[code] as string;
}

// --- section three: applications

export interface AppRow {
  /** The template's row, or null for a row not in the template. */
  code: RowCode | null;
  /** Label cells printed before the numbers (a group label on the group's first row). */
  labels: string[];
  /** The row's own label as printed (the last of `labels`). */
  own: string;
  values: string[];
  cells: PrintedCell[];
  /** As the template, a row printed a second time, or a row not in the template. */
  kind: 'row' | 'duplicate' | 'extra';
}

export const APP_HEADER_NOTE = '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)';

const APP_LABELS: Readonly<Partial<Record<RowCode, string>>> = {
  [RowCode.NEW_RECEIVED]: '一、本年新收政府信息公开申请数量',
  [RowCode.CARRIED_OVER]: '二、上年结转政府信息公开申请数量',
  [RowCode.GRANTED]: '(一)予以公开',
  [RowCode.PARTIALLY_GRANTED]: '(二)部分公开(区分处理的,只计这一情形,不计其他情形)',
  [RowCode.REFUSED_STATE_SECRET]: '1.属于国家秘密',
  [RowCode.REFUSED_LAW_PROHIBITED]: '2.其他法律行政法规禁止公开',
  [RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY]: '3.危及“三安全一稳定”',
  [RowCode.REFUSED_THIRD_PARTY_RIGHTS]: '4.保护第三方合法权益',
  [RowCode.REFUSED_INTERNAL_AFFAIRS]: '5.属于三类内部事务信息',
  [RowCode.REFUSED_PROCESS_INFORMATION]: '6.属于四类过程性信息',
  [RowCode.REFUSED_ENFORCEMENT_CASE_FILE]: '7.属于行政执法案卷',
  [RowCode.REFUSED_ADMINISTRATIVE_QUERY]: '8.属于行政查询事项',
  [RowCode.UNABLE_NOT_HELD]: '1.本机关不掌握相关政府信息',
  [RowCode.UNABLE_NEEDS_CREATION]: '2.没有现成信息需要另行制作',
  [RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION]: '3.补正后申请内容仍不明确',
  [RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT]: '1.信访举报投诉类申请',
  [RowCode.NOT_PROCESSED_REPEATED]: '2.重复申请',
  [RowCode.NOT_PROCESSED_PUBLICATION]: '3.要求提供公开出版物',
  [RowCode.NOT_PROCESSED_EXCESSIVE]: '4.无正当理由大量反复申请',
  [RowCode.NOT_PROCESSED_CONFIRMATION]: '5.要求行政机关确认或重新出具已获取信息',
  [RowCode.OTHER_DISPOSAL]: '(六)其他处理',
  [RowCode.OTHER_DISPOSAL_NO_CORRECTION]: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  [RowCode.OTHER_DISPOSAL_FEE_UNPAID]:
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  [RowCode.OTHER_DISPOSAL_OTHER]: '3.其他',
  [RowCode.TOTAL_PROCESSED]: '(七)总计',
  [RowCode.CARRIED_FORWARD]: '四、结转下年度继续办理',
};

/** Group labels printed on the first row of their group (a rowspan in HTML). */
export const APP_GROUPS: ReadonlyArray<{
  label: string;
  first: RowCode;
  rows: (form: FormVersion) => number;
}> = [
  { label: '三、本年度办理结果', first: RowCode.GRANTED, rows: (f) => (f === FormVersion.V2019 ? 20 : 22) },
  { label: '(三)不予公开', first: RowCode.REFUSED_STATE_SECRET, rows: () => 8 },
  { label: '(四)无法提供', first: RowCode.UNABLE_NOT_HELD, rows: () => 3 },
  { label: '(五)不予处理', first: RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT, rows: () => 5 },
  { label: '(六)其他处理', first: RowCode.OTHER_DISPOSAL_NO_CORRECTION, rows: () => 3 },
];

export function appLabel(code: RowCode): string {
  return APP_LABELS[code] as string;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨';

/** A row's own label with its ordinal printed another way, or without it. */
export function numberedLabel(code: RowCode, label: string, numbering: Numbering): string {
  switch (numbering) {
    case 'template':
      return label;
    case 'none':
      // `3.其他` and `(七)总计` are only those rows with their ordinals
      if (code === RowCode.OTHER_DISPOSAL_OTHER || code === RowCode.TOTAL_PROCESSED) return label;
      return label.replace(/^(?:\d\.|\([一二三四五六七]\)|[一二三四]、)/, '');
    case 'paren':
      return label.replace(/^(\d)\./, '（$1）').replace(/^\(([一二三四五六七])\)/, '（$1）');
    case 'circled':
      return label.replace(/^(\d)\./, (_, d: string) => CIRCLED[Number(d) - 1] as string);
    case 'dunhao':
      return label.replace(/^(\d)\./, '$1、');
  }
}

export function appRows(doc: ReportDoc): AppRow[] {
  const numbering = doc.variants?.numbering ?? 'template';
  const rows: AppRow[] = APPLICATION_ROWS[doc.form].map((code) => {
    const labels = APP_GROUPS.filter((g) => g.first === code).map((g) => g.label);
    const own = doc.ocrLabels?.get(code) ?? numberedLabel(code, appLabel(code), numbering);
    labels.push(own);
    const nums = doc.values.applications.get(code) as number[];
    const blankTotal = doc.variants?.blankTotals.includes(code) ?? false;
    const cells = nums.map((n, i) =>
      blankTotal && i === nums.length - 1 ? cellOf('', 0) : countCell(doc, `app:${code}:${i}`, n),
    );
    return { code, labels, own, values: [], cells, kind: 'row' as const };
  });
  const swap = doc.variants?.swap;
  if (swap?.table === TableCode.APPLICATIONS) {
    const a = rows.findIndex((r) => r.code === swap.a);
    const b = rows.findIndex((r) => r.code === swap.b);
    [rows[a], rows[b]] = [rows[b] as AppRow, rows[a] as AppRow];
  }
  let out = rows;
  const fault = doc.rowFault;
  const at = fault ? rows.findIndex((r) => r.code === fault.where) : -1;
  if (fault && at >= 0) {
    const row = rows[at] as AppRow;
    if (fault.kind === 'missingCell') row.cells = row.cells.filter((_, i) => i !== fault.index);
    else if (fault.kind === 'extraRow' && fault.label !== undefined && fault.values) {
      const cells = fault.values.map((n, i) => countCell(doc, `app:extra:${i}`, n));
      const label = fault.label;
      out.splice(at + 1, 0, { code: null, labels: [label], own: label, values: [], cells, kind: 'extra' });
    } else if (fault.kind === 'extraRow') {
      // printed again right after itself, as a table broken across pages repeats a row
      out.splice(at + 1, 0, { ...row, labels: [row.own], kind: 'duplicate' });
    } else if (fault.kind === 'truncated') {
      out = rows.slice(0, at);
      if ((fault.index ?? 0) > 0) out.push({ ...row, cells: row.cells.slice(0, fault.index) });
    }
  }
  for (const r of out) r.values = r.cells.map((c) => c.text);
  return out;
}

// --- section four: review and litigation

export const REVIEW_PARTS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

/** The fifteen (or, with the fault, sixteen) review cells in printed order. */
export function reviewCells(doc: ReportDoc): PrintedCell[] {
  const out: PrintedCell[] = [];
  for (const row of REVIEW_ROWS) {
    (doc.values.review.get(row) as number[]).forEach((n, i) =>
      out.push(countCell(doc, `rev:${row}:${i}`, n)),
    );
  }
  if (doc.extraReviewCellAt !== null) {
    const blank = doc.style.zero === '0' || doc.style.zero === 'empty' ? '0' : count(0, doc.style);
    out.splice(doc.extraReviewCellAt, 0, cellOf(blank, 0));
    // an empty sixteenth cell would read as layout, not a cell: the row would seem to have fifteen
    const last = out[out.length - 1] as PrintedCell;
    if (doc.variants?.zeroMarks && last.text === '') out[out.length - 1] = cellOf('0', 0);
  }
  return out;
}

export function reviewValues(doc: ReportDoc): string[] {
  return reviewCells(doc).map((c) => c.text);
}

/** A cell's text where a layout cannot print an empty cell: a no-break space. */
export function visible(s: string): string {
  return s === '' ? '\u00a0' : s;
}
