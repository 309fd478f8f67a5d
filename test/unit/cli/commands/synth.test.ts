/** gongkai synth (src/cli/commands/synth.ts): --years, --fault-kinds, --variant-rate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TruthJson } from '../../../../src/synth/truth';
import { parseYears, synthCommand } from '../../../../src/cli/commands/synth';
import { UsageError } from '../../../../src/cli/command';

test('--years accepts a year or a range from 2019', () => {
  assert.deepEqual(parseYears('2019-2025'), { firstYear: 2019, lastYear: 2025 });
  assert.deepEqual(parseYears('2023'), { firstYear: 2023, lastYear: 2023 });
  assert.throws(() => parseYears('2025-2019'));
  assert.throws(() => parseYears('2018-2020'));
  assert.throws(() => parseYears('soon'));
});

test('gongkai synth --fault-kinds all --variant-rate R: the reader corpus; other values are usage errors', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-synth-cli-'));
  const base = ['--agencies', '2', '--years', '2021-2022', '--seed', 'cli', '--out', out];
  try {
    await assert.rejects(synthCommand.run([...base, '--fault-kinds', 'some']), UsageError);
    await assert.rejects(synthCommand.run([...base, '--variant-rate', '1.5']), UsageError);
    await assert.rejects(synthCommand.run([...base, '--layouts', 'oneline,tables']), UsageError);
    const args = [
      '--layouts',
      'oneline,markdown',
      '--fault-kinds',
      'all',
      '--fault-rate',
      '1',
      '--variant-rate',
      '1',
    ];
    assert.equal(await synthCommand.run([...base, ...args]), 0);
    const truths = (fs.readdirSync(path.join(out, 'truth'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(out, 'truth', f), 'utf8')) as TruthJson);
    assert.equal(truths.length, 4);
    for (const t of truths) {
      assert.ok(['oneline', 'markdown'].includes(t.layout));
      assert.ok((t.variants ?? []).length > 0, 'every text report carries variants at rate 1');
      assert.equal(t.faults.length, 1, 'every report a fault at rate 1');
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
