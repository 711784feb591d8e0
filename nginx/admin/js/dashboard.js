// The dashboard: GET /admin/api/unions/stats (per union in scope, the total,
// the organisation-award rank) and GET /admin/api/unions/{code}/daily.
import { api, el, fmt, showError, shortUnionName, startPage } from './common.js';

/* global echarts */
const RED = '#c8102e';

const STATE_NAMES = { upcoming: '未开始', test: '公测中', running: '进行中', ended: '已结束' };

function card(label, value, id) {
  return el('div', { class: 'card', id }, el('div', { class: 'label', text: label }),
    el('div', { class: 'value', text: value }));
}

function drawCards(stats) {
  const t = stats.total;
  document.getElementById('cards').replaceChildren(
    card('报名人数', fmt.int(t.enrolled), 'card-enrolled'),
    card('分配指标', fmt.int(t.quota), 'card-quota'),
    card('指标完成率', fmt.pct(t.completion), 'card-completion'),
    card('今日活跃', fmt.int(t.active_today), 'card-active-today'),
    card('昨日活跃', fmt.int(t.active_yesterday), 'card-active-yesterday'),
    card('日均活跃率', fmt.pct(t.active_rate), 'card-active-rate'),
    card('活跃者日均步数', fmt.int(t.avg_steps), 'card-avg-steps'),
    card('团队 / 达标', `${fmt.int(t.teams)} / ${fmt.int(t.compliant_teams)}`, 'card-teams'),
    card('奖章', fmt.int(t.badges), 'card-badges'),
    card(`今日红包（${fmt.int(stats.red_envelopes_today.draws)} 个）`, fmt.yuan(stats.red_envelopes_today.amount_fen),
      'card-spend-today'));
}

function drawTable(stats) {
  const rows = [...stats.unions].sort((a, b) => a.rank - b.rank);
  document.querySelector('#unions-table tbody').replaceChildren(...rows.map((u) =>
    el('tr', { dataset: { union: u.code } },
      el('td', { class: 'num', text: u.rank }),
      el('td', {}, el('a', { href: `participants.html?union=${encodeURIComponent(u.code)}`, text: u.name })),
      el('td', { class: 'num', text: fmt.int(u.quota) }),
      el('td', { class: 'num', text: fmt.int(u.enrolled) }),
      el('td', { class: 'num', text: fmt.pct(u.completion) }),
      el('td', { class: 'num', text: fmt.int(u.active_today) }),
      el('td', { class: 'num', text: fmt.int(u.active_yesterday) }),
      el('td', { class: 'num', text: fmt.pct(u.active_rate) }),
      el('td', { class: 'num', text: fmt.int(u.avg_steps) }),
      el('td', { class: 'num', text: fmt.int(u.teams) }),
      el('td', { class: 'num', text: fmt.int(u.compliant_teams) }),
      el('td', { class: 'num', text: fmt.int(u.badges) }))));
}

function drawCompletion(stats) {
  const chart = echarts.init(document.getElementById('completion-chart'));
  chart.setOption({
    grid: { left: 48, right: 16, top: 24, bottom: 88 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(2)}%` },
    xAxis: {
      type: 'category',
      data: stats.unions.map((u) => shortUnionName(u.name)),
      axisLabel: { rotate: 50, interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', name: '完成率 %', min: 0, max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10) },
    series: [{
      name: '指标完成率',
      type: 'bar',
      barMaxWidth: 40,
      data: stats.unions.map((u) => u.completion),
      itemStyle: { color: RED },
      markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#15803d' },
        data: [{ yAxis: 100, name: '指标' }] },
    }],
  });
  return chart;
}

function drawDaily(daily) {
  const points = daily.days.map((d) => [d.day, d.active]);
  if (daily.today.activity_day) points.push([daily.today.day, daily.today.active]);
  const chart = echarts.init(document.getElementById('daily-chart'));
  chart.setOption({
    grid: { left: 56, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p[0].slice(5)) },
    yAxis: { type: 'value', name: '人数', minInterval: 1 },
    series: [{ name: '活跃人数', type: 'line', smooth: true, data: points.map((p) => p[1]),
      itemStyle: { color: RED }, areaStyle: { color: 'rgba(200,16,46,.12)' } }],
    graphic: points.length ? [] : [{ type: 'text', left: 'center', top: 'middle',
      style: { text: '活动尚未开始，暂无每日数据', fill: '#6b7280', fontSize: 14 } }],
  });
  return chart;
}

async function main() {
  const error = document.getElementById('error');
  try {
    const session = await startPage('index.html');
    const scope = session.role === 'province' ? 'sx' : session.union;
    const [stats, daily] = await Promise.all([
      api('unions/stats'),
      api(`unions/${encodeURIComponent(scope)}/daily`),
    ]);
    const a = stats.activity;
    document.getElementById('activity-name').textContent =
      session.role === 'province' ? `${a.name} · 全省数据总览` : `${a.name} · ${session.union_name}`;
    document.getElementById('activity-meta').textContent =
      `${STATE_NAMES[a.state] || a.state}，活动日 ${a.first_day} 至 ${a.last_day}；今天 ${stats.today}，`
      + `已过 ${stats.days_over} 个活动日；团队达标截至 ${stats.settled_day || '（尚未结算）'}`;
    document.getElementById('computed-at').textContent = `数据计算于 ${fmt.time(stats.computed_at)}`;
    document.getElementById('daily-title').textContent =
      `每日活跃人数（${session.role === 'province' ? '全省' : session.union_name}）`;
    drawCards(stats);
    drawTable(stats);
    const charts = [drawCompletion(stats), drawDaily(daily)];
    window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
    document.body.dataset.ready = '1';   // the browser tests wait for this
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
