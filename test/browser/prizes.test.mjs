// The grand-prize draw and the shipping pages in headless Chromium against a
// real stack (RULES §9): a province admin adds prizes, commits, draws and
// reveals; a winner gives an address through the API; the shipping list, a
// tracking number recorded on the page, and a union admin who sees only their
// own union's parcels.  Screenshots in test-out/browser/.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { OUT, Stack, launchChromium } from './stack.mjs';

const PROV = ['prov', 'prov-pass-2019'];
const XA = ['xa-admin', 'xa-pass-2019'];

let stack;
let context;
let page;
let profile;
let winners;
const problems = [];

async function seed() {
  stack.walkctl(['admin', 'add', '--username', PROV[0], '--role', 'province'], `${PROV[1]}\n`);
  stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
  stack.clock('2019-09-20T10:00:00+08:00');
  winners = [
    await stack.participant({ name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' }),
    await stack.participant({ name: '王五', mobile: '13900000003', region: 'bj', union: 'bj', unit: '宝鸡钢厂' }),
  ];
  // The badges as the check-ins and passes would have recorded them.
  stack.sql(`INSERT INTO badges VALUES (1, ${winners[0].id}, 'full_attendance', 1570498200),
                                       (1, ${winners[1].id}, 'all_checkpoints', 1569000013);`);
  stack.clock('2019-10-10T10:00:00+08:00');
}

async function login([username, password]) {
  await page.goto(`${stack.base}/admin/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/index\.html$/), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function open(href) {
  await Promise.all([page.waitForURL(new RegExp(href.replace('.', '\\.'))), page.click(`nav a[href="${href}"]`)]);
  await page.waitForSelector('body[data-ready="1"]');
}

describe('prize and shipping pages', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-prizes');
    await seed();
    ({ context, page, profile } = await launchChromium(problems));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a province admin adds prizes, commits, draws and reveals, each once', async () => {
    await login(PROV);
    await open('prizes.html');
    for (const [name, quantity] of [['小米手机9', '1'], ['小米手环3', '3']]) {
      await page.fill('#prize-name', name);
      await page.fill('#prize-quantity', quantity);
      await page.click('#add');
      await page.waitForFunction((n) => document.querySelectorAll('#prizes-table tbody tr').length === n,
        name === '小米手机9' ? 1 : 2);
    }
    await page.click('#commit');
    await page.waitForFunction(() => document.getElementById('state').textContent === '已封存名单');
    assert.match(await page.textContent('#commitment'), /^[0-9a-f]{64}$/);
    assert.equal(await page.textContent('#seed'), '—');
    assert.ok(await page.isDisabled('#commit'));
    // Asked again behind the page's back, the server refuses.
    const again = await page.evaluate(() => fetch('/admin/api/prizes/commit', { method: 'POST' }).then((r) => r.status));
    assert.equal(again, 403);   // no CSRF token: refused before anything else
    await page.click('#draw');
    await page.waitForFunction(() => document.getElementById('state').textContent.startsWith('已抽奖'));
    await page.click('#reveal');
    await page.waitForFunction(() => document.getElementById('state').textContent === '种子已公布');
    assert.match(await page.textContent('#seed'), /^[0-9a-f]{64}$/);
    assert.equal(await page.locator('#winners-table tbody tr').count(), 2);
    const names = await page.locator('#winners-table tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(names.sort(), ['张*', '王*']);
    await page.screenshot({ path: join(OUT, 'prizes.png'), fullPage: true });
  });

  test('the shipping list records a tracking number and the winner sees it', async () => {
    const awards = await stack.json('GET', `${stack.base}/api/activities/1/me/awards`, undefined, winners[0].auth);
    const award = awards.items[0];
    await stack.json('PUT', `${stack.base}/api/activities/1/me/awards/${award.id}/address`,
      { recipient: '张三', mobile: '13800000001', division: '610113', detail: '雁塔路1号3单元' }, winners[0].auth);
    await open('shipping.html');
    assert.equal(await page.locator('#shipping-table tbody tr').count(), 2);
    const row = page.locator(`#shipping-table tbody tr[data-award="${award.id}"]`);
    assert.match(await row.textContent(), /陕西省西安市雁塔区 雁塔路1号3单元/);
    assert.match(await row.textContent(), /2019-10-30/);   // 15 working days after 10-10, Saturday 10-12 worked
    await row.locator('input.courier').fill('顺丰速运');
    await row.locator('input.tracking').fill('SF1234567890');
    await row.locator('button.ship').click();
    await page.waitForFunction((id) => /顺丰速运 SF1234567890/.test(
      document.querySelector(`#shipping-table tbody tr[data-award="${id}"]`)?.textContent || ''), award.id);
    await page.screenshot({ path: join(OUT, 'shipping.png'), fullPage: true });
    const mine = await stack.json('GET', `${stack.base}/api/activities/1/me/awards`, undefined, winners[0].auth);
    assert.equal(mine.items[0].state, 'shipped');
    assert.equal(mine.items[0].tracking, 'SF1234567890');
  });

  test('a union admin sees only their own union\'s parcels', async () => {
    await Promise.all([page.waitForURL(/login\.html/), page.click('#logout')]);
    await login(XA);
    await open('shipping.html');
    assert.ok(await page.isDisabled('#union'));
    const unions = await page.locator('#shipping-table tbody tr td:nth-child(4)').allTextContents();
    assert.deepEqual(unions, ['西安市总工会']);
    const status = await page.evaluate(() => fetch('/admin/api/shipping?union=bj').then((r) => r.status));
    assert.equal(status, 403);
    await open('prizes.html');
    assert.ok(await page.isHidden('#commit'));
    assert.deepEqual(problems, []);
  });
});
