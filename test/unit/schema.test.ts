import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { printReportsSchema, SCHEMA_FILE } from '../../src/cli/commands/print-schema';
import { ColumnCode, RowCode } from '../../src/domain/codes';
import { COLUMN_LABELS, ROW_LABELS } from '../../src/domain/labels';

test('the committed schema.graphql matches the code (run `npm run schema:print` after changing the schema)', async () => {
  const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
  assert.equal(await printReportsSchema(), committed);
});

test('row and column enums carry the Chinese labels and the stored codes', async () => {
  const sdl = await printReportsSchema();
  assert.ok(
    sdl.includes(
      `"""${ROW_LABELS[RowCode.REFUSED_STATE_SECRET]} (\`refused.stateSecret\`)"""\n  REFUSED_STATE_SECRET`,
    ),
  );
  assert.ok(
    sdl.includes(`"""${COLUMN_LABELS[ColumnCode.NATURAL_PERSON]} (\`naturalPerson\`)"""\n  NATURAL_PERSON`),
  );
});
