/** Which national form a report uses (src/parser/form.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormVersion } from '../../../src/domain/codes';
import { parseReport } from '../../../src/parser';
import { decideForm } from '../../../src/parser/form';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'corpus', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');
const SEED_003 = seed('003_046dc01fb9bbe87a.txt');

describe('form detection', () => {
  test('from the layout, not the year', () => {
    assert.equal(decideForm({ v2019: 3, v2021: 0 }, 2024), FormVersion.V2019);
    assert.equal(decideForm({ v2019: 0, v2021: 4 }, 2020), FormVersion.V2021);
  });
  test('from the year when the layout is silent', () => {
    assert.equal(decideForm({ v2019: 0, v2021: 0 }, 2020), FormVersion.V2019);
    assert.equal(decideForm({ v2019: 1, v2021: 1 }, 2021), FormVersion.V2021);
  });
  test('a 2021-form table in a report on 2020 is read as the 2021 form', () => {
    const text = SEED_003.replaceAll('2023', '2020');
    assert.equal(parseReport(text).formVersion, FormVersion.V2021);
  });
});
