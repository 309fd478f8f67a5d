/**
 * PDF parse throughput on one core: parseDocument over the committed PDF fixtures (Chromium and
 * LibreOffice prints of the template), or over a synthetic corpus's PDF reports
 * (`gongkai synth --layouts pdf,pdf-borderless`), in sequence. Prints reports/s (median of the
 * runs) and where the time goes: pdfjs (text and drawing of every page), the layout (lines,
 * cells, tables) and the text parser. Figures only.
 * Run: node -r @swc-node/register bench/parse-pdf.ts [--corpus DIR] [--runs N] [--copies N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from '../src/parser';
import { readPdfPages } from '../src/parser/front/pdf';
import { layoutPages } from '../src/parser/front/pdf-layout';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    runs: { type: 'string', default: '5' },
    copies: { type: 'string', default: '8' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const COPIES = Math.max(1, Number(values.copies));

function files(): Array<{ name: string; bytes: Buffer }> {
  if (values.corpus) {
    const manifest = readFileSync(join(values.corpus, 'manifest.jsonl'), 'utf8').trim().split('\n');
    return manifest
      .map((l) => (JSON.parse(l) as { file: string }).file)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => ({ name: f, bytes: readFileSync(join(values.corpus as string, f)) }));
  }
  const dir = join(__dirname, '..', 'test', 'fixtures', 'pdf');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pdf') && f !== 'encrypted.pdf')
    .sort()
    .map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const inputs = files();
  if (inputs.length === 0) throw new Error('no PDF reports found');
  const corpus: typeof inputs = [];
  const copies = values.corpus ? 1 : COPIES;
  for (let k = 0; k < copies; k++) corpus.push(...inputs);
  const mb = corpus.reduce((n, x) => n + x.bytes.length, 0) / 1e6;
  console.log(
    `parseDocument on PDFs, one core, node ${process.version}: ${corpus.length} reports (${inputs.length} distinct, ${mb.toFixed(1)} MB)`,
  );
  // warm-up: pdfjs loaded, JIT
  for (const x of inputs) await parseDocument(x.bytes, { fileName: x.name });

  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = cpuMs();
    for (const x of corpus) await parseDocument(x.bytes, { fileName: x.name });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(corpus.length / s);
    cpuRates.push(corpus.length / ((cpuMs() - c0) / 1000));
  }
  console.log(
    `  ${median(rates).toFixed(1)} reports/s wall, ${median(cpuRates).toFixed(1)} reports/s of CPU time (median of ${RUNS} runs)`,
  );

  // where the time goes, per report (CPU ms): the rest of parseDocument is the text parser
  let read = 0;
  let layout = 0;
  let pages = 0;
  for (const x of corpus) {
    let c = cpuMs();
    const content = await readPdfPages(x.bytes, x.name);
    read += cpuMs() - c;
    pages += content.length;
    c = cpuMs();
    layoutPages(content);
    layout += cpuMs() - c;
  }
  const c = cpuMs();
  for (const x of corpus) await parseDocument(x.bytes, { fileName: x.name });
  const n = corpus.length;
  const total = (cpuMs() - c) / n;
  console.log(
    `  per report (CPU ms): ${total.toFixed(1)} in all; pdfjs ${(read / n).toFixed(1)} (${(pages / n).toFixed(1)} pages), ` +
      `layout ${(layout / n).toFixed(1)}, text parser ${(total - (read + layout) / n).toFixed(1)}`,
  );
  const mem = process.memoryUsage();
  console.log(
    `  rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
