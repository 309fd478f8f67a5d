/** The browser test's decision: run with Chromium, else skip loudly on a bare machine, fail on CI. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { browserTestPlan, DEBIAN_CHROMIUM, isCi, planBrowserTest } from '../../support/browser';

const present = (file: string) => (f: string) => f === file;
const absent = () => false;

test('Chromium present: the test runs with it, on CI or not', () => {
  for (const env of [{}, { CI: 'true' }]) {
    assert.deepEqual(planBrowserTest(env, present(DEBIAN_CHROMIUM)), {
      action: 'run',
      executablePath: DEBIAN_CHROMIUM,
    });
  }
});

test('no Chromium and CI unset (or off): skipped with a notice saying how to get it', () => {
  for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }]) {
    assert.deepEqual(planBrowserTest(env, absent), {
      action: 'skip',
      notice:
        '# SKIPPED browser test: no Chromium at /usr/bin/chromium; apt-get install chromium (or set CHROMIUM_PATH) (required when CI=true)',
      reason:
        'browser test: no Chromium at /usr/bin/chromium; apt-get install chromium (or set CHROMIUM_PATH) (required when CI=true)',
    });
  }
});

test('no Chromium on CI: the test fails with one line saying how to get it', () => {
  assert.deepEqual(planBrowserTest({ CI: 'true' }, absent), {
    action: 'fail',
    notice:
      'browser test: no Chromium at /usr/bin/chromium, and CI=true requires it; apt-get install chromium (or set CHROMIUM_PATH)',
  });
  assert.equal(planBrowserTest({ CI: '1' }, absent).action, 'fail');
  assert.equal(isCi({ CI: 'TRUE' }), true);
  assert.equal(isCi({}), false);
});

test('CHROMIUM_PATH names the one file looked at', () => {
  const looked: string[] = [];
  const plan = planBrowserTest({ CHROMIUM_PATH: '/opt/chrome/chrome' }, (f) => (looked.push(f), false));
  assert.deepEqual(looked, ['/opt/chrome/chrome']);
  assert.equal(plan.action, 'skip');
  assert.match((plan as { notice: string }).notice, /no Chromium at \/opt\/chrome\/chrome;/);
  assert.deepEqual(planBrowserTest({ CHROMIUM_PATH: '/opt/chrome/chrome' }, present('/opt/chrome/chrome')), {
    action: 'run',
    executablePath: '/opt/chrome/chrome',
  });
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-browser-plan-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('on this machine: only an executable file counts as Chromium', () => {
  const plain = path.join(dir, 'plain');
  fs.writeFileSync(plain, '', { mode: 0o644 });
  const exe = path.join(dir, 'exe');
  fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
  const env = (file: string) => ({ CHROMIUM_PATH: file, CI: '' });
  assert.equal(browserTestPlan(env(plain)).action, 'skip', 'not executable');
  assert.equal(browserTestPlan(env(dir)).action, 'skip', 'a folder');
  assert.equal(browserTestPlan(env(path.join(dir, 'missing'))).action, 'skip', 'missing');
  assert.deepEqual(browserTestPlan(env(exe)), { action: 'run', executablePath: exe });
});
