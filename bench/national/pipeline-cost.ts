/**
 * The per-request pipeline's parts, measured alone (issue 15): CPU µs per call, over the
 * gateway's API schema and the (a) and (b) documents — the cost estimate as getComplexity walks it
 * and as the server now keeps it (CostMemo, a new id or cursor each call), the argument checks
 * (fields found once per document), the query's sha256, a request id with its log line, a deadline.
 * Run: node -r @swc-node/register bench/national/pipeline-cost.ts
 */
import { parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway } from '../../src/server/gateway';
import { listSizeEstimator } from '../../src/server/cost';
import { CostMemo } from '../../src/server/cost-memo';
import { checkArguments } from '../../src/server/validate-arguments';
import { GONGKAI_A, GONGKAI_B, encodeCursor } from './queries';
import { randomUUID, createHash } from 'node:crypto';
import { createLogger } from '../../src/server/logging';

async function main() {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const gw = localGateway(subgraphs);
  const { schema } = await gw.load();
  const est = listSizeEstimator(100);
  const time = (label: string, f: () => void, n = 5000) => {
    for (let i = 0; i < 500; i++) f();
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) f();
    const d = process.cpuUsage(t);
    console.log(`${label}: ${((d.user + d.system) / n).toFixed(1)} µs`);
  };
  for (const [name, q, vars] of [
    ['a', GONGKAI_A, { id: '123' }],
    ['b', GONGKAI_B, { after: encodeCursor(1234) }],
  ] as const) {
    const doc = parse(q);
    const op = doc.definitions[0] as never;
    time(
      `(${name}) getComplexity`,
      () =>
        void getComplexity({ schema, query: doc, variables: vars, estimators: [est], maxQueryNodes: 20000 }),
    );
    const memo = new CostMemo(est, 20000);
    let k = 0;
    time(`(${name}) CostMemo.cost, a new ${name === 'a' ? 'id' : 'cursor'} each call`, () => {
      k++;
      const v = name === 'a' ? { id: String(k) } : { after: encodeCursor(k) };
      void memo.cost(schema, doc, undefined, v);
    });
    time(`(${name}) checkArguments`, () => checkArguments(schema, doc, op, vars));
    time(`(${name}) sha256 of the query`, () => void createHash('sha256').update(q).digest('hex'));
  }
  const devnull = createLogger({ level: 'info', destination: { write: () => {} } as never });
  time('randomUUID + child logger + one access line', () => {
    const l = devnull.child({ requestId: randomUUID() });
    l.info(
      {
        method: 'POST',
        path: '/graphql',
        status: 200,
        durationMs: 1.2,
        operationName: 'ListPage',
        client: '127.0.0.1',
        cache: undefined,
      },
      'request',
    );
  });
  time('AbortSignal.timeout', () => void AbortSignal.timeout(30000));
  await gw.stop();
}
void main();
