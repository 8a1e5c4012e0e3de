// Appointments with a named officer (预约民警): office hours and the slots made
// from them, the demo, the grid's officer offered first, booking with
// Idempotency-Key and attachments, exact capacity under parallel bookings,
// one booking per officer and day, confirm/decline/propose/accept/refuse,
// the 2-hour cancel window, reminders through the notify outbox, no-shows
// and the booking bar, and the attacker's side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
let officer; // the demo officer's officer id (文化社区警务室 社区民警)
let days = []; // bookable dates of the demo officer, with their slots
before(async () => {
  srv = await startServer();
  officer = Number(await srv.value("SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = 'officer'"));
  assert.ok(officer > 0, 'the demo officer account is linked to an officer');
  const c = srv.client();
  for (let n = 0; n <= 14; n++) {
    const d = localDate(now() + n * DAY);
    const r = await c.get(`/api/v1/officers/${officer}/appointment-slots?date=${d}`);
    assert.equal(r.status, 200, r.text);
    if (r.json.open && r.json.items.filter((s) => s.bookable && s.free > 0).length >= 3) days.push(r.json);
  }
  assert.ok(days.length >= 4, 'at least four bookable days within 14 days');
});
after(async () => { await srv?.stop(); });

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const localDate = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);

async function citizen() {
  const c = await registerCitizen(srv);
  return { client: await srv.signIn(c.phone, c.password), id: c.id };
}

/** A fresh slot of the demo officer made by hand (capacity cap) starting at startsAt. */
async function slotAt(startsAt, cap = 1, off = officer) {
  return Number(await srv.value(`INSERT INTO officer_slots (officer_id, day, starts_at, ends_at, capacity, booked) VALUES (${off}, '${localDate(startsAt)}', ${startsAt}, ${startsAt + 1800}, ${cap}, 0) RETURNING id`));
}
let slotSeq = 0;
/** A fresh slot 3 days ahead at an odd minute (the template never makes it). */
const freshSlot = (cap = 1) => slotAt(now() + 3 * DAY + 7 * 60 + 60 * slotSeq++, cap);

const book = (c, slot, over = {}, opts = {}) =>
  c.post('/api/v1/officer-appointments', { slot_id: slot, topic: '咨询户籍', description: '想咨询孩子落户的材料。', ...over }, opts);

test('the demo: office hours, two bookings of the demo citizen, a second seed changes nothing', async () => {
  const h = await srv.client().get(`/api/v1/officers/${officer}/office-hours`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.accepts_appointments, true);
  assert.equal(h.json.hours.length, 5, 'Monday to Friday');
  assert.deepEqual(h.json.hours[0], { weekday: 0, open_min: 540, close_min: 690, slot_min: 30, capacity: 1 });
  assert.ok(Number(await srv.value('SELECT COUNT(*) FROM officer_hours')) >= 10, 'a few officers of 白云派出所');
  const me = await srv.signIn(DEMO_CITIZEN);
  const mine = await me.get('/api/v1/me/officer-appointments');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 2);
  assert.deepEqual(mine.json.items.map((a) => a.status).sort(), ['confirmed', 'requested']);
  assert.equal(mine.json.next_cursor, null);
  const p1 = await me.get('/api/v1/me/officer-appointments?limit=1');
  assert.equal(p1.json.items.length, 1);
  assert.equal(typeof p1.json.next_cursor, 'string');
  const p2 = await me.get(`/api/v1/me/officer-appointments?limit=1&cursor=${p1.json.next_cursor}`);
  assert.equal(p2.json.items.length, 1);
  assert.notEqual(p2.json.items[0].id, p1.json.items[0].id);
  assert.equal(p2.json.next_cursor, null);
  const before = await srv.value('SELECT COUNT(*) || \'/\' || (SELECT COUNT(*) FROM officer_hours) FROM officer_appointments');
  const again = await srv.cli(['seed', '--demo'], { timeout: 120000 });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await srv.value('SELECT COUNT(*) || \'/\' || (SELECT COUNT(*) FROM officer_hours) FROM officer_appointments'), before);
  // The template: 09:00–11:30 in 30-minute slots of one place.
  assert.equal(days[0].items.length, 5);
  assert.match(days[0].items[0].starts_at, /T09:00:00\+08:00$/);
});

