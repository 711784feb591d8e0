// Teams: GET /admin/api/teams with the form's filter, one team with its
// members, and the corrections (move, leader, name, dissolve), each with a
// reason asked in a dialog; the flagged names in their own list.
import { api, el, fmt, query, showError, startPage } from './common.js';

const PAGE = 50;
const form = document.getElementById('filters');
const error = document.getElementById('error');
const dialog = document.getElementById('reason-dialog');
let offset = 0;
let current = null;   // the team shown in the panel

function filter() {
  return { q: form.q.value.trim(), union: form.union.value, flagged: form.flagged.checked ? '1' : '' };
}

function stateCell(t) {
  if (t.dissolved_at) return el('td', {}, el('span', { class: 'badge', text: '已解散' }));
  if (t.name_flagged) return el('td', {}, el('span', { class: 'badge', text: '队名待审' }));
  return el('td', {}, el('span', { class: 'badge ok', text: '正常' }));
}

function teamRow(t) {
  return el('tr', { dataset: { team: t.id } },
    el('td', { class: 'num', text: t.id }),
    el('td', { text: t.name }),
    el('td', { text: t.leader_name || '—' }),
    el('td', { text: t.union || '—' }),
    el('td', { class: 'num', text: `${t.member_count} / ${t.size}` }),
    stateCell(t),
    el('td', {}, el('button', { type: 'button', class: 'secondary', text: '查看', onclick: () => showTeam(t.id) })));
}

function emptyRow(colspan, text) {
  return el('tr', {}, el('td', { class: 'empty', colspan, text }));
}

