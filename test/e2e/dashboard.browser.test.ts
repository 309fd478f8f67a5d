/**
 * The dashboard (web/) in real Chromium over the in-process gateway `npm start` serves, on the
 * seed reports and a generated corpus: each view loads with no request leaving localhost and no
 * console error (on a laptop's and a phone's screen); a drill-down click changes the chart and the
 * URL; the CSV download equals `gongkai export refused-breakdown` for the same filter; an agency's
 * cells show their issues and provenance. Builds web/dist first when it is missing. With
 * DASHBOARD_SCREENSHOTS=<folder> it saves each view's screenshots there (docs/dashboard).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { synthesize } from '../../src/synth/corpus';
import { browserTestPlan } from '../support/browser';
import { ROOT, runGongkai } from '../support/cli';
import { useFixture } from '../support/fixture';

const plan = browserTestPlan();
if (plan.action === 'skip') console.error(plan.notice);
const skip = plan.action === 'skip' ? plan.reason : false;

/** Agencies of the generated corpus, read from text with line numbers (the seeds are saved as read, without). */
const generated = new Set<string>();
const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-dashboard-'));
after(() => fs.rmSync(corpus, { recursive: true, force: true }));

const DIST = path.join(ROOT, 'web', 'dist', 'index.html');
const SCREENS = process.env.DASHBOARD_SCREENSHOTS;
const SCREENS_ONLY = { laptop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } } as const;
let browser: Browser;
let origin: string;

