/**
 * Local variants of the template (issue #13, item 5), drawn per report at a known rate on the
 * text layouts: a row a province adds (其他主动公开文件 in section two), rows numbered differently
 * or not at all, two rows printed in each other's place, headers spread over more lines, zeros
 * printed as `/`, `—`, `-` or left blank, a 总计 column filled on some rows only, the whole
 * report in traditional characters, a closing date in Chinese numerals, top-level headings
 * numbered （一） or missing. None of them changes what a correct reading gives, except where the
 * printed cells themselves say otherwise (a blank 总计 reads as 0; an added row is an extra row).
 */
import * as OpenCC from 'opencc-js';
import { ACTIVE_DISCLOSURE_LAYOUT, APPLICATION_ROWS, FormVersion, RowCode, TableCode } from '../domain/codes';
import type { Layout } from './agencies';
import type { Fault } from './faults';
import type { Rng } from './prng';

/** How the applications rows' own ordinals are printed: as the template (`1.`, `(一)`), none, or otherwise. */
export type Numbering = 'template' | 'none' | 'paren' | 'circled' | 'dunhao';

export interface Variants {
  /** A row not in the template, printed in section two after 行政规范性文件 (EXTRA_ROW). */
  extraActiveRow: { label: string; values: number[] } | null;
  numbering: Numbering;
  /** Two rows of a table printed in each other's place. */
  swap: { table: TableCode; a: RowCode; b: RowCode } | null;
  /** Table headers spread over two or three lines. */
  splitHeaders: boolean;
  /** Marks printed for zero besides the report's own, drawn cell by cell ('' is a blank cell). */
  zeroMarks: readonly string[] | null;
  /** Applications rows whose 总计 is left blank (it reads as 0, and its identities are not assessable). */
  blankTotals: readonly RowCode[];
  /** The whole report in traditional characters (opencc-js, cn → tw). */
  traditional: boolean;
  /** The closing date in Chinese numerals (二〇二五年一月二十日). */
  numeralDate: boolean;
  /** Top-level headings numbered （一）…（六）, or none printed (sections known by content). */
  headings: 'template' | 'paren' | 'none';
}

export const VARIANT_NAMES = [
  'extraActiveRow',
  'numbering',
  'swap',
  'splitHeaders',
  'zeroMarks',
  'blankTotals',
  'traditional',
  'numeralDate',
  'parenHeadings',
  'noHeadings',
] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** The names of the variants a report carries (in VARIANT_NAMES order). */
export function variantNames(v: Variants | null): VariantName[] {
  if (!v) return [];
  const on: Record<VariantName, boolean> = {
    extraActiveRow: v.extraActiveRow !== null,
    numbering: v.numbering !== 'template',
    swap: v.swap !== null,
    splitHeaders: v.splitHeaders,
    zeroMarks: v.zeroMarks !== null,
    blankTotals: v.blankTotals.length > 0,
    traditional: v.traditional,
    numeralDate: v.numeralDate,
    parenHeadings: v.headings === 'paren',
    noHeadings: v.headings === 'none',
  };
  return VARIANT_NAMES.filter((n) => on[n]);
}

const ZERO_MARKS: Readonly<Partial<Record<Layout, readonly string[]>>> = {
  pipe: ['/', '—', '-', ''],
  lines: ['/', '—', '-', ''],
  tab: ['/', '—', '-', ''],
  html: ['/', '—', '-', ''],
  // one cell per line: an empty line is not a cell there
  colmajor: ['/', '—', '-'],
  // a `- | -` row is a converter's placeholder: a dash is not a zero there
  markdown: ['/', '—', ''],
  // OCR text separates cells by spaces: a blank cell leaves nothing
  ocr: ['/', '—'],
};