async function load() {
  error.textContent = '';
  const f = filter();
  history.replaceState(null, '', `teams.html${query(f)}`);
  try {
    const page = await api(`teams${query({ ...f, offset, limit: PAGE })}`);
    document.querySelector('#teams-table tbody').replaceChildren(
      ...(page.items.length ? page.items.map(teamRow) : [emptyRow(7, '没有符合条件的团队')]));
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    document.getElementById('page-info').textContent =
      `共 ${fmt.int(page.total)} 个团队，第 ${Math.floor(offset / PAGE) + 1} / ${pages} 页`;
    document.getElementById('prev').disabled = offset === 0;
    document.getElementById('next').disabled = offset + PAGE >= page.total;
    await loadFlagged();
    document.body.dataset.ready = '1';   // the browser tests wait for this
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function loadFlagged() {
  const page = await api(`teams${query({ flagged: '1', limit: 200 })}`);
  document.querySelector('#flagged-table tbody').replaceChildren(...(page.items.length
    ? page.items.map((t) => el('tr', { dataset: { team: t.id } },
      el('td', { class: 'num', text: t.id }),
      el('td', { text: t.name }),
      el('td', { text: t.leader_name || '—' }),
      el('td', { text: t.union || '—' }),
      el('td', {}, el('button', { type: 'button', class: 'secondary', text: '改名',
        onclick: async () => { await showTeam(t.id); renameTeam(); } }))))
    : [emptyRow(5, '没有待审的队名')]));
}

async function showTeam(id) {
  error.textContent = '';
  try {
    current = await api(`teams/${id}`);
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  const t = current;
  document.getElementById('team-panel').hidden = false;
  document.getElementById('team-title').textContent = `${t.name}（编号 ${t.id}）`;
  document.getElementById('team-meta').textContent =
    `团长 ${t.leader_name || '—'} · 工会 ${t.union || '—'} · ${t.member_count} / ${t.size} 人` +
    (t.dissolved_at ? ` · 已于 ${fmt.time(t.dissolved_at)} 解散` : '') + (t.name_flagged ? ' · 队名待审' : '');
  document.querySelector('#members-table tbody').replaceChildren(...(t.members.length
    ? t.members.map((m) => el('tr', { dataset: { user: m.user_id } },
      el('td', { class: 'num', text: m.user_id }),
      el('td', { text: m.name }),
      el('td', {}, el('span', { class: m.is_leader ? 'badge ok' : 'badge', text: m.is_leader ? '团长' : '团员' })),
      el('td', { text: fmt.time(m.joined_at) }),
      el('td', {},
        el('button', { type: 'button', class: 'secondary move', text: '调到其他团队', onclick: () => moveMember(m) }),
        m.is_leader ? null
          : el('button', { type: 'button', class: 'secondary lead', text: '设为团长', onclick: () => handOver(m) }))))
    : [emptyRow(5, '团队中没有成员')]));
  document.getElementById('dissolve').disabled = Boolean(t.dissolved_at) || t.member_count > 0;
}

// Opens the reason dialog; resolves to {reason, target, name} or null (cancelled).
function ask({ title, text, target = false, name = false }) {
  document.getElementById('dialog-title').textContent = title;
  document.getElementById('dialog-text').textContent = text;
  document.getElementById('target-label').hidden = !target;
  document.getElementById('name-label').hidden = !name;
  for (const id of ['dialog-target', 'dialog-name', 'dialog-reason']) document.getElementById(id).value = '';
  document.getElementById('dialog-error').textContent = '';
  dialog.showModal();
  return new Promise((resolve) => {
    const done = (value) => {
      dialog.removeEventListener('close', onClose);
      resolve(value);
    };
    const onClose = () => done(dialog.returnValue === 'ok' ? {
      reason: document.getElementById('dialog-reason').value.trim(),
      target: Number(document.getElementById('dialog-target').value),
      name: document.getElementById('dialog-name').value.trim(),
    } : null);
    dialog.returnValue = '';
    dialog.addEventListener('close', onClose);
  });
}

// Asks, sends, and shows the team again; an error is shown in the page.
async function correct(question, send) {
  const answer = await ask(question);
  if (!answer) return;
  try {
    await send(answer);
    await showTeam(current.id);
    await load();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

function moveMember(m) {
  return correct({ title: `调整 ${m.name} 的团队`, text: '从次日起计入新团队；当天仍计入原团队。', target: true },
    ({ reason, target }) => api(`teams/${current.id}/move`, { method: 'POST',
      body: { user_id: m.user_id, to_team: target, reason } }));
}

function handOver(m) {
  return correct({ title: `将团长移交给 ${m.name}`, text: '新团长此后可设置目标、邀请成员、发布公告。' },
    ({ reason }) => api(`teams/${current.id}/leader`, { method: 'POST', body: { user_id: m.user_id, reason } }));
}

function renameTeam() {
  return correct({ title: `修改队名：${current.name}`, text: '新队名同样经过微信内容安全检查。', name: true },
    ({ reason, name }) => api(`teams/${current.id}/name`, { method: 'PUT', body: { name, reason } }));
}

function dissolveTeam() {
  return correct({ title: `解散团队：${current.name}`, text: '只能解散没有成员的团队；历史成绩保留，不再出现在排行榜。' },
    ({ reason }) => api(`teams/${current.id}/dissolve`, { method: 'POST', body: { reason } }));
}

async function fillUnions(session) {
  const unions = await fetch('/api/unions').then((r) => r.json());
  if (session.role === 'union') {
    form.union.replaceChildren(el('option', { value: session.union, text: session.union_name }));
    form.union.disabled = true;
  } else {
    form.union.append(...unions.map((u) => el('option', { value: u.code, text: u.name })));
  }
}

async function main() {
  let session;
  try {
    session = await startPage('teams.html');
    await fillUnions(session);
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  const params = new URLSearchParams(location.search);
  form.q.value = params.get('q') || '';
  form.flagged.checked = params.get('flagged') === '1';
  if (session.role === 'province') form.union.value = params.get('union') || '';
  form.addEventListener('submit', (event) => { event.preventDefault(); offset = 0; load(); });
  document.getElementById('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  document.getElementById('next').addEventListener('click', () => { offset += PAGE; load(); });
  document.getElementById('rename').addEventListener('click', renameTeam);
  document.getElementById('dissolve').addEventListener('click', dissolveTeam);
  document.getElementById('dialog-cancel').addEventListener('click', () => dialog.close(''));
  load();
}

main();
