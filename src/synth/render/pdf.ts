/**
 * PDF reports: the report as a print document (title, paragraphs, the three tables; no site
 * chrome), printed by Debian's Chromium through playwright-core. Two layouts: `pdf` (ruled
 * tables, as Word prints the template) and `pdf-borderless` (no ruling lines: columns known only
 * by position). Long tables break across pages; a page footer (`- 3 -`, `第3页`, `3/10`…) and
 * sometimes a running header (the report's title) repeat on every page.
 *
 * Rendering is split in two so that text layouts stay synchronous and fast: `printHtml` builds
 * the page (synchronous, part of the corpus walk); `printPdfs` prints a batch of pages in one
 * browser afterwards (asynchronous).
 */
import fs from 'node:fs';
import { ConfigError } from '../../errors';
import type { CellStyle } from '../cells';
import type { Rng } from '../prng';
import { chineseDate, OMITTED_TABLE_TEXT, type ReportDoc, title, titledOpening, truncated } from './doc';
import { active, applications, review } from './html';
import { APPLICATION_COLUMNS, TableCode } from '../../domain/codes';

const APPLICANT_CELLS = APPLICATION_COLUMNS.length;

export type PdfLayout = 'pdf' | 'pdf-borderless';
export const PDF_LAYOUTS: readonly PdfLayout[] = ['pdf', 'pdf-borderless'];

export function isPdfLayout(layout: string): layout is PdfLayout {
  return (PDF_LAYOUTS as readonly string[]).includes(layout);
}

export type FooterStyle = 'dash' | 'emdash' | 'di' | 'slash' | 'diGong' | 'none';

/** How one PDF report is printed: drawn per report from its own stream. */
export interface PdfVariant {
  borders: boolean;
  /**
   * A table without borders may still be ruled on one axis: `horizontal`, a rule between rows
   * (and above and below the table), as 三线表-style tables print; `vertical`, a rule between
   * columns only. Unset: no rule at all. Never drawn by default (tests ask for it).
   */
  rules?: 'horizontal' | 'vertical';
  /** Body text size in points (五号 10.5, 小四 12, 四号 14: larger text breaks tables across more pages). */
  bodyPt: number;
  tablePt: number;
  /** Numbers centered in their cells (as Word's template) or left. */
  align: 'center' | 'left';
  valign: 'middle' | 'top';
  footer: FooterStyle;
  /** The report's title at the top of every page. */
  runningHeader: boolean;
  /** The review table as three labelled rows of five (else one row of fifteen). */
  reviewAsRows: boolean;
}

export function drawPdfVariant(rng: Rng, layout: PdfLayout): PdfVariant {
  return {
    borders: layout === 'pdf',
    bodyPt: rng.weighted([
      [10.5, 2],
      [12, 5],
      [14, 2],
    ] as const),
    tablePt: rng.weighted([
      [9, 2],
      [10.5, 5],
      [12, 2],
    ] as const),
    align: rng.chance(0.6) ? 'center' : 'left',
    valign: rng.chance(0.8) ? 'middle' : 'top',
    footer: rng.weighted<FooterStyle>([
      ['dash', 4],
      ['emdash', 2],
      ['di', 1],
      ['slash', 1],
      ['diGong', 1],
      ['none', 1],
    ]),
    runningHeader: rng.chance(0.25),
    reviewAsRows: rng.chance(0.25),
  };
}

/**
 * A borderless table cannot show an empty cell: a row of blanks prints as nothing at all, which
 * no reader (nor a person) can tell from a missing row. Borderless reports print zeros visibly.
 */
export function pdfStyle(style: CellStyle, variant: PdfVariant): CellStyle {
  if (!variant.borders && (style.zero === 'nbsp' || style.zero === 'empty')) return { ...style, zero: '0' };
  return style;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const FONT = `'WenQuanYi Zen Hei', 'Noto Sans CJK SC', sans-serif`;

/** The print document of one report (UTF-8 HTML). */
export function printHtml(doc: ReportDoc, variant: PdfVariant): string {
  const p = (text: string) => `<p class="i">${esc(text)}</p>`;
  const body: string[] = [];
  if (doc.titleLine) body.push(`<h1>${esc(title(doc))}</h1>`);
  if (doc.dateLabel) body.push(`<p class="c">发布时间：${doc.publishedAt}</p>`);
  if (!doc.titleLine) body.push(p(titledOpening(doc)));
  for (const x of doc.prose.opening) body.push(p(x));
  const heading = (n: 1 | 2 | 3 | 4 | 5 | 6) => {
    if (doc.headings) body.push(`<p class="h">${esc(doc.headings[n])}</p>`);
  };
  const table = (code: TableCode, render: () => string) =>
    body.push(doc.omit === code ? p(OMITTED_TABLE_TEXT) : render());
  heading(1);
  for (const x of doc.prose.overview) body.push(p(x));
  heading(2);
  table(TableCode.ACTIVE_DISCLOSURE, () => active(doc));
  heading(3);
  // a ruled table shows where a row ends: a row short of a cell (a fault, or a row cut off by the
  // page) has its last cell merged over the rest, or the empty place would read as a blank cell
  table(TableCode.APPLICATIONS, () => applications(doc, variant.borders ? APPLICANT_CELLS : undefined));
  // a file cut off inside the applications table (pages lost): it ends after the last row printed
  if (!truncated(doc)) {
    heading(4);
    table(TableCode.REVIEW_LITIGATION, () => review({ ...doc, reviewAsRows: variant.reviewAsRows }));
    heading(5);
    for (const x of doc.prose.problems) body.push(p(x));
    heading(6);
    for (const x of doc.prose.other) body.push(p(x));
    if (doc.dateClosing) {
      body.push(`<p class="r">${esc(doc.agency.nameInText)}</p>`);
      body.push(`<p class="r">${chineseDate(doc.publishedAt)}</p>`);
    }
  }
  const border = variant.borders ? '0.75pt solid #000' : 'none';
  const rule = '0.75pt solid #000';
  const oneAxis =
    variant.borders || !variant.rules
      ? ''
      : variant.rules === 'horizontal'
        ? `table{border-top:${rule};border-bottom:${rule}}td{border-top:${rule};border-bottom:${rule}}`
        : `table{border-left:${rule};border-right:${rule}}td{border-left:${rule};border-right:${rule}}`;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title(doc))}</title>
