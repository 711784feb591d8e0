// The participant client (/demo/, nginx/demo/) in headless Chromium on a
// phone-sized screen against a real stack: one simulated worker goes from
// enrollment to a paid red envelope, through three walked and settled days
// (the page's own clock buttons and settlement), a passed checkpoint with its
// photo and poster, and a team of six whose board is settled.  The other five
// members join through the API with the invite code the page shows.
// Screenshots of each screen in test-out/browser/client/.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { OUT, ROOT, Stack } from './stack.mjs';

const SHOTS = join(OUT, 'client');
const DAYS = ['2019-07-01', '2019-07-02', '2019-07-03'];
let stack;
let browser;
let page;
let profile;
const problems = [];

// Every answer the page received from the server, in the form of the HTTP
// tests' exchange log (test/support/exchange_log.h), for the contract's
// validator at the end of test/run.sh.
const EXCHANGES = join(ROOT, 'test-out', 'exchanges');
async function logExchange(response) {
  const url = new URL(response.url());
  if (!/^\/(api|admin\/api)\//.test(url.pathname)) return;
  const type = response.headers()['content-type'] || '';
  const entry = { method: response.request().method(), url: response.url(), status: response.status(), content_type: type };
  const body = await response.body().catch(() => Buffer.alloc(0));
  if (type.startsWith('application/json')) {
    try {
      entry.body = JSON.parse(body.toString('utf8'));
    } catch {
      entry.body_not_json = true;
    }
  } else entry.body_len = body.length;
  appendFileSync(join(EXCHANGES, `browser-client-${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Opens a tab and waits for it to be drawn.
async function tab(name) {
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click(`nav button[data-tab="${name}"]`);
  await page.waitForSelector(`body[data-ready="${name}"]`);
}

// Clicks and waits for the screen to be drawn again after the action.
async function press(selector) {
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click(selector);
  await page.waitForSelector('body[data-ready]');
}

async function toast() {
  return page.textContent('#toast');
}

describe('participant client', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await Stack.start('browser-client');
    stack.clock('2019-07-01T10:00:00+08:00');
    stack.walkctl(['pool', 'set', '--tier', '30=100']);
    profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      locale: 'zh-CN',
    });
    page = browser.pages()[0] || await browser.newPage();
    page.setDefaultTimeout(30000);
    page.on('pageerror', (e) => problems.push(String(e)));
    mkdirSync(EXCHANGES, { recursive: true });
    page.on('response', (r) => { logExchange(r).catch((e) => problems.push(String(e))); });
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('from enrollment to a paid red envelope', async () => {
    await page.goto(`${stack.base}/demo/`);
    await page.waitForSelector('body[data-ready="worker"]');
    await press('#new-worker');
    await press('#login');
    assert.match(await toast(), /登录成功/);
    await shot('1-login');

    // Enrollment: the form appears before it.
    await tab('today');
    await page.waitForSelector('#enroll');
    await page.fill('#enroll input[name="name"]', '张建国');
    await page.selectOption('#enroll select[name="union"]', 'xa');
    await page.selectOption('#enroll select[name="region"]', 'xa');
    await page.check('#enroll input[name="consent"]');
    await shot('2-enroll');
    await press('#enroll button[type="submit"]');
    assert.match(await toast(), /报名成功/);
    await page.waitForSelector('#today-steps');

    // A team of six: created on the page, five others join with its invite.
    const members = [];
    await tab('team');
    await page.fill('#team-name', '雁塔健步队');
    await press('#create-team');
    for (let i = 0; i < 5; i++) {
      await press('#make-invite');
      const invite = (await page.textContent('#invite')).trim();
      const p = await stack.participant({ name: `队员${'一二三四五'[i]}`, mobile: `1380000010${i}`, region: 'xa', union: 'xa', unit: '西安第一中学' });
      await stack.json('POST', `${stack.base}/api/activities/1/teams/join`, { invite }, p.auth);
      members.push(p);
    }
    await tab('team');
    assert.match(await page.textContent('#team-title'), /雁塔健步队（6 人）/);
    assert.match(await page.textContent('#team-full'), /已满/);
    await shot('3-team');

    // Three days: walk 10,000 in the evening window, check in, then the next
    // morning and its settlement, all from the page.
    for (const [i, day] of DAYS.entries()) {
      await press('#to-evening');
      assert.match(await toast(), /已到今晚 20:30/);
      await tab('today');
      assert.match(await page.textContent('#server-time'), new RegExp(`${day} 20:30`));
      await page.fill('#steps', '10000');   // the day's cap
      await press('#sync');
      assert.match(await toast(), /已同步：10000 步，已计入/);
      await press('#checkin');
      assert.match(await toast(), /签到成功/);
      for (const p of members) await stack.sync(p, day, 8000);   // the team's target met
      if (i === 0) await shot('4-today');
      await press('#next-day');
      await press('#settle');
      assert.match(await toast(), new RegExp(`已结算.*${day}`));
    }
    await tab('today');
    assert.match(await page.textContent('#today-steps'), /0 步/);
    await shot('5-next-day');

    // The first checkpoint (30,000) is lit: its quiz, answered right (the
    // answer read from the database), then a photo and its poster, an essay.
    await tab('route');
    assert.match(await page.textContent('#cp-1'), /已点亮/);
    await press('#cp-1 button.quiz');
    const answer = Number(stack.sql('SELECT q.answer FROM quiz_questions q JOIN quiz_asked a ON a.question_id = q.id' +
      ' ORDER BY a.asked_at DESC, a.seq DESC LIMIT 1;').trim());
    await shot('6-quiz');
    await press(`#cp-1 button.option >> nth=${answer}`);
    assert.match(await toast(), /回答正确/);
    assert.match(await page.textContent('#cp-1'), /已通关/);
    const photo = await page.screenshot({ type: 'jpeg', quality: 80 });
    await page.evaluate(() => { delete document.body.dataset.ready; });
    await page.setInputFiles('#cp-1 input.photo', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('body[data-ready]');
    await page.waitForSelector('#poster-1');
    assert.ok(await page.evaluate(() => document.getElementById('poster-1').naturalWidth > 0));
    await page.fill('#cp-1 textarea.essay', '走过大雁塔，想起玄奘西行的坚持，今天的一万步格外有意义，明天继续！');
    await press('#cp-1 button.essay-submit');
    assert.match(await toast(), /感言/);
    await shot('7-checkpoint');

    // The settled board: the team is on it.
    await tab('boards');
    assert.match(await page.textContent('#screen'), /雁塔健步队/);
    assert.match(await page.textContent('#screen'), /截至 2019-07-03/);
    assert.match(await page.textContent('#screen'), /第1名 雁塔健步队 · 达标 3 天/);
    await shot('8-boards');

    // A red envelope, confirmed as wx.requestMerchantTransfer would, paid.
    await tab('draws');
    await shot('9-draws');
    await press('#draw');
    assert.match(await toast(), /抽中 0\.30 元/);
    await page.waitForSelector('li.draw button.confirm');
    await press('li.draw button.confirm');
    assert.match(await toast(), /已确认收款/);
    await page.waitForFunction(() => /已到账/.test(document.querySelector('li.draw')?.textContent || ''));
    await shot('10-paid');

    // Badges' progress, reminders allowed.
    await tab('mine');
    await press('#allow-remind');
    assert.match(await page.textContent('#screen'), /还可提醒 1 次/);
    await shot('11-mine');
    assert.deepEqual(problems, []);
  });
});
