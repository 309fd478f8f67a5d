/** Markdown output (src/synth/render/markdown.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../src/synth/prng';
import { renderMarkdown } from '../../../../src/synth/render/markdown';
import { composedReport } from '../../../support/synth';

test('markdown output: pipe tables with delimiter rows, and across reports every converter quirk', () => {
  const seen = { placeholder: 0, placeholderRow: 0, note: 0, fragment: 0, caption: 0 };
  for (let k = 0; k < 40; k++) {
    const { doc } = composedReport(`md${k}`, 'markdown');
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
