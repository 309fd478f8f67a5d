/**
 * Analytics whose cost follows the data they are about (issue 15), counted in work, not time:
 * a trend of a 总计 figure reads report_facts (one narrow row per report), not report_rows, and
 * answers as the trend over report_rows did (the old statement, kept here as the reference); a
 * one-province (city, county) question reads that region's entries of report_facts' region index
 * alone, index-only; coverage reads reports' (agency, year) index in order, with no hash.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { type DataSource } from 'typeorm';
import {
  cellTrend,
  type Measure,
  measureRows,
  RowGroup,
  type TrendPoint,
} from '../../../src/analytics/cell-trend';
import { GroupBy, groupSql } from '../../../src/analytics/groups';
import { coverageGaps } from '../../../src/analytics/quality';
import { groupRates } from '../../../src/analytics/rates';
import { refusedBreakdown } from '../../../src/analytics/refused-breakdown';
import { reportsScope } from '../../../src/analytics/scope';
import { Params } from '../../../src/db/params';
import { type ReportScope } from '../../../src/db/queries/scope';
import { writeFacts } from '../../../src/db/read-models/report-facts';
import { num } from '../../../src/db/numeric';
import { ColumnCode, RowCode, TableCode } from '../../../src/domain/codes';
import { ingestFiles } from '../../../src/ingest/batch';
import { readManifest } from '../../../src/ingest/manifest';
import { synthesize } from '../../../src/synth/corpus';
import { AnalyticsScope1764200000000 } from '../../../migrations/1764200000000-AnalyticsScope';
import { AnalyticsRegionIndex1764300000000 } from '../../../migrations/1764300000000-AnalyticsRegionIndex';
import { useFixture } from '../../support/fixture';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-analytics-cost-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

/** The province with most reports, and how many it has. */
let province = { code: '', name: '', reports: 0 };

const fx = useFixture({
  async load(db) {
    synthesize({
      agencies: 40,
      firstYear: 2019,
      lastYear: 2025,
      seed: 'analytics-cost',
      out,
      faultRate: 0.3,
    });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    const summary = await ingestFiles(db.ds, [...manifest.keys()], { manifest });
    assert.equal(summary.counts.failed, 0, summary.failures[0]?.error);
    // A 总计 cell printed but unreadable (value null): the report still has the row, and the
    // trend over report_rows counted it among the reports; the facts must say so too.
    const [hit] = (await db.ds.query(
      `UPDATE report_rows rr SET cells[array_length(rr.cells, 1)].value = NULL
       FROM reports r
       WHERE r.id = rr.report_id AND rr.table_code = 'applications' AND rr.row_code = 'refused.stateSecret'
         AND rr.cells[array_length(rr.cells, 1)].column_code = 'total'
         AND rr.report_id = (SELECT min(report_id) FROM report_rows WHERE row_code = 'refused.stateSecret')
       RETURNING r.agency_id, r.year`,
    )) as { agency_id: number; year: number }[][];
    assert.equal(hit?.length, 1, 'one cell made unreadable');
    await db.ds.transaction((em) =>
      writeFacts(em, [[hit[0]!.agency_id], [hit[0]!.year]], [hit[0]!.agency_id]),
    );
    const [top] = (await db.ds.query(
      `SELECT a.province_code AS code, min(a.province) AS name, count(*)::int AS reports
       FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.province_code IS NOT NULL
       GROUP BY a.province_code ORDER BY 3 DESC, 1 LIMIT 1`,
    )) as (typeof province)[];
    province = top!;
    // The visibility map, as autovacuum leaves it after inserts: index-only scans skip the heap.
    await db.ds.query('VACUUM ANALYZE');
  },
});

