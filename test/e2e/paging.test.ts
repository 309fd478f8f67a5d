/**
 * Lists through the federation gateway: `orderBy` (year, name, figures, with direction) and pages
 * both ways (first/after, last/before, pageInfo's four fields), keyset cursors that stay put when
 * rows change elsewhere and are checked, and a page of reports per agency in one statement.
 * Expected orders are computed here, from the stored rows sorted in TypeScript by the documented
 * rule (a missing figure last either way, ties by id in the same direction).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { announceDataChanged } from '../../src/db/data-changes';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { synthesize } from '../../src/synth/corpus';
import { serve, useFixture } from '../support/fixture';
import { CountingLogger } from '../support/server';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-paging-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

const fx = useFixture({
  load: async (db) => {
    synthesize({ agencies: 6, firstYear: 2019, lastYear: 2023, seed: 'paging', out, faultRate: 0.2 });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    const summary = await ingestFiles(db.ds, [...manifest.keys()], { manifest, concurrency: 2 });
    assert.equal(summary.counts.failed, 0);
    // A figure that is missing (a table not read), to see where missing figures go.
    await db.ds.query(
      `UPDATE report_facts SET total_processed = NULL, new_received = NULL
       WHERE report_id IN (SELECT id FROM reports ORDER BY id LIMIT 2)`,
    );
  },
  server: 'gateway',
});

interface Row {
  id: number;
  agencyId: number;
  year: number;
  nameRank: number;
  figures: Record<string, number | null>;
}

const REASONS = [
  'refused_state_secret',
  'refused_law_prohibited',
  'refused_three_security_one_stability',
  'refused_third_party_rights',
  'refused_internal_affairs',
  'refused_process_information',
  'refused_enforcement_case_file',
  'refused_administrative_query',
];

/** Every report as stored, with the figures the orders use. */
async function storedRows(): Promise<Row[]> {
  const rows: Record<string, unknown>[] = await fx.db.ds.query(
    `SELECT r.id, r.agency_id, r.year, dense_rank() OVER (ORDER BY a.name) AS name_rank, f.*
     FROM reports r JOIN agencies a ON a.id = r.agency_id LEFT JOIN report_facts f ON f.report_id = r.id`,
  );
  return rows.map((r) => {
    const reasons = REASONS.map((c) => r[c] as number | null).filter((v): v is number => v != null);
    return {
      id: r.id as number,
      agencyId: r.agency_id as number,
      year: r.year as number,
      nameRank: Number(r.name_rank),
      figures: {
        NEW_RECEIVED: r.new_received as number | null,
        TOTAL_PROCESSED: r.total_processed as number | null,
        GRANTED: r.granted as number | null,
        REFUSED_TOTAL: reasons.length ? reasons.reduce((a, b) => a + b, 0) : null,
        ISSUE_COUNT: (r.issue_count as number | null) ?? 0,
      },
    };
  });
}

const valueOf = (r: Row, field: string): number | null =>
  field === 'ID'
    ? r.id
    : field === 'YEAR'
      ? r.year
      : field === 'AGENCY_NAME'
        ? r.nameRank
        : r.figures[field]!;

/** The documented order: by the value (missing last either way), then by id, in the direction. */
function expectedOrder(rows: Row[], field: string, direction: 'ASC' | 'DESC'): number[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...rows]
    .sort((x, y) => {
      const a = valueOf(x, field);
      const b = valueOf(y, field);
      if (a == null || b == null) return a == null && b == null ? sign * (x.id - y.id) : a == null ? 1 : -1;
      return a !== b ? sign * (a - b) : sign * (x.id - y.id);
    })
    .map((r) => r.id);
}

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Page {
  nodes: { id: string }[];
  edges: { cursor: string }[];
  pageInfo: PageInfo;
}