test('the community officer of the citizen\'s own grid is offered first', async () => {
  const { client, id } = await citizen();
  let r = await client.get('/api/v1/me/grid-officer');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.officer, null, 'not a resident of any grid');
  const [resident, gridOfficer] = (await srv.rows('SELECT r.id, g.officer_id FROM residents r JOIN grids g ON g.id = r.grid_id WHERE g.officer_id IS NOT NULL ORDER BY r.id LIMIT 1'))[0];
  await srv.sql(`UPDATE residents SET id_bidx = (SELECT id_bidx FROM users WHERE id = ${id}) WHERE id = ${resident}`);
  r = await client.get('/api/v1/me/grid-officer');
  assert.equal(r.json.officer.id, Number(gridOfficer));
  assert.equal(typeof r.json.officer.unit_name, 'string');
  assertProblem(await srv.client().get('/api/v1/me/grid-officer'), 401, 'unauthenticated');
  assertProblem(await (await srv.signIn('officer')).get('/api/v1/me/grid-officer'), 403, 'forbidden');
});

test('booking: 201 with a confirmation number and an .ics, Idempotency-Key, one a day, attachments', async () => {
  const { client, id } = await citizen();
  const [s1, s2] = days[1].items.filter((s) => s.bookable);
  const up = Number(await srv.value(`INSERT INTO uploads (user_id, sha256, content_type, size, name, created_at) VALUES (${id}, '${'a'.repeat(64)}', 'image/jpeg', 10, 'a.jpg', 0) RETURNING id`));
  const key = { headers: { 'Idempotency-Key': `k-${id}` } };
  const r = await book(client, s1.id, { upload_ids: [up] }, key);
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.confirmation_no, /^YM\d{16}$/);
  assert.equal(r.json.status, 'requested');
  assert.equal(r.json.officer.id, officer);
  assert.deepEqual(r.json.upload_ids, [up]);
  assert.equal(r.json.cancellable, true);
  const again = await book(client, s1.id, { upload_ids: [up] }, key);
  assert.equal(again.status, 201);
  assert.equal(again.json.id, r.json.id, 'the same key answers the first booking');
  assertProblem(await book(client, s2.id, {}, key), 422, 'validation', 'the key with another body');
  assertProblem(await book(client, s2.id), 409, 'conflict', 'a second booking with the officer that day');
  const zh = await book(client, s2.id, {}, { headers: { 'Accept-Language': 'zh-CN' } });
  assertProblem(zh, 409, 'conflict');
  assert.match(zh.json.detail, /已有与该民警的预约/);
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${s2.id}`), '0', 'nothing half-written');
  const ics = await client.get(r.json.ics_url);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.text, /BEGIN:VEVENT/);
  assert.ok(ics.text.includes(r.json.confirmation_no));
  // The officer was told (inbox), the booking audited.
  assert.equal(await srv.value(`SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'officer' AND n.kind = 'appointment.requested' AND n.body LIKE '%${r.json.confirmation_no}%'`), '1');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'appointment.book' AND object_type = 'officer_appointment' AND object_id = '${r.json.id}'`), '1');
});

test('capacity is exact: 16 parallel bookings of the last place, one wins', async () => {
  const slot = await freshSlot(1);
  const people = await Promise.all(Array.from({ length: 16 }, () => citizen()));
  const res = await Promise.all(people.map((p) => book(p.client, slot)));
  const codes = res.map((r) => r.status).sort();
  assert.equal(codes.filter((c) => c === 201).length, 1, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === 409).length, 15, JSON.stringify(codes));
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${slot}`), '1');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM officer_appointments WHERE slot_id = ${slot}`), '1');
});

