// The contract as the checks read it: fcgi/openapi.yaml with every
// fcgi/openapi-pending/*.yaml merged into its paths (each such file a mapping
// of path → operations, in the main file's form, so that it can be folded in
// by hand later with no change here).  A path or an operation given twice is
// an error, not a silent overwrite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function loadContract(root) {
	const main = join(root, 'fcgi/openapi.yaml');
	const doc = YAML.parse(readFileSync(main, 'utf8'));
	const origin = {};   // "METHOD path" → the file that gives it
	for (const [path, item] of Object.entries(doc.paths || {}))
		for (const m of METHODS) if (item[m]) origin[`${m.toUpperCase()} ${path}`] = 'fcgi/openapi.yaml';
	const pendingDir = join(root, 'fcgi/openapi-pending');
	const problems = [];
	const files = existsSync(pendingDir) ? readdirSync(pendingDir).filter((f) => f.endsWith('.yaml')).sort() : [];
	for (const f of files) {
		const name = `fcgi/openapi-pending/${f}`;
		let part;
		try {
			part = YAML.parse(readFileSync(join(pendingDir, f), 'utf8'));
		} catch (e) {
			problems.push(`${name}: not YAML: ${e.message}`);
			continue;
		}
		if (!part || typeof part !== 'object' || Array.isArray(part)) {
			problems.push(`${name}: not a mapping of path → operations`);
			continue;
		}
		for (const [path, item] of Object.entries(part)) {
			if (!path.startsWith('/')) {
				problems.push(`${name}: "${path}" is not a path (a pending file holds paths only)`);
				continue;
			}
			const into = (doc.paths[path] ||= {});
			for (const [m, op] of Object.entries(item || {})) {
				const key = `${m.toUpperCase()} ${path}`;
				if (into[m]) problems.push(`${name}: ${key} is already given by ${origin[key]}`);
				else {
					into[m] = op;
					origin[key] = name;
				}
			}
		}
	}
	return { doc, origin, problems, files: ['fcgi/openapi.yaml', ...files.map((f) => `fcgi/openapi-pending/${f}`)] };
}

// Follows a local $ref ("#/components/responses/Unavailable").
export function deref(doc, node) {
	for (let i = 0; node && node.$ref && i < 16; i++) {
		if (!node.$ref.startsWith('#/')) throw new Error(`only local references: ${node.$ref}`);
		node = node.$ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
	}
	return node;
}

// Every operation: {key:"GET /api/x", method, path, op}.
export function operations(doc) {
	const out = [];
	for (const [path, item] of Object.entries(doc.paths || {}))
		for (const m of METHODS) if (item[m]) out.push({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, op: item[m] });
	return out;
}

// The error codes an operation documents for each status: the keys of the
// examples of its Error answers, {"409": Set(["team_full", …])}.
export function documentedErrors(doc, op) {
	const out = {};
	for (const [status, r0] of Object.entries(op.responses || {})) {
		const r = deref(doc, r0);
		const media = r?.content?.['application/json'];
		if (!media || !media.examples) continue;
		out[status] = new Set(Object.keys(media.examples));
	}
	return out;
}

// Matches a request path to its template: {name} takes one non-empty segment
// (as in fcgi/fw/router.c); where two templates fit, the one with more literal
// segments wins ("/teams/mine" over "/teams/{id}"), which is the order of the
// route table.  pathKnown: some template fits with another method (405).
export function matcher(ops) {
	const compiled = ops.map((o) => ({
		...o,
		segs: o.path.split('/'),
		literal: o.path.split('/').filter((s) => !/^\{\w+\}$/.test(s)).length,
	}));
	return (method, path) => {
		const segs = path.split('/');
		const fits = compiled.filter((o) => o.segs.length === segs.length &&
			o.segs.every((s, i) => /^\{\w+\}$/.test(s) ? segs[i] !== '' : s === segs[i]));
		const same = fits.filter((o) => o.method === method).sort((a, b) => b.literal - a.literal);
		return { op: same[0] || null, pathKnown: fits.length > 0 };
	};
}

// An Ajv (JSON Schema 2020-12, as OpenAPI 3.1's schemas are) holding the
// whole document, so that a schema anywhere in it is compiled by its JSON
// pointer and its own "#/components/…" references resolve.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const CONTRACT_ID = 'https://contract.walk.invalid/openapi.json';

export function schemaValidator(doc) {
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
	addFormats(ajv);
	ajv.addSchema(doc, CONTRACT_ID);
	const cache = new Map();
	const pointer = (parts) => '#/' + parts.map((p) => encodeURIComponent(String(p).replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
	// parts: the path of the schema in the document, ["paths", "/api/x", "get", …]
	return (parts) => {
		const ref = CONTRACT_ID + pointer(parts);
		if (!cache.has(ref)) cache.set(ref, ajv.compile({ $ref: ref }));
		return cache.get(ref);
	};
}

// Ajv's errors as one line: "/items/0/rank: must be integer; …".
export function schemaErrors(errors) {
	return (errors || []).slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message}` +
		(e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : '')).join('; ');
}
