// Shipping: GET /admin/api/shipping by state and union (the admin's scope);
// courier and tracking number one by one (PUT …/awards/{id}/shipment) or by a
// CSV import, checked line by line (nothing recorded while a line is wrong).
import { api, apiUpload, el, fmt, query, showError, startPage, withActivity } from './common.js';

const error = document.getElementById('error');
const STATES = { address_needed: '待填地址', address_given: '待寄出', shipped: '已寄出' };

function filter() {
  return { state: document.getElementById('state').value, union: document.getElementById('union').value };
}

function shipCell(a) {
  if (a.state !== 'address_given') return el('td', {});
  const courier = el('input', { class: 'courier', placeholder: '快递公司', maxlength: 32 });
  const tracking = el('input', { class: 'tracking', placeholder: '快递单号', maxlength: 40 });
  const save = el('button', { type: 'button', class: 'ship', text: '记录', onclick: async () => {
    error.textContent = '';
    try {
      await api(`awards/${a.id}/shipment`, { method: 'PUT', body: { courier: courier.value.trim(), tracking: tracking.value.trim() } });
      load();
    } catch (e) {
      if (e.status !== 401) showError(error, e);
    }
  } });
  return el('td', {}, courier, tracking, save);
}

function row(a) {
  const state = a.overdue ? el('span', { class: 'badge', text: '已超期' })
    : el('span', { class: a.state === 'shipped' ? 'badge ok' : 'badge', text: STATES[a.state] });
  return el('tr', { dataset: { award: a.id } },
    el('td', { class: 'num', text: a.id }),
    el('td', { text: a.kind === 'grand' ? a.prize : `${a.team.name} 第${a.team.rank}名 ${a.prize}` }),
    el('td', { text: a.name }),
    el('td', { text: a.union_name }),
    el('td', {}, state),
    el('td', { text: a.address ? a.address.recipient : '—' }),
    el('td', { text: a.address ? a.address.mobile : '—' }),
    el('td', { text: a.address ? `${a.address.division_name} ${a.address.detail}` : '—' }),
    el('td', { text: a.due_by || '—' }),
    el('td', { text: a.courier ? `${a.courier} ${a.tracking}` : '—' }),
    shipCell(a));
}

async function load() {
  error.textContent = '';
  const f = filter();
  document.getElementById('export').href = `/admin/api/${withActivity(`shipping.csv${query(f)}`)}`;
  try {
    const page = await api(`shipping${query({ ...f, limit: 200 })}`);
    document.querySelector('#shipping-table tbody').replaceChildren(...(page.items.length ? page.items.map(row)
      : [el('tr', {}, el('td', { class: 'empty', colspan: 11, text: '没有符合条件的奖项' }))]));
    document.getElementById('page-info').textContent = `共 ${fmt.int(page.total)} 件，其中超期 ${fmt.int(page.overdue)} 件`;
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function importFile() {
  error.textContent = '';
  const result = document.getElementById('import-result');
  result.textContent = '';
  const file = document.getElementById('import-file').files[0];
  if (!file) {
    error.textContent = '请选择要导入的 CSV 文件';
    return;
  }
  try {
    const answer = await apiUpload('shipping/import', await file.text());
    result.textContent = `已记录 ${answer.recorded} 件的快递信息`;
    load();
  } catch (e) {
    if (e.status === 401) return;
    showError(error, e);
    result.textContent = (e.lines || []).map((l) => `第${l.line}行：${l.message}`).join('；');
  }
}

async function main() {
  let session;
  try {
    session = await startPage('shipping.html');
    const select = document.getElementById('union');
    if (session.role === 'union') {
      // A union admin sees their own union only: the choice is fixed.
      select.replaceChildren(el('option', { value: session.union, text: session.union_name }));
      select.disabled = true;
    } else {
      const unions = await fetch('/api/unions').then((r) => r.json());
      select.append(...unions.map((u) => el('option', { value: u.code, text: u.name })));
    }
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  document.getElementById('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    load();
  });
  document.getElementById('import').addEventListener('click', importFile);
  load();
}

main();
