// The accepting unit (受理单位) of an application (issue 12): each item is
// accepted by the kinds of unit its category names (the guide's
// accepting_unit_kinds, one table in src/services/catalogue.c); the apply form
// lists exactly those units; a citizen who lives in a grid has their own
// station chosen for them; without a unit and without a known home the
// server asks for one (never the city bureau by default); a unit that does
// not accept the item is refused with a clear error and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';
import { RESIDENCE, residenceForm, residenceAttachments } from './service_hall.mjs';

const LOST = 44; // 失物招领与遗失物品登记 (public_service: 派出所 or the city bureau; no attachment needed)
const HOTEL = 26; // 旅馆业特种行业许可 (special_trades: 县（市、区）分局)

let srv, citizen;
before(async () => {
  srv = await startServer();
  citizen = await srv.signIn(DEMO_CITIZEN);
});
after(async () => { await srv?.stop(); });

const unitOf = async (name) => Number(await srv.value(`SELECT id FROM units WHERE name = '${name}'`));
const lostForm = () => ({
  name: '王小明', id_number: residenceForm().id_number, phone: residenceForm().phone, address: '台州市椒江区白云街道东山路18号',
  item: '黑色双肩包', lost_date: '2026-11-15', lost_place: '台州市椒江区市府大道公交站',
});

test('the guide names the kinds of unit that accept an item, and the units list holds only those', async () => {
  const anon = srv.client();
  const guide = (await anon.get(`/api/v1/services/${RESIDENCE}`)).json;
  assert.deepEqual(guide.accepting_unit_kinds, ['station', 'community_station']);
  assert.deepEqual((await anon.get(`/api/v1/services/${HOTEL}`)).json.accepting_unit_kinds, ['branch']);
  const r = await anon.get(`/api/v1/services/${RESIDENCE}/accepting-units`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length > 10);
  assert.ok(r.json.items.every((u) => ['station', 'community_station'].includes(u.kind)), 'only stations and community rooms');
  assert.ok(r.json.items.some((u) => u.name === '白云派出所' && u.kind_name === '派出所' && u.parent_name === '椒江分局'));
  assert.ok(!r.json.items.some((u) => u.name === '台州市公安局'), 'the city bureau does not accept a residence permit');
  // Each unit names its district (分局), so the form can group them: a
  // community room under its station's branch, a station under its own.
  assert.ok(r.json.items.every((u) => typeof u.district_name === 'string'));
  assert.equal(r.json.items.find((u) => u.name === '白云派出所').district_name, '椒江分局');
  const room = await srv.value("SELECT c.name FROM units c JOIN units s ON s.id = c.parent_id WHERE c.kind = 'community_station' AND s.name = '白云派出所' ORDER BY c.id LIMIT 1");
  assert.ok(room, 'a community room under 白云派出所');
  const roomItem = r.json.items.find((u) => u.name === room);
  assert.equal(roomItem.parent_name, '白云派出所');
  assert.equal(roomItem.district_name, '椒江分局');
  assert.ok(r.json.items.filter((u) => u.district_name).length === r.json.items.length, 'every station is under a branch in the demo');
  assert.equal(r.json.home_unit_id, null, 'nobody signed in: no home');
  assert.deepEqual(r.json.kind_names, ['派出所', '社区警务室']);
  const hotel = (await anon.get(`/api/v1/services/${HOTEL}/accepting-units`)).json;
  assert.ok(hotel.items.length >= 3 && hotel.items.every((u) => u.kind === 'branch'));
  assert.ok(hotel.items.every((u) => u.district_name === u.name), 'a branch is its own district');
  assertProblem(await anon.get('/api/v1/services/999999/accepting-units'), 404, 'not-found');
  assertProblem(await anon.get('/api/v1/services/abc/accepting-units'), 404);
});

test('no unit and no known home: 422 asking for the unit, in Chinese too; nothing written', async () => {
  const count = await srv.value('SELECT COUNT(*) FROM applications');
  const body = { service_id: RESIDENCE, form: residenceForm(), attachments: await residenceAttachments(citizen) };
  assertInvalid(await citizen.post('/api/v1/applications', body), 'unit_id');
  const zh = await citizen.post('/api/v1/applications', body, { headers: { 'Accept-Language': 'zh-CN' } });
  assertInvalid(zh, 'unit_id');
  const msg = zh.json.errors.find((e) => e.field === 'unit_id').message;
  assert.match(msg, /请选择受理此事项的单位（派出所、社区警务室）/, msg);
  assertInvalid(await citizen.post('/api/v1/applications', { ...body, unit_id: null }), 'unit_id');
  assert.equal(await srv.value('SELECT COUNT(*) FROM applications'), count);
});

