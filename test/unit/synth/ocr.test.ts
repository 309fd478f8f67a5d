/** OCR misreadings (src/synth/ocr.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_ROWS, FormVersion, RowCode } from '../../../src/domain/codes';
import { type Agency, generateAgencies, type Layout } from '../../../src/synth/agencies';
import { compose, type Composed } from '../../../src/synth/compose';
import { applyFault, type Fault } from '../../../src/synth/faults';
import { labelSimilarity, OCR_CONFUSIONS, stillClosest } from '../../../src/synth/ocr';
import { Rng } from '../../../src/synth/prng';
import { appLabel } from '../../../src/synth/render/doc';
import { agencyTilt, generateYear, initialState } from '../../../src/synth/values';

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

test('OCR misreads label characters, never digits, and only where the label stays clearly its row', () => {
  let misread = 0;
  for (let k = 0; k < 20; k++) {
    const { doc } = report(`ocr${k}`, 'ocr');
    const labels = doc.ocrLabels as Map<RowCode, string>;
    for (const [row, noisy] of labels) {
      const intended = APPLICATION_ROWS[doc.form].includes(row) ? appLabel(row) : null;
      if (!intended) continue;
      assert.notEqual(noisy, intended);
      assert.equal(noisy.replace(/\D/g, ''), intended.replace(/\D/g, ''), 'digits untouched');
      assert.ok(stillClosest(noisy, intended, APPLICATION_ROWS[doc.form].map(appLabel)));
      assert.ok(labelSimilarity(noisy, intended) >= 0.8);
      misread++;
    }
    assert.ok(
      [...labels.values()].every((l) => [...l].some((c) => Object.values(OCR_CONFUSIONS).includes(c))),
    );
  }
  assert.ok(misread > 10, `${misread} labels misread`);
});
