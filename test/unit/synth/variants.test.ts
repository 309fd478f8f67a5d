/** Local variants (src/synth/variants.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableCode } from '../../../src/domain/codes';
import { numeralDate } from '../../../src/synth/render/doc';
import { renderPipe } from '../../../src/synth/render/pipe';
import { buildTruth } from '../../../src/synth/truth';
import { VARIANT_NAMES, variantNames } from '../../../src/synth/variants';
import { composedReport, issueKeys } from '../../support/synth';

test('variants: traditional characters, numeral dates, blank totals, an extra row, （一） headings', () => {
  assert.equal(numeralDate('2025-01-20'), '二〇二五年一月二十日');
  assert.equal(numeralDate('2024-12-31'), '二〇二四年十二月三十一日');
  assert.equal(numeralDate('2023-02-09'), '二〇二三年二月九日');
  const seen = new Set<string>();
  for (let k = 0; k < 60; k++) {
    const { doc } = composedReport(`var${k}`, 'pipe', { variantRate: 1 });
    const v = doc.variants;
    assert.ok(v && variantNames(v).length > 0);
    for (const n of variantNames(v)) seen.add(n);
    const text = renderPipe(doc);
    const truth = buildTruth({ file: 'x', doc, layout: 'pipe', fault: null, previousCarriedForward: null });
    if (v.traditional) assert.match(text, /政府信息公開/);
    if (v.headings === 'paren' && doc.headings)
      assert.equal(truth.printedTitles['2']?.startsWith('（二）'), true);
    if (v.extraActiveRow) {
      assert.deepEqual(truth.extraRows.activeDisclosure, [
        { label: '其他主动公开文件', values: v.extraActiveRow.values },
      ]);
      assert.ok(issueKeys(truth.expectedIssues).includes(`EXTRA_ROW@${TableCode.ACTIVE_DISCLOSURE}`));
    }
    for (const row of v.blankTotals) {
      // a blank 总计 reads as 0 and its row's identity is not assessable
      assert.equal(truth.applications?.[row]?.[6], 0);
      assert.ok(!issueKeys(truth.expectedIssues).includes(`ROW_TOTAL_MISMATCH@${row}`));
    }
    // none of them is a fault: no issue beyond the extra row's note
    assert.deepEqual(
      issueKeys(truth.expectedIssues).filter((k) => !k.startsWith('EXTRA_ROW')),
      [],
      `${variantNames(v).join(',')}`,
    );
  }
  assert.deepEqual([...seen].sort(), [...VARIANT_NAMES].sort());
});
