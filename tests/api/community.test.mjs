// Community policing: grids, residents, rental houses and groups (issue 10).
//  - Who sees what: an officer or auxiliary their own grids, a station chief
//    the station's, a unit admin the branch's; another grid's objects are 404;
//    whole-bureau and finance roles and citizens 403; anonymous 401.
//  - Lists are masked; every read of a personal record writes an audit row.
//  - One person, one record: a duplicate ID number is 409 naming the record;
//    a bad check digit 422; bad input leaves nothing half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idNumber, badCheckIdNumber, phone, assertProblem, assertInvalid } from './harness.mjs';

let srv, officer, aux, chief, admin, anon;
const grid = {};
before(async () => {
  srv = await startServer();
  officer = await srv.signIn('officer');
  aux = await srv.signIn('auxiliary');
  chief = await srv.signIn('station_chief');
  admin = await srv.signIn('unit_admin');
  anon = srv.client();
  for (const [code, id] of await srv.rows('SELECT code, id FROM grids ORDER BY id')) grid[code] = Number(id);
});
after(async () => { await srv?.stop(); });

const residentIn = async (code) => Number(await srv.value(
  `SELECT r.id FROM residents r JOIN grids g ON g.id = r.grid_id WHERE g.code = '${code}' ORDER BY r.id LIMIT 1`));
const count = async (table) => Number(await srv.value(`SELECT COUNT(*) FROM ${table}`));
const audits = async (action, id) => Number(await srv.value(
  `SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND object_id = '${id}'`));

test('the demo: the officer is linked (GET /me officer_id) and responsible for grids with residents', async () => {
  const me = (await officer.get('/api/v1/me')).json.user;
  assert.ok(Number.isInteger(me.officer_id), JSON.stringify(me));
  assert.equal(await srv.value(`SELECT title FROM officers WHERE id = ${me.officer_id}`), '社区民警');
  const n = await srv.value(`SELECT COUNT(*) FROM residents r JOIN grids g ON g.id = r.grid_id
    WHERE g.officer_id = ${me.officer_id}`);
  assert.ok(Number(n) >= 100, n);
  assert.equal((await admin.get('/api/v1/me')).json.user.officer_id, null);
  const cit = await srv.signIn('13800138000');
  assert.equal((await cit.get('/api/v1/me')).json.user.officer_id, undefined);
  // Valid ID numbers, permits expiring within 30 days, groups with leaders, houses with tenants.
  assert.ok(Number(await srv.value("SELECT COUNT(*) FROM residents WHERE kind = 'migrant'")) > 1000);
  assert.ok(Number(await srv.value('SELECT COUNT(*) FROM resident_groups WHERE leader_id IS NOT NULL')) >= 10);
  assert.ok(Number(await srv.value('SELECT COUNT(*) FROM residents WHERE house_id IS NOT NULL')) > 100);
});

