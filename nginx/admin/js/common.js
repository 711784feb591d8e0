// Shared by the admin pages: calls of the admin API (cookie session + CSRF
// header), the page frame (top bar, navigation, logout), and DOM helpers.
// Every piece of data reaches the page through textContent or a checked
// attribute, never through innerHTML.

let csrf = null;

// A new element: attrs are set as properties ("text" is textContent, "class"
// the class name), children are nodes or strings (as text).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const fmt = {
  int: (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN')),
  pct: (n) => (n === null || n === undefined ? '—' : `${Number(n).toFixed(2)}%`),
  yuan: (fen) => (fen === null || fen === undefined ? '—' : `¥${(Number(fen) / 100).toFixed(2)}`),
  time: (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—'),
};

// "西安市总工会" → "西安市", "陕西省国防工会" → "国防": short enough for a chart axis.
export function shortUnionName(name) {
  return name.replace(/^陕西省/, '').replace(/(总工会|工会)$/, '') || name;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `请求失败（${status}）`);
    this.status = status;
    this.code = body?.error?.code;
    this.field = body?.error?.field;
    this.lines = body?.error?.lines;   // the bad lines of an import
  }
}

function toLogin() {
  const next = (location.pathname.replace(/^\/admin\//, '') || 'index.html') + location.search;
  location.assign(`login.html?next=${encodeURIComponent(next)}`);
}

// The activity the pages show, picked in the top bar (null: the server's
// default, the newest).  Kept per browser, so every page shows the same one.
const AID_KEY = 'walk_admin_aid';
export function pickedActivity() {
  const v = Number(localStorage.getItem(AID_KEY));
  return Number.isInteger(v) && v > 0 ? v : null;
}

// path with the picked activity as ?aid= unless it names one already (routes
// that are not about an activity ignore it).
export function withActivity(path) {
  const aid = pickedActivity();
  if (!aid || /[?&]aid=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}aid=${aid}`;
}

// Calls the admin API.  Non-GET calls carry the session's CSRF token.  A 401
// sends the browser to the login page; any other error is thrown.
export async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf || '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/admin/api/${withActivity(path)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => null);
  if (response.status === 401 && path !== 'login') {
    toLogin();
    throw new ApiError(401, data);
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Sends a file's text (a CSV import) with the CSRF token; errors as api().
export async function apiUpload(path, text, type = 'text/csv') {
  const response = await fetch(`/admin/api/${withActivity(path)}`, {
    method: 'POST', headers: { 'X-CSRF-Token': csrf || '', 'Content-Type': type }, body: text,
    credentials: 'same-origin',
  });
  const data = await response.json().catch(() => null);
  if (response.status === 401) toLogin();
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Builds a query string from the non-empty values of params.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Loads the session (or goes to the login page) and draws the top bar; the
// current page's link is marked.  Resolves to the session.
export async function startPage(current) {
  const session = await api('session');
  csrf = session.csrf;
  const links = [
    ['index.html', '数据总览'],
    ['participants.html', '参与者'],
    ['teams.html', '团队管理'],
    ['essays.html', '感想审核'],
    ['prizes.html', '大奖抽奖'],
    ['shipping.html', '奖品寄送'],
    ['payouts.html', '红包发放'],
    ['walks.html', '主题健步走'],
    ['flags.html', '公平竞赛'],
  ];
  if (session.role === 'province') links.push(['quiz.html', '题库']);
  if (session.role === 'province') links.push(['audit.html', '审计日志']);
  if (session.role === 'province') links.push(['organisation.html', '优秀组织奖']);
  if (session.role === 'province') links.push(['settings.html', '活动设置']);
  if (session.role === 'province') links.push(['accounts.html', '账号管理']);
  const who = session.role === 'province'
    ? `${session.username}（省总工会管理员）`
    : `${session.username}（${session.union_name}管理员）`;
  const bar = el('header', { class: 'topbar' },
    el('h1', { text: '与祖国同行 · 管理后台' }),
    el('nav', {}, links.map(([href, label]) =>
      el('a', { href, text: label, class: href === current ? 'current' : undefined }))),
    await activityPicker(),
    el('span', { class: 'who', id: 'who', text: who }),
    el('a', { class: 'own-password', id: 'own-password', href: 'accounts.html#password', text: '修改密码' }),
    el('button', { class: 'secondary', id: 'logout', text: '退出', onclick: logout }));
  document.body.prepend(bar);
  document.title = `${document.title} · ${session.role === 'province' ? '陕西省总工会' : session.union_name}`;
  return session;
}

// The activity picker: every activity (GET /api/activities), the picked one
// selected; a change reloads the page on the other activity.
async function activityPicker() {
  let list = [];
  try {
    const response = await fetch('/api/activities');
    if (response.ok) list = await response.json();
  } catch { /* the picker is left empty: the pages still show the default */ }
  const picked = pickedActivity() || Math.max(0, ...list.map((a) => a.id));
  const select = el('select', { id: 'activity-picker', 'aria-label': '活动', onchange: () => {
    localStorage.setItem(AID_KEY, select.value);
    location.reload();
  } }, list.map((a) => el('option', { value: a.id, text: `${a.name}（${a.first_day.slice(0, 4)}）`,
    selected: a.id === picked })));
  return select;
}

async function logout() {
  try {
    await api('logout', { method: 'POST' });
  } finally {
    location.assign('login.html');
  }
}

// Shows an error in the element (by its message only).
export function showError(node, error) {
  node.textContent = error instanceof ApiError || error instanceof Error ? error.message : String(error);
}
