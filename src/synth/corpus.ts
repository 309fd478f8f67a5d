/**
 * `gongkai synth`: writes a corpus report by report (agency by agency, year by year), so memory
 * stays flat however many reports are asked for. Output: DIR/manifest.jsonl (what
 * `gongkai ingest --manifest` reads), DIR/reports/<pp>/<agency>-<year>.txt|.html and
 * DIR/truth/<pp>/<agency>-<year>.json (the ground truth), pp being the province code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { APPLICATION_ROWS, FormVersion, RowCode } from '../domain/codes';
import type { ManifestEntry } from '../ingest/manifest';
import { type Agency, generateAgencies, type Layout, LAYOUTS } from './agencies';
import { drawStyle } from './cells';
import { chooseLayout, compose } from './compose';
import { applyFault, carryOverShift, drawFault, type FaultKind } from './faults';
import { Rng } from './prng';
import { renderDocx } from './render/docx';
import { renderHtml } from './render/html';
import { renderLines } from './render/lines';
import { title } from './render/doc';
import {
  drawPdfVariant,
  isPdfLayout,
  pdfStyle,
  type PdfVariant,
  printHtml,
  printPdfs,
  type PrintJob,
} from './render/pdf';
import { renderColmajor } from './render/colmajor';
import { renderMarkdown, renderOcr } from './render/markdown';
import { renderOneline } from './render/oneline';
import { renderPipe } from './render/pipe';
import { renderTab } from './render/tab';
import { buildTruth } from './truth';
import { type VariantName, variantNames } from './variants';
import { agencyTilt, generateYear, initialState } from './values';

export interface SynthOptions {
  agencies: number;
  firstYear: number;
  lastYear: number;
  seed: string;
  out: string;
  /** Probability that a report carries one injected fault. */
  faultRate: number;
  /** Layouts to draw from (default: all four). */
  layouts?: readonly Layout[];
  /** PDF layouts: parts of the printing fixed for every report instead of drawn (tests). */
  pdfOverrides?: Partial<PdfVariant>;
  /** Share of text reports carrying local variants of the template (src/synth/variants.ts); default 0. */
  variantRate?: number;
  /** `classic` (default): the first corpus's six faults, drawn as before; `all`: also the row-level reader's. */
  faultKinds?: 'classic' | 'all';
  /** With `faultKinds: 'all'`, only these kinds (tests that want one fault everywhere). */
  onlyFaults?: readonly FaultKind[];
}

export interface SynthSummary {
  agencies: number;
  reports: number;
  bytes: number;
  faults: Partial<Record<FaultKind, number>>;
  layouts: Partial<Record<Layout, number>>;
  forms: Partial<Record<FormVersion, number>>;
  variants: Partial<Record<VariantName, number>>;
  seconds: number;
  /** PDF reports whose print document is written but not printed yet (see synthesizeAll). */
  toPrint: PrintJob[];
}

/** Manifest lines are buffered and written in batches. */
const MANIFEST_BATCH = 500;

function render(layout: Layout, composed: ReturnType<typeof compose>, rng: Rng): Buffer | string {
  switch (layout) {
    case 'pipe':
      return renderPipe(composed.doc);
    case 'lines':
      return renderLines(composed.doc, composed.blankBetween);
    case 'tab':
      return renderTab(composed.doc, rng);
    case 'html':
      return renderHtml(composed.doc);
    case 'oneline':
      return renderOneline(composed.doc, rng);
    case 'colmajor':
      return renderColmajor(composed.doc);
    case 'markdown':
      return renderMarkdown(composed.doc, rng);
    case 'ocr':
      return renderOcr(composed.doc, rng);
    case 'docx':
      return renderDocx(composed.doc);
    case 'pdf':
    case 'pdf-borderless':
      throw new Error('PDF layouts are printed by printPdfs, not rendered here');
  }
}

/** File name extensions by layout; text layouts not named here are .txt. */
const EXTENSIONS: Readonly<Partial<Record<Layout, string>>> = {
  html: 'html',
  oneline: 'txt',
  colmajor: 'txt',
  markdown: 'md',
  ocr: 'txt',
  docx: 'docx',
  pdf: 'pdf',
  'pdf-borderless': 'pdf',
};

/**
 * The corpus with its PDF reports printed: synthesize, then one Chromium prints every PDF report
 * (text layouts never start a browser).
 */
