/** One-line text (src/synth/render/oneline.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormVersion, IssueCode, RowCode } from '../../../../src/domain/codes';
import { type Agency, generateAgencies, type Layout } from '../../../../src/synth/agencies';
import { compose, type Composed } from '../../../../src/synth/compose';
import { applyFault, type Fault } from '../../../../src/synth/faults';
import { Rng } from '../../../../src/synth/prng';
import { renderOneline } from '../../../../src/synth/render/oneline';
import { buildTruth } from '../../../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../../../src/synth/values';

// --- the reader's corpus (issue #13): the glued-run enumerator, renderers, variants, readings

function report(
  seed: string,
  layout: Layout,
  opts: { fault?: Fault | null; form?: FormVersion; variantRate?: number } = {},
): Composed {
  const root = new Rng(`synth-units/${seed}`);
  // the first agency drawn is a provincial government: large numbers in every table
  const agency = generateAgencies(root, { count: 1, firstYear: 2019 })[0] as Agency;
  const form = opts.form ?? FormVersion.V2021;
  const year = form === FormVersion.V2019 ? 2020 : 2023;
  const { values } = generateYear(root.fork('values'), {
    agency,
    year,
    form,
    state: initialState(agency, root.fork('state')),
    tilt: agencyTilt(root.fork('tilt')),
  });
  const fault = opts.fault ?? null;
  applyFault(values, fault);
  return compose(root.fork('compose'), agency, year, form, values, fault, layout, {
    variantRate: opts.variantRate ?? 0,
  });
}

test('one-line text: the whole body on one line, cells glued, page chrome around', () => {
  const { doc } = report('oneline', 'oneline');
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
