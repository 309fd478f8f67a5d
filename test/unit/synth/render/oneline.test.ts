/** One-line text (src/synth/render/oneline.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssueCode, RowCode } from '../../../../src/domain/codes';
import { Rng } from '../../../../src/synth/prng';
import { renderOneline } from '../../../../src/synth/render/oneline';
import { buildTruth } from '../../../../src/synth/truth';
import { composedReport } from '../../../support/synth';

test('one-line text: the whole body on one line, cells glued, page chrome around', () => {
  const { doc } = composedReport('oneline', 'oneline');
  const text = renderOneline(doc, new Rng('r'));
  assert.equal(text.split('\n').length, 2);
  assert.equal(text.endsWith('\n'), true);
  assert.match(text, /文件下载/);
  const regs = doc.values.activeDisclosure.find((r) => r.row === RowCode.REGULATIONS)?.values as number[];
  assert.ok(text.includes(`规章${regs.join('')}`), `规章${regs.join('')}`);
  const review = [...doc.values.review.values()].flat().join('');
  assert.ok(text.includes(`总计${review}`));
  // its truth splits those runs: the regulations row is either read or flagged with its candidates
  const truth = buildTruth({ file: 'x', doc, layout: 'oneline', fault: null, previousCarriedForward: null });
  const flagged = truth.expectedIssues.find((i) => i.where === RowCode.REGULATIONS);
  if (flagged) {
    assert.equal(flagged.code, IssueCode.AMBIGUOUS_CELLS);
    assert.ok(flagged.candidates?.some((c) => c.join() === regs.join()));
  } else assert.deepEqual(Object.values(truth.activeDisclosure?.regulations ?? {}), regs);
});
