/**
 * Recognising the printed row labels of the template. Labels are matched on distinctive words,
 * not whole strings, so that reworded or damaged labels (lost characters, a page break inside a
 * label) still match; group labels such as `(三)不予公开` or `三、本年度办理结果` match no row.
 * Input is a compact (half-width, whitespace-free) label.
 */
import { RowCode } from '../domain/codes';
import { similarity } from './text';

type Test = (s: string) => boolean;

const has =
  (...words: string[]): Test =>
  (s) =>
    words.some((w) => s.includes(w));

/** Circled and parenthesised numbers as ordinals (①其他, ⑶其他, ⒊其他). */
const ENCLOSED_ORDINAL = /^[\u2460-\u249b\u24ea\u2776-\u2793]/;

/** Strips a leading ordinal such as `1.`, `(一)`, `三、`, `第(一)项`, `①`. */
export function stripOrdinal(s: string): string {
  if (ENCLOSED_ORDINAL.test(s)) return s.slice(1);
  let i = 0;
  const n = Math.min(s.length, 8);
  if (s[0] === '(' || s[0] === '[') {
    const close = s.indexOf(')', 1);
    if (close > 0 && close <= 4) i = close + 1;
  } else {
    while (i < n && /[0-9一二三四五六七八九十]/.test(s[i] as string)) i++;
    if (i > 0 && i < s.length && '.、,:)'.includes(s[i] as string)) i++;
    else i = 0;
  }
  return s.slice(i);
}

const APPLICATION_MATCHERS: ReadonlyArray<{ row: RowCode; test: Test }> = [
  {
    row: RowCode.NEW_RECEIVED,
    test: (s) => s.includes('新收') || (s.includes('本年') && s.includes('申请数量') && !s.includes('结转')),
  },
  { row: RowCode.CARRIED_OVER, test: has('上年结转', '上年度结转', '上一年结转', '上年度未办结') },
  { row: RowCode.GRANTED, test: has('予以公开') },
  { row: RowCode.PARTIALLY_GRANTED, test: has('部分公开') },
  { row: RowCode.REFUSED_STATE_SECRET, test: has('国家秘密') },
  { row: RowCode.REFUSED_LAW_PROHIBITED, test: has('禁止公开') },
  { row: RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY, test: has('三安全', '一稳定') },
  { row: RowCode.REFUSED_THIRD_PARTY_RIGHTS, test: has('第三方') },
  { row: RowCode.REFUSED_INTERNAL_AFFAIRS, test: has('内部事务') },
  { row: RowCode.REFUSED_PROCESS_INFORMATION, test: has('过程性') },
  { row: RowCode.REFUSED_ENFORCEMENT_CASE_FILE, test: has('执法案卷') },
  { row: RowCode.REFUSED_ADMINISTRATIVE_QUERY, test: has('行政查询', '查询事项') },
  { row: RowCode.UNABLE_NOT_HELD, test: has('不掌握') },
  { row: RowCode.UNABLE_NEEDS_CREATION, test: has('另行制作', '现成信息') },
  { row: RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION, test: has('仍不明确', '补正后') },
  { row: RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT, test: has('信访', '举报投诉') },
  { row: RowCode.NOT_PROCESSED_REPEATED, test: has('重复申请') },
  { row: RowCode.NOT_PROCESSED_PUBLICATION, test: has('出版物') },
  { row: RowCode.NOT_PROCESSED_EXCESSIVE, test: has('大量反复', '大量申请') },
  { row: RowCode.NOT_PROCESSED_CONFIRMATION, test: has('确认或重新', '重新出具', '已获取') },
  { row: RowCode.OTHER_DISPOSAL_NO_CORRECTION, test: has('不补正') },
  { row: RowCode.OTHER_DISPOSAL_FEE_UNPAID, test: has('缴纳费用', '收费通知', '未缴费', '缴费') },
  { row: RowCode.OTHER_DISPOSAL_OTHER, test: (s) => stripOrdinal(s) === '其他' },
  { row: RowCode.OTHER_DISPOSAL, test: (s) => stripOrdinal(s).startsWith('其他处理') },
  { row: RowCode.TOTAL_PROCESSED, test: (s) => stripOrdinal(s) === '总计' || stripOrdinal(s) === '合计' },
  { row: RowCode.CARRIED_FORWARD, test: has('结转下年', '下年度继续', '继续办理') },
];

