// The teams page and the participant's points in headless Chromium against a
// real stack (RULES §4, §5, §12): a union admin searches a team, moves a
// member to another team with a reason given in the dialog, sees the audit
// row; a participant's ledger shows each row's origin and takes an
// adjustment.  Screenshot: test-out/browser/teams.png.
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

const cells = (row) => row.locator('td').allTextContents();

async function seed() {
  stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
  stack.clock('2019-07-05T10:00:00+08:00');
  const names = ['张一', '张二', '张三', '李一', '李二', '赵一'];
  people = [];
  for (const [i, name] of names.entries()) {
    people.push(await stack.participant({ name, mobile: `1380000000${i}`, region: i === 5 ? 'bj' : 'xa',
      union: i === 5 ? 'bj' : 'xa', unit: '单位' }));
  }
  await stack.team(people[0], '长安健步队', [people[1], people[2]]);
  await stack.team(people[3], '曲江快走队', [people[4]]);
  await stack.team(people[5], '宝鸡队', []);
  await stack.json('POST', `${stack.base}/api/activities/1/checkin`, undefined, people[2].auth);
}

async function login([username, password]) {
  await page.goto(`${stack.base}/admin/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/index\.html$/), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

describe('teams page', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-teams');
    await seed();
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

  test('a union admin searches, and moves a member with a reason', async () => {
    await login(XA);
    await Promise.all([page.waitForURL(/teams\.html/), page.click('nav a[href="teams.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    // 西安's admin sees 西安's two teams only
    assert.equal(await page.locator('#teams-table tbody tr').count(), 2);
    await page.fill('#q', '长安');
    await page.evaluate(() => { delete document.body.dataset.ready; });
    await page.click('#search');
    await page.waitForSelector('body[data-ready="1"]');
    const rows = page.locator('#teams-table tbody tr');
    assert.equal(await rows.count(), 1);
    const row = await cells(rows.first());
    assert.equal(row[1], '长安健步队');
    assert.equal(row[4], '3 / 6');
    await rows.first().locator('button').click();
    await page.waitForSelector('#team-panel:not([hidden])');
    assert.equal(await page.locator('#members-table tbody tr').count(), 3);

    // 张三 to 曲江快走队, with a reason given in the dialog
    const target = stack.sql("SELECT id FROM teams WHERE name = '曲江快走队';");
    await page.locator(`#members-table tbody tr[data-user="${people[2].id}"] button.move`).click();
    await page.waitForSelector('#reason-dialog[open]');
    await page.fill('#dialog-target', target.trim());
    await page.fill('#dialog-reason', '调往曲江分部');
    await page.evaluate(() => { delete document.body.dataset.ready; });
    await page.click('#dialog-ok');
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => document.querySelectorAll('#members-table tbody tr').length === 2);
    assert.match(await page.textContent('#team-meta'), /2 \/ 6 人/);
    assert.equal(await page.locator('#error').textContent(), '');
    const audit = stack.sql("SELECT actor || '|' || json_extract(after, '$.reason') || '|' ||"
      + " json_extract(after, '$.counts_from') FROM audit_log WHERE action = 'team.move';");
    assert.equal(audit.trim(), 'xa-admin|调往曲江分部|2019-07-06');
    // the list shows the new counts
    await page.fill('#q', '');
    await page.evaluate(() => { delete document.body.dataset.ready; });
    await page.click('#search');
    await page.waitForSelector('body[data-ready="1"]');
    const quJiang = await cells(page.locator(`#teams-table tbody tr[data-team="${target.trim()}"]`));
    assert.equal(quJiang[4], '3 / 6');
    await page.screenshot({ path: join(OUT, 'teams.png'), fullPage: true });
  });

  test('a refused move shows its reason and changes nothing', async () => {
    await page.locator(`#teams-table tbody tr:first-child button`).click();
    await page.waitForSelector('#team-panel:not([hidden])');
    const leader = page.locator('#members-table tbody tr').first();
    await leader.locator('button.move').click();
    await page.fill('#dialog-target', '999999');
    await page.fill('#dialog-reason', '试一试');
    await page.click('#dialog-ok');
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.match(await page.textContent('#error'), /团队不存在/);
    assert.equal(stack.sql("SELECT count(*) FROM audit_log WHERE action = 'team.move';").trim(), '1');
  });

  test('the participant view shows the ledger with its origins and takes an adjustment', async () => {
    await Promise.all([page.waitForURL(/participants\.html/), page.click('nav a[href="participants.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator(`#participants-table tbody tr[data-user="${people[2].id}"] button.points`).click();
    await page.waitForSelector('#person-panel[data-ready="1"]');
    assert.match(await page.textContent('#ledger-table tbody'), /2019-07-05 的签到/);
    await page.fill('#adjust-points', '5');
    await page.fill('#adjust-reason', '线下活动补录');
    await page.evaluate(() => { delete document.getElementById('person-panel').dataset.ready; });
    await page.click('#adjust');
    await page.waitForSelector('#person-panel[data-ready="1"]');
    assert.equal(await page.textContent('#person-balance'), '积分余额 6');
    const first = await cells(page.locator('#ledger-table tbody tr').first());
    assert.equal(first[1], '管理员调整');
    assert.equal(first[2], '+5');
    assert.match(first[3], /xa-admin .*线下活动补录/);
    // below zero: refused with its message, nothing changed
    await page.fill('#adjust-points', '-7');
    await page.fill('#adjust-reason', '冲正');
    await page.click('#adjust');
    await page.waitForFunction(() => document.getElementById('person-error').textContent !== '');
    assert.match(await page.textContent('#person-error'), /余额为 6/);
    assert.equal(await page.locator('#ledger-table tbody tr').count(), 2);
    assert.deepEqual(problems, []);
  });
});
