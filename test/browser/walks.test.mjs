// The themed walks' page in headless Chromium against a real stack: a union
// admin creates a walk with the form, participants join and walk (their days
// settled by walkctl), the page shows the participation by unit and by day
// (chart) and the CSV; once begun only the texts may change; a walk is
// cancelled with a reason; another union's walk is refused.  Screenshot
// test-out/browser/walks.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { OUT, Stack } from './stack.mjs';

const XA = ['xa-admin', 'xa-pass-2019'];

let stack;
let context;
let page;
let profile;
let people;
const problems = [];

async function login([username, password]) {
  await page.goto(`${stack.base}/admin/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/index\.html$/), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function openWalks() {
  await Promise.all([page.waitForURL(/walks\.html/), page.click('nav a[href="walks.html"]')]);
  await page.waitForSelector('body[data-ready="1"]');
}

const row = (name) => page.locator('#walks-table tbody tr', { hasText: name });

describe('themed walks page', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-walks');
    stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
    stack.clock('2019-06-25T10:00:00+08:00');
    people = [
      await stack.participant({ name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' }),
      await stack.participant({ name: '李四', mobile: '13800000002', region: 'xa', union: 'xa', unit: '西安第一中学' }),
      await stack.participant({ name: '王五', mobile: '13800000003', region: 'xa', union: 'xa', unit: '西安电力公司' }),
    ];
    profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('console', (m) => { if (m.type() === 'error' && !/40[0-9]/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a union admin creates two walks with the form and cancels one', async () => {
    await login(XA);
    await openWalks();
    assert.ok(await page.isDisabled('#walk-union'));
    // A fault is shown, and nothing is made.
    await page.fill('#walk-name', '太早了');
    await page.fill('#walk-first', '2019-06-25');
    await page.fill('#walk-last', '2019-07-05');
    await page.click('#save');
    await page.waitForFunction(() => /明天/.test(document.getElementById('error').textContent));
    assert.equal(await page.locator('#walks-table tbody tr').count(), 0);
    await page.fill('#walk-name', '一中七月健步走');
    await page.fill('#walk-description', '五天三万步');
    await page.fill('#walk-units', '西安第一中学');
    await page.fill('#walk-first', '2019-07-01');
    await page.fill('#walk-last', '2019-07-05');
    await page.fill('#walk-steps', '30000');
    await page.click('#save');
    await page.waitForFunction(() => document.querySelectorAll('#walks-table tbody tr').length === 1);
    await page.click('#new');
    await page.fill('#walk-name', '雨季健步走');
    await page.fill('#walk-first', '2019-07-10');
    await page.fill('#walk-last', '2019-07-20');
    await page.selectOption('#walk-goal', 'days');
    await page.fill('#walk-steps', '8000');
    await page.fill('#walk-days', '5');
    await page.click('#save');
    await page.waitForFunction(() => document.querySelectorAll('#walks-table tbody tr').length === 2);
    assert.match(await row('雨季健步走').textContent(), /5天每天8,000步以上/);
    await page.fill('#cancel-reason', '与单位安排冲突');
    await page.click('#cancel');
    await page.waitForFunction(() => /已取消/.test(document.querySelector('#walks-table tbody').textContent));
    assert.match(await row('雨季健步走').locator('.state').textContent(), /已取消/);
    assert.match(await row('一中七月健步走').textContent(), /西安市总工会：西安第一中学/);
  });

  test('the participation by unit and by day after the nights are settled', async () => {
    const walks = await page.evaluate(() => fetch('/admin/api/walks').then((r) => r.json()));
    const walk = walks.items.find((w) => w.name === '一中七月健步走');
    for (const p of people.slice(0, 2)) {
      await stack.json('POST', `${stack.base}/api/activities/1/walks/${walk.id}/join`, undefined, p.auth);
    }
    // 王五's unit is not in the walk.
    const open = await stack.json('GET', `${stack.base}/api/activities/1/walks`, undefined, people[2].auth);
    assert.equal(open.items.length, 0);
    const rows = [];
    for (const [i, steps] of [[0, [12000, 9000, 8000, 7000]], [1, [3000, 0, 4000, 5000]]]) {
      steps.forEach((s, d) => rows.push(`(1, ${people[i].id}, '2019-07-0${d + 1}', ${s}, 1, 0, 0)`));
    }
    stack.sql(`INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
               VALUES ${rows.join(',')};`);
    stack.clock('2019-07-05T10:00:00+08:00');
    stack.walkctl(['settle']);
    await login(XA);   // ten days later: the session of June has expired
    await openWalks();
    await row('一中七月健步走').locator('button.open').click();
    await page.waitForFunction(() => document.getElementById('joined').textContent === '2');
    // 张三: 10,000 + 9,000 + 8,000 + 7,000 = 34,000 ≥ 30,000 on 07-04.
    assert.equal(await page.textContent('#finished'), '1');
    assert.equal(await page.textContent('#active'), '2');
    assert.match(await page.locator('#units-table tbody').textContent(), /西安第一中学2\s*2\s*1/);
    assert.ok(await page.locator('#walk-chart canvas').count() > 0);
    assert.match(await page.getAttribute('#csv', 'href'), new RegExp(`/admin/api/walks/${walk.id}/participation.csv`));
    const csv = await page.evaluate((href) => fetch(href).then((r) => r.text()), await page.getAttribute('#csv', 'href'));
    assert.match(csv, /xa,西安第一中学,2,2,1/);
    const me = await stack.json('GET', `${stack.base}/api/activities/1/walks/${walk.id}`, undefined, people[0].auth);
    assert.equal(me.progress.steps, 34000);
    assert.equal(me.progress.finished_day, '2019-07-04');
    // Begun: the plan is locked on the page, the name still changes.
    assert.ok(await page.isDisabled('#walk-first'));
    await page.fill('#walk-name', '一中七月健步走（第一期）');
    await page.click('#save');
    await page.waitForFunction(() => /第一期/.test(document.querySelector('#walks-table tbody').textContent));
    await page.screenshot({ path: join(OUT, 'walks.png'), fullPage: true });
  });

  test('another union\'s walk is refused', async () => {
    stack.sql(`INSERT INTO walks (activity_id, union_code, name, description, first_day, last_day, goal_kind,
               goal_steps, created_by, created_at, updated_at) VALUES (1, 'bj', '宝鸡的', '', '2019-07-10',
               '2019-07-12', 'total', 1000, 1, 0, 0);`);
    const id = Number(stack.sql("SELECT id FROM walks WHERE name = '宝鸡的';").trim());
    const status = await page.evaluate((wid) => fetch(`/admin/api/walks/${wid}`).then((r) => r.status), id);
    assert.equal(status, 403);
    assert.equal(await page.locator('#walks-table tbody tr', { hasText: '宝鸡的' }).count(), 0);
    assert.deepEqual(problems, []);
  });
});
