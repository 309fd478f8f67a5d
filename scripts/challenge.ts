/**
 * The independent challenge set of issue #13 (test/fixtures/challenge/): the five real seeds'
 * hand-checked values (test/fixtures/corpus/golden) re-rendered the ways real sites and tools
 * publish them — CMS and Word-exported HTML, text copied from a browser, pdftotext -layout of a
 * printed page, the PDF itself, grid and pipe markdown from converters, OCR text — written here,
 * on purpose without src/synth (whose renderers share the reader's assumptions). Each file has a
 * `.expected.json` derived mechanically from the golden values: the figures as printed.
 *
 *   node -r @swc-node/register scripts/challenge.ts [class…]   # writes the fixtures (PDFs need chromium)
 *
 * Deterministic (a seeded PRNG), so the fixtures can be regenerated and reviewed as a diff.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'corpus', 'golden');
const OUT = path.join(ROOT, 'test', 'fixtures', 'challenge');

// ---------------------------------------------------------------- randomness

function prng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number) => r() < p;

// ---------------------------------------------------------------- the seeds' values

interface Golden {
  file: string;
  year: number;
  formatVersion: '2019' | '2021';
  agency: { nameInText: string };
  sectionContains: Record<string, string[]>;
  activeDisclosure: Record<string, Record<string, number>>;
  applications: Record<string, number[]>;
  reviewLitigation: Record<string, Record<string, number>> | null;
}

/** Seed 001 prints its review row with 16 cells for 15 columns (golden: flagged, not guessed). */
const SEED_001_REVIEW_AS_PRINTED = ['1', '4', '', '', '', '', '', '', '', '', '', '1', '', '', '5', ''];

// ---------------------------------------------------------------- the template's tables as grids

/** A printed cell: where it starts, its spans, and (numbers) the value it prints. */
interface Cell {
  text: string;
  rs?: number;
  cs?: number;
  head?: boolean;
  num?: boolean;
}
/** Rows of the cells that start in them (an HTML table's <tr>s). */
type Grid = Cell[][];

interface Numbering {
  top: (i: number) => string; // 一、
  group: (i: number) => string; // （一）
  item: (i: number) => string; // 1.
}
const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
const NUMBERINGS: Record<string, Numbering> = {
  standard: { top: (i) => `${CN[i]}、`, group: (i) => `（${CN[i]}）`, item: (i) => `${i + 1}.` },
  halfwidth: { top: (i) => `${CN[i]}、`, group: (i) => `(${CN[i]})`, item: (i) => `${i + 1}、` },
  paren: { top: (i) => `${CN[i]}、`, group: (i) => `（${CN[i]}）`, item: (i) => `（${i + 1}）` },
  bare: { top: () => '', group: () => '', item: () => '' },
  arabic: { top: (i) => `${i + 1}.`, group: (i) => `（${i + 1}）`, item: (i) => `${i + 1})` },
};

interface Fmt {
  /** How a zero is printed, chosen per cell. */
  zero: (r: Rand) => string;
  thousands: boolean;
  negative: (n: number) => string;
  money: (n: number) => string;
}

function num(fmt: Fmt, r: Rand, v: number, signed = false): Cell {
  if (v === 0) return { text: fmt.zero(r), num: true };
  if (v < 0) return { text: fmt.negative(-v), num: true };
  let t = String(v);
  if (fmt.thousands && Number.isInteger(v) && v >= 1000) t = v.toLocaleString('en-US');
  if (signed && chance(r, 0.3)) t = `增${t}`;
  return { text: t, num: true };
}

const AD_HEAD_2021 = ['本年制发件数', '本年废止件数', '现行有效件数'];
const AD_HEAD_2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量'];
const ITEMS_2019 = ['上一年项目数量', '本年增/减', '处理决定数量'];

