// The crime-prevention bus (防范宣传车): the public request form (no
// sign-in; limited per address, then a proof-of-work challenge, then a
// daily cap), staff approve (scheduling an event) or decline, the public
// calendar and monthly totals without personal data, recording visitors
// afterwards, illegal transitions 409, races, scope and the attacker, bad
// input with nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, assertProblem, assertInvalid, requestFrom, DEMO_CITIZEN } from './harness.mjs';

let srv;
let chief; // 白云派出所
let officer; // a community station under it
let aux;
let otherChief; // 海门派出所
let baiyun;
let community;
before(async () => {
  srv = await startServer();
  chief = await srv.signIn('station_chief');
  officer = await srv.signIn('officer');
  aux = await srv.signIn('auxiliary');
  baiyun = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
  community = Number(await srv.value("SELECT unit_id FROM users WHERE login = 'officer'"));
  const haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  const sys = await srv.signIn('sysadmin');
  const made = await sys.post('/api/v1/staff', { login: 'haimen_chief', name: '海门所长', role: 'station_chief', unit_id: haimen, password: 'Haimen-2026x' });
  assert.equal(made.status, 201, made.text);
  otherChief = await srv.signIn('haimen_chief', 'Haimen-2026x');
});
after(async () => { await srv?.stop(); });

const DAY = 86400;
const localDate = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);
const today = () => localDate(Math.floor(Date.now() / 1000));
const inDays = (n) => localDate(Math.floor(Date.now() / 1000) + n * DAY);
let addr = 40;
const freshAddr = () => `127.0.0.${addr++}`;

function ask(over = {}) {
  return {
    unit_id: baiyun, org_kind: 'school', org_name: '台州市白云实验小学', contact_name: '李老师', phone: '13905769876',
    date_from: inDays(5), date_to: inDays(20), topic: '校园反诈与防拐骗', audience: 400, note: '下午放学前最合适', ...over,
  };
}

/** POSTs the public form from address a (as a browser without a session would). */
function send(a, body, headers = {}) {
  return requestFrom(srv, a, 'POST', '/api/v1/prevention/requests', { headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
}

function solve({ nonce, difficulty }) {
  for (let s = 0; ; s++) {
    const h = createHash('sha256').update(`${nonce}:${s}`).digest();
    let ok = true;
    for (let i = 0; i < difficulty && ok; i++) ok = !(h[i >> 3] & (0x80 >> (i & 7)));
    if (ok) return `${nonce}:${s}`;
  }
}

const event = (over = {}) => ({ day: inDays(3), starts: '09:00', ends: '11:00', place: '学校操场', officers: '王警官、叶辅警', topic: '防范电信网络诈骗', org_kind: 'village', org_name: '白云街道东山村', ...over });

test('a school asks for a visit; staff approve it; it is on the public calendar; visitors are recorded; totals move', async () => {
  const r = await send(freshAddr(), ask());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.phone, '139****9876', 'the phone is masked in the answer');
  const id = r.json.id;
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'prevention.request' AND object_id = '${id}'`), '1');

  const queue = await chief.get('/api/v1/prevention/requests?status=pending');
  assert.equal(queue.status, 200, queue.text);
  const mine = queue.json.items.find((q) => q.id === id);
  assert.equal(mine.phone, '13905769876', 'police in scope see the phone');
  assert.equal(mine.unit.id, baiyun);
  assertProblem(await officer.get(`/api/v1/prevention/requests/${id}`), 404, 'not-found');
  assertProblem(await otherChief.get(`/api/v1/prevention/requests/${id}`), 404, 'not-found');
  assertProblem(await otherChief.post(`/api/v1/prevention/requests/${id}/approve`, { day: inDays(6), starts: '14:00', ends: '16:00', place: '操场', officers: 'x' }), 404, 'not-found');

  const ok = await chief.post(`/api/v1/prevention/requests/${id}/approve`, { day: inDays(6), starts: '14:00', ends: '16:00', place: '白云实验小学操场', officers: '陈建华、林晓东（辅警）' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.status, 'scheduled');
  assert.equal(ok.json.request_id, id);
  assert.equal(ok.json.org_name, '台州市白云实验小学');
  assert.equal(ok.json.topic, '校园反诈与防拐骗');
  const ev = ok.json.id;
  const q = await chief.get(`/api/v1/prevention/requests/${id}`);
  assert.equal(q.json.status, 'approved');
  assert.equal(q.json.event_id, ev);
  assertProblem(await chief.post(`/api/v1/prevention/requests/${id}/approve`, { day: inDays(7), starts: '14:00', ends: '16:00', place: 'x', officers: 'x' }), 409, 'conflict');
  assertProblem(await chief.post(`/api/v1/prevention/requests/${id}/decline`, { reason: '改期' }), 409, 'conflict');

  const month = inDays(6).slice(0, 7);
  const cal = await srv.client().get(`/api/v1/prevention/calendar?month=${month}`);
  assert.equal(cal.status, 200, cal.text);
  const shown = cal.json.items.find((e) => e.id === ev);
  assert.ok(shown, cal.text);
  assert.equal(shown.org_name, '台州市白云实验小学');
  assert.ok(!/13905769876|139\*|李老师|陈建华|officers|phone|contact/.test(cal.text), 'no personal data on the calendar');

  // Visitors only once it has been held; then once.
  assertProblem(await chief.post(`/api/v1/prevention/events/${ev}/held`, { visitors: 300 }), 409, 'conflict');
  const todays = await chief.post('/api/v1/prevention/events', event({ day: today(), unit_id: community }));
  assert.equal(todays.status, 201, todays.text);
  const before = (await srv.client().get(`/api/v1/prevention/totals?from=${today().slice(0, 7)}&to=${today().slice(0, 7)}`)).json;
  assertProblem(await aux.post(`/api/v1/prevention/events/${todays.json.id}/held`, { visitors: 10 }), 404, 'not-found');
  for (const v of [-1, 1000001, 'many', 1.5]) assertInvalid(await officer.post(`/api/v1/prevention/events/${todays.json.id}/held`, { visitors: v }), 'visitors', String(v));
  const held = await officer.post(`/api/v1/prevention/events/${todays.json.id}/held`, { visitors: 235 });
  assert.equal(held.status, 200, held.text);
  assert.equal(held.json.visitors, 235);
  assertProblem(await officer.post(`/api/v1/prevention/events/${todays.json.id}/held`, { visitors: 1 }), 409, 'conflict');
  assertProblem(await officer.post(`/api/v1/prevention/events/${todays.json.id}/cancel`, { reason: '下雨' }), 409, 'conflict');
  const after = (await srv.client().get(`/api/v1/prevention/totals?from=${today().slice(0, 7)}&to=${today().slice(0, 7)}`)).json;
  assert.equal(after.items[0].held, before.items[0].held + 1);
  assert.equal(after.items[0].visitors, before.items[0].visitors + 235);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'prevention.held' AND object_id = '${todays.json.id}'`), '1');

  // Declined with a reason, cancelled with a reason.
  const other = (await send(freshAddr(), ask({ org_kind: 'company', org_name: '椒江某电子厂' }))).json.id;
  assertInvalid(await chief.post(`/api/v1/prevention/requests/${other}/decline`, {}), 'reason');
  const no = await chief.post(`/api/v1/prevention/requests/${other}/decline`, { reason: '该时段宣传车已排满，请改约下月' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.status, 'declined');
  const gone = await chief.post(`/api/v1/prevention/events/${ev}/cancel`, { reason: '学校临时考试' });
  assert.equal(gone.status, 200, gone.text);
  assert.ok(!(await srv.client().get(`/api/v1/prevention/calendar?month=${month}`)).json.items.some((e) => e.id === ev), 'cancelled events leave the public calendar');
  assert.ok((await chief.get(`/api/v1/prevention/events?month=${month}&status=cancelled`)).json.items.some((e) => e.id === ev));
});

