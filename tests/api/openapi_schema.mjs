// openapi_schema.mjs — loads api/openapi.yaml (OpenAPI 3.1, whose schemas
// are JSON Schema 2020-12) and checks JSON values against its schemas with
// Ajv in strict mode, formats included (ajv-formats).
//
// Response objects are checked strictly: a property the description does not
// list is an error, so the description cannot fall behind the server. To
// that end every object schema that lists properties (or is made of allOf
// parts) and does not say otherwise is closed with unevaluatedProperties:
// false — except where it is itself a part of an allOf, which sees only some
// of the properties (the whole is closed one level up). A schema used both
// ways exists twice below: #/$defs/closed/X and #/$defs/open/X.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
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

/** The object a (chain of) local $ref(s) points to. */
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

/** The documented response of an operation for a status: {content, headers} or undefined. */
export function responseOf(spec, method, pathTemplate, status) {
  const op = spec.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op) return undefined;
  const r = op.responses[String(status)] || op.responses[`${String(status)[0]}XX`] || op.responses.default;
  return r && resolve(spec, r);
}

const DOC = 'https://jingwu.invalid/openapi.json';
const COMPONENT = '#/components/schemas/';

/* A copy of schema s for Ajv: closed unless it is an allOf part (open),
 * component $refs pointing at the closed or open copy. */
function prepare(s, open) {
  if (Array.isArray(s)) return s.map((x) => prepare(x, open));
  if (s === null || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') {
      if (!v.startsWith(COMPONENT)) throw new Error(`$ref ${v} in a schema: only ${COMPONENT}* is supported`);
      out.$ref = `${DOC}#/$defs/${open ? 'open' : 'closed'}/${v.slice(COMPONENT.length)}`;
    } else if (k === 'allOf') {
      out.allOf = v.map((x) => prepare(x, true));
    } else if (k === 'properties' || k === 'patternProperties' || k === '$defs') {
      out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, prepare(x, false)]));
    } else if (['items', 'prefixItems', 'additionalProperties', 'oneOf', 'anyOf', 'not', 'if', 'then', 'else', 'contains'].includes(k)) {
      out[k] = prepare(v, false);
    } else {
      out[k] = v; // enum, const, example, ...: values, not schemas
    }
  }
  const lists = s.properties || s.allOf;
  if (lists && (s.additionalProperties === undefined || s.additionalProperties === false)) {
    // additionalProperties: false would not see the properties of allOf
    // parts; unevaluatedProperties does, and says the same otherwise.
    delete out.additionalProperties;
    if (!open) out.unevaluatedProperties = false;
  }
  return out;
}

const validators = new WeakMap(); // spec -> {ajv, compiled: Map(schema -> validate function)}

function checkerFor(spec) {
  let c = validators.get(spec);
  if (c) return c;
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  // The OpenAPI 3.1 base vocabulary: annotations Ajv must accept, not check.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  const schemas = spec.components?.schemas || {};
  const copies = (open) => Object.fromEntries(Object.entries(schemas).map(([n, x]) => [n, prepare(x, open)]));
  ajv.addSchema({ $id: DOC, $defs: { closed: copies(false), open: copies(true) } });
  c = { ajv, compiled: new Map() };
  validators.set(spec, c);
  return c;
}

/** Validates value against schema; returns a list of error strings (empty: valid). */
export function validate(spec, schema, value) {
  const c = checkerFor(spec);
  let check = c.compiled.get(schema);
  if (!check) {
    check = c.ajv.compile(prepare(schema, false));
    c.compiled.set(schema, check);
  }
  if (check(value)) return [];
  return check.errors.map((e) => {
    const at = `$${e.instancePath.replace(/\//g, '.')}`;
    const extra = e.params.unevaluatedProperty ?? e.params.allowedValues;
    return `${at}: ${e.message}${extra === undefined ? '' : ` (${JSON.stringify(extra)})`} [${e.schemaPath}]`;
  });
}

/**
 * Compiles every schema of the description — the components (closed and as
 * allOf parts) and the inline request and response schemas — so that Ajv's
 * strict mode sees all of them. Throws on the first it refuses.
 */
export function compileAll(spec) {
  const c = checkerFor(spec);
  for (const name of Object.keys(spec.components?.schemas || {})) {
    for (const kind of ['closed', 'open']) c.ajv.getSchema(`${DOC}#/$defs/${kind}/${name}`);
  }
  let n = 0;
  const media = (content) => Object.values(content || {}).filter((m) => m.schema);
  for (const item of Object.values(spec.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const bodies = [...media(resolve(spec, op.requestBody || {}).content)];
      for (const r of Object.values(op.responses || {})) bodies.push(...media(resolve(spec, r).content));
      for (const b of bodies) {
        validate(spec, b.schema, null);
        n++;
      }
    }
  }
  return n;
}