test('seed --demo again changes nothing', async () => {
  const before = await count('residents');
  const r = await srv.cli(['seed', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await count('residents'), before);
  assert.equal(await count('grids'), 9);
});

test('who may list residents: 401 anonymous, 403 citizens and non-community roles', async () => {
  assertProblem(await anon.get('/api/v1/residents?q=王'), 401);
  const cit = await srv.signIn('13800138000');
  assertProblem(await cit.get('/api/v1/residents'), 403);
  for (const role of ['sysadmin', 'secadmin', 'auditor', 'cashier', 'finance_approver']) {
    const c = await srv.signIn(role);
    assertProblem(await c.get('/api/v1/residents'), 403, 'forbidden', role);
    assertProblem(await c.get(`/api/v1/residents/${await residentIn('BY-C1-01')}`), 403, 'forbidden', role);
    assertProblem(await c.get('/api/v1/grids'), 403, 'forbidden', role);
  }
});

test('scope: each role sees its grids only', async () => {
  const codes = async (c) => (await c.get('/api/v1/grids')).json.items.map((g) => g.code).sort();
  assert.deepEqual(await codes(officer), ['BY-C1-01', 'BY-C1-02']);
  assert.deepEqual(await codes(aux), ['BY-V1-01']);
  assert.deepEqual((await codes(chief)).filter((c) => !c.startsWith('BY-')), []);
  assert.equal((await codes(chief)).length, 7);
  assert.equal((await codes(admin)).length, 9);
  const list = (await officer.get('/api/v1/residents?limit=100')).json;
  assert.equal(list.items.length, 100);
  for (const x of list.items) assert.ok([grid['BY-C1-01'], grid['BY-C1-02']].includes(x.grid_id), JSON.stringify(x));
  const auxList = (await aux.get('/api/v1/residents?limit=50')).json.items;
  assert.ok(auxList.length > 0 && auxList.every((x) => x.grid_id === grid['BY-V1-01']));
});

test('an officer of another grid gets 404 for its resident, grid, stats, houses and groups', async () => {
  const other = await residentIn('BY-C1-03');
  const before = await count('audit_log');
  assertProblem(await officer.get(`/api/v1/residents/${other}`), 404);
  assertProblem(await aux.get(`/api/v1/residents/${await residentIn('BY-C1-01')}`), 404);
  assertProblem(await officer.get(`/api/v1/grids/${grid['BY-V1-01']}`), 404);
  assertProblem(await officer.get(`/api/v1/grids/${grid['BY-V1-01']}/stats`), 404);
  assertProblem(await officer.get(`/api/v1/residents?grid_id=${grid['BY-C1-03']}`), 404);
  assertProblem(await officer.get('/api/v1/residents/999999999'), 404);
  const house = await srv.value(`SELECT id FROM rental_houses WHERE grid_id = ${grid['BY-C1-03']} LIMIT 1`);
  const group = await srv.value(`SELECT id FROM resident_groups WHERE grid_id = ${grid['BY-C1-03']} LIMIT 1`);
  assertProblem(await officer.get(`/api/v1/rental-houses/${house}`), 404);
  assertProblem(await officer.get(`/api/v1/resident-groups/${group}`), 404);
  assertProblem(await officer.put(`/api/v1/residents/${other}`, { grid_id: grid['BY-C1-01'], kind: 'registered',
    name: '张三', id_number: idNumber() }), 404);
  assert.equal(await count('audit_log'), before, 'nothing audited for refused reads');
  // The station chief and the unit admin see it.
  assert.equal((await chief.get(`/api/v1/residents/${other}`)).status, 200);
  assert.equal((await admin.get(`/api/v1/grids/${grid['HM-C1-01']}`)).status, 200);
  assertProblem(await chief.get(`/api/v1/grids/${grid['HM-C1-01']}`), 404);
});

test('lists are masked; a personal read is full and writes an audit row', async () => {
  const items = (await officer.get('/api/v1/residents?limit=30')).json.items;
  for (const x of items) {
    assert.match(x.id_masked, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.ok(x.phone === '' || /^1\d{2}\*{4}\d{4}$/.test(x.phone), x.phone);
    assert.equal(x.id_number, undefined);
    assert.equal(x.birth_date, undefined);
  }
  const id = items[0].id;
  const n = await audits('resident.read', id);
  const r = await officer.get(`/api/v1/residents/${id}`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.id_number, /^\d{17}[\dX]$/);
  assert.equal(r.json.id_number.slice(14), items[0].id_masked.slice(14));
  assert.equal(await audits('resident.read', id), n + 1);
  await officer.get(`/api/v1/residents/${id}`);
  assert.equal(await audits('resident.read', id), n + 2);
  const actor = await srv.value(`SELECT actor_login FROM audit_log WHERE action = 'resident.read'
    AND object_id = '${id}' ORDER BY id DESC LIMIT 1`);
  assert.equal(actor, 'officer');
});

test('search by name, phone, address substring and by ID number exactly, within scope', async () => {
  const full = (await officer.get(`/api/v1/residents/${await residentIn('BY-C1-01')}`)).json;
  const byName = (await officer.get(`/api/v1/residents?q=${encodeURIComponent(full.name)}&limit=100`)).json.items;
  assert.ok(byName.some((x) => x.id === full.id));
  assert.ok(byName.every((x) => x.name.includes(full.name)));
  if (full.phone) {
    const byPhone = (await officer.get(`/api/v1/residents?q=${full.phone.slice(3)}`)).json.items;
    assert.ok(byPhone.some((x) => x.id === full.id));
  }
  const byId = (await officer.get(`/api/v1/residents?q=${full.id_number}`)).json.items;
  assert.deepEqual(byId.map((x) => x.id), [full.id]);
  // Another grid's person by ID number: not found for the officer, found for the chief.
  const other = (await chief.get(`/api/v1/residents/${await residentIn('BY-C1-03')}`)).json;
  assert.deepEqual((await officer.get(`/api/v1/residents?q=${other.id_number}`)).json.items, []);
  assert.equal((await chief.get(`/api/v1/residents?q=${other.id_number}`)).json.items.length, 1);
  const mig = (await officer.get('/api/v1/residents?kind=migrant&permit=expiring&limit=100')).json.items;
  assert.ok(mig.length > 0);
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  for (const x of mig) {
    assert.equal(x.kind, 'migrant');
    assert.equal(x.permit_status, 'valid');
    assert.ok(x.permit_expires >= today, x.permit_expires);
  }
  // Paging: cursors walk without repeats.
  const p1 = (await officer.get('/api/v1/residents?limit=5')).json;
  const p2 = (await officer.get(`/api/v1/residents?limit=5&cursor=${p1.next_cursor}`)).json;
  assert.ok(p2.items[0].id < p1.items[4].id);
});

const newResident = (over = {}) => ({
  grid_id: grid['BY-C1-01'], kind: 'migrant', name: '测试居民', id_number: idNumber({ region: '511602' }),
  phone: phone(), address: '台州市椒江区白云山南路9号', employer: '测试公司', native_place: '四川广安',
  registered_on: '2026-01-05', permit_status: 'valid', permit_expires: '2027-01-05', ...over,
});

test('create and update: one person one record, check digit, scope, nothing half-written', async () => {
  const body = newResident();
  const r = await officer.post('/api/v1/residents', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.id_number, body.id_number);
  assert.equal(await audits('resident.create', r.json.id), 1);
  const total = await count('residents');
  // Duplicate: 409 naming the record (in scope) — also as another kind, another name.
  const dup = await officer.post('/api/v1/residents', newResident({ id_number: body.id_number, name: '别名' }));
  assertProblem(dup, 409, 'conflict');
  assert.match(dup.json.detail, new RegExp(`resident ${r.json.id}\\b`));
  // The auxiliary, who does not work this grid, is not told which record.
  const dup2 = await aux.post('/api/v1/residents', newResident({ grid_id: grid['BY-V1-01'], id_number: body.id_number }));
  assertProblem(dup2, 409, 'conflict');
  assert.doesNotMatch(dup2.json.detail, new RegExp(`${r.json.id}`));
  assertInvalid(await officer.post('/api/v1/residents', newResident({ id_number: badCheckIdNumber() })), 'id_number');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ grid_id: grid['BY-C1-03'] })), 'grid_id');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ kind: 'registered' })), 'kind');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ name: '长'.repeat(31) })), 'name');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ grid_id: 1e30 })), 'grid_id');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ grid_id: -4 })), 'grid_id');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ phone: '12345' })), 'phone');
  assertInvalid(await officer.post('/api/v1/residents', newResident({ permit_expires: '2027-02-30' })), 'permit_expires');
  const house = await srv.value(`SELECT id FROM rental_houses WHERE grid_id = ${grid['BY-C1-03']} LIMIT 1`);
  assertInvalid(await officer.post('/api/v1/residents', newResident({ house_id: Number(house) })), 'house_id');
  assertProblem(await officer.post('/api/v1/residents', newResident(), { csrf: false }), 403, 'csrf');
  const bad = await officer.req('POST', '/api/v1/residents',
    { raw: Buffer.from('{"name":"\xff\xfe","grid_id":1}', 'latin1'), headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400, bad.text);
  assertProblem(await officer.post('/api/v1/residents', newResident({ extra: 1 })), 422);
  assert.equal(await count('residents'), total, 'nothing written by the refused requests');

  // Update: the phone changes, audited; moving to another's grid is refused and changes nothing.
  const p = phone();
  const u = await officer.put(`/api/v1/residents/${r.json.id}`, { ...body, phone: p });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.phone, p);
  assert.equal(await audits('resident.update', r.json.id), 1);
  assertInvalid(await officer.put(`/api/v1/residents/${r.json.id}`, { ...body, grid_id: grid['BY-V1-01'] }), 'grid_id');
  const other = (await chief.get(`/api/v1/residents/${await residentIn('BY-C1-03')}`)).json;
  assertProblem(await officer.put(`/api/v1/residents/${r.json.id}`, { ...body, id_number: other.id_number }), 409);
  assert.equal(await srv.value(`SELECT phone FROM residents WHERE id = ${r.json.id}`), p);
  assert.equal(await srv.value(`SELECT grid_id FROM residents WHERE id = ${r.json.id}`), String(grid['BY-C1-01']));
});

