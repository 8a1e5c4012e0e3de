// The holiday calendar (public reading, sysadmin editing, audited) and the
// inbox: a user sees and marks only their own notifications; SMS go out
// through the log driver once the writing transaction has committed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('the 2026 calendar is public: National Day off, the worked Saturday on', async () => {
  const r = await srv.client().get('/api/v1/calendar?year=2026');
  assert.equal(r.status, 200);
  assert.equal(r.json.year, 2026);
  const byDay = Object.fromEntries(r.json.items.map((d) => [d.day, d.kind]));
  for (let d = 1; d <= 7; d++) assert.equal(byDay[`2026-10-0${d}`], 'holiday', `10-0${d}`);
  assert.equal(byDay['2026-10-10'], 'workday');
  assert.equal(byDay['2026-09-20'], 'workday');
  assert.equal(byDay['2026-02-14'], 'workday');
  assert.equal(byDay['2026-11-28'], undefined, 'an ordinary Saturday is no exception');
  assertInvalid(await srv.client().get('/api/v1/calendar?year=26'), 'year');
  assertInvalid(await srv.client().get('/api/v1/calendar?year=abcd'), 'year');
});

test('only the sysadmin edits the calendar; bad input changes nothing; edits are audited', async () => {
  const before = await srv.value("SELECT COUNT(*) FROM calendar_days");
  const anon = srv.client();
  assertProblem(await anon.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: 'x' } }), 401, 'unauthenticated');
  for (const login of [DEMO_CITIZEN, 'unit_admin', 'auditor']) {
    const c = await srv.signIn(login);
    assertProblem(await c.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: 'x' } }), 403, 'forbidden', login);
  }
  const admin = await srv.signIn('sysadmin');
  assertInvalid(await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'vacation', name: 'x' } }), 'kind');
  assertInvalid(await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: '' } }), 'name');
  assertInvalid(await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: 'x', extra: 1 } }), 'extra');
  assertProblem(await admin.req('PUT', '/api/v1/calendar/2026-02-30', { body: { kind: 'holiday', name: 'x' } }), 404, 'not-found');
  const noCsrf = await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: 'x' }, csrf: false });
  assertProblem(noCsrf, 403, 'csrf');
  assert.equal(await srv.value("SELECT COUNT(*) FROM calendar_days"), before, 'a refused edit wrote nothing');

  const put = await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'holiday', name: '跨年' } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json, { day: '2026-12-31', kind: 'holiday', name: '跨年' });
  assert.equal(await srv.value("SELECT kind FROM calendar_days WHERE day = '2026-12-31'"), 'holiday');
  const again = await admin.req('PUT', '/api/v1/calendar/2026-12-31', { body: { kind: 'workday', name: '跨年' } });
  assert.equal(again.status, 200);
  assert.equal(await srv.value("SELECT kind FROM calendar_days WHERE day = '2026-12-31'"), 'workday');
  assert.equal((await admin.req('DELETE', '/api/v1/calendar/2026-12-31')).status, 204);
  assertProblem(await admin.req('DELETE', '/api/v1/calendar/2026-12-31'), 404, 'not-found');
  assert.equal(await srv.value("SELECT COUNT(*) FROM audit_log WHERE action IN ('calendar.set', 'calendar.delete')"), '3');
  const rows = await srv.rows(
    "SELECT actor_login, action, object_type, object_id, detail, ip FROM audit_log WHERE action IN ('calendar.set', 'calendar.delete') ORDER BY id");
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [
    ['sysadmin', 'calendar.set', 'calendar_day', '', '2026-12-31 holiday 跨年'],
    ['sysadmin', 'calendar.set', 'calendar_day', '', '2026-12-31 workday 跨年'],
    ['sysadmin', 'calendar.delete', 'calendar_day', '', '2026-12-31'],
  ], 'each edit is audited with its actor and what changed');
  for (const r of rows) assert.ok(r[5], 'the audit row carries the address');
});

test('the inbox: own notifications only, unread count, mark read', async () => {
  const a = await registerCitizen(srv);
  const b = await registerCitizen(srv);
  const alice = await srv.signIn(a.phone, a.password);
  const bob = await srv.signIn(b.phone, b.password);
  assertProblem(await srv.client().get('/api/v1/me/notifications'), 401, 'unauthenticated');
  const empty = await alice.get('/api/v1/me/notifications');
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.json, { items: [], next_cursor: null, unread: 0 });

  for (let i = 1; i <= 3; i++) {
    await srv.sql(`INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)
                   VALUES (${a.id}, 'test', '消息${i}', '', '/me', ${1796000000 + i}, 0)`);
  }
  const page1 = await alice.get('/api/v1/me/notifications?limit=2');
  assert.equal(page1.status, 200);
  assert.equal(page1.json.unread, 3);
  assert.deepEqual(page1.json.items.map((n) => n.title), ['消息3', '消息2'], 'newest first');
  assert.ok(page1.json.next_cursor);
  const page2 = await alice.get(`/api/v1/me/notifications?limit=2&cursor=${page1.json.next_cursor}`);
  assert.deepEqual(page2.json.items.map((n) => n.title), ['消息1']);
  assert.equal(page2.json.next_cursor, null);

  const id = page1.json.items[0].id;
  assert.equal((await bob.get('/api/v1/me/notifications')).json.items.length, 0, "bob sees none of alice's");
  assertProblem(await bob.req('POST', `/api/v1/me/notifications/${id}/read`), 404, 'not-found');
  assertProblem(await alice.req('POST', `/api/v1/me/notifications/${id}/read`, { csrf: false }), 403, 'csrf');
  assert.equal((await alice.req('POST', `/api/v1/me/notifications/${id}/read`)).status, 204);
  assert.equal((await alice.req('POST', `/api/v1/me/notifications/${id}/read`)).status, 204, 'twice is fine');
  const after = await alice.get('/api/v1/me/notifications');
  assert.equal(after.json.unread, 2);
  assert.ok(after.json.items.find((n) => n.id === id).read_at);
});

test('SMS leave through the log driver, once each, to the account phone', async () => {
  const user = await registerCitizen(srv);
  await srv.sql(`INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)
                 VALUES (${user.id}, 'test', '短信测试', '请查收', '', 1796000000, 1)`);
  const log = join(srv.tmp, 'sms.log');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !(existsSync(log) && readFileSync(log, 'utf8').includes('短信测试'))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('短信测试'));
  assert.equal(lines.length, 1);
  assert.ok(lines[0].includes(user.phone), lines[0]);
  assert.equal(await srv.value(`SELECT sms_state FROM notifications WHERE user_id = ${user.id}`), '2');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('短信测试')).length, 1, 'sent once');
});