function activeGrid(g: Golden, fmt: Fmt, r: Rand): Grid {
  const v = g.activeDisclosure;
  const n = (row: string, col: string, signed = false) => num(fmt, r, v[row]?.[col] ?? 0, signed);
  const art = (x: string): Cell[] => [{ text: `第二十条第（${x}）项`, cs: 4, head: true }];
  if (g.formatVersion === '2021') {
    const one = (label: string, row: string, col: string): Cell[] => [
      { text: label },
      { ...n(row, col), cs: 3 },
    ];
    return [
      art('一'),
      [{ text: '信息内容', head: true }, ...AD_HEAD_2021.map((t) => ({ text: t, head: true }))],
      [
        { text: '规章' },
        n('regulations', 'issued'),
        n('regulations', 'repealed'),
        n('regulations', 'inForce'),
      ],
      [
        { text: '行政规范性文件' },
        n('normativeDocuments', 'issued'),
        n('normativeDocuments', 'repealed'),
        n('normativeDocuments', 'inForce'),
      ],
      art('五'),
      [
        { text: '信息内容', head: true },
        { text: '本年处理决定数量', cs: 3, head: true },
      ],
      one('行政许可', 'licensing', 'decisions'),
      art('六'),
      [
        { text: '信息内容', head: true },
        { text: '本年处理决定数量', cs: 3, head: true },
      ],
      one('行政处罚', 'punishment', 'decisions'),
      one('行政强制', 'enforcement', 'decisions'),
      art('八'),
      [
        { text: '信息内容', head: true },
        { text: '本年收费金额（单位：万元）', cs: 3, head: true },
      ],
      [{ text: '行政事业性收费' }, { text: fmt.money(v.fees?.amount ?? 0), num: true, cs: 3 }],
    ];
  }
  const three = (label: string, row: string): Cell[] => [
    { text: label },
    n(row, 'previousYearItems'),
    n(row, 'itemChange', true),
    n(row, 'decisions'),
  ];
  return [
    art('一'),
    [{ text: '信息内容', head: true }, ...AD_HEAD_2019.map((t) => ({ text: t, head: true }))],
    [
      { text: '规章' },
      n('regulations', 'newlyMade'),
      n('regulations', 'newlyPublished'),
      n('regulations', 'totalPublished'),
    ],
    [
      { text: '规范性文件' },
      n('normativeDocuments', 'newlyMade'),
      n('normativeDocuments', 'newlyPublished'),
      n('normativeDocuments', 'totalPublished'),
    ],
    art('五'),
    [{ text: '信息内容', head: true }, ...ITEMS_2019.map((t) => ({ text: t, head: true }))],
    three('行政许可', 'licensing'),
    three('其他对外管理服务事项', 'otherManagementServices'),
    art('六'),
    [{ text: '信息内容', head: true }, ...ITEMS_2019.map((t) => ({ text: t, head: true }))],
    three('行政处罚', 'punishment'),
    three('行政强制', 'enforcement'),
    art('八'),
    [
      { text: '信息内容', head: true },
      { text: '上一年项目数量', head: true },
      { text: '本年增/减', cs: 2, head: true },
    ],
    [{ text: '行政事业性收费' }, n('fees', 'previousYearItems'), { ...n('fees', 'itemChange', true), cs: 2 }],
    art('九'),
    [
      { text: '信息内容', head: true },
      { text: '采购项目数量', head: true },
      { text: '采购总金额', cs: 2, head: true },
    ],
    [
      { text: '政府集中采购' },
      n('procurement', 'projects'),
      { text: fmt.money(v.procurement?.amount ?? 0), num: true, cs: 2 },
    ],
  ];
}

const REFUSED = [
  ['stateSecret', '属于国家秘密'],
  ['lawProhibited', '其他法律行政法规禁止公开'],
  ['threeSecurityOneStability', '危及“三安全一稳定”'],
  ['thirdPartyRights', '保护第三方合法权益'],
  ['internalAffairs', '属于三类内部事务信息'],
  ['processInformation', '属于四类过程性信息'],
  ['enforcementCaseFile', '属于行政执法案卷'],
  ['administrativeQuery', '属于行政查询事项'],
];
const UNABLE = [
  ['notHeld', '本机关不掌握相关政府信息'],
  ['needsCreation', '没有现成信息需要另行制作'],
  ['unclearAfterCorrection', '补正后申请内容仍不明确'],
];
const NOT_PROCESSED = [
  ['petitionOrComplaint', '信访举报投诉类申请'],
  ['repeated', '重复申请'],
  ['publication', '要求提供公开出版物'],
  ['excessive', '无正当理由大量反复申请'],
  ['confirmation', '要求行政机关确认或重新出具已获取信息'],
];
const OTHER_DISPOSAL = [
  ['noCorrection', '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  ['feeUnpaid', '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  ['other', '其他'],
];

function applicationsGrid(g: Golden, fmt: Fmt, r: Rand, nb: Numbering): Grid {
  const nums = (code: string): Cell[] => (g.applications[code] ?? []).map((v) => num(fmt, r, v));
  const grid: Grid = [
    [
      {
        text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        cs: 3,
        rs: 3,
        head: true,
      },
      { text: '申请人情况', cs: 7, head: true },
    ],
    [
      { text: '自然人', rs: 2, head: true },
      { text: '法人或其他组织', cs: 5, head: true },
      { text: '总计', rs: 2, head: true },
    ],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((t) => ({ text: t, head: true })),
    [{ text: `${nb.top(0)}本年新收政府信息公开申请数量`, cs: 3 }, ...nums('newReceived')],
    [{ text: `${nb.top(1)}上年结转政府信息公开申请数量`, cs: 3 }, ...nums('carriedOver')],
  ];
  const groups: Array<[string, string[][]]> = [
    ['refused', REFUSED],
    ['unableToProvide', UNABLE],
    ['notProcessed', NOT_PROCESSED],
  ];
  const resultRows: Grid = [
    [{ text: `${nb.group(0)}予以公开`, cs: 2 }, ...nums('granted')],
    [
      { text: `${nb.group(1)}部分公开（区分处理的，只计这一情形，不计其他情形）`, cs: 2 },
      ...nums('partiallyGranted'),
    ],
  ];
  const groupLabels = ['不予公开', '无法提供', '不予处理'];
  groups.forEach(([prefix, items], gi) => {
    items.forEach(([code, label], ii) => {
      const row: Cell[] = [];
      if (ii === 0) row.push({ text: `${nb.group(gi + 2)}${groupLabels[gi]}`, rs: items.length });
      row.push({ text: `${nb.item(ii)}${label}` }, ...nums(`${prefix}.${code}`));
      resultRows.push(row);
    });
  });
  if (g.formatVersion === '2021') {
    OTHER_DISPOSAL.forEach(([code, label], ii) => {
      const row: Cell[] = [];
      if (ii === 0) row.push({ text: `${nb.group(5)}其他处理`, rs: 3 });
      row.push({ text: `${nb.item(ii)}${label}` }, ...nums(`otherDisposal.${code}`));
      resultRows.push(row);
    });
  } else resultRows.push([{ text: `${nb.group(5)}其他处理`, cs: 2 }, ...nums('otherDisposal')]);
  resultRows.push([{ text: `${nb.group(6)}总计`, cs: 2 }, ...nums('totalProcessed')]);
  (resultRows[0] as Cell[]).unshift({ text: `${nb.top(2)}本年度办理结果`, rs: resultRows.length });
  grid.push(...resultRows);
  grid.push([{ text: `${nb.top(3)}结转下年度继续办理`, cs: 3 }, ...nums('carriedForward')]);
  return grid;
}

const REVIEW_HEAD = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const REVIEW_ROWS = ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'];
const REVIEW_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];

