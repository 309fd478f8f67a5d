/**
 * Issue #13, session 7: more of the independent challenge set (test/fixtures/challenge), written
 * apart from scripts/challenge.ts and src/synth by someone who did not write the parser, in ways
 * real publishers differ from what that script prints:
 * - docx-template: the real blank 2021 template (src/synth/template/template-2021.docx, the same
 *   bytes as the State Council office's) filled by editing its document.xml, as a clerk fills it:
 *   blank, 0, —, 无 for zero, thousands separators, full-width digits, the two ideographic spaces the template
 *   leaves in some cells;
 * - pdf-template / pdftotext-template: that docx printed by LibreOffice (soffice --headless
 *   --convert-to pdf), and `pdftotext -layout` of the print;
 * - html-lo / docx-lo: that docx saved by LibreOffice as HTML, and saved again as .docx (its own
 *   writer's XML, as WPS/LibreOffice users publish);
 * - html-gov: government CMS pages: the tables nested in layout tables, <thead>/<th> headers split
 *   over rows differently from the template (商业<br>企业, 申请人情况 over 2 rows), the 总计 column
 *   first, the active-disclosure table as one table, section headings numbered 一、/（一）/1./
 *   第一部分, the applications table transposed (applicants as rows) — which must be flagged or read;
 * - pdf-threeline / pdftotext-threeline: Chromium prints (fonts-wqy-zenhei) of three-line tables
 *   (rules only at the top, under the header and at the bottom), the applications table split over
 *   pages with its header repeated (<thead>), and pdftotext -layout of them;
 * - pdf-bordered: Chromium prints of the html-gov pages with every cell ruled, the applications
 *   table split over pages with its <thead> repeated.
 * The figures are the five seeds' hand-checked ones (2021 form: seeds 000, 003, 004) and one set
 * written by hand here (HAND_SETS: a city bureau with four-digit figures and legal-person
 * applicants), whose identities hold and were checked by hand.
 *
 *   node -r @swc-node/register scripts/challenge-unseen.ts [class…]   # needs soffice, chromium, pdftotext
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'corpus', 'golden');
const OUT = path.join(ROOT, 'test', 'fixtures', 'challenge');
const TEMPLATE = path.join(ROOT, 'src', 'synth', 'template', 'template-2021.docx');

export const UNSEEN_CLASSES = [
  'docx-template',
  'pdf-template',
  'pdftotext-template',
  'html-lo',
  'docx-lo',
  'html-gov',
  'pdf-threeline',
  'pdftotext-threeline',
  'pdf-bordered',
] as const;
export type UnseenClass = (typeof UNSEEN_CLASSES)[number];

// ---------------------------------------------------------------- randomness (seeded)

function prng(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
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

// ---------------------------------------------------------------- figures

export interface ValueSet {
  /** The seed's file name, or `hand-NN` for a set written here. */
  seed: string;
  year: number;
  agency: string;
  activeDisclosure: Record<string, Record<string, number>>;
  applications: Record<string, number[]>;
  reviewLitigation: Record<string, Record<string, number>>;
}

const z7 = [0, 0, 0, 0, 0, 0, 0];
/**
 * Written by hand, checked by hand: every row's six applicant columns sum to its 总计; every column's
 * outcomes sum to (七)总计; 新收 + 结转 = 总计 + 结转下年度 (1,300 + 45 = 1,312 + 33); each review
 * group's four results sum to its 总计.
 */