<style>
body{font-family:${FONT};font-size:${variant.bodyPt}pt;line-height:1.5;margin:0}
h1{font-size:${variant.bodyPt + 6}pt;font-weight:normal;text-align:center;margin:0 0 ${variant.bodyPt}pt}
p{margin:0}
p.i{text-indent:2em}
p.c{text-align:center}
p.r{text-align:right}
p.h{font-weight:bold;margin-top:${variant.bodyPt / 2}pt}
table{border-collapse:collapse;border:${border};width:100%;margin:${variant.bodyPt / 2}pt 0}
td{border:${border};padding:2pt 3pt;font-size:${variant.tablePt}pt;line-height:1.3;text-align:${variant.align};vertical-align:${variant.valign}}
tr{break-inside:avoid}
${oneAxis}
</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

/** The footer as printed on page N of M (Chromium fills the spans). */
function footerTemplate(style: FooterStyle): string {
  const n = '<span class="pageNumber"></span>';
  const m = '<span class="totalPages"></span>';
  const text: Record<FooterStyle, string> = {
    dash: `- ${n} -`,
    emdash: `— ${n} —`,
    di: `第${n}页`,
    slash: `${n}/${m}`,
    diGong: `第${n}页 共${m}页`,
    none: '',
  };
  return `<div style="font-family:${FONT};font-size:9pt;width:100%;text-align:center">${text[style]}</div>`;
}

function headerTemplate(text: string | null): string {
  if (text === null) return '<div></div>';
  return `<div style="font-family:${FONT};font-size:8pt;width:100%;text-align:center;color:#333">${esc(text)}</div>`;
}

export interface PrintJob {
  /** The print document (written by the corpus walk), removed once printed. */
  html: string;
  pdf: string;
  footer: FooterStyle;
  header: string | null;
  /** ISO date stamped as the PDF's creation date, so that the same corpus is the same bytes. */
  date: string;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium's launch flags: headless, no sandbox (containers), no traffic of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export function chromiumMissing(): string | null {
  if (fs.existsSync(CHROMIUM_PATH)) return null;
  return `the pdf layouts print with Chromium, not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`;
}

/**
 * Chromium stamps the time of printing into /CreationDate and /ModDate; replaced in place (same
 * length, so the cross-reference offsets stay valid) by the report's date.
 */
function stampDate(pdf: Buffer, iso: string): Buffer {
  const stamp = Buffer.from(`(D:${iso.replace(/-/g, '')}000000+00'00')`, 'latin1');
  const text = pdf.toString('latin1');
  const re = /\(D:\d{14}[+-]\d\d'\d\d'\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === stamp.length) stamp.copy(pdf, m.index);
  }
  return pdf;
}

type Playwright = typeof import('playwright-core');

/** playwright-core is a development dependency: loaded only when PDFs are printed. */
async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import('playwright-core');
  } catch {
    throw new ConfigError(
      'the pdf layouts need playwright-core (a development dependency): run npm install without --omit=dev',
    );
  }
}

/** Pages printed at once: Chromium lays out one while the next is sent. */
const PRINT_CONCURRENCY = 2;

/**
 * Prints every job in one browser (one page per worker, reused), writes the PDFs and removes the
 * print documents. Returns the bytes written.
 */
export async function printPdfs(jobs: readonly PrintJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const missing = chromiumMissing();
  if (missing) throw new ConfigError(missing);
  const { chromium } = await loadPlaywright();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  let bytes = 0;
  try {
    let next = 0;
    const worker = async () => {
      const page = await browser.newPage();
      try {
        while (next < jobs.length) {
          const job = jobs[next++] as PrintJob;
          await page.setContent(fs.readFileSync(job.html, 'utf8'), { waitUntil: 'load' });
          const pdf = await page.pdf({
            format: 'A4',
            margin: { top: '25mm', bottom: '25mm', left: '28mm', right: '28mm' },
            displayHeaderFooter: job.footer !== 'none' || job.header !== null,
            headerTemplate: headerTemplate(job.header),
            footerTemplate: footerTemplate(job.footer),
          });
          const out = stampDate(Buffer.from(pdf), job.date);
          fs.writeFileSync(job.pdf, out);
          fs.rmSync(job.html, { force: true });
          bytes += out.length;
        }
      } finally {
        await page.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(PRINT_CONCURRENCY, jobs.length) }, worker));
  } finally {
    await browser.close();
  }
  return bytes;
}
