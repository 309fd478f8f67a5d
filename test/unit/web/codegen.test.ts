/**
 * The dashboard's generated types (web/src/generated/graphql.ts) are what codegen makes now from
 * the committed client schema (src/schema/client.graphql) and the dashboard's queries: a change to
 * either without `npm run web:codegen` fails here, as does a query the schema no longer accepts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generate } from '@graphql-codegen/cli';
import { ROOT } from '../../support/cli';

test('web/src/generated/graphql.ts is up to date with the client schema and the queries', async () => {
  type Config = Exclude<Parameters<typeof generate>[0], { getConfig: unknown }>;
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'web', 'codegen.json'), 'utf8')) as Config;
  const outputs = await generate({ ...config, cwd: ROOT, silent: true, verbose: false }, false);
  assert.equal(outputs.length, 1);
  const [out] = outputs;
  const committed = fs.readFileSync(path.join(ROOT, out!.filename), 'utf8');
  assert.ok(committed === out!.content, `${out!.filename} is stale: run npm run web:codegen`);
});
