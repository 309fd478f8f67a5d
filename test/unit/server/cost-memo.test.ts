/**
 * The per-request checks, once per document (issue 15): the cost estimate is computed once per
 * document and the values of the variables it reads, and equals getComplexity's on every request;
 * the argument checks find their fields once per document but check each request's values.
 */
import { type DocumentNode, type OperationDefinitionNode, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadUserInputError } from '../../../src/errors';
import { listSizeEstimator } from '../../../src/server/cost';
import { CostMemo } from '../../../src/server/cost-memo';
import { buildSubgraph } from '../../../src/server/subgraphs';
import { checkArguments } from '../../../src/server/validate-arguments';

const cursor = (id: number) => Buffer.from(`id:${id}`).toString('base64url');

/** Requests of one document: variables, and whether the estimate must be computed anew. */
const CASES: { query: string; requests: { variables: Record<string, unknown>; computes: boolean }[] }[] = [
  {
    // a cursor and an id are no input of the estimate: one computation for every page
    query: `query ($after: String, $id: ID!) { reports(first: 50, after: $after) { nodes { id agency { name } } } agency(id: $id) { name reports { year } } }`,
    requests: [
      { variables: { after: cursor(1), id: '1' }, computes: true },
      { variables: { after: cursor(2), id: '2' }, computes: false },
      { variables: { after: cursor(3), id: '7' }, computes: false },
    ],
  },
  {
    // a page size is: each new value computes once, a value seen before does not
    query: `query ($n: Int, $after: String) { reports(first: $n, after: $after) { nodes { id sections { rows { code } } } } }`,
    requests: [
      { variables: { n: 10, after: cursor(1) }, computes: true },
      { variables: { n: 10, after: cursor(9) }, computes: false },
      { variables: { n: 40 }, computes: true },
      { variables: { n: 10 }, computes: false },
      // absent (the default page) is not null
      { variables: {}, computes: true },
      { variables: { n: null }, computes: true },
      { variables: {}, computes: false },
    ],
  },
  {
    // @include decides what is counted
    query: `query ($deep: Boolean!, $after: String) { reports(first: 20, after: $after) { nodes { id sections @include(if: $deep) { rows { cells { value } } } } } }`,
    requests: [
      { variables: { deep: false, after: cursor(1) }, computes: true },
      { variables: { deep: true, after: cursor(1) }, computes: true },
      { variables: { deep: false, after: cursor(5) }, computes: false },
    ],
  },
  {
    // nested input objects: a filter's years are read, so the filter is an input
    query: `query ($f: ReportFilter, $y: [Int!]) { reports(first: 5, filter: $f) { nodes { agency { reports(years: $y) { year } } } } }`,
    requests: [
      { variables: { f: { yearFrom: 2020 }, y: [2021] }, computes: true },
      { variables: { f: { yearFrom: 2020 }, y: [2021, 2022, 2023] }, computes: true },
      { variables: { f: { yearFrom: 2020 }, y: [2021] }, computes: false },
    ],
  },
];

test('the estimate is computed once per document and input values, and is getComplexity’s on every request', async () => {
  const schema = await buildSubgraph('reports');
  const estimator = listSizeEstimator(100);
  const memo = new CostMemo(estimator, 20_000);
  for (const c of CASES) {
    const document = parse(c.query);
    for (const { variables, computes } of c.requests) {
      const before = memo.computed;
      const cost = memo.cost(schema, document, undefined, variables);
      const expected = getComplexity({
        schema,
        query: document,
        variables,
        estimators: [estimator],
        maxQueryNodes: 20_000,
      });
      assert.equal(cost, expected, `${c.query} with ${JSON.stringify(variables)}`);
      assert.equal(memo.computed - before, computes ? 1 : 0, `${c.query} with ${JSON.stringify(variables)}`);
    }
  }
  // a document parsed again (another query text) is another document
  const before = memo.computed;
  memo.cost(schema, parse(CASES[0]!.query), undefined, CASES[0]!.requests[0]!.variables);
  assert.equal(memo.computed, before + 1);
});

test('the argument checks run on every request’s values, for a document seen before', async () => {
  const schema = await buildSubgraph('reports');
  const document: DocumentNode = parse(
    `query ($after: String, $id: ID!) { reports(first: 5, after: $after) { nodes { id } } agency(id: $id) { name } }`,
  );
  const operation = document.definitions[0] as OperationDefinitionNode;
  checkArguments(schema, document, operation, { after: cursor(3), id: '4' });
  checkArguments(schema, document, operation, { after: cursor(8), id: '5' });
  assert.throws(
    () => checkArguments(schema, document, operation, { after: 'garbage', id: '5' }),
    (e: unknown) => e instanceof BadUserInputError && /Invalid cursor "garbage"/.test(e.message),
  );
  assert.throws(
    () => checkArguments(schema, document, operation, { after: cursor(8), id: 'abc' }),
    (e: unknown) => e instanceof BadUserInputError && e.details?.argument === 'id',
  );
  checkArguments(schema, document, operation, { after: cursor(9), id: '6' });
});
