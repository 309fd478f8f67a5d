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
import type { Prose } from '../prose';
import type { ReportValues } from '../values';

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

/** The opening sentence that names the report when there is no title line. */
export function titledOpening(doc: ReportDoc): string {
  return `根据《中华人民共和国政府信息公开条例》要求,现向社会公布${title(doc)}。`;
}

// --- section two: active disclosure

export type ActiveItem =
  | { kind: 'group'; text: string }
  | { kind: 'header'; cells: string[] }
  | { kind: 'row'; label: string; values: string[] };

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
    for (const code of g.rows) {
      const row = doc.values.activeDisclosure.find((r) => r.row === code);
      if (!row) continue;
      const label =
        code === RowCode.NORMATIVE_DOCUMENTS
          ? v2019
            ? '规范性文件'
            : '行政规范性文件'
          : (AD_ROW_LABELS[code] as string);
      const values = row.values.map((v, i) => {
        const col = row.columns[i] as ColumnCode;
        if (col === ColumnCode.ITEM_CHANGE) return change(v, doc.style);
        if (col === ColumnCode.AMOUNT) return money(v, doc.style);
        return count(v, doc.style);
      });
      out.push({ kind: 'row', label, values });
    }
  }
  return out;
}

// --- section three: applications

export interface AppRow {
  code: RowCode;
  /** Label cells printed before the numbers (a group label on the group's first row). */
  labels: string[];
  values: string[];
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

export function appRows(doc: ReportDoc): AppRow[] {
  return APPLICATION_ROWS[doc.form].map((code) => {
    const labels = APP_GROUPS.filter((g) => g.first === code).map((g) => g.label);
    labels.push(appLabel(code));
    const nums = doc.values.applications.get(code) as number[];
    return { code, labels, values: nums.map((n) => count(n, doc.style)) };
  });
}

// --- section four: review and litigation

export const REVIEW_PARTS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

/** The fifteen (or, with the fault, sixteen) review cells in printed order. */
export function reviewValues(doc: ReportDoc): string[] {
  const out: string[] = [];
  for (const row of REVIEW_ROWS)
    for (const n of doc.values.review.get(row) as number[]) out.push(count(n, doc.style));
  if (doc.extraReviewCellAt !== null) {
    const blank = doc.style.zero === '0' || doc.style.zero === 'empty' ? '0' : count(0, doc.style);
    out.splice(doc.extraReviewCellAt, 0, blank);
  }
  return out;
}

/** A cell's text where a layout cannot print an empty cell: a no-break space. */
export function visible(s: string): string {
  return s === '' ? '\u00a0' : s;
}
