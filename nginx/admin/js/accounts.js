// Admin accounts (province admins: list, add a union admin, disable, enable,
// reset a password) and every admin's own password (POST /admin/api/password).
// A password the server makes is shown once, here, and never again.
import { api, el, showError, startPage } from './common.js';

const error = document.getElementById('error');
let me = null;

function showOnce(username, password) {
  document.getElementById('shown-password').textContent = password;
  document.getElementById('shown-for').textContent = `（${username}）`;
  document.getElementById('shown-once').hidden = false;
}

async function act(path, body) {
  error.textContent = '';
  try {
    const answer = await api(path, { method: 'POST', body });
    if (answer.password) showOnce(answer.admin.username, answer.password);
    await list();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

function actions(a) {
  if (a.username === me.username) return el('span', { class: 'hint', text: '（本人）' });
  return el('span', {},
    el('button', { class: 'secondary', dataset: { action: a.disabled ? 'enable' : 'disable' },
      text: a.disabled ? '启用' : '停用',
      onclick: () => act(`admins/${a.id}/${a.disabled ? 'enable' : 'disable'}`) }),
    ' ',
    el('button', { class: 'secondary', dataset: { action: 'reset' }, text: '重置密码',
      onclick: () => act(`admins/${a.id}/password`, {}) }));
}

async function list() {
  const data = await api('admins');
  document.querySelector('#accounts-table tbody').replaceChildren(...data.items.map((a) =>
    el('tr', { dataset: { username: a.username } },
      el('td', { text: a.username }),
      el('td', { text: a.role === 'province' ? '省总工会' : '工会' }),
      el('td', { text: a.union || '—' }),
      el('td', {}, el('span', { class: a.disabled ? 'badge' : 'badge ok', text: a.disabled ? '已停用' : '正常' })),
      el('td', {}, actions(a)))));
}

async function unions() {
  const response = await fetch('/api/unions');
  const list = response.ok ? await response.json() : [];
  document.getElementById('add-union').replaceChildren(...list.map((u) => el('option', { value: u.code, text: u.name })));
}

async function main() {
  try {
    me = await startPage('accounts.html');
    if (me.role === 'province') {
      document.getElementById('accounts-panel').hidden = false;
      await Promise.all([list(), unions()]);
      document.getElementById('add-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        const password = document.getElementById('add-password').value;
        act('admins', { username: document.getElementById('add-username').value.trim(),
          union: document.getElementById('add-union').value, password: password || null });
      });
    }
    document.getElementById('password-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.textContent = '';
      const done = document.getElementById('password-changed');
      done.textContent = '';
      try {
        await api('password', { method: 'POST', body: {
          current: document.getElementById('current-password').value,
          new: document.getElementById('new-password').value } });
        done.textContent = '密码已修改，其他登录已退出';
        ev.target.reset();
      } catch (e) {
        if (e.status !== 401) showError(error, e);
      }
    });
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
