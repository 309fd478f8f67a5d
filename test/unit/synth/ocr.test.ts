/** OCR misreadings (src/synth/ocr.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_ROWS, RowCode } from '../../../src/domain/codes';
import { labelSimilarity, OCR_CONFUSIONS, stillClosest } from '../../../src/synth/ocr';
import { appLabel } from '../../../src/synth/render/doc';
import { composedReport } from '../../support/synth';

test('OCR misreads label characters, never digits, and only where the label stays clearly its row', () => {
  let misread = 0;
  for (let k = 0; k < 20; k++) {
    const { doc } = composedReport(`ocr${k}`, 'ocr');
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
