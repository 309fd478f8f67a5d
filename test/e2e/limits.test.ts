/**
 * Limits before execution, on the server as shipped (the in-process gateway, NODE_ENV=production)
 * and on a subgraph alone: each attack of issue #17 is answered HTTP 400 (413 for the body) with
 * the limit's code, variable and value, and not one SQL statement is sent. Every query the README,
 * the examples and GraphiQL send passes the defaults. No clocks: statuses, codes and statement
 * counts only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DataSource } from 'typeorm';
import { type Config, loadConfig } from '../../src/config';
import { saveReport } from '../../src/db/writes/save';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway } from '../../src/server/gateway';
import { documentHash } from '../../src/server/limits';
import { knownDocuments, trustedDocumentList } from '../../src/server/trusted-documents';
import { aliases, chainedFragments, cycle, distinctAliases, fragmentBomb } from '../support/attacks';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { CountingLogger, startTestServer, type TestServer } from '../support/server';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN = 'limits-test-token-0123456789';

let db: TestDb;
let counted: DataSource;
const sql = new CountingLogger();
const servers: TestServer[] = [];

/** The configuration `npm start` has in production, with `env` on top. */
const shipped = (env: Record<string, string> = {}): Config =>
  loadConfig({ NODE_ENV: 'production', GONGKAI_API_TOKEN: TOKEN, ...env });

async function gateway(config: Config): Promise<TestServer> {
  const schemas = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const server = await startTestServer(counted, config, { gateway: localGateway(schemas) });
  servers.push(server);
  return server;
}

