/**
 * A Word file filled in from the blank 2021 template as the State Council office distributes it
 * (src/synth/template/template-2021.docx): its three tables keep their merged cells (gridSpan,
 * vMerge), borders and fonts; each value goes into the cell the template's labels and column
 * positions give it; headings and prose are the template's own paragraphs with new text.
 *
 * The 2019 form has no official template here: its blank is derived from the 2021 one (section
 * two's items and columns of 国办公开办函〔2019〕60号 built from the template's own rows, section
 * three's 其他处理 as one row).
 *
 * Speed: the template is parsed once per form into a skeleton (XML strings with keyed slots);
 * a report is the skeleton's strings joined with its values, then zipped (fflate, synchronous).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { APPLICATION_ROWS, FormVersion, RowCode, TableCode } from '../../domain/codes';
import {
  activeItems,
  appLabel,
  appRows,
  chineseDate,
  OMITTED_TABLE_TEXT,
  type ReportDoc,
  reviewValues,
  title,
  titledOpening,
} from './doc';

export const TEMPLATE_PATH = path.join(__dirname, '..', 'template', 'template-2021.docx');

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

// Slots and piece boundaries in the serialized skeleton: private-use characters, never in a report.
const SLOT_OPEN = '\uE000';
const SLOT_CLOSE = '\uE001';
const PIECE_OPEN = '\uE002';
const PIECE_CLOSE = '\uE003';
const SLOT = /\uE000([^\uE001]*)\uE001/;

/** XML with keyed holes: parts[0] keys[0] parts[1] … parts[n]. */
interface Slotted {
  parts: string[];
  keys: string[];
}

interface Skeleton {
  head: string;
  tail: string;
  title: Slotted;
  heading: Slotted;
  paragraph: Slotted;
  closing: Slotted;
  blank: string;
  active: Slotted;
  applications: Slotted;
  review: Slotted;
  /** The review table with a sixteenth value cell (the reviewExtraCell fault). */
  reviewExtra: Slotted;
  /** Section three's table with its slots, as a tree: a row fault edits a copy of it. */
  applicationsTable: Element;
  /** The template's parts, byte for byte, in the template's order; null for word/document.xml. */
  entries: Array<[string, Uint8Array | null]>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slotted(xml: string): Slotted {
  const pieces = xml.split(SLOT);
  const parts: string[] = [];
  const keys: string[] = [];
  pieces.forEach((p, i) => (i % 2 === 0 ? parts.push(p) : keys.push(p)));
  return { parts, keys };
}

function fill(s: Slotted, value: (key: string) => string): string {
  let out = s.parts[0] as string;
  for (let i = 0; i < s.keys.length; i++) out += esc(value(s.keys[i] as string)) + (s.parts[i + 1] as string);
  return out;
}

const one = (s: Slotted, text: string) => fill(s, () => text);

// --- DOM helpers (the template's document.xml)

function kids(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === W && (n as Element).localName === name) {
      out.push(n as Element);
    }
  }
  return out;
}

function kid(parent: Element, name: string): Element | undefined {
  return kids(parent, name)[0];
}

function textOf(el: Element): string {
  let out = '';
  const ts = el.getElementsByTagNameNS(W, 't');
  for (let i = 0; i < ts.length; i++) out += ts.item(i)?.textContent ?? '';
  return out;
}

/** Labels compared across the template's full-width punctuation and the generator's ASCII. */
function norm(s: string): string {
  return s
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[，]/g, ',')
    .replace(/[：]/g, ':')
    .replace(/[\s\u3000]/g, '');
}

function wEl(doc: Document, name: string, attrs: Record<string, string> = {}): Element {
  const el = doc.createElementNS(W, `w:${name}`);
  for (const [k, v] of Object.entries(attrs)) el.setAttributeNS(W, `w:${k}`, v);
  return el;
}

/** Drops Word's paragraph ids from a clone: they must be unique in a document. */
function dropIds(el: Element): void {
  const all = [el, ...Array.from(el.getElementsByTagName('*'))];
  for (const e of all) if (e.hasAttribute('w14:paraId')) e.removeAttribute('w14:paraId');
}

