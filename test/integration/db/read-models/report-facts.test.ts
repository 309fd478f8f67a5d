/** report_facts (src/db/read-models/report-facts.ts): the list against the committed migrations, and the facts as the save path writes them. */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createReportFactsSql, REASON_FIGURES } from '../../../../src/db/read-models/report-facts';
import { AgencyKind, RowCode } from '../../../../src/domain/codes';
import { saveReport } from '../../../../src/db/writes/save';
import { allGoldenReports } from '../../../support/golden';
import { useFixture } from '../../../support/fixture';

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
