// What the C source says: the route table (fcgi/routes.c) and, for each
// handler, the error answers its code can give (status and code), found by
// reading the functions of fcgi/ and following the calls between them.
//
// It reads the source as text, so it knows the project's own idioms: an error
// is a status literal followed by a code literal (resp_error(resp, 409,
// "team_full", …), worker_found(…, 404, "not_found", …)), or a status followed
// by a choice of two codes (409, x ? "no_prizes" : "no_entries").  Answers
// the dispatcher gives before a handler runs follow from the route's flags.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The few errors whose code is not written beside its status in fcgi/: the
// address check's codes come from lib/store/store_awards_address.c.
const INDIRECT = {
	award_read_address: [[400, 'validation_failed'], [400, 'not_mainland']],
};

// Answers of the dispatcher (fcgi/fw/dispatch.c) and of the hooks it runs
// (fcgi/main.c), by route flag.
const FLAG_ERRORS = {
	R_JSON_BODY: [[415, 'unsupported_media_type'], [413, 'body_too_large'], [400, 'bad_request'], [400, 'invalid_json']],
	R_RAW_BODY: [[413, 'body_too_large'], [400, 'bad_request']],
	R_WRITE: [[503, 'unavailable']],
};
const FLAG_HOOKS = { R_AUTH_USER: 'worker_auth_user', R_AUTH_ADMIN: 'admin_auth' };
const BEFORE_HOOK = 'before_request';   // every route but R_BARE ones
// A handler that answers nothing (the dispatcher's 500), and nginx's answers
// for a pool that is down or slow (nginx/walk-locations.conf, error_page).
const ALWAYS = [[500, 'internal_error'], [502, 'unavailable', '服务暂时不可用，请稍后再试'],
	[503, 'unavailable', '服务暂时不可用，请稍后再试'], [504, 'unavailable', '服务暂时不可用，请稍后再试']];

function cFiles(dir) {
	const out = [];
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) out.push(...cFiles(p));
		else if (e.name.endsWith('.c')) out.push(p);
	}
	return out;
}

