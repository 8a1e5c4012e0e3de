// Vehicle-inspection appointments: slots from the template, booking with
// Idempotency-Key, exact capacity under 200 concurrent bookings, one active
// appointment per vehicle, the window rules (too early, too late, not due,
// barred after three no-shows), the .ics read by a real iCalendar parser,
// reschedule and cancel, the station's day list, check-in of a stolen
// vehicle (alert + audit), no-show, and the reminders run by the server tick.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
let station; // 椒江 station (the demo inspector's)
let other; // 黄岩 station
let day; // a bookable date with slots
before(async () => {
  srv = await startServer();
  const st = await srv.client().get('/api/v1/inspection/stations');
  assert.equal(st.status, 200, st.text);
  [station, other] = st.json.items.map((s) => s.id);
});
after(async () => { await srv?.stop(); });

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const localDate = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);
const midnight = (date) => Date.parse(`${date}T00:00:00+08:00`) / 1000;
let plateSeq = 0;

/** Inserts vehicles bound to userId, due in dueDays; returns their plates. */
async function vehicles(userId, n, dueDays = 30) {
  const due = localDate(now() + dueDays * DAY);
  const plates = [];
  for (let i = 0; i < n; i++) plates.push(`浙K${String(10000 + plateSeq++).padStart(5, '0')}`);
  const values = plates.map((p, i) => `('02', '${p}', '', 'E${i}000000', '${String(i).padStart(6, '0')}', '', '', '${due}', 0)`);
  await srv.sql(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at) VALUES ${values.join(',')}`);
  await srv.sql(`INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) SELECT ${userId}, id, 0 FROM vehicles WHERE plate IN (${plates.map((p) => `'${p}'`).join(',')})`);
  return plates;
}

/** A slot made by hand (at a time the template never uses). */
async function slot(startsAt, capacity = 5, st = station) {
  return Number(await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${st}, '${localDate(startsAt)}', ${startsAt}, ${startsAt + 1800}, ${capacity}, 0) RETURNING id`));
}

async function citizenWith(n, dueDays) {
  const c = await registerCitizen(srv);
  const client = await srv.signIn(c.phone, c.password);
  return { client, id: c.id, plates: await vehicles(c.id, n, dueDays) };
}

test('stations and the slots of a date: template, lunch break, holidays closed', async () => {
  const c = srv.client();
  for (let n = 1; n <= 14 && !day; n++) {
    const d = localDate(now() + n * DAY);
    const r = await c.get(`/api/v1/inspection/slots?station_id=${station}&date=${d}`);
    assert.equal(r.status, 200, r.text);
    if (r.json.open && r.json.items.some((s) => s.bookable)) day = r.json;
  }
  assert.ok(day, 'a bookable day within 14 days');
  assert.equal(day.items.length, 12, '08:30–11:30 and 13:30–16:30 in 30-minute slots');
  assert.ok(!day.items.some((s) => s.starts_at.includes('T12:')), 'lunch break');
  assert.equal(day.items[0].capacity, 5);
  assert.match(day.items[0].starts_at, /T08:30:00\+08:00$/);
  // A public holiday is closed.
  const y = new Date().getUTCFullYear() + 1;
  await srv.sql(`INSERT INTO calendar_days (day, kind, name) VALUES ('${localDate(now() + 30 * DAY)}', 'holiday', '测试假日')`);
  const h = await c.get(`/api/v1/inspection/slots?station_id=${station}&date=${localDate(now() + 30 * DAY)}`);
  assert.equal(h.json.open, false);
  assert.equal(h.json.closed_reason, 'public holiday');
  assert.equal(h.json.items.length, 0);
  assertInvalid(await c.get(`/api/v1/inspection/slots?station_id=${station}&date=${y}-02-30`), 'date');
  assertInvalid(await c.get(`/api/v1/inspection/slots?date=${day.date}`), 'station_id');
  assertProblem(await c.get(`/api/v1/inspection/slots?station_id=1&date=${day.date}`), 404, 'not-found');
});

