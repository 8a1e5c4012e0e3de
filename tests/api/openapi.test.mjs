// api/openapi.yaml against the server: the same set of routes as
// `jingwu routes`, and real responses of every operation that match the
// documented status codes, content types and schemas.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run, BIN, registerCitizen, citizen, freshBadge, DEMO_PASSWORD } from './harness.mjs';
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
    const { id: _i, version: _v, published_at: _p, versions_count: _c, category_name: _n, ...doc } = item.json;
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
    await srv.sql("UPDATE vehicles SET stolen = 1 WHERE plate = '浙J12345'");
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

    await check(me, 'POST', '/api/v1/me/password', {}, { body: { current_password: cit.password, new_password: 'Contract-9x' } }, 204);
    await check(me, 'POST', '/api/v1/me/password', {}, { body: { current_password: 'wrong-wrong', new_password: 'Contract-9y' } }, 422);
    await check(me, 'POST', '/api/v1/auth/logout', {}, {}, 204);
    await check(anon, 'POST', '/api/v1/auth/logout', {}, {}, 401);

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
