/** A request's loaders are made when first asked for, once per request (src/loaders/lazy.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DataSource } from 'typeorm';
import { createLoaders } from '../../../src/loaders';
import { lazyLoaders } from '../../../src/loaders/lazy';

test('each loader is made on first use, once per set, and sets do not share them', () => {
  const made: string[] = [];
  const create = lazyLoaders({
    a: (ds) => (made.push('a'), { ds, name: 'a' }),
    b: () => (made.push('b'), { name: 'b' }),
  });
  const ds = {} as DataSource;
  const one = create(ds);
  const two = create(ds);
  assert.deepEqual(made, []);
  assert.equal(one.a.ds, ds);
  assert.equal(one.a, one.a);
  assert.deepEqual(made, ['a']);
  assert.notEqual(two.a, one.a);
  assert.deepEqual(made, ['a', 'a']);
  assert.equal(one.b.name, 'b');
  assert.deepEqual(made, ['a', 'a', 'b']);
});

test('the request loaders are DataLoaders made on first use', () => {
  const loaders = createLoaders({} as DataSource);
  assert.deepEqual(Object.keys(loaders), []);
  const byId = loaders.agencyById;
  assert.equal(typeof byId.load, 'function');
  assert.equal(loaders.agencyById, byId);
  assert.deepEqual(Object.keys(loaders), ['agencyById']);
});
