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
import { compose } from './compose';
import { applyFault, carryOverShift, drawFault, type FaultKind } from './faults';
import { Rng } from './prng';
import { renderHtml } from './render/html';
import { renderLines } from './render/lines';
import { renderPipe } from './render/pipe';
import { renderTab } from './render/tab';
import { buildTruth } from './truth';
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
}

export interface SynthSummary {
  agencies: number;
  reports: number;
  bytes: number;
  faults: Partial<Record<FaultKind, number>>;
  layouts: Partial<Record<Layout, number>>;
  forms: Partial<Record<FormVersion, number>>;
  seconds: number;
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
  }
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
    seconds: 0,
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
        const fault = drawFault(
          yrng.fork('fault'),
          { rate: opts.faultRate, hasPreviousYear: year > opts.firstYear },
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
        const composed = compose(yrng.fork('compose'), agency, year, form, values, fault, layouts);
        const content = render(composed.layout, composed, yrng.fork('render'));
        const name = `${agency.provinceCode}/${agency.id}-${year}`;
        const file = `reports/${name}.${composed.layout === 'html' ? 'html' : 'txt'}`;
        const truth = buildTruth({
          file,
          doc: composed.doc,
          layout: composed.layout,
          fault,
          previousCarriedForward: previousCf,
        });
        previousCf = truth.applications
          ? (values.applications.get(RowCode.CARRIED_FORWARD) as number[])
          : null;

        dir(path.join(opts.out, 'reports', agency.provinceCode));
        dir(path.join(opts.out, 'truth', agency.provinceCode));
        fs.writeFileSync(path.join(opts.out, file), content);
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
        summary.bytes +=
          (typeof content === 'string' ? Buffer.byteLength(content) : content.length) +
          Buffer.byteLength(truthText);
        if (fault) bump(summary.faults, fault.kind);
        bump(summary.layouts, composed.layout);
        bump(summary.forms, form);
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