const ACTIVE_MATCHERS: ReadonlyArray<{ row: RowCode; test: Test }> = [
  { row: RowCode.REGULATIONS, test: (s) => s.includes('规章') && !s.includes('规范性') },
  { row: RowCode.NORMATIVE_DOCUMENTS, test: has('规范性文件') },
  { row: RowCode.LICENSING, test: has('行政许可') },
  { row: RowCode.OTHER_MANAGEMENT_SERVICES, test: has('对外管理服务', '其他对外管理') },
  { row: RowCode.PUNISHMENT, test: has('行政处罚') },
  { row: RowCode.ENFORCEMENT, test: has('行政强制') },
  { row: RowCode.FEES, test: has('事业性收费') },
  { row: RowCode.PROCUREMENT, test: has('集中采购', '政府采购') },
];

/**
 * Labels repeat across reports, so answers are memoized; the cache is bounded (cleared when
 * full) and its contents never change an answer, so parsing stays deterministic.
 */
const MAX_CACHE = 4096;
function memo(fn: (label: string) => RowCode[]): (label: string) => readonly RowCode[] {
  const cache = new Map<string, readonly RowCode[]>();
  return (label) => {
    let rows = cache.get(label);
    if (rows === undefined) {
      if (cache.size >= MAX_CACHE) cache.clear();
      rows = Object.freeze(label.length > 200 ? [] : fn(label));
      cache.set(label, rows);
    }
    return rows;
  };
}

/**
 * The template's printed row labels (compact, without their ordinals), for labels that no
 * distinctive word matches: OCR misreads characters (沭→沐, 己→已), and such a label is still
 * closest to its own row.
 */
const APPLICATION_LABELS: ReadonlyArray<readonly [RowCode, string]> = [
  [RowCode.NEW_RECEIVED, '本年新收政府信息公开申请数量'],
  [RowCode.CARRIED_OVER, '上年结转政府信息公开申请数量'],
  [RowCode.GRANTED, '予以公开'],
  [RowCode.PARTIALLY_GRANTED, '部分公开(区分处理的,只计这一情形,不计其他情形)'],
  [RowCode.REFUSED_STATE_SECRET, '属于国家秘密'],
  [RowCode.REFUSED_LAW_PROHIBITED, '其他法律行政法规禁止公开'],
  [RowCode.REFUSED_THREE_SECURITY_ONE_STABILITY, '危及“三安全一稳定”'],
  [RowCode.REFUSED_THIRD_PARTY_RIGHTS, '保护第三方合法权益'],
  [RowCode.REFUSED_INTERNAL_AFFAIRS, '属于三类内部事务信息'],
  [RowCode.REFUSED_PROCESS_INFORMATION, '属于四类过程性信息'],
  [RowCode.REFUSED_ENFORCEMENT_CASE_FILE, '属于行政执法案卷'],
  [RowCode.REFUSED_ADMINISTRATIVE_QUERY, '属于行政查询事项'],
  [RowCode.UNABLE_NOT_HELD, '本机关不掌握相关政府信息'],
  [RowCode.UNABLE_NEEDS_CREATION, '没有现成信息需要另行制作'],
  [RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION, '补正后申请内容仍不明确'],
  [RowCode.NOT_PROCESSED_PETITION_OR_COMPLAINT, '信访举报投诉类申请'],
  [RowCode.NOT_PROCESSED_REPEATED, '重复申请'],
  [RowCode.NOT_PROCESSED_PUBLICATION, '要求提供公开出版物'],
  [RowCode.NOT_PROCESSED_EXCESSIVE, '无正当理由大量反复申请'],
  [RowCode.NOT_PROCESSED_CONFIRMATION, '要求行政机关确认或重新出具已获取信息'],
  [RowCode.OTHER_DISPOSAL_NO_CORRECTION, '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  [
    RowCode.OTHER_DISPOSAL_FEE_UNPAID,
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  ],
  [RowCode.CARRIED_FORWARD, '结转下年度继续办理'],
  // the 2019 form's one 其他处理 row (a misread 其他外理 is closest to it; in the 2021 form, where
  // 其他处理 is a group, the row is not in the template and the label names nothing)
  [RowCode.OTHER_DISPOSAL, '其他处理'],
];

