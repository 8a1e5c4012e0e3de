// api/openapi.yaml against the server: the same set of routes as
// `jingwu routes`, and real responses of every operation that match the
// documented status codes, content types and schemas.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run, BIN, registerCitizen, citizen, freshBadge, DEMO_PASSWORD, idNumber, badCheckIdNumber } from './harness.mjs';
import { linkOfficer } from './consult_helpers.mjs';
import { loadSpec, operations, validate, responseOf, resolve, compileAll } from './openapi_schema.mjs';
import { upload, jpeg, residenceForm, residenceAttachments, RESIDENCE } from './service_hall.mjs';

const spec = loadSpec();

test('the description is OpenAPI 3.1 with the shared pieces the contract names', () => {
  assert.match(spec.openapi, /^3\.1\./);
  assert.equal(spec.info.title, 'jingwu API');
  const cs = spec.components.securitySchemes.cookieAuth;
  assert.deepEqual({ type: cs.type, in: cs.in, name: cs.name }, { type: 'apiKey', in: 'cookie', name: 'jw_session' });
  for (const s of ['Problem', 'FieldError', 'User', 'Unit', 'Officer', 'Staff', 'AuditEntry']) {
    assert.ok(spec.components.schemas[s], `schema ${s}`);
  }
  // Every unsafe operation takes X-CSRF-Token; every error response is problem+json.
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const m of ['post', 'put', 'patch', 'delete']) {
      // A machine's endpoint that no browser session reaches (a payment
      // channel's notification) says so with x-csrf-exempt.
      if (!item[m] || item[m]['x-csrf-exempt'] === true) continue;
      const names = [...(item.parameters || []), ...(item[m].parameters || [])].map((p) => resolve(spec, p).name);
      assert.ok(names.includes('X-CSRF-Token'), `${m.toUpperCase()} ${path} lacks X-CSRF-Token`);
    }
    for (const m of Object.keys(item).filter((k) => k !== 'parameters')) {
      for (const [status, r] of Object.entries(item[m].responses)) {
        if (Number(status) < 400 || (path === '/healthz' && status === '503')) continue; // spec: {"status":"unavailable"}
        // Open311 GeoReport v2 answers its errors in the specification's own format ([{code, description}]).
        if (path.startsWith('/open311/') && resolve(spec, r) === spec.components.responses.Open311Error) continue;
        const content = resolve(spec, r).content || {};
        assert.deepEqual(Object.keys(content), ['application/problem+json'], `${m} ${path} ${status}`);
      }
    }
  }
});

test('the schema check itself rejects what it should', () => {
  const user = {
    id: 1, kind: 'citizen', role: 'citizen', login: '13800138000', name: '张三', phone: '13800138000',
    id_number: '11010519491231002X', unit_id: null, unit_name: null, created_at: '2026-11-29T10:00:00+08:00',
  };
  const U = { $ref: '#/components/schemas/User' };
  assert.deepEqual(validate(spec, U, user), []);
  assert.equal(validate(spec, U, { ...user, extra: 1 }).length, 1, 'undocumented property');
  assert.equal(validate(spec, U, { ...user, role: 'king' }).length, 1, 'enum');
  assert.equal(validate(spec, U, { ...user, id: '1' }).length, 1, 'type');
  assert.equal(validate(spec, U, { ...user, created_at: '2026-11-29T02:00:00Z' }).length, 1, 'offset');
  const { name, ...noName } = user;
  assert.equal(validate(spec, U, noName).length, 1, `required (${name})`);
  const tree = { items: [{ id: 1, parent_id: null, kind: 'bureau', name: 'x', address: '', phone: '', hours: '', lat: null, lng: null, sort: 0, children: [] }] };
  assert.deepEqual(validate(spec, { $ref: '#/components/schemas/UnitTree' }, tree), []);
  tree.items[0].children.push({ ...tree.items[0], id: 2, children: [], surprise: true });
  assert.equal(validate(spec, { $ref: '#/components/schemas/UnitTree' }, tree).length, 1, 'nested allOf');
  assert.equal(validate(spec, { type: 'string', format: 'date' }, '2026-02-30').length, 1, 'format');
});

test('every schema of the description compiles in Ajv strict mode', () => {
  assert.ok(compileAll(spec) > 100, 'request and response schemas');
});

test('every route is documented and every documented operation is routed', async () => {
  const r = await run(BIN, ['routes']);
  assert.equal(r.code, 0, `jingwu routes: ${r.stderr}`);
  const routed = new Set(r.stdout.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean));
  const documented = new Set(operations(spec));
  const undocumented = [...routed].filter((x) => !documented.has(x));
  const unrouted = [...documented].filter((x) => !routed.has(x));
  assert.deepEqual({ undocumented, unrouted }, { undocumented: [], unrouted: [] });
});