export const HAND_SETS: ValueSet[] = [
  {
    seed: 'hand-01',
    year: 2022,
    agency: '某市市场监督管理局',
    activeDisclosure: {
      regulations: { issued: 0, repealed: 0, inForce: 0 },
      normativeDocuments: { issued: 12, repealed: 3, inForce: 86 },
      licensing: { decisions: 12345 },
      punishment: { decisions: 1021 },
      enforcement: { decisions: 37 },
      fees: { amount: 15.6 },
    },
    applications: {
      newReceived: [1180, 96, 3, 2, 15, 4, 1300],
      carriedOver: [40, 5, 0, 0, 0, 0, 45],
      granted: [700, 60, 2, 1, 8, 3, 774],
      partiallyGranted: [120, 10, 0, 1, 2, 0, 133],
      'refused.stateSecret': [2, 0, 0, 0, 0, 0, 2],
      'refused.lawProhibited': [5, 0, 0, 0, 0, 0, 5],
      'refused.threeSecurityOneStability': [1, 0, 0, 0, 0, 0, 1],
      'refused.thirdPartyRights': [8, 3, 0, 0, 1, 0, 12],
      'refused.internalAffairs': [10, 0, 0, 0, 0, 0, 10],
      'refused.processInformation': [20, 2, 0, 0, 0, 0, 22],
      'refused.enforcementCaseFile': [6, 0, 0, 0, 0, 0, 6],
      'refused.administrativeQuery': [18, 0, 0, 0, 0, 0, 18],
      'unableToProvide.notHeld': [200, 15, 1, 0, 2, 0, 218],
      'unableToProvide.needsCreation': [30, 4, 0, 0, 0, 0, 34],
      'unableToProvide.unclearAfterCorrection': [10, 0, 0, 0, 0, 0, 10],
      'notProcessed.petitionOrComplaint': [15, 0, 0, 0, 0, 0, 15],
      'notProcessed.repeated': [12, 2, 0, 0, 0, 1, 15],
      'notProcessed.publication': [3, 0, 0, 0, 0, 0, 3],
      'notProcessed.excessive': [5, 0, 0, 0, 0, 0, 5],
      'notProcessed.confirmation': [4, 0, 0, 0, 0, 0, 4],
      'otherDisposal.noCorrection': [12, 1, 0, 0, 0, 0, 13],
      'otherDisposal.feeUnpaid': [...z7],
      'otherDisposal.other': [9, 2, 0, 0, 1, 0, 12],
      totalProcessed: [1190, 99, 3, 2, 14, 4, 1312],
      carriedForward: [30, 2, 0, 0, 1, 0, 33],
    },
    reviewLitigation: {
      reconsideration: { upheld: 5, corrected: 2, other: 1, pending: 1, total: 9 },
      litigationDirect: { upheld: 3, corrected: 1, other: 0, pending: 2, total: 6 },
      litigationAfterReconsideration: { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 },
    },
  },
];

/** The seeds on the 2021 form whose review row is printed whole (001's is not: 16 cells). */
const SEEDS_2021 = ['000', '003', '004'];

function valueSets(): ValueSet[] {
  const out: ValueSet[] = [];
  for (const f of fs.readdirSync(GOLDEN).sort()) {
    if (!SEEDS_2021.includes(f.slice(0, 3))) continue;
    const g = JSON.parse(fs.readFileSync(path.join(GOLDEN, f), 'utf8')) as {
      file: string;
      year: number;
      formatVersion: string;
      agency: { nameInText: string };
      activeDisclosure: ValueSet['activeDisclosure'];
      applications: ValueSet['applications'];
      reviewLitigation: ValueSet['reviewLitigation'];
    };
    if (g.formatVersion !== '2021' || !g.reviewLitigation) continue;
    out.push({
      seed: g.file,
      year: g.year,
      agency: g.agency.nameInText,
      activeDisclosure: g.activeDisclosure,
      applications: g.applications,
      reviewLitigation: g.reviewLitigation,
    });
  }
  return [...out, ...HAND_SETS];
}

// ---------------------------------------------------------------- how a figure is printed

interface Style {
  zero: (r: Rand) => string;
  thousands: boolean;
  fullWidth: boolean;
}

function styleFor(r: Rand, opts: { blankZero: boolean }): Style {
  const zeros = pick(r, [
    ['0'],
    ['0'],
    ['—', '0'],
    ['无'],
    ['0', '/'],
    ...(opts.blankZero ? [['', '0'], ['']] : []),
  ]);
  return { zero: (rr) => pick(rr, zeros), thousands: chance(r, 0.6), fullWidth: chance(r, 0.25) };
}

const FULL = (s: string) =>
  s.replace(/[0-9.,]/g, (d) =>
    d === '.' ? '．' : d === ',' ? '，' : String.fromCharCode(d.charCodeAt(0) + 0xfee0),
  );

function fig(st: Style, r: Rand, v: number): string {
  if (v === 0) return st.zero(r);
  let t = Number.isInteger(v) && st.thousands && v >= 1000 ? v.toLocaleString('en-US') : String(v);
  if (st.fullWidth) t = FULL(t).replace(/，/g, ',');
  return t;
}