test('booking the demo vehicle: 201, Idempotency-Key, one active appointment, the .ics', async () => {
  const me = await srv.signIn(DEMO_CITIZEN);
  const [s1, s2] = day.items.filter((s) => s.bookable);
  const body = { slot_id: s1.id, plate_type: '02', plate: '浙J12345' };
  assertProblem(await srv.client().post('/api/v1/inspection/appointments', body), 401, 'unauthenticated');
  assertProblem(await me.post('/api/v1/inspection/appointments', body, { csrf: false }), 403, 'csrf');
  assertProblem(await me.post('/api/v1/inspection/appointments', { ...body, slot_id: 'x' }), 422, 'validation');
  assertProblem(await me.post('/api/v1/inspection/appointments', { ...body, plate: '浙K99999' }), 404, 'not-found');
  const r = await me.post('/api/v1/inspection/appointments', body, { headers: { 'Idempotency-Key': 'k-1' } });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.confirmation_no, /^JY\d{16}$/);
  assert.equal(r.json.status, 'booked');
  assert.equal(r.json.starts_at, s1.starts_at);
  const again = await me.post('/api/v1/inspection/appointments', body, { headers: { 'Idempotency-Key': 'k-1' } });
  assert.equal(again.status, 201);
  assert.equal(again.json.id, r.json.id, 'the same answer');
  assertProblem(await me.post('/api/v1/inspection/appointments', { ...body, slot_id: s2.id }, { headers: { 'Idempotency-Key': 'k-1' } }), 422, 'validation');
  const second = await me.post('/api/v1/inspection/appointments', { ...body, slot_id: s2.id });
  assertProblem(second, 409, 'conflict');
  assert.match(second.json.detail, /already has an inspection appointment/);
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${s1.id}`), '1');
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${s2.id}`), '0');
  // Unbinding is refused while the appointment is active.
  assertProblem(await me.del(`/api/v1/me/vehicles/${r.json.vehicle.id}`), 409, 'conflict');

  // The calendar file, read by ical.js.
  const ics = await me.get(r.json.ics_url);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.headers.get('content-disposition'), /^attachment; filename="jingwu-JY\d+\.ics"$/);
  const cal = new ICAL.Component(ICAL.parse(ics.text));
  const vtz = cal.getFirstSubcomponent('vtimezone');
  assert.equal(vtz.getFirstPropertyValue('tzid'), 'Asia/Shanghai');
  ICAL.TimezoneService.register(vtz);
  const ev = new ICAL.Event(cal.getFirstSubcomponent('vevent'));
  assert.equal(ev.startDate.zone.tzid, 'Asia/Shanghai');
  assert.equal(ev.startDate.toUnixTime(), Date.parse(s1.starts_at) / 1000, 'the right instant');
  assert.equal(ev.endDate.toUnixTime(), Date.parse(s1.ends_at) / 1000);
  assert.equal(ev.startDate.toString().slice(11, 16), s1.starts_at.slice(11, 16), 'local wall time');
  assert.match(ev.summary, /浙J12345/);
  assert.ok(ev.description.includes(r.json.confirmation_no));
  const other = await registerCitizen(srv);
  const o = await srv.signIn(other.phone, other.password);
  assertProblem(await o.get(r.json.ics_url), 404, 'not-found');
  assertProblem(await o.get(`/api/v1/inspection/appointments/${r.json.id}`), 404, 'not-found');

  // Reschedule, then cancel: the counts follow.
  const moved = await me.put(`/api/v1/inspection/appointments/${r.json.id}`, { slot_id: s2.id });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.slot_id, s2.id);
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${s1.id}`), '0');
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${s2.id}`), '1');
  assertProblem(await o.del(`/api/v1/inspection/appointments/${r.json.id}`), 404, 'not-found');
  const gone = await me.del(`/api/v1/inspection/appointments/${r.json.id}`);
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.json.status, 'cancelled');
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${s2.id}`), '0');
  assertProblem(await me.del(`/api/v1/inspection/appointments/${r.json.id}`), 409, 'conflict');
  const mine = await me.get('/api/v1/me/appointments');
  assert.equal(mine.json.booking_barred_until, null);
  assert.ok(mine.json.items.some((a) => a.id === r.json.id && a.status === 'cancelled'));
});

test('200 clients book one slot of capacity 5 at once: exactly 5 × 201 and 195 × 409, and 5 stored', async () => {
  const { client, plates } = await citizenWith(200);
  const id = await slot(midnight(day.date) + 7 * 3600); // 07:00, outside the template
  const clients = plates.map(() => client.clone());
  const res = await Promise.all(plates.map((plate, i) =>
    clients[i].post('/api/v1/inspection/appointments', { slot_id: id, plate_type: '02', plate })));
  const count = (s) => res.filter((r) => r.status === s).length;
  assert.equal(count(201), 5, res.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.text).join('\n'));
  assert.equal(count(409), 195);
  assert.equal(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${id}`), '5');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM inspection_appointments WHERE slot_id = ${id}`), '5');
});

test('one vehicle booking two slots at the same moment gets one', async () => {
  const { client, plates } = await citizenWith(1);
  const a = await slot(midnight(day.date) + 7 * 3600 + 600);
  const b = await slot(midnight(day.date) + 7 * 3600 + 1200);
  const res = await Promise.all([a, b].map((sid) =>
    client.clone().post('/api/v1/inspection/appointments', { slot_id: sid, plate_type: '02', plate: plates[0] })));
  assert.deepEqual(res.map((r) => r.status).sort(), [201, 409], res.map((r) => r.text).join('\n'));
  assert.equal(await srv.value(`SELECT COUNT(*) FROM inspection_appointments WHERE status = 'booked' AND vehicle_id = (SELECT id FROM vehicles WHERE plate = '${plates[0]}')`), '1');
  const booked = Number(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${a}`)) + Number(await srv.value(`SELECT booked FROM inspection_slots WHERE id = ${b}`));
  assert.equal(booked, 1);
});

