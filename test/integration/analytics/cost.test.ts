/**
 * Analytics whose cost follows the data they are about (issue 15), counted in work, not time:
 * a trend of a 总计 figure reads report_facts (one narrow row per report), not report_rows, and
 * answers as the trend over report_rows did (the old statement, kept here as the reference); a
 * one-province question reads that province's facts rows through report_facts' region index.
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
    await db.ds.query('ANALYZE');
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

test("a one-province question reads the province's facts rows through the region index, not every report", async () => {
  const [count] = (await fx.db.ds.query('SELECT count(*)::int AS n FROM report_facts')) as { n: number }[];
  const all = count!.n;
  assert.ok(province.reports < all / 2, `a province among several (${province.reports} of ${all})`);
  const questions: [string, (ds: DataSource) => Promise<unknown>][] = [
    [
      'refusedBreakdown by county',
      (ds) => refusedBreakdown(ds, { divisionCode: province.code }, GroupBy.COUNTY),
    ],
    [
      'trend by county',
      (ds) =>
        cellTrend(
          ds,
          { table: TableCode.APPLICATIONS, group: RowGroup.REFUSED, column: ColumnCode.TOTAL },
          { divisionCode: province.code },
          GroupBy.COUNTY,
        ),
    ],
    ['rates by city', (ds) => groupRates(ds, { divisionCode: province.code }, GroupBy.CITY)],
  ];
  for (const [name, run] of questions) {
    const [statement] = await statementsOf(fx.db.ds, run);
    // The tables here are small enough for a scan to be cheapest: forbid scans to see that the
    // predicate can use the index at all (a non-sargable one would leave only a scan).
    const plan = await planOf(fx.db.ds, statement!.sql, statement!.params, true);
    const onFacts = plan.filter((n) => n['Index Name'] === 'report_facts_province_idx');
    assert.equal(
      onFacts.length,
      1,
      `${name}: ${plan.map((n) => n['Index Name'] ?? n['Node Type']).join(', ')}`,
    );
    // Work: the index yields exactly the province's reports, and no scan of report_facts reads more.
    assert.equal(onFacts[0]!['Actual Rows']! * (onFacts[0]!['Actual Loops'] ?? 1), province.reports, name);
    for (const n of plan.filter((x) => x['Relation Name'] === 'report_facts')) {
      assert.ok((n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) <= province.reports, name);
    }
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
  const runner = fx.db.ds.createQueryRunner();
  try {
    await migration.down(runner);
    await migration.up(runner);
  } finally {
    await runner.release();
  }
  assert.deepEqual(await read(), written);
});