export async function synthesizeAll(opts: SynthOptions): Promise<SynthSummary> {
  const summary = synthesize(opts);
  const started = process.hrtime.bigint();
  summary.bytes += await printPdfs(summary.toPrint);
  summary.toPrint = [];
  summary.seconds += Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

export function synthesize(opts: SynthOptions): SynthSummary {
  const started = process.hrtime.bigint();
  const root = new Rng(`gongkai-synth/${opts.seed}`);
  const layouts = opts.layouts && opts.layouts.length > 0 ? opts.layouts : LAYOUTS;
  const agencies = generateAgencies(root, { count: opts.agencies, firstYear: opts.firstYear });
  fs.mkdirSync(opts.out, { recursive: true });
  const made = new Set<string>();
  const dir = (d: string) => {
    if (!made.has(d)) {
      fs.mkdirSync(d, { recursive: true });
      made.add(d);
    }
  };
  const manifest = fs.openSync(path.join(opts.out, 'manifest.jsonl'), 'w');
  let pending: string[] = [];
  const summary: SynthSummary = {
    agencies: agencies.length,
    reports: 0,
    bytes: 0,
    faults: {},
    layouts: {},
    forms: {},
    variants: {},
    seconds: 0,
    toPrint: [],
  };
  const bump = <K extends string>(rec: Partial<Record<K, number>>, k: K) => (rec[k] = (rec[k] ?? 0) + 1);
  try {
    for (const agency of agencies) {
      const arng = root.fork(agency.id);
      let state = initialState(agency, arng.fork('state'));
      const tilt = agencyTilt(arng.fork('tilt'));
      let previousCf: number[] | null = null;
      for (let year = opts.firstYear; year <= opts.lastYear; year++) {
        const yrng = arng.fork(year);
        const form = year <= agency.last2019FormYear ? FormVersion.V2019 : FormVersion.V2021;
        // the layout first: which faults a report can show depends on it
        const crng = yrng.fork('compose');
        const layout = chooseLayout(crng, agency, layouts, arng);
        const fault = drawFault(
          yrng.fork('fault'),
          {
            rate: opts.faultRate,
            hasPreviousYear: year > opts.firstYear,
            kinds: opts.faultKinds ?? 'classic',
            layout,
            form,
            ...(opts.onlyFaults ? { only: opts.onlyFaults } : {}),
          },
          APPLICATION_ROWS[form],
        );
        const shift = carryOverShift(fault);
        const { values, next } = generateYear(yrng.fork('values'), {
          agency,
          year,
          form,
          state,
          tilt,
          ...(shift ? { carryOverShift: shift } : {}),
        });
        state = next;
        applyFault(values, fault);
        const composed = compose(crng, agency, year, form, values, fault, layout, {
          variantRate: opts.variantRate ?? 0,
          // the row-level reader's corpus prints the 2019 form's one-cell 采购 row too
          procurementAmountOnly: opts.faultKinds === 'all' ? 0.4 : 0,
        });
        const name = `${agency.provinceCode}/${agency.id}-${year}`;
        const file = `reports/${name}.${EXTENSIONS[composed.layout] ?? 'txt'}`;
        let content: Buffer | string;
        if (isPdfLayout(composed.layout)) {
          // drawn from a stream of its own, so that the text layouts' corpus is unchanged
          const prng = yrng.fork('pdf');
          const variant = { ...drawPdfVariant(prng, composed.layout), ...opts.pdfOverrides };
          composed.doc.style = pdfStyle(drawStyle(prng.fork('style'), true, false), variant);
          content = printHtml(composed.doc, variant);
          const html = path.join(opts.out, `${file}.html`);
          summary.toPrint.push({
            html,
            pdf: path.join(opts.out, file),
            footer: variant.footer,
            header: variant.runningHeader ? title(composed.doc) : null,
            date: composed.doc.publishedAt,
          });
        } else content = render(composed.layout, composed, yrng.fork('render'));
        const truth = buildTruth({
          file,
          doc: composed.doc,
          layout: composed.layout,
          fault,
          previousCarriedForward: previousCf,
        });
        previousCf = truth.applications?.[RowCode.CARRIED_FORWARD] ?? null;

        dir(path.join(opts.out, 'reports', agency.provinceCode));
        dir(path.join(opts.out, 'truth', agency.provinceCode));
        fs.writeFileSync(path.join(opts.out, isPdfLayout(composed.layout) ? `${file}.html` : file), content);
        const truthText = `${JSON.stringify(truth, null, 1)}\n`;
        fs.writeFileSync(path.join(opts.out, 'truth', `${name}.json`), truthText);
        pending.push(
          JSON.stringify(manifestEntry(agency, file, year, truth.publishedAt ?? composed.doc.publishedAt)),
        );
        if (pending.length >= MANIFEST_BATCH) {
          fs.writeSync(manifest, `${pending.join('\n')}\n`);
          pending = [];
        }

        summary.reports++;
        // a PDF's bytes are counted once printed
        const contentBytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
        summary.bytes += (isPdfLayout(composed.layout) ? 0 : contentBytes) + Buffer.byteLength(truthText);
        if (fault) bump(summary.faults, fault.kind);
        bump(summary.layouts, composed.layout);
        bump(summary.forms, form);
        for (const v of variantNames(composed.doc.variants)) bump(summary.variants, v);
      }
    }
    if (pending.length > 0) fs.writeSync(manifest, `${pending.join('\n')}\n`);
  } finally {
    fs.closeSync(manifest);
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

function manifestEntry(agency: Agency, file: string, year: number, publishedAt: string): ManifestEntry {
  return {
    file,
    agency: agency.manifestName,
    province: agency.province,
    ...(agency.city ? { city: agency.city } : {}),
    ...(agency.county ? { county: agency.county } : {}),
    divisionCode: agency.divisionCode,
    level: agency.level,
    kind: agency.kind,
    year,
    sourceUrl: `https://synth.gongkai.invalid/${agency.divisionCode}/${agency.id}/${year}.html`,
    publishedAt,
  };
}
