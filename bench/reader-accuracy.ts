/**
 * How well the reader reads each class of report: a synthetic corpus of every text layout (the
 * first four and the reader's: one-line, column-major, markdown, OCR), with local variants and
 * the reader's faults at known rates, each report parsed and scored against its truth
 * (src/synth/score.ts). Prints, per class, cells right / flagged / read wrong with an issue /
 * wrong-and-unflagged / missed-and-unflagged, and how many reports differ from their truth;
 * with --by form or --by fault, per layout × form or layout × fault. Figures only: no assertion.
 *
 * Run: node -r @swc-node/register bench/reader-accuracy.ts [--agencies N] [--years 2019-2025]
 *      [--fault-rate R] [--variant-rate R] [--seed S] [--by layout|form|fault] [--show N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport, toGoldenJson } from '../src/parser';
import { LAYOUTS, READER_TEXT_LAYOUTS } from '../src/synth/agencies';
import { synthesize } from '../src/synth/corpus';
import { emptyCounts, scoreReport, Tally } from '../src/synth/score';
import type { TruthJson } from '../src/synth/truth';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '300' },
    years: { type: 'string', default: '2019-2025' },
    'fault-rate': { type: 'string', default: '0.3' },
    'variant-rate': { type: 'string', default: '0.5' },
    seed: { type: 'string', default: 'reader-accuracy' },
    by: { type: 'string', default: 'layout' },
    show: { type: 'string', default: '0' },
  },
});
const [firstYear, lastYear] = (values.years as string).split('-').map(Number) as [number, number];
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-reader-accuracy-'));
try {
  const t0 = process.hrtime.bigint();
  const summary = synthesize({
    agencies: Number(values.agencies),
    firstYear,
    lastYear: lastYear ?? firstYear,
    seed: values.seed as string,
    out,
    faultRate: Number(values['fault-rate']),
    faultKinds: 'all',
    variantRate: Number(values['variant-rate']),
    layouts: [...LAYOUTS, ...READER_TEXT_LAYOUTS],
  });
  const synthSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const tally = new Tally();
  let parseSeconds = 0;
  for (const line of fs.readFileSync(path.join(out, 'manifest.jsonl'), 'utf8').trim().split('\n')) {
    const file = (JSON.parse(line) as { file: string }).file;
    const truthFile = path.join(out, file.replace(/^reports\//, 'truth/').replace(/\.[a-z]+$/, '.json'));
    const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as TruthJson;
    const fault = truth.faults[0]?.kind ?? 'none';
    const cls =
      values.by === 'form'
        ? `${truth.layout} ${truth.formatVersion}`
        : values.by === 'fault'
          ? `${truth.layout} ${fault}`
          : truth.layout;
    const bytes = fs.readFileSync(path.join(out, file));
    const p0 = process.hrtime.bigint();
    try {
      const json = toGoldenJson(parseReport(bytes, { fileName: file }));
      parseSeconds += Number(process.hrtime.bigint() - p0) / 1e9;
      tally.add(
        cls,
        `${file} (${truth.formatVersion}; ${fault}; ${(truth.variants ?? []).join(',')})`,
        scoreReport(truth, json),
      );
    } catch (e) {
      tally.add(cls, file, { counts: emptyCounts(), mismatches: [`did not parse: ${(e as Error).message}`] });
    }
  }
  console.log(
    `reader accuracy: ${summary.reports} reports (${values.agencies} agencies, ${values.years}), ` +
      `fault rate ${values['fault-rate']} (${Object.entries(summary.faults)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}), variant rate ${values['variant-rate']}; ` +
      `synth ${synthSeconds.toFixed(1)} s, parse ${parseSeconds.toFixed(1)} s`,
  );
  console.log(tally.table());
  const show = Number(values.show);
  if (show > 0) {
    for (const [cls, c] of tally.classes) {
      if (c.lines.length > 0)
        console.log(`\n${cls}: first differences\n  ${c.lines.slice(0, show).join('\n  ')}`);
    }
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
