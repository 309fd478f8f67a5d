/** Reading the generator's ground truth (src/synth) in tests. */
import fs from 'node:fs';
import path from 'node:path';
import { FormVersion } from '../../src/domain/codes';
import { type Agency, generateAgencies, type Layout } from '../../src/synth/agencies';
import { compose, type Composed } from '../../src/synth/compose';
import { synthesize } from '../../src/synth/corpus';
import { applyFault, type Fault, type FaultKind } from '../../src/synth/faults';
import { Rng } from '../../src/synth/prng';
import type { PrintJob } from '../../src/synth/render/pdf';
import { type TruthJson } from '../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../src/synth/values';

/** A generated report's ground truth, as the generator writes it (one definition: src/synth/truth.ts). */
export type Truth = TruthJson;

/** The truth file of a generated report: DIR/reports/… → DIR/truth/….json */
export function readTruth(reportFile: string): Truth {
  const file = reportFile
    .replace(`${path.sep}reports${path.sep}`, `${path.sep}truth${path.sep}`)
    .replace(/\.(txt|html)$/, '.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Truth;
}

/** A generated report: its truth and where its file is. */
export interface GeneratedReport {
  truth: Truth;
  file: string;
}

/**
 * One layout's reports on 2019–2022 (both forms; `years` narrows them) written under `dir`, each with one fault of
 * `fault`'s kind (or none), seeded `<name>/<layout>/<fault or clean>` so that a corpus test draws
 * the same reports every run. PDF reports still have to be printed: their jobs are in `toPrint`.
 */
export function generateReports(
  dir: string,
  opts: {
    name: string;
    layout: Layout;
    fault: FaultKind | null;
    agencies: number;
    variantRate?: number;
    years?: readonly [number, number];
  },
): { reports: GeneratedReport[]; toPrint: PrintJob[] } {
  const { name, layout, fault } = opts;
  const out = path.join(dir, `${layout}-${fault ?? 'clean'}`);
  const summary = synthesize({
    agencies: opts.agencies,
    firstYear: opts.years?.[0] ?? 2019,
    lastYear: opts.years?.[1] ?? 2022,
    seed: `${name}/${layout}/${fault ?? 'clean'}`,
    out,
    faultRate: fault ? 1 : 0,
    faultKinds: 'all',
    ...(fault ? { onlyFaults: [fault] } : {}),
    layouts: [layout],
    ...(opts.variantRate !== undefined ? { variantRate: opts.variantRate } : {}),
  });
  const reports = fs
    .readFileSync(path.join(out, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const file = (JSON.parse(line) as { file: string }).file;
      const truthFile = path.join(out, file.replace(/^reports\//, 'truth/').replace(/\.[a-z]+$/, '.json'));
      return { truth: JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Truth, file: path.join(out, file) };
    });
  return { reports, toPrint: summary.toPrint };
}

/**
 * One report composed in a layout, as the synth's units see it: the first agency drawn (a
 * provincial government, large numbers in every table) on 2023 (2021 form) or 2020 (2019 form),
 * with a fault applied when given. The same seed gives the same report.
 */
export function composedReport(
  seed: string,
  layout: Layout,
  opts: { fault?: Fault | null; form?: FormVersion; variantRate?: number } = {},
): Composed {
  const root = new Rng(`synth-units/${seed}`);
  const agency = generateAgencies(root, { count: 1, firstYear: 2019 })[0] as Agency;
  const form = opts.form ?? FormVersion.V2021;
  const year = form === FormVersion.V2019 ? 2020 : 2023;
  const { values } = generateYear(root.fork('values'), {
    agency,
    year,
    form,
    state: initialState(agency, root.fork('state')),
    tilt: agencyTilt(root.fork('tilt')),
  });
  const fault = opts.fault ?? null;
  applyFault(values, fault);
  return compose(root.fork('compose'), agency, year, form, values, fault, layout, {
    variantRate: opts.variantRate ?? 0,
  });
}

/** Issues as sorted `code@where` keys, to compare without their messages. */
export const issueKeys = (issues: ReadonlyArray<{ code: string; where: string }>): string[] =>
  issues.map((i) => `${i.code}@${i.where}`).sort();