function reviewGrid(g: Golden, fmt: Fmt, r: Rand, asRows: boolean): Grid {
  const h = (t: string, extra: Partial<Cell> = {}): Cell => ({ text: t, head: true, ...extra });
  const review = g.reviewLitigation;
  if (asRows && review) {
    const labels = ['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）'];
    return [
      [h('类别'), ...REVIEW_HEAD.map((t) => h(t))],
      ...REVIEW_ROWS.map((row, i) => [
        { text: labels[i] as string },
        ...REVIEW_COLS.map((c) => num(fmt, r, review[row]?.[c] ?? 0)),
      ]),
    ];
  }
  const values: Cell[] = g.reviewLitigation
    ? REVIEW_ROWS.flatMap((row) => REVIEW_COLS.map((c) => num(fmt, r, g.reviewLitigation?.[row]?.[c] ?? 0)))
    : SEED_001_REVIEW_AS_PRINTED.map((t) => ({ text: t === '' ? '' : t, num: true }));
  return [
    [h('行政复议', { cs: 5 }), h('行政诉讼', { cs: 10 })],
    [
      ...REVIEW_HEAD.map((t) => h(t, { rs: 2 })),
      h('未经复议直接起诉', { cs: 5 }),
      h('复议后起诉', { cs: 5 }),
    ],
    [...REVIEW_HEAD.map((t) => h(t)), ...REVIEW_HEAD.map((t) => h(t))],
    values,
  ];
}

// ---------------------------------------------------------------- grids as a full matrix

interface Placed {
  cell: Cell;
  origin: boolean;
  /** The cell is covered by a rowspan from above (not a colspan on the left). */
  fromAbove: boolean;
}

/** The grid resolved onto rows × columns (each position knows the cell covering it). */
function matrix(grid: Grid): Placed[][] {
  const out: Placed[][] = [];
  grid.forEach((row, ri) => {
    out[ri] ??= [];
    let c = 0;
    for (const cell of row) {
      while (out[ri]?.[c]) c++;
      for (let dr = 0; dr < (cell.rs ?? 1); dr++) {
        for (let dc = 0; dc < (cell.cs ?? 1); dc++) {
          out[ri + dr] ??= [];
          (out[ri + dr] as Placed[])[c + dc] = { cell, origin: dr === 0 && dc === 0, fromAbove: dr > 0 };
        }
      }
      c += cell.cs ?? 1;
    }
  });
  return out.slice(0, grid.length);
}

// ---------------------------------------------------------------- a report as blocks

type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; n: number; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'caption'; text: string }
  | { kind: 'table'; grid: Grid; which: 'ad' | 'apps' | 'review' };

const TITLES: Record<number, string[]> = {
  1: ['总体情况'],
  2: ['主动公开政府信息情况'],
  3: ['收到和处理政府信息公开申请情况'],
  4: ['政府信息公开行政复议、行政诉讼情况', '因政府信息公开工作被申请行政复议、提起行政诉讼情况'],
  5: ['存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况'],
  6: ['其他需要报告的事项'],
};

type HeadingStyle = 'cn' | 'paren' | 'part' | 'spaced' | 'caption';

