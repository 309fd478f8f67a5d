/**
 * Profile one server under one scenario: starts the Gongkai child (BENCH_SERVER: gateway, the
 * default, as shipped; subgraph; old) with
 * --cpu-prof over an already loaded schema, loads it with autocannon, and stops it so that the
 * profile is written. Used to find what limits the serving figures.
 * Run: node -r @swc-node/register bench/national/profile-server.ts <url> <schema> <a|b|c>
 *        [connections=10] [seconds=10] [outDir=os.tmpdir()/gongkai-prof]
 * outDir `-`: the figures only. BENCH_TREE=DIR starts the server children of another checkout
 * (e.g. a worktree of an older commit) under this same driver, for alternating old/new pairs.
 */
import autocannon from 'autocannon';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GATEWAY_C, GONGKAI_A, GONGKAI_B, YEARS } from './queries';
import { ask, nextMessage, rng, startChild } from './util';

async function main(): Promise<void> {
  const [url, schema, scenario, conns = '10', secs = '10', outDir] = process.argv.slice(2) as [
    string,
    string,
    string,
    string?,
    string?,
    string?,
  ];
  const dir = path.resolve(outDir ?? path.join(os.tmpdir(), 'gongkai-prof'));
  const c = new pg.Client(url);
  await c.connect();
  const ids =
    scenario === 'c'
      ? [0]
      : scenario === 'a'
        ? (
            await c.query<{ id: number }>(
              `SELECT agency_id AS id FROM "${schema}".reports WHERE year >= $1 GROUP BY agency_id HAVING count(*) = $2`,
              [YEARS[0], YEARS.length],
            )
          ).rows.map((r) => r.id)
        : (
            await c.query<{ id: number }>(
              `SELECT id - 1 AS id FROM "${schema}".reports ORDER BY id LIMIT 1000`,
            )
          ).rows.map((r) => r.id);
  await c.end();
  // outDir "-": no profile, just the figures (quick before/after checks)
  const flags = outDir === '-' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  const tree = process.env.BENCH_TREE;
  const script = (name: string) =>
    tree ? path.relative(__dirname, path.resolve(tree, 'bench/national', name)) : name;
  // The server as shipped (the gateway over both subgraphs, as npm start serves it), or with
  // BENCH_SERVER=subgraph the subgraph that holds the scenario's fields alone, or =old the shipped
  // server with every operation through @apollo/gateway (before issue 15).
  const which = process.env.BENCH_SERVER ?? 'gateway';
  const child =
    which === 'subgraph'
      ? startChild(
          script('gongkai-server.ts'),
          [url, schema, 'off', scenario === 'c' ? 'analytics' : 'reports'],
          [],
          flags,
          'ignore',
        )
      : startChild(
          script('gateway-server.ts'),
          [url, schema, 'off', ...(which === 'old' ? ['old'] : [])],
          [],
          flags,
          'ignore',
        );
  const { url: endpoint } = await nextMessage<{ type: string; url: string }>(child, 'ready');
  const next = rng(1);
  const pick = () => ids[Math.floor(next() * ids.length)]!;
  const body = () =>
    scenario === 'c'
      ? JSON.stringify({ query: GATEWAY_C })
      : scenario === 'a'
        ? JSON.stringify({ query: process.env.BENCH_QUERY_A ?? GONGKAI_A, variables: { id: String(pick()) } })
        : JSON.stringify({
            query: GONGKAI_B,
            variables: { after: Buffer.from(`id:${pick()}`).toString('base64url') },
          });
  type Count = { type: string; cpuMicros: number };
  const before = await ask<Count>(child, { type: 'count' });
  const result = await autocannon({
    url: endpoint,
    connections: Number(conns),
    duration: Number(secs),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const after = await ask<Count>(child, { type: 'count' });
  const { average: rps, total } = (result as unknown as { requests: { average: number; total: number } })
    .requests;
  const cpu = (after.cpuMicros - before.cpuMicros) / 1000 / total;
  const { p50 } = (result as unknown as { latency: { p50: number } }).latency;
  console.log(
    `(${scenario}) c=${conns}: ${rps} req/s, p50 ${p50} ms, server CPU ${cpu.toFixed(2)} ms/request${flags.length ? `; profile in ${dir}` : ''}`,
  );
  child.disconnect();
  await new Promise((r) => child.once('exit', r));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