test('window rules: too early, too late, not due, barred after three no-shows', async () => {
  const { client, id: userId, plates } = await citizenWith(2);
  const early = await slot(midnight(localDate(now() + 20 * DAY)) + 7 * 3600);
  const r1 = await client.post('/api/v1/inspection/appointments', { slot_id: early, plate_type: '02', plate: plates[0] });
  assertInvalid(r1, 'slot_id', 'too early');
  assert.match(r1.json.detail, /^Too early/);
  const late = await slot(now() + 3600);
  const r2 = await client.post('/api/v1/inspection/appointments', { slot_id: late, plate_type: '02', plate: plates[0] });
  assertInvalid(r2, 'slot_id', 'too late');
  assert.match(r2.json.detail, /^Too late/);
  const [far] = await vehicles(userId, 1, 200);
  const s = day.items.find((x) => x.bookable).id;
  const r3 = await client.post('/api/v1/inspection/appointments', { slot_id: s, plate_type: '02', plate: far });
  assertInvalid(r3, 'plate', 'not due');
  assert.match(r3.json.detail, /^Not due yet/);
  const [overdue] = await vehicles(userId, 1, -10);
  const ok = await client.post('/api/v1/inspection/appointments', { slot_id: s, plate_type: '02', plate: overdue });
  assert.equal(ok.status, 201, `an overdue vehicle books: ${ok.text}`);

  // Three no-shows within 90 days bar online booking for 30 days from the last.
  const vid = await srv.value(`SELECT id FROM vehicles WHERE plate = '${plates[1]}'`);
  const t = now();
  for (const ago of [60, 30, 5]) {
    const sid = await slot(t - ago * DAY, 5, other);
    await srv.sql(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) VALUES ('NS${sid}', ${sid}, ${other}, ${vid}, ${userId}, 'no_show', ${t - ago * DAY}, 0, 0)`);
  }
  const barred = await client.post('/api/v1/inspection/appointments', { slot_id: s, plate_type: '02', plate: plates[1] });
  assertProblem(barred, 403, 'forbidden');
  const until = localDate(t - 5 * DAY + 30 * DAY);
  assert.ok(barred.json.detail.includes(until), barred.json.detail);
  const mine = await client.get('/api/v1/me/appointments');
  assert.equal(mine.json.booking_barred_until, until);
  assert.match(mine.json.barred_reason, /no-shows/);
});

test('the station: day list in scope only, check-in of a stolen vehicle raises an audited alert, no-show', async () => {
  const { id: userId, plates } = await citizenWith(2);
  const t = now();
  const today = localDate(t);
  const startsAt = Math.max(midnight(today) + 60, t - 600);
  const sid = await slot(startsAt);
  const appt = [];
  for (const p of plates) {
    appt.push(Number(await srv.value(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) SELECT 'T${p.slice(2)}', ${sid}, ${station}, id, ${userId}, 'booked', ${startsAt}, 0, 0 FROM vehicles WHERE plate = '${p}' RETURNING id`)));
  }
  // Stolen is what the stolen-vehicle registry says (a reported record
  // matching the plate), not the old flag on the vehicle record.
  await srv.sql(`INSERT INTO stolen_vehicles (unit_id, unit_path, kind, plate_type, plate, owner_name, owner_phone, reported_at, reported_place, created_at, updated_at) SELECT id, path, 'car', '02', '${plates[0]}', '车主', '13800000000', 0, '椒江', 0, 0 FROM units WHERE parent_id IS NULL`);
  await srv.sql(`UPDATE vehicles SET stolen = 1 WHERE plate = '${plates[1]}'`);
  const insp = await srv.signIn('inspector');
  const list = await insp.get(`/api/v1/inspection/stations/${station}/day?date=${today}`);
  assert.equal(list.status, 200, list.text);
  const row = list.json.items.find((a) => a.id === appt[0]);
  assert.ok(row && row.stolen === true && /^1\d{10}$/.test(row.owner_phone), list.text);
  assert.equal(list.json.items.find((a) => a.id === appt[1]).stolen, false, 'the old vehicles.stolen flag is not read');
  assertProblem(await insp.get(`/api/v1/inspection/stations/${other}/day?date=${today}`), 404, 'not-found');
  const citizen = await srv.signIn(DEMO_CITIZEN);
  assertProblem(await citizen.get(`/api/v1/inspection/stations/${station}/day`), 403, 'forbidden');
  assertProblem(await citizen.post(`/api/v1/inspection/appointments/${appt[0]}/check-in`), 403, 'forbidden');

  const ci = await insp.post(`/api/v1/inspection/appointments/${appt[0]}/check-in`);
  assert.equal(ci.status, 200, ci.text);
  assert.equal(ci.json.status, 'checked_in');
  assert.equal(ci.json.alert, true);
  assertProblem(await insp.post(`/api/v1/inspection/appointments/${appt[0]}/check-in`), 409, 'conflict');
  const alerts = await insp.get('/api/v1/inspection/alerts');
  assert.ok(alerts.json.items.some((a) => a.appointment_id === appt[0] && a.plate === plates[0]), alerts.text);
  const bureau = await srv.signIn('sysadmin');
  assert.ok((await bureau.get('/api/v1/inspection/alerts')).json.items.some((a) => a.appointment_id === appt[0]));
  assert.equal(await srv.value("SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.stolen_alert'"), '1');
  const ns = await insp.post(`/api/v1/inspection/appointments/${appt[1]}/no-show`);
  assert.equal(ns.status, 200, ns.text);
  assert.equal(ns.json.status, 'no_show');
  assert.equal(await srv.value("SELECT COUNT(*) FROM audit_log WHERE action IN ('inspection.check_in', 'inspection.no_show')"), '2');
});