function heading(style: HeadingStyle, n: number, title: string): string {
  const c = CN[n - 1] as string;
  if (style === 'paren') return `（${c}）${title}`;
  if (style === 'part') return `第${c}部分 ${title}`;
  if (style === 'spaced') return `${c}、 ${title}`;
  return `${c}、${title}`;
}

interface Plan {
  headings: HeadingStyle;
  numbering: string;
  fmt: Fmt;
  /** The review table as three labelled rows of five (a local variant), not one row of fifteen. */
  reviewRows: boolean;
  /** HTML: each table's section heading printed as the table's first row. */
  headingInTable: boolean;
  /** Text: the applications table runs over a page, its footer left inside it. */
  pageBreak: boolean;
}

function blocks(g: Golden, plan: Plan, r: Rand): Block[] {
  const agency = g.agency.nameInText;
  const title = (n: number) => heading(plan.headings, n, pick(r, TITLES[n] as string[]));
  const contains = (n: number) => (g.sectionContains[String(n)] ?? []).join('，');
  const out: Block[] = [
    { kind: 'title', text: `${agency}${g.year}年政府信息公开工作年度报告` },
    {
      kind: 'para',
      text: `本报告依据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自${g.year}年1月1日起至${g.year}年12月31日止。`,
    },
    { kind: 'heading', n: 1, text: title(1) },
    {
      kind: 'para',
      text: `${g.year}年，${agency}坚持以公开为常态、不公开为例外，${contains(1)}。全年召开专题会议3次，组织业务培训2期。`,
    },
    { kind: 'para', text: '（一）主动公开' },
    { kind: 'para', text: '围绕重点领域信息公开，及时发布政策文件、财政预决算和重大项目信息。' },
    { kind: 'para', text: '（二）依申请公开' },
    { kind: 'para', text: '严格按照法定程序和时限办理政府信息公开申请，做到依法答复。' },
    { kind: 'heading', n: 2, text: title(2) },
  ];
  const caption = (t: string) => {
    if (plan.headings === 'caption') out.push({ kind: 'caption', text: t });
  };
  const nb = NUMBERINGS[plan.numbering] as Numbering;
  caption('表一');
  out.push({ kind: 'table', grid: activeGrid(g, plan.fmt, r), which: 'ad' });
  out.push({ kind: 'heading', n: 3, text: title(3) });
  caption('表二');
  out.push({ kind: 'table', grid: applicationsGrid(g, plan.fmt, r, nb), which: 'apps' });
  out.push({ kind: 'heading', n: 4, text: title(4) });
  caption('表三');
  out.push({ kind: 'table', grid: reviewGrid(g, plan.fmt, r, plan.reviewRows), which: 'review' });
  out.push({ kind: 'heading', n: 5, text: title(5) });
  out.push({
    kind: 'para',
    text: `${g.year}年，我单位政府信息公开工作取得一定成效，但${contains(5)}。下一步，将进一步加强培训，提升公开质量。`,
  });
  out.push({ kind: 'heading', n: 6, text: title(6) });
  out.push({ kind: 'para', text: contains(6) || '无。' });
  return out;
}

// ---------------------------------------------------------------- renderers: HTML

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlCell(cell: Cell, kind: 'cms' | 'word', r: Rand, useTh: boolean): string {
  const span = `${cell.rs && cell.rs > 1 ? ` rowspan="${cell.rs}"` : ''}${cell.cs && cell.cs > 1 ? ` colspan="${cell.cs}"` : ''}`;
  const tag = useTh && cell.head ? 'th' : 'td';
  if (kind === 'cms') {
    const text = cell.text === '' ? '&nbsp;' : esc(cell.text).replace(/ /g, '&nbsp;');
    const inner = chance(r, 0.5)
      ? `<p style="text-align:center;line-height:1.5em"><span style="font-family:仿宋_GB2312;font-size:14px">${text}</span></p>`
      : `<span style="font-size:16px">${text}</span>`;
    return `<${tag}${span} valign="middle" style="border:1px solid #000;word-break:break-all">${inner}</${tag}>`;
  }
  // Word's HTML: labels split over runs of spans; empty cells hold <o:p>&nbsp;</o:p>
  let inner: string;
  if (cell.text === '') inner = `<span lang=EN-US style='font-size:10.5pt'><o:p>&nbsp;</o:p></span>`;
  else if (cell.num)
    inner = `<span lang=EN-US style='font-size:10.5pt;font-family:"Times New Roman"'>${esc(cell.text)}<o:p></o:p></span>`;
  else {
    const parts: string[] = [];
    let rest = cell.text;
    while (rest.length > 0) {
      const k = Math.max(1, Math.min(rest.length, 1 + Math.floor(r() * 6)));
      parts.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    inner = parts
      .map(
        (p) =>
          `<span style='font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman"'>${esc(p)}</span>`,
      )
      .join('');
    inner += `<span lang=EN-US style='font-size:10.5pt'><o:p></o:p></span>`;
  }
  return `<td${span.replace(/"/g, '')} width=${40 + Math.floor(r() * 60)} valign=top style='width:${(30 + r() * 40).toFixed(1)}pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>${inner}</p></td>`;
}

function htmlTable(
  grid: Grid,
  kind: 'cms' | 'word',
  r: Rand,
  opts: { th: boolean; splitHeader: boolean },
): string {
  const open =
    kind === 'word'
      ? `<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>`
      : `<table width="100%" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">`;
  const tr = (row: Cell[]) =>
    `<tr${kind === 'word' ? " style='mso-yfti-irow:0;height:20.0pt'" : ''}>${row.map((c) => htmlCell(c, kind, r, opts.th)).join('')}</tr>`;
  const headRows = grid.findIndex((row) => !row.every((c) => c.head));
  if (opts.splitHeader && headRows > 0) {
    // some sites print the header as its own table just above the body
    return `${open}<tbody>${grid.slice(0, headRows).map(tr).join('\n')}</tbody></table>\n${open}<tbody>${grid
      .slice(headRows)
      .map(tr)
      .join('\n')}</tbody></table>`;
  }
  return `${open}<tbody>\n${grid.map(tr).join('\n')}\n</tbody></table>`;
}

/** A section heading right before a table becomes the table's first row (some CMS templates). */
function headingsInTables(bs: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i] as Block;
    const next = bs[i + 1];
    if (b.kind === 'heading' && next?.kind === 'table') {
      const width = Math.max(...matrix(next.grid).map((row) => row.length));
      out.push({ ...next, grid: [[{ text: b.text, cs: width, head: true }], ...next.grid] });
      i++;
    } else out.push(b);
  }
  return out;
}