/** The trend as it was computed before issue 15: over report_rows (the reference answer). */
async function trendOverRows(
  ds: DataSource,
  measure: Measure,
  filter: ReportScope,
  groupBy: GroupBy,
): Promise<TrendPoint[]> {
  const p = new Params();
  const table = p.add(measure.table);
  const rows = p.add(measureRows(measure));
  const column = p.add(measure.column);
  const where = reportsScope(filter, p);
  const g = groupSql(groupBy);
  const result: Record<string, string | number | null>[] = await ds.query(
    `WITH yearly AS (
       SELECT r.year, ${g.code} AS group_code, min(${g.name}) AS group_name,
              count(DISTINCT r.id) AS reports, sum(c.value) AS value
       FROM reports r
       JOIN agencies a ON a.id = r.agency_id
       JOIN report_rows rr ON rr.report_id = r.id AND rr.table_code = ${table}::table_code
                          AND rr.row_code = ANY(${rows}::row_code[])
       CROSS JOIN LATERAL unnest(rr.cells) c
       WHERE c.column_code = ${column}::column_code AND ${where}
       GROUP BY ${['r.year', ...g.keys].join(', ')}
     )
     SELECT year, group_code, group_name, reports, value,
            CASE WHEN lag(year) OVER w = year - 1 THEN value - lag(value) OVER w END AS change,
            CASE WHEN lag(year) OVER w = year - 1
                 THEN (value - lag(value) OVER w) / nullif(lag(value) OVER w, 0) END AS change_rate
     FROM yearly
     WINDOW w AS (PARTITION BY group_code ORDER BY year)
     ORDER BY group_code, year`,
    p.values,
  );
  return result.map((r) => ({
    year: Number(r.year),
    groupCode: String(r.group_code),
    groupName: String(r.group_name),
    reports: Number(r.reports),
    value: num(r.value as string | null),
    change: num(r.change as string | null),
    changeRate: num(r.change_rate as string | null),
  }));
}

