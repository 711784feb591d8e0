// The red-envelope payouts page in headless Chromium against a real stack
// (RULES §8, §12): the pool with its budget, changed from the page (and a
// count below what was drawn refused), payouts by state, the failures with
// WeChat Pay's code, the NOT_ENOUGH pause and its resume, the CSV of every
// payout, and a union admin who sees only their union's draws.
//
// Points are given with SQL (ledger rows of kind 'adjust'); one payout is
// marked failed and the pause is set with SQL, as WeChat Pay's answers would
// leave them.
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
const problems = [];

async function draw(p, key) {
  return stack.json('POST', `${stack.base}/api/activities/1/draws`, undefined, { ...p.auth, 'Idempotency-Key': key });
}

async function seed() {
  stack.walkctl(['admin', 'add', '--username', PROV[0], '--role', 'province'], `${PROV[1]}\n`);
  stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
  stack.clock('2019-07-05T10:00:00+08:00');
  stack.walkctl(['pool', 'set', '--tier', '30=100', '--tier', '100=2']);
  const xa = await stack.participant({ name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' });
  const bj = await stack.participant({ name: '王五', mobile: '13900000003', region: 'bj', union: 'bj', unit: '宝鸡钢厂' });
  stack.sql(`INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)
             VALUES (1, ${xa.id}, 'adjust', '90001', 60, 1562256000), (1, ${bj.id}, 'adjust', '90001', 40, 1562256000);`);
  for (let i = 0; i < 3; i++) await draw(xa, `browser-xa-draw-${i}-0000`);
  for (let i = 0; i < 2; i++) await draw(bj, `browser-bj-draw-${i}-0000`);
  stack.sql(`UPDATE payouts SET state = 'failed', fail_code = 'PAYEE_ACCOUNT_ABNORMAL', final_at = updated_at
             WHERE id = (SELECT max(p.id) FROM payouts p JOIN draws d ON d.id = p.draw_id WHERE d.user_id = ${bj.id});
             INSERT INTO payout_pause (id, reason, paused_at, retry_at) VALUES (1, 'NOT_ENOUGH', 1562292000, 9999999999);`);
}

async function login([username, password], next = 'payouts.html') {
  await page.goto(`${stack.base}/admin/login.html?next=${next}`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(new RegExp(`${next.replace('.', '\\.')}$`)), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

const cells = (row) => row.locator('td').allTextContents();
const stateCount = async (state) => (await cells(page.locator(`#state-table tbody tr[data-state="${state}"]`)))[1];

describe('payouts page', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-payouts');
    await seed();
    profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 768 },
      acceptDownloads: true,
      locale: 'zh-CN',
    });
    page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('console', (m) => { if (m.type() === 'error' && !/40[139]/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a province admin sees the pool, the payouts by state, the failures and the pause', async () => {
    await login(PROV);
    assert.equal(await page.locator('#pool-table tbody tr').count(), 8);
    const thirty = await cells(page.locator('#pool-table tbody tr').first());
    assert.deepEqual(thirty.slice(0, 2), ['0.30', '100']);
    assert.equal(Number(thirty[2]) + Number(thirty[3]), 100);
    assert.match(await page.textContent('#budget'), /^总预算 32\.00 元/);
    assert.equal(await stateCount('failed'), '1');
    const failed = await cells(page.locator('#failed-table tbody tr').first());
    assert.equal(failed[3], 'PAYEE_ACCOUNT_ABNORMAL');
    assert.match(await page.textContent('#today'), /今日抽出 5 个/);
    assert.ok(await page.isVisible('#paused'));
    assert.match(await page.textContent('#paused-text'), /NOT_ENOUGH/);
    await page.screenshot({ path: join(OUT, 'payouts.png'), fullPage: true });
    await page.click('#resume');
    await page.waitForSelector('#paused', { state: 'hidden' });
    assert.equal(stack.sql('SELECT count(*) FROM payout_pause;').trim(), '0');
  });

  test('the pool is changed from the page, never below what was drawn, and audited', async () => {
    const input = page.locator('#pool-table input[data-fen="30"]');
    await input.fill('500');
    await page.fill('#daily-release', '1000');
    await page.click('#save-pool');
    await page.waitForFunction(() => document.getElementById('pool-saved').textContent === '已保存');
    assert.equal((await cells(page.locator('#pool-table tbody tr').first()))[1], '500');
    assert.equal(stack.sql("SELECT count || '/' || (SELECT daily_release FROM pools) FROM pool_tiers WHERE amount_fen = 30;").trim(), '500/1000');
    assert.equal(stack.sql("SELECT count(*) FROM audit_log WHERE action = 'pool.set' AND actor = 'prov';").trim(), '1');

    const drawn100 = Number(stack.sql('SELECT drawn FROM pool_tiers WHERE amount_fen = 100;').trim());
    if (drawn100 > 0) {
      await page.locator('#pool-table input[data-fen="100"]').fill(String(drawn100 - 1));
    } else {
      await page.locator('#pool-table input[data-fen="30"]').fill('0');
    }
    await page.click('#save-pool');
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.equal(await page.textContent('#error'), '数量不能少于已抽出的数量');
  });

  test('every payout is exported for the finance office', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(OUT, 'payouts.csv');
    await download.saveAs(file);
    const csv = readFileSync(file);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + 5);
    assert.match(lines[0], /^抽奖ID,商户单号,微信转账单号,openid,金额（分）,状态/);
    assert.ok(lines.slice(1).every((l) => /^\d+,WD\d+A1,/.test(l)));
  });

  test('a union admin sees their union\'s draws only, and no pool', async () => {
    await Promise.all([page.waitForURL(/login\.html/), page.click('#logout')]);
    await login(XA);
    assert.ok(await page.isHidden('#pool-panel'));
    assert.match(await page.textContent('#today'), /今日抽出 3 个/);
    assert.equal(await stateCount('failed'), '0');
    assert.equal(await page.locator('#failed-table tbody tr').count(), 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(OUT, 'payouts-xa.csv');
    await download.saveAs(file);
    assert.equal(readFileSync(file).toString('utf8').trimEnd().split('\r\n').length, 1 + 3);
    assert.deepEqual(problems, []);
  });
});
