/** The analyst examples (curl + jq, Python requests, Node fetch) against a running gateway. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { test } from 'node:test';
import { REFUSAL_REASON_LABELS } from '../../src/domain/labels';
import { type RefusalReason } from '../../src/domain/codes';
import { allGoldenReports } from '../support/golden';
import { useFixture } from '../support/fixture';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const seeds = allGoldenReports();
// Yueyang 2024 (seed 001) refused requests for some reasons: each must appear with its count.
const yueyang = seeds.find((s) => s.golden.agency.county === '岳阳楼区')!.golden;
const refusedLines = Object.entries(yueyang.applications)
  .filter(([k, v]) => k.startsWith('refused.') && (v[6] ?? 0) > 0)
  .map(([k, v]) => ({
    label: REFUSAL_REASON_LABELS[k.slice('refused.'.length) as RefusalReason],
    count: v[6]!,
  }));

const fx = useFixture({ seeds: true, server: 'gateway' });
assert.ok(refusedLines.length > 0, 'seed 001 refused requests for some reasons');

/** Asynchronous: the server answering the example runs in this process. */
async function run(
  command: string,
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

/**
 * Terminal columns of a string: East Asian Wide and Fullwidth characters (the CJK blocks these
 * tables print) take two, everything else here one (“” are Ambiguous: one).
 */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const displayWidth = (s: string): number => [...s].reduce((w, c) => w + (WIDE.test(c) ? 2 : 1), 0);

/** The cells of a plain table's line (separated by two or more spaces) with their display columns. */
function cells(line: string): { text: string; start: number; end: number }[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => {
    const start = displayWidth(line.slice(0, m.index));
    return { text: m[0], start, end: start + displayWidth(m[0]) };
  });
}

/**
 * Every cell of every line sits under its header: text columns start where their header starts,
 * number columns end where theirs ends.
 */
function assertAligned(out: string, numeric: readonly string[]) {
  const [head, ...lines] = out.split('\n').filter((l) => l.trim());
  const columns = cells(head!);
  for (const line of lines) {
    const row = cells(line);
    for (const cell of row) {
      const under = columns.find((c) =>
        numeric.includes(c.text) ? c.end === cell.end : c.start === cell.start,
      );
      assert.ok(
        under,
        `"${cell.text}" is under no header, at columns ${cell.start}-${cell.end}:\n${head}\n${line}`,
      );
    }
  }
}

/**
 * Yueyang's (the only 2024 report in Hunan) refusal shares as percentages with one decimal,
 * rounded half away from zero, from the golden counts in integers: 1 of 80 is 1.3%.
 */
function expectedShares(): Map<string, { ofRefusals: string; ofProcessed: string }> {
  const processed = yueyang.applications['totalProcessed']![6]!;
  const refused = refusedLines.reduce((a, r) => a + r.count, 0);
  // tenths of a percent: count / whole × 1000, half up (all positive)
  const tenths = (count: number, whole: number) => {
    const t = Math.floor((2 * count * 1000 + whole) / (2 * whole));
    return `${Math.floor(t / 10)}.${t % 10}%`;
  };
  return new Map(
    refusedLines.map(({ label, count }) => [
      label,
      { ofRefusals: tenths(count, refused), ofProcessed: tenths(count, processed) },
    ]),
  );
}

function has(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

function checkTable(out: string) {
  for (const { label, count } of refusedLines) {
    const line = out.split('\n').find((l) => l.includes('2024') && l.includes('湖南省') && l.includes(label));
    assert.ok(line, `a 2024 湖南省 line for ${label} in:\n${out}`);
    assert.match(line, new RegExp(`\\b${count}\\b`));
  }
}

test('curl + jq', { skip: has('jq', ['--version']) ? false : 'jq is not installed' }, async () => {
  const res = await run('bash', [path.join(EXAMPLES, 'refused-breakdown.sh'), fx.server.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout.split('\n')[0]!, /^year\tprovince\treason\tcount/);
  checkTable(res.stdout);
});

const noRequests = !has('python3', ['-c', 'import requests']);
test(
  'Python with requests',
  { skip: noRequests ? 'python3 with requests is not installed' : false },
  async () => {
    const res = await run('python3', [path.join(EXAMPLES, 'refused_breakdown.py'), fx.server.url]);
    assert.equal(res.status, 0, res.stderr);
    checkTable(res.stdout);
    assertAligned(res.stdout, ['count', 'of refusals', 'of processed']);
    for (const [label, share] of expectedShares()) {
      const line = res.stdout
        .split('\n')
        .find((l) => l.includes('2024') && l.includes('湖南省') && l.includes(label))!;
      assert.deepEqual(
        cells(line)
          .slice(-2)
          .map((c) => c.text),
        [share.ofRefusals, share.ofProcessed],
        line,
      );
    }
  },
);

test('Node with fetch', async () => {
  const res = await run(process.execPath, [path.join(EXAMPLES, 'refused-breakdown.mjs'), fx.server.url]);
  assert.equal(res.status, 0, res.stderr);
  checkTable(res.stdout);
  // console.table: the column rules (│ ┼ ┬ ┴) stand at the same display columns on every line.
  const lines = res.stdout.split('\n').filter((l) => l.trim());
  const rules = (l: string) =>
    [...l].flatMap((c, i) => (/[│┼┬┴├┤┌┐└┘]/.test(c) ? [displayWidth([...l].slice(0, i).join(''))] : []));
  for (const line of lines) assert.deepEqual(rules(line), rules(lines[0]!), `${lines[0]}\n${line}`);
  for (const [label, share] of expectedShares()) {
    const line = lines.find((l) => l.includes('2024') && l.includes('湖南省') && l.includes(label))!;
    const values = line.split('│').map((c) => c.trim().replace(/^'(.*)'$/, '$1'));
    assert.deepEqual(values.slice(-3, -1), [share.ofRefusals, share.ofProcessed], line);
  }
});
