/**
 * GraphiQL in real Chromium (Debian's /usr/bin/chromium via playwright-core): it loads with no
 * request leaving localhost, runs the pre-filled example query, and shows the data. Without
 * Chromium it is skipped with a notice, or fails on CI (test/support/browser.ts decides).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { saveReport } from '../../src/db/writes/save';
import { browserTestPlan } from '../support/browser';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { startTestServer, type TestServer } from '../support/server';

const plan = browserTestPlan();
if (plan.action === 'skip') console.error(plan.notice);

let db: TestDb;
let server: TestServer;
let browser: Browser;

before(async () => {
  if (plan.action !== 'run') return;
  db = await createTestDb();
  for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
  server = await startTestServer(db.ds);
  browser = await chromium.launch({
    executablePath: plan.executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await db?.cleanup();
});

const skip = plan.action === 'skip' ? plan.reason : false;
test('GraphiQL loads offline, runs the example query and shows the refused breakdown', { skip }, async () => {
  if (plan.action === 'fail') assert.fail(plan.notice);
  const page = await browser.newPage();
  const requested: string[] = [];
  page.on('request', (req) => requested.push(req.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  await page.goto(server.url, { waitUntil: 'load' });
  // The editor holds the pre-filled example query.
  await page.getByText('query RefusedBreakdown').first().waitFor({ timeout: 20_000 });

  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.graphiql-response');
  await result.getByText('"refused"').waitFor({ timeout: 20_000 });
  const text = await result.innerText();
  assert.match(text, /"totalCount": 5/);
  assert.match(text, /石家庄经济技术开发区/);
  assert.match(text, /"stateSecret"/);

  const foreign = requested.filter(
    (u) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|data:|blob:|about:)/.test(u),
  );
  assert.deepEqual(foreign, [], 'no request leaves localhost');
  assert.deepEqual(pageErrors, []);
  await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT ?? '/tmp/gongkai-graphiql.png' });
});