/** What each variant needs of a layout (absent: any text layout). */
function supported(name: VariantName, layout: Layout): boolean {
  const rowByRow = ['pipe', 'lines', 'tab', 'html', 'markdown', 'ocr'].includes(layout);
  switch (name) {
    case 'extraActiveRow':
      // glued and column-major numbers do not say how many cells a row not in the template has
      return rowByRow;
    case 'splitHeaders':
      return ['pipe', 'tab', 'markdown', 'ocr'].includes(layout);
    case 'zeroMarks':
      return ZERO_MARKS[layout] !== undefined;
    case 'blankTotals':
      return ['pipe', 'lines', 'tab', 'html', 'markdown'].includes(layout);
    case 'traditional':
      return layout !== 'ocr';
    case 'noHeadings':
      return ['pipe', 'lines', 'tab', 'markdown', 'ocr', 'colmajor'].includes(layout);
    case 'numbering':
    case 'swap':
    case 'numeralDate':
    case 'parenHeadings':
      return [...Object.keys(ZERO_MARKS), 'oneline'].includes(layout);
  }
}

export interface VariantContext {
  layout: Layout;
  form: FormVersion;
  fault: Fault | null;
  /** Strings that must read back the same after cn → tw → cn (agency name, title, headings). */
  metadata: readonly string[];
  /** HTML in GBK cannot hold every traditional character. */
  gbk: boolean;
}

/** Each variant's chance once a report is drawn to carry variants (at least one is always on). */
const EACH = 0.35;

export function drawVariants(rng: Rng, ctx: VariantContext): Variants {
  const { layout, form, fault } = ctx;
  const names = VARIANT_NAMES.filter((n) => supported(n, layout)).filter((n) => {
    // sections known by content only where every table and section is there
    if (n === 'noHeadings') return fault?.kind !== 'missingTable' && fault?.kind !== 'truncated';
    if (n === 'traditional')
      return !ctx.gbk && ctx.metadata.every(roundTrips) && TEMPLATE_WORDS.every(roundTrips);
    return true;
  });
  const chosen = new Set(names.filter(() => rng.chance(EACH)));
  if (chosen.size === 0 && names.length > 0) chosen.add(rng.pick(names));
  if (chosen.has('noHeadings')) chosen.delete('parenHeadings');

  const v: Variants = {
    extraActiveRow: null,
    numbering: 'template',
    swap: null,
    splitHeaders: chosen.has('splitHeaders'),
    zeroMarks: null,
    blankTotals: [],
    traditional: chosen.has('traditional'),
    numeralDate: chosen.has('numeralDate'),
    headings: chosen.has('noHeadings') ? 'none' : chosen.has('parenHeadings') ? 'paren' : 'template',
  };
  if (chosen.has('extraActiveRow')) {
    const issued = rng.int(0, 30);
    v.extraActiveRow = {
      label: '其他主动公开文件',
      values: [issued, rng.int(0, 5), issued + rng.int(0, 200)],
    };
  }
  if (chosen.has('numbering')) {
    // `(1)` in one-line text would glue its digit to the numbers before it
    const kinds: Numbering[] =
      layout === 'oneline' ? ['none', 'circled', 'dunhao'] : ['none', 'paren', 'circled', 'dunhao'];
    v.numbering = rng.pick(kinds);
  }
  if (chosen.has('swap')) v.swap = drawSwap(rng, form);
  if (chosen.has('zeroMarks')) v.zeroMarks = ZERO_MARKS[layout] ?? null;
  if (chosen.has('blankTotals')) {
    // the four rows the form's own identity reads keep their totals; others are left blank at random
    const keep = new Set([
      RowCode.NEW_RECEIVED,
      RowCode.CARRIED_OVER,
      RowCode.TOTAL_PROCESSED,
      RowCode.CARRIED_FORWARD,
    ]);
    const faultRow = fault?.kind === 'missingCell' || fault?.kind === 'rowTotal' ? fault.where : null;
    v.blankTotals = APPLICATION_ROWS[form].filter((r) => !keep.has(r) && r !== faultRow && rng.chance(0.6));
    if (v.blankTotals.length === 0) v.blankTotals = [RowCode.GRANTED];
  }
  return v;
}

