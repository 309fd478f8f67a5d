/** Column-major text (src/synth/render/colmajor.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_ROWS, RowCode } from '../../../../src/domain/codes';
import { readCell } from '../../../../src/parser/cell';
import { renderColmajor } from '../../../../src/synth/render/colmajor';
import { appLabel } from '../../../../src/synth/render/doc';
import { buildTruth } from '../../../../src/synth/truth';
import { composedReport } from '../../../support/synth';

test('column-major text prints a table labels first, then its numbers column by column', () => {
  const { doc } = composedReport('colmajor', 'colmajor');
  const lines = renderColmajor(doc).split('\n');
  const at = lines.indexOf(appLabel(RowCode.CARRIED_FORWARD));
  assert.ok(at > 0);
  const rows = APPLICATION_ROWS[doc.form];
  const column = (c: number) => rows.map((r) => (doc.values.applications.get(r) as number[])[c] as number);
  const read = (from: number) => lines.slice(from, from + rows.length).map((l) => readCell(l)?.value);
  assert.deepEqual(read(at + 1), column(0));
  assert.deepEqual(read(at + 1 + rows.length), column(1));
  assert.deepEqual(read(at + 1 + 6 * rows.length), column(6));
  // its truth: identity 1 decides the order, so every row is read as printed
  const truth = buildTruth({ file: 'x', doc, layout: 'colmajor', fault: null, previousCarriedForward: null });
  assert.deepEqual(
    truth.applications?.[RowCode.NEW_RECEIVED],
    doc.values.applications.get(RowCode.NEW_RECEIVED),
  );
  assert.deepEqual(truth.expectedIssues, []);
});
