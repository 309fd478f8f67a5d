/**
 * The dashboard's generated types (web/src/generated/graphql.ts) are what codegen makes now from
 * the committed client schema (src/schema/client.graphql) and the dashboard's queries: a change to
 * either without `npm run web:codegen` fails here, as does a query the schema no longer accepts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { generateClientTypes } from '../../../scripts/web-codegen';
import { ROOT } from '../../support/cli';

test('web/src/generated/graphql.ts is up to date with the client schema and the queries', async () => {
  const out = await generateClientTypes(ROOT);
  const committed = fs.readFileSync(path.join(ROOT, out.filename), 'utf8');
  assert.ok(committed === out.content, `${out.filename} is stale: run npm run web:codegen`);
});

test('a query the client schema does not accept fails codegen, naming the field', async () => {
  // A copy of the tree's codegen inputs with one query asking for a field the schema lacks.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-codegen-'));
  try {
    fs.mkdirSync(path.join(tmp, 'web', 'src', 'queries'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'src', 'schema'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'web', 'codegen.json'), path.join(tmp, 'web', 'codegen.json'));
    fs.copyFileSync(
      path.join(ROOT, 'src', 'schema', 'client.graphql'),
      path.join(tmp, 'src', 'schema', 'client.graphql'),
    );
    fs.writeFileSync(
      path.join(tmp, 'web', 'src', 'queries', 'bad.graphql'),
      'query Bad { reports(first: 1) { noSuchField } }',
    );
    await assert.rejects(generateClientTypes(tmp), /noSuchField/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