test('a unit that does not accept the item is refused with a clear error; nothing written', async () => {
  const count = await srv.value('SELECT COUNT(*) FROM applications');
  const atts = await residenceAttachments(citizen);
  const bureau = await unitOf('台州市公安局');
  const body = (unit) => ({ service_id: RESIDENCE, unit_id: unit, form: residenceForm(), attachments: atts });
  const r = await citizen.post('/api/v1/applications', body(bureau), { headers: { 'Accept-Language': 'zh-CN' } });
  assertInvalid(r, 'unit_id');
  assert.match(r.json.errors.find((e) => e.field === 'unit_id').message, /该单位不受理此事项，请选择派出所、社区警务室/);
  const en = await citizen.post('/api/v1/applications', body(bureau));
  assert.match(en.json.errors.find((e) => e.field === 'unit_id').message, /does not accept this item/);
  assertInvalid(await citizen.post('/api/v1/applications', body(await unitOf('椒江分局'))), 'unit_id', 'a branch');
  const village = Number(await srv.value("SELECT id FROM units WHERE kind = 'village_office' ORDER BY id LIMIT 1"));
  assertInvalid(await citizen.post('/api/v1/applications', body(village)), 'unit_id', 'a village office');
  assertInvalid(await citizen.post('/api/v1/applications', body(99999999)), 'unit_id', 'no such unit');
  assertInvalid(await citizen.post('/api/v1/applications', body(-3)), 'unit_id', 'negative');
  assertInvalid(await citizen.post('/api/v1/applications', body('1')), 'unit_id', 'a string');
  assertInvalid(await citizen.post('/api/v1/applications', body(2 ** 62)), 'unit_id', 'huge');
  // A hotel licence goes to a district branch, not a police station.
  assertInvalid(await citizen.post('/api/v1/applications', { service_id: HOTEL, unit_id: await unitOf('白云派出所'), form: {} }), 'unit_id');
  assert.equal(await srv.value('SELECT COUNT(*) FROM applications'), count);
  // The same item at a unit that accepts it lands in that unit's queue.
  const ok = await citizen.post('/api/v1/applications', body(await unitOf('白云派出所')));
  assert.equal(ok.status, 201, ok.text);
  const chief = await srv.signIn('station_chief');
  assert.ok((await chief.all('/api/v1/applications?status=submitted')).some((i) => i.tracking_no === ok.json.tracking_no));
});

test('a citizen who lives in a grid: their station is offered and used when they name none', async () => {
  const me = await registerCitizen(srv);
  const c = await srv.signIn(me.phone, me.password);
  const id = Number(await srv.value(`SELECT id FROM users WHERE phone = '${me.phone}'`));
  assert.equal((await c.get(`/api/v1/services/${LOST}/accepting-units`)).json.home_unit_id, null);
  // Make them the resident of a grid of a community room under a station.
  const [resident, gridUnitPath] = (await srv.rows(
    "SELECT r.id, g.unit_path FROM residents r JOIN grids g ON g.id = r.grid_id JOIN units u ON u.id = g.unit_id WHERE u.kind = 'community_station' ORDER BY r.id LIMIT 1"))[0];
  await srv.sql(`UPDATE residents SET id_bidx = (SELECT id_bidx FROM users WHERE id = ${id}) WHERE id = ${resident}`);
  const [room, station] = (await srv.rows(`SELECT id, parent_id FROM units WHERE path = '${gridUnitPath}'`))[0].map(Number);
  // The residence permit: the community room itself accepts it; lost property goes to the station above it.
  assert.equal((await c.get(`/api/v1/services/${RESIDENCE}/accepting-units`)).json.home_unit_id, room);
  assert.equal((await c.get(`/api/v1/services/${LOST}/accepting-units`)).json.home_unit_id, station);
  const r = await c.post('/api/v1/applications', { service_id: LOST, form: lostForm() });
  assert.equal(r.status, 201, r.text);
  assert.equal(Number(await srv.value(`SELECT unit_id FROM applications WHERE tracking_no = '${r.json.tracking_no}'`)), station);
  // Staff are offered no home.
  assert.equal((await (await srv.signIn('officer')).get(`/api/v1/services/${LOST}/accepting-units`)).json.home_unit_id, null);
});
