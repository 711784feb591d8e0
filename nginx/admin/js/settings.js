// Activity settings (province admins): GET/PUT
// /admin/api/activities/{aid}/settings, and POST /admin/api/activities to copy
// the activity as next year's.  The form is drawn from the answer's fields:
// their kind, range and whether they may still change.
import { api, el, pickedActivity, showError, startPage } from './common.js';

const error = document.getElementById('error');
let aid = null;
let loaded = null;

// "2019-10-08T00:00:00+08:00" ↔ the value of a datetime-local input (UTC+8).
const toLocal = (iso) => iso.slice(0, 16);
const fromLocal = (v) => `${v.length === 16 ? `${v}:00` : v}+08:00`;

function input(f, value) {
  const attrs = { id: `setting-${f.name}`, name: f.name, disabled: !f.editable, dataset: { kind: f.kind } };
  if (f.kind === 'int') Object.assign(attrs, { type: 'number', min: f.min, max: f.max, step: 1, value });
  else if (f.kind === 'day') Object.assign(attrs, { type: 'date', value });
  else if (f.kind === 'instant') Object.assign(attrs, { type: 'datetime-local', value: toLocal(value) });
  else Object.assign(attrs, { type: 'text', maxlength: f.max, value });
  const range = f.kind === 'int' ? `（${f.min}–${f.max}）` : '';
  return el('label', { class: f.editable ? undefined : 'locked' }, `${f.label}${range}`, el('input', attrs));
}

function show(data) {
  loaded = data;
  document.getElementById('settings-title').textContent = `活动设置 · ${data.settings.name}`;
  document.getElementById('settings-meta').textContent =
    `活动编号 ${data.activity_id}，共 ${data.total_days} 天，${data.started ? '活动已开始：灰色项不能再修改' : '活动尚未开始'}；配置版本 ${data.config_version}`;
  document.getElementById('settings-grid').replaceChildren(...data.fields.map((f) => input(f, data.settings[f.name])));
  document.body.dataset.ready = '1';
}

// The fields whose value differs from what was loaded.
function changes() {
  const body = {};
  for (const f of loaded.fields) {
    const node = document.getElementById(`setting-${f.name}`);
    if (node.disabled) continue;
    let v = node.value;
    if (f.kind === 'int') v = Number(v);
    else if (f.kind === 'instant') v = fromLocal(v);
    if (v !== loaded.settings[f.name]) body[f.name] = v;
  }
  return body;
}

async function save(ev) {
  ev.preventDefault();
  error.textContent = '';
  const saved = document.getElementById('saved');
  saved.textContent = '';
  const body = changes();
  if (!Object.keys(body).length) {
    saved.textContent = '没有修改';
    return;
  }
  try {
    show(await api(`activities/${aid}/settings`, { method: 'PUT', body }));
    saved.textContent = `已保存：${Object.keys(body).length} 项`;
  } catch (e) {
    if (e.status === 401) return;
    showError(error, e);
    if (e.field) document.getElementById(`setting-${e.field}`)?.focus();
  }
}

async function copy(ev) {
  ev.preventDefault();
  error.textContent = '';
  try {
    const made = await api('activities', { method: 'POST', body: {
      copy_from: aid, name: document.getElementById('copy-name').value.trim(),
      starts_on: document.getElementById('copy-starts').value } });
    document.getElementById('copied').textContent =
      `已创建活动 ${made.activity_id}（${made.settings.first_day} 至 ${made.settings.last_day}），可在顶栏切换到它`;
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  try {
    const session = await startPage('settings.html');
    if (session.role !== 'province') {
      showError(error, '仅省总工会管理员可以修改活动设置');
      return;
    }
    aid = pickedActivity() || Number(document.getElementById('activity-picker')?.value) || 1;
    document.getElementById('settings-form').addEventListener('submit', save);
    document.getElementById('copy-form').addEventListener('submit', copy);
    show(await api(`activities/${aid}/settings`));
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

main();
