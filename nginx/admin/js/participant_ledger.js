// One participant's points (participants.html): their ledger with each row's
// origin (GET /admin/api/participants/{uid}/ledger) and a points adjustment
// with its reason (POST …/adjust), shown in the page's person panel.
import { api, el, fmt, showError } from './common.js';

const KIND = {
  checkin: '签到', steps: '步数', personal_target: '个人达标', team_target: '团队达标',
  essay: '感想', leader_full_team: '团长满员奖励', redeem: '兑换红包', adjust: '管理员调整',
};

// What caused the row, in words.
export function originText(row) {
  const o = row.origin || {};
  switch (o.type) {
    case 'day': return `${o.day} 的${KIND[row.kind] || row.kind}`;
    case 'checkpoint': return `第 ${o.no} 关的感想`;
    case 'team': return `团队「${o.name || '（已不存在）'}」（编号 ${o.id}）满员`;
    case 'draw': return `红包抽奖 #${o.id}`;
    case 'audit': return `${o.admin || '—'} 于 ${fmt.time(o.at)} 调整（审计 #${o.id}）：${o.reason || ''}`;
    default: return row.ref;
  }
}

const panel = document.getElementById('person-panel');
const error = document.getElementById('person-error');
const adjust = document.getElementById('adjust-form');
let person = null;

async function load() {
  error.textContent = '';
  try {
    const ledger = await api(`participants/${person.user_id}/ledger?limit=200`);
    document.getElementById('person-balance').textContent = `积分余额 ${fmt.int(ledger.balance)}`;
    document.querySelector('#ledger-table tbody').replaceChildren(...(ledger.items.length
      ? ledger.items.map((r) => el('tr', { dataset: { kind: r.kind } },
        el('td', { text: fmt.time(r.at) }),
        el('td', { text: KIND[r.kind] || r.kind }),
        el('td', { class: 'num', text: r.amount > 0 ? `+${r.amount}` : r.amount }),
        el('td', { class: 'origin', text: originText(r) })))
      : [el('tr', {}, el('td', { class: 'empty', colspan: 4, text: '还没有积分记录' }))]));
    panel.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

// Shows participant p (a row of GET /admin/api/participants) in the panel.
export function showPerson(p) {
  person = p;
  panel.hidden = false;
  delete panel.dataset.ready;
  document.getElementById('person-title').textContent = `${p.name}（用户ID ${p.user_id}）的积分`;
  load();
  panel.scrollIntoView();
}

adjust.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    await api(`participants/${person.user_id}/adjust`, { method: 'POST',
      body: { points: Number(adjust.points.value), reason: adjust.reason.value.trim() } });
    adjust.reset();
    await load();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
});