function stripComments(s) {
	return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

// The route table: [{method, path, flags:[…], handler}].  Fails on an entry
// it cannot read, rather than leave a route out.
export function readRoutes(root) {
	const text = stripComments(readFileSync(join(root, 'fcgi/routes.c'), 'utf8'));
	const macros = {};
	for (const m of text.matchAll(/^#define\s+(\w+)\s+"([^"]*)"\s*$/gm)) macros[m[1]] = m[2];
	const table = text.slice(text.indexOf('walk_routes[]'));
	const body = table.slice(table.indexOf('{') + 1, table.indexOf('};'));
	const routes = [];
	for (const line of body.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'))) {
		// A handler is a name, or FULL(name): in walk-worker's table only
		// (walk-worker-lean's leaves it out, fcgi/routes.c).
		const m = line.match(/^\{\s*"([A-Z]+)"\s*,\s*(.+?)\s*,\s*([\w| ]+?)\s*,\s*(?:FULL\(\s*(\w+)\s*\)|(\w+))\s*\},?$/);
		if (!m) throw new Error(`fcgi/routes.c: cannot read the entry ${line}`);
		const [, method, pathExpr, flags, fullHandler, plainHandler] = m;
		const handler = fullHandler || plainHandler;
		const path = pathExpr.match(/"[^"]*"|\w+/g).map((t) => {
			if (t.startsWith('"')) return t.slice(1, -1);
			if (t in macros) return macros[t];
			throw new Error(`fcgi/routes.c: unknown macro ${t} in ${pathExpr}`);
		}).join('');
		routes.push({
			method, path, handler,
			flags: flags === '0' ? [] : flags.split('|').map((f) => f.trim()),
		});
	}
	if (routes.length === 0) throw new Error('fcgi/routes.c: no route read');
	return routes;
}

// Every function defined in fcgi/ (but the dispatcher itself): its error
// pairs and the identifiers it calls.
function readFunctions(root) {
	const fns = {};
	for (const file of cFiles(join(root, 'fcgi'))) {
		if (file.endsWith('fw/dispatch.c')) continue;
		// An activity read without the enrollment check cannot answer not_enrolled.
		const text = stripComments(readFileSync(file, 'utf8'))
			.replace(/\bworker_activity\(([^;]*?),\s*false\s*\)/g, 'worker_activity_open($1)');
		const re = /^[A-Za-z_][\w \t*]*?\b(\w+)\s*\(([^;{}]*)\)\s*\{/gm;
		// A static function is its file's own: two files' read_filter are two functions.
		const local = new Set([...text.matchAll(/^static\b[\w \t*]*?\b(\w+)\s*\(/gm)].map((s) => s[1]));
		const own = (name) => (local.has(name) ? `${file}#${name}` : name);
		let m;
		while ((m = re.exec(text))) {
			const start = re.lastIndex;
			const end = text.indexOf('\n}', start);
			const body = text.slice(start, end < 0 ? text.length : end);
			const errors = [...(INDIRECT[m[1]] || [])];
			for (const e of body.matchAll(/\b([45]\d\d)\s*,\s*"([a-z_]+)"(?:\s*,\s*"([^"]*)")?/g))
				errors.push([+e[1], e[2], e[3]]);
			for (const e of body.matchAll(/\b([45]\d\d)\s*,\s*[^,;"?]*\?\s*"([a-z_]+)"\s*:\s*"([a-z_]+)"/g))
				errors.push([+e[1], e[2]], [+e[1], e[3]]);
			const query = [...body.matchAll(/\b(?:req_query\(req|query_int\(req, resp), "(\w+)"/g)].map((q) => q[1]);
			const fields = [...body.matchAll(/(?:\bjson_str\(req|\bjson_int_in\(req, resp|GetObjectItemCaseSensitive\(req->json), "(\w+)"/g)]
				.map((q) => [q[1], /json_str/.test(q[0]) ? 'string' : /json_int/.test(q[0]) ? 'integer' : null]);
			const calls = new Set([...body.matchAll(/\b([a-z_]\w*)\s*\(/g)].map((c) => c[1]));
			// A function passed by name (a lookup given to worker_known_code)
			for (const c of body.matchAll(/[,(]\s*([a-z_]\w*)\s*[,)]/g)) calls.add(c[1]);
			const fn = (fns[own(m[1])] ||= { errors: [], calls: new Set(), query: [], fields: [] });
			fn.errors.push(...errors);
			fn.query.push(...query);
			fn.fields.push(...fields);
			for (const c of calls) fn.calls.add(own(c));
		}
	}
	fns.worker_activity_open = { errors: [], query: [], fields: [], calls: new Set(['req_param_id', 'worker_load_activity']) };
	return fns;
}

function closure(fns, name, what = 'errors', seen = new Set()) {
	if (seen.has(name) || !fns[name]) return [];
	seen.add(name);
	const out = [...fns[name][what]];
	for (const c of fns[name].calls) out.push(...closure(fns, c, what, seen));
	return out;
}

// {"METHOD path": {query: [names], fields: [[name, type|null]]}}: the query
// parameters and the JSON body's members each route's code reads.
export function routeInputs(root, routes = readRoutes(root)) {
	const fns = readFunctions(root);
	const out = {};
	for (const r of routes)
		out[`${r.method} ${r.path}`] = {
			query: [...new Set(closure(fns, r.handler, 'query'))],
			fields: [...new Map(closure(fns, r.handler, 'fields').map((f) => [f[0], f])).values()],
		};
	return out;
}

// {"METHOD path": Map("status code" → [status, code])} for every route.
export function routeErrors(root, routes = readRoutes(root)) {
	const fns = readFunctions(root);
	const out = {};
	for (const r of routes) {
		const pairs = [...ALWAYS, ...closure(fns, r.handler)];
		if (!r.flags.includes('R_BARE')) pairs.push(...closure(fns, BEFORE_HOOK));
		for (const f of r.flags) {
			pairs.push(...(FLAG_ERRORS[f] || []));
			if (FLAG_HOOKS[f]) pairs.push(...closure(fns, FLAG_HOOKS[f]));
		}
		const map = new Map();
		// The message beside it, where it is a literal: the first found, that is
		// the one nearest the handler (its own code before the helpers it calls).
		for (const [s, c, message] of pairs)
			if (!map.get(`${s} ${c}`)?.[2]) map.set(`${s} ${c}`, [s, c, message]);
		out[`${r.method} ${r.path}`] = map;
	}
	return out;
}
