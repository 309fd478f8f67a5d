/**
 * The bounds of (b), side by side in one run: Gongkai's reports subgraph, the Apollo floor
 * (apollo-floor-server.ts: the floor's JSON through one field, parsed and re-serialised), the
 * Apollo raw floor (apollo-raw-server.ts: the floor's text spliced into Apollo's answer, no JSON
 * work at all), the HTTP floor and the floor, each loaded like `npm run bench` loads them (random
 * page of a fixed sample, autocannon in this process, the order rotating between runs). Prints
 * medians of req/s, p50 and server CPU per request, and p50 over the floor's.
 * Run: node -r @swc-node/register bench/national/bound-b.ts URL SCHEMA [conns=1,10,50] [seconds=8] [runs=3]
 */
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { cannon } from './load';
import { APOLLO_FLOOR, encodeCursor, FLOOR_B, GONGKAI_B } from './queries';
import { ask, median, nextMessage, startChild } from './util';

const SERVERS: Record<string, { script: string; body: (id: number) => string }> = {
  gongkai: {
    script: 'gongkai-server.ts',
    body: (id) => JSON.stringify({ query: GONGKAI_B, variables: { after: encodeCursor(id) } }),
  },
  apolloFloor: {
    script: 'apollo-floor-server.ts',
    body: (id) => JSON.stringify({ query: APOLLO_FLOOR, variables: { scenario: 'b', param: id } }),
  },
  apolloRaw: {
    script: 'apollo-raw-server.ts',
    body: (id) =>
      JSON.stringify({ query: 'query P($after: Int) { listPage(after: $after) }', variables: { after: id } }),
  },
  httpFloor: { script: 'http-floor-server.ts', body: (id) => JSON.stringify({ scenario: 'b', param: id }) },
};

interface Figure {
  rps: number;
  p50: number;
  cpu: number;
}

async function main(): Promise<void> {
  const [url, schema, connsArg = '1,10,50', secsArg = '8', runsArg = '3'] = process.argv.slice(2) as [
    string,
    string,
    string?,
    string?,
    string?,
  ];
  const c = new pg.Client(url);
  await c.connect();
  // pages start after the report before a sampled one, so every page is full
  const ids = (
    await c.query<{ id: number }>(
      `SELECT id - 50 AS id FROM "${schema}".reports WHERE id > 50 ORDER BY md5(id::text) LIMIT 300`,
    )
  ).rows.map((r) => r.id);
  await c.query(`SET search_path = "${schema}"`);
  const direct = JSON.parse((await c.query<{ json: string }>(FLOOR_B, [ids[0]])).rows[0]!.json) as unknown;
  await c.end();
  const children = new Map<string, { child: ReturnType<typeof startChild>; url: string }>();
  for (const [name, s] of Object.entries(SERVERS)) {
    const child = startChild(s.script, [url, schema]);
    children.set(name, {
      child,
      url: (await nextMessage<{ type: string; url: string }>(child, 'ready')).url,
    });
  }
  const floor = startChild('floor-worker.ts', [url, schema]);
  await nextMessage(floor, 'ready');
  try {
    // The floors answer the floor statement's page (Gongkai's answer is checked by npm run bench).
    for (const name of ['apolloFloor', 'apolloRaw', 'httpFloor']) {
      const res = await fetch(children.get(name)!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: SERVERS[name]!.body(ids[0]!),
      });
      const body = (await res.json()) as { data?: Record<string, unknown> };
      const page = name === 'httpFloor' ? body : Object.values(body.data ?? {})[0];
      if (!isDeepStrictEqual(page, direct)) throw new Error(`${name} does not answer the floor's page`);
    }
    const names = [...Object.keys(SERVERS), 'floor'];
    const one = async (name: string, conns: number, secs: number, seed: number): Promise<Figure> => {
      if (name === 'floor') {
        const f = await ask<{ type: string; rps: number; p50: number }>(floor, {
          type: 'run',
          sql: FLOOR_B,
          params: ids,
          connections: conns,
          seconds: secs,
          seed,
        });
        return { rps: f.rps, p50: f.p50, cpu: NaN };
      }
      const { child, url: target } = children.get(name)!;
      type Count = { type: string; cpuMicros: number };
      const before = await ask<Count>(child, { type: 'count' });
      const f = await cannon(target, conns, secs, (pick) => SERVERS[name]!.body(pick()), ids, seed);
      const after = await ask<Count>(child, { type: 'count' });
      if (f.errors) throw new Error(`${name}: ${f.errors} requests failed`);
      return { rps: f.rps, p50: f.p50, cpu: (after.cpuMicros - before.cpuMicros) / 1000 / (f.rps * secs) };
    };
    for (const n of names) await one(n, 10, 2, 1); // warm-up
    const conns = connsArg.split(',').map(Number);
    const figures = new Map<string, Figure[]>();
    for (let run = 0; run < Number(runsArg); run++)
      for (const k of conns)
        for (let i = 0; i < names.length; i++) {
          const n = names[(i + run) % names.length]!;
          const f = await one(n, k, Number(secsArg), 100 + run);
          figures.set(`${n}|${k}`, [...(figures.get(`${n}|${k}`) ?? []), f]);
          console.error(`run ${run + 1} c=${k} ${n}: ${f.rps.toFixed(0)} req/s p50 ${f.p50.toFixed(3)} ms`);
        }
    console.log('| conns | server | req/s | p50 ms | p50 / floor | server CPU ms/request |');
    console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
    for (const k of conns) {
      const floorP50 = median(figures.get(`floor|${k}`)!.map((f) => f.p50));
      for (const n of names) {
        const fs = figures.get(`${n}|${k}`)!;
        const p50 = median(fs.map((f) => f.p50));
        const cpu = median(fs.map((f) => f.cpu));
        console.log(
          `| ${k} | ${n} | ${median(fs.map((f) => f.rps)).toFixed(0)} | ${p50.toFixed(2)} | ${(p50 / floorP50).toFixed(2)} | ${Number.isNaN(cpu) ? '–' : cpu.toFixed(2)} |`,
        );
      }
    }
  } finally {
    for (const { child } of children.values()) child.disconnect();
    floor.disconnect();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