// ---------------------------------------------------------------- labels

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
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
const APPLICANTS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
const REVIEW_ROWS = ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'];
const REVIEW_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];
const REVIEW_HEAD = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];

/** The applications table's rows in order: code, the label column(s) as the template prints them. */
function applicationRows(): Array<{ code: string; band?: string; group?: string; label: string }> {
  const rows: Array<{ code: string; band?: string; group?: string; label: string }> = [
    { code: 'newReceived', label: '一、本年新收政府信息公开申请数量' },
    { code: 'carriedOver', label: '二、上年结转政府信息公开申请数量' },
    { code: 'granted', band: '三、本年度办理结果', label: '（一）予以公开' },
    {
      code: 'partiallyGranted',
      band: '三、本年度办理结果',
      label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    },
  ];
  const groups: Array<[string, string, string[][]]> = [
    ['refused', '（三）不予公开', REFUSED],
    ['unableToProvide', '（四）无法提供', UNABLE],
    ['notProcessed', '（五）不予处理', NOT_PROCESSED],
    ['otherDisposal', '（六）其他处理', OTHER_DISPOSAL],
  ];
  for (const [prefix, group, items] of groups)
    items.forEach(([code, label], i) =>
      rows.push({ code: `${prefix}.${code}`, band: '三、本年度办理结果', group, label: `${i + 1}.${label}` }),
    );
  rows.push({ code: 'totalProcessed', band: '三、本年度办理结果', label: '（七）总计' });
  rows.push({ code: 'carriedForward', label: '四、结转下年度继续办理' });
  return rows;
}

// ---------------------------------------------------------------- DOCX: the real template filled

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const RUN_PR =
  '<w:rPr><w:rFonts w:hint="eastAsia" w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:kern w:val="0"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>';

