/**
 * The argument checks' plan (values without coercing the whole operation) gives what graphql-js's
 * coercion gives: for every case below, checkArguments and checkArgumentsByCoercion both pass or
 * both throw the same message for the same argument. Cases cover ids as numbers and strings, a
 * single value for a list, nulls, absent variables with and without defaults (the operation's and
 * the field's), variables of the wrong type (left to execution), enums, literals, input objects
 * (the general way) and fragments.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { getOperationAST, getVariableValues, type GraphQLSchema, parse, validate } from 'graphql';
import { buildSubgraph } from '../../../src/server/subgraphs';
import {
  checkArguments,
  checkArgumentsByCoercion,
  variablesFit,
} from '../../../src/server/validate-arguments';

let schema: GraphQLSchema;
before(async () => {
  schema = await buildSubgraph('reports');
});

const cursor = (id: number) => Buffer.from(`id:${id}`).toString('base64url');

const outcome = (f: () => void): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    const err = e as { message: string; details?: unknown };
    return `${err.message} ${JSON.stringify(err.details)}`;
  }
};

const CASES: [string, Record<string, unknown> | undefined][] = [];
const LIST = `query ListPage($after: String, $first: Int) { reports(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage } } }`;
for (const vars of [
  { after: cursor(5) },
  { after: cursor(5), first: 50 },
  { after: 'not a cursor' },
  { after: cursor(2 ** 31) },
  { after: null },
  {},
  undefined,
  { after: 5 },
  { first: 'x' },
  { first: 2 ** 40 },
  { after: 'a\u0000b' },
  { after: 'x'.repeat(3000) },
]) {
  CASES.push([LIST, vars]);
}
const DEFAULTED = `query ($after: String = "${cursor(7)}", $first: Int = 10) { reports(first: $first, after: $after) { nodes { id } } }`;
for (const vars of [{}, { after: null }, { after: 'bad' }, { first: null }]) CASES.push([DEFAULTED, vars]);
const BAD_DEFAULT = `query ($after: String = "bad") { reports(after: $after) { nodes { id } } }`;
CASES.push([BAD_DEFAULT, {}], [BAD_DEFAULT, { after: cursor(1) }]);
const ID = `query ($id: ID!) { report(id: $id) { id } }`;
for (const vars of [
  { id: '12' },
  { id: 12 },
  { id: 'abc' },
  { id: -3 },
  { id: 1.5 },
  { id: null },
  {},
  { id: true },
]) {
  CASES.push([ID, vars]);
}
const YEARS = `query ($id: ID!, $years: [Int!], $n: Int!) { agency(id: $id) { reports(years: $years) { id } section: reports { section(number: $n) { number } } } }`;
for (const vars of [
  { id: '1', years: [2020, 2021], n: 2 },
  { id: '1', years: 2020, n: 2 },
  { id: '1', years: [1999], n: 2 },
  { id: '1', years: 1999, n: 9 },
  { id: '1', years: [2020, null], n: 2 },
  { id: '1', years: null, n: 7 },
  { id: '1', n: null },
  { id: '1', years: ['2020'], n: 1 },
]) {
  CASES.push([YEARS, vars]);
}
const LITERALS = `{ a: reports(first: 5, after: "${cursor(3)}") { nodes { id } } b: report(id: "x") { id } }`;
CASES.push([LITERALS, undefined], [`{ reports(after: "bad") { nodes { id } } }`, {}]);
const ENUM = `query ($field: ReportOrderField!, $last: Int, $before: String) { reports(orderBy: { field: $field }, last: $last, before: $before) { nodes { id } } }`;
for (const vars of [
  { field: 'YEAR', last: 3, before: cursor(9) },
  { field: 'NOPE', before: 'bad' },
  { field: 'YEAR', before: 'bad' },
]) {
  CASES.push([ENUM, vars]);
}
const FILTER = `query ($filter: ReportFilter, $after: String) { reports(filter: $filter, after: $after) { nodes { id } } }`;
for (const vars of [
  { filter: { province: '湖南省', yearFrom: 2020 }, after: cursor(1) },
  { filter: { yearFrom: 1800 } },
  { filter: { agencyIds: ['1', 'x'] } },
  { filter: 'no' },
]) {
  CASES.push([FILTER, vars]);
}
const FRAGMENT = `query ($id: ID!, $n: Int!) { report(id: $id) { ...S } } fragment S on Report { section(number: $n) { number } }`;
for (const vars of [
  { id: '3', n: 3 },
  { id: '3', n: 0 },
  { id: 'z', n: 0 },
]) {
  CASES.push([FRAGMENT, vars]);
}

test('the plan gives the outcome of coercing the whole operation, case by case', () => {
  let failures = 0;
  let unfit = 0;
  for (const [query, variables] of CASES) {
    const document = parse(query);
    assert.deepEqual(validate(schema, document), [], query);
    const operation = getOperationAST(document)!;
    const reference = outcome(() => checkArgumentsByCoercion(schema, document, operation, variables));
    // Twice: the plan is made on the first call and kept.
    for (let i = 0; i < 2; i++) {
      assert.equal(
        outcome(() => checkArguments(schema, document, operation, variables)),
        reference,
        `${query} with ${JSON.stringify(variables)}`,
      );
    }
    if (reference !== 'ok') failures++;
    // The direct route's question: do the variables fit (undefined: not all leaves, ask graphql-js)?
    const fit = variablesFit(schema, operation, variables);
    const fits = !getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors;
    if (!fits) unfit++;
    if (fit !== undefined) assert.equal(fit, fits, `${query} with ${JSON.stringify(variables)}`);
  }
  // The cases do test rejections, not only passes.
  assert.ok(failures >= 15, `${failures} rejections`);
  assert.ok(unfit >= 5, `${unfit} requests whose variables do not fit`);
});