test('the officer confirms, declines with a reason, proposes another time; the citizen accepts or refuses', async () => {
  const off = await srv.signIn('officer');
  const { client } = await citizen();
  const [a1] = days[2].items.filter((s) => s.bookable && s.free > 0);
  let r = await book(client, a1.id);
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assertProblem(await client.post(`/api/v1/officer-appointments/${id}/confirm`, {}), 403, 'forbidden');
  r = await off.post(`/api/v1/officer-appointments/${id}/confirm`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'confirmed');
  assert.equal(r.json.citizen.phone.includes('****'), true, 'the phone masked');
  assertProblem(await off.post(`/api/v1/officer-appointments/${id}/confirm`, {}), 409, 'conflict', 'twice');
  // Propose: a place of the new time is held.
  const other = await freshSlot(1);
  r = await off.post(`/api/v1/officer-appointments/${id}/propose`, { slot_id: other, reason: '上午要开会' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'proposed');
  assert.equal(r.json.proposed.slot_id, other);
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${other}`), '1');
  assertProblem(await off.post(`/api/v1/officer-appointments/${id}/accept`, {}), 403, 'forbidden');
  r = await client.post(`/api/v1/officer-appointments/${id}/accept`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'confirmed');
  assert.equal(r.json.slot_id, other);
  assert.equal(r.json.proposed, null);
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${a1.id}`), '0', 'the old place given back');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM notifications n JOIN officer_appointments a ON a.user_id = n.user_id WHERE a.id = ${id} AND n.kind = 'appointment.changed'`), '2');
  // Propose again, refused: both places given back.
  const third = await freshSlot(1);
  assert.equal((await off.post(`/api/v1/officer-appointments/${id}/propose`, { slot_id: third })).status, 200);
  r = await client.post(`/api/v1/officer-appointments/${id}/refuse`, {});
  assert.equal(r.json.status, 'cancelled');
  assert.equal(r.json.cancelled_by, 'citizen');
  assert.equal(await srv.value(`SELECT SUM(booked) FROM officer_slots WHERE id IN (${other}, ${third})`), '0');
  // Decline needs a reason; it frees the place.
  const d = await freshSlot(1);
  const b = await book(client, d);
  assert.equal(b.status, 201, b.text);
  assertInvalid(await off.post(`/api/v1/officer-appointments/${b.json.id}/decline`, {}), 'reason');
  assertInvalid(await off.post(`/api/v1/officer-appointments/${b.json.id}/propose`, { slot_id: d }), 'slot_id', 'the same slot');
  r = await off.post(`/api/v1/officer-appointments/${b.json.id}/decline`, { reason: '请直接到户籍窗口办理' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'declined');
  assert.equal(r.json.reason, '请直接到户籍窗口办理');
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${d}`), '0');
  assert.ok(Number(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'officer_appointment' AND object_id = '${id}'`)) >= 5);
  // The station chief (the desk) works the officer's appointments too; the officer's workbench lists them.
  const chief = await srv.signIn('station_chief');
  const list = await chief.get(`/api/v1/officers/${officer}/appointments?from=${localDate(now())}&days=14`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === b.json.id));
  assert.ok(Number(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'appointment.desk_view' AND actor_login = 'station_chief'`)) >= 1);
  const desk = await off.get('/api/v1/me/officer-desk');
  assert.equal(desk.json.officer.id, officer);
});

