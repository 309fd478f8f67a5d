/**
 * The PDF front end: pdfjs-dist (legacy build, which runs on Node 20) reads each page's text items
 * and ruling lines; ./pdf-layout turns them into the intermediate layout. No worker thread, no
 * network: the fake worker runs in this thread, and CJK character maps and the standard fonts come
 * from the package's own folders (a CJK PDF with non-embedded fonts needs them to decode its text).
 *
 * A malformed or hostile PDF gives a ParseError, never a hang: at most MAX_PDF_PAGES pages and
 * MAX_ITEMS_PER_PAGE text items a page, a time budget for the whole file, images never decoded.
 */
import path from 'node:path';
import { ParseError } from '../../errors';
import type { Layout } from './layout';
import { layoutPages, type PageContent, type Segment, type TextPiece } from './pdf-layout';

export const MAX_PDF_PAGES = 200;
export const MAX_ITEMS_PER_PAGE = 20_000;
/** Drawing segments a page may have for its ruling lines to be read (beyond: read by gaps only). */
const MAX_SEGMENTS_PER_PAGE = 50_000;
/** Longest a single PDF may take to read. */
const TIME_BUDGET_MS = 60_000;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });

// A real import(), which the CommonJS output would otherwise turn into require() of an ES module.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

let loading: Promise<{ pdfjs: PdfJs; root: string }> | null = null;

/**
 * Built-ins the legacy build's core-js polyfills replace for the whole process although Node's
 * own are correct: its Array.prototype.push (forced over a V8 edge case at 2^32 elements) is a
 * JavaScript loop eight times slower than the native one, which would slow every later push of
 * the process, the text parser's and the server's included. Put back once pdfjs is loaded.
 */
function nativeBuiltins(): () => void {
  const saved: Array<[object, PropertyKey, PropertyDescriptor]> = [];
  for (const [target, key] of [
    [Array.prototype, 'push'],
    [JSON, 'parse'],
    [Function.prototype, 'toString'],
  ] as const) {
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d) saved.push([target, key, d]);
  }
  return () => {
    for (const [target, key, d] of saved) Object.defineProperty(target, key, d);
  };
}

/**
 * Without the Font Loading API (Node has none), pdfjs compiles every glyph shown into a path
 * for drawing, which is most of the cost of reading a page's drawing operations (the ruling
 * lines). A font face that loads and is never drawn with, and a document whose font set accepts
 * it, tell pdfjs the fonts are taken care of. Nothing is ever rendered.
 */
class InertFontFace {
  readonly loaded: Promise<InertFontFace> = Promise.resolve(this);
  constructor(readonly family: string) {}
  load(): Promise<InertFontFace> {
    return this.loaded;
  }
}
const INERT_DOCUMENT = { fonts: { add() {}, delete() {} } };

function loadPdfjs(): Promise<{ pdfjs: PdfJs; root: string }> {
  loading ??= (async () => {
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const restore = nativeBuiltins();
    try {
      const pdfjs = (await importEsm(`${root}/legacy/build/pdf.mjs`)) as PdfJs;
      // the fake worker in this thread: the handler given directly, not looked up by a relative URL
      const g = globalThis as { pdfjsWorker?: unknown };
      g.pdfjsWorker ??= await importEsm(`${root}/legacy/build/pdf.worker.mjs`);
      pdfjs.GlobalWorkerOptions.workerSrc = `${root}/legacy/build/pdf.worker.mjs`;
      const f = globalThis as { FontFace?: unknown };
      if (f.FontFace === undefined) {
        Object.defineProperty(globalThis, 'FontFace', {
          value: InertFontFace,
          configurable: true,
          writable: true,
        });
      }
      return { pdfjs, root };
    } finally {
      restore();
    }
  })();
  return loading;
}

function fail(message: string, source?: string): ParseError {
  return new ParseError(message, 1, 1, source);
}

/** pdfjs's exceptions as what the user can do about them. */
function pdfjsError(e: unknown, source?: string): ParseError {
  const name = (e as { name?: string })?.name ?? '';
  const message = (e as { message?: string })?.message ?? String(e);
  if (name === 'PasswordException') {
    return fail('this PDF is password-protected: save a copy without a password and read that', source);
  }
  if (name === 'InvalidPDFException') {
    return fail(
      `this is not a readable PDF (${message}): the file is damaged or cut short; fetch it again`,
      source,
    );
  }
  return fail(
    `this PDF cannot be read (${name || 'error'}: ${message}); fetch it again or print it to a new PDF`,
    source,
  );
}

type Matrix = [number, number, number, number, number, number];