/** A paragraph's text replaced by one run, formatted as its first run (or its paragraph mark). */
function setParagraphText(p: Element, text: string, align?: 'center' | 'right'): void {
  const doc = p.ownerDocument as Document;
  const runs = kids(p, 'r');
  const pPr = kid(p, 'pPr');
  const rPrSource = (runs[0] && kid(runs[0], 'rPr')) ?? (pPr && kid(pPr, 'rPr'));
  for (let n = p.firstChild; n;) {
    const next = n.nextSibling;
    if (n !== pPr) p.removeChild(n);
    n = next;
  }
  if (align && pPr) {
    const jc = kid(pPr, 'jc');
    if (jc) jc.setAttributeNS(W, 'w:val', align);
    else {
      const rPr = kid(pPr, 'rPr');
      const node = wEl(doc, 'jc', { val: align });
      if (rPr) pPr.insertBefore(node, rPr);
      else pPr.appendChild(node);
    }
  }
  const r = wEl(doc, 'r');
  if (rPrSource) r.appendChild(rPrSource.cloneNode(true));
  const t = wEl(doc, 't');
  t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
  t.appendChild(doc.createTextNode(text));
  r.appendChild(t);
  p.appendChild(r);
}

/** A cell's text: its first paragraph gets the text, other paragraphs go. */
function setCellText(tc: Element, text: string, align?: 'center'): void {
  const ps = kids(tc, 'p');
  ps.slice(1).forEach((p) => tc.removeChild(p));
  setParagraphText(ps[0] as Element, text, align);
}

const slot = (key: string) => `${SLOT_OPEN}${key}${SLOT_CLOSE}`;

/** Widths of the table's grid columns (twips), to size merged cells. */
function gridWidths(tbl: Element): number[] {
  const grid = kid(tbl, 'tblGrid') as Element;
  return kids(grid, 'gridCol').map((g) => Number(g.getAttributeNS(W, 'w') ?? g.getAttribute('w:w')));
}

/** Keeps the first spans.length cells of a row and merges them over the grid as spans says. */
function shapeRow(tr: Element, spans: readonly number[], widths: readonly number[]): Element[] {
  const doc = tr.ownerDocument as Document;
  const cells = kids(tr, 'tc');
  cells.slice(spans.length).forEach((c) => tr.removeChild(c));
  let col = 0;
  spans.forEach((span, i) => {
    const tcPr = kid(cells[i] as Element, 'tcPr') as Element;
    const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    kid(tcPr, 'tcW')?.setAttributeNS(W, 'w:w', String(width));
    const old = kid(tcPr, 'gridSpan');
    if (old) tcPr.removeChild(old);
    if (span > 1) {
      const tcW = kid(tcPr, 'tcW');
      const gs = wEl(doc, 'gridSpan', { val: String(span) });
      tcPr.insertBefore(gs, tcW ? tcW.nextSibling : tcPr.firstChild);
    }
    col += span;
  });
  return cells.slice(0, spans.length);
}

/** Section two of the 2019 form: groups, their column headers and rows (cells after 信息内容). */
const ACTIVE_2019: ReadonlyArray<{ item: string; headers: string[]; rows: string[] }> = [
  {
    item: '第二十条第（一）项',
    headers: ['本年新制作数量', '本年新公开数量', '对外公开总数量'],
    rows: ['规章', '规范性文件'],
  },
  {
    item: '第二十条第（五）项',
    headers: ['上一年项目数量', '本年增/减', '处理决定数量'],
    rows: ['行政许可', '其他对外管理服务事项'],
  },
  {
    item: '第二十条第（六）项',
    headers: ['上一年项目数量', '本年增/减', '处理决定数量'],
    rows: ['行政处罚', '行政强制'],
  },
  { item: '第二十条第（八）项', headers: ['上一年项目数量', '本年增/减'], rows: ['行政事业性收费'] },
  { item: '第二十条第（九）项', headers: ['采购项目数量', '采购总金额'], rows: ['政府集中采购'] },
];

/** Cell spans of a row of section two: 信息内容 then n cells over the remaining three columns. */
function activeSpans(n: number): number[] {
  return n >= 3 ? [1, 1, 1, 1] : n === 2 ? [1, 1, 2] : [1, 3];
}

