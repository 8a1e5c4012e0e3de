// The stolen-vehicle registry (涉赃车辆): report → seize (at a hotspot) →
// return, cancel; the transitions as conditional UPDATEs (illegal ones 409,
// races: one winner), scope (another station 404, citizen and bureau roles
// 403, anonymous 401, CSRF 403), the owner's phone masked for auxiliaries,
// inspection check-in and the vehicle records reading the registry, the
// public totals without personal data, bad input with nothing half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN, DEMO_PASSWORD } from './harness.mjs';

let srv;
let chief; // 白云派出所
let officer; // a community station of 白云派出所
let aux; // a village office of 白云派出所
let other; // an officer of 海门派出所
let village; // the auxiliary's unit
let hotspot;
before(async () => {
  srv = await startServer();
  chief = await srv.signIn('station_chief');
  officer = await srv.signIn('officer');
  aux = await srv.signIn('auxiliary');
  village = Number(await srv.value("SELECT unit_id FROM users WHERE login = 'auxiliary'"));
  const haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  const sys = await srv.signIn('sysadmin');
  const made = await sys.post('/api/v1/staff', { login: 'haimen_officer', name: '海门民警', role: 'officer', unit_id: haimen, password: 'Haimen-2026x' });
  assert.equal(made.status, 201, made.text);
  other = await srv.signIn('haimen_officer', 'Haimen-2026x');
  hotspot = Number(await srv.value(`INSERT INTO hotspots (unit_id, unit_path, name, place, kind, listed_level, status, created_at, updated_at) SELECT id, path, '测试桥', '椒江区测试桥下', 'theft', 'station', 'listed', 0, 0 FROM units WHERE name = '白云派出所' RETURNING id`));
});
after(async () => { await srv?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
const at = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19) + '+08:00';
let seq = 0;
const ebikePlate = () => `台州B${String(20000 + seq++).padStart(5, '0')}`;

/** A valid report body (an electric bike unless over says otherwise). */
function report(over = {}) {
  return {
    kind: 'ebike', plate_type: 'EB', plate: ebikePlate(), engine_no: `tz${1000000 + seq}`, brand: '雅迪', color: '白色',
    owner_name: '陈小梅', owner_phone: '13957612345', reported_at: at(now() - 86400), reported_place: '椒江区白云街道某小区车棚',
    case_no: `A331002${seq}`, ...over,
  };
}

/** A VIN with the right check character (GB 16735) made from 16 others. */
function vin(first8, last8) {
  const values = Object.fromEntries([...'0123456789'].map((d) => [d, Number(d)]));
  const letters = 'ABCDEFGH JKLMN P R STUVWXYZ';
  const nums = [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 0, 2, 3, 4, 5, 6, 7, 8, 9];
  [...letters].forEach((c, i) => { if (c !== ' ') values[c] = nums[i]; });
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const s = `${first8}0${last8}`;
  const sum = [...s].reduce((a, c, i) => a + values[c] * weights[i], 0) % 11;
  return `${first8}${sum === 10 ? 'X' : sum}${last8}`;
}

test('report, see within scope, check, seize at a hotspot, return: each step audited, the totals move', async () => {
  const body = report({ plate: '台州 a12345', unit_id: village });
  const r = await chief.post('/api/v1/stolen-vehicles', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.plate, '台州A12345');
  assert.equal(r.json.status, 'reported');
  assert.equal(r.json.owner_phone, '13957612345', 'police see the phone whole');
  assert.equal(r.json.seizure, null);
  const id = r.json.id;
  const seen = await aux.get(`/api/v1/stolen-vehicles/${id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.owner_phone, '139****2345', 'an auxiliary sees it masked');
  assertProblem(await officer.get(`/api/v1/stolen-vehicles/${id}`), 404, 'not-found');
  assert.ok((await aux.get('/api/v1/stolen-vehicles?status=reported')).json.items.some((w) => w.id === id));

  // The same plate again while open: a conflict.
  assertProblem(await chief.post('/api/v1/stolen-vehicles', report({ plate: '台州A12345' })), 409, 'conflict');

  // Anyone of the community may check a plate (no personal data), and seize.
  const chk = await officer.get(`/api/v1/stolen-vehicles/check?plate_type=EB&plate=${encodeURIComponent('台州A12345')}`);
  assert.equal(chk.status, 200, chk.text);
  assert.equal(chk.json.stolen, true);
  assert.deepEqual(chk.json.items.map((m) => m.id), [id]);
  assert.ok(!/陈小梅|13957612345/.test(chk.text), chk.text);

  const seizedAt = at(now() - 3600);
  const z = await officer.post(`/api/v1/stolen-vehicles/${id}/seize`, { seized_at: seizedAt, place: '测试桥下', officers: '王警官、李辅警', hotspot_id: hotspot });
  assert.equal(z.status, 200, z.text);
  assert.equal(z.json.status, 'seized');
  assert.equal(z.json.seizure.hotspot.id, hotspot);
  assert.equal(z.json.seizure.returned_at, null);
  // Now the seizing unit sees it too; seizing twice is a conflict.
  assert.equal((await officer.get(`/api/v1/stolen-vehicles/${id}`)).status, 200);
  assertProblem(await officer.post(`/api/v1/stolen-vehicles/${id}/seize`, { seized_at: seizedAt, place: 'x', officers: 'y' }), 409, 'conflict');
  const zh = await officer.post(`/api/v1/stolen-vehicles/${id}/seize`, { seized_at: seizedAt, place: 'x', officers: 'y' }, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh.json.detail, /该记录的状态（读取时为 seized）不允许此操作/);
  assert.equal((await officer.get('/api/v1/stolen-vehicles/check?plate_type=EB&plate=台州A12345')).json.stolen, false);

  // Return: not before the seizure; not by an auxiliary; then done once.
  assertInvalid(await officer.post(`/api/v1/stolen-vehicles/${id}/return`, { returned_at: at(now() - 7200), returned_to: '陈小梅' }), 'returned_at');
  assert.equal((await officer.get(`/api/v1/stolen-vehicles/${id}`)).json.status, 'seized', 'a refused return changes nothing');
  assertProblem(await aux.post(`/api/v1/stolen-vehicles/${id}/return`, { returned_at: at(now()), returned_to: '陈小梅' }), 403, 'forbidden');
  const back = await officer.post(`/api/v1/stolen-vehicles/${id}/return`, { returned_at: at(now()), returned_to: '陈小梅（车主本人）' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.status, 'returned');
  assert.equal(back.json.seizure.returned_to, '陈小梅（车主本人）');
  assertProblem(await officer.post(`/api/v1/stolen-vehicles/${id}/return`, { returned_at: at(now()), returned_to: 'x' }), 409, 'conflict');
  assertProblem(await chief.post(`/api/v1/stolen-vehicles/${id}/cancel`, { reason: '撤销' }), 409, 'conflict');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'stolen_vehicle' AND object_id = '${id}'`), '3');

  // Cancel: station chiefs only, while reported, with a reason.
  const c2 = (await chief.post('/api/v1/stolen-vehicles', report())).json.id;
  assertProblem(await officer.post(`/api/v1/stolen-vehicles/${c2}/cancel`, { reason: '车主找回' }), 404, 'not-found');
  assertInvalid(await chief.post(`/api/v1/stolen-vehicles/${c2}/cancel`, {}), 'reason');
  const cancelled = await chief.post(`/api/v1/stolen-vehicles/${c2}/cancel`, { reason: '车主自行找回' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.status, 'cancelled');
  assertProblem(await officer.post(`/api/v1/stolen-vehicles/${c2}/seize`, { seized_at: seizedAt, place: 'x', officers: 'y' }), 404, 'not-found');

  // The public totals: counts and hotspot names only.
  const pub = await srv.client().get('/api/v1/seizures/public');
  assert.equal(pub.status, 200, pub.text);
  assert.ok(pub.json.seized >= 1 && pub.json.returned >= 1, pub.text);
  assert.ok(pub.json.hotspots.some((h) => h.hotspot_id === hotspot && h.seized === 1 && h.returned === 1), pub.text);
  assert.ok(!/陈小梅|139|phone|owner/.test(pub.text), pub.text);
});

test('the demo: 321 vehicles seized at one hotspot (or none when it is not there yet), most returned', async () => {
  assert.equal(await srv.value("SELECT COUNT(*) FROM seizures WHERE place = '椒江区四号桥桥下车辆交易点'"), '321');
  assert.equal(await srv.value("SELECT COUNT(*) FROM stolen_vehicles WHERE status = 'returned' AND case_no LIKE 'A3310025%'"), '296');
  const again = await srv.cli(['seed', '--demo'], { timeout: 120000 });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await srv.value("SELECT COUNT(*) FROM stolen_vehicles WHERE case_no LIKE 'A3310025%'"), '336', 'idempotent');
  const list = await chief.get('/api/v1/stolen-vehicles?status=returned&limit=5');
  assert.equal(list.json.items.length, 5);
  assert.ok(list.json.next_cursor);
  const next = await chief.get(`/api/v1/stolen-vehicles?status=returned&limit=5&cursor=${list.json.next_cursor}`);
  assert.ok(next.json.items.every((w) => w.id < list.json.items[4].id));
});

