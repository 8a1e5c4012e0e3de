// schema.mjs — loads api/openapi.yaml and checks JSON values against its
// schemas: the subset of JSON Schema 2020-12 the description uses ($ref,
// allOf, oneOf, anyOf, type (with 'null'), enum, const, required, properties,
// additionalProperties, items, pattern, min/maxLength, minimum/maximum).
// Response objects are checked strictly: a property the description does not
// list is an error, so the description cannot fall behind the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT } from './harness.mjs';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function loadSpec() {
  return YAML.parse(readFileSync(join(ROOT, 'api/openapi.yaml'), 'utf8'));
}

/** "METHOD /path" for every operation of the description. */
export function operations(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${path}`);
  }
  return out;
}

export function resolve(spec, node) {
  let n = node;
  const seen = new Set();
  while (n && n.$ref) {
    if (seen.has(n.$ref)) throw new Error(`circular $ref ${n.$ref}`);
    seen.add(n.$ref);
    if (!n.$ref.startsWith('#/')) throw new Error(`external $ref ${n.$ref}`);
    n = n.$ref.slice(2).split('/').reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    if (n === undefined) throw new Error(`unresolved $ref ${[...seen].pop()}`);
  }
  return n;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/* The property names an object schema lists (through $ref and allOf); null if it allows any. */
function listedProps(spec, schema) {
  const s = resolve(spec, schema);
  const names = new Set(Object.keys(s.properties || {}));
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) return null;
  for (const sub of s.allOf || []) {
    const more = listedProps(spec, sub);
    if (more === null) return null;
    more.forEach((n) => names.add(n));
  }
  if (!s.properties && !s.allOf) return null;
  return names;
}

/**
 * Validates value against schema; returns a list of error strings (empty: valid).
 * strict: properties not listed by the schema are errors.
 * partial: this schema is one part of an allOf (skip the unlisted-property check here).
 */
export function validate(spec, schema, value, { strict = true, at = '$', partial = false } = {}) {
  const errs = [];
  const s = resolve(spec, schema);
  const t = typeOf(value);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const ok = types.includes(t) || (t === 'integer' && types.includes('number'));
    if (!ok) return [`${at}: ${JSON.stringify(value)?.slice(0, 60)} is ${t}, not ${types.join('|')}`];
  }
  if (s.const !== undefined && value !== s.const) errs.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(value)) errs.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (t === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) errs.push(`${at}: ${JSON.stringify(value)} does not match ${s.pattern}`);
    const len = [...value].length;
    if (s.minLength !== undefined && len < s.minLength) errs.push(`${at}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && len > s.maxLength) errs.push(`${at}: longer than ${s.maxLength}`);
  }
  if (t === 'integer' || t === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errs.push(`${at}: ${value} < ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) errs.push(`${at}: ${value} > ${s.maximum}`);
  }
  // An allOf part sees only some of the properties: the whole is checked below.
  for (const sub of s.allOf || []) errs.push(...validate(spec, sub, value, { strict, at, partial: true }));
  if (s.oneOf) {
    const passing = s.oneOf.filter((sub) => validate(spec, sub, value, { strict, at }).length === 0).length;
    if (passing !== 1) {
      const why = s.oneOf.map((sub, i) => `  [${i}] ${validate(spec, sub, value, { strict, at }).slice(0, 3).join('; ')}`);
      errs.push(`${at}: matches ${passing} of oneOf, not 1\n${why.join('\n')}`);
    }
  }
  if (s.anyOf && !s.anyOf.some((sub) => validate(spec, sub, value, { strict, at }).length === 0)) {
    errs.push(`${at}: matches none of anyOf`);
  }
  if (t === 'object') {
    for (const r of s.required || []) if (!(r in value)) errs.push(`${at}: missing ${r}`);
    for (const [k, sub] of Object.entries(s.properties || {})) {
      if (k in value) errs.push(...validate(spec, sub, value[k], { strict, at: `${at}.${k}` }));
    }
    const listed = listedProps(spec, s);
    if (listed && !partial && (strict || s.additionalProperties === false)) {
      for (const k of Object.keys(value)) if (!listed.has(k)) errs.push(`${at}: property ${k} is not in the description`);
    }
  }
  if (t === 'array' && s.items) {
    value.forEach((v, i) => errs.push(...validate(spec, s.items, v, { strict, at: `${at}[${i}]` })));
  }
  return errs;
}

/** The documented response of an operation for a status: {content, headers} or undefined. */
export function responseOf(spec, method, pathTemplate, status) {
  const op = spec.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op) return undefined;
  const r = op.responses[String(status)] || op.responses[`${String(status)[0]}XX`] || op.responses.default;
  return r && resolve(spec, r);
}