function cellText(tc: string): string {
  return [...tc.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}
const isContinuation = (tc: string) => /<w:vMerge\/>|<w:vMerge w:val="continue"\/>/.test(tc);

/** Puts `text` into an empty cell: its whitespace run's text, or a new run in its paragraph. */
function fillCell(tc: string, text: string): string {
  if (text === '') return tc;
  if (/<w:t(?:\s[^>]*)?>[\s\u3000]*<\/w:t>/.test(tc))
    return tc.replace(/<w:t(?:\s[^>]*)?>[\s\u3000]*<\/w:t>/, `<w:t>${xmlEsc(text)}</w:t>`);
  const at = tc.lastIndexOf('</w:p>');
  return `${tc.slice(0, at)}<w:r>${RUN_PR}<w:t>${xmlEsc(text)}</w:t></w:r>${tc.slice(at)}`;
}

/** Each table row's empty cells filled from `values(rowText, emptyCount)` in order. */
function fillTable(tbl: string, values: (label: string, n: number) => string[] | undefined): string {
  return tbl.replace(/<w:tr[ >][\s\S]*?<\/w:tr>/g, (tr) => {
    const tcs = [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
    const blanks = tcs.filter(
      (tc) =>
        !isContinuation(tc) &&
        cellText(tc)
          .trim()
          .replace(/\u3000/g, '') === '',
    );
    const label = tcs
      .map(cellText)
      .join('')
      .replace(/[\s\u3000]/g, '');
    const vs = blanks.length > 0 ? values(label, blanks.length) : undefined;
    if (!vs) return tr;
    let k = 0;
    return tr.replace(/<w:tc>[\s\S]*?<\/w:tc>/g, (tc) =>
      blanks.includes(tc) && k < vs.length ? fillCell(tc, vs[k++] as string) : tc,
    );
  });
}

function paragraph(text: string, opts: { bold?: boolean; center?: boolean; size?: number } = {}): string {
  return `<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>${opts.center ? '<w:jc w:val="center"/>' : '<w:ind w:firstLine="640"/>'}</w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia" w:ascii="仿宋" w:hAnsi="仿宋" w:eastAsia="仿宋"/>${opts.bold ? '<w:b/>' : ''}<w:sz w:val="${opts.size ?? 32}"/></w:rPr><w:t xml:space="preserve">${xmlEsc(text)}</w:t></w:r></w:p>`;
}

function fillTemplate(v: ValueSet, r: Rand, st: Style): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unseen-docx-'));
  execFileSync('unzip', ['-q', TEMPLATE, '-d', dir]);
  const docPath = path.join(dir, 'word', 'document.xml');
  let xml = fs.readFileSync(docPath, 'utf8');
  const ad = v.activeDisclosure;
  const f = (x: number | undefined) => fig(st, r, x ?? 0);
  const adRows: Record<string, string[]> = {
    规章: ['issued', 'repealed', 'inForce'].map((c) => f(ad.regulations?.[c])),
    行政规范性文件: ['issued', 'repealed', 'inForce'].map((c) => f(ad.normativeDocuments?.[c])),
    行政许可: [f(ad.licensing?.decisions)],
    行政处罚: [f(ad.punishment?.decisions)],
    行政强制: [f(ad.enforcement?.decisions)],
    行政事业性收费: [ad.fees?.amount ? FULL_IF(st, String(ad.fees.amount)) : st.zero(r)],
  };
  const apps = applicationRows();
  let tableNo = 0;
  xml = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    const which = tableNo++;
    if (which === 0) return fillTable(tbl, (label) => adRows[label]);
    if (which === 1)
      return fillTable(tbl, (label) => {
        const row = apps.find(
          (a) => label.endsWith(a.label.replace(/[\s\u3000]/g, '')) || label.includes(a.label),
        );
        return row ? (v.applications[row.code] ?? z7).map((x) => fig(st, r, x)) : undefined;
      });
    return fillTable(tbl, (_label, n) =>
      n === 15
        ? REVIEW_ROWS.flatMap((row) => REVIEW_COLS.map((c) => f(v.reviewLitigation[row]?.[c])))
        : undefined,
    );
  });
  // the title and the prose a clerk writes over the template's placeholders
  xml = xml.replace(
    '政府信息公开工作年度报告格式模板',
    xmlEsc(`${v.agency}${v.year}年政府信息公开工作年度报告`),
  );
  const prose = [
    `${v.year}年，${v.agency}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息${(v.activeDisclosure.licensing?.decisions ?? 0) + 211}条。`,
    `一是政府信息公开工作机构设置不够健全，工作人员业务水平有待提高；二是部分栏目更新不及时。下一步，我局将加强业务培训，完善工作机制。`,
    `本年度未收取信息处理费。`,
  ];
  let k = 0;
  xml = xml.replace(/（文字描述[^<]*）/g, () => xmlEsc(prose[k++] ?? ''));
  if (chance(r, 0.5)) {
    // a date line and the body's stamp text after the last section, as published files carry
    xml = xml.replace(
      '</w:body>',
      `${paragraph(`${v.agency}`, { center: false })}${paragraph(`${v.year + 1}年1月${10 + Math.floor(r() * 18)}日`)}</w:body>`,
    );
    xml = xml.replace(/(<w:sectPr[\s\S]*?<\/w:sectPr>)([\s\S]*)<\/w:body>/, '$2$1</w:body>');
  }
  fs.writeFileSync(docPath, xml);
  const out = path.join(dir, 'out.docx');
  execFileSync('zip', ['-q', '-X', '-r', out, '.'], { cwd: dir });
  const bytes = fs.readFileSync(out);
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}
function FULL_IF(st: Style, t: string): string {
  return st.fullWidth ? FULL(t) : t;
}

/** The docx converted by LibreOffice: `pdf`, `html` or `docx` (its own writer's XML). */
function soffice(docx: Buffer, to: 'pdf' | 'html' | 'docx'): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unseen-soffice-'));
  fs.writeFileSync(path.join(dir, 'report.docx'), docx);
  const out = path.join(dir, 'out');
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      to === 'docx' ? 'docx:MS Word 2007 XML' : to,
      '--outdir',
      out,
      path.join(dir, 'report.docx'),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const bytes = fs.readFileSync(path.join(out, `report.${to}`));
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

