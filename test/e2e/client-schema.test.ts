import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery, printSchema } from 'graphql';
import { SCHEMA_DIR, SCHEMA_FILES } from '../../src/cli/commands/print-schema';
import { useFixture } from '../support/fixture';

const fx = useFixture({ server: 'gateway' });

test('client.graphql is the schema the gateway serves (introspected over HTTP, printed by graphql-js)', async () => {
  const res = await fx.server.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true }));
  assert.equal(res.errors, undefined);
  const served = `${printSchema(buildClientSchema(res.data!)).trim()}\n`;
  assert.equal(served, fs.readFileSync(path.join(SCHEMA_DIR, SCHEMA_FILES.client), 'utf8'));
});