function renderHtml(
  bs: Block[],
  kind: 'cms' | 'word',
  r: Rand,
  opts: { th: boolean; splitHeader: boolean; layoutTable: boolean; headingInTable?: boolean },
): string {
  const body: string[] = [];
  if (opts.headingInTable) bs = headingsInTables(bs);
  for (const b of bs) {
    if (b.kind === 'title')
      body.push(
        kind === 'word'
          ? `<p class=MsoTitle align=center><b><span style='font-size:22pt'>${esc(b.text)}</span></b></p>`
          : `<h1 class="article-title">${esc(b.text)}</h1>`,
      );
    else if (b.kind === 'heading')
      body.push(
        kind === 'word'
          ? `<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>${esc(b.text)}<o:p></o:p></span></b></p>`
          : `<p style="text-indent:2em;"><strong><span style="font-family:黑体">${esc(b.text)}</span></strong></p>`,
      );
    else if (b.kind === 'para' || b.kind === 'caption')
      body.push(
        kind === 'word'
          ? `<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span style='font-family:仿宋_GB2312'>${esc(b.text)}</span></p>`
          : `<p style="text-indent:2em;line-height:2em;">${esc(b.text)}</p>`,
      );
    else body.push(htmlTable(b.grid, kind, r, opts));
  }
  const article =
    kind === 'word'
      ? `<div class=WordSection1 style='layout-grid:15.6pt'>\n${body.join('\n')}\n</div>`
      : `<div class="TRS_Editor"><div class="view TRS_UEDITOR trs_paper_default trs_web">\n${body.join('\n')}\n</div></div>`;
  const main = opts.layoutTable
    ? `<table width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td class="content">${article}</td></tr></table>`
    : `<div class="container"><div class="main-content"><div class="article">${article}</div></div></div>`;
  return `<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>政府信息公开工作年度报告</title>
<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px}</style></head>
<body><div class="header"><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
${main}
<div class="footer">主办单位：人民政府办公室\u3000网站标识码：4301000001\u3000扫一扫在手机打开当前页</div>
</body></html>
`;
}

// ---------------------------------------------------------------- renderers: text

function prose(
  bs: Block[],
  table: (b: Extract<Block, { kind: 'table' }>) => string,
  pageBreak?: (text: string) => string,
): string {
  return bs
    .map((b) => {
      if (b.kind !== 'table') return b.text;
      const t = table(b);
      return b.which === 'apps' && pageBreak ? pageBreak(t) : t;
    })
    .join('\n');
}

/** Text extracted from a paged document: a page's footer (and the next page's running title) inside the table. */
function pageBreaker(r: Rand): (text: string) => string {
  const page = 2 + Math.floor(r() * 6);
  const footer = pick(r, [`- ${page} -`, `— ${page} —`, `第 ${page} 页`, `第${page}页 共8页`]);
  const title = chance(r, 0.5) ? ['\f', '政府信息公开工作年度报告'] : ['\f'];
  return (text) => {
    const lines = text.split('\n');
    const at = Math.min(lines.length - 2, 8 + Math.floor(r() * 15));
    return [...lines.slice(0, at), '', footer, ...title, ...lines.slice(at)].join('\n');
  };
}

