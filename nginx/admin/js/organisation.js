// The organisation award (优秀组织奖): GET /admin/api/award/organisation, the
// 23 unions in rank order, printable on A4 (css/admin.css @media print).
import { api, el, fmt, showError, startPage, withActivity } from './common.js';

async function main() {
  const error = document.getElementById('error');
  try {
    await startPage('organisation.html');
    const award = await api('award/organisation');
    const a = award.activity;
    document.getElementById('award-title').textContent = `${a.name} · 优秀组织奖评选`;
    document.getElementById('award-meta').textContent =
      `活动日 ${a.first_day} 至 ${a.last_day}，已过 ${award.days_over} 个活动日`;
    document.getElementById('computed-at').textContent = `数据计算于 ${fmt.time(award.computed_at)}`;
    document.getElementById('method').textContent = `评选方法：${award.method}`;
    document.getElementById('csv-link').href = `/admin/api/${withActivity('award/organisation.csv')}`;
    document.querySelector('#award-table tbody').replaceChildren(...award.unions.map((u) =>
      el('tr', { dataset: { union: u.code } },
        el('td', { class: 'num', text: u.rank }),
        el('td', { text: u.name }),
        el('td', { class: 'num', text: fmt.int(u.quota) }),
        el('td', { class: 'num', text: fmt.int(u.enrolled) }),
        el('td', { class: 'num', text: fmt.pct(u.completion) }),
        el('td', { class: 'num', text: fmt.pct(u.active_rate) }),
        el('td', { class: 'num', text: fmt.int(u.avg_steps) }),
        el('td', { class: 'num', text: fmt.int(u.teams) }),
        el('td', { class: 'num', text: fmt.int(u.compliant_teams) }),
        el('td', { class: 'num', text: fmt.int(u.badges) }))));
    document.getElementById('print').addEventListener('click', () => window.print());
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