test('either side cancels until two hours before; booking closes two hours before', async () => {
  const { client } = await citizen();
  const soon = await slotAt(now() + 3600 + 60 * slotSeq++);
  assertInvalid(await book(client, soon), 'slot_id', 'too late to book');
  const s = await freshSlot(1);
  const r = await book(client, s);
  assert.equal(r.status, 201, r.text);
  await srv.sql(`UPDATE officer_appointments SET starts_at = ${now() + 3600} WHERE id = ${r.json.id}`);
  assertProblem(await client.post(`/api/v1/officer-appointments/${r.json.id}/cancel`, {}), 409, 'conflict');
  const off = await srv.signIn('officer');
  assertProblem(await off.post(`/api/v1/officer-appointments/${r.json.id}/cancel`, {}), 409, 'conflict');
  await srv.sql(`UPDATE officer_appointments SET starts_at = ${now() + 3 * 3600} WHERE id = ${r.json.id}`);
  const c = await client.post(`/api/v1/officer-appointments/${r.json.id}/cancel`, {});
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'cancelled');
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${s}`), '0');
  // Staff cancel with a reason; the citizen is told by SMS too.
  const s2 = await freshSlot(1);
  const r2 = await book(client, s2);
  const c2 = await off.post(`/api/v1/officer-appointments/${r2.json.id}/cancel`, { reason: '临时出警' });
  assert.equal(c2.json.cancelled_by, 'staff');
});

test('reminders the day before go through the notify outbox', async () => {
  const { client, id } = await citizen();
  const tomorrow = Date.parse(`${localDate(now() + DAY)}T10:07:00+08:00`) / 1000;
  const s = await slotAt(tomorrow);
  const r = await book(client, s);
  assert.equal(r.status, 201, r.text);
  let n = '0';
  for (let i = 0; i < 40 && n === '0'; i++) {
    await new Promise((res) => setTimeout(res, 250));
    n = await srv.value(`SELECT COUNT(*) FROM notifications WHERE user_id = ${id} AND kind = 'appointment.reminder'`);
  }
  assert.equal(n, '1');
  assert.equal(await srv.value(`SELECT reminded FROM officer_appointments WHERE id = ${r.json.id}`), '1');
});

test('no-shows are recorded by staff and three in 90 days bar online booking for 30 days', async () => {
  const { client, id } = await citizen();
  const off = await srv.signIn('officer');
  for (let i = 0; i < 3; i++) {
    const s = await freshSlot(1);
    const b = await book(client, s);
    assert.equal(b.status, 201, b.text);
    assertProblem(await off.post(`/api/v1/officer-appointments/${b.json.id}/no-show`, {}), 409, 'conflict', 'not confirmed yet');
    assert.equal((await off.post(`/api/v1/officer-appointments/${b.json.id}/confirm`, {})).status, 200);
    assertProblem(await off.post(`/api/v1/officer-appointments/${b.json.id}/no-show`, {}), 409, 'conflict', 'not started');
    await srv.sql(`UPDATE officer_appointments SET starts_at = ${now() - (i + 1) * DAY} WHERE id = ${b.json.id}`);
    const ns = await off.post(`/api/v1/officer-appointments/${b.json.id}/no-show`, {});
    assert.equal(ns.status, 200, ns.text);
    assert.equal(ns.json.status, 'no_show');
  }
  const mine = await client.get('/api/v1/me/officer-appointments');
  assert.match(mine.json.booking_barred_until, /^\d{4}-\d{2}-\d{2}$/);
  assertProblem(await book(client, await freshSlot(1)), 403, 'forbidden');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM notifications WHERE user_id = ${id} AND kind = 'appointment.barred'`), '1');
});

test('office hours: the officer and the desk edit them, days close, others get 404', async () => {
  const off = await srv.signIn('officer');
  const hours = [{ weekday: 5, open_min: 540, close_min: 600, slot_min: 20, capacity: 2 }];
  let r = await off.put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: true, hours: [...(await off.get(`/api/v1/officers/${officer}/office-hours`)).json.hours, ...hours] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.hours.length, 6);
  assertInvalid(await off.put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: true, hours: [hours[0], hours[0]] }), 'hours');
  assertInvalid(await off.put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: true, hours: [{ ...hours[0], close_min: 550 }] }), 'hours');
  assertInvalid(await off.put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: true, hours: [{ ...hours[0], weekday: 9 }] }), 'weekday');
  const traffic = await srv.signIn('traffic');
  assertProblem(await traffic.put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: false, hours: [] }), 404, 'not-found');
  assertProblem(await (await srv.signIn(DEMO_CITIZEN)).put(`/api/v1/officers/${officer}/office-hours`, { accepts_appointments: false, hours: [] }), 403, 'forbidden');
  // A day with open bookings cannot close; an empty day can, and shows closed.
  const busy = days[1].date;
  assertProblem(await off.put(`/api/v1/officers/${officer}/office-hours/exceptions/${busy}`, { closed: true }), 409, 'conflict');
  const free = days[3].date;
  r = await off.put(`/api/v1/officers/${officer}/office-hours/exceptions/${free}`, { closed: true, note: '外出培训' });
  assert.equal(r.status, 200, r.text);
  const sl = await srv.client().get(`/api/v1/officers/${officer}/appointment-slots?date=${free}`);
  assert.equal(sl.json.open, false);
  assert.equal(sl.json.closed_reason, 'closed');
  assertProblem(await off.put(`/api/v1/officers/${officer}/office-hours/exceptions/2026-02-30`, { closed: true }), 404, 'not-found');
});

