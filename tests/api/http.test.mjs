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


test('problem details speak Chinese to a client that asks for it', async () => {
  const c = srv.client();
  const zh = await c.req('GET', '/api/v1/units/999999', { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
  assert.equal(zh.status, 404);
  assert.equal(zh.json.title, '未找到');
  assert.equal(zh.json.detail, '单位 999999 不存在。');
  const en = await c.req('GET', '/api/v1/units/999999', { headers: { 'Accept-Language': 'en-US' } });
  assert.equal(en.json.title, 'Not found');
  assert.equal(en.json.detail, 'There is no unit 999999.');
  const bad = await c.req('POST', '/api/v1/auth/register', {
    headers: { 'Accept-Language': 'zh-CN' },
    body: { phone: '123', password: 'short', name: '张三', id_number: '110105194912310021' },
  });
  assert.equal(bad.status, 422);
  const byField = Object.fromEntries(bad.json.errors.map((e) => [e.field, e.message]));
  assert.equal(byField.phone, '手机号码应为 11 位数字。');
  assert.equal(byField.id_number, '身份证号码校验位不正确。');
  assert.equal(byField.password, '至少 8 个字符');
});

test('metrics include the database pool and the business counters', async () => {
  const r = await srv.client().get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.text, /^jingwu_db_connections\{driver="(sqlite|postgres)"\} [1-9]\d*$/m);
  assert.match(r.text, /^jingwu_counter\{name="page_views"\} \d+$/m);
  assert.match(r.text, /^jingwu_counter\{name="transactions"\} \d+$/m);
  assert.match(r.text, /^jingwu_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+$/m);
});