/** Rebuilds section two's table as the 2019 form, from the template's own rows (政府集中采购 with its amount alone: one cell). */
function active2019(tbl: Element, amountOnly: boolean): void {
  const rows = kids(tbl, 'tr');
  const widths = gridWidths(tbl);
  const [group, header, data] = [rows[0] as Element, rows[1] as Element, rows[2] as Element];
  const protos = [group, header, data].map((r) => r.cloneNode(true) as Element);
  rows.forEach((r) => tbl.removeChild(r));
  const add = (proto: Element, texts: string[], spans: number[]) => {
    const tr = proto.cloneNode(true) as Element;
    dropIds(tr);
    shapeRow(tr, spans, widths).forEach((tc, i) => setCellText(tc, texts[i] as string));
    tbl.appendChild(tr);
  };
  for (const g of ACTIVE_2019) {
    const headers = amountOnly && g.rows.includes('政府集中采购') ? ['采购总金额'] : g.headers;
    add(protos[0] as Element, [g.item], [4]);
    add(protos[1] as Element, ['信息内容', ...headers], activeSpans(headers.length));
    for (const label of g.rows) {
      add(protos[2] as Element, [label, ...headers.map(() => '')], activeSpans(headers.length));
    }
  }
}

/** Section three of the 2019 form: 其他处理 is one row (like 总计), without its three parts. */
function applications2019(tbl: Element): void {
  const rows = kids(tbl, 'tr');
  const labelOf = (tr: Element) => kids(tr, 'tc').map(textOf).join('');
  const parts = rows.filter((tr) => /其他处理|不再处理其政府信息公开申请|^3\.其他$/.test(labelOf(tr)));
  const total = rows.find((tr) => norm(labelOf(tr)).startsWith('(七)总计'));
  if (parts.length !== 3 || !total) throw new Error('template-2021.docx: section three rows not found');
  const row = total.cloneNode(true) as Element;
  dropIds(row);
  const label = kids(row, 'tc')[1] as Element;
  setCellText(label, '（六）其他处理');
  tbl.insertBefore(row, total);
  parts.forEach((tr) => tbl.removeChild(tr));
}

/** Puts a slot in every value cell of section two: the cells after a row's label. */
function slotActive(tbl: Element, labels: readonly string[]): void {
  const found = new Set<string>();
  for (const tr of kids(tbl, 'tr')) {
    const cells = kids(tr, 'tc');
    const label = textOf(cells[0] as Element).trim();
    if (!labels.includes(label)) continue;
    found.add(label);
    cells.slice(1).forEach((tc, i) => setCellText(tc, slot(`ad:${label}:${i}`), 'center'));
  }
  if (found.size !== labels.length) throw new Error('template-2021.docx: section two rows not found');
}

/** Slots in section three's value cells: each row found by its label, its last seven cells. */
function slotApplications(tbl: Element, form: FormVersion): void {
  const want = new Map(APPLICATION_ROWS[form].map((code) => [norm(appLabel(code)), code]));
  const found = new Set<string>();
  for (const tr of kids(tbl, 'tr')) {
    const cells = kids(tr, 'tc');
    if (cells.length < 8) continue;
    const values = cells.slice(-7);
    const code = want.get(norm(textOf(cells[cells.length - 8] as Element)));
    if (!code) continue;
    found.add(code);
    values.forEach((tc, i) => setCellText(tc, slot(`app:${code}:${i}`), 'center'));
  }
  if (found.size !== want.size) throw new Error('template-2021.docx: section three rows not found');
}

/** Slots in section four's value row (its last row, fifteen cells), or sixteen with extra. */
function slotReview(tbl: Element, extra: boolean): void {
  const rows = kids(tbl, 'tr');
  const tr = rows[rows.length - 1] as Element;
  const cells = kids(tr, 'tc');
  if (cells.length !== 15) throw new Error('template-2021.docx: section four value row not found');
  if (extra) {
    const more = (cells[14] as Element).cloneNode(true) as Element;
    dropIds(more);
    tr.appendChild(more);
    cells.push(more);
  }
  cells.forEach((tc, i) => setCellText(tc, slot(`rv:${i}`), 'center'));
}

/** The template's entries, read once. */
let templateEntries: Record<string, Uint8Array> | null = null;

function template(): Record<string, Uint8Array> {
  templateEntries ??= unzipSync(new Uint8Array(fs.readFileSync(TEMPLATE_PATH)));
  return templateEntries;
}

const skeletons = new Map<string, Skeleton>();

/** Whether the report prints the 2019 form's 政府集中采购 with its amount alone (its own skeleton). */
function amountOnly(doc: ReportDoc): boolean {
  const row = doc.values.activeDisclosure.find((r) => r.row === RowCode.PROCUREMENT);
  return row !== undefined && row.columns.length === 1;
}

