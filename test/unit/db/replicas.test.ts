import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayUrl, isConnectionError, parseLsn } from '../../../src/db/replicas';

test('WAL positions compare as numbers, the high half first', () => {
  assert.equal(parseLsn('0/0'), 0n);
  assert.equal(parseLsn('0/16B3748'), 0x16b3748n);
  assert.equal(parseLsn('1/0'), 1n << 32n);
  // As text '0/FFFFFFFF' sorts after '1/0'; as positions it is before.
  assert.ok(parseLsn('0/FFFFFFFF') < parseLsn('1/0'));
  assert.ok(parseLsn('16/B374D848') > parseLsn('16/B374D847'));
});

test('only errors of a database gone away are run again elsewhere', () => {
  for (const e of [
    { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5433' },
    { code: '57P01', message: 'terminating connection due to administrator command' },
    { code: '57P03', message: 'the database system is starting up' },
    { code: '08006', message: 'connection failure' },
    { message: 'Connection terminated unexpectedly' },
  ]) {
    assert.equal(isConnectionError(e), true, e.message);
  }
  for (const e of [
    { code: '57014', message: 'canceling statement due to statement timeout' },
    { code: '42P01', message: 'relation "reports" does not exist' },
    { code: '25006', message: 'cannot execute INSERT in a read-only transaction' },
    new Error('boom'),
    undefined,
  ]) {
    assert.equal(isConnectionError(e), false, String(e?.message));
  }
});

test('URLs are shown without their password', () => {
  assert.equal(
    displayUrl('postgres://reader:s3cret@replica1:5432/gongkai'),
    'postgres://reader:***@replica1:5432/gongkai',
  );
  assert.equal(
    displayUrl('postgres://postgres@127.0.0.1:5433/postgres'),
    'postgres://postgres@127.0.0.1:5433/postgres',
  );
});
