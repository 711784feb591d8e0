// The admin pages in headless Chromium against a real stack (RULES §11–§12):
// log in, the dashboard with the 23 unions and their quotas (and a
// screenshot of it), participants with search and export, a union admin who
// sees only their own union, the audit log, logout.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { OUT, Stack } from './stack.mjs';

const PROV = ['prov', 'prov-pass-2019'];
const XA = ['xa-admin', 'xa-pass-2019'];

let stack;
let context;
let page;
let profile;
const problems = [];   // console errors and uncaught exceptions of every page

// Participants of every union in proportion to its quota (3 % to 40 %), and
// their settled days, so that the charts have something to show; plus four
// made through the real API.
const BULK_SQL = `
CREATE TEMP TABLE plan AS
  SELECT code, sort_order, quota_people * ((sort_order * 37) % 38 + 3) / 100 AS n
  FROM unions WHERE parent_code IS NOT NULL;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < (SELECT max(n) FROM plan))
INSERT INTO users (id, openid, session_key, created_at, last_login_at)
  SELECT 3000000 + p.sort_order * 1000000 + s.i, 'bulk-' || p.code || '-' || s.i, 'k', 0, 0
  FROM plan p JOIN seq s ON s.i <= p.n;
INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code, union_code, unit, department,
                         created_at, updated_at)
  SELECT 1, u.id, '职工' || (u.id % 1000000), '15' || printf('%09d', u.id % 1000000000), r.code,
         p.code, '某某单位', '', 1561000000, 1561000000
  FROM users u JOIN plan p ON u.id / 1000000 = 3 + p.sort_order
  JOIN regions r ON r.sort_order = 1 + u.id % 12
  WHERE u.id >= 4000000;
INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
  SELECT 1, e.user_id, d.column1, 2000 + (e.user_id * 7919) % 11000, 1, 0, 0
  FROM enrollments e JOIN (VALUES ('2019-07-01', 45), ('2019-07-02', 58), ('2019-07-03', 52), ('2019-07-04', 30)) d
    ON e.user_id % 100 < d.column2
  WHERE e.user_id >= 4000000;
`;

