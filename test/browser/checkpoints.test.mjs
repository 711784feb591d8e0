// The essay review queue and the quiz bank pages in headless Chromium
// against a real stack (RULES §7, §12): essays written through the real API
// after real passes, approved and rejected on the page by a union admin who
// sees only their union's; the bank listed, a question added, edited and
// retired by a province admin, and refused to a union admin.  Screenshots in
// test-out/browser/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { OUT, Stack } from './stack.mjs';

const ADMINS = { prov: ['prov', 'prov-pass-2019', 'province'], xa: ['xa-admin', 'xa-pass-2019', 'union', 'xa'] };
const ESSAY = '今天走到了大雁塔，风景真好，明天继续走路，请人工看';

let stack;
let browser;
let page;
let profile;
const problems = [];

// Walks p to the first checkpoint (three settled days of 10,000), passes its
// quiz with the answer read from the database, and writes an essay held for
// review (the fake's verdict for "请人工看").
async function essayForReview(p, name) {
  for (const day of ['2019-06-18', '2019-06-19', '2019-06-20']) {
    stack.clock(`${day}T20:30:00+08:00`);
    await stack.sync(p, day, 10000);
  }
  const base = `${stack.base}/api/activities/1/checkpoints/1`;
  const q = await stack.json('POST', `${base}/question`, undefined, p.auth);
  const choice = Number(stack.sql(`SELECT answer FROM quiz_questions WHERE id = ${q.question_id};`).trim());
  await stack.json('POST', `${base}/answer`, { question_id: q.question_id, choice }, p.auth);
  const reply = await stack.json('POST', `${base}/essay`, { text: `${name}：${ESSAY}` }, p.auth);
  assert.equal(reply.status, 'review');
}

async function seed() {
  for (const [username, password, role, union] of Object.values(ADMINS))
    stack.walkctl(['admin', 'add', '--username', username, '--role', role, ...(union ? ['--union', union] : [])], `${password}\n`);
  await stack.json('POST', `${stack.fake}/fake/verdicts`, { contains: '请人工看', suggest: 'review' });
  stack.clock('2019-06-18T10:00:00+08:00');
  const zhang = await stack.participant({ name: '张三', mobile: '13800000001', region: 'xa', union: 'xa', unit: '西安第一中学' });
  const li = await stack.participant({ name: '李四', mobile: '13800000002', region: 'xa', union: 'xa', unit: '西安交通局' });
  const wang = await stack.participant({ name: '王五', mobile: '13900000003', region: 'bj', union: 'bj', unit: '宝鸡钢厂' });
  for (const [p, name] of [[zhang, '张三'], [li, '李四'], [wang, '王五']]) await essayForReview(p, name);
  return { zhang, li };
}

async function loginAs([username, password], target) {
  await page.goto(`${stack.base}/admin/login.html?next=${target}`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(new RegExp(target.replace('.', '\\.'))), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="1"]');
}

async function logout() {
  await Promise.all([page.waitForURL(/login\.html/), page.click('#logout')]);
}