function pdftotext(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unseen-txt-'));
  fs.writeFileSync(path.join(dir, 'x.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'x.pdf'), '-'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

// ---------------------------------------------------------------- HTML as government sites publish it

const esc = xmlEsc;

interface HtmlPlan {
  /** Headings: 一、 / （一） / 1. / 第一部分 / none. */
  headings: 'cn' | 'paren' | 'arabic' | 'part' | 'none';
  totalFirst: boolean;
  transposed: boolean;
  nested: boolean;
  thead: boolean;
  /** The applicants' header as two rows (申请人情况 over everything) or three (the template). */
  headerRows: 2 | 3;
  /** The header's labels wrapped with <br> (商业<br>企业). */
  brHeader: boolean;
  reviewAsRows: boolean;
  /** Three-line table rules (for the printed class). */
  threeLine: boolean;
}

function heading(plan: HtmlPlan, n: number, title: string): string {
  const c = CN[n - 1] as string;
  switch (plan.headings) {
    case 'cn':
      return `${c}、${title}`;
    case 'paren':
      return `（${c}）${title}`;
    case 'arabic':
      return `${n}.${title}`;
    case 'part':
      return `第${c}部分\u3000${title}`;
    case 'none':
      return title;
  }
}

const td = (text: string, attrs = '') => `<td${attrs}>${text === '' ? '&nbsp;' : esc(text)}</td>`;
const th = (text: string, attrs: string, plan: HtmlPlan) =>
  plan.thead ? `<th${attrs}>${text}</th>` : `<td${attrs}><strong>${text}</strong></td>`;
const span = (rs: number, cs: number) =>
  `${rs > 1 ? ` rowspan="${rs}"` : ''}${cs > 1 ? ` colspan="${cs}"` : ''}`;

function tableOpen(plan: HtmlPlan): string {
  return plan.threeLine
    ? '<table class="three-line" cellspacing="0" cellpadding="4" width="100%">'
    : '<table class="data" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;">';
}

function activeHtml(v: ValueSet, st: Style, r: Rand, plan: HtmlPlan): string {
  const ad = v.activeDisclosure;
  const f = (x: number | undefined) => fig(st, r, x ?? 0);
  const head = (t: string) => th(t, '', plan);
  const rows = [
    `<tr>${th('第二十条第（一）项', ' colspan="4"', plan)}</tr>`,
    `<tr>${head('信息内容')}${head('本年制发件数')}${head('本年废止件数')}${head('现行有效件数')}</tr>`,
    `<tr>${td('规章')}${['issued', 'repealed', 'inForce'].map((c) => td(f(ad.regulations?.[c]))).join('')}</tr>`,
    `<tr>${td('行政规范性文件')}${['issued', 'repealed', 'inForce'].map((c) => td(f(ad.normativeDocuments?.[c]))).join('')}</tr>`,
    `<tr>${th('第二十条第（五）项', ' colspan="4"', plan)}</tr>`,
    `<tr>${head('信息内容')}${th('本年处理决定数量', ' colspan="3"', plan)}</tr>`,
    `<tr>${td('行政许可')}${td(f(ad.licensing?.decisions), ' colspan="3"')}</tr>`,
    `<tr>${th('第二十条第（六）项', ' colspan="4"', plan)}</tr>`,
    `<tr>${head('信息内容')}${th('本年处理决定数量', ' colspan="3"', plan)}</tr>`,
    `<tr>${td('行政处罚')}${td(f(ad.punishment?.decisions), ' colspan="3"')}</tr>`,
    `<tr>${td('行政强制')}${td(f(ad.enforcement?.decisions), ' colspan="3"')}</tr>`,
    `<tr>${th('第二十条第（八）项', ' colspan="4"', plan)}</tr>`,
    `<tr>${head('信息内容')}${th('本年收费金额（单位：万元）', ' colspan="3"', plan)}</tr>`,
    `<tr>${td('行政事业性收费')}${td(ad.fees?.amount ? FULL_IF(st, String(ad.fees.amount)) : st.zero(r), ' colspan="3"')}</tr>`,
  ];
  return `${tableOpen(plan)}<tbody>${rows.join('\n')}</tbody></table>`;
}

function applicationsHtml(v: ValueSet, st: Style, r: Rand, plan: HtmlPlan): string {
  const apps = applicationRows();
  const br = (t: string) => (plan.brHeader && t.length === 4 ? `${t.slice(0, 2)}<br>${t.slice(2)}` : t);
  if (plan.transposed) {
    // applicants as rows, the outcomes as columns (a layout some bodies use to fit the page)
    const head = `<tr>${th('申请人', '', plan)}${apps.map((a) => th(esc(a.label), '', plan)).join('')}</tr>`;
    const names = [...APPLICANTS.map((a, i) => (i >= 1 && i <= 5 ? `法人或其他组织（${a}）` : a)), '总计'];
    const body = names.map(
      (name, c) =>
        `<tr>${td(name)}${apps.map((a) => td(fig(st, r, (v.applications[a.code] ?? z7)[c] ?? 0))).join('')}</tr>`,
    );
    return `${tableOpen(plan)}${plan.thead ? '<thead>' : '<tbody>'}${head}${plan.thead ? '</thead><tbody>' : ''}${body.join('\n')}</tbody></table>`;
  }
  // columns: the six applicants and the total, or the total first
  const order = plan.totalFirst ? [6, 0, 1, 2, 3, 4, 5] : [0, 1, 2, 3, 4, 5, 6];
  const note = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
  let header: string[];
  if (plan.headerRows === 3) {
    const row2 = order
      .map((c) =>
        c === 6
          ? th('总计', ' rowspan="2"', plan)
          : c === 0
            ? th('自然人', ' rowspan="2"', plan)
            : c === 1
              ? th('法人或其他组织', ' colspan="5"', plan)
              : '',
      )
      .join('');
    header = [
      `<tr>${th(note, ' colspan="3" rowspan="3"', plan)}${th('申请人情况', ' colspan="7"', plan)}</tr>`,
      `<tr>${row2}</tr>`,
      `<tr>${[1, 2, 3, 4, 5].map((c) => th(br(APPLICANTS[c] as string), '', plan)).join('')}</tr>`,
    ];
  } else {
    // two header rows: the legal persons' five named with their group in one cell each
    header = [
      `<tr>${th(note, ' colspan="3" rowspan="2"', plan)}${th('申请人情况', ' colspan="7"', plan)}</tr>`,
      `<tr>${order
        .map((c) =>
          th(
            c === 6 ? '总计' : c === 0 ? '自然人' : `法人或其他组织<br>${br(APPLICANTS[c] as string)}`,
            '',
            plan,
          ),
        )
        .join('')}</tr>`,
    ];
  }
  const nums = (code: string) =>
    order.map((c) => td(fig(st, r, (v.applications[code] ?? z7)[c] ?? 0))).join('');
  const body: string[] = [];
  const bandRows = apps.filter((a) => a.band).length;
  let bandOpen = false;
  let group = '';
  for (const a of apps) {
    let cells = '';
    if (!a.band) cells = td(a.label, ' colspan="3"');
    else {
      if (!bandOpen) {
        cells += td(a.band, ` rowspan="${bandRows}"`);
        bandOpen = true;
      }
      if (a.group) {
        if (a.group !== group) {
          const n = apps.filter((x) => x.group === a.group).length;
          cells += td(a.group, span(n, 1));
          group = a.group;
        }
        cells += td(a.label);
      } else cells += td(a.label, ' colspan="2"');
    }
    body.push(`<tr>${cells}${nums(a.code)}</tr>`);
  }
  return `${tableOpen(plan)}${plan.thead ? '<thead>' : '<tbody>'}${header.join('\n')}${plan.thead ? '</thead><tbody>' : ''}\n${body.join('\n')}</tbody></table>`;
}

function reviewHtml(v: ValueSet, st: Style, r: Rand, plan: HtmlPlan): string {
  const f = (row: string, c: string) => td(fig(st, r, v.reviewLitigation[row]?.[c] ?? 0));
  if (plan.reviewAsRows) {
    const labels = ['行政复议', '行政诉讼（未经复议直接起诉）', '行政诉讼（复议后起诉）'];
    return `${tableOpen(plan)}${plan.thead ? '<thead>' : '<tbody>'}<tr>${th('类型', '', plan)}${REVIEW_HEAD.map((h) => th(h, '', plan)).join('')}</tr>${plan.thead ? '</thead><tbody>' : ''}${REVIEW_ROWS.map(
      (row, i) => `<tr>${td(labels[i] as string)}${REVIEW_COLS.map((c) => f(row, c)).join('')}</tr>`,
    ).join('\n')}</tbody></table>`;
  }
  const h = (t: string, a = '') => th(t, a, plan);
  return `${tableOpen(plan)}${plan.thead ? '<thead>' : '<tbody>'}
<tr>${h('行政复议', ' colspan="5"')}${h('行政诉讼', ' colspan="10"')}</tr>
<tr>${REVIEW_HEAD.map((t) => h(t, ' rowspan="2"')).join('')}${h('未经复议直接起诉', ' colspan="5"')}${h('复议后起诉', ' colspan="5"')}</tr>
<tr>${[...REVIEW_HEAD, ...REVIEW_HEAD].map((t) => h(t)).join('')}</tr>${plan.thead ? '</thead><tbody>' : ''}
<tr>${REVIEW_ROWS.flatMap((row) => REVIEW_COLS.map((c) => f(row, c))).join('')}</tr></tbody></table>`;
}

const TITLES = [
  '总体情况',
  '主动公开政府信息情况',
  '收到和处理政府信息公开申请情况',
  '政府信息公开行政复议、行政诉讼情况',
  '存在的主要问题及改进情况',
  '其他需要报告的事项',
];

function govHtml(v: ValueSet, r: Rand, plan: HtmlPlan, st: Style): string {
  const h = (n: number) =>
    `<p style="text-indent:2em;"><strong>${esc(heading(plan, n, TITLES[n - 1] as string))}</strong></p>`;
  const p = (t: string) => `<p style="text-indent:2em;line-height:2em;">${esc(t)}</p>`;
  const wrapNested = (t: string) =>
    plan.nested
      ? `<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">${t}</td></tr></table>`
      : t;
  const body = [
    `<h1 style="text-align:center">${esc(`${v.agency}${v.year}年政府信息公开工作年度报告`)}</h1>`,
    p(
      `本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自${v.year}年1月1日至${v.year}年12月31日。`,
    ),
    h(1),
    p(
      `${v.year}年，${v.agency}认真落实政府信息公开各项要求，主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作有序推进。`,
    ),
    h(2),
    wrapNested(activeHtml(v, st, r, plan)),
    h(3),
    wrapNested(applicationsHtml(v, st, r, plan)),
    h(4),
    wrapNested(reviewHtml(v, st, r, plan)),
    h(5),
    p('一是公开内容的全面性还需加强；二是工作人员业务能力有待提升。下一步将加强培训，健全制度。'),
    h(6),
    p('本年度未收取信息处理费。无其他需要报告的事项。'),
  ].join('\n');
  const css = plan.threeLine
    ? `body{font-family:"WenQuanYi Zen Hei";font-size:14px} table.three-line{border-collapse:collapse;border-top:2px solid #000;border-bottom:2px solid #000;margin:8px 0}
table.three-line thead tr:last-child th{border-bottom:1px solid #000} table.three-line th,table.three-line td{padding:3px 4px;text-align:center;font-weight:normal}
thead{display:table-header-group} tr{page-break-inside:avoid}`
    : `body{font-family:"WenQuanYi Zen Hei"} table.data td,table.data th{border:1px solid #000;padding:2px} thead{display:table-header-group}`;
  const article = plan.nested
    ? `<table width="1000" align="center"><tr><td><table width="100%"><tr><td class="bt_content">${body}</td></tr></table></td></tr></table>`
    : `<div class="zw"><div id="zoom">${body}</div></div>`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(v.agency)}${v.year}年政府信息公开工作年度报告</title><style>${css}</style></head>
<body><div class="top">首页 | 政务公开 | 政务服务 | 互动交流</div>
<div class="dqwz">您当前的位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
${article}
<div class="bottom">【打印本页】【关闭窗口】</div><div class="foot">版权所有：${esc(v.agency)}\u3000备案号：湘ICP备00000000号</div>
</body></html>
`;
}

function chromiumPdf(html: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unseen-chrome-'));
  const file = path.join(dir, 'page.html');
  const pdf = path.join(dir, 'page.pdf');
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
  const bytes = fs.readFileSync(pdf);
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

// ---------------------------------------------------------------- the set

export interface UnseenExpected {
  seed: string;
  class: UnseenClass;
  year: number;
  formatVersion: '2021';
  activeDisclosure: Record<string, Record<string, number>>;
  applications: Record<string, number[]>;
  reviewLitigation: Record<string, Record<string, number>>;
}

function planHtml(r: Rand, threeLine: boolean, i: number): HtmlPlan {
  return {
    headings: pick(r, ['cn', 'paren', 'arabic', 'part', 'none'] as const),
    totalFirst: chance(r, 0.35),
    // one file in four has the applications table transposed (never in print, where it would not fit)
    transposed: !threeLine && i % 4 === 3,
    nested: chance(r, 0.5),
    thead: threeLine || chance(r, 0.5),
    headerRows: chance(r, 0.5) ? 3 : 2,
    brHeader: chance(r, 0.5),
    reviewAsRows: chance(r, 0.25),
    threeLine,
  };
}

function main(): void {
  const only = process.argv.slice(2) as UnseenClass[];
  const classes = only.length > 0 ? UNSEEN_CLASSES.filter((c) => only.includes(c)) : UNSEEN_CLASSES;
  for (const f of fs.readdirSync(OUT))
    if (classes.some((c) => f.startsWith(`${c}-`) && /^[a-z0-9]{3}-\d/.test(f.slice(c.length + 1))))
      fs.rmSync(path.join(OUT, f));
  const sets = valueSets();
  const write = (cls: UnseenClass, v: ValueSet, k: number, ext: string, bytes: Buffer | string) => {
    const name = `${cls}-${v.seed.startsWith('hand-') ? `h${v.seed.slice(5)}` : v.seed.slice(0, 3)}-${k}`;
    fs.writeFileSync(path.join(OUT, `${name}.${ext}`), bytes);
    const expected: UnseenExpected = {
      seed: v.seed,
      class: cls,
      year: v.year,
      formatVersion: '2021',
      activeDisclosure: v.activeDisclosure,
      applications: v.applications,
      reviewLitigation: v.reviewLitigation,
    };
    fs.writeFileSync(path.join(OUT, `${name}.expected.json`), `${JSON.stringify(expected, null, 1)}\n`);
  };
  for (const v of sets) {
    for (let k = 0; k < 2; k++) {
      const r = prng(`template/${v.seed}/${k}`);
      const needsDocx = classes.some((c) => c.endsWith('-template') || c.endsWith('-lo'));
      if (needsDocx) {
        const docx = fillTemplate(v, r, styleFor(r, { blankZero: true }));
        if (classes.includes('docx-template')) write('docx-template', v, k, 'docx', docx);
        if (classes.includes('html-lo') && k === 0) write('html-lo', v, k, 'html', soffice(docx, 'html'));
        if (classes.includes('docx-lo') && k === 1) write('docx-lo', v, k, 'docx', soffice(docx, 'docx'));
        if (classes.includes('pdf-template') || classes.includes('pdftotext-template')) {
          const pdf = soffice(docx, 'pdf');
          if (classes.includes('pdf-template') && k === 0) write('pdf-template', v, k, 'pdf', pdf);
          if (classes.includes('pdftotext-template'))
            write('pdftotext-template', v, k, 'txt', pdftotext(pdf));
        }
      }
      if (classes.includes('html-gov')) {
        const rh = prng(`html-gov/${v.seed}/${k}`);
        const plan = planHtml(rh, false, sets.indexOf(v) * 2 + k);
        write('html-gov', v, k, 'html', govHtml(v, rh, plan, styleFor(rh, { blankZero: true })));
      }
      if (classes.includes('pdf-bordered') && k === 0) {
        const rb = prng(`bordered/${v.seed}`);
        const plan = { ...planHtml(rb, false, 0), thead: true, transposed: false };
        write(
          'pdf-bordered',
          v,
          k,
          'pdf',
          chromiumPdf(govHtml(v, rb, plan, styleFor(rb, { blankZero: false }))),
        );
      }
      if (classes.includes('pdf-threeline') || classes.includes('pdftotext-threeline')) {
        const rp = prng(`threeline/${v.seed}/${k}`);
        const plan = planHtml(rp, true, 0);
        const pdf = chromiumPdf(govHtml(v, rp, plan, styleFor(rp, { blankZero: false })));
        if (classes.includes('pdf-threeline') && k === 0) write('pdf-threeline', v, k, 'pdf', pdf);
        if (classes.includes('pdftotext-threeline'))
          write('pdftotext-threeline', v, k, 'txt', pdftotext(pdf));
      }
    }
  }
}

if (require.main === module) main();
