// Fair play (RULES §14): GET /admin/api/flags (scoped to the admin's union by
// the server) with each flag's evidence; clear a flag, disqualify or
// requalify its participant, each with a reason asked in a dialog.
import { api, el, fmt, query, showError, startPage } from './common.js';

const KINDS = {
  cap_often: '经常达到上限',
  same_counts: '多日步数相同',
  team_same_counts: '队友步数雷同',
  bad_payloads: '多次无效数据',
  multi_mobile: '多手机号/多账号',
};
const STATES = { open: '待核查', cleared: '已清除' };
const form = document.getElementById('filters');
const error = document.getElementById('error');
const more = document.getElementById('more');
const tbody = document.querySelector('#flags-table tbody');
const dialog = document.getElementById('reason-dialog');
let before = null;
let unionNames = {};

// One line a person can read, from the evidence the pass wrote.
function summary(kind, e) {
  switch (kind) {
    case 'cap_often':
      return `近 ${e.window_days} 个结算日（${e.window_from} 至 ${e.window_to}）中 ${e.capped_days.length} 天达到上限 ${fmt.int(e.cap)} 步；`
        + `日均 ${fmt.int(e.mean)} 步，所在工会日均 ${fmt.int(e.union_mean)} 步`;
    case 'same_counts':
      return e.counts.map((c) => `${fmt.int(c.steps)} 步 × ${c.days.length} 天（${c.days.join('、')}）`).join('；');
    case 'team_same_counts':
      return `${e.days.length} 天与队友步数相同：`
        + e.days.map((d) => `${d.day} ${fmt.int(d.steps)} 步（${d.members.length} 人）`).join('；');
    case 'bad_payloads':
      return `${e.refusals} 次无法解密或已过期的微信运动数据，最近一次：${e.last_reason}（${fmt.time(e.last_at)}）`;
    case 'multi_mobile':
      return `报名用过的手机号：${e.mobiles.join('、')}；`
        + (e.shared.length ? e.shared.map((m) => `${m.mobile} 共 ${m.accounts} 个账号使用`).join('；') : '没有其他账号使用这些手机号');
    default:
      return '';
  }
}

// Asks for a reason in the dialog, then calls path with it; resolves true
// when done, false when cancelled.
function withReason(title, who, path) {
  const text = document.getElementById('reason-text');
  const problem = document.getElementById('reason-error');
  document.getElementById('reason-title').textContent = title;
  document.getElementById('reason-who').textContent = who;
  text.value = '';
  problem.textContent = '';
  dialog.showModal();
  return new Promise((done) => {
    const confirm = async (event) => {
      event.preventDefault();
      try {
        await api(path, { method: 'POST', body: { reason: text.value.trim() } });
        finish(true);
      } catch (e) {
        if (e.status !== 401) showError(problem, e);
      }
    };
    const cancel = () => finish(false);
    const form = document.getElementById('reason-form');
    const cancelButton = document.getElementById('reason-cancel');
    function finish(ok) {
      form.removeEventListener('submit', confirm);
      cancelButton.removeEventListener('click', cancel);
      dialog.close();
      done(ok);
    }
    form.addEventListener('submit', confirm);
    cancelButton.addEventListener('click', cancel);
  });
}

function actions(flag) {
  const who = `${flag.name}（编号 ${flag.user_id}）`;
  const act = async (title, path) => {
    error.textContent = '';
    if (await withReason(title, who, path)) load(true);
  };
  const buttons = [];
  if (flag.state === 'open')
    buttons.push(el('button', { type: 'button', class: 'clear', text: '清除标记',
      onclick: () => act('清除标记', `flags/${flag.id}/clear`) }), ' ');
  if (flag.disqualified)
    buttons.push(el('button', { type: 'button', class: 'secondary requalify', text: '恢复资格',
      onclick: () => act('恢复参赛资格', `participants/${flag.user_id}/requalify`) }));
  else
    buttons.push(el('button', { type: 'button', class: 'danger disqualify', text: '取消资格',
      onclick: () => act('取消参赛资格', `participants/${flag.user_id}/disqualify`) }));
  return el('td', {}, buttons);
}

function row(flag) {
  const evidence = el('td', { class: 'evidence' },
    el('div', { text: summary(flag.kind, flag.evidence) }),
    el('details', {}, el('summary', { text: '原始数据' }), el('pre', { text: JSON.stringify(flag.evidence, null, 1) })));
  const state = flag.state === 'cleared'
    ? `${STATES.cleared}：${flag.clear_reason}（${flag.cleared_by}，${fmt.time(flag.cleared_at)}）`
    : STATES.open;
  return el('tr', { dataset: { id: flag.id, user: flag.user_id } },
    el('td', { class: 'num', text: flag.id }),
    el('td', { text: `${flag.name}（${flag.user_id}）` }),
    el('td', { text: unionNames[flag.union] || flag.union }),
    el('td', { class: 'kind', text: KINDS[flag.kind] || flag.kind }),
    evidence,
    el('td', { text: fmt.time(flag.raised_at) }),
    el('td', { class: 'state', text: state }),
    el('td', { class: 'standing', text: flag.disqualified ? '已取消' : '正常' }),
    actions(flag));
}

async function load(fresh) {
  error.textContent = '';
  if (fresh) before = null;
  try {
    const page = await api(`flags${query({
      kind: form.kind.value, state: form.state.value, union: form.union.value, before, limit: 50,
    })}`);
    if (fresh) tbody.replaceChildren();
    tbody.append(...page.items.map(row));
    if (fresh && page.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 9, class: 'empty', text: '没有标记' })));
    before = page.next_before;
    more.hidden = before === null;
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  let session;
  try {
    session = await startPage('flags.html');
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  const unions = await fetch('/api/unions').then((r) => r.json());
  unionNames = Object.fromEntries(unions.map((u) => [u.code, u.name]));
  if (session.role === 'province') form.union.append(...unions.map((u) => el('option', { value: u.code, text: u.name })));
  else document.getElementById('union-filter').hidden = true;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(true);
  });
  more.addEventListener('click', () => load(false));
  load(true);
}

main();