const PAGE = 'nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const REPORTS = `query ($orderBy: ReportOrder, $first: Int, $after: String, $last: Int, $before: String) {
  reports(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) { ${PAGE} } }`;

async function reportsPage(vars: Record<string, unknown>): Promise<Page> {
  const res = await fx.server.gql<{ reports: Page }>(REPORTS, vars);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data!.reports;
}

/** Every page one way, checking each page's own pageInfo against its place. */
async function walk(
  read: (vars: Record<string, unknown>) => Promise<Page>,
  vars: Record<string, unknown>,
  size: number,
  backward: boolean,
): Promise<number[]> {
  const pages: number[][] = [];
  let cursor: string | null | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await read(
      backward ? { ...vars, last: size, before: cursor } : { ...vars, first: size, after: cursor },
    );
    const ids = page.nodes.map((n) => Number(n.id));
    const { pageInfo } = page;
    assert.equal(pageInfo.startCursor, page.edges[0]?.cursor ?? null, 'startCursor is the first edge’s');
    assert.equal(pageInfo.endCursor, page.edges[page.edges.length - 1]?.cursor ?? null);
    const more = backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage;
    const behind = backward ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
    assert.equal(behind, i > 0, `page ${i}: rows behind it`);
    pages.push(ids);
    if (!more) break;
    assert.equal(ids.length, size, 'a page before the last is full');
    cursor = backward ? pageInfo.startCursor : pageInfo.endCursor;
  }
  return (backward ? pages.reverse() : pages).flat();
}

describe('reports(orderBy) pages both ways', () => {
  const ORDERS: [string, 'ASC' | 'DESC'][] = [
    ['ID', 'ASC'],
    ['ID', 'DESC'],
    ['YEAR', 'DESC'],
    ['AGENCY_NAME', 'ASC'],
    ['TOTAL_PROCESSED', 'DESC'],
    ['TOTAL_PROCESSED', 'ASC'],
    ['REFUSED_TOTAL', 'DESC'],
    ['NEW_RECEIVED', 'ASC'],
    ['ISSUE_COUNT', 'DESC'],
  ];
  for (const [field, direction] of ORDERS) {
    test(`${field} ${direction}: forwards and backwards, every report once, in the documented order`, async () => {
      const rows = await storedRows();
      assert.ok(rows.length >= 25, `a corpus of ${rows.length}`);
      const expected = expectedOrder(rows, field, direction);
      const orderBy = { field, direction };
      assert.deepEqual(await walk(reportsPage, { orderBy }, 7, false), expected, 'forwards');
      assert.deepEqual(await walk(reportsPage, { orderBy }, 7, true), expected, 'backwards');
    });
  }

  test('missing figures come last in both directions; ties on a year keep the id order', async () => {
    const rows = await storedRows();
    const missing = rows.filter((r) => r.figures.TOTAL_PROCESSED == null).map((r) => r.id);
    assert.ok(missing.length >= 2);
    for (const direction of ['ASC', 'DESC']) {
      const ids = await walk(reportsPage, { orderBy: { field: 'TOTAL_PROCESSED', direction } }, 50, false);
      assert.deepEqual(new Set(ids.slice(-missing.length)), new Set(missing), direction);
    }
    const byYear = await walk(reportsPage, { orderBy: { field: 'YEAR' } }, 50, false);
    const year = new Map(rows.map((r) => [r.id, r.year]));
    for (let i = 1; i < byYear.length; i++) {
      const [a, b] = [byYear[i - 1]!, byYear[i]!];
      assert.ok(year.get(a)! < year.get(b)! || (year.get(a) === year.get(b) && a < b));
    }
  });

  test('a page after the last row is empty, with rows behind it; last alone reads the end', async () => {
    const all = await walk(reportsPage, {}, 50, false);
    const end = await reportsPage({ last: 3 });
    assert.deepEqual(
      end.nodes.map((n) => Number(n.id)),
      all.slice(-3),
    );
    assert.deepEqual(
      [end.pageInfo.hasPreviousPage, end.pageInfo.hasNextPage],
      [true, false],
      'last without before: the end of the list',
    );
    const empty = await reportsPage({ first: 5, after: end.pageInfo.endCursor });
    assert.deepEqual(empty.nodes, []);
    assert.deepEqual(empty.pageInfo, {
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: null,
      endCursor: null,
    });
  });
});

describe('cursors', () => {
  test('are opaque and checked: garbage, another order’s, a forged value, both ways at once', async () => {
    const byFigure = await reportsPage({
      orderBy: { field: 'TOTAL_PROCESSED', direction: 'DESC' },
      first: 2,
    });
    const byId = await reportsPage({ first: 2 });
    const forged = Buffer.from('k:["TOTAL_PROCESSED","DESC","lots",3]').toString('base64url');
    const nul = Buffer.from('k:["AGENCY_NAME","ASC","a\\u0000b",3]').toString('base64url');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ first: 2, after: 'garbage' }, /Invalid cursor "garbage"/],
      [{ last: 2, before: 'garbage' }, /Invalid cursor "garbage"/],
      [{ first: 2, after: byFigure.pageInfo.endCursor }, /made for orderBy TOTAL_PROCESSED DESC, not ID/],
      [
        {
          orderBy: { field: 'TOTAL_PROCESSED', direction: 'ASC' },
          first: 2,
          after: byFigure.pageInfo.endCursor,
        },
        /made for orderBy TOTAL_PROCESSED DESC, not TOTAL_PROCESSED ASC/,
      ],
      [
        { orderBy: { field: 'YEAR' }, first: 2, after: byId.pageInfo.endCursor },
        /made for orderBy ID, not YEAR ASC/,
      ],
      [
        { orderBy: { field: 'TOTAL_PROCESSED', direction: 'DESC' }, first: 2, after: forged },
        /value is not one/,
      ],
      [{ orderBy: { field: 'AGENCY_NAME' }, first: 2, after: nul }, /value is not one/],
      [{ first: 2, last: 2 }, /one way at a time/],
      [{ first: 2, before: byId.pageInfo.endCursor }, /one way at a time/],
      [{ last: 100000 }, /last must be between 1 and/],
    ];
    for (const [vars, message] of cases) {
      const res = await fx.server.gql(REPORTS, vars);
      assert.equal(
        res.errors?.[0]?.extensions?.code,
        'BAD_USER_INPUT',
        `${JSON.stringify(vars)}: ${JSON.stringify(res)}`,
      );
      assert.match(res.errors![0]!.message, message);
    }
    // The cursors before orders existed (the id) still page the default order.
    const legacy = Buffer.from(`id:${byId.nodes[0]!.id}`).toString('base64url');
    assert.equal((await reportsPage({ first: 1, after: legacy })).nodes[0]!.id, byId.nodes[1]!.id);
  });

  test('a page after a cursor stays put when rows before it go (keyset, not offsets)', async () => {
    const orderBy = { field: 'YEAR', direction: 'DESC' };
    const first = await reportsPage({ orderBy, first: 6 });
    const second = await reportsPage({ orderBy, first: 6, after: first.pageInfo.endCursor });
    const before = await reportsPage({ orderBy, last: 6, before: second.pageInfo.startCursor });
    assert.deepEqual(before.nodes, first.nodes);
    // Two rows of the first page go (and their facts with them).
    await fx.db.ds.query('DELETE FROM reports WHERE id = ANY($1::integer[])', [
      first.nodes.slice(0, 2).map((n) => Number(n.id)),
    ]);
    // As a save would (the response cache drops its answers).
    announceDataChanged(fx.db.ds);
    const again = await reportsPage({ orderBy, first: 6, after: first.pageInfo.endCursor });
    assert.deepEqual(again.nodes, second.nodes);
    const back = await reportsPage({ orderBy, last: 6, before: second.pageInfo.startCursor });
    assert.deepEqual(back.nodes, first.nodes.slice(2));
    assert.equal(back.pageInfo.hasPreviousPage, false);
  });
});

describe('agencies and the reports of each agency', () => {
  const AGENCIES = `query ($orderBy: AgencyOrder, $first: Int, $after: String, $last: Int, $before: String) {
    agencies(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) { ${PAGE} } }`;
  const agenciesPage = async (vars: Record<string, unknown>) => {
    const res = await fx.server.gql<{ agencies: Page }>(AGENCIES, vars);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!.agencies;
  };

  test('agencies(orderBy: NAME DESC) both ways', async () => {
    const stored: { id: number }[] = await fx.db.ds.query(
      'SELECT id FROM agencies ORDER BY name DESC, id DESC',
    );
    const expected = stored.map((a) => a.id);
    const orderBy = { field: 'NAME', direction: 'DESC' };
    assert.deepEqual(await walk(agenciesPage, { orderBy }, 4, false), expected);
    assert.deepEqual(await walk(agenciesPage, { orderBy }, 4, true), expected);
  });

  const NESTED = `query ($n: Int, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ReportOrder) {
    agencies(first: $n) { nodes { id
      reports(orderBy: $orderBy) { id }
      reportsConnection(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
        totalCount ${PAGE} } } } }`;
  type Nested = {
    agencies: {
      nodes: { id: string; reports: { id: string }[]; reportsConnection: Page & { totalCount: number } }[];
    };
  };

  test('Agency.reportsConnection and Agency.reports(orderBy): each agency’s reports in the order, both ways', async () => {
    const rows = await storedRows();
    const orderBy = { field: 'TOTAL_PROCESSED', direction: 'DESC' };
    const first = await fx.server.gql<Nested>(NESTED, { n: 10, first: 2, orderBy });
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    for (const agency of first.data!.agencies.nodes) {
      const own = rows.filter((r) => r.agencyId === Number(agency.id));
      const expected = expectedOrder(own, orderBy.field, 'DESC');
      assert.deepEqual(
        agency.reports.map((r) => Number(r.id)),
        expected,
      );
      const conn = agency.reportsConnection;
      assert.equal(conn.totalCount, own.length);
      assert.deepEqual(
        conn.nodes.map((r) => Number(r.id)),
        expected.slice(0, 2),
      );
      assert.deepEqual([conn.pageInfo.hasPreviousPage, conn.pageInfo.hasNextPage], [false, own.length > 2]);
      // The rest of this agency's reports, from its own cursor, backwards from the end too.
      const one = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ReportOrder) {
        agency(id: $id) { reportsConnection(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) { ${PAGE} } } }`;
      const read = async (vars: Record<string, unknown>) => {
        const res = await fx.server.gql<{ agency: { reportsConnection: Page } }>(one, {
          id: agency.id,
          ...vars,
        });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        return res.data!.agency.reportsConnection;
      };
      assert.deepEqual(await walk(read, { orderBy }, 2, false), expected);
      assert.deepEqual(await walk(read, { orderBy }, 2, true), expected);
    }
  });

  test('one statement per page of agencies’ reports, whatever the number of agencies or the page size', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = fx.track(await serve(counted, 'gateway'));
    const counts: number[] = [];
    for (const [n, first] of [
      [1, 1],
      [5, 4],
    ] as const) {
      for (const vars of [{ first }, { last: first }]) {
        logger.reset();
        const res = await s.gql<Nested>(NESTED, { n, ...vars, orderBy: { field: 'REFUSED_TOTAL' } });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        assert.equal(res.data!.agencies.nodes.length, n);
        counts.push(logger.queries.length);
      }
    }
    // agencies, Agency.reports(orderBy), the pages, their counts
    assert.deepEqual(counts, [4, 4, 4, 4], counts.join(', '));
  });
});

