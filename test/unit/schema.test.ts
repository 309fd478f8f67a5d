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

test('the client schema has no federation directives, join or link types, nor _entities', async () => {
  const { client, supergraph } = await printSchemas();
  // The supergraph has them, so the check below looks for something that is there to remove.
  assert.match(supergraph, /@join__type|join__Graph|link__Import/);
  for (const federation of [
    /@join__/,
    /@link\b/,
    /\bjoin__/,
    /\blink__/,
    /_entities|_service|_Any\b|_Entity\b/,
    /@key\b/,
  ]) {
    assert.doesNotMatch(client, federation);
  }
  assert.match(client, /^type Query \{/m);
  assert.match(client, /^type Agency \{/m);
});