/** A table copied out of a browser: the cells that start in each row, tab-separated. */
function browserCopy(grid: Grid, join: (cells: string[], r: Rand) => string, r: Rand): string {
  return grid
    .map((row) =>
      join(
        row.map((c) => c.text),
        r,
      ),
    )
    .join('\n');
}

/** Cells one per line (some browsers and PDF viewers copy a table so). */
function onePerLine(grid: Grid): string {
  return grid.flatMap((row) => row.map((c) => (c.text === '' ? '\u00a0' : c.text))).join('\n');
}

/** Markdown converters: a full matrix, spanned cells repeated or blank. */
function flat(grid: Grid, spans: 'repeat' | 'blank'): string[][] {
  return matrix(grid).map((row) => row.map((p) => (p.origin || spans === 'repeat' ? p.cell.text : '')));
}

function pipeTable(rows: string[][], r: Rand, opts: { mergeHeader: boolean; pageBreakAt?: number }): string {
  const width = Math.max(...rows.map((x) => x.length));
  let head: string[];
  let body = rows;
  const headRows = rows.findIndex((row) =>
    row.some((c) => /^[-—/无0-9０-９,.，．增减万元件 ]+$|^$/.test(c) && c !== ''),
  );
  if (opts.mergeHeader && headRows > 1) {
    // a converter that merges a header spread over several rows into one row of cells
    head = Array.from({ length: width }, (_, c) =>
      [...new Set(rows.slice(0, headRows).map((row) => row[c] ?? ''))].filter((x) => x !== '').join(' '),
    );
    body = rows.slice(headRows);
  } else {
    head = rows[0] as string[];
    body = rows.slice(1);
  }
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const align = `|${Array.from({ length: width }, (_, i) => (i === 0 ? ':---' : pick(r, ['---:', ':---:', '---']))).join('|')}|`;
  const out = [line(head), align];
  body.forEach((row, i) => {
    if (opts.pageBreakAt !== undefined && i === opts.pageBreakAt) {
      // the table continues on the next page: the converter prints the header again
      out.push('', `<!-- page ${2 + Math.floor(r() * 5)} -->`, '', line(head), align);
    }
    out.push(line(row));
  });
  return out.join('\n');
}

const strWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (strWidth(cur + ch) > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** A pandoc-style grid table, long cells wrapped inside their column. */
function gridTable(rows: string[][], r: Rand): string {
  const width = Math.max(...rows.map((x) => x.length));
  const widths = Array.from({ length: width }, (_, c) =>
    Math.min(
      c === 0 ? 14 + Math.floor(r() * 8) : 10,
      Math.max(4, ...rows.map((row) => strWidth(row[c] ?? ''))),
    ),
  );
  const rule = (ch: string) => `+${widths.map((w) => ch.repeat(w + 2)).join('+')}+`;
  const out = [rule('-')];
  rows.forEach((row, ri) => {
    const cells = widths.map((w, c) => wrap(row[c] ?? '', w));
    const h = Math.max(...cells.map((x) => x.length));
    for (let k = 0; k < h; k++) {
      out.push(
        `|${widths
          .map((w, c) => {
            const t = (cells[c] as string[])[k] ?? '';
            return ` ${t}${' '.repeat(w - strWidth(t))} `;
          })
          .join('|')}|`,
      );
    }
    out.push(rule(ri === 0 ? '=' : '-'));
  });
  return out.join('\n');
}

// ---------------------------------------------------------------- OCR noise

const FULL = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** Characters an OCR engine confuses in these labels (the printed one → what it reads). */
const LABEL_CONFUSIONS: Record<string, string> = {
  已: '己',
  未: '末',
  理: '埋',
  请: '清',
  处: '外',
  数: '效',
  申: '甲',
  况: '兄',
  务: '各',
  结: '给',
  转: '传',
};

function ocrNumber(t: string, r: Rand): string {
  if (!/^[0-9,]+$/.test(t)) return t;
  const x = r();
  if (x < 0.12) return FULL(t);
  if (x < 0.18 && t.length > 1) return FULL(t.slice(0, 1)) + t.slice(1); // mixed widths
  if (x < 0.24 && /0/.test(t) && t.length > 1) return t.replace(/0/g, 'O');
  if (x < 0.3 && /1/.test(t) && t.length > 1) return t.replace(/1/g, 'l');
  if (x < 0.36 && t.replace(/,/g, '').length >= 4) {
    const d = t.replace(/,/g, '');
    return `${d.slice(0, d.length - 3)} ${d.slice(d.length - 3)}`;
  }
  return t;
}

function ocrLabel(t: string, r: Rand): string {
  if (!chance(r, 0.25)) return t;
  const chars = [...t];
  const at = chars.map((c, i) => (LABEL_CONFUSIONS[c] ? i : -1)).filter((i) => i >= 0);
  if (at.length === 0) return t;
  const i = pick(r, at);
  chars[i] = LABEL_CONFUSIONS[chars[i] as string] as string;
  return chars.join('');
}

function ocrGrid(grid: Grid, r: Rand): Grid {
  return grid.map((row) =>
    row.map((c) => ({ ...c, text: c.num ? ocrNumber(c.text, r) : c.head ? c.text : ocrLabel(c.text, r) })),
  );
}

// ---------------------------------------------------------------- PDF

function printPdf(html: string, pdf: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'challenge-'));
  const file = path.join(dir, 'page.html');
  fs.writeFileSync(file, html);
  execFileSync(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      `file://${file}`,
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- the set

export const CHALLENGE_CLASSES = [
  'html-cms',
  'html-word',
  'html-split',
  'text-tabs',
  'text-spaces',
  'text-lines',
  'pdftotext',
  'pdf',
  'md-pipe',
  'md-grid',
  'md-html',
  'ocr',
] as const;
export type ChallengeClass = (typeof CHALLENGE_CLASSES)[number];

function planFor(g: Golden, cls: ChallengeClass, r: Rand): Plan {
  const zeroSets: string[][] = [
    ['0'],
    ['0', '0', '0', ''],
    ['0', '——', '/'],
    ['无', '0'],
    ['0件', '0'],
    ['-', '0'],
    ['—'],
  ];
  // runs of spaces lose empty cells (a copy cannot show them): print zeros there
  const zeros =
    cls === 'text-spaces' || cls === 'md-grid' || cls === 'ocr'
      ? pick(r, [['0'], ['0', '——'], ['0', '/']])
      : pick(r, zeroSets);
  const fmt: Fmt = {
    zero: (rr) => pick(rr, zeros),
    thousands: chance(r, 0.5),
    negative: pick(r, [
      (n: number) => `-${n}`,
      (n: number) => `减${n}`,
      (n: number) => `－${n}`,
      (n: number) => `−${n}`,
    ]),
    money: pick(r, [
      (n: number) => (n === 0 ? '0' : String(n)),
      (n: number) => (n === 0 ? '0' : `${n}万元`),
      (n: number) => (n === 0 ? '0.00' : Number.isInteger(n) ? `${n}.00` : String(n)),
    ]),
  };
  return {
    headings: pick(r, ['cn', 'cn', 'paren', 'part', 'spaced', 'caption'] as HeadingStyle[]),
    numbering: pick(r, Object.keys(NUMBERINGS)),
    fmt,
    reviewRows: chance(r, 0.3),
    headingInTable: chance(r, 0.3),
    pageBreak: chance(r, 0.4),
  };
}

function render(g: Golden, cls: ChallengeClass, r: Rand): { text: string; ext: string; pdfHtml?: string } {
  const plan = planFor(g, cls, r);
  const bs = blocks(g, plan, r);
  const inTable = plan.headingInTable;
  switch (cls) {
    case 'html-cms':
      return {
        ext: 'html',
        text: renderHtml(bs, 'cms', r, {
          headingInTable: inTable,
          th: chance(r, 0.5),
          splitHeader: false,
          layoutTable: chance(r, 0.5),
        }),
      };
    case 'html-word':
      return {
        ext: 'html',
        text: renderHtml(bs, 'word', r, {
          th: false,
          splitHeader: false,
          layoutTable: false,
          headingInTable: inTable,
        }),
      };
    case 'html-split':
      return {
        ext: 'html',
        text: renderHtml(bs, pick(r, ['cms', 'word'] as const), r, {
          th: chance(r, 0.5),
          splitHeader: true,
          layoutTable: chance(r, 0.5),
        }),
      };
    case 'text-tabs':
      return {
        ext: 'txt',
        text: prose(
          bs,
          (b) => browserCopy(b.grid, (cells) => cells.join('\t'), r),
          plan.pageBreak ? pageBreaker(r) : undefined,
        ),
      };
    case 'text-spaces':
      return {
        ext: 'txt',
        text: prose(
          bs,
          (b) =>
            browserCopy(
              b.grid,
              // runs of spaces, or of ideographic spaces (text copied out of Word)
              (cells, rr) =>
                cells
                  .filter((c) => c !== '')
                  .join((chance(rr, 0.3) ? '\u3000' : ' ').repeat(2 + Math.floor(rr() * 5))),
              r,
            ),
          plan.pageBreak ? pageBreaker(r) : undefined,
        ),
      };
    case 'text-lines':
      return {
        ext: 'txt',
        text: prose(bs, (b) => onePerLine(b.grid), plan.pageBreak ? pageBreaker(r) : undefined),
      };
    case 'pdftotext':
    case 'pdf':
      return {
        ext: cls === 'pdf' ? 'pdf' : 'txt',
        text: '',
        pdfHtml: renderHtml(bs, 'cms', r, { th: false, splitHeader: false, layoutTable: false }),
      };
    case 'md-pipe':
      return {
        ext: 'md',
        text: bs
          .map((b) => {
            if (b.kind === 'title') return `# ${b.text}`;
            if (b.kind === 'heading') return `## ${b.text}`;
            if (b.kind !== 'table') return b.text;
            const rows = flat(b.grid, pick(r, ['repeat', 'blank'] as const));
            return pipeTable(rows, r, {
              mergeHeader: chance(r, 0.5),
              ...(b.which === 'apps' && chance(r, 0.6) ? { pageBreakAt: 8 + Math.floor(r() * 10) } : {}),
            });
          })
          .join('\n\n'),
      };
    case 'md-grid':
      return {
        ext: 'md',
        text: bs
          .map((b) =>
            b.kind === 'table'
              ? gridTable(flat(b.grid, pick(r, ['repeat', 'blank'] as const)), r)
              : b.kind === 'heading'
                ? `**${b.text}**`
                : b.text,
          )
          .join('\n\n'),
      };
    case 'md-html':
      // MinerU / Marker: markdown text, tables with merged cells as bare HTML
      return {
        ext: 'md',
        text: bs
          .map((b) => {
            if (b.kind === 'title') return `# ${b.text}`;
            if (b.kind === 'heading') return `## ${b.text}`;
            if (b.kind !== 'table') return b.text;
            const rows = b.grid.map(
              (row) =>
                `<tr>${row
                  .map(
                    (c) =>
                      `<td${c.rs && c.rs > 1 ? ` rowspan="${c.rs}"` : ''}${c.cs && c.cs > 1 ? ` colspan="${c.cs}"` : ''}>${esc(c.text)}</td>`,
                  )
                  .join('')}</tr>`,
            );
            return chance(r, 0.5)
              ? `<html><body><table>${rows.join('')}</table></body></html>`
              : `<table>\n${rows.join('\n')}\n</table>`;
          })
          .join('\n\n'),
      };
    case 'ocr': {
      const sep = pick(r, ['pipe', 'tab'] as const);
      return {
        ext: 'txt',
        text: bs
          .map((b) => {
            if (b.kind !== 'table') return ocrLabel(b.text, r);
            const grid = ocrGrid(b.grid, r);
            return sep === 'pipe'
              ? flat(grid, 'blank')
                  .map((row) => `| ${row.join(' | ')} |`)
                  .join('\n')
              : browserCopy(grid, (cells) => cells.join('\t'), r);
          })
          .join('\n'),
      };
    }
  }
}

export interface ChallengeExpected {
  seed: string;
  class: ChallengeClass;
  year: number;
  formatVersion: '2019' | '2021';
  activeDisclosure: Record<string, Record<string, number>>;
  applications: Record<string, number[]>;
  /** null: the printed row cannot be divided into its columns (seed 001): it must be flagged. */
  reviewLitigation: Record<string, Record<string, number>> | null;
}

function main(): void {
  const seeds = fs
    .readdirSync(GOLDEN)
    .filter((f) => f.endsWith('.json'))
    .sort();
  fs.mkdirSync(OUT, { recursive: true });
  // classes named on the command line are written again alone (PDFs carry dates: regenerating
  // them all makes a diff of every PDF)
  const only = process.argv.slice(2) as ChallengeClass[];
  const classes = only.length > 0 ? CHALLENGE_CLASSES.filter((c) => only.includes(c)) : CHALLENGE_CLASSES;
  for (const f of fs.readdirSync(OUT)) {
    if (classes.some((c) => f.startsWith(`${c}-`) && /^\d{3}-\d/.test(f.slice(c.length + 1))))
      fs.rmSync(path.join(OUT, f));
  }
  const variants = Number(process.env.CHALLENGE_VARIANTS ?? 2);
  for (const cls of classes) {
    for (const s of seeds) {
      const g = JSON.parse(fs.readFileSync(path.join(GOLDEN, s), 'utf8')) as Golden;
      for (let v = 0; v < (cls === 'pdf' ? 1 : variants); v++) {
        const r = prng(`${cls}/${s}/${v}`);
        const name = `${cls}-${s.slice(0, 3)}-${v}`;
        const out = render(g, cls, r);
        const file = path.join(OUT, `${name}.${out.ext}`);
        if (out.pdfHtml !== undefined) {
          const pdf = cls === 'pdf' ? file : path.join(os.tmpdir(), `${name}.pdf`);
          printPdf(out.pdfHtml, pdf);
          if (cls === 'pdftotext') {
            fs.writeFileSync(file, execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
            fs.rmSync(pdf);
          }
        } else fs.writeFileSync(file, out.text);
        const expected: ChallengeExpected = {
          seed: g.file,
          class: cls,
          year: g.year,
          formatVersion: g.formatVersion,
          activeDisclosure: g.activeDisclosure,
          applications: g.applications,
          reviewLitigation: g.reviewLitigation,
        };
        fs.writeFileSync(path.join(OUT, `${name}.expected.json`), `${JSON.stringify(expected, null, 1)}\n`);
      }
    }
  }
}

if (require.main === module) main();