async function seed() {
  stack.walkctl(['admin', 'add', '--username', PROV[0], '--role', 'province'], `${PROV[1]}\n`);
  stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
  stack.clock('2019-06-20T10:00:00+08:00');
  const zhang = await stack.participant({ name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' });
  const li = await stack.participant({ name: '李四', mobile: '13800000002', region: 'xa', union: 'xa', unit: '西安交通局' });
  const wang = await stack.participant({ name: '王五', mobile: '13900000003', region: 'bj', union: 'bj', unit: '宝鸡钢厂' });
  await stack.participant({ name: '赵六', mobile: '13700000004', region: 'hz', union: 'hz', unit: '汉中电厂' });
  await stack.team(zhang, '西安一队', [li]);
  stack.sql(BULK_SQL);
  for (const [day, who] of [['2019-07-01', [zhang, li, wang]], ['2019-07-02', [zhang, wang]], ['2019-07-03', [zhang]]]) {
    stack.clock(`${day}T21:00:00+08:00`);
    for (const p of who) await stack.sync(p, day, 8000);
  }
  stack.clock('2019-07-04T21:30:00+08:00');
}

async function login([username, password]) {
  await page.goto(`${stack.base}/admin/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/index\.html$/), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function logout() {
  await Promise.all([page.waitForURL(/login\.html/), page.click('#logout')]);
}

const cells = (row) => row.locator('td').allTextContents();

describe('admin pages', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser');
    await seed();
    profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 768 },   // a laptop screen
      acceptDownloads: true,
      locale: 'zh-CN',
    });
    page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('console', (m) => { if (m.type() === 'error' && !/401|403/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a province admin logs in and sees the 23 unions against their quotas', async () => {
    await page.goto(`${stack.base}/admin/`);
    await page.waitForURL(/login\.html\?next=index\.html/);   // no session yet
    await page.fill('#username', PROV[0]);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForFunction(() => document.getElementById('login-error').textContent !== '');
    assert.equal(await page.textContent('#login-error'), '用户名或密码错误');

    await login(PROV);
    const rows = page.locator('#unions-table tbody tr');
    assert.equal(await rows.count(), 23);
    const xa = await cells(page.locator('#unions-table tbody tr[data-union="xa"]'));
    assert.equal(xa[1], '西安市总工会');
    assert.equal(xa[2], '250,000');   // the quota of the plan's attachment
    const quotas = await page.locator('#unions-table tbody tr td:nth-child(3)').allTextContents();
    assert.equal(quotas.reduce((sum, q) => sum + Number(q.replace(/,/g, '')), 0), 1010000);
    assert.equal((await page.textContent('#card-quota .value')), '1,010,000');
    assert.match(await page.textContent('#activity-name'), /全省数据总览/);
    assert.match(await page.textContent('#who'), /prov（省总工会管理员）/);
    // Both charts drew: a canvas each, the daily one with its four days.
    assert.equal(await page.locator('#completion-chart canvas').count(), 1);
    assert.equal(await page.locator('#daily-chart canvas').count(), 1);
    // The ranking is ordered and starts at 1.
    const ranks = (await page.locator('#unions-table tbody tr td:first-child').allTextContents()).map(Number);
    assert.equal(ranks[0], 1);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    await page.waitForTimeout(800);   // the charts' entry animation
    await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
  });

  test('participants are searched, filtered and exported', async () => {
    await Promise.all([page.waitForURL(/participants\.html/), page.click('nav a[href="participants.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    assert.match(await page.textContent('#page-info'), /^共 [\d,]+ 人，第 1 \/ \d+ 页$/);
    assert.equal(await page.locator('#participants-table tbody tr').count(), 50);

    await page.fill('#q', '张三');
    await page.click('#search');
    await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('共 1 人'));
    const row = await cells(page.locator('#participants-table tbody tr').first());
    assert.deepEqual(row.slice(1, 6), ['张三', '138****0001', '西安市', '西安市总工会', '西安第一中学']);
    assert.match(row[7], /西安一队\s*团长/);

    // The export carries the same filter: the one row, for Excel (UTF-8 with a BOM).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(OUT, 'participants.csv');
    await download.saveAs(file);
    const csv = readFileSync(file);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^用户ID,姓名,手机号,地区,工会/);
    assert.match(lines[1], /,张三,138\*\*\*\*0001,西安市,西安市总工会,西安第一中学,/);

    // By union and team status; paging.
    await page.fill('#q', '');
    await page.selectOption('#union', 'bj');
    await page.selectOption('#team', 'no');
    await page.click('#search');
    await page.waitForFunction(() => /union=bj/.test(location.search) && document.body.dataset.ready === '1');
    await page.waitForFunction(() => document.querySelectorAll('#participants-table tbody tr').length === 50);
    const unions = await page.locator('#participants-table tbody tr td:nth-child(5)').allTextContents();
    assert.ok(unions.every((u) => u === '宝鸡市总工会'));
    await page.screenshot({ path: join(OUT, 'participants.png') });
    await page.click('#next');
    await page.waitForFunction(() => /第 2 \//.test(document.getElementById('page-info').textContent));
  });

  test('the audit log shows the admins\' actions to a province admin', async () => {
    await Promise.all([page.waitForURL(/audit\.html/), page.click('nav a[href="audit.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    const actions = await page.locator('#audit-table tbody tr td:nth-child(4)').allTextContents();
    assert.ok(actions.includes('新增管理员'));
    assert.ok(actions.includes('登录'));
  });

  test('a union admin sees only their own union', async () => {
    await logout();
    await login(XA);
    assert.equal(await page.locator('#unions-table tbody tr').count(), 1);
    const xa = await cells(page.locator('#unions-table tbody tr').first());
    assert.equal(xa[1], '西安市总工会');
    assert.equal(await page.locator('nav a[href="audit.html"]').count(), 0);
    assert.match(await page.textContent('#who'), /xa-admin（西安市总工会管理员）/);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(OUT, 'dashboard-union.png'), fullPage: true });

    await Promise.all([page.waitForURL(/participants\.html/), page.click('nav a[href="participants.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    assert.ok(await page.isDisabled('#union'));
    assert.equal(await page.inputValue('#union'), 'xa');
    const unions = await page.locator('#participants-table tbody tr td:nth-child(5)').allTextContents();
    assert.equal(unions.length, 50);
    assert.ok(unions.every((u) => u === '西安市总工会'));
    await page.fill('#q', '王五');   // enrolled in bj
    await page.click('#search');
    await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('共 0 人'));
    // Asking the API for another union's data from the page is refused.
    const status = await page.evaluate(() => fetch('/admin/api/participants?union=bj').then((r) => r.status));
    assert.equal(status, 403);
    await page.goto(`${stack.base}/admin/audit.html`);
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.equal(await page.locator('#audit-table tbody tr').count(), 0);
  });

  test('logging out ends the session', async () => {
    await page.goto(`${stack.base}/admin/index.html`);
    await page.waitForSelector('body[data-ready="1"]');
    await logout();
    await page.goto(`${stack.base}/admin/participants.html`);
    await page.waitForURL(/login\.html\?next=participants\.html/);
    assert.deepEqual(problems, []);
  });
});