const fixture = useFixture({
  seeds: true,
  server: 'gateway',
  async load(db) {
    if (plan.action !== 'run') return;
    synthesize({
      agencies: 30,
      firstYear: 2021,
      lastYear: 2023,
      seed: 'dashboard',
      out: corpus,
      faultRate: 0.3,
    });
    const manifest = readManifest(path.join(corpus, 'manifest.jsonl'));
    // Every ninth report left out: agencies that did not publish a year (coverage).
    const files = [...manifest.keys()].filter((_, i) => i % 9 !== 4);
    for (const file of files) generated.add(manifest.get(file)!.agency!);
    await ingestFiles(db.ds, files, { manifest, concurrency: 2 });
  },
  // In the fixture's own hook, once its server exists (top-level hooks do not wait for it).
  async setUp(f) {
    if (plan.action !== 'run') return;
    if (!fs.existsSync(DIST)) {
      const built = spawnSync('npm', ['run', 'web:build'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(built.status, 0, `npm run web:build: ${built.stderr}`);
    }
    origin = new URL(f.server.url).origin;
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
  },
});

after(async () => {
  await browser?.close();
});

/** A page that records every request and console error, to be checked at the end. */
async function openPage(viewport: { width: number; height: number } = SCREENS_ONLY.laptop) {
  // Reduced motion: charts are drawn at once (no animation), so screenshots show them whole.
  const context = await browser.newContext({ viewport, acceptDownloads: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const requested: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    page,
    check() {
      const foreign = requested.filter(
        (u) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|data:|blob:|about:)/.test(u),
      );
      assert.deepEqual(foreign, [], 'no request leaves localhost');
      assert.deepEqual(errors, [], 'no console error');
      assert.ok(
        requested.some((u) => u.endsWith('/graphql')),
        'the page asked the API',
      );
    },
    close: () => context.close(),
  };
}

async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fixture.server.gql<T>(query, variables);
  assert.equal(res.errors, undefined);
  return res.data!;
}

/** No query of the page still loading, and no query error shown. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('[role=status]')).some((e) => e.textContent?.includes('加载中')),
  );
  assert.equal(
    await page.locator('[role=alert]').count(),
    0,
    await page.locator('[role=alert]').allInnerTexts().then(String),
  );
}

const chartText = (page: Page, id: string) => page.locator(`[data-testid=${id}] svg`).innerHTML();

interface Breakdown {
  refusedBreakdown: { groupCode: string; groupName: string; refused: number | null }[];
}

/** The province with the most refusals that has cities under it (where a drill-down goes). */
async function busiestProvince(): Promise<{ code: string; name: string; cities: string[] }> {
  const { refusedBreakdown } = await gql<Breakdown>(
    '{ refusedBreakdown(groupBy: PROVINCE) { groupCode groupName refused } }',
  );
  const totals = new Map<string, { name: string; refused: number }>();
  for (const r of refusedBreakdown) {
    const t = totals.get(r.groupCode) ?? { name: r.groupName, refused: 0 };
    t.refused += r.refused ?? 0;
    totals.set(r.groupCode, t);
  }
  for (const [code, t] of [...totals].sort(([, a], [, b]) => b.refused - a.refused)) {
    const cities = await gql<Breakdown>(
      'query ($f: ReportFilter) { refusedBreakdown(filter: $f, groupBy: CITY) { groupCode groupName refused } }',
      { f: { divisionCode: code } },
    );
    const names = [
      ...new Set(cities.refusedBreakdown.filter((c) => c.groupCode !== code).map((c) => c.groupName)),
    ];
    if (names.length > 0) return { code, name: t.name, cities: names };
  }
  throw new Error('no province with cities in the corpus');
}

interface Listed {
  reports: {
    nodes: { id: string; year: number; agency: { id: string; name: string }; issues: { code: string }[] }[];
  };
}

/** A report with an identity break that names cells (identities 2, 3 or 5). */
async function reportWithIdentityBreak() {
  const { reports } = await gql<Listed>(
    '{ reports(first: 100) { nodes { id year agency { id name } issues { code } } } }',
  );
  const found = reports.nodes.find(
    (r) =>
      generated.has(r.agency.name) &&
      r.issues.some((i) =>
        ['BALANCE_MISMATCH', 'OUTCOME_TOTAL_MISMATCH', 'CARRY_OVER_MISMATCH', 'ROW_TOTAL_MISMATCH'].includes(
          i.code,
        ),
      ),
  );
  assert.ok(found, 'the corpus has a report with an identity break');
  return found;
}

async function views(): Promise<{ name: string; path: string; ready: string }[]> {
  const broken = await reportWithIdentityBreak();
  return [
    { name: 'refusals', path: '/refusals', ready: 'table tbody tr' },
    {
      name: 'agency',
      path: `/agency?id=${broken.agency.id}&year=${broken.year}`,
      ready: '.report-table button.cell',
    },
    { name: 'quality', path: '/quality', ready: '[data-testid=quality-chart] svg' },
    { name: 'rankings', path: '/rankings?by=CITY&min=0', ready: 'table tbody tr' },
  ];
}

test(
  'each view loads with no request leaving localhost and no console error, on a laptop and a phone',
  { skip },
  async () => {
    if (plan.action === 'fail') assert.fail(plan.notice);
    if (SCREENS) fs.mkdirSync(SCREENS, { recursive: true });
    for (const view of await views()) {
      for (const [screen, viewport] of Object.entries(SCREENS_ONLY)) {
        const { page, check, close } = await openPage(viewport);
        await page.goto(origin + view.path);
        await page.locator(view.ready).first().waitFor();
        await settled(page);
        assert.equal(await page.locator('nav[aria-label=视图] a[aria-current=page]').count(), 1);
        if (SCREENS)
          await page.screenshot({
            path: path.join(SCREENS, `${view.name}-${screen}.png`),
            fullPage: screen === 'laptop',
          });
        check();
        await close();
      }
    }
    // `/` is the dashboard; GraphiQL stays at /graphql.
    const { page, check, close } = await openPage();
    await page.goto(origin + '/');
    await page.locator('h1', { hasText: '不予公开理由' }).waitFor();
    await settled(page);
    check();
    await close();
  },
);

test('a click on a province in the drill-down chart changes the charts and the URL', { skip }, async () => {
  if (plan.action === 'fail') assert.fail(plan.notice);
  const province = await busiestProvince();
  const { page, check, close } = await openPage();
  await page.goto(`${origin}/refusals`);
  const label = page.locator('[data-testid=group-chart] svg text', { hasText: province.name }).first();
  await label.waitFor();
  await settled(page);
  const yearsBefore = await chartText(page, 'year-chart');
  const groupsBefore = await chartText(page, 'group-chart');

  await label.click();
  await page.waitForURL((u) => u.searchParams.get('region') === province.code);
  await page.locator('nav[aria-label=地区] [aria-current=location]', { hasText: province.name }).waitFor();
  await page.locator('[data-testid=group-chart] svg text', { hasText: province.cities[0] }).first().waitFor();
  await settled(page);
  assert.notEqual(await chartText(page, 'year-chart'), yearsBefore, 'the year chart shows the province');
  assert.notEqual(
    await chartText(page, 'group-chart'),
    groupsBefore,
    'the drill-down chart shows its cities',
  );

  // The breadcrumb and the browser's back button go up again.
  await page.locator('nav[aria-label=地区] a', { hasText: '全国' }).click();
  await page.waitForURL((u) => !u.searchParams.has('region'));
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('region') === province.code);
  check();
  await close();
});

