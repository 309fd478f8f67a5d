/**
 * The read models (src/db/read-models): report_facts and report_grids as the save path writes
 * them, the facts' list against the committed migrations, and the one rule for a total of parts.
 */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { reportRates } from '../../src/analytics/rates';
import { refusedBreakdown } from '../../src/analytics/refused-breakdown';
import { GroupBy } from '../../src/analytics/groups';
import { createReportFactsSql, REASON_FIGURES } from '../../src/db/read-models/report-facts';
import { readGrids } from '../../src/db/read-models/report-grids';
import { totalOfParts, totalOfPartsSql } from '../../src/db/read-models/totals';
import { AgencyKind, APPLICATION_COLUMNS, RowCode, TableCode } from '../../src/domain/codes';
import { type NormalizedReport } from '../../src/domain/report';
import { saveReport } from '../../src/db/writes/save';
import { ApplicationsView } from '../../src/schema/types/views';
import { allGoldenReports } from '../support/golden';
import { useFixture } from '../support/fixture';

const fx = useFixture();

beforeEach(async () => {
  await fx.db.ds.query('TRUNCATE agencies, reports, sections, report_rows, validation_issues CASCADE');
});

const seeds = allGoldenReports();

/** The columns of a table of the test schema, as the catalog describes them. */
async function columnsOf(table: string): Promise<unknown[]> {
  return fx.db.ds.query(
    `SELECT column_name, ordinal_position, udt_name, character_maximum_length, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [fx.db.schema, table],
  );
}

/** Primary and foreign keys of a table: kind, columns and the table referenced. */
async function keysOf(table: string): Promise<unknown[]> {
  return fx.db.ds.query(
    `SELECT c.contype, (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
                        WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)) AS columns,
            c.confrelid::regclass::text AS referenced, c.confdeltype
     FROM pg_constraint c WHERE c.conrelid = $1::regclass ORDER BY 1, 2`,
    [`"${fx.db.schema}".${table}`],
  );
}

test('the report_facts list describes the table the committed migrations create', async () => {
  await fx.db.ds.query(createReportFactsSql('report_facts_from_list'));
  try {
    assert.deepEqual(await columnsOf('report_facts_from_list'), await columnsOf('report_facts'));
    assert.deepEqual(await keysOf('report_facts_from_list'), await keysOf('report_facts'));
  } finally {
    await fx.db.ds.query('DROP TABLE report_facts_from_list');
  }
  assert.deepEqual(
    REASON_FIGURES.map((f) => f.rows[0]),
    Object.values(RowCode).filter((c) => c.startsWith('refused.')),
    'the eight reasons, in the form’s order',
  );
});

test('a total of parts: the known parts summed, null only when none is known — alike in TypeScript and SQL', async () => {
  const cases: [(number | null)[], number | null][] = [
    [[1, 2, 3], 6],
    [[1, null, 3], 4],
    [[0, null], 0],
    [[null, null, null], null],
    [[null], null],
    [[2.5, 0.25], 2.75],
  ];
  for (const [parts, expected] of cases) {
    assert.equal(totalOfParts(parts), expected, `TypeScript ${JSON.stringify(parts)}`);
    const literals = parts.map((p) => (p == null ? 'NULL::double precision' : `${p}::double precision`));
    const [row] = (await fx.db.ds.query(
      `SELECT ${totalOfPartsSql(literals)} AS across, (SELECT sum(v) FROM (VALUES ${literals
        .map((l) => `(${l})`)
        .join(', ')}) x(v)) AS over_rows`,
    )) as { across: number | null; over_rows: number | null }[];
    assert.equal(row!.across, expected, `SQL across columns ${JSON.stringify(parts)}`);
    assert.equal(row!.over_rows, expected, `SQL sum() over rows ${JSON.stringify(parts)}`);
  }
});

/** The seed report with some refusal rows changed: left out (flagged), or their totals unreadable. */
function withRefusals(
  report: NormalizedReport,
  change: (code: RowCode) => 'drop' | 'unreadable' | 'keep',
): NormalizedReport {
  return {
    ...report,
    tables: report.tables.map((t) =>
      t.table !== TableCode.APPLICATIONS
        ? t
        : {
            ...t,
            partial: true,
            rows: t.rows
              .filter((r) => change(r.code) !== 'drop')
              .map((r) =>
                change(r.code) === 'unreadable'
                  ? { ...r, cells: r.cells.map((c) => ({ ...c, value: null, raw: '?' })) }
                  : r,
              ),
          },
    ),
  };
}

test('a group total with a part left out is the total of the parts read, in the views, the facts and the rates', async () => {
  const { golden, report } = seeds.find(
    (s) => (s.golden.applications['refused.thirdPartyRights']?.[6] ?? 0) > 0,
  )!;
  const dropped = RowCode.REFUSED_THIRD_PARTY_RIGHTS;
  const { reportId } = await saveReport(
    fx.db.ds,
    withRefusals(report, (c) => (c === dropped ? 'drop' : 'keep')),
  );
  const refusedRows = Object.keys(golden.applications).filter(
    (k) => k.startsWith('refused.') && k !== dropped,
  );
  const expected = (column: number) => refusedRows.reduce((s, k) => s + golden.applications[k]![column]!, 0);

  const [grid] = await readGrids(fx.db.ds, [{ reportId, table: TableCode.APPLICATIONS }]);
  const view = ApplicationsView.fromGrid(grid!);
  assert.equal(view.refused.thirdPartyRights, null, 'the row left out');
  // The view's fields are named as the applicant columns.
  APPLICATION_COLUMNS.forEach((column, i) => {
    assert.equal(
      view.refused.total?.[column],
      expected(i),
      `refused.total.${column}: the seven reasons read`,
    );
  });

  const [rates] = await reportRates(fx.db.ds, [reportId]);
  const processed = golden.applications.totalProcessed![6]!;
  assert.equal(rates!.refusalRate, expected(6) / processed);
  const [breakdown] = await refusedBreakdown(
    fx.db.ds,
    { agencyIds: [await agencyOf(reportId)] },
    GroupBy.NONE,
  );
  assert.equal(breakdown!.refused, expected(6), 'the breakdown’s Σ is the same total');
});

test('a group total with no part read is null, not 0: in the views and in the rates', async () => {
  const { report } = seeds.find((s) => (s.golden.applications.totalProcessed?.[6] ?? 0) > 0)!;
  const { reportId } = await saveReport(
    fx.db.ds,
    withRefusals(report, (c) => (c.startsWith('refused.') ? 'unreadable' : 'keep')),
  );
  const [grid] = await readGrids(fx.db.ds, [{ reportId, table: TableCode.APPLICATIONS }]);
  assert.equal(ApplicationsView.fromGrid(grid!).refused.total?.total, null);
  const [rates] = await reportRates(fx.db.ds, [reportId]);
  assert.equal(rates!.refusalRate, null, 'unknown, where it was counted as 0');
  assert.notEqual(rates!.grantRate, null, 'the other rates are still known');
});

async function agencyOf(reportId: number): Promise<number> {
  const [row] = (await fx.db.ds.query('SELECT agency_id FROM reports WHERE id = $1', [reportId])) as {
    agency_id: number;
  }[];
  return row!.agency_id;
}
test('the typed views’ read model (report_grids) holds every cell of every table, by row and column', async () => {
  for (const { report } of seeds) await saveReport(fx.db.ds, report);
  const stored: {
    source_file: string;
    table_code: string;
    grid: Record<string, Record<string, number | null>>;
  }[] = await fx.db.ds.query(
    'SELECT r.source_file, g.table_code, g.grid FROM report_grids g JOIN reports r ON r.id = g.report_id',
  );
  const expected = seeds.flatMap(({ report }) =>
    report.tables.map((t) => ({
      source_file: report.sourceFile,
      table_code: t.table,
      grid: Object.fromEntries(
        t.rows.map((row) => [row.code, Object.fromEntries(row.cells.map((c) => [c.column, c.value]))]),
      ),
    })),
  );
  const key = (x: { source_file?: string; table_code: string }) => `${x.source_file}|${x.table_code}`;
  assert.deepEqual(
    [...stored].sort((a, b) => key(a).localeCompare(key(b))),
    expected.sort((a, b) => key(a).localeCompare(key(b))),
  );
});

test('the analytics read model (report_facts) holds each report’s totals, derived from the stored cells', async () => {
  for (const { report } of seeds) await saveReport(fx.db.ds, report);
  const facts: Record<string, string | number | null>[] = await fx.db.ds.query(
    `SELECT r.source_file, f.* FROM report_facts f JOIN reports r ON r.id = f.report_id ORDER BY r.source_file`,
  );
  assert.equal(facts.length, seeds.length);
  for (const { golden } of seeds) {
    const f = facts.find((x) => x.source_file === golden.file)!;
    const total = (row: string) => golden.applications[row]?.[6] ?? null;
    const sum = (prefix: string) =>
      Object.entries(golden.applications)
        .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
        .reduce((s, [, v]) => s + (v[6] ?? 0), 0);
    const num = (v: unknown) => (v == null ? null : Number(v));
    assert.equal(num(f.total_processed), total('totalProcessed'), golden.file);
    assert.equal(num(f.refused_state_secret), total('refused.stateSecret'));
    assert.equal(num(f.refused_third_party_rights), total('refused.thirdPartyRights'));
    assert.equal(num(f.unable_not_held), total('unableToProvide.notHeld'));
    assert.equal(num(f.unable_total), sum('unableToProvide'));
    assert.equal(num(f.other_disposal_total), sum('otherDisposal'), 'the 2019 single row or the 2021 parts');
    assert.equal(num(f.new_received), total('newReceived'));
    const review = golden.reviewLitigation;
    assert.equal(num(f.reconsideration_total), review ? review.reconsideration!.total! : null);
    assert.equal(
      num(f.litigation_total),
      review ? review.litigationDirect!.total! + review.litigationAfterReconsideration!.total! : null,
    );
    assert.equal(f.issue_count, golden.expectedIssues.length);
    assert.equal(f.flagged_tables, golden.reviewLitigation ? 0 : 1);
  }
});

test('report_facts follow a change of the agency’s level or kind to its other years', async () => {
  const { report } = seeds.find((s) => s.golden.agency.county === '绥中县')!;
  await saveReport(fx.db.ds, report);
  await saveReport(fx.db.ds, {
    ...report,
    // Two years apart: not a neighbour whose facts are rewritten anyway.
    year: report.year - 2,
    sourceText: `${report.sourceText} 2022`,
    issues: [],
    agency: { ...report.agency, kind: AgencyKind.DEPARTMENT },
  });
  const kinds: { year: number; kind: string }[] = await fx.db.ds.query(
    'SELECT year, kind FROM report_facts ORDER BY year',
  );
  assert.deepEqual(kinds, [
    { year: report.year - 2, kind: 'department' },
    { year: report.year, kind: 'department' },
  ]);
});
