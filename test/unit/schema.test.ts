import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { printSchemas, SCHEMA_DIR, SCHEMA_FILES } from '../../src/cli/commands/print-schema';
import { ColumnCode, RowCode } from '../../src/domain/codes';
import { COLUMN_LABELS, ROW_LABELS } from '../../src/domain/labels';

test('the committed SDL files match the code (run `npm run schema:print` after changing the schema)', async () => {
  const schemas = await printSchemas();
  for (const [key, file] of Object.entries(SCHEMA_FILES) as [keyof typeof SCHEMA_FILES, string][]) {
    assert.equal(schemas[key], fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'), file);
  }
});

test('row and column enums carry the Chinese labels and the stored codes', async () => {
  const { reports } = await printSchemas();
  assert.ok(
    reports.includes(
      `"""${ROW_LABELS[RowCode.REFUSED_STATE_SECRET]} (\`refused.stateSecret\`)"""\n  REFUSED_STATE_SECRET`,
    ),
  );
  assert.ok(
    reports.includes(
      `"""${COLUMN_LABELS[ColumnCode.NATURAL_PERSON]} (\`naturalPerson\`)"""\n  NATURAL_PERSON`,
    ),
  );
});

test('the supergraph joins Agency from both subgraphs by key', async () => {
  const { supergraph } = await printSchemas();
  assert.match(
    supergraph,
    /type Agency\s+@join__type\(graph: ANALYTICS, key: "id"\)\s+@join__type\(graph: REPORTS, key: "id"\)/,
  );
});
