// The audit log (province admins): GET /admin/api/audit, newest first.
import { api, el, fmt, query, showError, startPage } from './common.js';

const ACTIONS = {
  'admin.add': '新增管理员',
  'admin.passwd': '修改密码',
  'admin.disable': '停用管理员',
  'admin.enable': '启用管理员',
  'session.login': '登录',
  'session.logout': '退出',
  'quiz.add': '新增题目',
  'quiz.edit': '修改题目',
  'quiz.retire': '停用题目',
  'quiz.import': '导入题库',
  'essay.approve': '感想通过',
  'essay.reject': '感想不通过',
};
const error = document.getElementById('error');
const more = document.getElementById('more');
let before = null;

const json = (v) => (v === null ? '—' : JSON.stringify(v));

async function load() {
  try {
    const page = await api(`audit${query({ before, limit: 100 })}`);
    document.querySelector('#audit-table tbody').append(...page.items.map((e) => el('tr', {},
      el('td', { text: fmt.time(e.at) }),
      el('td', { text: e.actor }),
      el('td', { text: e.remote_addr || '—' }),
      el('td', { text: ACTIONS[e.action] || e.action }),
      el('td', { text: e.target }),
      el('td', { text: json(e.before) }),
      el('td', { text: json(e.after) }))));
    before = page.next_before;
    more.hidden = before === null;
    document.body.dataset.ready = '1';
  } catch (e) {
    if (e.status !== 401) showError(error, e);
  }
}

async function main() {
  try {
    const session = await startPage('audit.html');
    if (session.role !== 'province') {
      error.textContent = '审计日志仅省总工会管理员可以查看';
      more.hidden = true;
      return;
    }
  } catch (e) {
    if (e.status !== 401) showError(error, e);
    return;
  }
  more.addEventListener('click', load);
  load();
}

main();