test('the attacker\'s side', async () => {
  const { client: victim } = await citizen();
  const { client: mallory, id: malloryId } = await citizen();
  const [s] = days[0].items.filter((x) => x.bookable && x.free > 0);
  const v = await book(victim, s.id);
  assert.equal(v.status, 201, v.text);
  const vid = v.json.id;
  // Another citizen's booking: 404 everywhere.
  assertProblem(await mallory.get(`/api/v1/officer-appointments/${vid}`), 404, 'not-found');
  assertProblem(await mallory.get(`/api/v1/officer-appointments/${vid}/ics`), 404, 'not-found');
  assertProblem(await mallory.post(`/api/v1/officer-appointments/${vid}/cancel`, {}), 404, 'not-found');
  // Staff of another unit: 404; citizens on staff endpoints: 403; anonymous: 401.
  const traffic = await srv.signIn('traffic');
  assertProblem(await traffic.get(`/api/v1/officer-appointments/${vid}`), 404, 'not-found');
  assertProblem(await traffic.post(`/api/v1/officer-appointments/${vid}/confirm`, {}), 404, 'not-found');
  assertProblem(await traffic.get(`/api/v1/officers/${officer}/appointments`), 404, 'not-found');
  assertProblem(await victim.get(`/api/v1/officers/${officer}/appointments`), 403, 'forbidden');
  assertProblem(await (await srv.signIn('auditor')).get(`/api/v1/officer-appointments/${vid}`), 403, 'forbidden');
  const anon = srv.client();
  assertProblem(await book(anon, s.id), 401, 'unauthenticated');
  assertProblem(await anon.get('/api/v1/me/officer-appointments'), 401, 'unauthenticated');
  // Missing CSRF token.
  assertProblem(await book(mallory, s.id, {}, { csrf: false }), 403, 'csrf');
  // Forged upload ids: the victim's upload, a huge id — 422 and nothing written.
  const vicUp = Number(await srv.value(`INSERT INTO uploads (user_id, sha256, content_type, size, name, created_at) VALUES ((SELECT user_id FROM officer_appointments WHERE id = ${vid}), '${'b'.repeat(64)}', 'image/png', 10, 'b.png', 0) RETURNING id`));
  const slot = await freshSlot(1);
  assertInvalid(await book(mallory, slot, { upload_ids: [vicUp] }), 'upload_ids');
  assertInvalid(await book(mallory, slot, { upload_ids: [9007199254740991] }), 'upload_ids');
  assertInvalid(await book(mallory, slot, { upload_ids: [-1] }), 'upload_ids');
  assertInvalid(await book(mallory, slot, { upload_ids: [1, 2, 3, 4, 5, 6] }), 'upload_ids');
  assert.equal(await srv.value(`SELECT booked FROM officer_slots WHERE id = ${slot}`), '0');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM officer_appointments WHERE user_id = ${malloryId}`), '0');
  // Bad input.
  assertInvalid(await book(mallory, slot, { topic: '问'.repeat(61) }), 'topic');
  assertInvalid(await book(mallory, slot, { topic: '' }), 'topic');
  assertInvalid(await book(mallory, slot, { description: '长'.repeat(1001) }), 'description');
  assertInvalid(await book(mallory, 'x'), 'slot_id');
  assertInvalid(await book(mallory, -5), 'slot_id');
  assertProblem(await book(mallory, 922337203685477580), 404, 'not-found');
  const bad = await mallory.req('POST', '/api/v1/officer-appointments', { raw: Buffer.from([0x7b, 0x22, 0x74, 0x6f, 0x70, 0x69, 0x63, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
  assert.ok([400, 422].includes(bad.status), bad.text);
  assertInvalid(await mallory.get(`/api/v1/officers/${officer}/appointment-slots?date=2026-02-30`), 'date');
  assertInvalid(await mallory.get(`/api/v1/officers/${officer}/appointment-slots?date=${localDate(now() - DAY)}`), 'date');
  assertProblem(await mallory.get(`/api/v1/officers/99999999999/appointment-slots?date=${localDate(now())}`), 404, 'not-found');
  assertProblem(await mallory.get('/api/v1/officer-appointments/99999999999999999999'), 404, 'not-found');
  assertInvalid(await mallory.get('/api/v1/me/officer-appointments?limit=1000'), 'limit');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM officer_appointments WHERE user_id = ${malloryId}`), '0');
});
