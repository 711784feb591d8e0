// The essay review queue: GET /admin/api/essays (scoped to the admin's
// union by the server), approve or reject with a reason.
import { api, el, fmt, query, showError, startPage } from './common.js';

const STATES = { review: '待审核', accepted: '已通过', rejected: '未通过' };
const form = document.getElementById('filters');
const error = document.getElementById('error');
const more = document.getElementById('more');
const tbody = document.querySelector('#essays-table tbody');
let before = null;
let unionNames = {};

function actions(essay, row) {
  if (essay.state !== 'review') return el('td', { text: essay.reason ? `原因：${essay.reason}` : '—' });
  const reason = el('input', { class: 'reason', placeholder: '不通过的原因', maxlength: 200 });
  const decide = async (verb) => {
    error.textContent = '';
    try {
      const body = verb === 'reject' ? { reason: reason.value.trim() } : undefined;
      const done = await api(`essays/${essay.id}/${verb}`, { method: 'POST', body });
      row.querySelector('.state').textContent = STATES[done.state];
      row.lastChild.replaceWith(el('td', { text: done.reason ? `原因：${done.reason}` : '已记 2 积分' }));
    } catch (e) {
      if (e.status !== 401) showError(error, e);
    }
  };
  return el('td', {},
    el('button', { type: 'button', class: 'approve', text: '通过', onclick: () => decide('approve') }), ' ',
    reason, ' ',
    el('button', { type: 'button', class: 'secondary reject', text: '不通过', onclick: () => decide('reject') }));
}

function row(essay) {
  const tr = el('tr', { dataset: { id: essay.id } },
    el('td', { class: 'num', text: essay.id }),
    el('td', { text: `第 ${essay.checkpoint} 关` }),
    el('td', { text: essay.writer }),
    el('td', { text: unionNames[essay.union] || essay.union }),
    el('td', { text: fmt.time(essay.created_at) }),
    el('td', { class: 'essay-text', text: essay.text }),
    el('td', { class: 'state', text: STATES[essay.state] }));
  tr.append(actions(essay, tr));
  return tr;
}

async function load(fresh) {
  error.textContent = '';
  if (fresh) {
    before = null;
    tbody.replaceChildren();
  }
  try {
    const page = await api(`essays${query({ state: form.state.value, union: form.union.value, before, limit: 50 })}`);
    tbody.append(...page.items.map(row));
    if (fresh && page.items.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: '没有感想' })));
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
    session = await startPage('essays.html');
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
