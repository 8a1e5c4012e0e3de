// HTTP plumbing every endpoint shares: health, metrics, 404/405/414 as
// problem+json, X-Request-Id and the security headers on every response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function assertCommonHeaders(r, label) {
  const id = r.headers.get('x-request-id');
  assert.ok(id && id.length >= 8, `${label}: X-Request-Id ${id}`);
  assert.ok(r.headers.get('content-security-policy'), `${label}: no Content-Security-Policy`);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${label}: X-Content-Type-Options`);
  assert.ok(r.headers.get('referrer-policy'), `${label}: no Referrer-Policy`);
}

test('GET /healthz → 200 {"status":"ok"}', async () => {
  const r = await srv.client().get('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('GET /metrics → Prometheus text with jingwu_http_requests_total', async () => {
  await srv.client().get('/api/v1/units?limit=1');
  const r = await srv.client().get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /^# TYPE jingwu_http_requests_total counter$/m);
  assert.match(r.text, /^jingwu_http_requests_total(\{[^}]*\})? \d+(\.\d+)?$/m);
});

const cases = [
  { label: 'unknown API path', method: 'GET', path: '/api/v1/nope', status: 404, slug: 'not-found' },
  { label: 'unknown nested API path', method: 'GET', path: '/api/v1/units/1/nope', status: 404, slug: 'not-found' },
  { label: 'unknown API path, POST', method: 'POST', path: '/api/v1/nope', body: {}, status: 404, slug: 'not-found' },
  { label: 'wrong method on /healthz', method: 'PUT', path: '/healthz', status: 405, slug: 'method-not-allowed', allow: 'GET' },
  { label: 'wrong method on /api/v1/me', method: 'DELETE', path: '/api/v1/me', status: 405, slug: 'method-not-allowed', allow: 'GET' },
  { label: 'wrong method on /api/v1/stats/public', method: 'POST', path: '/api/v1/stats/public', body: {}, status: 405, slug: 'method-not-allowed', allow: 'GET' },
  { label: 'wrong method on /api/v1/auth/login', method: 'GET', path: '/api/v1/auth/login', status: 405, slug: 'method-not-allowed', allow: 'POST' },
  { label: 'wrong method on /api/v1/units/{id}', method: 'PATCH', path: '/api/v1/units/1', body: {}, status: 405, slug: 'method-not-allowed', allow: 'DELETE' },
  { label: 'URI too long (API)', method: 'GET', path: `/api/v1/units/${'1'.repeat(10000)}`, status: 414, slug: 'uri-too-long' },
  { label: 'URI too long (page)', method: 'GET', path: `/${'a'.repeat(10000)}`, status: 414, slug: 'uri-too-long' },
];

test('router errors are problem+json: 404, 405, 414', async () => {
  for (const c of cases) {
    const r = await srv.client().req(c.method, c.path, { body: c.body });
    assertProblem(r, c.status, c.slug, c.label);
    assertCommonHeaders(r, c.label);
  }
});

test('405 names the allowed methods in Allow (RFC 9110 §15.5.6)', async () => {
  for (const c of cases.filter((x) => x.allow)) {
    const r = await srv.client().req(c.method, c.path, { body: c.body });
    const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim());
    assert.ok(allow.includes(c.allow), `${c.label}: Allow: ${r.headers.get('allow')}`);
    assert.ok(!allow.includes(c.method), `${c.label}: Allow lists the refused ${c.method}`);
  }
});

test('every response has X-Request-Id (unique) and the security headers', async () => {
  const c = await srv.signIn('sysadmin');
  const rs = [
    ['healthz', await srv.client().get('/healthz')],
    ['metrics', await srv.client().get('/metrics')],
    ['units', await srv.client().get('/api/v1/units?limit=1')],
    ['me 401', await srv.client().get('/api/v1/me')],
    ['me 200', await c.get('/api/v1/me')],
    ['page-view 204', await srv.client().post('/api/v1/stats/page-view')],
    ['422', await srv.client().get('/api/v1/units?limit=0')],
    ['400', await srv.client().req('POST', '/api/v1/auth/login', { raw: '{' })],
    ['404', await srv.client().get('/api/v1/nope')],
  ];
  const ids = new Set();
  for (const [label, r] of rs) {
    assertCommonHeaders(r, label);
    ids.add(r.headers.get('x-request-id'));
  }
  assert.equal(ids.size, rs.length, 'request ids repeat');
});