/** The statements a call runs (with their parameters), by watching its data source. */
async function statementsOf(
  ds: DataSource,
  run: (ds: DataSource) => Promise<unknown>,
): Promise<{ sql: string; params: unknown[] }[]> {
  const seen: { sql: string; params: unknown[] }[] = [];
  const watched = Object.create(ds) as DataSource;
  watched.query = ((sql: string, params?: unknown[]) => {
    seen.push({ sql, params: params ?? [] });
    return ds.query(sql, params);
  }) as DataSource['query'];
  await run(watched);
  return seen;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Heap Fetches'?: number;
  Strategy?: string;
  'Temp Read Blocks'?: number;
  'Temp Written Blocks'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

/** The executed plan of a statement (no sequential scans allowed when asked, to see what an index gives). */
async function planOf(
  ds: DataSource,
  sql: string,
  params: unknown[],
  noSeqScan = false,
): Promise<PlanNode[]> {
  return ds.transaction(async (em) => {
    if (noSeqScan) await em.query('SET LOCAL enable_seqscan = off');
    const [row] = (await em.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as {
      'QUERY PLAN': { Plan: PlanNode }[];
    }[];
    return nodesOf(row!['QUERY PLAN'][0]!.Plan);
  });
}

const TOTAL_MEASURES: Measure[] = [
  ...Object.values(RowGroup).map((group) => ({
    table: TableCode.APPLICATIONS,
    group,
    column: ColumnCode.TOTAL,
  })),
  ...[RowCode.NEW_RECEIVED, RowCode.GRANTED, RowCode.TOTAL_PROCESSED, RowCode.REFUSED_STATE_SECRET].map(
    (row) => ({ table: TableCode.APPLICATIONS, row, column: ColumnCode.TOTAL }),
  ),
  { table: TableCode.REVIEW_LITIGATION, row: RowCode.RECONSIDERATION, column: ColumnCode.TOTAL },
];

test('a trend of a 总计 figure answers as the trend over report_rows did, for every grouping and scope', async () => {
  const scopes: ReportScope[] = [
    {},
    { divisionCode: province.code },
    { province: province.name, yearFrom: 2020, yearTo: 2023 },
  ];
  let compared = 0;
  for (const measure of TOTAL_MEASURES) {
    for (const groupBy of Object.values(GroupBy)) {
      for (const scope of scopes) {
        const expected = await trendOverRows(fx.db.ds, measure, scope, groupBy);
        const got = await cellTrend(fx.db.ds, measure, scope, groupBy);
        assert.deepEqual(
          got,
          expected,
          `${JSON.stringify(measure)} by ${groupBy} over ${JSON.stringify(scope)}`,
        );
        compared += got.length;
      }
    }
  }
  assert.ok(compared > 1000, `points compared: ${compared}`);
  // The unreadable cell is counted among the reports, and its value is left out.
  const refusedByYear = await cellTrend(
    fx.db.ds,
    { table: TableCode.APPLICATIONS, row: RowCode.REFUSED_STATE_SECRET, column: ColumnCode.TOTAL },
    {},
  );
  const [counts] = (await fx.db.ds.query(
    `SELECT count(*)::int AS rows, count(c.value)::int AS known FROM report_rows rr, unnest(rr.cells) c
     WHERE rr.row_code = 'refused.stateSecret' AND c.column_code = 'total'`,
  )) as { rows: number; known: number }[];
  assert.equal(
    refusedByYear.reduce((n, p) => n + p.reports, 0),
    counts!.rows,
  );
  assert.equal(counts!.known, counts!.rows - 1);
});

test('a trend of a 总计 figure reads report_facts, not report_rows; another column still reads the cells', async () => {
  const relations = async (measure: Measure, scope: ReportScope) => {
    const [statement] = await statementsOf(fx.db.ds, (ds) => cellTrend(ds, measure, scope, GroupBy.PROVINCE));
    const plan = await planOf(fx.db.ds, statement!.sql, statement!.params);
    return new Set(plan.map((n) => n['Relation Name']).filter(Boolean));
  };
  for (const measure of TOTAL_MEASURES) {
    const read = await relations(measure, {});
    assert.ok(
      read.has('report_facts') && !read.has('report_rows'),
      `${JSON.stringify(measure)}: ${[...read]}`,
    );
  }
  const byApplicant: Measure = {
    table: TableCode.APPLICATIONS,
    group: RowGroup.REFUSED,
    column: ColumnCode.NATURAL_PERSON,
  };
  assert.ok((await relations(byApplicant, {})).has('report_rows'));
  // That path answers as before too.
  assert.deepEqual(
    await cellTrend(fx.db.ds, byApplicant, {}, GroupBy.CITY),
    await trendOverRows(fx.db.ds, byApplicant, {}, GroupBy.CITY),
  );
});

/** The city and the county (of the province with most reports) with most reports, and how many. */
async function regionsOf(ds: DataSource): Promise<{ code: string; reports: number }[]> {
  // (a code XXXX00 names a city, XX0000 a province: a county's code ends otherwise)
  const top = async (column: string, is: string) => {
    const [r] = (await ds.query(
      `SELECT ${column} AS code, count(*)::int AS reports FROM report_facts
       WHERE province_code = $1 AND ${is}
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      [province.code],
    )) as { code: string; reports: number }[];
    return r!;
  };
  return [
    { code: province.code, reports: province.reports },
    await top('city_code', 'city_code IS NOT NULL'),
    await top('division_code', "division_code NOT LIKE '%00'"),
  ];
}

test("a one-province (city, county) question reads that region's entries of the region index alone, index-only", async () => {
  const [count] = (await fx.db.ds.query('SELECT count(*)::int AS n FROM report_facts')) as { n: number }[];
  const all = count!.n;
  assert.ok(province.reports < all / 2, `a province among several (${province.reports} of ${all})`);
  const questions: [string, (ds: DataSource, divisionCode: string) => Promise<unknown>][] = [
    [
      'refusedBreakdown by county',
      (ds, divisionCode) => refusedBreakdown(ds, { divisionCode }, GroupBy.COUNTY),
    ],
    [
      'trend by county',
      (ds, divisionCode) =>
        cellTrend(
          ds,
          { table: TableCode.APPLICATIONS, group: RowGroup.REFUSED, column: ColumnCode.TOTAL },
          { divisionCode },
          GroupBy.COUNTY,
        ),
    ],
    ['rates by city', (ds, divisionCode) => groupRates(ds, { divisionCode }, GroupBy.CITY)],
  ];
  const regions = await regionsOf(fx.db.ds);
  assert.ok(
    regions[1]!.reports < province.reports && regions[2]!.reports < regions[1]!.reports,
    'nested regions',
  );
  for (const region of regions) {
    for (const [name, run] of questions) {
      const what = `${name} of ${region.code}`;
      const [statement] = await statementsOf(fx.db.ds, (ds) => run(ds, region.code));
      // The tables here are small enough for a scan to be cheapest: forbid scans to see that the
      // predicates can use the index at all (a non-sargable one would leave only a scan).
      const plan = await planOf(fx.db.ds, statement!.sql, statement!.params, true);
      const onFacts = plan.filter((n) => n['Relation Name'] === 'report_facts');
      assert.equal(
        onFacts.length,
        1,
        `${what}: ${plan.map((n) => n['Index Name'] ?? n['Node Type']).join(', ')}`,
      );
      const [scan] = onFacts;
      // Index-only: the facts' heap is not read (the region's rows lie anywhere in it).
      assert.equal(scan!['Node Type'], 'Index Only Scan', what);
      assert.equal(scan!['Index Name'], 'report_facts_region_idx', what);
      assert.equal(scan!['Heap Fetches'], 0, what);
      // Work: the index range is exactly the region's reports (a city or county too: the codes
      // above it are conditions of the index, not a filter over the province's entries).
      assert.equal(
        (scan!['Actual Rows']! + (scan!['Rows Removed by Filter'] ?? 0)) * (scan!['Actual Loops'] ?? 1),
        region.reports,
        what,
      );
    }
  }
  // The codes above a city or county change no answer: the province's counties, restricted to
  // the city or the county, are what the city or the county answer.
  const byCounty = await refusedBreakdown(fx.db.ds, { divisionCode: province.code }, GroupBy.COUNTY);
  for (const [region, prefix] of [
    [regions[1]!, regions[1]!.code.slice(0, 4)],
    [regions[2]!, regions[2]!.code],
  ] as const) {
    const expected = byCounty.filter((r) => r.groupCode.startsWith(prefix));
    assert.ok(expected.length > 0, region.code);
    assert.deepEqual(
      await refusedBreakdown(fx.db.ds, { divisionCode: region.code }, GroupBy.COUNTY),
      expected,
    );
  }
});

test("refusedBreakdown looks each group's name up once, not once per output row (group × reason)", async () => {
  for (const groupBy of [GroupBy.PROVINCE, GroupBy.CITY, GroupBy.COUNTY]) {
    const rows = await refusedBreakdown(fx.db.ds, {}, groupBy);
    const groups = new Set(rows.map((r) => r.groupCode)).size;
    assert.ok(rows.length > groups, `${groupBy}: several years per group`);
    const [statement] = await statementsOf(fx.db.ds, (ds) => refusedBreakdown(ds, {}, groupBy));
    const plan = await planOf(fx.db.ds, statement!.sql, statement!.params);
    const lookups = plan.filter((n) => n['Relation Name'] === 'agencies');
    assert.ok(lookups.length > 0, `${groupBy}: names read from agencies`);
    for (const n of lookups) {
      // At most once per group (a city's name may take a second lookup, of its province).
      assert.ok(
        (n['Actual Loops'] ?? 1) <= groups,
        `${groupBy}: ${n['Actual Loops']} lookups for ${groups} groups`,
      );
    }
  }
});

test("the migration's backfill of report_facts.total_rows is what the save path writes", async () => {
  const read = async () =>
    (await fx.db.ds.query('SELECT report_id, total_rows FROM report_facts ORDER BY report_id')) as {
      report_id: number;
      total_rows: string;
    }[];
  const written = await read();
  assert.ok(
    written.every((r) => r.total_rows !== '0'),
    'every report has some 总计 cell',
  );
  const migration = new AnalyticsScope1764200000000();
  const regionIndex = new AnalyticsRegionIndex1764300000000();
  const runner = fx.db.ds.createQueryRunner();
  try {
    await regionIndex.down(runner);
    await migration.down(runner);
    await migration.up(runner);
    await regionIndex.up(runner);
  } finally {
    await runner.release();
  }
  assert.deepEqual(await read(), written);
});

/** Coverage as it was computed before issue 15's session 7 (an anti join; the reference answer). */
async function coverageByAntiJoin(ds: DataSource, scope: ReportScope, from: number, to: number) {
  const p = new Params();
  const y0 = p.add(from);
  const y1 = p.add(to);
  const agencies = reportsScope({ ...scope, yearFrom: null, yearTo: null }, p).replaceAll(
    'r.agency_id',
    'a.id',
  );
  const rows = (await ds.query(
    `SELECT a.id, a.name, a.division_code, array_agg(y ORDER BY y) AS missing
     FROM agencies a CROSS JOIN generate_series(${y0}::int, ${y1}::int) AS y
     WHERE ${agencies} AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id AND r.year = y)
     GROUP BY a.id ORDER BY a.id`,
    p.values,
  )) as { id: number; name: string; division_code: string | null; missing: number[] }[];
  return rows.map((r) => ({
    agencyId: r.id,
    agencyName: r.name,
    divisionCode: r.division_code,
    missingYears: r.missing.map(Number),
  }));
}

// Last: it adds an agency without reports and takes away reports (the tests above count them).
test('coverage answers as the anti join did, reading reports in index order with no hash, sort or temp file', async () => {
  const ds = fx.db.ds;
  await ds.query(
    `INSERT INTO agencies (name, province, division_code) SELECT 'no reports', province, division_code
     FROM agencies WHERE division_code IS NOT NULL AND province_code = $1 LIMIT 1`,
    [province.code],
  );
  await ds.query(`DELETE FROM reports WHERE id % 9 = 4 AND year BETWEEN 2020 AND 2024`);
  await ds.query('VACUUM ANALYZE reports');
  const [city, county] = (await regionsOf(ds)).slice(1);
  const scopes: ReportScope[] = [
    {},
    { divisionCode: province.code },
    { divisionCode: city!.code },
    { divisionCode: county!.code },
    { province: province.name },
    { agencyIds: [1, 2, 3] },
  ];
  let gaps = 0;
  for (const scope of scopes) {
    for (const [from, to] of [
      [2019, 2025],
      [2021, 2022],
      [2017, 2026],
    ] as const) {
      const expected = await coverageByAntiJoin(ds, scope, from, to);
      const got = await coverageGaps(ds, { ...scope, yearFrom: from, yearTo: to }, 10000);
      const what = `${JSON.stringify(scope)} ${from}–${to}`;
      assert.deepEqual(got.gaps, expected, what);
      assert.equal(got.total, expected.length, what);
      gaps += expected.length;
    }
  }
  assert.ok(gaps > 100, `gaps compared: ${gaps}`);
  // Over all agencies: reports' (agency_id, year) index read once in its order, grouped as it
  // comes and merged with agencies in id order. Nothing holds all reports or agencies at once, so
  // there is no step when they outgrow work_mem (the anti join's hash of every report spilled past
  // ~100,000 reports). At this size a hash is cheaper and chosen; with hashes and sorts priced out
  // (as their temp files price them on a large corpus) the statement has this plan, where the
  // anti join could only probe the index once per agency and year.
  const [statement] = await statementsOf(ds, (d) => coverageGaps(d, { yearFrom: 2019, yearTo: 2025 }));
  const plan = await ds.transaction(async (em) => {
    for (const s of ['enable_hashjoin', 'enable_hashagg', 'enable_sort'])
      await em.query(`SET LOCAL ${s} = off`);
    const [row] = (await em.query(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement!.sql}`,
      statement!.params,
    )) as {
      'QUERY PLAN': { Plan: PlanNode }[];
    }[];
    return row!['QUERY PLAN'][0]!.Plan;
  });
  const nodes = nodesOf(plan);
  assert.ok(
    nodes.some((n) => n['Node Type'] === 'Merge Join'),
    nodes.map((n) => n['Node Type']).join(', '),
  );
  // Hashes and sorts only of the years of one agency (its missing years), never over a table.
  for (const n of nodes) {
    if (n['Node Type'] === 'Hash' || n['Node Type'] === 'Sort' || n.Strategy === 'Hashed') {
      assert.deepEqual(
        nodesOf(n).filter((m) => m['Relation Name']),
        [],
        `${n['Node Type']} over a table`,
      );
    }
  }
  const onReports = nodes.filter((n) => n['Relation Name'] === 'reports');
  assert.equal(onReports.length, 1);
  assert.equal(onReports[0]!['Node Type'], 'Index Only Scan');
  assert.equal(onReports[0]!['Index Name'], 'reports_agency_year_key');
  assert.equal(onReports[0]!['Actual Loops'], 1);
  assert.equal((plan['Temp Read Blocks'] ?? 0) + (plan['Temp Written Blocks'] ?? 0), 0);
});