describe('responses of a running server', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  const seen = new Set(); // "METHOD template" checked
  const failures = [];

  /** Sends a request and checks the response against the description. */
  async function check(client, method, template, params, opts, expect) {
    const path = template.replace(/\{(\w+)\}/g, (_, k) => params[k]) + (opts.query || '');
    const r = await client.req(method, path, opts);
    const label = `${method} ${path}`;
    assert.equal(r.status, expect, `${label}: ${r.status} ${r.text.slice(0, 300)}`);
    seen.add(`${method} ${template}`);
    const doc = responseOf(spec, method, template, r.status);
    if (!doc) { failures.push(`${label}: status ${r.status} is not documented`); return r; }
    if (r.status === 204) {
      if (r.text !== '') failures.push(`${label}: 204 with a body`);
      if (doc.content) failures.push(`${label}: documented 204 has content`);
      return r;
    }
    const ct = (r.headers.get('content-type') || '').split(';')[0].trim();
    const media = doc.content?.[ct];
    if (!media) { failures.push(`${label}: Content-Type ${ct} not documented for ${r.status}`); return r; }
    if (/json/.test(ct)) {
      const errs = validate(spec, media.schema, r.json);
      if (errs.length) failures.push(`${label} (${r.status}):\n    ${errs.slice(0, 8).join('\n    ')}`);
    }
    return r;
  }

  test('real responses match the documented statuses, content types and schemas', async () => {
    const anon = srv.client();
    const sys = await srv.signIn('sysadmin');
    const sec = await srv.signIn('secadmin');
    const aud = await srv.signIn('auditor');
    const ua = await srv.signIn('unit_admin');
    const cit = await registerCitizen(srv);
    const me = await srv.signIn(cit.phone, cit.password);

    await check(anon, 'GET', '/healthz', {}, {}, 200);
    await check(anon, 'GET', '/metrics', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/stats/public', {}, {}, 200);
    await check(anon, 'POST', '/api/v1/stats/page-view', {}, {}, 204);
    await check(anon, 'POST', '/api/v1/stats/page-view', {}, { body: { path: 'no-slash' } }, 422);
    await check(anon, 'GET', '/api/v1/config', {}, {}, 200);
    // The portal (issue 12): the quiet session probe, public statistics, a unit's statistics, the site search.
    await check(anon, 'GET', '/api/v1/session', {}, {}, 200);
    await check(me, 'GET', '/api/v1/session', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/stats/overview', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/stats/overview', {}, { query: '?months=0' }, 422);
    const uaUnit = (await ua.get('/api/v1/me')).json.user.unit_id;
    await check(ua, 'GET', '/api/v1/stats/units/{id}', { id: uaUnit }, {}, 200);
    await check(ua, 'GET', '/api/v1/stats/units/{id}', { id: 1 }, {}, 404);
    await check(ua, 'GET', '/api/v1/stats/units/{id}', { id: uaUnit }, { query: '?months=99' }, 422);
    await check(anon, 'GET', '/api/v1/stats/units/{id}', { id: uaUnit }, {}, 401);
    await check(me, 'GET', '/api/v1/stats/units/{id}', { id: uaUnit }, {}, 403);
    await check(anon, 'GET', '/api/v1/search', {}, { query: `?q=${encodeURIComponent('居住证')}` }, 200);
    await check(anon, 'GET', '/api/v1/search', {}, { query: '?q=' }, 422);
    await check(anon, 'GET', '/api/v1/search', {}, { query: '?q=%FF' }, 400);

    await check(anon, 'POST', '/api/v1/auth/register', {}, { body: citizen() }, 201);
    await check(anon, 'POST', '/api/v1/auth/register', {}, { body: citizen({ phone: cit.phone }) }, 409);
    await check(anon, 'POST', '/api/v1/auth/register', {}, { body: citizen({ phone: '1' }) }, 422);
    await check(anon, 'POST', '/api/v1/auth/register', {}, { raw: '{' }, 400);
    await check(anon, 'POST', '/api/v1/auth/login', {}, { body: { login: 'nobody', password: 'x' } }, 401);
    await check(srv.client(), 'POST', '/api/v1/auth/login', {}, { body: { login: 'officer', password: DEMO_PASSWORD } }, 200);
    await check(anon, 'GET', '/api/v1/me', {}, {}, 401);
    await check(me, 'GET', '/api/v1/me', {}, {}, 200);
    await check(sys, 'GET', '/api/v1/me', {}, {}, 200);

    const list = await check(anon, 'GET', '/api/v1/units', {}, { query: '?limit=5' }, 200);
    await check(anon, 'GET', '/api/v1/units', {}, { query: '?format=tree' }, 200);
    await check(anon, 'GET', '/api/v1/units', {}, { query: '?limit=0' }, 422);
    const jj = (await anon.get(`/api/v1/units?q=${encodeURIComponent('椒江分局')}`)).json.items[0];
    await check(anon, 'GET', '/api/v1/units/{id}', { id: jj.id }, {}, 200);
    await check(anon, 'GET', '/api/v1/units/{id}', { id: list.json.items[0].id }, {}, 200);
    await check(anon, 'GET', '/api/v1/units/{id}', { id: 999999 }, {}, 404);
    const unitBody = { parent_id: jj.id, kind: 'station', name: '契约测试派出所', address: '测试路2号', phone: '0576-1', hours: '24小时', lat: null, lng: null, sort: 50 };
    const u = await check(sys, 'POST', '/api/v1/units', {}, { body: unitBody }, 201);
    await check(me, 'POST', '/api/v1/units', {}, { body: unitBody }, 403);
    await check(sys, 'PUT', '/api/v1/units/{id}', { id: u.json.id }, { body: { ...unitBody, name: '契约测试派出所二' } }, 200);
    await check(sys, 'DELETE', '/api/v1/units/{id}', { id: jj.id }, {}, 409);
    await check(sys, 'DELETE', '/api/v1/units/{id}', { id: u.json.id }, {}, 204);

    await check(anon, 'GET', '/api/v1/officers', {}, { query: '?limit=3' }, 200);
    // 按地址查找 (phone13 #3): a grid's road, a station's street, nothing, bad input.
    await check(anon, 'GET', '/api/v1/directory/locate', {}, { query: `?address=${encodeURIComponent('白云山南路18号')}` }, 200);
    await check(anon, 'GET', '/api/v1/directory/locate', {}, { query: `?address=${encodeURIComponent('溪路')}` }, 200);
    await check(anon, 'GET', '/api/v1/directory/locate', {}, { query: '?address=xyz' }, 200);
    await check(anon, 'GET', '/api/v1/directory/locate', {}, { query: '?address=' }, 422);
    await check(anon, 'GET', '/api/v1/directory/locate', {}, { query: '?address=%01' }, 400);
    const aux = (await anon.get('/api/v1/officers?kind=auxiliary&limit=1')).json.items[0];
    await check(anon, 'GET', '/api/v1/officers', {}, { query: '?kind=auxiliary&limit=3' }, 200);
    await check(anon, 'GET', '/api/v1/officers/{id}', { id: aux.id }, {}, 200);
    await check(anon, 'GET', '/api/v1/officers/{id}', { id: 999999 }, {}, 404);
    const ob = { unit_id: jj.id, name: '契约警官', kind: 'police', badge_no: await freshBadge(anon), title: '警长', duty_area: '', office_hours: '', accepts_appointments: false, intro: '' };
    const o = await check(ua, 'POST', '/api/v1/officers', {}, { body: ob }, 201);
    await check(ua, 'POST', '/api/v1/officers', {}, { body: ob }, 409);
    await check(anon, 'GET', '/api/v1/officers/{id}', { id: o.json.id }, {}, 200);
    await check(ua, 'PUT', '/api/v1/officers/{id}', { id: o.json.id }, { body: { ...ob, title: '一级警长' } }, 200);
    await check(ua, 'DELETE', '/api/v1/officers/{id}', { id: o.json.id }, {}, 204);

    await check(sys, 'GET', '/api/v1/staff', {}, { query: '?limit=100' }, 200);
    await check(me, 'GET', '/api/v1/staff', {}, {}, 403);
    const sb = { login: 'contract_test', name: '契约测试', role: 'officer', unit_id: jj.id, password: 'Staff-pass-2026' };
    const s = await check(sys, 'POST', '/api/v1/staff', {}, { body: sb }, 201);
    await check(sys, 'POST', '/api/v1/staff', {}, { body: sb }, 409);
    await check(srv.client(), 'POST', '/api/v1/auth/login', {}, { body: { login: sb.login, password: sb.password } }, 200);
    await check(ua, 'GET', '/api/v1/staff', {}, {}, 200);
    await check(sys, 'PUT', '/api/v1/staff/{id}', { id: s.json.id }, { body: { name: '契约测试乙', unit_id: jj.id, disabled: false } }, 200);
    await check(sec, 'PUT', '/api/v1/staff/{id}/role', { id: s.json.id }, { body: { role: 'station_chief' } }, 200);
    await check(sys, 'PUT', '/api/v1/staff/{id}/role', { id: s.json.id }, { body: { role: 'officer' } }, 403);
    await check(sys, 'POST', '/api/v1/staff/{id}/password', { id: s.json.id }, { body: { password: 'Other-pass-2026' } }, 204);

    await check(aud, 'GET', '/api/v1/audit', {}, { query: '?limit=100' }, 200);
    await check(sys, 'GET', '/api/v1/audit', {}, {}, 403);
    await check(aud, 'GET', '/api/v1/audit/verify', {}, {}, 200);

    await check(anon, 'GET', '/api/v1/calendar', {}, { query: '?year=2026' }, 200);
    await check(anon, 'GET', '/api/v1/calendar', {}, { query: '?year=x' }, 422);
    await check(sys, 'PUT', '/api/v1/calendar/{day}', { day: '2026-12-31' }, { body: { kind: 'holiday', name: '契约' } }, 200);
    await check(ua, 'PUT', '/api/v1/calendar/{day}', { day: '2026-12-31' }, { body: { kind: 'holiday', name: '契约' } }, 403);
    await check(sys, 'DELETE', '/api/v1/calendar/{day}', { day: '2026-12-31' }, {}, 204);
    await check(sys, 'DELETE', '/api/v1/calendar/{day}', { day: '2026-12-31' }, {}, 404);

    // payments: the demo citizen pays the demo car's handled fine through the sandbox
    const payer = await srv.signIn('13800138000');
    const fine = await srv.value(`SELECT v.id FROM violations v JOIN vehicles h ON h.id = v.vehicle_id
      WHERE h.plate = '浙J12345' AND v.status = 'handled' ORDER BY v.id LIMIT 1`);
    const payBody = { purpose: 'violation', ref: String(fine), channel: 'sandbox' };
    const chans = await check(anon, 'GET', '/api/v1/payments/channels', {}, {}, 200);
    assert.deepEqual(chans.json.items, [{ name: 'sandbox' }]);
    const order = await check(payer, 'POST', '/api/v1/payments', {}, { body: payBody }, 201);
    await check(payer, 'POST', '/api/v1/payments', {}, { body: payBody }, 200);
    await check(me, 'POST', '/api/v1/payments', {}, { body: payBody }, 404);
    await check(payer, 'POST', '/api/v1/payments', {}, { body: { ...payBody, amount_cents: 1 } }, 422);
    await check(payer, 'POST', '/api/v1/payments', {}, { raw: '{' }, 400);
    await check(anon, 'POST', '/api/v1/payments', {}, { body: payBody }, 401);
    await check(sys, 'POST', '/api/v1/payments', {}, { body: payBody }, 403);
    const oid = { id: order.json.id };
    await check(payer, 'GET', '/api/v1/payments/{id}/receipt', oid, {}, 409);
    await check(payer, 'GET', '/api/v1/payments/{id}/receipt.pdf', oid, {}, 409);
    await check(payer, 'GET', '/api/v1/payments/{id}', oid, {}, 200);
    await check(me, 'GET', '/api/v1/payments/{id}', oid, {}, 404);
    await check(anon, 'GET', '/api/v1/payments/{id}', oid, {}, 401);
    await check(sys, 'GET', '/api/v1/payments/{id}', oid, {}, 403);
    await check(payer, 'GET', '/api/v1/payments/{id}/sandbox/notification', oid, { query: '?result=success' }, 200);
    await check(payer, 'GET', '/api/v1/payments/{id}/sandbox/notification', oid, { query: '?result=maybe' }, 422);
    await check(me, 'GET', '/api/v1/payments/{id}/sandbox/notification', oid, { query: '?result=fail' }, 404);
    await check(anon, 'GET', '/api/v1/payments/{id}/sandbox/notification', oid, { query: '?result=fail' }, 401);
    await check(sys, 'GET', '/api/v1/payments/{id}/sandbox/notification', oid, { query: '?result=fail' }, 403);
    await check(anon, 'POST', '/api/v1/payments/notify/{channel}', { channel: 'sandbox' }, { raw: '{"x":1}' }, 400);
    await check(anon, 'POST', '/api/v1/payments/notify/{channel}', { channel: 'nope' }, { raw: '{}' }, 404);
    await check(anon, 'POST', '/api/v1/payments/notify/{channel}', { channel: 'sandbox' }, { raw: 'x'.repeat(17000) }, 413);
    await check(payer, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'later' } }, 422);
    await check(payer, 'POST', '/api/v1/payments/{id}/sandbox', oid, { raw: '{' }, 400);
    await check(me, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'success' } }, 404);
    await check(anon, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'success' } }, 401);
    await check(sys, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'success' } }, 403);
    await check(payer, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'success' } }, 202);
    await check(payer, 'POST', '/api/v1/payments/{id}/sandbox', oid, { body: { result: 'success' } }, 409);
    await check(payer, 'POST', '/api/v1/payments', {}, { body: payBody }, 409);
    // receipts: the payer's (JSON and PDF) and the public check of its code
    const receipt = await check(payer, 'GET', '/api/v1/payments/{id}/receipt', oid, {}, 200);
    await check(me, 'GET', '/api/v1/payments/{id}/receipt', oid, {}, 404);
    await check(anon, 'GET', '/api/v1/payments/{id}/receipt', oid, {}, 401);
    await check(sys, 'GET', '/api/v1/payments/{id}/receipt', oid, {}, 403);
    await check(payer, 'GET', '/api/v1/payments/{id}/receipt.pdf', oid, {}, 200);
    await check(me, 'GET', '/api/v1/payments/{id}/receipt.pdf', oid, {}, 404);
    await check(anon, 'GET', '/api/v1/payments/{id}/receipt.pdf', oid, {}, 401);
    await check(sys, 'GET', '/api/v1/payments/{id}/receipt.pdf', oid, {}, 403);
    const token = receipt.json.token;
    const genuine = await check(anon, 'GET', '/api/v1/receipts/verify', {}, { query: `?token=${token}` }, 200);
    assert.equal(genuine.json.genuine, true);
    const forged = await check(anon, 'GET', '/api/v1/receipts/verify', {}, { query: `?token=${token.slice(0, -1)}x` }, 200);
    assert.equal(forged.json.genuine, false);
    await check(anon, 'GET', '/api/v1/receipts/verify', {}, {}, 422);
    const replay = (await payer.get(`/api/v1/payments/${order.json.id}/sandbox/notification?result=success`)).text;
    await check(anon, 'POST', '/api/v1/payments/notify/{channel}', { channel: 'sandbox' }, { raw: replay }, 200);
    await check(payer, 'GET', '/api/v1/me/payments', {}, { query: '?limit=1' }, 200);
    await check(payer, 'GET', '/api/v1/me/payments', {}, { query: '?limit=0' }, 422);
    await check(anon, 'GET', '/api/v1/me/payments', {}, {}, 401);
    await check(sys, 'GET', '/api/v1/me/payments', {}, {}, 403);
    // the finance office
    const cashier = await srv.signIn('cashier');
    const approver = await srv.signIn('finance_approver');
    const payDay = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    await check(cashier, 'GET', '/api/v1/payments', {}, { query: `?q=${order.json.id}` }, 200);
    await check(aud, 'GET', '/api/v1/payments', {}, { query: '?status=succeeded&limit=5' }, 200);
    await check(cashier, 'GET', '/api/v1/payments', {}, { query: '?status=lost' }, 422);
    await check(me, 'GET', '/api/v1/payments', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/payments', {}, {}, 401);
    await check(approver, 'GET', '/api/v1/payments/{id}', oid, {}, 200);
    const refund = await check(cashier, 'POST', '/api/v1/payments/{id}/refunds', oid, { body: { amount_cents: 100, reason: '契约测试退款' } }, 201);
    await check(cashier, 'POST', '/api/v1/payments/{id}/refunds', oid, { body: { amount_cents: 100000000, reason: '契约测试退款' } }, 409);
    await check(cashier, 'POST', '/api/v1/payments/{id}/refunds', oid, { body: { amount_cents: 0, reason: '契约测试退款' } }, 422);
    await check(cashier, 'POST', '/api/v1/payments/{id}/refunds', oid, { raw: '{' }, 400);
    await check(cashier, 'POST', '/api/v1/payments/{id}/refunds', { id: 'P'.padEnd(21, '0') }, { body: { amount_cents: 1, reason: '契约测试退款' } }, 404);
    await check(approver, 'POST', '/api/v1/payments/{id}/refunds', oid, { body: { amount_cents: 1, reason: '契约测试退款' } }, 403);
    await check(anon, 'POST', '/api/v1/payments/{id}/refunds', oid, { body: { amount_cents: 1, reason: '契约测试退款' } }, 401);
    await check(cashier, 'GET', '/api/v1/payments/refunds', {}, { query: '?status=requested' }, 200);
    await check(cashier, 'GET', '/api/v1/payments/refunds', {}, { query: '?status=maybe' }, 422);
    await check(me, 'GET', '/api/v1/payments/refunds', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/payments/refunds', {}, {}, 401);
    const rid = { id: refund.json.id };
    await check(cashier, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { body: {} }, 403);
    await check(anon, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { body: {} }, 401);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/approve', { id: 999999 }, { body: {} }, 404);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { raw: '{' }, 400);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { body: { note: 5 } }, 422);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { body: { note: '同意' } }, 200);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/approve', rid, { body: {} }, 409);
    const second = await cashier.post(`/api/v1/payments/${order.json.id}/refunds`, { amount_cents: 100, reason: '契约测试退款' });
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { body: {} }, 422);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { raw: '{' }, 400);
    await check(cashier, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { body: { note: '不同意' } }, 403);
    await check(anon, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { body: { note: '不同意' } }, 401);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: 999999 }, { body: { note: '不同意' } }, 404);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { body: { note: '不同意' } }, 200);
    await check(approver, 'POST', '/api/v1/payments/refunds/{id}/reject', { id: second.json.id }, { body: { note: '不同意' } }, 409);
    await check(cashier, 'GET', '/api/v1/payments/daily', {}, { query: `?from=${payDay}&to=${payDay}` }, 200);
    await check(cashier, 'GET', '/api/v1/payments/daily', {}, { query: '?from=x&to=y' }, 422);
    await check(me, 'GET', '/api/v1/payments/daily', {}, { query: `?from=${payDay}&to=${payDay}` }, 403);
    await check(anon, 'GET', '/api/v1/payments/daily', {}, {}, 401);
    const csv = { 'Content-Type': 'text/csv' };
    await check(cashier, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}`, raw: 'trade_no,out_trade_no,amount_cents\r\n', headers: csv }, 200);
    await check(cashier, 'POST', '/api/v1/payments/reconciliations', {}, { query: '?channel=sandbox&date=x', raw: 'a', headers: csv }, 422);
    await check(cashier, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}&name=statement.csv`, raw: 'trade_no,out_trade_no,amount_cents\r\n', headers: csv }, 200);
    await check(cashier, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}&name=${'n'.repeat(201)}`, raw: 'a', headers: csv }, 422);
    await check(aud, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}`, raw: 'a', headers: csv }, 403);
    await check(anon, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}`, raw: 'a', headers: csv }, 401);
    await check(cashier, 'POST', '/api/v1/payments/reconciliations', {}, { query: `?channel=sandbox&date=${payDay}`, raw: 'x'.repeat(21 * 1024 * 1024), headers: csv }, 413);

    await srv.sql(`INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)
                   VALUES (${cit.id}, 'test', '契约', '', '', 1796000000, 0)`);
    const inbox = await check(me, 'GET', '/api/v1/me/notifications', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/me/notifications', {}, {}, 401);
    await check(me, 'POST', '/api/v1/me/notifications/{id}/read', { id: inbox.json.items[0].id }, {}, 204);
    await check(sys, 'POST', '/api/v1/me/notifications/{id}/read', { id: inbox.json.items[0].id }, {}, 404);

    // service hall and sunshine disclosure
    await check(anon, 'GET', '/api/v1/services', {}, { query: `?q=${encodeURIComponent('居住证')}` }, 200);
    await check(anon, 'GET', '/api/v1/services', {}, { query: '?category=nope' }, 422);
    await check(anon, 'GET', '/api/v1/services/categories', {}, {}, 200);
    const item = await check(anon, 'GET', '/api/v1/services/{id}', { id: RESIDENCE }, {}, 200);
    await check(anon, 'GET', '/api/v1/services/{id}', { id: 999999 }, {}, 404);
    await check(anon, 'GET', '/api/v1/services/{id}/versions', { id: RESIDENCE }, {}, 200);
    await check(anon, 'GET', '/api/v1/services/{id}/versions', { id: 999999 }, {}, 404);
    await check(anon, 'GET', '/api/v1/services/{id}/accepting-units', { id: RESIDENCE }, {}, 200);
    await check(me, 'GET', '/api/v1/services/{id}/accepting-units', { id: RESIDENCE }, {}, 200);
    await check(anon, 'GET', '/api/v1/services/{id}/accepting-units', { id: 999999 }, {}, 404);
    const { id: _i, version: _v, published_at: _p, versions_count: _c, category_name: _n, accepting_unit_kinds: _k, ...doc } = item.json;
    const draft = await check(sys, 'POST', '/api/v1/services', {}, { body: { ...doc, code: 'TZGA-CT-001', name: '契约测试事项' } }, 201);
    await check(sys, 'POST', '/api/v1/services', {}, { body: { ...doc, code: 'TZGA-CT-001' } }, 409);
    await check(ua, 'POST', '/api/v1/services', {}, { body: doc }, 403);
    await check(sys, 'GET', '/api/v1/services/{id}/draft', { id: draft.json.id }, {}, 200);
    const drafts = await check(sys, 'GET', '/api/v1/services/drafts', {}, {}, 200);
    assert.ok(drafts.json.items.some((it) => it.id === draft.json.id && it.has_draft && it.version === 0));
    await check(ua, 'GET', '/api/v1/services/drafts', {}, {}, 403);
    await check(sys, 'PUT', '/api/v1/services/{id}/draft', { id: draft.json.id }, { body: { ...doc, code: 'TZGA-CT-001', name: '契约测试事项', faq: [] } }, 200);
    await check(sys, 'POST', '/api/v1/services/{id}/publish', { id: draft.json.id }, {}, 422);
    await check(sys, 'PUT', '/api/v1/services/{id}/draft', { id: draft.json.id }, { body: { ...doc, code: 'TZGA-CT-001', name: '契约测试事项' } }, 200);
    await check(sys, 'POST', '/api/v1/services/{id}/publish', { id: draft.json.id }, {}, 200);
    assert.ok(!(await sys.get('/api/v1/services/drafts')).json.items.some((it) => it.id === draft.json.id), 'published: off the list');
    await check(sys, 'POST', '/api/v1/services/{id}/publish', { id: draft.json.id }, {}, 409);
    await check(anon, 'POST', '/api/v1/uploads', {}, { raw: 'x', headers: { 'Content-Type': 'multipart/form-data; boundary=b' } }, 401);
    const up = await upload(me, jpeg());
    assert.equal(up.status, 201);
    await check(me, 'POST', '/api/v1/uploads', {}, { raw: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nMZ\x90\r\n--b--\r\n', headers: { 'Content-Type': 'multipart/form-data; boundary=b' } }, 415);
    await check(me, 'POST', '/api/v1/uploads', {}, { raw: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\r\n--b--\r\n', headers: { 'Content-Type': 'multipart/form-data; boundary=b' } }, 422);
    await check(me, 'POST', '/api/v1/uploads', {}, { raw: '--b\r\nnonsense', headers: { 'Content-Type': 'multipart/form-data; boundary=b' } }, 400);
    const bailiwick = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
    const appBody = { service_id: RESIDENCE, unit_id: bailiwick, form: residenceForm(), attachments: await residenceAttachments(me) };
    const app = await check(me, 'POST', '/api/v1/applications', {}, { body: appBody, headers: { 'Idempotency-Key': 'contract-1' } }, 201);
    await check(me, 'POST', '/api/v1/applications', {}, { body: appBody, headers: { 'Idempotency-Key': 'contract-1' } }, 201);
    await check(me, 'POST', '/api/v1/applications', {}, { body: { ...appBody, form: {} } }, 422);
    await check(sys, 'POST', '/api/v1/applications', {}, { body: appBody }, 403);
    await check(anon, 'POST', '/api/v1/applications', {}, { body: appBody }, 401);
    const no = app.json.tracking_no;
    const chief = await srv.signIn('station_chief');
    await check(chief, 'GET', '/api/v1/applications', {}, { query: '?due=soon' }, 200);
    await check(chief, 'GET', '/api/v1/applications', {}, { query: '?due=later' }, 422);
    await check(chief, 'GET', '/api/v1/applications', {}, { query: `?unit_id=${jj.id}` }, 404);
    await check(me, 'GET', '/api/v1/applications', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/applications', {}, {}, 401);
    await check(chief, 'GET', '/api/v1/applications/overdue', {}, {}, 200);
    await check(me, 'GET', '/api/v1/applications/overdue', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/applications/overdue', {}, {}, 401);
    await check(me, 'GET', '/api/v1/applications/{tracking_no}', { tracking_no: no }, {}, 200);
    await check(sys, 'GET', '/api/v1/applications/{tracking_no}', { tracking_no: 'TZ20260101999999' }, {}, 404);
    await check(anon, 'GET', '/api/v1/applications/{tracking_no}', { tracking_no: no }, {}, 401);
    await check(me, 'GET', '/api/v1/me/applications', {}, {}, 200);
    await check(me, 'GET', '/api/v1/me/applications', {}, { query: '?status=lost' }, 422);
    await check(sys, 'GET', '/api/v1/me/applications', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/me/applications', {}, {}, 401);
    const att = (await me.get(`/api/v1/applications/${no}`)).json.attachments[0];
    await check(chief, 'GET', '/api/v1/applications/{tracking_no}/attachments/{upload_id}', { tracking_no: no, upload_id: att.upload_id }, {}, 200);
    await check(chief, 'GET', '/api/v1/applications/{tracking_no}/attachments/{upload_id}', { tracking_no: no, upload_id: 999999 }, {}, 404);
    await check(anon, 'GET', '/api/v1/applications/{tracking_no}/attachments/{upload_id}', { tracking_no: no, upload_id: att.upload_id }, {}, 401);
    const chiefId = Number(await srv.value("SELECT id FROM users WHERE login = 'station_chief'"));
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/assign', { tracking_no: no }, { body: { user_id: chiefId } }, 200);
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/assign', { tracking_no: no }, { body: { user_id: 'x' } }, 422);
    await check(me, 'POST', '/api/v1/applications/{tracking_no}/assign', { tracking_no: no }, { body: { user_id: chiefId } }, 403);
    await check(anon, 'POST', '/api/v1/applications/{tracking_no}/assign', { tracking_no: no }, { body: { user_id: chiefId } }, 401);
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/assign', { tracking_no: 'TZ20260101999999' }, { body: { user_id: chiefId } }, 404);
    await check(me, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: no }, { body: { grade: 5 } }, 409);
    const move = (event, extra = {}) => ({ body: { event, ...extra } });
    await check(me, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, move('accept'), 403);
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, move('approve'), 409);
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, move('fly'), 422);
    await check(chief, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, { raw: '[' }, 400);
    await check(anon, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, move('accept'), 401);
    await check(sys, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: 'TZ20260101999999' }, move('accept'), 404);
    for (const [ev, extra] of [['accept'], ['start_review'], ['approve'], ['complete', { result: 'electronic' }]]) {
      await check(chief, 'POST', '/api/v1/applications/{tracking_no}/transitions', { tracking_no: no }, move(ev, extra), 200);
    }
    await check(me, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: no }, { body: { grade: 9 } }, 422);
    await check(me, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: no }, { body: { grade: 2, comment: '等太久' } }, 201);
    await check(sys, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: no }, { body: { grade: 5 } }, 403);
    await check(anon, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: no }, { body: { grade: 5 } }, 401);
    await check(sys, 'POST', '/api/v1/applications/{tracking_no}/rating', { tracking_no: 'TZ20260101999999' }, { body: { grade: 5 } }, 403);
    await check(chief, 'GET', '/api/v1/applications/follow-ups', {}, {}, 200);
    await check(chief, 'GET', '/api/v1/applications/follow-ups', {}, { query: '?limit=0' }, 422);
    await check(me, 'GET', '/api/v1/applications/follow-ups', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/applications/follow-ups', {}, {}, 401);
    await check(anon, 'GET', '/api/v1/disclosure', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/services/{id}/disclosure', { id: RESIDENCE }, {}, 200);
    await check(anon, 'GET', '/api/v1/services/{id}/disclosure', { id: 999999 }, {}, 404);
    await check(anon, 'GET', '/api/v1/services/{id}/draft', { id: RESIDENCE }, {}, 401);
    await check(ua, 'GET', '/api/v1/services/{id}/draft', { id: RESIDENCE }, {}, 403);
    await check(sys, 'GET', '/api/v1/services/{id}/draft', { id: 999999 }, {}, 404);
    await check(sys, 'PUT', '/api/v1/services/{id}/draft', { id: 999999 }, { body: doc }, 404);
    await check(sys, 'PUT', '/api/v1/services/{id}/draft', { id: RESIDENCE }, { raw: '{' }, 400);
    await check(sys, 'POST', '/api/v1/services/{id}/publish', { id: 999999 }, {}, 404);
    // Traffic online services and inspection appointments.
    const demo = await srv.signIn('13800138000');
    const tp = await srv.signIn('traffic');
    const insp = await srv.signIn('inspector');
    const vq = (six) => `?plate_type=02&plate=${encodeURIComponent('浙J12345')}&engine6=${six}`;
    await check(anon, 'GET', '/api/v1/plate-types', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/violation-acts', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/violations', {}, { query: vq('123456') }, 200);
    await check(anon, 'GET', '/api/v1/violations', {}, { query: vq('000000') }, 404);
    await check(anon, 'GET', '/api/v1/violations', {}, { query: '?plate_type=02&plate=x&engine6=1' }, 422);
    await check(demo, 'GET', '/api/v1/me/vehicles', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/me/vehicles', {}, {}, 401);
    const bound = await check(demo, 'POST', '/api/v1/me/vehicles', {}, { body: { plate_type: '52', plate: '浙JD12345', engine6: '654321' } }, 201);
    await check(demo, 'POST', '/api/v1/me/vehicles', {}, { body: { plate_type: '52', plate: '浙JD12345', engine6: '654321' } }, 409);
    await check(demo, 'POST', '/api/v1/me/vehicles', {}, { body: { plate_type: '52', plate: 'x', engine6: '654321' } }, 422);
    await check(demo, 'DELETE', '/api/v1/me/vehicles/{id}', { id: bound.json.id }, {}, 204);
    await check(me, 'DELETE', '/api/v1/me/vehicles/{id}', { id: bound.json.id }, {}, 404);
    // Another person's car: a consent request its owner decides.
    const demoCar = { plate_type: '02', plate: '浙J12345', engine6: '123456' };
    const ask = await check(me, 'POST', '/api/v1/me/vehicles', {}, { body: demoCar }, 202);
    const cid = ask.json.consent_id;
    await check(demo, 'GET', '/api/v1/me/vehicle-consents', {}, {}, 200);
    await check(me, 'GET', '/api/v1/me/vehicle-consents', {}, {}, 200);
    await check(me, 'POST', '/api/v1/me/vehicle-consents/{id}/approve', { id: cid }, {}, 404);
    await check(demo, 'POST', '/api/v1/me/vehicle-consents/{id}/approve', { id: cid }, {}, 200);
    await check(demo, 'POST', '/api/v1/me/vehicle-consents/{id}/approve', { id: cid }, {}, 409);
    await check(demo, 'POST', '/api/v1/me/vehicle-consents/{id}/revoke', { id: cid }, {}, 200);
    const ask2 = await check(me, 'POST', '/api/v1/me/vehicles', {}, { body: demoCar }, 202);
    await check(me, 'POST', '/api/v1/me/vehicle-consents/{id}/withdraw', { id: ask2.json.consent_id }, {}, 200);
    await check(me, 'POST', '/api/v1/me/vehicle-consents/{id}/withdraw', { id: ask2.json.consent_id }, {}, 409);
    const ask3 = await check(me, 'POST', '/api/v1/me/vehicles', {}, { body: demoCar }, 202);
    await check(demo, 'POST', '/api/v1/me/vehicle-consents/{id}/decline', { id: ask3.json.consent_id }, {}, 200);
    const vs = await check(demo, 'GET', '/api/v1/me/violations', {}, { query: '?status=unhandled' }, 200);
    await check(demo, 'GET', '/api/v1/me/violations', {}, { query: '?status=x' }, 422);
    const v1344 = vs.json.items.find((v) => v.act_code === '1344');
    const v1603 = vs.json.items.find((v) => v.act_code === '1603');
    await check(demo, 'POST', '/api/v1/me/violations/{id}/handle', { id: v1344.id }, {}, 200);
    await check(demo, 'POST', '/api/v1/me/violations/{id}/handle', { id: v1344.id }, {}, 409);
    await check(demo, 'POST', '/api/v1/me/violations/{id}/handle', { id: v1603.id }, {}, 422);
    await check(me, 'POST', '/api/v1/me/violations/{id}/handle', { id: v1603.id }, {}, 404);
    await check(demo, 'GET', '/api/v1/me/licence', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/road-conditions', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/road-conditions', {}, { query: '?district=' }, 422);
    const segBody = { district: '椒江区', road: '契约路', section: '全段', status: 'slow', note: null };
    const seg = await check(tp, 'POST', '/api/v1/road-conditions/segments', {}, { body: segBody }, 201);
    await check(ua, 'POST', '/api/v1/road-conditions/segments', {}, { body: segBody }, 403);
    await check(tp, 'PUT', '/api/v1/road-conditions/segments/{id}', { id: seg.json.id }, { body: { status: 'smooth' } }, 200);
    await check(tp, 'PUT', '/api/v1/road-conditions/segments/{id}', { id: 999999 }, { body: { status: 'smooth' } }, 404);
    await check(tp, 'DELETE', '/api/v1/road-conditions/segments/{id}', { id: seg.json.id }, {}, 204);
    const t0 = Math.floor(Date.now() / 1000);
    const at = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19) + '+08:00';
    const inc = await check(tp, 'POST', '/api/v1/road-conditions/incidents', {}, { body: { district: '椒江区', kind: 'roadworks', place: '契约路', starts_at: at(t0), ends_at: at(t0 + 3600), detour: '绕行' } }, 201);
    await check(tp, 'POST', '/api/v1/road-conditions/incidents', {}, { body: { district: '椒江区', kind: 'x', place: '契约路', starts_at: at(t0), ends_at: at(t0 + 3600) } }, 422);
    await check(tp, 'POST', '/api/v1/road-conditions/incidents/{id}/end', { id: inc.json.id }, {}, 200);
    await check(tp, 'POST', '/api/v1/road-conditions/incidents/{id}/end', { id: inc.json.id }, {}, 404);
    const stations = await check(anon, 'GET', '/api/v1/inspection/stations', {}, {}, 200);
    const [st1, st2] = stations.json.items.map((x) => x.id);
    let slotDay;
    for (let n = 1; n <= 14 && !slotDay; n++) {
      const d = at(t0 + n * 86400).slice(0, 10);
      const r = await anon.get(`/api/v1/inspection/slots?station_id=${st1}&date=${d}`);
      if (r.json.items.some((x) => x.bookable)) slotDay = d;
    }
    const slots = await check(anon, 'GET', '/api/v1/inspection/slots', {}, { query: `?station_id=${st1}&date=${slotDay}` }, 200);
    await check(anon, 'GET', '/api/v1/inspection/slots', {}, { query: `?station_id=${st1}&date=x` }, 422);
    await check(anon, 'GET', '/api/v1/inspection/slots', {}, { query: `?station_id=1&date=${slotDay}` }, 404);
    const [sa, sb2] = slots.json.items.filter((x) => x.bookable);
    const book = { slot_id: sa.id, plate_type: '02', plate: '浙J12345' };
    const ap = await check(demo, 'POST', '/api/v1/inspection/appointments', {}, { body: book }, 201);
    await check(demo, 'POST', '/api/v1/inspection/appointments', {}, { body: book }, 409);
    await check(demo, 'POST', '/api/v1/inspection/appointments', {}, { body: { ...book, slot_id: 0 } }, 422);
    await check(me, 'POST', '/api/v1/inspection/appointments', {}, { body: book }, 404);
    await check(demo, 'GET', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, {}, 200);
    await check(insp, 'GET', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, {}, 200);
    await check(me, 'GET', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, {}, 404);
    await check(demo, 'GET', '/api/v1/inspection/appointments/{id}/ics', { id: ap.json.id }, {}, 200);
    await check(me, 'GET', '/api/v1/inspection/appointments/{id}/ics', { id: ap.json.id }, {}, 404);
    await check(demo, 'GET', '/api/v1/me/appointments', {}, {}, 200);
    await check(demo, 'PUT', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, { body: { slot_id: sb2.id } }, 200);
    await check(demo, 'PUT', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, { body: { slot_id: sb2.id } }, 422);
    await check(insp, 'GET', '/api/v1/inspection/stations/{id}/day', { id: st1 }, { query: `?date=${slotDay}` }, 200);
    await check(insp, 'GET', '/api/v1/inspection/stations/{id}/day', { id: st2 }, { query: `?date=${slotDay}` }, 404);
    await check(insp, 'POST', '/api/v1/inspection/appointments/{id}/check-in', { id: ap.json.id }, {}, 409);
    await check(insp, 'POST', '/api/v1/inspection/appointments/{id}/no-show', { id: ap.json.id }, {}, 409);
    await check(demo, 'DELETE', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, {}, 200);
    await check(demo, 'DELETE', '/api/v1/inspection/appointments/{id}', { id: ap.json.id }, {}, 409);
    // A stolen vehicle checked in today: an alert.
    const nowT = Math.floor(Date.now() / 1000);
    const today = at(nowT).slice(0, 10);
    const startsAt = Math.max(Date.parse(`${today}T00:01:00+08:00`) / 1000, nowT - 600);
    await srv.sql("INSERT INTO stolen_vehicles (unit_id, unit_path, kind, plate_type, plate, owner_name, owner_phone, reported_at, reported_place, created_at, updated_at) SELECT id, path, 'car', '02', '浙J12345', '王小明', '13800138000', 0, '椒江', 0, 0 FROM units WHERE parent_id IS NULL");
    const sid = await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${st1}, '${today}', ${startsAt}, ${startsAt + 1800}, 5, 2) RETURNING id`);
    const a1 = await srv.value(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) SELECT 'C1', ${sid}, ${st1}, id, (SELECT id FROM users WHERE login = '13800138000'), 'booked', ${startsAt}, ${nowT}, ${nowT} FROM vehicles WHERE plate = '浙J12345' RETURNING id`);
    const a2 = await srv.value(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) SELECT 'C2', ${sid}, ${st1}, id, (SELECT id FROM users WHERE login = '13800138000'), 'booked', ${startsAt}, ${nowT}, ${nowT} FROM vehicles WHERE plate = '浙JD12345' RETURNING id`);
    await check(insp, 'POST', '/api/v1/inspection/appointments/{id}/check-in', { id: a1 }, {}, 200);
    await check(demo, 'POST', '/api/v1/inspection/appointments/{id}/check-in', { id: a2 }, {}, 403);
    await check(insp, 'POST', '/api/v1/inspection/appointments/{id}/no-show', { id: a2 }, {}, 200);
    await check(insp, 'GET', '/api/v1/inspection/alerts', {}, {}, 200);
    await check(demo, 'GET', '/api/v1/inspection/alerts', {}, {}, 403);
    const exDay = at(nowT + 50 * 86400).slice(0, 10);
    await check(insp, 'PUT', '/api/v1/inspection/stations/{id}/exceptions/{day}', { id: st1, day: exDay }, { body: { closed: false, capacity: 3, note: '半天' } }, 200);
    await check(insp, 'PUT', '/api/v1/inspection/stations/{id}/exceptions/{day}', { id: st1, day: exDay }, { body: { closed: 'yes' } }, 422);
    await check(insp, 'PUT', '/api/v1/inspection/stations/{id}/exceptions/{day}', { id: st2, day: exDay }, { body: { closed: true } }, 404);
    await check(insp, 'PUT', '/api/v1/inspection/stations/{id}/exceptions/{day}', { id: st1, day: slotDay }, { body: { closed: true } }, 200);

    // Stolen vehicles and seizures (涉赃车辆).
    {
      const chief = await srv.signIn('station_chief');
      const aux = await srv.signIn('auxiliary');
      const when = at(nowT - 3600);
      const sv = { kind: 'ebike', plate_type: 'EB', plate: '台州C54321', engine_no: 'TZ0001', owner_name: '陈小梅', owner_phone: '13957612345', reported_at: when, reported_place: '椒江' };
      const w = await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { body: sv }, 201);
      await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { body: sv }, 409);
      await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { body: { ...sv, plate: 'x' } }, 422);
      await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { body: { ...sv, plate: '台州C54322', unit_id: 1 } }, 404);
      await check(aux, 'POST', '/api/v1/stolen-vehicles', {}, { body: sv }, 403);
      await check(anon, 'POST', '/api/v1/stolen-vehicles', {}, { body: sv }, 401);
      await check(chief, 'GET', '/api/v1/stolen-vehicles', {}, { query: '?limit=2' }, 200);
      await check(chief, 'GET', '/api/v1/stolen-vehicles', {}, { query: '?status=x' }, 422);
      await check(anon, 'GET', '/api/v1/stolen-vehicles', {}, {}, 401);
      await check(sys, 'GET', '/api/v1/stolen-vehicles', {}, {}, 403);
      await check(chief, 'GET', '/api/v1/stolen-vehicles/check', {}, { query: `?plate_type=EB&plate=${encodeURIComponent('台州C54321')}` }, 200);
      await check(chief, 'GET', '/api/v1/stolen-vehicles/check', {}, { query: '?vin=1' }, 422);
      await check(anon, 'GET', '/api/v1/stolen-vehicles/check', {}, {}, 401);
      await check(sys, 'GET', '/api/v1/stolen-vehicles/check', {}, {}, 403);
      await check(chief, 'GET', '/api/v1/stolen-vehicles/{id}', { id: w.json.id }, {}, 200);
      await check(chief, 'GET', '/api/v1/stolen-vehicles/{id}', { id: 999999999 }, {}, 404);
      await check(anon, 'GET', '/api/v1/stolen-vehicles/{id}', { id: w.json.id }, {}, 401);
      await check(sys, 'GET', '/api/v1/stolen-vehicles/{id}', { id: w.json.id }, {}, 403);
      const z = { seized_at: when, place: '四号桥', officers: '王警官' };
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { body: { ...z, seized_at: 'x' } }, 422);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { body: z }, 401);
      await check(sys, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { body: z }, 403);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: 999999999 }, { body: z }, 404);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { body: z }, 200);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/seize', { id: w.json.id }, { body: z }, 409);
      const ret = { returned_at: at(nowT), returned_to: '陈小梅' };
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { body: { returned_to: 'x' } }, 422);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { body: ret }, 401);
      await check(sys, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { body: ret }, 403);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: 999999999 }, { body: ret }, 404);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { body: ret }, 200);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/return', { id: w.json.id }, { body: ret }, 409);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { body: {} }, 422);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { body: { reason: 'x' } }, 401);
      await check(sys, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { body: { reason: 'x' } }, 403);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: 999999999 }, { body: { reason: 'x' } }, 404);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w.json.id }, { body: { reason: 'x' } }, 409);
      const w2 = await check(chief, 'POST', '/api/v1/stolen-vehicles', {}, { body: { ...sv, plate: '台州C54323' } }, 201);
      await check(chief, 'POST', '/api/v1/stolen-vehicles/{id}/cancel', { id: w2.json.id }, { body: { reason: '车主找回' } }, 200);
      await check(chief, 'GET', '/api/v1/stolen-vehicles/{id}', { id: w2.json.id }, {}, 200);
      await check(anon, 'GET', '/api/v1/seizures/public', {}, {}, 200);

      // Police news (走进警营).
      {
        const nOff = await srv.signIn('officer');
        const nChief = await srv.signIn('station_chief');
        const art = { category: 'notice', title: '接口文档检查稿件', body: '正文 [链接](/services)' };
        await check(anon, 'GET', '/api/v1/news', {}, { query: '?limit=2' }, 200);
        await check(anon, 'GET', '/api/v1/news', {}, { query: '?category=x' }, 422);
        await check(anon, 'GET', '/api/v1/news/feed.atom', {}, {}, 200);
        await check(anon, 'GET', '/api/v1/news/{key}', { key: 'bus-dongshan-village' }, {}, 200);
        await check(anon, 'GET', '/api/v1/news/{key}', { key: '999999999' }, {}, 404);
        await check(anon, 'GET', '/api/v1/news/images/{id}', { id: 999999999 }, {}, 404);
        await check(nOff, 'POST', '/api/v1/news/preview', {}, { body: { body: '# x' } }, 200);
        await check(nOff, 'POST', '/api/v1/news/preview', {}, { body: { body: '[x](javascript:1)' } }, 422);
        await check(anon, 'POST', '/api/v1/news/preview', {}, { body: { body: 'x' } }, 401);
        await check(nOff, 'GET', '/api/v1/news/articles', {}, {}, 200);
        await check(anon, 'GET', '/api/v1/news/articles', {}, {}, 401);
        const na = await check(nOff, 'POST', '/api/v1/news/articles', {}, { body: art }, 201);
        await check(nOff, 'POST', '/api/v1/news/articles', {}, { body: { ...art, title: '' } }, 422);
        await check(nOff, 'GET', '/api/v1/news/articles/{id}', { id: na.json.id }, {}, 200);
        await check(nOff, 'GET', '/api/v1/news/articles/{id}', { id: 999999999 }, {}, 404);
        await check(nOff, 'PUT', '/api/v1/news/articles/{id}', { id: na.json.id }, { body: art }, 200);
        // another person's draft is not there for the chief (404); once submitted the chief reads it, may not edit it (403)
        await check(nChief, 'PUT', '/api/v1/news/articles/{id}', { id: na.json.id }, { body: art }, 404);
        await check(nChief, 'POST', '/api/v1/news/articles/{id}/actions', { id: na.json.id }, { body: { action: 'publish' } }, 404);
        await check(nOff, 'POST', '/api/v1/news/articles/{id}/actions', { id: na.json.id }, { body: { action: 'submit' } }, 200);
        await check(nChief, 'PUT', '/api/v1/news/articles/{id}', { id: na.json.id }, { body: art }, 403);
        await check(nChief, 'POST', '/api/v1/news/articles/{id}/actions', { id: na.json.id }, { body: { action: 'publish' } }, 200);
        await check(nChief, 'POST', '/api/v1/news/articles/{id}/actions', { id: na.json.id }, { body: { action: 'publish' } }, 409);
        await check(nOff, 'POST', '/api/v1/news/articles/{id}/pin', { id: na.json.id }, { body: { pinned: true } }, 403);
        await check(nChief, 'POST', '/api/v1/news/articles/{id}/pin', { id: na.json.id }, { body: { pinned: false } }, 200);
      }

      // The prevention bus (防范宣传车).
      const baiyun = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
      const day = (n) => at(nowT + n * 86400).slice(0, 10);
      const ask = { unit_id: baiyun, org_kind: 'school', org_name: '白云小学', contact_name: '李老师', phone: '13905769876', date_from: day(3), date_to: day(10), topic: '反诈', audience: 300 };
      await check(anon, 'GET', '/api/v1/prevention/calendar', {}, {}, 200);
      await check(anon, 'GET', '/api/v1/prevention/calendar', {}, { query: '?month=2026-13' }, 422);
      await check(anon, 'GET', '/api/v1/prevention/totals', {}, {}, 200);
      await check(anon, 'GET', '/api/v1/prevention/totals', {}, { query: '?from=x' }, 422);
      const q1 = await check(anon, 'POST', '/api/v1/prevention/requests', {}, { body: ask }, 201);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { body: { ...ask, phone: '1' } }, 422);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { raw: '{' }, 400);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { raw: JSON.stringify({ ...ask, note: 'x'.repeat(9000) }) }, 413);
      await check(me, 'POST', '/api/v1/prevention/requests', {}, { body: ask, csrf: false }, 403);
      const q2 = await check(anon, 'POST', '/api/v1/prevention/requests', {}, { body: ask }, 201);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { body: ask }, 201);
      await check(anon, 'POST', '/api/v1/prevention/requests', {}, { body: ask }, 429);
      await check(chief, 'GET', '/api/v1/prevention/requests', {}, { query: '?status=pending' }, 200);
      await check(chief, 'GET', '/api/v1/prevention/requests', {}, { query: '?status=x' }, 422);
      await check(anon, 'GET', '/api/v1/prevention/requests', {}, {}, 401);
      await check(sys, 'GET', '/api/v1/prevention/requests', {}, {}, 403);
      await check(chief, 'GET', '/api/v1/prevention/requests/{id}', { id: q1.json.id }, {}, 200);
      await check(chief, 'GET', '/api/v1/prevention/requests/{id}', { id: 999999999 }, {}, 404);
      await check(anon, 'GET', '/api/v1/prevention/requests/{id}', { id: q1.json.id }, {}, 401);
      await check(sys, 'GET', '/api/v1/prevention/requests/{id}', { id: q1.json.id }, {}, 403);
      const ap = { day: day(5), starts: '09:00', ends: '11:00', place: '操场', officers: '王警官' };
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { body: { ...ap, starts: 'x' } }, 422);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { body: ap }, 401);
      await check(aux, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { body: ap }, 403);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: 999999999 }, { body: ap }, 404);
      const ev = await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { body: ap }, 201);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/approve', { id: q1.json.id }, { body: ap }, 409);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { body: {} }, 422);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { body: { reason: '排满' } }, 401);
      await check(aux, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { body: { reason: '排满' } }, 403);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: 999999999 }, { body: { reason: '排满' } }, 404);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { body: { reason: '排满' } }, 200);
      await check(chief, 'POST', '/api/v1/prevention/requests/{id}/decline', { id: q2.json.id }, { body: { reason: '排满' } }, 409);
      const evIn = { ...ap, day: at(nowT).slice(0, 10), topic: '反诈', org_kind: 'village', org_name: '东山村' };
      await check(chief, 'GET', '/api/v1/prevention/events', {}, {}, 200);
      await check(chief, 'GET', '/api/v1/prevention/events', {}, { query: '?status=x' }, 422);
      await check(anon, 'GET', '/api/v1/prevention/events', {}, {}, 401);
      await check(sys, 'GET', '/api/v1/prevention/events', {}, {}, 403);
      const e2 = await check(chief, 'POST', '/api/v1/prevention/events', {}, { body: evIn }, 201);
      await check(chief, 'POST', '/api/v1/prevention/events', {}, { body: { ...evIn, day: 'x' } }, 422);
      await check(chief, 'POST', '/api/v1/prevention/events', {}, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/prevention/events', {}, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(chief, 'POST', '/api/v1/prevention/events', {}, { body: { ...evIn, unit_id: 1 } }, 404);
      await check(anon, 'POST', '/api/v1/prevention/events', {}, { body: evIn }, 401);
      await check(aux, 'POST', '/api/v1/prevention/events', {}, { body: evIn }, 403);
      await check(chief, 'GET', '/api/v1/prevention/events/{id}', { id: ev.json.id }, {}, 200);
      await check(chief, 'GET', '/api/v1/prevention/events/{id}', { id: 999999999 }, {}, 404);
      await check(anon, 'GET', '/api/v1/prevention/events/{id}', { id: ev.json.id }, {}, 401);
      await check(sys, 'GET', '/api/v1/prevention/events/{id}', { id: ev.json.id }, {}, 403);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { body: { visitors: -1 } }, 422);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { body: { visitors: 1 } }, 401);
      await check(sys, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { body: { visitors: 1 } }, 403);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: 999999999 }, { body: { visitors: 1 } }, 404);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: ev.json.id }, { body: { visitors: 1 } }, 409);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/held', { id: e2.json.id }, { body: { visitors: 180 } }, 200);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { body: {} }, 422);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { raw: '{' }, 400);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { raw: 'x', headers: { 'Content-Type': 'text/plain' } }, 415);
      await check(anon, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { body: { reason: '雨' } }, 401);
      await check(aux, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { body: { reason: '雨' } }, 403);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: 999999999 }, { body: { reason: '雨' } }, 404);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: e2.json.id }, { body: { reason: '雨' } }, 409);
      await check(chief, 'POST', '/api/v1/prevention/events/{id}/cancel', { id: ev.json.id }, { body: { reason: '下雨' } }, 200);
    }

    // Hotspots (治安乱点): the public list and record, the staff registry and the workflow.
    {
      const chiefH = await srv.signIn('station_chief');
      const offH = await srv.signIn('officer');
      const pub = await check(anon, 'GET', '/api/v1/hotspots', {}, { query: '?status=delisted' }, 200);
      await check(anon, 'GET', '/api/v1/hotspots', {}, { query: '?status=maybe' }, 422);
      await check(anon, 'GET', '/api/v1/hotspots/{id}', { id: pub.json.items[0].id }, {}, 200);
      await check(anon, 'GET', '/api/v1/hotspots/{id}', { id: 999999 }, {}, 404);
      await check(chiefH, 'GET', '/api/v1/hotspots/registry', {}, { query: '?limit=3' }, 200);
      await check(chiefH, 'GET', '/api/v1/hotspots/registry', {}, { query: '?kind=arson' }, 422);
      await check(me, 'GET', '/api/v1/hotspots/registry', {}, {}, 403);
      await check(anon, 'GET', '/api/v1/hotspots/registry', {}, {}, 401);
      const h = await check(offH, 'POST', '/api/v1/hotspots', {}, { body: { name: '契约测试乱点', place: '测试路1号', kind: 'theft' } }, 201);
      await check(offH, 'POST', '/api/v1/hotspots', {}, { body: { name: '', place: 'x', kind: 'theft' } }, 422);
      await check(offH, 'POST', '/api/v1/hotspots', {}, { raw: '{' }, 400);
      await check(me, 'POST', '/api/v1/hotspots', {}, { body: { name: 'x', place: 'x', kind: 'theft' } }, 403);
      await check(anon, 'POST', '/api/v1/hotspots', {}, { body: { name: 'x', place: 'x', kind: 'theft' } }, 401);
      const hid = { id: h.json.id };
      await check(offH, 'GET', '/api/v1/hotspots/{id}/record', hid, {}, 200);
      await check(offH, 'GET', '/api/v1/hotspots/{id}/record', { id: 999999 }, {}, 404);
      await check(me, 'GET', '/api/v1/hotspots/{id}/record', hid, {}, 403);
      await check(anon, 'GET', '/api/v1/hotspots/{id}/record', hid, {}, 401);
      await check(offH, 'PUT', '/api/v1/hotspots/{id}', hid, { body: { name: '契约测试乱点', place: '测试路2号', kind: 'fraud' } }, 200);
      await check(offH, 'PUT', '/api/v1/hotspots/{id}', hid, { body: { name: 'x' } }, 422);
      await check(offH, 'PUT', '/api/v1/hotspots/{id}', hid, { raw: '{' }, 400);
      await check(offH, 'PUT', '/api/v1/hotspots/{id}', { id: 999999 }, { body: { name: 'x', place: 'y', kind: 'theft' } }, 404);
      await check(me, 'PUT', '/api/v1/hotspots/{id}', hid, { body: { name: 'x', place: 'y', kind: 'theft' } }, 403);
      await check(anon, 'PUT', '/api/v1/hotspots/{id}', hid, { body: { name: 'x', place: 'y', kind: 'theft' } }, 401);
      const deadline = new Date(Date.now() + 200 * 86400000).toISOString().slice(0, 10);
      await check(offH, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { body: { event: 'list', deadline } }, 403);
      await check(chiefH, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { body: { event: 'list' } }, 422);
      await check(chiefH, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { raw: '{' }, 400);
      await check(chiefH, 'POST', '/api/v1/hotspots/{id}/transitions', { id: 999999 }, { body: { event: 'start' } }, 404);
      await check(anon, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { body: { event: 'start' } }, 401);
      await check(chiefH, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { body: { event: 'list', deadline } }, 200);
      await check(chiefH, 'POST', '/api/v1/hotspots/{id}/transitions', hid, { body: { event: 'list', deadline } }, 409);
      const month = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 7);
      await check(offH, 'POST', '/api/v1/hotspots/{id}/reports', hid, { body: { month, cases: 1, arrests: 1, seizures: 1 } }, 409);
      await offH.post(`/api/v1/hotspots/${h.json.id}/transitions`, { event: 'start' });
      await check(offH, 'POST', '/api/v1/hotspots/{id}/reports', hid, { body: { month, cases: 1, arrests: 1, seizures: 1 } }, 201);
      await check(offH, 'POST', '/api/v1/hotspots/{id}/reports', hid, { body: { month, cases: -1, arrests: 1, seizures: 1 } }, 422);
      await check(offH, 'POST', '/api/v1/hotspots/{id}/reports', hid, { raw: '{' }, 400);
      await check(offH, 'POST', '/api/v1/hotspots/{id}/reports', { id: 999999 }, { body: { month, cases: 1, arrests: 1, seizures: 1 } }, 404);
      await check(me, 'POST', '/api/v1/hotspots/{id}/reports', hid, { body: { month, cases: 1, arrests: 1, seizures: 1 } }, 403);
      await check(anon, 'POST', '/api/v1/hotspots/{id}/reports', hid, { body: { month, cases: 1, arrests: 1, seizures: 1 } }, 401);
      await check(chiefH, 'PUT', '/api/v1/hotspots/{id}', hid, { body: { name: 'x', place: 'y', kind: 'theft', listed_level: 'branch' } }, 409);
    }

    // Community policing (issue 10): grids, residents, rental houses, groups.
    {
      const off = await srv.signIn('officer');
      const chiefC = await srv.signIn('station_chief');
      const g1 = Number(await srv.value("SELECT id FROM grids WHERE code = 'BY-C1-01'"));
      const g3 = Number(await srv.value("SELECT id FROM grids WHERE code = 'BY-C1-03'"));
      const rid = Number(await srv.value(`SELECT id FROM residents WHERE grid_id = ${g1} ORDER BY id LIMIT 1`));
      const rOther = Number(await srv.value(`SELECT id FROM residents WHERE grid_id = ${g3} ORDER BY id LIMIT 1`));
      await check(off, 'GET', '/api/v1/residents', {}, { query: '?q=%E7%8E%8B' }, 200);
      await check(anon, 'GET', '/api/v1/residents', {}, {}, 401);
      await check(me, 'GET', '/api/v1/residents', {}, {}, 403);
      await check(off, 'GET', '/api/v1/residents', {}, { query: `?grid_id=${g3}` }, 404);
      await check(off, 'GET', '/api/v1/residents', {}, { query: '?kind=x' }, 422);
      await check(off, 'GET', '/api/v1/residents/{id}', { id: rid }, {}, 200);
      await check(off, 'GET', '/api/v1/residents/{id}', { id: rOther }, {}, 404);
      await check(sys, 'GET', '/api/v1/residents/{id}', { id: rid }, {}, 403);
      await check(anon, 'GET', '/api/v1/residents/{id}', { id: rid }, {}, 401);
      const rb = { grid_id: g1, kind: 'migrant', name: '契约测试', id_number: idNumber({ region: '340121' }),
        permit_status: 'valid', permit_expires: '2027-03-01', registered_on: '2026-03-01' };
      const created = await check(off, 'POST', '/api/v1/residents', {}, { body: rb }, 201);
      await check(off, 'POST', '/api/v1/residents', {}, { body: rb }, 409);
      await check(off, 'POST', '/api/v1/residents', {}, { body: { ...rb, id_number: badCheckIdNumber() } }, 422);
      await check(off, 'POST', '/api/v1/residents', {}, { raw: '{' }, 400);
      await check(anon, 'POST', '/api/v1/residents', {}, { body: rb }, 401);
      await check(me, 'POST', '/api/v1/residents', {}, { body: rb }, 403);
      await check(off, 'PUT', '/api/v1/residents/{id}', { id: created.json.id }, { body: { ...rb, phone: '13900001111' } }, 200);
      await check(off, 'PUT', '/api/v1/residents/{id}', { id: rOther }, { body: rb }, 404);
      await check(off, 'PUT', '/api/v1/residents/{id}', { id: created.json.id }, { body: { ...rb, name: 'x' } }, 422);
      await check(off, 'PUT', '/api/v1/residents/{id}', { id: created.json.id }, { raw: '[' }, 400);
      await check(off, 'PUT', '/api/v1/residents/{id}', { id: rid }, { body: { ...rb, name: '契约测试二' } }, 409);
      await check(anon, 'PUT', '/api/v1/residents/{id}', { id: rid }, { body: rb }, 401);
      await check(me, 'PUT', '/api/v1/residents/{id}', { id: rid }, { body: rb }, 403);
      // The spreadsheet import and export (residents_import.test.mjs has the behaviour).
      const csvOf = (rows) => rows.map((r) => r.join(',')).join('\r\n');
      const ih = { 'Content-Type': 'text/csv' };
      const okCsv = csvOf([['姓名', '身份证号', '人员类别', '网格编号'], ['契约导入', idNumber({ region: '340121' }), '户籍', 'BY-C1-01'],
        ['契约坏行', badCheckIdNumber(), '户籍', 'BY-C1-01']]);
      const pv = await check(off, 'POST', '/api/v1/residents/imports', {}, { raw: okCsv, headers: ih }, 201);
      await check(off, 'POST', '/api/v1/residents/imports', {}, { raw: csvOf([['姓名', '身份证号']]), headers: ih }, 422);
      await check(off, 'POST', '/api/v1/residents/imports', {}, { raw: okCsv, headers: { 'Content-Type': 'image/png' } }, 415);
      await check(off, 'POST', '/api/v1/residents/imports', {}, { raw: Buffer.alloc((10 << 20) + 1, 0x41), headers: ih }, 413);
      await check(anon, 'POST', '/api/v1/residents/imports', {}, { raw: okCsv, headers: ih }, 401);
      await check(me, 'POST', '/api/v1/residents/imports', {}, { raw: okCsv, headers: ih }, 403);
      await check(off, 'POST', '/api/v1/residents/imports/{id}/confirm', { id: pv.json.id }, {}, 200);
      await check(off, 'POST', '/api/v1/residents/imports/{id}/confirm', { id: pv.json.id }, {}, 409);
      await check(chiefC, 'POST', '/api/v1/residents/imports/{id}/confirm', { id: pv.json.id }, {}, 404);
      await check(anon, 'POST', '/api/v1/residents/imports/{id}/confirm', { id: pv.json.id }, {}, 401);
      await check(me, 'POST', '/api/v1/residents/imports/{id}/confirm', { id: pv.json.id }, {}, 403);
      const pv2 = await check(off, 'POST', '/api/v1/residents/imports', {}, { raw: okCsv, headers: ih }, 201);
      await check(chiefC, 'DELETE', '/api/v1/residents/imports/{id}', { id: pv2.json.id }, {}, 404);
      await check(off, 'DELETE', '/api/v1/residents/imports/{id}', { id: pv2.json.id }, {}, 204);
      await check(off, 'DELETE', '/api/v1/residents/imports/{id}', { id: pv2.json.id }, {}, 409);
      await check(anon, 'DELETE', '/api/v1/residents/imports/{id}', { id: pv2.json.id }, {}, 401);
      await check(me, 'DELETE', '/api/v1/residents/imports/{id}', { id: pv2.json.id }, {}, 403);
      await check(off, 'GET', '/api/v1/residents/export.xlsx', {}, { query: `?grid_id=${g1}&kind=migrant` }, 200);
      await check(off, 'GET', '/api/v1/residents/export.xlsx', {}, { query: `?grid_id=${g3}` }, 404);
      await check(off, 'GET', '/api/v1/residents/export.xlsx', {}, { query: '?kind=x' }, 422);
      await check(anon, 'GET', '/api/v1/residents/export.xlsx', {}, {}, 401);
      await check(me, 'GET', '/api/v1/residents/export.xlsx', {}, {}, 403);
      await check(off, 'GET', '/api/v1/grids', {}, {}, 200);
      await check(anon, 'GET', '/api/v1/grids', {}, {}, 401);
      await check(me, 'GET', '/api/v1/grids', {}, {}, 403);
      await check(off, 'GET', '/api/v1/grids/{id}', { id: g1 }, {}, 200);
      await check(off, 'GET', '/api/v1/grids/{id}', { id: g3 }, {}, 404);
      await check(anon, 'GET', '/api/v1/grids/{id}', { id: g1 }, {}, 401);
      await check(me, 'GET', '/api/v1/grids/{id}', { id: g1 }, {}, 403);
      const gUnit = Number(await srv.value("SELECT unit_id FROM grids WHERE code = 'BY-C1-01'"));
      const gridBody = { unit_id: gUnit, code: 'BY-OA-01', name: '契约网格', polygon: [[1, 1], [3, 1], [3, 3]] };
      const ng = await check(chiefC, 'POST', '/api/v1/grids', {}, { body: gridBody }, 201);
      await check(chiefC, 'POST', '/api/v1/grids', {}, { body: gridBody }, 409);
      await check(chiefC, 'POST', '/api/v1/grids', {}, { body: { ...gridBody, code: 'BY-OA-02', polygon: [[1, 1]] } }, 422);
      await check(chiefC, 'POST', '/api/v1/grids', {}, { raw: '{' }, 400);
      await check(anon, 'POST', '/api/v1/grids', {}, { body: gridBody }, 401);
      await check(off, 'POST', '/api/v1/grids', {}, { body: gridBody }, 403);
      await check(chiefC, 'PUT', '/api/v1/grids/{id}', { id: ng.json.id }, { body: { name: '契约网格二' } }, 200);
      await check(chiefC, 'PUT', '/api/v1/grids/{id}', { id: 999999999 }, { body: { name: '契约网格二' } }, 404);
      await check(chiefC, 'PUT', '/api/v1/grids/{id}', { id: ng.json.id }, { body: { name: 'x' } }, 422);
      await check(chiefC, 'PUT', '/api/v1/grids/{id}', { id: ng.json.id }, { raw: '{' }, 400);
      await check(anon, 'PUT', '/api/v1/grids/{id}', { id: ng.json.id }, { body: { name: '契约网格二' } }, 401);
      await check(off, 'PUT', '/api/v1/grids/{id}', { id: ng.json.id }, { body: { name: '契约网格二' } }, 403);
      await check(off, 'GET', '/api/v1/grids/{id}/stats', { id: g1 }, {}, 200);
      await check(off, 'GET', '/api/v1/grids/{id}/stats', { id: g3 }, {}, 404);
      await check(anon, 'GET', '/api/v1/grids/{id}/stats', { id: g1 }, {}, 401);
      await check(me, 'GET', '/api/v1/grids/{id}/stats', { id: g1 }, {}, 403);
      await check(chiefC, 'GET', '/api/v1/community/stats', {}, {}, 200);
      await check(chiefC, 'GET', '/api/v1/community/stats', {}, { query: '?unit_id=-1' }, 422);
      await check(anon, 'GET', '/api/v1/community/stats', {}, {}, 401);
      await check(me, 'GET', '/api/v1/community/stats', {}, {}, 403);
      const hb = { grid_id: g1, address: '台州市椒江区契约路1号', landlord_name: '契约房东', rooms: 3 };
      const h = await check(off, 'POST', '/api/v1/rental-houses', {}, { body: hb }, 201);
      await check(off, 'POST', '/api/v1/rental-houses', {}, { body: { ...hb, grid_id: g3 } }, 422);
      await check(off, 'POST', '/api/v1/rental-houses', {}, { raw: '{' }, 400);
      await check(anon, 'POST', '/api/v1/rental-houses', {}, { body: hb }, 401);
      await check(me, 'POST', '/api/v1/rental-houses', {}, { body: hb }, 403);
      await check(off, 'GET', '/api/v1/rental-houses', {}, { query: `?grid_id=${g1}` }, 200);
      await check(off, 'GET', '/api/v1/rental-houses', {}, { query: `?grid_id=${g3}` }, 404);
      await check(off, 'GET', '/api/v1/rental-houses', {}, { query: '?limit=0' }, 422);
      await check(anon, 'GET', '/api/v1/rental-houses', {}, {}, 401);
      await check(me, 'GET', '/api/v1/rental-houses', {}, {}, 403);
      await check(off, 'GET', '/api/v1/rental-houses/{id}', { id: h.json.id }, {}, 200);
      await check(off, 'GET', '/api/v1/rental-houses/{id}', { id: 999999999 }, {}, 404);
      await check(anon, 'GET', '/api/v1/rental-houses/{id}', { id: h.json.id }, {}, 401);
      await check(me, 'GET', '/api/v1/rental-houses/{id}', { id: h.json.id }, {}, 403);
      await check(off, 'PUT', '/api/v1/rental-houses/{id}', { id: h.json.id }, { body: { ...hb, rooms: 5 } }, 200);
      await check(off, 'PUT', '/api/v1/rental-houses/{id}', { id: 999999999 }, { body: hb }, 404);
      await check(off, 'PUT', '/api/v1/rental-houses/{id}', { id: h.json.id }, { body: { ...hb, rooms: 0 } }, 422);
      await check(off, 'PUT', '/api/v1/rental-houses/{id}', { id: h.json.id }, { raw: '{' }, 400);
      await check(anon, 'PUT', '/api/v1/rental-houses/{id}', { id: h.json.id }, { body: hb }, 401);
      await check(me, 'PUT', '/api/v1/rental-houses/{id}', { id: h.json.id }, { body: hb }, 403);
      const gb = { grid_id: g1, name: '契约新民小组', kind: 'xinmin', leader_id: rid, member_ids: [rid] };
      const grp = await check(off, 'POST', '/api/v1/resident-groups', {}, { body: gb }, 201);
      await check(off, 'POST', '/api/v1/resident-groups', {}, { body: gb }, 409);
      await check(off, 'POST', '/api/v1/resident-groups', {}, { body: { ...gb, name: '另一组', leader_id: rOther } }, 422);
      await check(off, 'POST', '/api/v1/resident-groups', {}, { raw: '{' }, 400);
      await check(anon, 'POST', '/api/v1/resident-groups', {}, { body: gb }, 401);
      await check(me, 'POST', '/api/v1/resident-groups', {}, { body: gb }, 403);
      await check(off, 'GET', '/api/v1/resident-groups', {}, { query: `?grid_id=${g1}` }, 200);
      await check(off, 'GET', '/api/v1/resident-groups', {}, { query: `?grid_id=${g3}` }, 404);
      await check(off, 'GET', '/api/v1/resident-groups', {}, { query: '?cursor=x' }, 422);
      await check(anon, 'GET', '/api/v1/resident-groups', {}, {}, 401);
      await check(me, 'GET', '/api/v1/resident-groups', {}, {}, 403);
      await check(off, 'GET', '/api/v1/resident-groups/{id}', { id: grp.json.id }, {}, 200);
      await check(off, 'GET', '/api/v1/resident-groups/{id}', { id: 999999999 }, {}, 404);
      await check(anon, 'GET', '/api/v1/resident-groups/{id}', { id: grp.json.id }, {}, 401);
      await check(me, 'GET', '/api/v1/resident-groups/{id}', { id: grp.json.id }, {}, 403);
      await check(off, 'PUT', '/api/v1/resident-groups/{id}', { id: grp.json.id }, { body: { ...gb, note: '改' } }, 200);
      const second = await off.post('/api/v1/resident-groups', { ...gb, name: '契约片组', kind: 'pianzu' });
      await check(off, 'PUT', '/api/v1/resident-groups/{id}', { id: second.json.id }, { body: gb }, 409);
      await check(off, 'PUT', '/api/v1/resident-groups/{id}', { id: 999999999 }, { body: gb }, 404);
      await check(off, 'PUT', '/api/v1/resident-groups/{id}', { id: grp.json.id }, { body: { ...gb, kind: 'x' } }, 422);
      await check(off, 'PUT', '/api/v1/resident-groups/{id}', { id: grp.json.id }, { raw: '{' }, 400);
      await check(anon, 'PUT', '/api/v1/resident-groups/{id}', { id: grp.json.id }, { body: gb }, 401);
      await check(me, 'PUT', '/api/v1/resident-groups/{id}', { id: grp.json.id }, { body: gb }, 403);
    }

    // citizen reports: Open311 GeoReport v2 and the portal/console
    const form = (o) => ({ raw: new URLSearchParams(o).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    const key = await check(sys, 'POST', '/api/v1/reports/api-keys', {}, { body: { name: '契约客户端' } }, 201);
    await check(me, 'POST', '/api/v1/reports/api-keys', {}, { body: { name: 'x' } }, 403);
    await check(anon, 'GET', '/open311/v2/services.json', {}, {}, 200);
    await check(anon, 'GET', '/open311/v2/services.json', {}, { query: '?jurisdiction_id=x' }, 404);
    await check(anon, 'GET', '/open311/v2/services.xml', {}, {}, 200);
    await check(anon, 'GET', '/open311/v2/services/{code}', { code: 'noise.json' }, {}, 200);
    await check(anon, 'GET', '/open311/v2/services/{code}', { code: 'nope.json' }, {}, 404);
    const o311 = { api_key: key.json.api_key, service_code: 'other', lat: '28.65', long: '121.41', description: '契约测试', email: 'a@b.cn' };
    const made = await check(anon, 'POST', '/open311/v2/requests.json', {}, form(o311), 201);
    await check(anon, 'POST', '/open311/v2/requests.json', {}, form({ ...o311, lat: 'NaN' }), 400);
    await check(anon, 'POST', '/open311/v2/requests.json', {}, form({ ...o311, api_key: 'wrong' }), 403);
    await check(anon, 'POST', '/open311/v2/requests.json', {}, form({ ...o311, service_code: 'nope' }), 404);
    await check(anon, 'POST', '/open311/v2/requests.json', {}, { raw: 'a', headers: { 'Content-Type': 'text/plain' } }, 415);
    await check(anon, 'POST', '/open311/v2/requests.xml', {}, form(o311), 201);
    await check(anon, 'POST', '/open311/v2/requests.xml', {}, form({ ...o311, api_key: '' }), 400);
    const o311Id = made.json[0].service_request_id;
    await check(anon, 'GET', '/open311/v2/requests.json', {}, {}, 200);
    await check(anon, 'GET', '/open311/v2/requests.json', {}, { query: '?status=x' }, 400);
    await check(anon, 'GET', '/open311/v2/requests.xml', {}, { query: '?service_code=other' }, 200);
    await check(anon, 'GET', '/open311/v2/requests/{id}', { id: `${o311Id}.json` }, {}, 200);
    await check(anon, 'GET', '/open311/v2/requests/{id}', { id: `${o311Id}.xml` }, {}, 200);
    await check(anon, 'GET', '/open311/v2/requests/{id}', { id: '99999999.json' }, {}, 404);
    await check(anon, 'GET', '/open311/v2/tokens/{token}', { token: `${made.json[0].token}.json` }, {}, 200);
    await check(anon, 'GET', '/open311/v2/tokens/{token}', { token: 'nope.json' }, {}, 404);
    const rep = await check(me, 'POST', '/api/v1/reports', {}, { body: { service_code: 'streetlight', description: '路灯不亮很久了', address_string: '白云街道', attributes: { fault: 'dark' } } }, 201);
    await check(me, 'POST', '/api/v1/reports', {}, { body: { service_code: 'streetlight', description: '路灯' } }, 422);
    await check(anon, 'POST', '/api/v1/reports', {}, { body: {} }, 401);
    await check(me, 'GET', '/api/v1/me/reports', {}, {}, 200);
    await check(me, 'GET', '/api/v1/reports/{id}/photo', { id: rep.json.service_request_id }, {}, 404);
    await check(anon, 'GET', '/api/v1/reports/{id}/photo', { id: rep.json.service_request_id }, {}, 401);
    const chiefR = await srv.signIn('station_chief');
    await check(chiefR, 'GET', '/api/v1/reports', {}, { query: '?state=all' }, 200);
    await check(sys, 'GET', '/api/v1/reports', {}, {}, 403);
    await check(me, 'GET', '/api/v1/reports/{id}', { id: rep.json.service_request_id }, {}, 200);
    await check(sys, 'GET', '/api/v1/reports/{id}', { id: rep.json.service_request_id }, {}, 403);
    const anyId = o311Id;
    await srv.sql(`UPDATE reports SET unit_id = u.id, unit_path = u.path FROM (SELECT un.id, un.path FROM units un JOIN users s ON s.unit_id = un.id WHERE s.login = 'station_chief') u WHERE reports.id = ${anyId}`);
    await check(chiefR, 'GET', '/api/v1/reports/{id}', { id: anyId }, {}, 200);
    await check(chiefR, 'GET', '/api/v1/reports/{id}', { id: 99999999 }, {}, 404);
    await check(chiefR, 'POST', '/api/v1/reports/{id}/actions', { id: anyId }, { body: { action: 'accept' } }, 200);
    await check(chiefR, 'POST', '/api/v1/reports/{id}/actions', { id: anyId }, { body: { action: 'accept' } }, 409);
    await check(chiefR, 'POST', '/api/v1/reports/{id}/actions', { id: anyId }, { body: { action: 'fly' } }, 422);

    await check(me, 'POST', '/api/v1/me/password', {}, { body: { current_password: cit.password, new_password: 'Contract-9x' } }, 204);
    await check(me, 'POST', '/api/v1/me/password', {}, { body: { current_password: 'wrong-wrong', new_password: 'Contract-9y' } }, 422);
    await check(me, 'POST', '/api/v1/auth/logout', {}, {}, 204);
    await check(anon, 'POST', '/api/v1/auth/logout', {}, {}, 401);

    // work logs: the demo officer (linked to the community station's 社区民警 until the residents seed does it)
    if (!await srv.value("SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = 'officer'")) {
      await srv.sql("UPDATE officers SET user_id = (SELECT id FROM users WHERE login = 'officer') WHERE id = (SELECT o.id"
        + " FROM officers o JOIN users u ON u.unit_id = o.unit_id WHERE u.login = 'officer' AND o.kind = 'police'"
        + " ORDER BY o.rank, o.id LIMIT 1)");
    }
    const wo = await srv.signIn('officer');
    const wc = await srv.signIn('station_chief');
    const wlAt = (min) => `${new Date(Date.now() + 8 * 3600e3 - min * 60e3).toISOString().slice(0, 19)}+08:00`;
    const wlBody = { kind: 'mediation', started_at: wlAt(30), dispute_type: 'neighbour', summary: '契约测试', outcome: 'mediated', parties: [{ name: '甲', phone: '13912345678' }] };
    const wl = await check(wo, 'POST', '/api/v1/worklogs', {}, { body: wlBody }, 201);
    await check(wo, 'POST', '/api/v1/worklogs', {}, { body: { ...wlBody, outcome: 'won' } }, 422);
    await check(wo, 'POST', '/api/v1/worklogs', {}, { raw: '{' }, 400);
    await check(wo, 'POST', '/api/v1/worklogs', {}, { body: { kind: 'visit', started_at: wlAt(5), purpose: 'x', resident_id: 987654321 } }, 404);
    await check(anon, 'POST', '/api/v1/worklogs', {}, { body: wlBody }, 401);
    await check(payer, 'POST', '/api/v1/worklogs', {}, { body: wlBody }, 403);
    await check(wo, 'GET', '/api/v1/worklogs', {}, { query: '?limit=5' }, 200);
    await check(wo, 'GET', '/api/v1/worklogs', {}, { query: '?kind=nap' }, 422);
    await check(anon, 'GET', '/api/v1/worklogs', {}, {}, 401);
    await check(sys, 'GET', '/api/v1/worklogs', {}, {}, 403);
    const wid = { id: wl.json.id };
    await check(wo, 'GET', '/api/v1/worklogs/{id}', wid, {}, 200);
    await check(ua, 'GET', '/api/v1/worklogs/{id}', wid, {}, 200);
    await check(wo, 'GET', '/api/v1/worklogs/{id}', { id: 999999 }, {}, 404);
    await check(anon, 'GET', '/api/v1/worklogs/{id}', wid, {}, 401);
    await check(sys, 'GET', '/api/v1/worklogs/{id}', wid, {}, 403);
    await check(wo, 'PUT', '/api/v1/worklogs/{id}', wid, { body: { ...wlBody, summary: '契约测试二' } }, 200);
    await check(wc, 'PUT', '/api/v1/worklogs/{id}', wid, { body: wlBody }, 403);
    await check(wo, 'PUT', '/api/v1/worklogs/{id}', { id: 999999 }, { body: wlBody }, 404);
    await check(wo, 'PUT', '/api/v1/worklogs/{id}', wid, { raw: '{' }, 400);
    await check(wo, 'PUT', '/api/v1/worklogs/{id}', wid, { body: { ...wlBody, kind: 'info' } }, 422);
    await check(anon, 'PUT', '/api/v1/worklogs/{id}', wid, { body: wlBody }, 401);
    await check(wo, 'GET', '/api/v1/worklogs/month', {}, {}, 200);
    await check(wc, 'GET', '/api/v1/worklogs/month', {}, { query: `?officer_id=${wl.json.officer_id}` }, 200);
    await check(wo, 'GET', '/api/v1/worklogs/month', {}, { query: '?officer_id=999999' }, 404);
    await check(wo, 'GET', '/api/v1/worklogs/month', {}, { query: '?month=2026-13' }, 422);
    await check(anon, 'GET', '/api/v1/worklogs/month', {}, {}, 401);
    await check(sys, 'GET', '/api/v1/worklogs/month', {}, {}, 403);
    await check(wc, 'GET', '/api/v1/worklogs/workload', {}, {}, 200);
    await check(wc, 'GET', '/api/v1/worklogs/workload', {}, { query: '?unit_id=999999' }, 404);
    await check(wc, 'GET', '/api/v1/worklogs/workload', {}, { query: '?month=x' }, 422);
    await check(wo, 'GET', '/api/v1/worklogs/workload', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/worklogs/workload', {}, {}, 401);
    await check(wc, 'DELETE', '/api/v1/worklogs/{id}', wid, {}, 403);
    await check(anon, 'DELETE', '/api/v1/worklogs/{id}', wid, {}, 401);
    await check(wo, 'DELETE', '/api/v1/worklogs/{id}', wid, {}, 204);
    await check(wo, 'DELETE', '/api/v1/worklogs/{id}', wid, {}, 404);
    const old = await check(wo, 'POST', '/api/v1/worklogs', {}, { body: wlBody }, 201);
    await srv.sql(`UPDATE worklogs SET created_at = created_at - 8 * 86400 WHERE id = ${old.json.id}`);
    await check(wo, 'PUT', '/api/v1/worklogs/{id}', { id: old.json.id }, { body: wlBody }, 409);
    await check(wo, 'DELETE', '/api/v1/worklogs/{id}', { id: old.json.id }, {}, 409);

    // Officer appointments (预约民警): the demo officer's slots, a booking, the officer's side, the citizen's side.
    const ao = await srv.signIn('officer');
    const acit = await registerCitizen(srv);
    const am = await srv.signIn(acit.phone, acit.password);
    const aoff = Number(await srv.value("SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = 'officer'"));
    const aid = { id: aoff };
    let aday = null;
    for (let n = 1; n <= 14 && !aday; n++) {
      const d = new Date(Date.now() + (n * 86400 + 8 * 3600) * 1000).toISOString().slice(0, 10);
      const r = await check(anon, 'GET', '/api/v1/officers/{id}/appointment-slots', aid, { query: `?date=${d}` }, 200);
      if (r.json.items.filter((x) => x.bookable).length >= 3) aday = r.json;
    }
    assert.ok(aday, 'a bookable day of the demo officer');
    await check(anon, 'GET', '/api/v1/officers/{id}/appointment-slots', aid, { query: '?date=2026-02-30' }, 422);
    await check(anon, 'GET', '/api/v1/officers/{id}/appointment-slots', { id: 999999 }, { query: `?date=${aday.date}` }, 404);
    const hours = await check(anon, 'GET', '/api/v1/officers/{id}/office-hours', aid, {}, 200);
    await check(anon, 'GET', '/api/v1/officers/{id}/office-hours', { id: 999999 }, {}, 404);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { body: { accepts_appointments: true, hours: hours.json.hours } }, 200);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { body: { accepts_appointments: true, hours: [{ weekday: 8 }] } }, 422);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { raw: '{' }, 400);
    await check(anon, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { body: { accepts_appointments: true, hours: [] } }, 401);
    await check(am, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { body: { accepts_appointments: true, hours: [] } }, 403);
    await check(tp, 'PUT', '/api/v1/officers/{id}/office-hours', aid, { body: { accepts_appointments: true, hours: [] } }, 404);
    const xday = { id: aoff, day: new Date(Date.now() + (40 * 86400 + 8 * 3600) * 1000).toISOString().slice(0, 10) };
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', xday, { body: { closed: false } }, 200);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', xday, { body: { closed: 'yes' } }, 422);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', xday, { raw: '{' }, 400);
    await check(ao, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', { id: aoff, day: '2026-02-30' }, { body: { closed: true } }, 404);
    await check(anon, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', xday, { body: { closed: true } }, 401);
    await check(am, 'PUT', '/api/v1/officers/{id}/office-hours/exceptions/{day}', xday, { body: { closed: true } }, 403);
    await check(am, 'GET', '/api/v1/me/grid-officer', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/me/grid-officer', {}, {}, 401);
    await check(ao, 'GET', '/api/v1/me/grid-officer', {}, {}, 403);
    await check(ao, 'GET', '/api/v1/me/officer-desk', {}, {}, 200);
    await check(anon, 'GET', '/api/v1/me/officer-desk', {}, {}, 401);
    await check(am, 'GET', '/api/v1/me/officer-desk', {}, {}, 403);
    const [as1, as2, as3] = aday.items.filter((x) => x.bookable);
    const abook = { slot_id: as1.id, topic: '契约测试', description: '说明' };
    const ab = await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: abook, headers: { 'Idempotency-Key': 'oa-1' } }, 201);
    await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, slot_id: as2.id } }, 409);
    await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, topic: '' } }, 422);
    await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, slot_id: 987654321 } }, 404);
    await check(am, 'POST', '/api/v1/officer-appointments', {}, { raw: '{' }, 400);
    await check(anon, 'POST', '/api/v1/officer-appointments', {}, { body: abook }, 401);
    await check(ao, 'POST', '/api/v1/officer-appointments', {}, { body: abook }, 403);
    await check(am, 'GET', '/api/v1/me/officer-appointments', {}, { query: '?limit=5' }, 200);
    await check(am, 'GET', '/api/v1/me/officer-appointments', {}, { query: '?limit=500' }, 422);
    await check(anon, 'GET', '/api/v1/me/officer-appointments', {}, {}, 401);
    await check(ao, 'GET', '/api/v1/me/officer-appointments', {}, {}, 403);
    const abid = { id: ab.json.id };
    await check(am, 'GET', '/api/v1/officer-appointments/{id}', abid, {}, 200);
    await check(ao, 'GET', '/api/v1/officer-appointments/{id}', abid, {}, 200);
    await check(tp, 'GET', '/api/v1/officer-appointments/{id}', abid, {}, 404);
    await check(anon, 'GET', '/api/v1/officer-appointments/{id}', abid, {}, 401);
    await check(sys, 'GET', '/api/v1/officer-appointments/{id}', abid, {}, 403);
    await check(am, 'GET', '/api/v1/officer-appointments/{id}/ics', abid, {}, 200);
    await check(tp, 'GET', '/api/v1/officer-appointments/{id}/ics', abid, {}, 404);
    await check(anon, 'GET', '/api/v1/officer-appointments/{id}/ics', abid, {}, 401);
    await check(sys, 'GET', '/api/v1/officer-appointments/{id}/ics', abid, {}, 403);
    await check(ao, 'GET', '/api/v1/officers/{id}/appointments', aid, { query: '?days=14' }, 200);
    await check(ao, 'GET', '/api/v1/officers/{id}/appointments', aid, { query: '?days=99' }, 422);
    await check(tp, 'GET', '/api/v1/officers/{id}/appointments', aid, {}, 404);
    await check(anon, 'GET', '/api/v1/officers/{id}/appointments', aid, {}, 401);
    await check(am, 'GET', '/api/v1/officers/{id}/appointments', aid, {}, 403);
    for (const act of ['confirm', 'decline', 'propose', 'no-show', 'attend']) {
      const t = `/api/v1/officer-appointments/{id}/${act}`;
      await check(anon, 'POST', t, abid, { body: {} }, 401);
      await check(am, 'POST', t, abid, { body: {} }, 403);
      await check(tp, 'POST', t, abid, { body: { reason: 'x', slot_id: as3.id } }, 404);
      await check(ao, 'POST', t, abid, { raw: '[' }, 400);
    }
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/decline', abid, { body: {} }, 422);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/no-show', abid, { body: {} }, 409);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/attend', abid, { body: {} }, 409);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/confirm', abid, { body: {} }, 200);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/confirm', abid, { body: {} }, 409);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/propose', abid, { body: { slot_id: as1.id } }, 422);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/propose', abid, { body: { slot_id: as3.id, reason: '改到后面' } }, 200);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/decline', abid, { body: { reason: '不行' } }, 409);
    for (const act of ['accept', 'refuse', 'cancel']) {
      const t = `/api/v1/officer-appointments/{id}/${act}`;
      await check(anon, 'POST', t, abid, { body: {} }, 401);
      await check(act === 'cancel' ? sys : ao, 'POST', t, abid, { body: {} }, 403);
      await check(am, 'POST', t, { id: 987654321 }, { body: {} }, 404);
      await check(am, 'POST', t, abid, { raw: '[' }, 400);
      await check(am, 'POST', t, abid, { body: { reason: '' } }, 422);
    }
    await check(am, 'POST', '/api/v1/officer-appointments/{id}/accept', abid, { body: {} }, 200);
    await check(am, 'POST', '/api/v1/officer-appointments/{id}/refuse', abid, { body: {} }, 409);
    await check(am, 'POST', '/api/v1/officer-appointments/{id}/accept', abid, { body: {} }, 409);
    await check(am, 'POST', '/api/v1/officer-appointments/{id}/cancel', abid, { body: {} }, 200);
    await check(am, 'POST', '/api/v1/officer-appointments/{id}/cancel', abid, { body: {} }, 409);
    const ab2 = await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, slot_id: as2.id } }, 201);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/confirm', { id: ab2.json.id }, { body: {} }, 200);
    await srv.sql(`UPDATE officer_appointments SET starts_at = starts_at - 30 * 86400 WHERE id = ${ab2.json.id}`);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/attend', { id: ab2.json.id }, { body: {} }, 200);
    const ab3 = await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, slot_id: as3.id } }, 201);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/decline', { id: ab3.json.id }, { body: { reason: '请到窗口办理' } }, 200);
    const as4 = Number(await srv.value(`INSERT INTO officer_slots (officer_id, day, starts_at, ends_at, capacity, booked) VALUES (${aoff}, '${aday.date}', ${Date.parse(`${aday.date}T16:13:00+08:00`) / 1000}, ${Date.parse(`${aday.date}T16:43:00+08:00`) / 1000}, 1, 0) RETURNING id`));
    const ab4 = await check(am, 'POST', '/api/v1/officer-appointments', {}, { body: { ...abook, slot_id: as4 } }, 201);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/confirm', { id: ab4.json.id }, { body: {} }, 200);
    await srv.sql(`UPDATE officer_appointments SET starts_at = starts_at - 30 * 86400 WHERE id = ${ab4.json.id}`);
    await check(ao, 'POST', '/api/v1/officer-appointments/{id}/no-show', { id: ab4.json.id }, { body: {} }, 200);

    // Consultations and the live stream (its 200 is a stream that does not end: not read here).
    const { baiyunId, rec: officerRec } = await linkOfficer(srv);
    const asker = await registerCitizen(srv);
    const cAsk = await srv.signIn(asker.phone, asker.password);
    const offi = await srv.signIn('officer');
    const chiefB = await srv.signIn('station_chief');
    await check(anon, 'GET', '/api/v1/events', {}, {}, 401);
    await check(cAsk, 'GET', '/api/v1/events', {}, { query: '?last_event_id=x' }, 422);
    const pic = await upload(cAsk, jpeg());
    const ct = await check(cAsk, 'POST', '/api/v1/consultations', {}, { body: { officer_id: officerRec, subject: '契约咨询', body: '请问？', upload_ids: [pic.json.id] } }, 201);
    await check(cAsk, 'GET', '/api/v1/consultations/{id}/images/{upload_id}', { id: ct.json.id, upload_id: pic.json.id }, {}, 200);
    await check(offi, 'GET', '/api/v1/consultations/{id}/images/{upload_id}', { id: ct.json.id, upload_id: 999999 }, {}, 404);
    const cu = await check(cAsk, 'POST', '/api/v1/consultations', {}, { body: { unit_id: baiyunId, subject: '契约咨询二', body: '请问？' } }, 201);
    await check(cAsk, 'POST', '/api/v1/consultations', {}, { body: { subject: 's', body: 'b' } }, 422);
    await check(cAsk, 'POST', '/api/v1/consultations', {}, { raw: '{' }, 400);
    await check(cAsk, 'GET', '/api/v1/consultations', {}, { query: '?limit=1' }, 200);
    await check(sys, 'GET', '/api/v1/consultations', {}, {}, 403);
    await check(cAsk, 'GET', '/api/v1/consultations', {}, { query: '?limit=0' }, 422);
    await check(offi, 'GET', '/api/v1/consultations/inbox', {}, { query: '?box=mine' }, 200);
    await check(cAsk, 'GET', '/api/v1/consultations/inbox', {}, {}, 403);
    await check(offi, 'GET', '/api/v1/consultations/inbox', {}, { query: '?box=x' }, 422);
    await check(cAsk, 'GET', '/api/v1/consultations/{id}', { id: ct.json.id }, {}, 200);
    await check(offi, 'GET', '/api/v1/consultations/{id}', { id: ct.json.id }, {}, 200);
    await check(offi, 'GET', '/api/v1/consultations/{id}', { id: cu.json.id }, {}, 404);
    await check(offi, 'POST', '/api/v1/consultations/{id}/messages', { id: ct.json.id }, { body: { body: '您好' } }, 201);
    await check(offi, 'POST', '/api/v1/consultations/{id}/messages', { id: ct.json.id }, { body: { body: '' } }, 422);
    await check(offi, 'POST', '/api/v1/consultations/{id}/messages', { id: cu.json.id }, { body: { body: 'x' } }, 404);
    await check(cAsk, 'POST', '/api/v1/consultations/{id}/read', { id: ct.json.id }, {}, 204);
    await check(offi, 'POST', '/api/v1/consultations/{id}/assign', { id: cu.json.id }, { body: { user_id: 1 } }, 404);
    await check(chiefB, 'POST', '/api/v1/consultations/{id}/assign', { id: cu.json.id }, { body: { user_id: offi.user.id } }, 200);
    await check(chiefB, 'POST', '/api/v1/consultations/{id}/assign', { id: cu.json.id }, { body: { user_id: 'x' } }, 422);
    await check(cAsk, 'POST', '/api/v1/consultations/{id}/rating', { id: ct.json.id }, { body: { grade: 4 } }, 200);
    await check(cAsk, 'POST', '/api/v1/consultations/{id}/rating', { id: ct.json.id }, { body: { grade: 4 } }, 409);
    await check(offi, 'POST', '/api/v1/consultations/{id}/close', { id: ct.json.id }, { body: { summary: '已答复' } }, 200);
    await check(offi, 'POST', '/api/v1/consultations/{id}/close', { id: ct.json.id }, { body: { summary: '已答复' } }, 409);
    await check(offi, 'POST', '/api/v1/consultations/{id}/messages', { id: ct.json.id }, { body: { body: 'x' } }, 409);

    // The chief's mailbox and the public Q&A.
    const mOffice = await srv.signIn('mailbox_office');
    const mLead = await srv.signIn('mailbox_lead');
    await check(anon, 'GET', '/api/v1/mailboxes/chief', {}, {}, 200);
    const letter = await check(cAsk, 'POST', '/api/v1/consultations', {}, { body: { mailbox: 'chief', subject: '契约来信', body: '电话13800138000' } }, 201);
    await check(cAsk, 'POST', '/api/v1/consultations', {}, { body: { mailbox: 'mayor', subject: 's', body: 'b' } }, 422);
    await check(mOffice, 'GET', '/api/v1/consultations/inbox', {}, { query: '?box=mailbox' }, 200);
    await check(mOffice, 'POST', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 409);
    await check(mOffice, 'POST', '/api/v1/consultations/{id}/messages', { id: letter.json.id }, { body: { body: '已收到' } }, 201);
    await check(mOffice, 'GET', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 404);
    const copy = await check(mOffice, 'POST', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 201);
    await check(cAsk, 'POST', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 403);
    await check(anon, 'POST', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 401);
    await check(mOffice, 'GET', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 200);
    await check(mOffice, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: '契约', question: '问', answer: '答' } }, 200);
    await check(mOffice, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: '' } }, 422);
    await check(mOffice, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { raw: '{' }, 400);
    await check(chiefB, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: 't', question: 'q', answer: 'a' } }, 404);
    await check(mOffice, 'GET', '/api/v1/consultations/qa', {}, { query: '?status=draft' }, 200);
    await check(mOffice, 'GET', '/api/v1/consultations/qa', {}, { query: '?status=x' }, 422);
    await check(cAsk, 'GET', '/api/v1/consultations/qa', {}, {}, 403);
    await check(anon, 'GET', '/api/v1/consultations/qa', {}, {}, 401);
    await check(anon, 'GET', '/api/v1/qa/{id}', { id: copy.json.id }, {}, 404);
    await check(mOffice, 'POST', '/api/v1/consultations/{id}/qa/publish', { id: letter.json.id }, {}, 403);
    await check(mOffice, 'POST', '/api/v1/consultations/{id}/qa/withdraw', { id: letter.json.id }, {}, 409);
    await check(mLead, 'POST', '/api/v1/consultations/{id}/qa/publish', { id: letter.json.id }, {}, 200);
    await check(mLead, 'POST', '/api/v1/consultations/{id}/qa/publish', { id: letter.json.id }, {}, 409);
    await check(mLead, 'POST', '/api/v1/consultations/{id}/qa/publish', { id: 99999999 }, {}, 404);
    await check(mLead, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: 't', question: 'q', answer: 'a' } }, 409);
    await check(anon, 'GET', '/api/v1/qa/{id}', { id: copy.json.id }, {}, 200);
    await check(anon, 'GET', '/api/v1/qa', {}, { query: `?q=${encodeURIComponent('契约')}&limit=5` }, 200);
    await check(anon, 'GET', '/api/v1/qa', {}, { query: `?q=${'x'.repeat(51)}` }, 422);
    await check(mLead, 'POST', '/api/v1/consultations/{id}/qa/withdraw', { id: letter.json.id }, {}, 200);
    await check(anon, 'GET', '/api/v1/qa/{id}', { id: copy.json.id }, {}, 404);
    await check(cAsk, 'POST', '/api/v1/consultations/{id}/qa/withdraw', { id: letter.json.id }, {}, 403);
    await check(anon, 'POST', '/api/v1/consultations/{id}/qa/publish', { id: letter.json.id }, {}, 401);
    await check(mLead, 'GET', '/api/v1/consultations/{id}/qa', { id: 99999999 }, {}, 404);
    await check(cAsk, 'GET', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 403);
    await check(anon, 'GET', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, {}, 401);
    await check(cAsk, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: 't', question: 'q', answer: 'a' } }, 403);
    await check(anon, 'PUT', '/api/v1/consultations/{id}/qa', { id: letter.json.id }, { body: { title: 't', question: 'q', answer: 'a' } }, 401);
    await check(mOffice, 'POST', '/api/v1/consultations/{id}/qa/withdraw', { id: 99999999 }, {}, 404);
    await check(mOffice, 'GET', '/api/v1/consultations/qa', {}, { query: '?limit=0' }, 422);

    // The plate guard: a plate past its limit (plain 429), then this address
    // past its limit (429 with a proof-of-work challenge). Last: it leaves
    // the address limited for the hour.
    for (let i = 0; i < 5; i++) await check(anon, 'GET', '/api/v1/violations', {}, { query: `?plate_type=02&plate=${encodeURIComponent('浙J88888')}&engine6=00000${i}` }, 404);
    await check(anon, 'GET', '/api/v1/violations', {}, { query: `?plate_type=02&plate=${encodeURIComponent('浙J88888')}&engine6=000009` }, 429);
    for (let i = 0; i < 30; i++) {
      const r = await anon.get(`/api/v1/violations?plate_type=02&plate=${encodeURIComponent(`浙J7${String(i).padStart(4, '0')}`)}&engine6=000000`);
      if (r.status === 429) break;
    }
    const limited = await check(anon, 'GET', '/api/v1/violations', {}, { query: vq('123456') }, 429);
    assert.ok(limited.json.challenge?.nonce, limited.text);

    const unchecked = operations(spec).filter((op) => !seen.has(op));
    assert.deepEqual(unchecked, [], 'operations without a checked response');
    assert.deepEqual(failures, [], `responses that differ from api/openapi.yaml:\n${failures.join('\n')}`);
  });
});
