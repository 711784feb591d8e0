// Participants: GET /admin/api/participants with the form's filter, paged;
// the export link carries the same filter to participants.csv.
import { api, el, fmt, query, showError, startPage, withActivity } from './common.js';
import { showPerson } from './participant_ledger.js';

const PAGE = 50;
const form = document.getElementById('filters');
const error = document.getElementById('error');
let offset = 0;

function filter() {
  return {
    q: form.q.value.trim(),
    union: form.union.value,
    region: form.region.value,
    team: form.team.value,
  };
}

function teamCell(p) {
  if (!p.team) return el('td', { text: '—' });
  return el('td', {}, p.team.name, ' ', el('span', { class: p.team.leader ? 'badge ok' : 'badge',
    text: p.team.leader ? '团长' : '团员' }));
}

function row(p) {
  return el('tr', { dataset: { user: p.user_id } },
    el('td', { class: 'num', text: p.user_id }),
    el('td', {}, p.name, p.disqualified ? [' ', el('span', { class: 'badge disqualified', text: '已取消资格' })] : []),
    el('td', { text: p.mobile }),
    el('td', { text: p.region_name }),
    el('td', { text: p.union_name }),
    el('td', { text: p.unit }),
    el('td', { text: p.department || '—' }),
    teamCell(p),
    el('td', { text: fmt.time(p.enrolled_at) }),
    el('td', { class: 'num', text: p.cumulative === null ? '—' : fmt.int(p.cumulative) }),
    el('td', {}, el('button', { type: 'button', class: 'secondary points', text: '积分明细',
      onclick: () => showPerson(p) })));
}

async function load() {
  error.textContent = '';
  const f = filter();
  document.getElementById('export').href = `/admin/api/${withActivity(`participants.csv${query(f)}`)}`;
  history.replaceState(null, '', `participants.html${query(f)}`);
  try {
    const page = await api(`participants${query({ ...f, offset, limit: PAGE })}`);
    const body = document.querySelector('#participants-table tbody');
    body.replaceChildren(...(page.items.length
      ? page.items.map(row)
      : [el('tr', {}, el('td', { class: 'empty', colspan: 11, text: '没有符合条件的参与者' }))]));
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    document.getElementById('page-info').textContent =
      `共 ${fmt.int(page.total)} 人，第 ${Math.floor(offset / PAGE) + 1} / ${pages} 页`;
    document.getElementById('prev').disabled = offset === 0;
    document.getElementById('next').disabled = offset + PAGE >= page.total;
    document.body.dataset.ready = '1';   // the browser tests wait for this
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function fillSelects(session) {
  const [unions, regions] = await Promise.all([
    fetch('/api/unions').then((r) => r.json()),
    fetch('/api/regions').then((r) => r.json()),
  ]);
  if (session.role === 'union') {
    // A union admin sees their own union only: the choice is fixed.
    form.union.replaceChildren(el('option', { value: session.union, text: session.union_name }));
    form.union.disabled = true;
  } else {
    form.union.append(...unions.map((u) => el('option', { value: u.code, text: u.name })));
  }
  form.region.append(...regions.map((r) => el('option', { value: r.code, text: r.name })));
}

async function main() {
  try {
    const session = await startPage('participants.html');
    await fillSelects(session);
    const params = new URLSearchParams(location.search);
    for (const name of ['q', 'region', 'team']) form[name].value = params.get(name) || '';
    if (session.role === 'province') form.union.value = params.get('union') || '';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    load();
  });
  document.getElementById('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); load(); });
  document.getElementById('next').addEventListener('click', () => { offset += PAGE; load(); });
  load();
}

main();
