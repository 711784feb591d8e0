// The fair-play page in headless Chromium against a real stack (RULES §14):
// the flags of walkctl flags with their evidence, filtered by union and
// kind; a flag cleared and a participant disqualified, each with a reason in
// the dialog; a union admin who sees only their own union's flags.
// Screenshot in test-out/browser/flags.png.
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
let people;
const problems = [];

async function seed() {
  stack.walkctl(['admin', 'add', '--username', PROV[0], '--role', 'province'], `${PROV[1]}\n`);
  stack.walkctl(['admin', 'add', '--username', XA[0], '--role', 'union', '--union', 'xa'], `${XA[1]}\n`);
  stack.clock('2019-06-25T10:00:00+08:00');
  const zhang = { name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' };
  const wang = { name: '王五', mobile: '13900000003', region: 'bj', union: 'bj', unit: '宝鸡钢厂' };
  people = {
    zhang: await stack.participant(zhang),
    li: await stack.participant({ name: '李四', mobile: '13800000009', region: 'xa', union: 'xa', unit: '西安电厂' }),
    wang: await stack.participant(wang),
  };
  // A second mobile each for 张三 and 王五, through the real enrollment.
  await stack.enroll(people.zhang, { ...zhang, mobile: '13800000002' });
  await stack.enroll(people.wang, { ...wang, mobile: '13900000004' });
  stack.sql(`INSERT INTO werun_flags (activity_id, user_id, refusals, first_at, last_at, last_reason, window_start,
             window_refusals) VALUES (1, ${people.li.id}, 15, 1561400000, 1561420000,
             'werun_undecryptable: duplicate key', 1561420000, 1);`);
  stack.clock('2019-07-02T09:00:00+08:00');
  stack.walkctl(['flags', '--day', '2019-07-01']);
}

async function login([username, password]) {
  await page.goto(`${stack.base}/admin/login.html`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/index\.html$/), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function openFlags() {
  await Promise.all([page.waitForURL(/flags\.html/), page.click('nav a[href="flags.html"]')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function search(values) {
  for (const [name, value] of Object.entries(values)) await page.selectOption(`#${name}`, value);
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click('#search');
  await page.waitForSelector('body[data-ready="1"]');
}

const rows = () => page.$$eval('#flags-table tbody tr[data-id]', (trs) => trs.map((tr) => ({
  user: Number(tr.dataset.user),
  kind: tr.querySelector('.kind').textContent,
  evidence: tr.querySelector('.evidence div').textContent,
  state: tr.querySelector('.state').textContent,
  standing: tr.querySelector('.standing').textContent,
})));

// Fills the reason dialog and confirms; waits for the list to reload.
async function withReason(button, reason) {
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click(button);
  await page.waitForSelector('#reason-dialog[open]');
  await page.fill('#reason-text', reason);
  await page.click('#reason-confirm');
  await page.waitForSelector('body[data-ready="1"]');
}

describe('fair-play page', () => {
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-flags');
    await seed();
    ({ context, page, profile } = await launchChromium(problems));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a province admin sees every flag with its evidence, filtered by union and kind', async () => {
    await login(PROV);
    await openFlags();
    const all = await rows();
    assert.equal(all.length, 3);
    const li = all.find((r) => r.user === people.li.id);
    assert.equal(li.kind, '多次无效数据');
    assert.match(li.evidence, /15 次无法解密或已过期的微信运动数据/);
    const zhang = all.find((r) => r.user === people.zhang.id);
    assert.equal(zhang.kind, '多手机号/多账号');
    assert.match(zhang.evidence, /#[0-9a-f]{8}、#[0-9a-f]{8}/);   // the mobiles by their hashes (schema 041)
    assert.doesNotMatch(zhang.evidence, /13800000001/);
    await search({ union: 'bj' });
    assert.deepEqual((await rows()).map((r) => r.user), [people.wang.id]);
    await search({ union: '', kind: 'bad_payloads' });
    assert.deepEqual((await rows()).map((r) => r.user), [people.li.id]);
  });

  test('a flag is cleared and a participant disqualified, each with a reason', async () => {
    await search({ kind: '' });
    await withReason(`tr[data-user="${people.li.id}"] button.clear`, '网络故障导致，已核实');
    assert.equal((await rows()).some((r) => r.user === people.li.id), false);   /* open ones only */
    await withReason(`tr[data-user="${people.zhang.id}"] button.disqualify`, '一人多号参赛');
    const zhang = (await rows()).find((r) => r.user === people.zhang.id);
    assert.equal(zhang.standing, '已取消');
    await search({ state: 'all' });
    const li = (await rows()).find((r) => r.user === people.li.id);
    assert.match(li.state, /已清除：网络故障导致，已核实（prov/);
    await page.screenshot({ path: join(OUT, 'flags.png'), fullPage: true });
    const out = stack.sql(`SELECT count(*) FROM disqualifications WHERE user_id = ${people.zhang.id} AND reason = '一人多号参赛';
                           SELECT count(*) FROM audit_log WHERE action IN ('flag.clear', 'participant.disqualify');`);
    assert.equal(String(out).trim(), '1\n2');
    // The participants list shows who is disqualified.
    await Promise.all([page.waitForURL(/participants\.html/), page.click('nav a[href="participants.html"]')]);
    await page.waitForSelector('body[data-ready="1"]');
    assert.equal(await page.locator(`tr[data-user="${people.zhang.id}"] .badge.disqualified`).count(), 1);
    assert.equal(await page.locator(`tr[data-user="${people.li.id}"] .badge.disqualified`).count(), 0);
    await page.goto(`${stack.base}/admin/flags.html`);
    await page.waitForSelector('body[data-ready="1"]');
  });

  test('an empty reason is refused in the dialog and changes nothing', async () => {
    await page.click(`tr[data-user="${people.wang.id}"] button.clear`);
    await page.waitForSelector('#reason-dialog[open]');
    await page.evaluate(() => { document.getElementById('reason-text').removeAttribute('required'); });
    await page.click('#reason-confirm');
    await page.waitForFunction(() => document.getElementById('reason-error').textContent.length > 0);
    await page.click('#reason-cancel');
    assert.equal(String(stack.sql("SELECT count(*) FROM fairplay_flags WHERE state = 'cleared';")).trim(), '1');
  });

  test('a union admin sees only their own union\'s flags', async () => {
    await login(XA);
    await openFlags();
    assert.equal(await page.isHidden('#union-filter'), true);
    await search({ state: 'all' });
    const mine = await rows();
    assert.deepEqual(mine.map((r) => r.user).sort(), [people.zhang.id, people.li.id].sort());
    assert.deepEqual(problems, []);
  });
});
