/** The reader's faults (src/synth/faults.ts) and their truths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPLICATION_ROWS,
  FormVersion,
  IssueCode,
  REVIEW_ROWS,
  RowCode,
  TableCode,
} from '../../../src/domain/codes';
import { type Layout } from '../../../src/synth/agencies';
import { drawFault, type Fault } from '../../../src/synth/faults';
import { Rng } from '../../../src/synth/prng';
import { buildTruth } from '../../../src/synth/truth';
import { composedReport, issueKeys } from '../../support/synth';

test('an ambiguous review run (the fault) is flagged group by group with its candidates', () => {
  const fault = drawFault(
    new Rng('amb'),
    { rate: 1, hasPreviousYear: false, kinds: 'all', layout: 'oneline', only: ['ambiguousRun'] },
    [],
  );
  assert.equal(fault?.kind, 'ambiguousRun');
  const { doc } = composedReport('amb', 'oneline', { fault });
  const truth = buildTruth({ file: 'x', doc, layout: 'oneline', fault, previousCarriedForward: null });
  const ambiguous = truth.expectedIssues.filter(
    (i) => i.code === IssueCode.AMBIGUOUS_CELLS && (REVIEW_ROWS as readonly string[]).includes(i.where),
  );
  assert.ok(ambiguous.length >= 1);
  for (const i of ambiguous) {
    assert.ok((i.candidates?.length ?? 0) >= 2);
    const printed = (doc.values.review.get(i.where as RowCode) as number[]).join();
    assert.ok(
      i.candidates?.some((c) => c.join() === printed),
      'the printed reading is a candidate',
    );
    assert.equal(truth.reviewLitigation?.[i.where], undefined);
  }
  assert.ok(truth.partialTables.includes(TableCode.REVIEW_LITIGATION) || truth.reviewLitigation === null);
});

test('row faults: a missing cell, a row twice, a row not in the template, a page cut off', () => {
  const truthOf = (fault: Fault, layout: Layout = 'pipe') => {
    const { doc } = composedReport(`rf-${fault.kind}`, layout, { fault });
    return buildTruth({ file: 'x', doc, layout, fault, previousCarriedForward: null });
  };
  const missing = truthOf({ kind: 'missingCell', where: RowCode.GRANTED, index: 2 });
  assert.equal(missing.applications?.[RowCode.GRANTED], undefined);
  assert.deepEqual(missing.partialTables, [TableCode.APPLICATIONS]);
  // identities 2 and 3 read every outcome row: with one flagged they are not assessable
  assert.deepEqual(issueKeys(missing.expectedIssues), [`CELL_COUNT_MISMATCH@${RowCode.GRANTED}`]);
  assert.equal(missing.printed?.applications?.[RowCode.GRANTED]?.[2], null);

  const twice = truthOf({ kind: 'extraRow', where: RowCode.CARRIED_OVER });
  assert.deepEqual(issueKeys(twice.expectedIssues), [`TABLE_LAYOUT_UNKNOWN@${TableCode.APPLICATIONS}`]);
  assert.deepEqual(twice.partialTables, [TableCode.APPLICATIONS]);
  assert.ok(twice.applications?.[RowCode.CARRIED_OVER]);

  const values = [1, 0, 0, 0, 2, 0, 3];
  const extra = truthOf({ kind: 'extraRow', where: RowCode.NEW_RECEIVED, label: '其中：网上申请', values });
  assert.deepEqual(extra.extraRows, { applications: [{ label: '其中：网上申请', values }] });
  assert.deepEqual(issueKeys(extra.expectedIssues), [`EXTRA_ROW@${TableCode.APPLICATIONS}`]);
  assert.deepEqual(extra.partialTables, []);

  const cut = truthOf({ kind: 'truncated', where: RowCode.UNABLE_NOT_HELD, index: 3 });
  const rows = APPLICATION_ROWS[cut.formatVersion as FormVersion];
  const after = rows.slice(rows.indexOf(RowCode.UNABLE_NOT_HELD) + 1);
  assert.deepEqual(
    issueKeys(cut.expectedIssues),
    [
      `CELL_COUNT_MISMATCH@${RowCode.UNABLE_NOT_HELD}`,
      ...after.map((r) => `MISSING_ROW@${r}`),
      'MISSING_SECTION@4',
      'MISSING_SECTION@5',
      'MISSING_SECTION@6',
      `MISSING_TABLE@${TableCode.REVIEW_LITIGATION}`,
    ].sort(),
  );
  assert.deepEqual(Object.keys(cut.sectionTitles), ['1', '2', '3']);
  assert.equal(cut.reviewLitigation, null);
  assert.deepEqual(Object.keys(cut.applications ?? {}), rows.slice(0, rows.indexOf(RowCode.UNABLE_NOT_HELD)));
});
