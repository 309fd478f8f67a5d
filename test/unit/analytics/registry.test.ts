/**
 * The registry (src/analytics/registry.ts) is the one registration of an analysis: the analytics
 * subgraph's query fields are exactly its entries' fields, and `gongkai export` offers every entry
 * with its CSV shape. Fails when a field is added beside the registry or an entry lacks a part.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getNamedType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { ANALYSES } from '../../../src/analytics/registry';
import { exportCommand } from '../../../src/cli/commands/export';
import { analyticsType } from '../../../src/resolvers/analytics/analytics.resolver';
import { buildSubgraph } from '../../../src/server/subgraphs';

/** Federation's own query fields, not analyses. */
const FEDERATION = new Set(['_service', '_entities']);

const isList = (t: GraphQLOutputType): boolean => isListType(isNonNullType(t) ? t.ofType : t);

test('the analytics query fields are the registry’s entries, in its order, each as it declares', async () => {
  const schema = await buildSubgraph('analytics');
  const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => !FEDERATION.has(f.name));
  assert.deepEqual(
    fields.map((f) => f.name),
    ANALYSES.map((a) => a.field.name),
  );
  for (const analysis of ANALYSES) {
    const field = schema.getQueryType()!.getFields()[analysis.field.name]!;
    assert.equal(getNamedType(field.type).name, analysis.field.returns, analysis.name);
    assert.equal(isList(field.type), !analysis.field.single, `${analysis.name}: a list unless single`);
    assert.deepEqual(
      field.args.map((a) => a.name),
      analysis.field.args.map((a) => a.name),
      analysis.name,
    );
    for (const arg of analysis.field.args) {
      const built = field.args.find((a) => a.name === arg.name)!;
      assert.equal(getNamedType(built.type).name, arg.type, `${analysis.name}(${arg.name})`);
      assert.equal(
        !isNonNullType(built.type),
        arg.nullable ?? false,
        `${analysis.name}(${arg.name}) nullable`,
      );
      assert.equal(built.defaultValue, arg.defaultValue, `${analysis.name}(${arg.name}) default`);
    }
  }
});

test('every registered analysis is exported, under its CSV header, and names are unique', () => {
  const names = ANALYSES.map((a) => a.name);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(ANALYSES.map((a) => a.field.name)).size, names.length);
  assert.ok(exportCommand.usage.includes(`<${names.join('|')}>`), 'export’s usage lists every analysis');
  for (const analysis of ANALYSES) {
    assert.ok(analysis.csv.columns.length > 0, `${analysis.name} has CSV columns`);
    assert.equal(typeof analysis.run, 'function');
  }
});

test('a field naming a type the schema does not export is refused at start, naming the analysis', () => {
  const analysis = ANALYSES[0]!;
  assert.throws(
    () => analyticsType(analysis, 'NoSuchRow'),
    new RegExp(`analysis ${analysis.name}: no GraphQL type NoSuchRow`),
  );
});