test('inspection check-in and the vehicle records read the registry: reported raises the alert, seized does not', async () => {
  const citizenId = Number(await srv.value(`SELECT id FROM users WHERE login = '${DEMO_CITIZEN}'`));
  const station = (await srv.client().get('/api/v1/inspection/stations')).json.items[0].id;
  const v1 = vin('LSVAU2A3', 'N1234567');
  const cars = [['浙K70001', v1, 'EN70001'], ['浙K70002', '', 'EN70002']];
  for (const [plate, v, e] of cars) {
    await srv.sql(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at) VALUES ('02', '${plate}', '${v}', '${e}', '${e.slice(-6).padStart(6, '0')}', '王小明', '', '2030-01-01', 0)`);
    await srv.sql(`INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at) SELECT ${citizenId}, id, 0 FROM vehicles WHERE plate = '${plate}'`);
  }
  const citizen = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const mine = async () => Object.fromEntries((await citizen.get('/api/v1/me/vehicles')).json.items.map((v) => [v.plate, v.stolen]));
  assert.deepEqual([(await mine())['浙K70001'], (await mine())['浙K70002']], [false, false]);

  // The first is reported by its VIN alone (no plate known), the second by plate and then seized.
  const byVin = await chief.post('/api/v1/stolen-vehicles', { ...report({ kind: 'car', plate_type: null, plate: null, engine_no: null }), vin: v1.toLowerCase() });
  assert.equal(byVin.status, 201, byVin.text);
  assert.equal(byVin.json.vin, v1);
  const byPlate = await chief.post('/api/v1/stolen-vehicles', report({ kind: 'car', plate_type: '02', plate: '浙K70002', engine_no: '' }));
  assert.equal(byPlate.status, 201, byPlate.text);
  assert.deepEqual([(await mine())['浙K70001'], (await mine())['浙K70002']], [true, true]);
  const seize = await chief.post(`/api/v1/stolen-vehicles/${byPlate.json.id}/seize`, { seized_at: at(now() - 60), place: '白云所门口', officers: '所长' });
  assert.equal(seize.status, 200, seize.text);
  assert.deepEqual([(await mine())['浙K70001'], (await mine())['浙K70002']], [true, false]);

  const t = now();
  const today = at(t).slice(0, 10);
  const startsAt = Math.max(Date.parse(`${today}T00:01:00+08:00`) / 1000, t - 600);
  const sid = await srv.value(`INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked) VALUES (${station}, '${today}', ${startsAt}, ${startsAt + 1800}, 5, 2) RETURNING id`);
  const appt = [];
  for (const [plate] of cars) {
    appt.push(Number(await srv.value(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at) SELECT 'S${plate.slice(-5)}', ${sid}, ${station}, id, ${citizenId}, 'booked', ${startsAt}, 0, 0 FROM vehicles WHERE plate = '${plate}' RETURNING id`)));
  }
  const insp = await srv.signIn('inspector');
  const day = await insp.get(`/api/v1/inspection/stations/${station}/day?date=${today}`);
  const flag = (id) => day.json.items.find((a) => a.id === id).stolen;
  assert.deepEqual([flag(appt[0]), flag(appt[1])], [true, false], day.text);
  const c1 = await insp.post(`/api/v1/inspection/appointments/${appt[0]}/check-in`);
  assert.equal(c1.status, 200, c1.text);
  assert.equal(c1.json.alert, true);
  const c2 = await insp.post(`/api/v1/inspection/appointments/${appt[1]}/check-in`);
  assert.equal(c2.status, 200, c2.text);
  assert.equal(c2.json.alert, false);
});

