/**
 * Instructions per request of one server under (b) (or (a)), counted by valgrind's callgrind: a
 * figure a shared machine's load does not move, unlike CPU time (issues 12 and 15). Starts the
 * server child (BENCH_SERVER=subgraph|gateway; BENCH_TREE=DIR for another checkout's children)
 * under `valgrind --tool=callgrind --instr-atstart=no`, warms it up with `warm` requests (not
 * counted), then counts `count` requests at `connections` (instrumentation on only for them).
 * Run: node -r @swc-node/register bench/national/callgrind-server.ts <url> <schema> [a|b]
 *        [connections=10] [warm=3000] [count=500] [outDir=os.tmpdir()/gongkai-callgrind]
 * Prints Ir (instructions) per request; the callgrind.out file is left in outDir for
 * callgrind_annotate. Needs valgrind (apt-get install valgrind).
 */
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GONGKAI_A, GONGKAI_B, YEARS } from './queries';
import { nextMessage, rng } from './util';

async function main(): Promise<void> {
  const [url, schema, scenario = 'b', conns = '10', warm = '3000', count = '500', outDir] =
    process.argv.slice(2) as string[];
  const dir = path.resolve(outDir ?? path.join(os.tmpdir(), 'gongkai-callgrind'));
  fs.mkdirSync(dir, { recursive: true });
  const c = new pg.Client(url);
  await c.connect();
  const ids = (
    scenario === 'a'
      ? await c.query<{ id: number }>(
          `SELECT agency_id AS id FROM "${schema}".reports WHERE year >= $1 GROUP BY agency_id HAVING count(*) = $2`,
          [YEARS[0], YEARS.length],
        )
      : await c.query<{ id: number }>(`SELECT id - 1 AS id FROM "${schema}".reports ORDER BY id LIMIT 1000`)
  ).rows.map((r) => r.id);
  await c.end();
  const which = process.env.BENCH_SERVER ?? 'gateway';
  const tree = path.resolve(process.env.BENCH_TREE ?? path.join(__dirname, '../..'));
  const script = path.join(
    tree,
    'bench/national',
    which === 'subgraph' ? 'gongkai-server.ts' : 'gateway-server.ts',
  );
  const args = which === 'subgraph' ? [url!, schema!, 'off', 'reports'] : [url!, schema!, 'off'];
  const out = path.join(dir, `callgrind.out.${which}.${Date.now()}`);
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${out}`,
      '--smc-check=all-non-file',
      process.execPath,
      '-r',
      '@swc-node/register',
      script,
      ...args,
    ],
    {
      cwd: tree,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const { url: endpoint } = await nextMessage<{ type: string; url: string }>(child, 'ready');
  const next = rng(1);
  const pick = () => ids[Math.floor(next() * ids.length)]!;
  const body = () =>
    scenario === 'a'
      ? JSON.stringify({ query: GONGKAI_A, variables: { id: String(pick()) } })
      : JSON.stringify({
          query: GONGKAI_B,
          variables: { after: Buffer.from(`id:${pick()}`).toString('base64url') },
        });
  const load = (amount: number) =>
    autocannon({
      url: endpoint,
      connections: Number(conns),
      amount,
      timeout: 120,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
    }) as unknown as Promise<{ non2xx: number; errors: number; requests: { total: number } }>;
  await load(Number(warm));
  const pid = String(child.pid);
  execFileSync('callgrind_control', ['-i', 'on', pid], { stdio: 'ignore' });
  const counted = await load(Number(count));
  execFileSync('callgrind_control', ['-i', 'off', pid], { stdio: 'ignore' });
  child.disconnect();
  await new Promise((r) => child.once('exit', r));
  const text = fs.readFileSync(out, 'utf8');
  const ir = Number(/^totals:\s*(\d+)/m.exec(text)?.[1] ?? NaN);
  console.log(
    `(${scenario}) ${which}${process.env.BENCH_TREE ? ` of ${tree}` : ''} c=${conns}: ${(ir / counted.requests.total / 1e6).toFixed(3)} M instructions/request over ${counted.requests.total} requests (non-2xx ${counted.non2xx}, errors ${counted.errors}); ${out}`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
