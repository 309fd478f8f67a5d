/**
 * `gongkai synth --agencies N --years 2019-2025 --seed S --out DIR`: a deterministic synthetic
 * corpus with its manifest and ground truth (docs/synth.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_LAYOUTS, type Layout, LAYOUTS } from '../../synth/agencies';
import { synthesizeAll } from '../../synth/corpus';
import { chromiumMissing, isPdfLayout } from '../../synth/render/pdf';
import { type CliCommand, UsageError } from '../command';

const USAGE = `gongkai synth --agencies N --years FROM-TO --seed S --out DIR [options]
  --agencies N       number of agencies (one report per agency per year)
  --years FROM-TO    years reported on, e.g. 2019-2025 (or one year)
  --seed S           any string; the same arguments give byte-identical output
  --out DIR          output folder: manifest.jsonl, reports/, truth/
  --fault-rate R     share of reports with one injected fault (default 0.05)
  --fault-kinds K    classic (default: the first six kinds) or all (also the row-level reader's:
                     a cell left out, a row added, a page cut off, a glued run with two readings)
  --variant-rate R   share of text reports with local variants of the template (default 0)
  --layouts L,...    only these layouts: ${ALL_LAYOUTS.join(', ')}
                     (default: ${LAYOUTS.join(', ')}; the pdf ones print with Chromium)
  --force            replace an existing corpus in DIR (its manifest.jsonl, reports/ and truth/)`;

function positiveInt(text: string | undefined, name: string): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

export function parseYears(text: string | undefined): { firstYear: number; lastYear: number } {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text ?? '');
  if (!m) throw new UsageError('--years must be YEAR or FROM-TO, e.g. 2019-2025');
  const firstYear = Number(m[1]);
  const lastYear = Number(m[2] ?? m[1]);
  if (firstYear < 2019 || lastYear > 2100 || lastYear < firstYear) {
    throw new UsageError('--years must run forwards from 2019 or later (the national forms start with 2019)');
  }
  return { firstYear, lastYear };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const synthCommand: CliCommand = {
  name: 'synth',
  summary:
    'Write a deterministic synthetic corpus (reports, manifest, ground truth) for tests and benchmarks',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        agencies: { type: 'string' },
        years: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        'fault-rate': { type: 'string' },
        'fault-kinds': { type: 'string' },
        'variant-rate': { type: 'string' },
        layouts: { type: 'string' },
        force: { type: 'boolean' },
      },
      allowPositionals: false,
      strict: true,
    });
    void positionals;
    const agencies = positiveInt(values.agencies, 'agencies');
    const { firstYear, lastYear } = parseYears(values.years);
    if (values.seed === undefined || values.seed === '') throw new UsageError('--seed is required');
    if (!values.out) throw new UsageError('--out is required');
    const faultRate = values['fault-rate'] === undefined ? 0.05 : Number(values['fault-rate']);
    if (!Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1) {
      throw new UsageError('--fault-rate must be a number from 0 to 1');
    }
    const faultKinds = values['fault-kinds'] ?? 'classic';
    if (faultKinds !== 'classic' && faultKinds !== 'all') {
      throw new UsageError('--fault-kinds must be classic or all');
    }
    const variantRate = values['variant-rate'] === undefined ? 0 : Number(values['variant-rate']);
    if (!Number.isFinite(variantRate) || variantRate < 0 || variantRate > 1) {
      throw new UsageError('--variant-rate must be a number from 0 to 1');
    }
    let layouts: Layout[] | undefined;
    if (values.layouts) {
      layouts = values.layouts.split(',').map((l) => l.trim()) as Layout[];
      const unknown = layouts.filter((l) => !ALL_LAYOUTS.includes(l));
      if (unknown.length)
        throw new UsageError(`unknown layout(s) ${unknown.join(', ')}; known: ${ALL_LAYOUTS.join(', ')}`);
      const missing = layouts.some(isPdfLayout) ? chromiumMissing() : null;
      if (missing) {
        console.error(`synth: ${missing}`);
        return 1;
      }
    }
    const out = path.resolve(values.out);
    const manifest = path.join(out, 'manifest.jsonl');
    if (fs.existsSync(manifest) || fs.existsSync(path.join(out, 'reports'))) {
      if (!values.force) {
        console.error(`${out} already holds a corpus; use --force to replace it`);
        return 1;
      }
      // only what synth itself writes is removed, never anything else in DIR
      fs.rmSync(manifest, { force: true });
      fs.rmSync(path.join(out, 'reports'), { recursive: true, force: true });
      fs.rmSync(path.join(out, 'truth'), { recursive: true, force: true });
    }
    const s = await synthesizeAll({
      agencies,
      firstYear,
      lastYear,
      seed: values.seed,
      out,
      faultRate,
      faultKinds,
      variantRate,
      ...(layouts ? { layouts } : {}),
    });
    const faults = Object.values(s.faults).reduce((a, b) => a + b, 0);
    console.log(
      `synth: ${s.reports} reports (${s.agencies} agencies × ${lastYear - firstYear + 1} years), ${faults} with faults, ${mib(s.bytes)} in ${s.seconds.toFixed(1)} s (${Math.round(s.reports / Math.max(s.seconds, 1e-9))} reports/s) → ${out}`,
    );
    return 0;
  },
};
