/**
 * Parse throughput on one core over a sample of the synthetic corpus (all four layouts, as
 * generated): files are read into memory first, then parsed `runs` times.
 * Args: <corpusDir> <sampleSize> <runs>. Sends {type:'done', reportsPerSecond, mbPerSecond}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseReport } from '../../src/parser';
import { readManifest } from '../../src/ingest/manifest';
import { childMain, median, send } from './util';

childMain(async () => {
  const [corpus, sampleSize, runsArg] = process.argv.slice(2) as [string, string, string];
  const all = [...readManifest(path.join(corpus, 'manifest.jsonl')).keys()];
  // An even stride over the corpus, so every layout and both forms are represented.
  const step = Math.max(1, Math.floor(all.length / Number(sampleSize)));
  const inputs = all
    .filter((_, i) => i % step === 0)
    .map((f) => ({ name: path.basename(f), bytes: fs.readFileSync(f) }));
  const bytes = inputs.reduce((s, x) => s + x.bytes.length, 0);
  for (const x of inputs.slice(0, 200)) parseReport(x.bytes, { fileName: x.name }); // warm-up (JIT)
  const rates: number[] = [];
  for (let r = 0; r < Number(runsArg); r++) {
    const t0 = process.hrtime.bigint();
    for (const x of inputs) parseReport(x.bytes, { fileName: x.name });
    rates.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const s = median(rates);
  send({
    type: 'done',
    reports: inputs.length,
    mb: bytes / 1e6,
    reportsPerSecond: inputs.length / s,
    mbPerSecond: bytes / 1e6 / s,
  });
  process.exit(0);
});