test('the CSV download equals gongkai export refused-breakdown for the same filter', { skip }, async () => {
  if (plan.action === 'fail') assert.fail(plan.notice);
  const province = await busiestProvince();
  const cases = [
    {
      query: `region=${province.code}&from=2021&to=2023`,
      args: ['--division-code', province.code, '--year-from', '2021', '--year-to', '2023'],
    },
    { query: 'level=COUNTY&clean=1', args: ['--level', 'county', '--exclude-flagged'] },
    // The export's own options, ticked on the page: --wide --percent --excel.
    {
      query: `region=${province.code}&wide=1&percent=1&excel=1`,
      args: ['--division-code', province.code, '--wide', '--percent', '--excel'],
    },
  ];
  for (const c of cases) {
    const { page, check, close } = await openPage();
    await page.goto(`${origin}/refusals?${c.query}`);
    await page.locator('table tbody tr').first().waitFor();
    await settled(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const cli = runGongkai(fixture.db, ['export', 'refused-breakdown', ...c.args]);
    assert.equal(cli.code, 0, cli.err);
    assert.ok(cli.out.split('\n').length > 2, 'the export has rows');
    assert.equal(csv, cli.out, `CSV of ${c.query}`);
    check();
    await close();
  }
});

test(
  'an agency: found by name, its identity breaks on the cells they concern, a cell’s provenance and a row’s trend a click away',
  { skip },
  async () => {
    if (plan.action === 'fail') assert.fail(plan.notice);
    const broken = await reportWithIdentityBreak();
    const { page, check, close } = await openPage();
    await page.goto(`${origin}/agency`);
    await page.getByRole('searchbox', { name: '机关名称' }).fill(broken.agency.name);
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('link', { name: broken.agency.name, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('id') === broken.agency.id);
    await page.getByRole('button', { name: new RegExp(`^${broken.year}年`) }).click();
    await page.waitForURL((u) => u.searchParams.get('year') === String(broken.year));
    await page.locator('.report-table button.cell').first().waitFor();
    await settled(page);
    assert.ok((await page.locator('.report-table .has-issue').count()) > 0, 'an issue is shown on its cells');

    const cell = page
      .locator('.report-table td.has-issue button.cell, .report-table tr.has-issue button.cell')
      .first();
    await cell.click();
    await page.waitForURL((u) => u.searchParams.has('cell'));
    const provenance = page.getByTestId('provenance');
    await provenance.getByText('原文').first().waitFor();
    await provenance.locator('pre.source .hit').waitFor();
    assert.match(await provenance.innerText(), /第 \d+ 行/);

    const trendBefore = await chartText(page, 'trend-chart');
    await page
      .getByRole('button', { name: /^查看趋势：/ })
      .nth(3)
      .click();
    await page.waitForURL((u) => u.searchParams.has('row'));
    await settled(page);
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid=trend-chart] svg')?.innerHTML !== before,
      trendBefore,
    );

    // Any row, in any of its columns: 本年新收 by 自然人.
    await page.getByRole('button', { name: /^查看趋势：.*本年新收/ }).click();
    await page.waitForURL((u) => u.searchParams.get('row') === 'NEW_RECEIVED');
    await settled(page);
    await page.getByRole('combobox', { name: '列' }).selectOption('NATURAL_PERSON');
    await page.waitForURL((u) => u.searchParams.get('col') === 'NATURAL_PERSON');
    await settled(page);
    await page.locator('h3', { hasText: '趋势：一、本年新收政府信息公开申请数量 · 自然人' }).waitFor();
    check();
    await close();
  },
);