test('an exception closes a date; reminders the day before and 30 days before the due date, sent once', async () => {
  const insp = await srv.signIn('inspector');
  const d = localDate(now() + 40 * DAY);
  const ex = await insp.put(`/api/v1/inspection/stations/${station}/exceptions/${d}`, { closed: true, note: '设备检修' });
  assert.equal(ex.status, 200, ex.text);
  const closed = await srv.client().get(`/api/v1/inspection/slots?station_id=${station}&date=${d}`);
  assert.equal(closed.json.open, false);
  assertProblem(await insp.put(`/api/v1/inspection/stations/${other}/exceptions/${d}`, { closed: true }), 404, 'not-found');

  const { id: userId, plates } = await citizenWith(1, 20); // due in 20 days: the 30-day reminder is due
  const tomorrow = midnight(localDate(now() + DAY)) + 10 * 3600 + 300;
  const sid = await slot(tomorrow);
  await srv.sql(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) SELECT 'R1', ${sid}, ${station}, id, ${userId}, 'booked', ${tomorrow}, 0, 0 FROM vehicles WHERE plate = '${plates[0]}'`);
  const kinds = async () => (await srv.rows(`SELECT kind FROM notifications WHERE user_id = ${userId} ORDER BY id`)).map((r) => r[0]);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && (await kinds()).length < 2) await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual((await kinds()).sort(), ['inspection.due', 'inspection.reminder']);
  await new Promise((r) => setTimeout(r, 6000));
  assert.equal((await kinds()).length, 2, 'each reminder once');
});
