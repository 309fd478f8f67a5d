/** Markdown output (src/synth/render/markdown.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormVersion } from '../../../../src/domain/codes';
import { type Agency, generateAgencies, type Layout } from '../../../../src/synth/agencies';
import { compose, type Composed } from '../../../../src/synth/compose';
import { applyFault, type Fault } from '../../../../src/synth/faults';
import { Rng } from '../../../../src/synth/prng';
import { renderMarkdown } from '../../../../src/synth/render/markdown';
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

test('markdown output: pipe tables with delimiter rows, and across reports every converter quirk', () => {
  const seen = { placeholder: 0, placeholderRow: 0, note: 0, fragment: 0, caption: 0 };
  for (let k = 0; k < 40; k++) {
    const { doc } = report(`md${k}`, 'markdown');
    const text = renderMarkdown(doc, new Rng(`md${k}`));
    assert.match(text, /^\|(?:---\|)+$/m);
    if (text.includes('| 数据1 |')) seen.placeholder++;
    if (text.includes('\n| - | - |\n')) seen.placeholderRow++;
    if (/（其中修订\d+件）/.test(text)) seen.note++;
    if (/\n\| [^|\d]+ \|\n\| \d/.test(text)) seen.fragment++;
    if (text.includes('表二：')) seen.caption++;
    // every table row is a pipe row: nothing of a table is printed outside one
    for (const line of text.split('\n')) {
      if (/^[\d\s]+$/.test(line)) assert.fail(`numbers outside a table: ${line}`);
    }
  }
  for (const [quirk, n] of Object.entries(seen)) assert.ok(n > 0, quirk);
});