describe('checkpoint admin pages', () => {
  let people;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await Stack.start('browser-checkpoints');
    people = await seed();
    profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
    });
    page = browser.pages()[0] || await browser.newPage();
    page.setDefaultTimeout(20000);
    page.on('console', (m) => { if (m.type() === 'error' && !/40[013]|409/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    stack?.stop();
  });

  test('a union admin reviews only their union\'s essays', async () => {
    await loginAs(ADMINS.xa, 'essays.html');
    const rows = page.locator('#essays-table tbody tr');
    assert.equal(await rows.count(), 2);   // 张三 and 李四 of 西安; not 王五 of 宝鸡
    const writers = await page.locator('#essays-table tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(writers.sort(), ['张三', '李四'].sort());
    assert.equal(await page.locator('#union-filter').isHidden(), true);
    await page.screenshot({ path: join(OUT, 'essays.png'), fullPage: true });

    const li = stack.sql(`SELECT id FROM essays WHERE user_id = ${people.li.id};`).trim();
    const zhang = stack.sql(`SELECT id FROM essays WHERE user_id = ${people.zhang.id};`).trim();
    // A rejection needs its reason: the server's message is shown.
    await page.click(`#essays-table tr[data-id="${li}"] button.reject`);
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.match(await page.textContent('#error'), /原因/);
    await page.fill(`#essays-table tr[data-id="${li}"] input.reason`, '与闯关无关');
    await page.click(`#essays-table tr[data-id="${li}"] button.reject`);
    await page.waitForFunction((id) => document.querySelector(`tr[data-id="${id}"] .state`).textContent === '未通过', li);
    await page.click(`#essays-table tr[data-id="${zhang}"] button.approve`);
    await page.waitForFunction((id) => document.querySelector(`tr[data-id="${id}"] .state`).textContent === '已通过', zhang);

    // What the participants see, and the points of the approved one.
    const view = await stack.json('GET', `${stack.base}/api/activities/1/checkpoints`, undefined, people.li.auth);
    assert.equal(view.items[0].essay, 'rejected');
    assert.equal(view.items[0].essay_reason, '与闯关无关');
    assert.equal(stack.sql(`SELECT count(*) FROM ledger WHERE kind = 'essay' AND user_id = ${people.zhang.id};`).trim(), '1');
    // The queue now holds nothing of 西安's.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    assert.match(await page.textContent('#essays-table tbody'), /没有感想/);
    await page.selectOption('#state', 'all');
    await page.click('#search');
    await page.waitForFunction(() => document.querySelectorAll('#essays-table tbody tr[data-id]').length === 2);

    // The bank is not theirs.
    await page.goto(`${stack.base}/admin/quiz.html`);
    await page.waitForFunction(() => document.getElementById('error').textContent !== '');
    assert.match(await page.textContent('#error'), /仅省总工会管理员/);
    assert.equal(await page.locator('nav a[href="quiz.html"]').count(), 0);
    await logout();
  });

  test('a province admin adds, edits and retires a question', async () => {
    await loginAs(ADMINS.prov, 'quiz.html');
    const inUse = Number(stack.sql('SELECT count(*) FROM quiz_questions WHERE retired_at IS NULL;').trim());
    assert.equal(await page.locator('#quiz-table tbody tr').count(), inUse);
    await page.selectOption('#checkpoint', '1');
    await page.click('#search');
    await page.waitForFunction(() => [...document.querySelectorAll('#quiz-table tbody tr td:nth-child(2)')]
      .every((td) => td.textContent === '第 1 关 西安'));
    assert.ok(await page.locator('#quiz-table tbody tr').count() >= 10);
    await page.screenshot({ path: join(OUT, 'quiz.png'), fullPage: true });

    await page.selectOption('#edit-checkpoint', '1');
    await page.fill('#edit-text', '大雁塔位于哪座城市？');
    for (const [k, v] of [['a', '咸阳'], ['b', '西安'], ['c', '宝鸡'], ['d', '汉中']]) await page.fill(`#edit-${k}`, v);
    await page.selectOption('#edit-answer', '1');
    await page.click('#save');
    const row = page.locator('#quiz-table tbody tr', { hasText: '大雁塔位于哪座城市？' });
    await row.waitFor();
    assert.equal(await row.locator('td.answer').textContent(), 'B');
    const id = await row.getAttribute('data-id');

    await row.locator('button.edit').click();
    await page.fill('#edit-text', '大雁塔位于陕西哪座城市？');
    await page.click('#save');
    const edited = page.locator(`#quiz-table tbody tr[data-id="${id}"]`);
    await page.waitForFunction((qid) => document.querySelector(`tr[data-id="${qid}"] .question-text`)?.textContent === '大雁塔位于陕西哪座城市？', id);
    await edited.locator('button.retire').click();
    await page.waitForFunction((qid) => !document.querySelector(`tr[data-id="${qid}"]`), id);
    assert.equal(stack.sql(`SELECT retired_at IS NOT NULL FROM quiz_questions WHERE id = ${id};`).trim(), '1');
    const audited = stack.sql("SELECT group_concat(action) FROM (SELECT action FROM audit_log WHERE action LIKE 'quiz.%' ORDER BY id);").trim();
    assert.equal(audited, 'quiz.add,quiz.edit,quiz.retire');
    assert.deepEqual(problems, []);
  });
});
