/** Local variants (src/synth/variants.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormVersion, TableCode } from '../../../src/domain/codes';
import { type Agency, generateAgencies, type Layout } from '../../../src/synth/agencies';
import { compose, type Composed } from '../../../src/synth/compose';
import { applyFault, type Fault } from '../../../src/synth/faults';
import { Rng } from '../../../src/synth/prng';
import { numeralDate } from '../../../src/synth/render/doc';
import { renderPipe } from '../../../src/synth/render/pipe';
import { buildTruth } from '../../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../../src/synth/values';
import { VARIANT_NAMES, variantNames } from '../../../src/synth/variants';

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

const keys = (issues: ReadonlyArray<{ code: string; where: string }>) =>
  issues.map((i) => `${i.code}@${i.where}`).sort();

test('variants: traditional characters, numeral dates, blank totals, an extra row, （一） headings', () => {
  assert.equal(numeralDate('2025-01-20'), '二〇二五年一月二十日');
  assert.equal(numeralDate('2024-12-31'), '二〇二四年十二月三十一日');
  assert.equal(numeralDate('2023-02-09'), '二〇二三年二月九日');
  const seen = new Set<string>();
  for (let k = 0; k < 60; k++) {
    const { doc } = report(`var${k}`, 'pipe', { variantRate: 1 });
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
      assert.ok(keys(truth.expectedIssues).includes(`EXTRA_ROW@${TableCode.ACTIVE_DISCLOSURE}`));
    }
    for (const row of v.blankTotals) {
      // a blank 总计 reads as 0 and its row's identity is not assessable
      assert.equal(truth.applications?.[row]?.[6], 0);
      assert.ok(!keys(truth.expectedIssues).includes(`ROW_TOTAL_MISMATCH@${row}`));
    }
    // none of them is a fault: no issue beyond the extra row's note
    assert.deepEqual(
      keys(truth.expectedIssues).filter((k) => !k.startsWith('EXTRA_ROW')),
      [],
      `${variantNames(v).join(',')}`,
    );
  }
  assert.deepEqual([...seen].sort(), [...VARIANT_NAMES].sort());
});