describe('whether rows lie behind the cursor', () => {
  test('is read (an EXISTS in the page statement) only when the flag that says so is asked for', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = fx.track(await serve(counted, 'gateway'));
    const first = await s.gql<{ reports: Page }>(REPORTS, { first: 3 });
    assert.equal(first.errors, undefined, JSON.stringify(first.errors));
    const after = first.data!.reports.pageInfo.endCursor;
    const page = async (pageInfo: string, vars: Record<string, unknown>) => {
      logger.reset();
      const res = await s.gql<{ reports: { nodes: { id: string }[]; pageInfo: Record<string, unknown> } }>(
        `query ($first: Int, $after: String, $last: Int, $before: String) {
          reports(first: $first, after: $after, last: $last, before: $before) { nodes { id } pageInfo { ${pageInfo} } } }
         ${pageInfo.includes('...Flags') ? 'fragment Flags on PageInfo { hasPreviousPage hasNextPage }' : ''}`,
        vars,
      );
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const statements = logger.queries.filter((q) => /FROM reports r/.test(q));
      assert.equal(statements.length, 1, statements.join('\n'));
      return { exists: /EXISTS/.test(statements[0]!), data: res.data!.reports };
    };
    // Forwards: hasPreviousPage is the flag read from behind the cursor.
    const plain = await page('hasNextPage endCursor', { first: 3, after });
    assert.equal(plain.exists, false);
    const asked = await page('hasPreviousPage hasNextPage', { first: 3, after });
    assert.equal(asked.exists, true);
    assert.equal(asked.data.pageInfo.hasPreviousPage, true);
    assert.deepEqual(plain.data.nodes, asked.data.nodes);
    // Through a fragment, too.
    const spread = await page('...Flags', { first: 3, after });
    assert.equal(spread.exists, true);
    assert.equal(spread.data.pageInfo.hasPreviousPage, true);
    // Backwards: hasNextPage is.
    const before = (await page('startCursor', { first: 3, after })).data.pageInfo.startCursor;
    assert.equal((await page('hasPreviousPage startCursor', { last: 1, before })).exists, false);
    const back = await page('hasNextPage', { last: 1, before });
    assert.equal(back.exists, true);
    assert.equal(back.data.pageInfo.hasNextPage, true);
  });
});
