/**
 * What a burst past the per-client cap does (issue 15's question from session 5: after the 429s,
 * does the server stop answering, or does the load generator give up?). The shipped server with
 * its default cap (GONGKAI_CLIENT_CONCURRENCY 8, GONGKAI_CLIENT_QUEUE 32) is loaded from one
 * address by autocannon at 50 connections; the probe prints the answers per status and per second,
 * autocannon's own errors and timeouts, then whether a single request, and a load within the cap,
 * are answered afterwards.
 * Run: node -r @swc-node/register bench/national/cap-probe.ts <url> <schema> [seconds=6]
 */
import autocannon from 'autocannon';
import { encodeCursor, GONGKAI_B } from './queries';
import { nextMessage, startChild } from './util';

async function load(target: string, connections: number, seconds: number, after: number[]) {
  const started = Date.now();
  const perSecond = new Map<number, Record<number, number>>();
  let i = 0;
  const instance = autocannon({
    url: target,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            query: GONGKAI_B,
            variables: { after: encodeCursor(after[i++ % after.length]!) },
          }),
        }),
      },
    ],
  });
  instance.on('response', (_c, status) => {
    const s = Math.floor((Date.now() - started) / 1000);
    const row = perSecond.get(s) ?? {};
    row[status] = (row[status] ?? 0) + 1;
    perSecond.set(s, row);
  });
  const result = await instance;
  return { perSecond: [...perSecond].sort((a, b) => a[0] - b[0]), result };
}

async function main(): Promise<void> {
  const [url, schema, seconds = '6'] = process.argv.slice(2) as [string, string, string?];
  // the server child keeps the default cap (gongkai-child.ts)
  process.env.BENCH_DEFAULT_CAP = '1';
  const child = startChild('gateway-server.ts', [url, schema, 'off'], [], [], 'ignore');
  const { url: endpoint } = await nextMessage<{ type: string; url: string }>(child, 'ready');
  const after = Array.from({ length: 300 }, (_, k) => 1 + k * 50);
  for (const [connections, s] of [
    [50, Number(seconds)],
    [8, 3],
  ] as const) {
    const { perSecond, result } = await load(endpoint, connections, s, after);
    console.log(
      `autocannon, ${connections} connections × ${s} s: errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
    );
    for (const [sec, row] of perSecond) console.log(`  second ${sec}: ${JSON.stringify(row)}`);
    const t0 = Date.now();
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: GONGKAI_B, variables: { after: encodeCursor(1) } }),
    });
    await res.text();
    console.log(`  then one request: ${res.status} in ${Date.now() - t0} ms`);
  }
  child.disconnect();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