test('scope and the attacker: anonymous 401, citizen and bureau roles 403, another station 404, CSRF 403, forged ids', async () => {
  const id = (await chief.post('/api/v1/stolen-vehicles', report())).json.id;
  assertProblem(await srv.client().get('/api/v1/stolen-vehicles'), 401, 'unauthenticated');
  assertProblem(await srv.client().get(`/api/v1/stolen-vehicles/${id}`), 401, 'unauthenticated');
  const citizen = await srv.signIn(DEMO_CITIZEN);
  assertProblem(await citizen.get(`/api/v1/stolen-vehicles/${id}`), 403, 'forbidden');
  assertProblem(await citizen.post('/api/v1/stolen-vehicles', report()), 403, 'forbidden');
  for (const role of ['sysadmin', 'auditor', 'cashier']) {
    assertProblem(await (await srv.signIn(role)).get('/api/v1/stolen-vehicles'), 403, 'forbidden', role);
  }
  assertProblem(await other.get(`/api/v1/stolen-vehicles/${id}`), 404, 'not-found');
  assertProblem(await other.post(`/api/v1/stolen-vehicles/${id}/cancel`, { reason: '撤销' }), 404, 'not-found');
  assert.ok(!(await other.get('/api/v1/stolen-vehicles?limit=100')).json.items.some((w) => w.id === id));
  assertProblem(await chief.post('/api/v1/stolen-vehicles', report(), { csrf: false }), 403, 'csrf');
  assertProblem(await chief.post(`/api/v1/stolen-vehicles/${id}/cancel`, { reason: 'x' }, { csrf: false }), 403, 'csrf');
  assertProblem(await aux.post('/api/v1/stolen-vehicles', report()), 403, 'forbidden');
  assertProblem(await chief.get('/api/v1/stolen-vehicles/999999999'), 404, 'not-found');
  assertProblem(await chief.get('/api/v1/stolen-vehicles/abc'), 404, 'not-found');
  assertProblem(await chief.post('/api/v1/stolen-vehicles/999999999/seize', { seized_at: at(now()), place: 'x', officers: 'y' }), 404, 'not-found');
  assertProblem(await chief.post('/api/v1/stolen-vehicles/-3/seize', { seized_at: at(now()), place: 'x', officers: 'y' }), 404, 'not-found');
  // A unit outside the reporter's scope is not a unit for it.
  const haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  assertProblem(await chief.post('/api/v1/stolen-vehicles', report({ unit_id: haimen })), 404, 'not-found');
  assert.equal(await srv.value(`SELECT status FROM stolen_vehicles WHERE id = ${id}`), 'reported');
});