/** Two rows of one group, neither the group's first (which carries the merged group label). */
function drawSwap(rng: Rng, form: FormVersion): Variants['swap'] {
  if (rng.chance(0.4)) {
    const ad = ACTIVE_DISCLOSURE_LAYOUT[form].map((s) => s.row);
    const pairs: Array<[RowCode, RowCode]> = [[RowCode.PUNISHMENT, RowCode.ENFORCEMENT]];
    if (ad.includes(RowCode.OTHER_MANAGEMENT_SERVICES))
      pairs.push([RowCode.LICENSING, RowCode.OTHER_MANAGEMENT_SERVICES]);
    const [a, b] = rng.pick(pairs);
    return { table: TableCode.ACTIVE_DISCLOSURE, a, b };
  }
  const pairs: Array<[RowCode, RowCode]> = [
    [RowCode.REFUSED_LAW_PROHIBITED, RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY],
    [RowCode.REFUSED_PROCESS_INFORMATION, RowCode.REFUSED_ENFORCEMENT_CASE_FILE],
    [RowCode.UNABLE_NEEDS_CREATION, RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION],
    [RowCode.NOT_PROCESSED_REPEATED, RowCode.NOT_PROCESSED_PUBLICATION],
  ];
  if (form === FormVersion.V2021)
    pairs.push([RowCode.OTHER_DISPOSAL_FEE_UNPAID, RowCode.OTHER_DISPOSAL_OTHER]);
  const [a, b] = rng.pick(pairs);
  return { table: TableCode.APPLICATIONS, a, b };
}

// --- traditional characters

let toTw: ((s: string) => string) | undefined;
let fromTw: Array<(s: string) => string> | undefined;

/** Simplified → traditional (Taiwan standard), as a Taiwanese or Hong Kong mirror of a page prints it. */
export function toTraditional(s: string): string {
  const convert = (toTw ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(s);
}

/**
 * Whether a string reads back the same from traditional, whichever converter a reader uses
 * (tw → cn or t → cn): only then is the truth's simplified text what a reader can give.
 */
function roundTrips(s: string): boolean {
  const back = (fromTw ??= [
    OpenCC.Converter({ from: 'tw', to: 'cn' }),
    OpenCC.Converter({ from: 't', to: 'cn' }),
  ]);
  const t = toTraditional(s);
  return back.every((convert) => convert(t) === s);
}

/** Words of the template the reader must recognise in traditional print. */
const TEMPLATE_WORDS = [
  '政府信息公开工作年度报告',
  '总体情况主动公开政府信息情况收到和处理政府信息公开申请情况政府信息公开行政复议、行政诉讼情况存在的主要问题及改进情况其他需要报告的事项',
  '第二十条信息内容本年制发件数本年废止件数现行有效件数本年新制作数量本年新公开数量对外公开总数量',
  '规章行政规范性文件行政许可其他对外管理服务事项行政处罚行政强制行政事业性收费政府集中采购',
  '申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构',
  '本年新收政府信息公开申请数量上年结转本年度办理结果予以公开部分公开不予公开属于国家秘密其他法律行政法规禁止公开',
  '危及三安全一稳定保护第三方合法权益属于三类内部事务信息四类过程性信息行政执法案卷行政查询事项',
  '无法提供本机关不掌握相关政府信息没有现成信息需要另行制作补正后申请内容仍不明确',
  '不予处理信访举报投诉类申请重复申请要求提供公开出版物无正当理由大量反复申请要求行政机关确认或重新出具已获取信息',
  '其他处理申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请逾期未按收费通知要求缴纳费用总计结转下年度继续办理',
  '行政复议行政诉讼结果维持结果纠正其他结果尚未审结未经复议直接起诉复议后起诉',
];
