/**
 * Parse throughput on one core: a corpus of the five seeds and the HTML fixtures repeated,
 * parsed several times; prints reports/s and MB/s (median of the runs) per input kind and overall.
 * Run: node -r @swc-node/register bench/parse.ts [--runs N] [--copies N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport } from '../src/parser';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, copies: { type: 'string', default: '200' } },
});
const RUNS = Math.max(1, Number(values.runs));
const COPIES = Math.max(1, Number(values.copies));

const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
function load(dir: string, ext: string): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }));
}
const text = load(join(FIXTURES, 'corpus', 'seeds'), '.txt');
const html = load(join(FIXTURES, 'html'), '.html');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function bench(label: string, inputs: Array<{ name: string; bytes: Buffer }>): void {
  const corpus: Array<{ name: string; bytes: Buffer }> = [];
  for (let k = 0; k < COPIES; k++) corpus.push(...inputs);
  const bytes = corpus.reduce((n, x) => n + x.bytes.length, 0);
  // warm-up: JIT and lazy module state
  for (const x of inputs) for (let k = 0; k < 20; k++) parseReport(x.bytes, { fileName: x.name });
  const rates: number[] = [];
  const mbs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (const x of corpus) parseReport(x.bytes, { fileName: x.name });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(corpus.length / s);
    mbs.push(bytes / 1e6 / s);
  }
  console.log(
    `${label.padEnd(22)} ${String(corpus.length).padStart(6)} reports  ${(bytes / 1e6).toFixed(1).padStart(6)} MB  ` +
      `${median(rates).toFixed(0).padStart(7)} reports/s  ${median(mbs).toFixed(2).padStart(7)} MB/s  (median of ${RUNS})`,
  );
}

console.log(`parseReport throughput, one core, node ${process.version}`);
bench('text seeds', text);
bench('HTML pages', html);
bench('all (seeds + pages)', [...text, ...html]);