test('query parameters: bad UTF-8 400 (at the edge), over-long, huge and negative numbers 422', async () => {
  assertProblem(await officer.get('/api/v1/residents?q=%FF%FE'), 400, 'bad-request');
  assertInvalid(await officer.get('/api/v1/residents?q=%E2%80%AE%E7%8E%8B'), 'q');
  assertInvalid(await officer.get(`/api/v1/residents?q=${'王'.repeat(51)}`), 'q');
  assertInvalid(await officer.get('/api/v1/residents?grid_id=99999999999999999999999'), 'grid_id');
  assertInvalid(await officer.get('/api/v1/residents?grid_id=-1'), 'grid_id');
  assertInvalid(await officer.get('/api/v1/residents?kind=alien'), 'kind');
  assertInvalid(await officer.get('/api/v1/residents?limit=1000'), 'limit');
  assertProblem(await officer.get('/api/v1/residents/abc'), 404);
});

test('grid and station dashboards', async () => {
  const g = grid['BY-C1-01'];
  const s = (await officer.get(`/api/v1/grids/${g}/stats`)).json;
  assert.equal(s.residents, Number(await srv.value(`SELECT COUNT(*) FROM residents WHERE grid_id = ${g}`)));
  assert.equal(s.migrants + s.registered, s.residents);
  assert.ok(s.permits_expiring > 0);
  assert.equal(s.visits_month, 0);
  const detail = (await officer.get(`/api/v1/grids/${g}`)).json;
  assert.equal(detail.code, 'BY-C1-01');
  assert.ok(detail.polygon.length >= 3 && detail.members.length >= 1);
  const st = (await chief.get('/api/v1/community/stats')).json;
  assert.equal(st.grids.length, 7);
  assert.equal(st.residents, st.grids.reduce((a, x) => a + x.residents, 0));
  const mine = (await officer.get('/api/v1/community/stats')).json;
  assert.equal(mine.grids.length, 2);
});