function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** A colour light enough to be invisible on paper (white lines separate, they do not rule). */
function isLight(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  const n = parseInt(color.slice(1), 16);
  return ((n >> 16) & 255) > 0xe0 && ((n >> 8) & 255) > 0xe0 && (n & 255) > 0xe0;
}

/**
 * The page's straight strokes and thin filled rectangles (how Word draws cell borders), in page
 * points from the top left. Paths are pdfjs's constructPath ops; the transformation matrix is
 * followed through save/restore, `cm` and form XObjects.
 */
function pageSegments(
  ops: { fnArray: number[]; argsArray: unknown[][] },
  OPS: PdfJs['OPS'],
  view: number[],
): Segment[] {
  const [vx0 = 0, , , vy1 = 0] = view;
  const out: Segment[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Array<{ ctm: Matrix; stroke: unknown; fill: unknown }> = [];
  let stroke: unknown = '#000000';
  let fill: unknown = '#000000';
  const strokes = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke]);
  const fills = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke]);
  strokes.add(OPS.closeFillStroke).add(OPS.closeEOFillStroke);
  fills.add(OPS.closeFillStroke).add(OPS.closeEOFillStroke);
  const toPage = (x: number, y: number): [number, number] => {
    const [px, py] = apply(ctm, x, y);
    return [px - vx0, vy1 - py];
  };
  for (let i = 0; i < ops.fnArray.length && out.length < MAX_SEGMENTS_PER_PAGE; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] ?? [];
    switch (fn) {
      case OPS.save:
        stack.push({ ctm, stroke, fill });
        break;
      case OPS.restore: {
        const s = stack.pop();
        if (s) ({ ctm, stroke, fill } = s);
        break;
      }
      case OPS.transform:
        ctm = multiply(ctm, args as Matrix);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ctm, stroke, fill });
        if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))
          ctm = multiply(ctm, Array.from(args[0] as ArrayLike<number>) as Matrix);
        break;
      case OPS.paintFormXObjectEnd: {
        const s = stack.pop();
        if (s) ({ ctm, stroke, fill } = s);
        break;
      }
      case OPS.setStrokeRGBColor:
        stroke = args[0];
        break;
      case OPS.setFillRGBColor:
        fill = args[0];
        break;
      case OPS.constructPath: {
        const paint = args[0] as number;
        const data = (args[1] as unknown[] | undefined)?.[0];
        if (!data || !ArrayBuffer.isView(data)) break;
        const isStroke = strokes.has(paint) && !isLight(stroke);
        const isFill = fills.has(paint) && !isLight(fill);
        if (!isStroke && !isFill) break;
        pathSegments(data as unknown as ArrayLike<number>, toPage, isStroke, isFill, out);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

// pdfjs's DrawOPS in a constructPath buffer
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** A path's straight edges (stroked), or the axis of each thin filled subpath (a drawn rule). */
function pathSegments(
  buf: ArrayLike<number>,
  toPage: (x: number, y: number) => [number, number],
  stroked: boolean,
  filled: boolean,
  out: Segment[],
): void {
  let sub: Array<[number, number]> = [];
  let straight = true;
  const flushFill = () => {
    if (!filled || sub.length < 3 || !straight) return;
    const xs = sub.map((p) => p[0]);
    const ys = sub.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    const w = x1 - x0;
    const h = y1 - y0;
    // a thin bar is a rule; anything wider is shading or a picture
    if (h <= 3 && w > h) out.push({ x1: x0, y1: (y0 + y1) / 2, x2: x1, y2: (y0 + y1) / 2 });
    else if (w <= 3 && h > w) out.push({ x1: (x0 + x1) / 2, y1: y0, x2: (x0 + x1) / 2, y2: y1 });
  };
  let i = 0;
  let cur: [number, number] | null = null;
  let start: [number, number] | null = null;
  while (i < buf.length) {
    const op = buf[i] as number;
    if (op === MOVE) {
      flushFill();
      cur = start = toPage(buf[i + 1] as number, buf[i + 2] as number);
      sub = [cur];
      straight = true;
      i += 3;
    } else if (op === LINE) {
      const next = toPage(buf[i + 1] as number, buf[i + 2] as number);
      if (stroked && cur) out.push({ x1: cur[0], y1: cur[1], x2: next[0], y2: next[1] });
      cur = next;
      sub.push(next);
      i += 3;
    } else if (op === CURVE) {
      cur = toPage(buf[i + 5] as number, buf[i + 6] as number);
      straight = false;
      i += 7;
    } else if (op === QUAD) {
      cur = toPage(buf[i + 3] as number, buf[i + 4] as number);
      straight = false;
      i += 5;
    } else if (op === CLOSE) {
      if (stroked && cur && start) out.push({ x1: cur[0], y1: cur[1], x2: start[0], y2: start[1] });
      cur = start;
      i += 1;
    } else break;
  }
  flushFill();
}

/** Reads a PDF's pages into the intermediate layout (positioned cells in lines). */
export async function readPdf(bytes: Uint8Array, source?: string): Promise<Layout> {
  return layoutPages(await readPdfPages(bytes, source));
}

/**
 * The PDF being read now, if any. pdfjs-dist 5.4.624 keeps one page mapper for all the documents
 * of a process (pdf.js issue #20629, fixed upstream by PR #20640, after this version): a document
 * loaded while another is read makes the other's page requests fail ("Invalid page request"),
 * which two `gongkai worker` jobs, or two ingestReport calls of a server, did. So one PDF is read
 * at a time per process; reading is CPU on this thread anyway, and a PDF's time budget starts
 * when its turn comes.
 */
let reading: Promise<unknown> = Promise.resolve();

/** The text pieces and ruling segments of every page (what ./pdf-layout works on). */
export function readPdfPages(bytes: Uint8Array, source?: string): Promise<PageContent[]> {
  const turn = reading.then(() => readPdfPagesNow(bytes, source));
  reading = turn.catch(() => undefined);
  return turn;
}

async function readPdfPagesNow(bytes: Uint8Array, source?: string): Promise<PageContent[]> {
  const { pdfjs, root } = await loadPdfjs();
  const started = Date.now();
  const task = pdfjs.getDocument({
    // pdfjs takes ownership of (and may detach) the buffer it is given
    data: new Uint8Array(bytes),
    cMapUrl: `${root}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${root}/standard_fonts/`,
    isEvalSupported: false,
    // fonts are "loaded" into an inert document (see InertFontFace), never used
    disableFontFace: false,
    ownerDocument: INERT_DOCUMENT as unknown as HTMLDocument,
    useSystemFonts: false,
    // images are never looked at: any image over one pixel is skipped, not decoded
    maxImageSize: 1,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let timer: NodeJS.Timeout | undefined;
  const overtime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(fail(`reading this PDF took over ${TIME_BUDGET_MS / 1000} s; it may be malformed`, source));
      void task.destroy();
    }, TIME_BUDGET_MS);
    timer.unref();
  });
  try {
    return await Promise.race([read(), overtime]);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }

  async function read(): Promise<PageContent[]> {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (e) {
      throw pdfjsError(e, source);
    }
    if (doc.numPages > MAX_PDF_PAGES) {
      throw fail(
        `this PDF has ${doc.numPages} pages, over the limit of ${MAX_PDF_PAGES}: a report has a few; split the file`,
        source,
      );
    }
    const pages: PageContent[] = [];
    let items = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      if (Date.now() - started > TIME_BUDGET_MS) {
        throw fail(`reading this PDF took over ${TIME_BUDGET_MS / 1000} s; it may be malformed`, source);
      }
      let page: PageContent;
      try {
        page = await readPage(await doc.getPage(n), n);
      } catch (e) {
        if (e instanceof ParseError) throw e;
        throw pdfjsError(e, source);
      }
      items += page.pieces.length;
      pages.push(page);
    }
    if (items === 0) throw fail('this PDF has no text layer (a scan); OCR it first', source);
    return pages;
  }

  async function readPage(page: Awaited<ReturnType<Awaited<typeof task.promise>['getPage']>>, n: number) {
    const view = page.view;
    const [vx0 = 0, vy0 = 0, vx1 = 0, vy1 = 0] = view;
    const content = await page.getTextContent({ disableNormalization: false });
    const raw = content.items.flatMap((i) => ('str' in i ? [i] : []));
    if (raw.length > MAX_ITEMS_PER_PAGE) {
      throw fail(
        `page ${n} of this PDF holds ${raw.length} text items, over the limit of ${MAX_ITEMS_PER_PAGE}`,
        source,
      );
    }
    const pieces: TextPiece[] = [];
    for (const it of raw) {
      if (it.str.trim() === '') continue;
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = it.transform;
      // horizontal text only: rotated pieces are watermarks and stamps
      if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d)) continue;
      pieces.push({ str: it.str, x: e - vx0, baseline: vy1 - f, width: it.width, size: Math.abs(d) });
    }
    // ruling lines only matter on a page with text
    const segments = pieces.length > 0 ? pageSegments(await page.getOperatorList(), pdfjs.OPS, view) : [];
    page.cleanup();
    return { page: n, width: vx1 - vx0, height: vy1 - vy0, pieces, segments };
  }
}
