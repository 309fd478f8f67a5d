/**
 * The dashboard's pure parts: the URL state (a view's settings survive a round trip through its
 * URL; bad values are dropped), the drill-down levels by the GB/T 2260 hierarchy, and the cells an
 * issue concerns (web/src/views/agency/issues.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childGrouping, filtersOf, regionLevel, reportFilter } from '../../../web/src/state/filters';
import { href, parseRoute, withParams } from '../../../web/src/state/route';
import { cellKey, indexIssues, type Issue } from '../../../web/src/views/agency/issues';

const route = (url: string) => {
  const u = new URL(url, 'http://localhost');
  return parseRoute(u.pathname, u.search);
};

test('a view and its settings round-trip through the URL; unknown views are the refusals view', () => {
  const url = href('refusals', {
    region: '430600',
    from: 2020,
    to: 2024,
    level: 'COUNTY',
    clean: true,
    kind: '',
  });
  assert.equal(url, '/refusals?clean=1&from=2020&level=COUNTY&region=430600&to=2024');
  const r = route(url);
  assert.equal(r.view, 'refusals');
  assert.deepEqual(filtersOf(r), {
    region: '430600',
    level: 'COUNTY',
    kind: undefined,
    from: 2020,
    to: 2024,
    clean: true,
  });
  assert.deepEqual(reportFilter(filtersOf(r)), {
    divisionCode: '430600',
    level: 'COUNTY',
    yearFrom: 2020,
    yearTo: 2024,
    excludeFlagged: true,
  });
  assert.equal(
    withParams(r, { region: '430000', clean: false }),
    '/refusals?from=2020&level=COUNTY&region=430000&to=2024',
  );
  assert.equal(route('/nowhere?x=1').view, 'refusals');
  assert.deepEqual(filtersOf(route('/quality?region=43&level=CAPITAL&from=20x0&clean=yes')), {
    region: '',
    level: undefined,
    kind: undefined,
    from: undefined,
    to: undefined,
    clean: false,
  });
});

test('a drill-down goes one level down the division-code hierarchy, to agencies below a county', () => {
  assert.deepEqual(
    ['', '430000', '430600', '430602'].map((c) => [regionLevel(c), childGrouping(c)]),
    [
      ['NATION', 'PROVINCE'],
      ['PROVINCE', 'CITY'],
      ['CITY', 'COUNTY'],
      ['COUNTY', 'AGENCY'],
    ],
  );
});

const issue = (code: Issue['code'], where: string): Issue => ({
  id: `${code}/${where}`,
  code,
  severity: 'WARNING',
  where,
  message: '',
  sourceLine: null,
});

test('an issue is shown on the cells it concerns: a row total, an identity’s rows in a column, a flagged row', () => {
  const columns = ['NATURAL_PERSON', 'TOTAL'] as const;
  const rows = (
    ['NEW_RECEIVED', 'CARRIED_OVER', 'GRANTED', 'TOTAL_PROCESSED', 'CARRIED_FORWARD'] as const
  ).map((code) => ({ code, cells: columns.map((column) => ({ column })) }));
  const index = indexIssues(
    [
      issue('ROW_TOTAL_MISMATCH', 'granted'),
      issue('BALANCE_MISMATCH', 'naturalPerson'),
      issue('CARRY_OVER_MISMATCH', 'total'),
      issue('OUTCOME_TOTAL_MISMATCH', 'total'),
      issue('CELL_COUNT_MISMATCH', 'newReceived'),
      issue('MISSING_TABLE', 'reviewLitigation'),
    ],
    rows,
  );
  const cells = (code: Issue['code']) =>
    [...index.cells].filter(([, issues]) => issues.some((i) => i.code === code)).map(([key]) => key);
  assert.deepEqual(cells('ROW_TOTAL_MISMATCH'), [cellKey('GRANTED', 'TOTAL')]);
  assert.deepEqual(cells('BALANCE_MISMATCH'), [
    cellKey('NEW_RECEIVED', 'NATURAL_PERSON'),
    cellKey('CARRIED_OVER', 'NATURAL_PERSON'),
    cellKey('TOTAL_PROCESSED', 'NATURAL_PERSON'),
    cellKey('CARRIED_FORWARD', 'NATURAL_PERSON'),
  ]);
  assert.deepEqual(cells('CARRY_OVER_MISMATCH'), [cellKey('CARRIED_OVER', 'TOTAL')]);
  assert.deepEqual(cells('OUTCOME_TOTAL_MISMATCH'), [cellKey('TOTAL_PROCESSED', 'TOTAL')]);
  assert.deepEqual([...index.rows.keys()], ['NEW_RECEIVED']);
  assert.ok(![...index.cells.values()].flat().some((i) => i.code === 'MISSING_TABLE'));
});