test('rental houses and groups: list, create, update, scope', async () => {
  const g = grid['BY-C1-01'];
  const houses = (await officer.get(`/api/v1/rental-houses?grid_id=${g}`)).json.items;
  assert.ok(houses.length > 0 && houses.every((h) => h.grid_id === g));
  const withTenants = houses.find((h) => h.tenants > 0);
  const hd = (await officer.get(`/api/v1/rental-houses/${withTenants.id}`)).json;
  assert.equal(hd.tenant_list.length, withTenants.tenants);
  assert.match(hd.tenant_list[0].id_masked, /\*{8}/);
  const c = await officer.post('/api/v1/rental-houses', { grid_id: g, address: '台州市椒江区云西路8号', landlord_name: '王房东',
    landlord_phone: phone(), rooms: 4 });
  assert.equal(c.status, 201, c.text);
  const u = await officer.put(`/api/v1/rental-houses/${c.json.id}`, { grid_id: g, address: '台州市椒江区云西路8号',
    landlord_name: '王房东', rooms: 6 });
  assert.equal(u.json.rooms, 6);
  assertInvalid(await officer.post('/api/v1/rental-houses', { grid_id: grid['BY-C1-03'], address: '某地某号',
    landlord_name: '李某' }), 'grid_id');
  assertInvalid(await officer.post('/api/v1/rental-houses', { grid_id: g, address: '某地某号', landlord_name: '李某',
    rooms: 100000 }), 'rooms');

  const groups = (await officer.get(`/api/v1/resident-groups?grid_id=${g}`)).json.items;
  assert.ok(groups.some((x) => x.kind === 'xinmin' && x.leader_id));
  const people = (await officer.get(`/api/v1/residents?grid_id=${g}&limit=3`)).json.items.map((x) => x.id);
  const gc = await officer.post('/api/v1/resident-groups', { grid_id: g, name: '测试新民小组', kind: 'xinmin',
    leader_id: people[0], member_ids: people });
  assert.equal(gc.status, 201, gc.text);
  assert.equal(gc.json.member_list.length, 3);
  assert.equal(gc.json.leader_id, people[0]);
  assertProblem(await officer.post('/api/v1/resident-groups', { grid_id: g, name: '测试新民小组', kind: 'xinmin' }), 409);
  const outsider = await residentIn('BY-C1-03');
  const before = await count('resident_group_members');
  assertInvalid(await officer.put(`/api/v1/resident-groups/${gc.json.id}`, { name: '测试新民小组', kind: 'xinmin',
    member_ids: [people[1], outsider] }), 'member_ids');
  assertInvalid(await officer.put(`/api/v1/resident-groups/${gc.json.id}`, { name: '测试新民小组', kind: 'xinmin',
    leader_id: outsider }), 'leader_id');
  assert.equal(await count('resident_group_members'), before, 'nothing half-written');
  const gu = await officer.put(`/api/v1/resident-groups/${gc.json.id}`, { name: '测试新民小组', kind: 'xinmin',
    leader_id: people[1], member_ids: [people[1]] });
  assert.equal(gu.status, 200, gu.text);
  assert.equal(gu.json.members, 1);
  assertProblem(await aux.put(`/api/v1/resident-groups/${gc.json.id}`, { name: 'x组名', kind: 'xinmin' }), 404);
});