function skeleton(form: FormVersion, procurementAmountOnly = false): Skeleton {
  const key = `${form}${procurementAmountOnly ? '/amount' : ''}`;
  const cached = skeletons.get(key);
  if (cached) return cached;
  const entries = template();
  const xml = Buffer.from(entries['word/document.xml'] as Uint8Array).toString('utf8');
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const body = kid(doc.documentElement as Element, 'body') as Element;
  const paragraphs = kids(body, 'p');
  const byText = (test: (t: string) => boolean) => {
    const p = paragraphs.find((x) => test(textOf(x)));
    if (!p) throw new Error('template-2021.docx: a paragraph of the template was not found');
    return p;
  };
  const titleP = byText((t) => t.includes('年度报告格式模板'));
  const headingP = byText((t) => t === '一、总体情况');
  const proseP = byText((t) => t === '（文字描述）');
  const blankP = paragraphs.find((p) => textOf(p) === '' && kids(p, 'r').length === 0) as Element;
  const tables = kids(body, 'tbl');
  const sectPr = kid(body, 'sectPr') as Element;
  if (tables.length !== 3) throw new Error('template-2021.docx: three tables expected');
  const [activeT, appsT, reviewT] = tables as [Element, Element, Element];

  if (form === FormVersion.V2019) {
    active2019(activeT, procurementAmountOnly);
    applications2019(appsT);
  }
  const adLabels =
    form === FormVersion.V2019
      ? ACTIVE_2019.flatMap((g) => g.rows)
      : ['规章', '行政规范性文件', '行政许可', '行政处罚', '行政强制', '行政事业性收费'];
  slotActive(activeT, adLabels);
  slotApplications(appsT, form);
  const applicationsTable = appsT.cloneNode(true) as Element;
  dropIds(applicationsTable);
  const reviewExtraT = reviewT.cloneNode(true) as Element;
  slotReview(reviewT, false);
  slotReview(reviewExtraT, true);

  const closingP = proseP.cloneNode(true) as Element;
  setParagraphText(titleP, slot('text'));
  setParagraphText(headingP, slot('text'));
  setParagraphText(proseP, slot('text'));
  setParagraphText(closingP, slot('text'), 'right');
  const ind = kid(kid(closingP, 'pPr') as Element, 'ind');
  if (ind) ind.setAttributeNS(W, 'w:firstLine', '0');

  // the body becomes the pieces, each behind a named boundary, serialized in one go
  const pieces: Array<[string, Element]> = [
    ['title', titleP],
    ['heading', headingP],
    ['paragraph', proseP],
    ['closing', closingP],
    ['blank', blankP],
    ['active', activeT],
    ['applications', appsT],
    ['review', reviewT],
    ['reviewExtra', reviewExtraT],
  ];
  while (body.firstChild) body.removeChild(body.firstChild);
  body.appendChild(doc.createTextNode(`${PIECE_OPEN}head${PIECE_CLOSE}`));
  for (const [name, el] of pieces) {
    dropIds(el);
    body.appendChild(doc.createTextNode(`${PIECE_OPEN}${name}${PIECE_CLOSE}`));
    body.appendChild(el);
  }
  body.appendChild(doc.createTextNode(`${PIECE_OPEN}tail${PIECE_CLOSE}`));
  body.appendChild(sectPr);
  let text = new XMLSerializer().serializeToString(doc);
  if (!text.startsWith('<?xml')) text = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`;
  const split = text.split(/\uE002([a-zA-Z]+)\uE003/);
  const piece = new Map<string, string>();
  for (let i = 1; i < split.length; i += 2) piece.set(split[i] as string, split[i + 1] as string);
  const get = (name: string) => piece.get(name) as string;
  const made: Skeleton = {
    head: (split[0] as string) + get('head'),
    tail: get('tail'),
    title: slotted(get('title')),
    heading: slotted(get('heading')),
    paragraph: slotted(get('paragraph')),
    closing: slotted(get('closing')),
    blank: get('blank'),
    active: slotted(get('active')),
    applications: slotted(get('applications')),
    review: slotted(get('review')),
    reviewExtra: slotted(get('reviewExtra')),
    applicationsTable,
    entries: Object.entries(entries).map(([name, bytes]) => [
      name,
      name === 'word/document.xml' ? null : bytes,
    ]),
  };
  skeletons.set(key, made);
  return made;
}

/** The report's word/document.xml. */
export function documentXml(doc: ReportDoc): string {
  const s = skeleton(doc.form, amountOnly(doc));
  const out: string[] = [s.head];
  const para = (text: string) => out.push(one(s.paragraph, text));
  const heading = (n: 1 | 2 | 3 | 4 | 5 | 6) => {
    if (doc.headings) out.push(one(s.heading, doc.headings[n]));
  };
  const table = (code: TableCode, xml: () => string) => {
    out.push(s.blank);
    if (doc.omit === code) para(OMITTED_TABLE_TEXT);
    else out.push(xml());
    out.push(s.blank);
  };

  out.push(s.blank);
  if (doc.titleLine) out.push(one(s.title, title(doc)), s.blank);
  else para(titledOpening(doc));
  doc.prose.opening.forEach(para);
  heading(1);
  doc.prose.overview.forEach(para);
  heading(2);
  table(TableCode.ACTIVE_DISCLOSURE, () => {
    const values = new Map<string, string>();
    for (const item of activeItems(doc)) {
      if (item.kind === 'row') item.values.forEach((v, i) => values.set(`ad:${item.label}:${i}`, v));
    }
    return fill(s.active, (k) => values.get(k) ?? '');
  });
  heading(3);
  table(TableCode.APPLICATIONS, () => {
    const values = new Map<string, string>();
    for (const row of appRows(doc)) row.values.forEach((v, i) => values.set(`app:${row.code}:${i}`, v));
    return fill(faultyApplications(s, doc) ?? s.applications, (k) => values.get(k) ?? '');
  });
  heading(4);
  table(TableCode.REVIEW_LITIGATION, () => {
    const values = reviewValues(doc);
    const t = doc.extraReviewCellAt === null ? s.review : s.reviewExtra;
    return fill(t, (k) => values[Number(k.slice(3))] ?? '');
  });
  heading(5);
  doc.prose.problems.forEach(para);
  heading(6);
  doc.prose.other.forEach(para);
  // a Word report is signed and dated at its end
  if (doc.dateClosing || doc.dateLabel) {
    out.push(s.blank, one(s.closing, doc.agency.nameInText), one(s.closing, chineseDate(doc.publishedAt)));
  }
  out.push(s.tail);
  return out.join('');
}

/**
 * Section three's table with the report's row fault, as Word leaves it: a row whose cell was
 * deleted (cells shifted left, the row ends a cell early: w:gridAfter), a row added after another
 * (a copy of it with its own label and cells: 其中：网上申请), or a row repeated. Null without one.
 */
function faultyApplications(s: Skeleton, doc: ReportDoc): Slotted | null {
  const fault = doc.rowFault;
  if (!fault || (fault.kind !== 'missingCell' && fault.kind !== 'extraRow')) return null;
  const tbl = s.applicationsTable.cloneNode(true) as Element;
  const first = `${SLOT_OPEN}app:${fault.where}:0${SLOT_CLOSE}`;
  const tr = kids(tbl, 'tr').find((r) => kids(r, 'tc').some((tc) => textOf(tc) === first));
  if (!tr) return null;
  const wdoc = tbl.ownerDocument as Document;
  if (fault.kind === 'missingCell') {
    // the values shift left over the cell taken out: the row's last slot goes
    const cells = kids(tr, 'tc');
    tr.removeChild(cells[cells.length - 1] as Element);
    let trPr = kid(tr, 'trPr');
    if (!trPr) {
      trPr = wEl(wdoc, 'trPr');
      tr.insertBefore(trPr, tr.firstChild);
    }
    trPr.appendChild(wEl(wdoc, 'gridAfter', { val: '1' }));
  } else {
    const copy = tr.cloneNode(true) as Element;
    if (fault.label !== undefined) {
      const cells = kids(copy, 'tc');
      const values = cells.slice(-7);
      setCellText(cells[cells.length - 8] as Element, fault.label);
      values.forEach((tc, i) => setCellText(tc, slot(`app:null:${i}`), 'center'));
    }
    tbl.insertBefore(copy, tr.nextSibling);
  }
  return slotted(new XMLSerializer().serializeToString(tbl));
}

/** The report as a .docx file: the template's parts with the filled document. */
export function renderDocx(doc: ReportDoc): Buffer {
  const s = skeleton(doc.form, amountOnly(doc));
  const [y, m, d] = doc.publishedAt.split('-').map(Number) as [number, number, number];
  // local-time fields, so the zip's DOS timestamps do not depend on the time zone
  const mtime = new Date(y, m - 1, d, 9, 30);
  const files: Zippable = {};
  const xml = strToU8(documentXml(doc));
  for (const [name, bytes] of s.entries) files[name] = bytes ?? xml;
  return Buffer.from(zipSync(files, { level: 6, mtime }));
}
