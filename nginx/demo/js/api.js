// The calls the mini-program makes (fcgi/openapi.yaml), and the fake WeChat's
// test routes that stand for wx.login, wx.getWeRunData and
// wx.requestMerchantTransfer (served under /demo/fake/ by the dev stack).

export class ApiError extends Error {
	constructor(status, body) {
		super(body?.error?.message || `HTTP ${status}`);
		this.status = status;
		this.code = body?.error?.code || '';
		this.field = body?.error?.field || '';
	}
}

async function call(method, path, { token, body, raw, type, headers = {} } = {}) {
	const h = { ...headers };
	if (token) h.Authorization = `Bearer ${token}`;
	let payload;
	if (raw) {
		payload = raw;
		h['Content-Type'] = type;
	} else if (body !== undefined) {
		payload = JSON.stringify(body);
		h['Content-Type'] = 'application/json';
	}
	const r = await fetch(path, { method, headers: h, body: payload });
	const ct = r.headers.get('Content-Type') || '';
	const data = ct.includes('json') ? await r.json() : await r.blob();
	if (!r.ok) throw new ApiError(r.status, data);
	return data;
}

export const fake = {
	newUser: () => call('POST', '/demo/fake/users', { body: {} }),
	code: (openid) => call('POST', '/demo/fake/login', { body: { openid } }),
	werun: (openid, steps) => call('POST', '/demo/fake/werun', { body: { openid, steps } }),
	bills: () => call('GET', '/demo/fake/pay/bills'),
	confirm: (out_bill_no) => call('POST', '/demo/fake/pay/confirm', { body: { out_bill_no } }),
};

export const dev = {
	health: () => call('GET', '/api/health'),
	clock: (at) => call('POST', '/api/dev/clock', { body: { at } }),
	settle: () => call('POST', '/api/dev/settle'),
};

// The participant's calls, bound to a token and an activity.
export function participant(token, aid) {
	const A = `/api/activities/${aid}`;
	const t = { token };
	return {
		privacy: () => call('GET', `${A}/privacy`),
		enrollment: () => call('GET', `${A}/enrollment`, t),
		enroll: (e) => call('PUT', `${A}/enrollment`, { ...t, body: e }),
		sync: (encryptedData, iv) => call('POST', `${A}/steps/sync`, { ...t, body: { encryptedData, iv } }),
		checkin: () => call('POST', `${A}/checkin`, t),
		me: () => call('GET', `${A}/me`, t),
		checkpoints: () => call('GET', `${A}/checkpoints`, t),
		question: (no) => call('POST', `${A}/checkpoints/${no}/question`, t),
		answer: (no, question_id, choice) => call('POST', `${A}/checkpoints/${no}/answer`, { ...t, body: { question_id, choice } }),
		photo: (no, file) => call('PUT', `${A}/checkpoints/${no}/photo`, { ...t, raw: file, type: file.type || 'image/jpeg' }),
		poster: (no) => call('GET', `${A}/checkpoints/${no}/poster`, t),
		essay: (no, text) => call('POST', `${A}/checkpoints/${no}/essay`, { ...t, body: { text } }),
		team: () => call('GET', `${A}/teams/mine`, t),
		createTeam: (name) => call('POST', `${A}/teams`, { ...t, body: { name } }),
		invite: () => call('POST', `${A}/teams/mine/invites`, t),
		join: (invite) => call('POST', `${A}/teams/join`, { ...t, body: { invite } }),
		boardTeams: () => call('GET', `${A}/boards/teams?limit=20`, t),
		boardPeople: (scope) => call('GET', `${A}/boards/people?scope=${scope}&limit=20`, t),
		draws: () => call('GET', `${A}/draws`, t),
		draw: (key) => call('POST', `${A}/draws`, { ...t, headers: { 'Idempotency-Key': key } }),
		refresh: (id) => call('POST', `${A}/draws/${id}/refresh`, t),
		claim: (id) => call('POST', `${A}/draws/${id}/claim`, t),
		awards: () => call('GET', `${A}/me/awards`, t),
		address: (id, a) => call('PUT', `${A}/me/awards/${id}/address`, { ...t, body: a }),
		reminders: () => call('GET', `${A}/reminders`, t),
		grant: (granted) => call('POST', `${A}/reminders`, { ...t, body: { granted } }),
	};
}

export const reference = {
	login: (code) => call('POST', '/api/login', { body: { code } }),
	activities: () => call('GET', '/api/activities'),
	activity: (aid) => call('GET', `/api/activities/${aid}`),
	unions: () => call('GET', '/api/unions'),
	regions: () => call('GET', '/api/regions'),
	divisions: (parent) => call('GET', `/api/divisions${parent ? `?parent=${parent}` : ''}`),
};