test('grids: a station chief or unit admin sets them up within their unit; others cannot', async () => {
  const unit = Number(await srv.value("SELECT unit_id FROM grids WHERE code = 'BY-C1-01'"));
  const hmUnit = Number(await srv.value("SELECT unit_id FROM grids WHERE code = 'HM-C1-01'"));
  const police = Number(await srv.value(`SELECT id FROM officers WHERE unit_id = ${unit} AND kind = 'police' LIMIT 1`));
  const auxs = (await srv.rows(`SELECT id FROM officers WHERE unit_id = ${unit} AND kind = 'auxiliary' LIMIT 2`)).map((r) => Number(r[0]));
  const hmPolice = Number(await srv.value(`SELECT id FROM officers WHERE unit_id = ${hmUnit} AND kind = 'police' LIMIT 1`));
  const poly = [[121400000, 28600000], [121401000, 28600000], [121401000, 28601000], [121400000, 28601000]];
  const body = { unit_id: unit, code: 'BY-C1-09', name: '测试新网格', area: '测试路沿线', officer_id: police,
    member_ids: auxs, polygon: poly };
  const before = await count('grids');
  assertProblem(await officer.post('/api/v1/grids', body), 403);
  assertInvalid(await chief.post('/api/v1/grids', { ...body, unit_id: hmUnit }), 'unit_id');
  assertInvalid(await chief.post('/api/v1/grids', { ...body, officer_id: hmPolice }), 'officer_id');
  assertInvalid(await chief.post('/api/v1/grids', { ...body, polygon: poly.slice(0, 2) }), 'polygon');
  assertInvalid(await chief.post('/api/v1/grids', { ...body, polygon: [[1e12, 1], [1, 1], [2, 2]] }), 'polygon');
  assertInvalid(await chief.post('/api/v1/grids', { ...body, member_ids: [hmPolice] }), 'member_ids');
  assertProblem(await chief.post('/api/v1/grids', body, { csrf: false }), 403, 'csrf');
  assert.equal(await count('grids'), before, 'nothing written');
  const r = await chief.post('/api/v1/grids', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.bbox, { min_lat_e6: 28600000, max_lat_e6: 28601000, min_lng_e6: 121400000, max_lng_e6: 121401000 });
  assert.equal(r.json.members.length, auxs.length);
  assertProblem(await chief.post('/api/v1/grids', body), 409);
  // The officer now works it; an update by the chief changes the name and drops the members.
  assert.ok((await officer.get('/api/v1/grids')).json.items.some((g) => g.code === 'BY-C1-09'));
  const u = await chief.put(`/api/v1/grids/${r.json.id}`, { name: '测试新网格二', member_ids: [] });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.name, '测试新网格二');
  assert.equal(u.json.members.length, 0);
  assert.equal(u.json.officer_id, null);
  assert.equal(await audits('grid.update', r.json.id), 1);
  assertProblem(await chief.put(`/api/v1/grids/${grid['HM-C1-01']}`, { name: '别人的网格' }), 404);
  assertProblem(await officer.put(`/api/v1/grids/${grid['BY-C1-01']}`, { name: '我的网格' }), 403);
  const hm = await admin.put(`/api/v1/grids/${grid['HM-C1-01']}`, { name: '解放社区第1网格', officer_id: hmPolice });
  assert.equal(hm.status, 200, hm.text);
  assert.ok(hm.json.polygon.length >= 3, 'a polygon not sent is kept');
});

test('Chinese messages', async () => {
  const r = await officer.get('/api/v1/residents/999999999', { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(r.status, 404);
  assert.match(r.json.detail, /[\u4e00-\u9fa5]/, r.json.detail);
});
