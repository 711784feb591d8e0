#!/usr/bin/env node
// Every answer the HTTP tests received from the server (test-out/exchanges/,
// written by test/support/exchange_log.c) against the contract: the request's
// path is matched to its template, and the answer must be documented for its
// status (for an error, with its code), with the documented content type, and
// a JSON body valid against that status's schema.  A request outside every
// template must have the dispatcher's answer: 404 not_found, or 405
// method_not_allowed for a known path with another method.  Each distinct
// failure (route, status, problem) is one failed test; each route and status
// answered as documented is one passed test.
//
//   node test/contract/validate-answers.mjs [EXCHANGE_DIR] [ROOT]
// Answers of the fake WeChat (the tests' other server) are left out: their
// paths are WeChat's, never /api/, /admin/api/ or /metrics.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deref, documentedErrors, loadContract, matcher, operations, schemaErrors, schemaValidator } from './contract.mjs';

const root = resolve(process.argv[3] || join(dirname(fileURLToPath(import.meta.url)), '../..'));
const dir = resolve(process.argv[2] || join(root, 'test-out/exchanges'));
const OURS = /^(\/api\/|\/admin\/api\/|\/metrics$)/;

const { doc } = loadContract(root);
const match = matcher(operations(doc));
const compile = schemaValidator(doc);
const errorSchema = compile(['components', 'schemas', 'Error']);
const passed = new Map(), failed = new Map();   // "route status" → first example
let exchanges = 0, files = 0;

function fail(key, problem, x) {
	const k = `${key}: ${problem}`;
	if (!failed.has(k)) failed.set(k, { n: 0, url: `${x.method} ${x.url}` });
	failed.get(k).n++;
}

function check(x) {
	const url = new URL(x.url);
	if (!OURS.test(url.pathname)) return;
	exchanges++;
	const { op, pathKnown } = match(x.method, url.pathname);
	const status = String(x.status);
	if (x.body_not_json) return fail(`${x.method} ${url.pathname} ${status}`, 'the body says JSON but does not parse', x);
	if (!op) {   // the dispatcher's answer to a request outside the route table
		const want = pathKnown ? ['405', 'method_not_allowed'] : ['404', 'not_found'];
		const key = `${x.method} ${url.pathname} (no route) ${status}`;
		if (status !== want[0] || x.body?.error?.code !== want[1]) return fail(key, `expected ${want.join(' ')}`, x);
		if (!errorSchema(x.body)) return fail(key, schemaErrors(errorSchema.errors), x);
		return passed.set(`(no route) ${status}`, true);
	}
	const key = `${op.key} ${status}`;
	const responses = op.op.responses || {};
	const rkey = status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default' in responses ? 'default' : null;
	if (!rkey) return fail(key, 'status not in the contract', x);
	const r = deref(doc, responses[rkey]);
	const type = (x.content_type || '').split(';')[0].trim();
	const content = r.content || {};
	if (!content[type]) {
		if (Object.keys(content).length === 0 && x.body_len === 0 && !x.body) return passed.set(key, true);
		return fail(key, `content type "${type}" not in the contract (${Object.keys(content).join(', ') || 'no body'})`, x);
	}
	if (x.body === undefined) return passed.set(key, true);   // not JSON: the type is all there is to check
	const base = responses[rkey].$ref ? responses[rkey].$ref.slice(2).split('/') : ['paths', op.path, op.method.toLowerCase(), 'responses', rkey];
	const v = compile([...base, 'content', type, 'schema']);
	if (!v(x.body)) return fail(key, schemaErrors(v.errors), x);
	if (+status >= 400) {
		const codes = documentedErrors(doc, op.op)[rkey];
		const code = x.body?.error?.code;
		if (codes && !codes.has(code)) return fail(`${key} ${code}`, 'error code not documented for this status', x);
	}
	passed.set(key, true);
}

if (existsSync(dir)) {
	for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
		files++;
		for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
			if (!line) continue;
			let x;
			try {
				x = JSON.parse(line);
			} catch {
				fail(f, 'a line of the exchange log is not JSON', { method: '', url: line.slice(0, 80) });
				continue;
			}
			check(x);
		}
	}
}
for (const [k, { n, url }] of failed) console.log(`[  FAILED  ] ${k} (${n}×, e.g. ${url})`);
console.log(`${exchanges} answers of the server in ${files} file(s) under ${dir}`);
// No answer at all means the HTTP tests wrote none: that is a failure, not a pass.
if (exchanges === 0) failed.set('no answers', { n: 1 });
console.log(`[  PASSED  ] ${passed.size} test(s).`);
if (failed.size) console.log(`[  FAILED  ] ${failed.size} test(s).`);
process.exitCode = failed.size ? 1 : 0;
