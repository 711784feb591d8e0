// Themed walks: GET /admin/api/walks lists the admin's walks with their
// counts; the form creates one (POST) or edits the selected one (PUT: only
// the texts once it has begun); the detail shows its participation by unit
// and by day (chart), the CSV, and cancelling with a reason.
/* global echarts */
import { api, el, fmt, showError, startPage } from './common.js';

const error = document.getElementById('error');
const STATES = { upcoming: '未开始', running: '进行中', ended: '已结束', cancelled: '已取消' };
const RED = '#c8102e';
const $ = (id) => document.getElementById(id);
let session = null;
let unionNames = {};
let selected = null;   // the walk in the form and the detail
let chart = null;

function goalText(g) {
  return g.kind === 'total' ? `累计${fmt.int(g.steps)}步` : `${g.days}天每天${fmt.int(g.steps)}步以上`;
}

function scopeText(w) {
  const union = w.union ? (unionNames[w.union] || w.union) : '全省';
  return w.units.length ? `${union}：${w.units.join('、')}` : union;
}

function showList(data) {
  $('walks-table').querySelector('tbody').replaceChildren(...data.items.map((w) => el('tr', { dataset: { walk: w.id } },
    el('td', { text: w.name }), el('td', { text: scopeText(w) }),
    el('td', { text: `${w.first_day} 至 ${w.last_day}` }), el('td', { text: goalText(w.goal) }),
    el('td', { class: 'state', text: STATES[w.state] + (w.final ? '（已定榜）' : '') }),
    el('td', { class: 'num', text: fmt.int(w.counts.joined) }),
    el('td', { class: 'num', text: fmt.int(w.counts.active) }),
    el('td', { class: 'num', text: fmt.int(w.counts.finished) }),
    el('td', {}, el('button', { class: 'secondary open', text: '查看/修改', onclick: () => select(w.id) })))));
}

function fillForm(w) {
  $('form-title').textContent = w ? `修改：${w.name}` : '新建主题健步走';
  $('save').textContent = w ? '保存修改' : '创建';
  $('new').hidden = !w;
  $('walk-name').value = w ? w.name : '';
  $('walk-description').value = w ? w.description : '';
  if (session.role === 'province') $('walk-union').value = w ? (w.union || '') : '';
  $('walk-units').value = w ? w.units.join('\n') : '';
  $('walk-first').value = w ? w.first_day : '';
  $('walk-last').value = w ? w.last_day : '';
  $('walk-goal').value = w ? w.goal.kind : 'total';
  $('walk-steps').value = w ? w.goal.steps : 100000;
  $('walk-days').value = w && w.goal.days ? w.goal.days : 10;
  showGoalFields();
  // Once begun, only the texts may change (the server says so too).
  const locked = !!w && w.state !== 'upcoming';
  for (const id of ['walk-union', 'walk-units', 'walk-first', 'walk-last', 'walk-goal', 'walk-steps', 'walk-days']) {
    $(id).disabled = locked || (id === 'walk-union' && session.role !== 'province');
  }
  $('save').disabled = !!w && (w.state === 'cancelled' || w.final);
}

function showGoalFields() {
  const days = $('walk-goal').value === 'days';
  $('days-field').hidden = !days;
  $('steps-label').textContent = days ? '每天步数' : '累计步数';
}

function formBody() {
  const body = { name: $('walk-name').value.trim(), description: $('walk-description').value.trim() };
  if (selected && selected.state !== 'upcoming') return body;
  if (session.role === 'province') body.union = $('walk-union').value || null;
  body.units = $('walk-units').value.split('\n').map((u) => u.trim()).filter(Boolean);
  body.first_day = $('walk-first').value;
  body.last_day = $('walk-last').value;
  body.goal = { kind: $('walk-goal').value, steps: Number($('walk-steps').value) };
  if (body.goal.kind === 'days') body.goal.days = Number($('walk-days').value);
  return body;
}

function drawChart(days) {
  chart = chart || echarts.init($('walk-chart'));
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 56, top: 40, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['健走人数', '累计完成人数'] },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', name: '人数', minInterval: 1 },
    series: [
      { name: '健走人数', type: 'bar', barMaxWidth: 32, data: days.map((d) => d.active), itemStyle: { color: RED } },
      { name: '累计完成人数', type: 'line', data: days.map((d) => d.finished), itemStyle: { color: '#15803d' } },
    ],
    graphic: days.length ? [] : [{ type: 'text', left: 'center', top: 'middle',
      style: { text: '尚无结算数据', fill: '#6b7280', fontSize: 14 } }],
  }, true);
}

function showDetail(w) {
  $('detail').hidden = false;
  $('detail-title').textContent = `参与情况：${w.name}（${STATES[w.state]}）`;
  $('joined').textContent = fmt.int(w.counts.joined);
  $('active').textContent = fmt.int(w.counts.active);
  $('finished').textContent = fmt.int(w.counts.finished);
  $('units-table').querySelector('tbody').replaceChildren(...w.by_unit.map((u) => el('tr', {},
    el('td', { text: unionNames[u.union] || u.union }), el('td', { text: u.unit }),
    el('td', { class: 'num', text: fmt.int(u.joined) }), el('td', { class: 'num', text: fmt.int(u.active) }),
    el('td', { class: 'num', text: fmt.int(u.finished) }))));
  $('csv').href = `/admin/api/walks/${w.id}/participation.csv`;
  $('cancel').disabled = w.state === 'cancelled' || w.final;
  drawChart(w.by_day);
}

async function refresh() {
  showList(await api('walks'));
  document.body.dataset.ready = '1';
}

async function select(id) {
  error.textContent = '';
  try {
    selected = await api(`walks/${id}`);
    fillForm(selected);
    showDetail(selected);
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function save(ev) {
  ev.preventDefault();
  error.textContent = '';
  try {
    const w = selected
      ? await api(`walks/${selected.id}`, { method: 'PUT', body: formBody() })
      : await api('walks', { method: 'POST', body: formBody() });
    await refresh();
    await select(w.id);
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function cancelWalk() {
  error.textContent = '';
  try {
    await api(`walks/${selected.id}/cancel`, { method: 'POST', body: { reason: $('cancel-reason').value.trim() } });
    await refresh();
    await select(selected.id);
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  try {
    session = await startPage('walks.html');
    const unions = await fetch('/api/unions').then((r) => r.json());
    unionNames = Object.fromEntries(unions.map((u) => [u.code, u.name]));
    const options = session.role === 'province'
      ? [el('option', { value: '', text: '全省' }), ...unions.map((u) => el('option', { value: u.code, text: u.name }))]
      : [el('option', { value: session.union, text: session.union_name })];
    $('walk-union').replaceChildren(...options);
    fillForm(null);
    $('walk-goal').addEventListener('change', showGoalFields);
    $('walk-form').addEventListener('submit', save);
    $('new').addEventListener('click', () => { selected = null; fillForm(null); $('detail').hidden = true; });
    $('cancel').addEventListener('click', cancelWalk);
    await refresh();
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