test('bad input is refused with the field named, and nothing is half-written', async () => {
  const count = async () => srv.value('SELECT COUNT(*) FROM stolen_vehicles');
  const before = await count();
  const bad = [
    [{ plate_type: '02', plate: '浙J1234' }, 'plate'],
    [{ plate_type: '99', plate: '浙J12345' }, 'plate_type'],
    [{ plate_type: 'EB', plate: '台州A1' }, 'plate'],
    [{ plate: null, plate_type: null, engine_no: null }, 'plate'],
    [{ vin: vin('LSVAU2A3', 'N1234567').replace(/^(.{8})./, (m, a) => `${a}${m[8] === '1' ? '2' : '1'}`) }, 'vin'],
    [{ vin: 'LSVAU2A3IN1234567' }, 'vin'],
    [{ engine_no: 'ab' }, 'engine_no'],
    [{ owner_phone: '12345' }, 'owner_phone'],
    [{ reported_at: 'yesterday' }, 'reported_at'],
    [{ reported_at: at(now() + 86400) }, 'reported_at'],
    [{ reported_at: '2026-02-30T10:00:00+08:00' }, 'reported_at'],
    [{ owner_name: '名'.repeat(41) }, 'owner_name'],
    [{ kind: 'tank' }, 'kind'],
    [{ unit_id: -1 }, 'unit_id'],
    [{ unit_id: 9e18 }, 'unit_id'],
    [{ unit_id: '1' }, 'unit_id'],
    [{ owner_name: 'a\u202Eb' }, 'owner_name'],
    [{ extra: 1 }, 'extra'],
  ];
  for (const [over, field] of bad) assertInvalid(await chief.post('/api/v1/stolen-vehicles', report(over)), field, JSON.stringify(over));
  assertProblem(await chief.req('POST', '/api/v1/stolen-vehicles', { raw: Buffer.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), 400, 'bad-json');
  assertProblem(await chief.req('POST', '/api/v1/stolen-vehicles', { raw: '[1,2' }), 400, 'bad-json');
  assert.equal(await count(), before);

  // A seizure at a hotspot that does not exist rolls the whole step back.
  const id = (await chief.post('/api/v1/stolen-vehicles', report())).json.id;
  const z = await chief.post(`/api/v1/stolen-vehicles/${id}/seize`, { seized_at: at(now()), place: 'x', officers: 'y', hotspot_id: 987654321 });
  assertProblem(z, 422, 'bad-reference');
  assert.equal(await srv.value(`SELECT status FROM stolen_vehicles WHERE id = ${id}`), 'reported');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM seizures WHERE stolen_id = ${id}`), '0');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'stolen_vehicle' AND object_id = '${id}'`), '1');
  for (const [b, field] of [[{ seized_at: at(now() + 3600), place: 'x', officers: 'y' }, 'seized_at'], [{ seized_at: at(now()), place: '', officers: 'y' }, 'place'], [{ seized_at: at(now()), place: 'x', officers: 'y', hotspot_id: -5 }, 'hotspot_id']]) {
    assertInvalid(await chief.post(`/api/v1/stolen-vehicles/${id}/seize`, b), field);
  }
  for (const q of ['status=lost', 'limit=0', 'limit=101', 'cursor=-1', 'hotspot_id=x', `q=${'x'.repeat(41)}`]) {
    assertProblem(await chief.get(`/api/v1/stolen-vehicles?${q}`), 422, 'validation', q);
  }
  assertInvalid(await chief.get('/api/v1/stolen-vehicles/check?vin=123'), 'vin');
  assert.equal(await srv.value(`SELECT status FROM stolen_vehicles WHERE id = ${id}`), 'reported');
});

test('races: one report per open plate, one seizure per record', async () => {
  const body = report();
  const reports = await Promise.all(Array.from({ length: 8 }, () => chief.post('/api/v1/stolen-vehicles', body)));
  assert.deepEqual(reports.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409], reports.map((r) => r.text).join('\n'));
  const id = reports.find((r) => r.status === 201).json.id;
  const seizes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? chief : chief.clone()).post(`/api/v1/stolen-vehicles/${id}/seize`, { seized_at: at(now() - 60), place: `p${i}`, officers: 'x' })));
  assert.deepEqual(seizes.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409], seizes.map((r) => r.text).join('\n'));
  assert.equal(await srv.value(`SELECT COUNT(*) FROM seizures WHERE stolen_id = ${id}`), '1');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'stolen.seize' AND object_id = '${id}'`), '1');
});
