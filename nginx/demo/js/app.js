// The participant client: one screen at a time, each drawn afresh from the
// server's answers after every action (nothing is cached but the simulated
// workers, their tokens and the steps they chose, in localStorage).
import { ApiError, dev, fake, participant, reference } from './api.js';

const $ = (sel) => document.querySelector(sel);
const store = {
	get: (k, d) => JSON.parse(localStorage.getItem(`walk-demo-${k}`) || 'null') ?? d,
	set: (k, v) => localStorage.setItem(`walk-demo-${k}`, JSON.stringify(v)),
};

// h('button.main', {onclick}, '文字', child…)
function h(tag, attrs = {}, ...kids) {
	const [name, ...cls] = tag.split('.');
	const el = document.createElement(name);
	if (cls.length) el.className = cls.join(' ');
	for (const [k, v] of Object.entries(attrs || {})) {
		if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
		else if (v !== false && v != null) el.setAttribute(k, v === true ? '' : v);
	}
	for (const kid of kids.flat()) if (kid != null && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
	return el;
}

function toast(text) {
	const t = $('#toast');
	t.textContent = text;
	t.hidden = false;
	clearTimeout(toast.timer);
	toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}

// Runs an action, shows its error's message, then redraws the screen.
async function act(fn, done) {
	try {
		const r = await fn();
		if (done) toast(typeof done === 'function' ? done(r) : done);
	} catch (e) {
		toast(e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));
	}
	await show(state.tab);
}

const state = { tab: 'worker', workers: store.get('workers', []), current: store.get('current', null), aid: null, today: null };
const worker = () => state.workers.find((w) => w.openid === state.current);
const api = () => participant(worker().token, state.aid);
const saveWorkers = () => { store.set('workers', state.workers); store.set('current', state.current); };

const TABS = [['worker', '职工'], ['today', '今日'], ['route', '打卡点'], ['team', '团队'],
	['boards', '排行'], ['draws', '红包'], ['mine', '我的']];

async function refreshClock() {
	const hth = await dev.health();
	state.now = hth.server_time;
	state.today = hth.server_time.slice(0, 10);
	$('#server-time').textContent = `服务器时间 ${hth.server_time.replace('T', ' ').slice(0, 16)}`;
}

function nextDay(day) {
	const d = new Date(`${day}T12:00:00+08:00`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

// ---- screens ----------------------------------------------------------

const screens = {};

screens.worker = async () => {
	const list = h('ul.list', {}, state.workers.map((w) => h('li', {},
		h('button' + (w.openid === state.current ? '.main' : ''), { onclick: () => { state.current = w.openid; saveWorkers(); act(async () => {}, `已切换到 ${w.label}`); } }, w.label),
		h('span.muted', {}, w.token ? '已登录' : '未登录'))));
	return [
		h('section', {}, h('h2', {}, '模拟职工'), list,
			h('button', { id: 'new-worker', onclick: () => act(async () => {
				const u = await fake.newUser();
				const label = `职工${state.workers.length + 1}`;
				state.workers.push({ openid: u.openid, label, steps: {} });
				state.current = u.openid;
				saveWorkers();
			}, '已新建一位职工') }, '新建职工')),
		worker() && h('section', {}, h('h2', {}, `${worker().label}：微信登录`),
			h('p.muted', {}, 'wx.login 的 code 由模拟微信给出，再换成本服务的令牌。'),
			h('button.main', { id: 'login', onclick: () => act(async () => {
				const { code } = await fake.code(worker().openid);
				const r = await reference.login(code);
				worker().token = r.token;
				saveWorkers();
			}, '登录成功') }, '微信登录')),
	];
};

async function enrollForm() {
	const [unions, regions, notice] = await Promise.all([reference.unions(), reference.regions(), api().privacy()]);
	const f = h('form', { id: 'enroll' },
		h('label', {}, '姓名', h('input', { name: 'name', value: worker().label.replace('职工', '张') + '三' })),
		h('label', {}, '手机号', h('input', { name: 'mobile', value: `138${String(Date.now()).slice(-8)}` })),
		h('label', {}, '地区', h('select', { name: 'region' }, regions.map((r) => h('option', { value: r.code }, r.name)))),
		h('label', {}, '工会', h('select', { name: 'union' }, unions.map((u) => h('option', { value: u.code }, u.name)))),
		h('label', {}, '单位', h('input', { name: 'unit', value: '西安市第一中学' })),
		h('label', {}, '部门', h('input', { name: 'department', value: '教务处' })),
		// The notice in force is accepted by its version (RULES: consent at enrollment).
		h('details', {}, h('summary', {}, `个人信息保护告知（第${notice.version}版）`), h('p', {}, notice.text)),
		h('label', {}, h('input', { name: 'consent', type: 'checkbox', required: true }), '我已阅读并同意个人信息保护告知'),
		h('button.main', { type: 'submit' }, '报名'));
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const { consent, ...e } = Object.fromEntries(new FormData(f));
		act(() => api().enroll({ ...e, privacy_version: notice.version }), '报名成功');
	});
	return h('section', {}, h('h2', {}, '报名'), f);
}