test('the demo: 20 events held over two months, monthly totals, pending requests', async () => {
  const t = (await srv.client().get(`/api/v1/prevention/totals?to=${today().slice(0, 7)}`)).json;
  assert.equal(t.items.length, 12);
  assert.ok(t.held >= 20, JSON.stringify(t));
  assert.ok(t.visitors > 0);
  assert.ok((await chief.get('/api/v1/prevention/requests?status=pending')).json.items.length >= 4);
  const again = await srv.cli(['seed', '--demo'], { timeout: 120000 });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await srv.value('SELECT COUNT(*) FROM prevention_events WHERE created_by IS NULL'), '23', 'idempotent');
});

test('the form is limited per address: a challenge past three an hour, a cap past six a day; mistakes cost nothing', async () => {
  const a = freshAddr();
  assertInvalid(await send(a, ask({ phone: '123' })), 'phone');
  for (let i = 0; i < 3; i++) assert.equal((await send(a, ask({ org_name: `学校${i}号` }))).status, 201);
  const need = await send(a, ask());
  assert.equal(need.status, 429, need.text);
  assert.ok(need.json.challenge && need.json.challenge.nonce, need.text);
  assert.ok(Number(need.headers.get('retry-after')) > 0);
  const pow = solve(need.json.challenge);
  const paid = await send(a, ask({ org_name: '学校4号' }), { 'X-PoW': pow });
  assert.equal(paid.status, 201, paid.text);
  const reused = await send(a, ask(), { 'X-PoW': pow });
  assert.equal(reused.status, 429);
  assert.equal(reused.json.challenge_error, 'reused');
  for (let i = 5; i <= 6; i++) {
    const c = (await send(a, ask())).json.challenge;
    assert.equal((await send(a, ask({ org_name: `学校${i}号` }), { 'X-PoW': solve(c) })).status, 201);
  }
  const capped = await send(a, ask());
  assertProblem(capped, 429, 'rate-limited');
  assert.equal(capped.json.challenge, undefined, 'past the daily cap no challenge helps');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM prevention_requests WHERE client_ip = '${a}'`), '6');
  assert.equal((await send(freshAddr(), ask())).status, 201, 'another address is not affected');
});

test('bad input, scope and the attacker; nothing written', async () => {
  const count = () => srv.value('SELECT COUNT(*) FROM prevention_requests');
  const n = await count();
  const branch = Number(await srv.value("SELECT id FROM units WHERE kind = 'branch' ORDER BY id LIMIT 1"));
  const bad = [
    [{ phone: '1390576987' }, 'phone'],
    [{ date_from: inDays(-1) }, 'date_from'],
    [{ date_from: '2026-13-01' }, 'date_from'],
    [{ date_to: inDays(2) }, 'date_to'],
    [{ date_to: inDays(200) }, 'date_to'],
    [{ audience: 0 }, 'audience'],
    [{ audience: -5 }, 'audience'],
    [{ audience: 1e12 }, 'audience'],
    [{ unit_id: branch }, 'unit_id'],
    [{ unit_id: 999999999 }, 'unit_id'],
    [{ org_kind: 'army' }, 'org_kind'],
    [{ org_name: '学'.repeat(61) }, 'org_name'],
    [{ topic: 'a\u0007b' }, 'topic'],
    [{ evil: true }, 'evil'],
  ];
  for (const [over, field] of bad) assertInvalid(await send(freshAddr(), ask(over)), field, JSON.stringify(over));
  assertProblem(await send(freshAddr(), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])), 400, 'bad-json');
  assertProblem(await send(freshAddr(), 'x'.repeat(9000)), 413, 'too-large');
  assert.equal(await count(), n, 'nothing stored');

  // A signed-in citizen posting the form is a cookie session: CSRF applies.
  const citizen = await srv.signIn(DEMO_CITIZEN);
  assertProblem(await citizen.post('/api/v1/prevention/requests', ask(), { csrf: false }), 403, 'csrf');
  assert.equal((await citizen.post('/api/v1/prevention/requests', ask())).status, 201);

  // Staff endpoints.
  assertProblem(await srv.client().get('/api/v1/prevention/requests'), 401, 'unauthenticated');
  assertProblem(await srv.client().get('/api/v1/prevention/events'), 401, 'unauthenticated');
  assertProblem(await citizen.get('/api/v1/prevention/requests'), 403, 'forbidden');
  assertProblem(await (await srv.signIn('sysadmin')).get('/api/v1/prevention/requests'), 403, 'forbidden');
  assertProblem(await aux.post('/api/v1/prevention/events', event()), 403, 'forbidden');
  assertProblem(await chief.post('/api/v1/prevention/events', event(), { csrf: false }), 403, 'csrf');
  const e = await chief.post('/api/v1/prevention/events', event());
  assert.equal(e.status, 201, e.text);
  assertProblem(await otherChief.get(`/api/v1/prevention/events/${e.json.id}`), 404, 'not-found');
  assertProblem(await otherChief.post(`/api/v1/prevention/events/${e.json.id}/cancel`, { reason: 'x' }), 404, 'not-found');
  assert.ok(!(await otherChief.get(`/api/v1/prevention/events?month=${inDays(3).slice(0, 7)}`)).json.items.some((x) => x.id === e.json.id));
  assertProblem(await chief.get('/api/v1/prevention/events/0'), 404, 'not-found');
  assertProblem(await chief.get('/api/v1/prevention/requests/99999999999'), 404, 'not-found');
  const haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  assertProblem(await chief.post('/api/v1/prevention/events', event({ unit_id: haimen })), 404, 'not-found');
  for (const [over, field] of [[{ day: inDays(-1) }, 'day'], [{ day: '2026-02-30' }, 'day'], [{ starts: '25:00' }, 'starts'], [{ starts: '10:00', ends: '09:00' }, 'ends'], [{ officers: '' }, 'officers']]) {
    assertInvalid(await chief.post('/api/v1/prevention/events', event(over)), field, JSON.stringify(over));
  }
  for (const q of ['month=2026-13', 'month=26-01', 'month=2026-1']) assertInvalid(await srv.client().get(`/api/v1/prevention/calendar?${q}`), 'month', q);
  assertInvalid(await srv.client().get('/api/v1/prevention/totals?from=2020-01&to=2026-01'), 'to');
  assertProblem(await chief.get('/api/v1/prevention/requests?status=maybe'), 422, 'validation');
  const zh = await chief.post(`/api/v1/prevention/events/${e.json.id}/held`, { visitors: 5 }, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(zh.status, 409);
  assert.match(zh.json.detail, /活动日期为/);
});

test('race: two staff approve the same request at once, one event comes of it', async () => {
  const id = (await send(freshAddr(), ask({ org_name: '抢答小学' }))).json.id;
  const body = { day: inDays(8), starts: '09:00', ends: '10:00', place: '操场', officers: '王警官' };
  const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? chief : chief.clone()).post(`/api/v1/prevention/requests/${id}/approve`, body)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], rs.map((r) => r.text).join('\n'));
  assert.equal(await srv.value(`SELECT COUNT(*) FROM prevention_events WHERE request_id = ${id}`), '1');
});