const ACTIVE_LABELS: ReadonlyArray<readonly [RowCode, string]> = [
  [RowCode.REGULATIONS, '规章'],
  [RowCode.NORMATIVE_DOCUMENTS, '行政规范性文件'],
  [RowCode.LICENSING, '行政许可'],
  [RowCode.OTHER_MANAGEMENT_SERVICES, '其他对外管理服务事项'],
  [RowCode.PUNISHMENT, '行政处罚'],
  [RowCode.ENFORCEMENT, '行政强制'],
  [RowCode.FEES, '行政事业性收费'],
  [RowCode.PROCUREMENT, '政府集中采购'],
];

/** Group labels of the applications table: close to some rows' labels, never a row themselves. */
const GROUP_LABELS = /^(?:本年度办理结果|不予公开|无法提供|不予处理|其他处理|申请人情况|法人或其他组织)$/;

/** Similarity a misread label needs to its row, and its lead over the next closest row. */
const TOLERANT_MIN = 0.75;
const TOLERANT_LEAD = 0.1;
/** Labels shorter than this are too little evidence for a tolerant match. */
const TOLERANT_MIN_CHARS = 4;

function closestRow(label: string, labels: ReadonlyArray<readonly [RowCode, string]>): RowCode[] {
  let s = stripOrdinal(label);
  // a group label printed in the same cell (三、本年度办理结果(一)予以公开 → 予以公开)
  s = stripOrdinal(
    s.replace(
      /^(?:[一二三四五六七]、)?(?:本年度办理结果)?(?:\([一二三四五六七]\))?(?:不予公开|无法提供|不予处理|其他处理)?/,
      '',
    ),
  );
  if (s.length < TOLERANT_MIN_CHARS || s.length > 60 || GROUP_LABELS.test(s)) return [];
  let best: RowCode | null = null;
  let bestScore = 0;
  let second = 0;
  for (const [row, text] of labels) {
    const score = similarity(s, text);
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = row;
    } else if (score > second) second = score;
  }
  return best !== null && bestScore >= TOLERANT_MIN && bestScore - second >= TOLERANT_LEAD ? [best] : [];
}

/** Rows a label could be (usually one). */
export const applicationRowsFor = memo((label) => {
  const rows = APPLICATION_MATCHERS.filter((m) => m.test(label)).map((m) => m.row);
  return rows.length > 0 ? rows : closestRow(label, APPLICATION_LABELS);
});

/**
 * Column headers of section two (both forms) and the sub-tables' captions, printed before a row's
 * label in the same cell when a page lost its cell boundaries (one-line text, some PDFs).
 */
const ACTIVE_HEADERS =
  /第二十条(?:第\(?[一二三四五六七八九十]+\)?项)?|信息内容|本年(?:制发|废止)件数|现行有效件数|(?:本年)?处理决定数量|本年收费金额(?:\(单位:?万元\))?|本年新(?:制作|公开)数量|对外公开总数量|上一年项目数量|本年增\/?减|采购项目数量|采购总金额(?:\(单位:?万元\))?|\(单位:?万元\)/g;

export const activeRowsFor = memo((input) => {
  const label = input.replace(ACTIVE_HEADERS, '');
  // headers such as 本年收费金额 or 采购项目数量 are not rows
  if (label.includes('数量') || label.includes('金额') || label.includes('件数')) return [];
  const rows = ACTIVE_MATCHERS.filter((m) => m.test(label)).map((m) => m.row);
  return rows.length > 0 ? rows : closestRow(label, ACTIVE_LABELS);
});