screens.today = async () => {
	let me;
	try {
		me = await api().me();
	} catch (e) {
		if (e.code === 'not_enrolled') return [await enrollForm()];
		throw e;
	}
	const act0 = await reference.activity(state.aid);
	const w = worker();
	const steps = h('input', { id: 'steps', type: 'number', min: 0, value: w.steps[state.today] ?? 10000 });
	const t = me.today;
	return [
		h('section', {}, h('h2', {}, `今天 ${t.day}`),
			h('div.big', { id: 'today-steps' }, `${t.steps} 步`),
			h('p', { id: 'day-state' }, t.settled ? '今日步数已计入' : t.provisional ? '结算时段未到：步数暂不计入' : '今日步数未计入'),
			h('p.muted', { id: 'window' }, `每晚 ${act0.settle_window.from}–${act0.settle_window.to} 同步的步数计入当天（每天最多 ${act0.daily_cap} 步）`),
			h('p', {}, `累计 ${me.cumulative} 步 · 积分 ${me.balance} · 点亮 ${me.lit} 站 · 通关 ${me.passed} 站`),
			me.rank ? h('p', {}, `全省第 ${me.rank.province} 名，工会第 ${me.rank.union} 名（截至 ${me.rank.as_of}）`) : h('p.muted', {}, '尚无排名（结算后才有）')),
		h('section', {}, h('h2', {}, '走路'),
			h('label', {}, '今天走的步数', steps),
			h('button.main', { id: 'sync', onclick: () => act(async () => {
				w.steps[state.today] = Number(steps.value);
				saveWorkers();
				const list = Object.entries(w.steps).map(([day, step]) => ({ day, step })).filter((e) => e.day <= state.today);
				const p = await fake.werun(w.openid, list.filter((e) => e.day > nextDayMinus(state.today, 31)));
				return api().sync(p.encryptedData, p.iv);
			}, (r) => `已同步：${r.steps} 步${r.settled ? '，已计入' : ''}`) }, '同步微信运动'),
			h('button', { id: 'checkin', disabled: t.checked_in, onclick: () => act(() => api().checkin(), (r) => `签到成功，积分 +${r.awarded}`) }, t.checked_in ? '今日已签到' : '签到')),
	];
};

function nextDayMinus(day, n) {
	const d = new Date(`${day}T12:00:00+08:00`);
	d.setUTCDate(d.getUTCDate() - n);
	return d.toISOString().slice(0, 10);
}

// A poster is an authenticated image: read it as a data: URL (the page's
// Content-Security-Policy allows 'self' and data: images only).
async function posterImage(no) {
	const blob = await api().poster(no);
	const url = await new Promise((ok) => { const r = new FileReader(); r.onload = () => ok(r.result); r.readAsDataURL(blob); });
	return h('img.poster', { src: url, alt: `第${no}站海报`, id: `poster-${no}` });
}

screens.route = async () => {
	const cp = await api().checkpoints();
	const quiz = state.quiz;
	const items = await Promise.all(cp.items.map(async (c) => {
		const li = h('li', { id: `cp-${c.no}` },
			h('b', { class: c.passed ? 'passed' : c.lit ? 'lit' : '' }, `${c.no}. ${c.name}（${c.landmark}）`),
			h('span.muted', {}, ` ${c.threshold} 步 · ${c.passed ? '已通关' : c.lit ? '已点亮' : '未点亮'}`));
		if (c.lit && !c.passed) li.append(h('button', { class: 'quiz', onclick: () => act(async () => { state.quiz = { no: c.no, q: await api().question(c.no) }; }) }, '答题通关'));
		if (quiz && quiz.no === c.no) {
			li.append(h('p', {}, quiz.q.text), ...quiz.q.options.map((o, i) => h('button', { class: 'option', onclick: () => act(async () => {
				const r = await api().answer(c.no, quiz.q.question_id, i);
				state.quiz = null;
				return r;
			}, (r) => r.correct ? '回答正确，通关！' : `回答错误，${r.retry_after} 秒后可再答`) }, o)));
		}
		if (c.passed) {
			const file = h('input', { type: 'file', accept: 'image/jpeg,image/png', class: 'photo' });
			file.addEventListener('change', () => file.files[0] && act(() => api().photo(c.no, file.files[0]), '照片已上传，海报已生成'));
			li.append(h('label', {}, '上传打卡照片', file));
			if (c.poster) li.append(await posterImage(c.no).catch(() => h('p.muted', {}, '海报暂不可看')));
			if (!c.essay) {
				const text = h('textarea', { rows: 3, class: 'essay', placeholder: '写一段打卡感言（20–2000 字）' });
				li.append(text, h('button', { class: 'essay-submit', onclick: () => act(() => api().essay(c.no, text.value), (r) => r.status === 'accepted' ? `感言已发表，积分 +${r.awarded}` : '感言待审核') }, '发表感言'));
			} else li.append(h('p.muted', {}, `感言：${{ accepted: '已发表', review: '审核中', rejected: '未通过' }[c.essay] || c.essay}`));
		}
		return li;
	}));
	return [h('section', {}, h('h2', {}, `打卡路线（累计 ${cp.cumulative} 步）`), h('ul.list', {}, items))];
};

