#!/usr/bin/env node
// The contract against itself and against the code (test/run.sh runs it):
//   - the document (with the pending files) is valid OpenAPI 3.1;
//   - every route of fcgi/routes.c is in it, and every operation in it is a route;
//   - every error the route's code can answer (source.mjs) is documented under
//     its status, and every query parameter and JSON member the code reads;
//   - every example is valid against its schema, an error example's key is its code;
//   - every operation documents a success, every JSON answer has a schema;
//   - the pending files refer to nothing but #/components/schemas/Error;
//   - the schema validator refuses wrong answers (a wrong type, a missing member).
//
//   node test/contract/check-contract.mjs [ROOT]
import { Validator } from '@seriousme/openapi-schema-validator';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deref, documentedErrors, loadContract, operations, schemaErrors, schemaValidator } from './contract.mjs';
import { reporter } from './report.mjs';
import { readRoutes, routeErrors, routeInputs } from './source.mjs';

const root = resolve(process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '../..'));
const rep = reporter();
const { doc, origin, problems: mergeProblems } = loadContract(root);
rep.check('the pending files merge into the contract', mergeProblems);

const validator = new Validator();
const res = await validator.validate(structuredClone(doc));
rep.check('the contract is valid OpenAPI 3.1', [
	...(doc.openapi?.startsWith('3.1') ? [] : [`openapi is "${doc.openapi}", not 3.1.x`]),
	...(res.valid ? [] : (Array.isArray(res.errors) ? res.errors : [res.errors]).slice(0, 20)
		.map((e) => typeof e === 'string' ? e : `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)),
]);

const routes = readRoutes(root);
const ops = operations(doc);
const opByKey = new Map(ops.map((o) => [o.key, o]));
const routeKeys = new Set(routes.map((r) => `${r.method} ${r.path}`));
rep.check('every route of fcgi/routes.c is in the contract',
	[...routeKeys].filter((k) => !opByKey.has(k)).map((k) => `${k}: not in the contract`));
rep.check('every operation of the contract is a route of fcgi/routes.c',
	ops.filter((o) => !routeKeys.has(o.key)).map((o) => `${o.key} (${origin[o.key]}): no such route`));

const errs = routeErrors(root, routes);
const missingErrors = [];
for (const [key, pairs] of Object.entries(errs)) {
	const o = opByKey.get(key);
	if (!o) continue;
	const documented = documentedErrors(doc, o.op);
	for (const [status, code] of pairs.values())
		if (!documented[status]?.has(code)) missingErrors.push(`${key}: ${status} ${code} is not documented`);
}
rep.check('every error the code can answer is documented', missingErrors);

const inputs = routeInputs(root, routes);
const missingInputs = [];
for (const [key, { query, fields }] of Object.entries(inputs)) {
	const o = opByKey.get(key);
	if (!o) continue;
	const params = new Set((o.op.parameters || []).map((p) => deref(doc, p)).filter((p) => p.in === 'query').map((p) => p.name));
	for (const q of query) if (!params.has(q)) missingInputs.push(`${key}: query parameter ${q} is not documented`);
	const body = deref(doc, o.op.requestBody)?.content?.['application/json']?.schema;
	const props = new Set(Object.keys(deref(doc, body)?.properties || {}));
	for (const [f] of fields) if (body && !props.has(f)) missingInputs.push(`${key}: body member ${f} is not documented`);
}
rep.check('every query parameter and body member the code reads is documented', missingInputs);

// Examples against their schemas; successes and schemas present.
const compile = schemaValidator(doc);
const badExamples = [], incomplete = [];
for (const o of ops) {
	const at = ['paths', o.path, o.method.toLowerCase()];
	const responses = Object.entries(o.op.responses || {});
	if (!responses.some(([s]) => /^[23]/.test(s))) incomplete.push(`${o.key}: no success answer`);
	const media = [];
	for (const [status, r0] of responses) {
		const r = deref(doc, r0);
		const base = r0.$ref ? r0.$ref.slice(2).split('/') : [...at, 'responses', status];
		for (const [type, m] of Object.entries(r?.content || {})) media.push({ where: `${o.key} ${status} ${type}`, m, ptr: [...base, 'content', type], status });
	}
	const rb = o.op.requestBody && deref(doc, o.op.requestBody);
	for (const [type, m] of Object.entries(rb?.content || {})) media.push({ where: `${o.key} request ${type}`, m, ptr: [...at, 'requestBody', 'content', type] });
	for (const { where, m, ptr, status } of media) {
		if (/json/.test(where) && !m.schema) {
			incomplete.push(`${where}: no schema`);
			continue;
		}
		if (!m.schema) continue;
		const v = compile([...ptr, 'schema']);
		const examples = [...(m.example !== undefined ? [['example', m.example]] : []),
			...Object.entries(m.examples || {}).map(([k, e]) => [k, deref(doc, e).value])];
		for (const [name, value] of examples) {
			if (!v(value)) badExamples.push(`${where} example ${name}: ${schemaErrors(v.errors)}`);
			if (status && +status >= 400 && name !== 'example' && value?.error?.code !== name)
				badExamples.push(`${where} example ${name}: its code is "${value?.error?.code}"`);
		}
	}
}
rep.check('every example is valid against its schema', badExamples);
rep.check('every operation has a success answer and every JSON answer a schema', incomplete);

// The validator itself must refuse: a wrong type, a missing required member,
// an undocumented error code's shape (so that a schema compiled to "accept
// anything" cannot pass the answers unseen).
const health = compile(['paths', '/api/health', 'get', 'responses', '200', 'content', 'application/json', 'schema']);
const error = compile(['components', 'schemas', 'Error']);
const good = deref(doc, doc.paths['/api/health']?.get?.responses?.['200'])?.content?.['application/json']?.example;
rep.check('the validator refuses wrong answers', [
	...(health(good) ? [] : ['the health example is refused']),
	...(health({ ...good, schema_version: String(good?.schema_version) }) ? ['a string schema_version is accepted'] : []),
	...(health({ ok: true }) ? ['a health answer without its members is accepted'] : []),
	...(error({ error: { code: 'not_found' } }) ? ['an error without message is accepted'] : []),
	...(error({ code: 'not_found', message: '不存在' }) ? ['an error not inside "error" is accepted'] : []),
]);

const foreignRefs = [];
const walk = (node, file, trail) => {
	if (!node || typeof node !== 'object') return;
	if (typeof node.$ref === 'string' && node.$ref !== '#/components/schemas/Error')
		foreignRefs.push(`${file} ${trail}: $ref ${node.$ref} (a pending file may refer only to #/components/schemas/Error)`);
	for (const [k, v] of Object.entries(node)) walk(v, file, `${trail}/${k}`);
};
for (const o of ops) if (origin[o.key] !== 'fcgi/openapi.yaml') walk(o.op, origin[o.key], o.key);
rep.check('the pending files refer only to the shared Error schema', foreignRefs);
rep.finish();
