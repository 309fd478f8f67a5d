/**
 * A burst of identical analyst queries just after an ingest: the gateway (as npm start serves it)
 * with its response cache emptied by a NOTIFY, then N identical (c) requests at once. With the
 * cache on, one runs and the others wait for its answer; with it off, all N run. Prints the time
 * until the last answer and the gateway's CPU, median of the rounds.
 * Run: node -r @swc-node/register bench/national/burst.ts <url> <schema> [N=50] [rounds=5]
 */
import pg from 'pg';
import { GATEWAY_C } from './queries';
import { ask, median, nextMessage, startChild } from './util';

async function main(): Promise<void> {
  const [url, schema, n = '50', rounds = '5'] = process.argv.slice(2) as [string, string, string?, string?];
  const notify = new pg.Client(url);
  await notify.connect();
  for (const mode of ['cache', 'off']) {
    const child = startChild('gateway-server.ts', [url, schema, mode]);
    const { url: endpoint } = await nextMessage<{ type: string; url: string }>(child, 'ready');
    const body = JSON.stringify({ query: GATEWAY_C });
    const post = () =>
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) =>
        r.text(),
      );
    await post(); // warm: compiled query, prepared statement
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < Number(rounds); r++) {
      await notify.query(`SELECT pg_notify('gongkai_data_changed', $1)`, [schema]);
      await new Promise((res) => setTimeout(res, 200));
      type Count = { type: string; cpuMicros: number };
      const before = await ask<Count>(child, { type: 'count' });
      const t = performance.now();
      const texts = await Promise.all(Array.from({ length: Number(n) }, post));
      ms.push(performance.now() - t);
      const after = await ask<Count>(child, { type: 'count' });
      cpu.push((after.cpuMicros - before.cpuMicros) / 1000);
      if (new Set(texts).size !== 1) throw new Error('answers differ');
    }
    console.log(
      `${n} identical (c) requests after a change, response cache ${mode === 'cache' ? 'on' : 'off'}: last answer after ${median(ms).toFixed(0)} ms (median of ${rounds}), gateway CPU ${median(cpu).toFixed(0)} ms`,
    );
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
  }
  await notify.end();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