screens.team = async () => {
	let team = null;
	try {
		team = await api().team();
	} catch (e) {
		if (e.status !== 404) throw e;
	}
	if (!team) {
		const name = h('input', { id: 'team-name', value: `${worker().label}的健步队` });
		const invite = h('input', { id: 'invite-code', placeholder: '团长给的邀请码' });
		return [h('section', {}, h('h2', {}, '创建团队'), name, h('button.main', { id: 'create-team', onclick: () => act(() => api().createTeam(name.value), '团队已创建') }, '创建')),
			h('section', {}, h('h2', {}, '加入团队'), invite, h('button', { id: 'join-team', onclick: () => act(() => api().join(invite.value.trim()), '已加入团队') }, '加入'))];
	}
	const members = team.members || [];
	return [h('section', {}, h('h2', { id: 'team-title' }, `${team.name}（${members.length} 人）`),
		h('ul.list', {}, members.map((m) => h('li', {}, `${m.name}${m.is_leader || m.leader ? '（团长）' : ''} · 今日 ${m.steps ?? 0} 步${m.settled ? ' · 已计入' : ''}`))),
		state.invite && members.length < 6 && h('p', {}, '邀请码：', h('code', { id: 'invite' }, state.invite)),
		members.length >= 6 ? h('p.muted', { id: 'team-full' }, '团队已满六人')
			: h('button', { id: 'make-invite', onclick: () => act(async () => { state.invite = (await api().invite()).invite; }, '邀请已生成，把邀请码发给队友') }, '邀请队友'))];
};

function board(title, b, row) {
	return h('section', {}, h('h2', {}, title),
		h('p.muted', {}, b.as_of ? `截至 ${b.as_of}${b.final ? '（最终）' : ''}，共 ${b.total}` : '尚未结算'),
		h('ol', {}, b.items.map((i) => h('li', {}, row(i)))),
		b.mine && h('p', {}, '我的：', row(b.mine)));
}

screens.boards = async () => {
	const [teams, people] = await Promise.all([api().boardTeams(), api().boardPeople('province')]);
	return [board('团队榜', teams, (i) => `第${i.rank}名 ${i.name} · 达标 ${i.compliant_days} 天 · 人均 ${i.per_capita} 步`),
		board('个人榜（全省）', people, (i) => `第${i.rank}名 ${i.name ?? '我'} · ${i.steps ?? i.cumulative ?? ''} 步`)];
};

// wx.requestMerchantTransfer: the person confirms the bill in WeChat; here
// the fake WeChat Pay plays it, found by the bill's package_info.
async function confirmTransfer(d) {
	const bill = (await fake.bills()).find((b) => b.package_info === d.payout.package_info);
	if (!bill) throw new Error('模拟微信支付里没有这笔转账');
	await fake.confirm(bill.out_bill_no);
	return api().refresh(d.id);
}

screens.draws = async () => {
	const d = await api().draws();
	const label = { paying: '发放中', wait_confirm: '待确认收款', paid: '已到账', failed: '发放失败', expired: '已过期，可重新领取' };
	return [h('section', {}, h('h2', {}, '抽红包'),
		h('p', {}, `积分 ${d.balance}，每次 ${d.cost} 分${d.left_today == null ? '' : `，今日还可抽 ${d.left_today} 个`}${d.open ? '' : '（已截止）'}`),
		h('button.main', { id: 'draw', disabled: !d.open, onclick: () => act(() => api().draw(crypto.randomUUID()), (r) => `抽中 ${(r.amount_fen / 100).toFixed(2)} 元`) }, '抽一个')),
	h('section', {}, h('h2', {}, '我的红包'), h('ul.list', {}, d.items.map((i) => h('li', { class: 'draw' },
		`${(i.amount_fen / 100).toFixed(2)} 元 · ${label[i.payout.state] || i.payout.state} `,
		i.payout.state === 'wait_confirm' && h('button.main', { class: 'confirm', onclick: () => act(() => confirmTransfer(i), '已确认收款') }, '确认收款'),
		i.payout.state === 'expired' && h('button', { onclick: () => act(() => api().claim(i.id), '已重新领取') }, '重新领取'),
		h('button', { onclick: () => act(() => api().refresh(i.id)) }, '刷新')))))];
};

