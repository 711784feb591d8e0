// Red envelopes: GET /admin/api/payouts (the pool for province admins, payouts
// by state, stuck and failed ones), PUT /admin/api/pool, POST /admin/api/payouts/resume,
// and the CSV export of every payout.
import { api, el, fmt, showError, startPage, withActivity } from './common.js';

const STATES = { paying: '发放中', wait_confirm: '待用户确认', paid: '已到账', failed: '失败', expired: '已过期' };
const error = document.getElementById('error');
const yuan = (fen) => (Number(fen) / 100).toFixed(2);

function payoutRow(p, when) {
  return el('tr', {},
    el('td', { text: p.out_bill_no }),
    el('td', { text: yuan(p.amount_fen) }),
    el('td', { text: STATES[p.state] || p.state }),
    el('td', { text: p.state === 'failed' || p.state === 'expired' ? (p.fail_code || p.wx_state || '—') : (p.wx_state || '—') }),
    el('td', { text: fmt.int(p.tries) }),
    el('td', { text: fmt.time(when === 'updated' ? p.updated_at : p.created_at) }));
}

function drawPool(pool) {
  const panel = document.getElementById('pool-panel');
  if (!pool) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const body = document.querySelector('#pool-table tbody');
  body.replaceChildren(...pool.tiers.map((t) => el('tr', {},
    el('td', { text: yuan(t.amount_fen) }),
    el('td', { text: fmt.int(t.count) }),
    el('td', { text: fmt.int(t.drawn) }),
    el('td', { text: fmt.int(t.left) }),
    el('td', {}, el('input', { type: 'number', min: String(t.drawn), step: '1', value: String(t.count),
      dataset: { fen: String(t.amount_fen) }, 'aria-label': `${yuan(t.amount_fen)}元的数量` })))));
  document.getElementById('budget').textContent =
    `总预算 ${yuan(pool.budget_fen)} 元，已抽出 ${yuan(pool.drawn_fen)} 元，剩余 ${yuan(pool.budget_fen - pool.drawn_fen)} 元`;
  document.getElementById('daily-release').value = String(pool.daily_release);
}

async function load() {
  const data = await api('payouts');
  drawPool(data.pool);
  const paused = document.getElementById('paused');
  paused.hidden = !data.paused;
  if (data.paused) {
    document.getElementById('paused-text').textContent =
      `微信支付商户余额不足（NOT_ENOUGH），自 ${fmt.time(data.paused.since)} 起暂停；充值后恢复，原单号重新发放。`;
  }
  document.getElementById('today').textContent =
    `今日抽出 ${fmt.int(data.drawn_today)} 个；公测期间的模拟发放 ${fmt.int(data.test_mode)} 笔（未经微信支付）`;
  document.querySelector('#state-table tbody').replaceChildren(...Object.entries(STATES).map(([key, label]) =>
    el('tr', { dataset: { state: key } },
      el('td', { text: label }),
      el('td', { text: fmt.int(data.by_state[key].count) }),
      el('td', { text: yuan(data.by_state[key].fen) }))));
  document.querySelector('#stuck-table tbody').replaceChildren(...data.stuck.map((p) => payoutRow(p, 'created')));
  document.querySelector('#failed-table tbody').replaceChildren(...data.failures.map((p) => payoutRow(p, 'updated')));
  document.body.dataset.ready = '1';
}

async function savePool() {
  const tiers = {};
  for (const input of document.querySelectorAll('#pool-table input')) tiers[input.dataset.fen] = Number(input.value);
  const dailyRelease = Number(document.getElementById('daily-release').value);
  const saved = document.getElementById('pool-saved');
  try {
    error.textContent = '';
    await api('pool', { method: 'PUT', body: { tiers, daily_release: dailyRelease } });
    await load();
    saved.textContent = '已保存';
  } catch (e) {
    saved.textContent = '';
    showError(error, e);
  }
}

async function resume() {
  try {
    await api('payouts/resume', { method: 'POST' });
    await load();
  } catch (e) {
    showError(error, e);
  }
}

async function main() {
  try {
    await startPage('payouts.html');
    document.getElementById('export').href = `/admin/api/${withActivity('payouts.csv')}`;
    document.getElementById('save-pool').addEventListener('click', savePool);
    document.getElementById('resume').addEventListener('click', resume);
    await load();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
