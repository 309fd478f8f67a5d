import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadQueueConfig } from '../../../src/config/queue';
import { ConfigError } from '../../../src/errors';

test("the queue's schema follows Gongkai's, so two Gongkai schemas never share jobs", () => {
  assert.equal(loadQueueConfig({}, undefined).schema, 'pgboss');
  assert.equal(loadQueueConfig({}, 'public').schema, 'pgboss');
  assert.equal(loadQueueConfig({}, 'tenant_a').schema, 'tenant_a_pgboss');
  assert.equal(loadQueueConfig({ GONGKAI_QUEUE_SCHEMA: 'jobs' }, 'tenant_a').schema, 'jobs');
});

test('defaults: a dead worker’s job comes back within 30 s + 5 s; failures retried twice', () => {
  const c = loadQueueConfig({}, undefined);
  assert.deepEqual(
    [c.expireSeconds, c.maintenanceSeconds, c.retryLimit, c.retryDelaySeconds, c.pollMs],
    [30, 5, 2, 2, 500],
  );
  const set = loadQueueConfig(
    {
      GONGKAI_QUEUE_EXPIRE_SECONDS: '3',
      GONGKAI_QUEUE_MAINTENANCE_SECONDS: '1',
      GONGKAI_QUEUE_RETRY_LIMIT: '0',
    },
    undefined,
  );
  assert.deepEqual([set.expireSeconds, set.maintenanceSeconds, set.retryLimit], [3, 1, 0]);
});

test('bad values are refused, naming the variable', () => {
  assert.throws(() => loadQueueConfig({ GONGKAI_QUEUE_SCHEMA: 'Jobs; DROP' }, undefined), ConfigError);
  assert.throws(
    () => loadQueueConfig({ GONGKAI_QUEUE_EXPIRE_SECONDS: '0' }, undefined),
    /GONGKAI_QUEUE_EXPIRE_SECONDS must be a whole number from 1/,
  );
  assert.throws(() => loadQueueConfig({ GONGKAI_QUEUE_POLL_MS: 'soon' }, undefined), /GONGKAI_QUEUE_POLL_MS/);
});