async function addressForm(award) {
	const [l1] = await Promise.all([reference.divisions()]);
	const sel = (name, items) => h('select', { name }, h('option', { value: '' }, '请选择'), items.map((d) => h('option', { value: d.code }, d.name)));
	const p = sel('province', l1.items), c = sel('city', []), d = sel('division', []);
	p.addEventListener('change', async () => { c.replaceChildren(...sel('x', (await reference.divisions(p.value)).items).children); });
	c.addEventListener('change', async () => { d.replaceChildren(...sel('x', (await reference.divisions(c.value)).items).children); });
	const f = h('form', { class: 'address' }, h('label', {}, '收件人', h('input', { name: 'recipient', value: '张三' })),
		h('label', {}, '手机号', h('input', { name: 'mobile', value: '13800000000' })), p, c, d,
		h('label', {}, '详细地址', h('input', { name: 'detail', value: '雁塔路1号' })), h('button.main', { type: 'submit' }, '提交地址'));
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const v = Object.fromEntries(new FormData(f));
		act(() => api().address(award.id, { recipient: v.recipient, mobile: v.mobile, division: v.division, detail: v.detail }), '地址已提交');
	});
	return f;
}

screens.mine = async () => {
	const [me, awards, rem, enr, unions] = await Promise.all([api().me(), api().awards(), api().reminders(), api().enrollment(), reference.unions()]);
	const union = unions.find((u) => u.code === enr.union)?.name || enr.union;
	const kinds = { full_attendance: '全勤', all_checkpoints: '全程通关' };
	const awardItems = await Promise.all(awards.items.map(async (a) => h('li', {}, `${a.prize || a.kind} · ${a.state}`,
		a.state === 'address_needed' ? await addressForm(a) : a.tracking ? ` · ${a.courier} ${a.tracking}` : '')));
	return [h('section', {}, h('h2', {}, `${enr.name}`), h('p.muted', {}, `${union} · ${enr.unit} · ${enr.department || ''}`)),
		h('section', {}, h('h2', {}, '徽章'), me.badges.length ? h('ul.list', {}, me.badges.map((b) => h('li', {}, `${kinds[b.kind] || b.kind}（${b.earned_at.slice(0, 10)}）`)))
			: h('p.muted', {}, `签到 ${me.progress.checkins}/${me.progress.of}，通关 ${me.progress.passed}/${me.progress.of_checkpoints}`)),
		h('section', {}, h('h2', {}, '我的奖品'), awards.items.length ? h('ul.list', {}, awardItems) : h('p.muted', {}, '暂无')),
		h('section', {}, h('h2', {}, '每日提醒'), h('p', {}, `还可提醒 ${rem.grants} 次`),
			h('button', { id: 'allow-remind', onclick: () => act(() => api().grant(1), '已允许提醒（wx.requestSubscribeMessage 接受 1 次）') }, '允许提醒'))];
};

// ---- frame --------------------------------------------------------------

async function show(tab) {
	state.tab = tab;
	$('#tabs').replaceChildren(...TABS.map(([k, label]) => h('button' + (k === tab ? '.on' : ''), { 'data-tab': k, onclick: () => show(k) }, label)));
	let content;
	try {
		await refreshClock();
		if (!state.aid) {
			const list = await reference.activities();
			const a = list.find((x) => x.state === 'running') || list.find((x) => x.state === 'test') || list[list.length - 1];
			state.aid = a?.id;
		}
		if (tab !== 'worker' && !worker()?.token) content = [h('section', {}, h('p', {}, '请先在“职工”页新建并登录一位职工。'))];
		else content = await screens[tab]();
	} catch (e) {
		content = [h('section', {}, h('p', {}, e instanceof ApiError ? `${e.message}（${e.code}）` : String(e)))];
	}
	$('#screen').replaceChildren(...content.filter(Boolean));
	document.body.dataset.ready = tab;
}

$('#to-evening').addEventListener('click', () => act(() => dev.clock(`${state.today}T20:30:00+08:00`), '已到今晚 20:30'));
$('#next-day').addEventListener('click', () => act(() => dev.clock(`${nextDay(state.today)}T08:00:00+08:00`), '已到下一天 08:00'));
$('#settle').addEventListener('click', () => act(() => dev.settle(), (r) => r.settled.length ? `已结算 ${r.settled.map((s) => s.day).join('、')}` : '没有要结算的日子'));
show(state.tab);