async function subgraph(name: 'reports' | 'analytics', config: Config): Promise<TestServer> {
  const server = await startTestServer(counted, config, { schema: await buildSubgraph(name) });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  server: TestServer,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** Sends, and checks the rejection: status, code, the limit named, and no SQL statement. */
async function rejected(
  server: TestServer,
  body: unknown,
  status: number,
  code: string,
  limit?: string,
): Promise<Answer['body']['errors']> {
  sql.reset();
  const res = await post(server, body);
  const [error] = res.body.errors ?? [];
  assert.equal(res.status, status, JSON.stringify(res.body).slice(0, 500));
  assert.equal(error?.extensions?.code, code, JSON.stringify(res.body).slice(0, 500));
  if (limit) {
    assert.equal(error.extensions?.limit, limit);
    assert.match(error.message, new RegExp(limit));
    assert.equal(typeof error.extensions?.max, 'number');
  }
  assert.deepEqual(sql.queries, [], 'not one SQL statement');
  return res.body.errors;
}

before(async () => {
  db = await createTestDb();
  for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
  counted = await db.open(sql);
});
after(async () => {
  for (const s of servers) await s.close();
  await db.cleanup();
});

for (const where of ['gateway', 'reports subgraph alone'] as const) {
  describe(`the attacks of issue #17, on the ${where} in production`, () => {
    let server: TestServer;
    before(async () => {
      server = where === 'gateway' ? await gateway(shipped()) : await subgraph('reports', shipped());
    });

    test('a fragment bomb nesting agency and reports (27 levels, 2^27 paths): QUERY_TOO_DEEP', async () => {
      const query = fragmentBomb(27, true);
      assert.ok(query.length < 2000, 'a query of about 1.1 KB');
      await rejected(server, { query }, 400, 'QUERY_TOO_DEEP', 'GONGKAI_MAX_QUERY_DEPTH');
    });

    test('a flat fragment bomb (27 levels, shallow): QUERY_TOO_COMPLEX, its walk cut short', async () => {
      const [error] = (await rejected(
        server,
        { query: fragmentBomb(27, false) },
        400,
        'QUERY_TOO_COMPLEX',
        'GONGKAI_MAX_COST',
      ))!;
      assert.match(error!.message, /more than \d+ selections/);
    });

    test('depth 12 with first: 100 on the agency ↔ reports cycle: QUERY_TOO_COMPLEX', async () => {
      const [error] = (await rejected(
        server,
        { query: cycle(4, 100) },
        400,
        'QUERY_TOO_COMPLEX',
        'GONGKAI_MAX_COST',
      ))!;
      assert.ok((error!.extensions!.found as number) > (error!.extensions!.max as number));
    });

    test('a 10,000-fragment chain: 413, before parsing', async () => {
      await rejected(server, { query: chainedFragments(10_000) }, 413, 'INPUT_TOO_LARGE');
    });

    test('10 MB of distinct aliases: 413, before parsing', async () => {
      await rejected(server, { query: distinctAliases(10 * 2 ** 20) }, 413, 'INPUT_TOO_LARGE');
    });

    test('31 directives: TOO_MANY_DIRECTIVES', async () => {
      const query = `{ ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
      // 31 aliases too: raise that limit so the directive count is what is refused.
      await rejected(
        where === 'gateway'
          ? await gateway(shipped({ GONGKAI_MAX_ALIASES: '1000' }))
          : await subgraph('reports', shipped({ GONGKAI_MAX_ALIASES: '1000' })),
        { query },
        400,
        'TOO_MANY_DIRECTIVES',
        'GONGKAI_MAX_DIRECTIVES',
      );
    });

    test('introspection is off in production: INTROSPECTION_DISABLED', async () => {
      await rejected(server, { query: '{ __schema { types { name } } }' }, 400, 'INTROSPECTION_DISABLED');
    });
  });
}

describe('1,000 aliases of refusedBreakdown(groupBy: PROVINCE), on the gateway and the analytics subgraph', () => {
  test('with the default token limit: TOO_MANY_TOKENS (the parser stops first)', async () => {
    // Over the default body cap too: a larger one lets the token limit be the one that refuses.
    const env = { GONGKAI_MAX_BODY_BYTES: String(2 ** 20) };
    for (const s of [await gateway(shipped(env)), await subgraph('analytics', shipped(env))]) {
      await rejected(s, { query: aliases(1000) }, 400, 'TOO_MANY_TOKENS', 'GONGKAI_MAX_TOKENS');
    }
  });
  test('under a larger token limit: TOO_MANY_ALIASES', async () => {
    const env = { GONGKAI_MAX_TOKENS: '1000000', GONGKAI_MAX_BODY_BYTES: String(2 ** 20) };
    for (const s of [await gateway(shipped(env)), await subgraph('analytics', shipped(env))]) {
      const [error] = (await rejected(
        s,
        { query: aliases(1000) },
        400,
        'TOO_MANY_ALIASES',
        'GONGKAI_MAX_ALIASES',
      ))!;
      assert.equal(error!.extensions!.found, 1000);
      assert.equal(error!.extensions!.max, 30);
    }
  });
  test('under larger alias and token limits: QUERY_TOO_COMPLEX (the groupBy fan-out is counted)', async () => {
    const env = {
      GONGKAI_MAX_TOKENS: '1000000',
      GONGKAI_MAX_BODY_BYTES: String(2 ** 20),
      GONGKAI_MAX_ALIASES: '5000',
    };
    for (const s of [await gateway(shipped(env)), await subgraph('analytics', shipped(env))]) {
      await rejected(s, { query: aliases(1000) }, 400, 'QUERY_TOO_COMPLEX', 'GONGKAI_MAX_COST');
      // One of them is fine; so is a coarser groupBy of many more.
      sql.reset();
      const one = await post(s, { query: aliases(1) });
      assert.equal(one.status, 200, JSON.stringify(one.body).slice(0, 500));
      assert.ok(sql.queries.length > 0);
    }
  });
  test('under larger limits still, 10,000 chained fragments are refused by the token limit, not a stack overflow', async () => {
    const env = { GONGKAI_MAX_BODY_BYTES: String(2 ** 20) };
    await rejected(await gateway(shipped(env)), { query: chainedFragments(10_000) }, 400, 'TOO_MANY_TOKENS');
  });
});

describe('the cost counts list sizes', () => {
  let server: TestServer;
  before(async () => {
    server = await gateway(shipped({ GONGKAI_MAX_COST: '5000' }));
  });
  test('first and the groupBy fan-out multiply what each element asks for', async () => {
    // 1 + 100 × (nodes 1 + id 1 + agency (1 + reports (1 + 8 years × (1 + 6 sections × 2 fields))))
    const page = (n: number) =>
      `{ reports(first: ${n}) { nodes { id agency { reports { sections { number printedTitle } } } } } }`;
    const small = await post(server, { query: page(10) });
    assert.equal(small.status, 200, JSON.stringify(small.body));
    const [error] = (await rejected(
      server,
      { query: page(100) },
      400,
      'QUERY_TOO_COMPLEX',
      'GONGKAI_MAX_COST',
    ))!;
    assert.equal(error!.extensions!.found, 10_801);
    const national = await post(server, { query: '{ refusedBreakdown(groupBy: NONE) { year refused } }' });
    assert.equal(national.status, 200, JSON.stringify(national.body));
    await rejected(
      server,
      { query: '{ refusedBreakdown(groupBy: COUNTY) { year refused } }' },
      400,
      'QUERY_TOO_COMPLEX',
      'GONGKAI_MAX_COST',
    );
    // The same grouping within one province covers far fewer groups.
    const hunan = await post(server, {
      query: `{ refusedBreakdown(groupBy: COUNTY, filter: { divisionCode: "430600", yearFrom: 2023, yearTo: 2024 }) { year refused } }`,
    });
    assert.equal(hunan.status, 200, JSON.stringify(hunan.body));
  });
  test('variables count like literals', async () => {
    const query =
      'query ($n: Int) { reports(first: $n) { nodes { id agency { reports { sections { number printedTitle } } } } } }';
    assert.equal((await post(server, { query, variables: { n: 2 } })).status, 200);
    await rejected(server, { query, variables: { n: 100 } }, 400, 'QUERY_TOO_COMPLEX');
  });
});

describe('what the documentation sends passes the defaults', () => {
  test('every README query, the examples and GraphiQL’s default query, on the gateway in production', async () => {
    const server = await gateway(shipped());
    const documents = knownDocuments(ROOT);
    assert.ok(documents.length >= 7, `found ${documents.length}`);
    for (const d of documents) {
      const res = await post(server, { query: d.text, variables: d.variables });
      assert.equal(res.status, 200, `${d.from}: ${JSON.stringify(res.body).slice(0, 300)}`);
      assert.equal(res.body.errors, undefined, `${d.from}: ${JSON.stringify(res.body.errors)}`);
    }
  });

  test('trusted-documents.json is what `npm run trusted-documents` writes from them', async () => {
    const { readFileSync } = await import('node:fs');
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'trusted-documents.json'), 'utf8')) as unknown;
    assert.deepEqual(committed, trustedDocumentList(knownDocuments(ROOT)));
  });
});

describe('trusted documents (GONGKAI_TRUSTED_DOCUMENTS)', () => {
  let server: TestServer;
  let listed: string;
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-trusted-'));
    const file = path.join(dir, 'trusted.json');
    writeFileSync(file, JSON.stringify(trustedDocumentList(knownDocuments(ROOT))));
    listed = knownDocuments(ROOT).find((d) => d.from.startsWith('src/server/example-query'))!.text;
    server = await gateway(shipped({ GONGKAI_TRUSTED_DOCUMENTS: file, GONGKAI_INTROSPECTION: 'true' }));
  });

  test('a listed document runs, by its text or by its hash alone', async () => {
    const byText = await post(server, { query: listed });
    assert.equal(byText.status, 200, JSON.stringify(byText.body));
    assert.equal(byText.body.errors, undefined);
    const byHash = await post(server, {
      extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(listed) } },
    });
    assert.equal(byHash.status, 200, JSON.stringify(byHash.body));
    assert.equal(byHash.body.errors, undefined, JSON.stringify(byHash.body.errors));
    assert.deepEqual(byHash.body.data, byText.body.data);
  });

  test('any other document is OPERATION_NOT_TRUSTED, before any SQL; an unknown hash is not found', async () => {
    await rejected(
      server,
      { query: '{ reports { nodes { id } } }' },
      400,
      'OPERATION_NOT_TRUSTED',
      'GONGKAI_TRUSTED_DOCUMENTS',
    );
    sql.reset();
    const unknown = await post(server, {
      extensions: {
        persistedQuery: { version: 1, sha256Hash: documentHash('{ reports { nodes { id } } }') },
      },
    });
    assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    assert.deepEqual(sql.queries, []);
  });

  test('schema queries answer to GONGKAI_INTROSPECTION, not to the list', async () => {
    const res = await post(server, { query: '{ __schema { queryType { name } } }' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  test('a file that is not a list of sha256 → document stops the server at start, saying so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-trusted-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ abc: '{ __typename }' }));
    await assert.rejects(
      gateway(shipped({ GONGKAI_TRUSTED_DOCUMENTS: file })),
      /not the sha256 of its document/,
    );
  });
});

describe('the body cap', () => {
  test('64 KiB without the API token; with it, up to 10 MiB reaches GraphQL', async () => {
    const server = await gateway(shipped());
    const pad = 'x'.repeat(100 * 1024);
    const body = { query: '{ __typename }', variables: { pad } };
    await rejected(server, body, 413, 'INPUT_TOO_LARGE');
    const wrong = await post(server, body, { authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 413);
    const res = await post(server, body, { authorization: `Bearer ${TOKEN}` });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
});
