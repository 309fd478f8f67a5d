/**
 * Parse throughput on one core: a corpus of the five seeds and the HTML fixtures repeated,
 * parsed several times; prints reports/s and MB/s (median of the runs) per input kind and overall.
 * Run: node -r @swc-node/register bench/parse.ts [--runs N] [--copies N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReport } from '../src/parser';
import { ParseError } from '../src/errors';
import { linearityPatterns } from '../test/support/linearity';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    copies: { type: 'string', default: '200' },
    linearity: { type: 'boolean', default: false },
  },
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

/**
 * --linearity: wall-clock time of each pathological pattern at n and 8n (best of 3 after a
 * warm-up); linear is ~8x, quadratic ~64x. The suite checks the same patterns by counting work.
 */
function linearity(): void {
  const best = (input: string) => {
    let min = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = process.hrtime.bigint();
      try {
        parseReport(input);
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
      }
      min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return min;
  };
  const seed = (text[3] as { bytes: Buffer }).bytes.toString('utf8');
  console.log('\nlinearity: time at n and 8n (best of 3), ratio (linear ~8x, quadratic ~64x)');
  for (const [name, make] of Object.entries(linearityPatterns(seed))) {
    const small = make(1);
    const large = make(8);
    best(small);
    const a = best(small);
    const b = best(large);
    console.log(
      `${name.padEnd(40)} ${a.toFixed(2).padStart(8)} ms ${b.toFixed(2).padStart(9)} ms ${(b / a).toFixed(1).padStart(6)}x`,
    );
  }
}
if (values.linearity) linearity();
