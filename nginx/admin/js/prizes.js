// The grand-prize draw: GET /admin/api/prizes; a province admin adds prizes,
// then commits, draws and reveals, each once (the server refuses a second time).
import { api, el, fmt, query, showError, startPage, pickedActivity } from './common.js';

const error = document.getElementById('error');
const STATES = { committed: '已封存名单', drawn: '已抽奖，种子未公布', revealed: '种子已公布' };
let aid = null;

function show(data) {
  document.querySelector('#prizes-table tbody').replaceChildren(...data.prizes.map((p, i) => el('tr', {},
    el('td', { class: 'num', text: i + 1 }), el('td', { text: p.name }),
    el('td', { class: 'num', text: fmt.int(p.quantity) }), el('td', { class: 'num', text: fmt.int(p.won) }))));
  const d = data.draw;
  document.getElementById('state').textContent = d ? STATES[d.state] : '未封存';
  document.getElementById('commitment').textContent = d ? d.commitment : '—';
  document.getElementById('entries-sha').textContent = d ? d.entries_sha256 : '—';
  document.getElementById('entries').textContent = d ? fmt.int(d.entries) : '—';
  document.getElementById('seed').textContent = d && d.seed ? d.seed : '—';
  document.querySelector('#winners-table tbody').replaceChildren(...(d && d.winners ? d.winners : []).map((w) =>
    el('tr', {}, el('td', { text: w.prize }), el('td', { class: 'num', text: w.entry_no }),
      el('td', { text: w.name }), el('td', { text: w.union }))));
  document.getElementById('add').disabled = !!d;
  document.getElementById('commit').disabled = !!d;
  document.getElementById('draw').disabled = !d || d.state !== 'committed';
  document.getElementById('reveal').disabled = !d || d.state !== 'drawn';
  document.body.dataset.ready = '1';
}

async function run(path, options) {
  error.textContent = '';
  try {
    show(await api(`${path}${query({ aid })}`, options));
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  let session;
  try {
    session = await startPage('prizes.html');
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  if (session.role !== 'province') {
    for (const id of ['add-prize', 'commit', 'draw', 'reveal']) document.getElementById(id).hidden = true;
  }
  document.getElementById('add-prize').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run('prizes', { method: 'POST', body: {
      name: document.getElementById('prize-name').value.trim(),
      quantity: Number(document.getElementById('prize-quantity').value) } });
  });
  document.getElementById('commit').addEventListener('click', () => run('prizes/commit', { method: 'POST' }));
  document.getElementById('draw').addEventListener('click', () => run('prizes/draw', { method: 'POST' }));
  document.getElementById('reveal').addEventListener('click', () => run('prizes/reveal', { method: 'POST' }));
  const picked = pickedActivity() || Number(document.getElementById('activity-picker')?.value);
  if (picked) document.getElementById('entries-link').href = `/api/activities/${picked}/prizes/entries.txt`;
  run('prizes');
}

main();
