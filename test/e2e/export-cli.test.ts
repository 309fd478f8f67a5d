/** `gongkai export` writes the analyses as CSV; values checked against the golden files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { ANALYSES } from '../../src/analytics/registry';
import { runGongkai } from '../support/cli';
import { allGoldenReports } from '../support/golden';
import { useFixture } from '../support/fixture';

const seeds = allGoldenReports();

const fx = useFixture({ seeds: true });

const gongkai = (...args: string[]) => runGongkai(fx.db, args);

const csv = (text: string) => parseCsv(text, { columns: true }) as Record<string, string>[];

test('refused-breakdown by province: one line per year, province and reason, counts as in the golden files', () => {
  const run = gongkai('export', 'refused-breakdown', '--group-by', 'province', '--province', '湖南省');
  assert.equal(run.code, 0, run.err);
  const rows = csv(run.out);
  const hunan = seeds.filter((s) => s.golden.agency.province === '湖南省');
  assert.equal(rows.length, hunan.length * 8, 'two Hunan reports (2020, 2024) × eight reasons');
  for (const { golden } of hunan) {
    const mine = rows.filter((r) => Number(r.year) === golden.year);
    assert.equal(mine[0]!.group_code, '430000');
    for (const r of mine) {
      assert.equal(
        Number(r.count),
        golden.applications[`refused.${r.reason}`]![6],
        `${golden.year} ${r.reason}`,
      );
      assert.equal(Number(r.total_processed), golden.applications.totalProcessed![6]);
    }
    assert.equal(mine.find((r) => r.reason === 'stateSecret')!.reason_label, '属于国家秘密');
  }
});

test('trend of a row in a column, and bad options with the usage', () => {
  const run = gongkai('export', 'trend', '--row', 'NEW_RECEIVED', '--column', 'NATURAL_PERSON');
  assert.equal(run.code, 0, run.err);
  const rows = csv(run.out);
  const byYear = new Map<number, number>();
  for (const { golden } of seeds)
    byYear.set(golden.year, (byYear.get(golden.year) ?? 0) + golden.applications.newReceived![0]!);
  assert.deepEqual(new Map(rows.map((r) => [Number(r.year), Number(r.value)])), byYear);

  const bad = gongkai('export', 'trend', '--group-by', 'planet');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--group-by must be one of NONE, PROVINCE/);
  const none = gongkai('export');
  assert.equal(none.code, 2);
  assert.match(none.err, /name one analysis: refused-breakdown, trend/);
});

test('search as CSV: the section holding a phrase', () => {
  const { golden } = seeds[0]!;
  const phrase = golden.sectionContains['1']![0]!;
  const run = gongkai('export', 'search', '--text', phrase);
  assert.equal(run.code, 0, run.err);
  const rows = csv(run.out);
  assert.deepEqual(
    rows.map((r) => [r.agency_name, r.year, r.section]),
    [[golden.agency.manifestName, String(golden.year), '1']],
  );
});

test('every registered analysis exports, under the CSV header declared beside it', () => {
  const options: Record<string, string[]> = {
    search: ['--text', seeds[0]!.golden.sectionContains['1']![0]!],
    coverage: ['--year-from', '2019', '--year-to', '2025'],
    'similar-sections': ['--min-similarity', '0'],
    trend: ['--group', 'refused'],
  };
  for (const analysis of ANALYSES) {
    const run = gongkai('export', analysis.name, ...(options[analysis.name] ?? []));
    assert.equal(run.code, 0, `${analysis.name}: ${run.err}`);
    assert.equal(run.out.split('\n')[0], analysis.csv.columns.join(','), analysis.name);
    // The seeds are five agencies of one year each: no section has a previous year to resemble.
    if (analysis.name !== 'similar-sections') {
      assert.ok(run.out.trim().split('\n').length > 1, `${analysis.name} has lines`);
    }
  }
  const missing = gongkai('export', 'search');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /search needs --text/);
});

test('refused-breakdown --wide: one line per group and year, one column per reason, the long file’s counts', () => {
  const long = csv(gongkai('export', 'refused-breakdown', '--group-by', 'province').out);
  const run = gongkai('export', 'refused-breakdown', '--group-by', 'province', '--wide');
  assert.equal(run.code, 0, run.err);
  const reasons = [...new Set(long.map((r) => r.reason!))];
  assert.equal(reasons.length, 8);
  assert.equal(
    run.out.split('\n')[0],
    ['year', 'group_code', 'group_name', 'reports', 'total_processed', 'refused', ...reasons].join(','),
  );
  const wide = csv(run.out);
  const groups = new Set(long.map((r) => `${r.year}|${r.group_code}`));
  assert.equal(wide.length, groups.size);
  for (const line of wide) {
    const mine = long.filter((r) => r.year === line.year && r.group_code === line.group_code);
    assert.equal(mine.length, 8);
    for (const r of mine) {
      assert.equal(line[r.reason!], r.count, `${line.year} ${line.group_code} ${r.reason}`);
      assert.equal(line.refused, r.refused);
    }
  }
});

test('--percent, --value and --excel: shares as percentages in the wide cells, a BOM and CRLF for Excel', () => {
  const long = csv(gongkai('export', 'refused-breakdown').out);
  const args = ['export', 'refused-breakdown', '--wide', '--value', 'share-of-refusals', '--percent'];
  const plain = gongkai(...args);
  assert.equal(plain.code, 0, plain.err);
  assert.ok(!plain.out.startsWith('\uFEFF'));
  const wide = csv(plain.out);
  for (const r of long) {
    const line = wide.find((w) => w.year === r.year)!;
    const share = r.share_of_refusals === '' ? '' : `${(Number(r.share_of_refusals) * 100).toFixed(2)}%`;
    assert.equal(line[r.reason!], share, `${r.year} ${r.reason}`);
  }
  assert.ok(
    wide.some((w) => /^\d+\.\d\d%$/.test(w.stateSecret!)),
    'some share is there to format',
  );

  const excel = gongkai(...args, '--excel');
  assert.equal(excel.code, 0, excel.err);
  assert.ok(excel.out.startsWith('\uFEFF'), 'UTF-8 byte order mark');
  assert.equal(excel.out.slice(1).replace(/\r\n/g, '\n'), plain.out);
  assert.equal(excel.out.split('\r\n').length, plain.out.split('\n').length);
});

test('trend --wide: one line per group, one column per year; --wide where there is no pivot is a usage error', () => {
  const long = csv(gongkai('export', 'trend', '--group', 'refused').out);
  const run = gongkai('export', 'trend', '--group', 'refused', '--wide');
  assert.equal(run.code, 0, run.err);
  const wide = csv(run.out);
  assert.equal(wide.length, 1);
  for (const r of long) assert.equal(wide[0]![r.year!], r.value, r.year);

  const rates = gongkai('export', 'rates', '--wide');
  assert.equal(rates.code, 2);
  assert.match(rates.err, /--wide applies to refused-breakdown, trend, issue-counts; rates has one layout/);
  const value = gongkai('export', 'refused-breakdown', '--value', 'count');
  assert.equal(value.code, 2);
  assert.match(value.err, /--value goes with --wide/);
});
