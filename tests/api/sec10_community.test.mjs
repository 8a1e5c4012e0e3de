// The community findings of the attack on issue 10 (/work/notes/attack10.md),
// from the attacker's side:
//  - a rental house's tenant_list and a group's member_list show only the
//    residents the reader may see, with counts that match (a house moved to
//    another grid, a resident moved out of a group's grid);
//  - a station chief cannot lower a hotspot's listed level to list it;
//  - personal reads are audited: rental houses (landlord phone masked in
//    lists, full in the audited detail), groups, resident search by ID number
//    or phone, and the 409 that tells an ID number is on record;
//  - inconsistent resident data is refused: a valid permit already ended, a
//    registration in the future, an unknown filter (expiring=maybe).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idNumber, phone, assertProblem, assertInvalid } from './harness.mjs';

let srv, officer, aux, chief, admin;
const grid = {}; // code → id
let officerGrids, auxGrids;
before(async () => {
  srv = await startServer();
  officer = await srv.signIn('officer');
  aux = await srv.signIn('auxiliary');
  chief = await srv.signIn('station_chief');
  admin = await srv.signIn('unit_admin');
  for (const [code, id] of await srv.rows('SELECT code, id FROM grids ORDER BY id')) grid[code] = Number(id);
  officerGrids = (await officer.get('/api/v1/grids')).json.items.map((g) => g.id);
  auxGrids = (await aux.get('/api/v1/grids')).json.items.map((g) => g.id);
  assert.ok(officerGrids.length >= 1 && auxGrids.length >= 1);
});
after(async () => { await srv?.stop(); });

const count = async (table) => Number(await srv.value(`SELECT COUNT(*) FROM ${table}`));
const audits = async (action, id) => Number(await srv.value(
  `SELECT COUNT(*) FROM audit_log WHERE action = '${action}'${id === undefined ? '' : ` AND object_id = '${id}'`}`));
const chiefGrids = async () => (await chief.get('/api/v1/grids')).json.items.map((g) => g.id);

/** A house of the chief's station outside the officer's grids, with tenants all in its grid. */
async function foreignHouse() {
  const mine = (await chiefGrids()).filter((g) => !officerGrids.includes(g));
  const row = await srv.rows(`SELECT h.id, h.grid_id, COUNT(r.id) FROM rental_houses h JOIN residents r ON r.house_id = h.id
    WHERE h.grid_id IN (${mine.join(',')}) AND r.grid_id = h.grid_id GROUP BY h.id, h.grid_id HAVING COUNT(r.id) >= 2
    ORDER BY h.id LIMIT 1`);
  assert.equal(row.length, 1, 'the demo has a house with tenants outside the officer\'s grids');
  return { id: Number(row[0][0]), grid: Number(row[0][1]), tenants: Number(row[0][2]) };
}

const houseBody = (h, over = {}) => ({
  grid_id: h.grid_id, address: h.address, landlord_name: h.landlord_name, landlord_phone: h.landlord_phone,
  rooms: h.rooms, note: h.note, ...over,
});

test('a house moved into the officer\'s grid shows the officer none of its tenants from another grid; counts match', async () => {
  const fh = await foreignHouse();
  const before = await chief.get(`/api/v1/rental-houses/${fh.id}`);
  assert.equal(before.status, 200, before.text);
  assert.equal(before.json.tenant_list.length, fh.tenants);
  assert.equal(before.json.tenants, fh.tenants);
  const moved = await chief.put(`/api/v1/rental-houses/${fh.id}`, houseBody(before.json, { grid_id: officerGrids[0] }));
  assert.equal(moved.status, 200, moved.text);
  try {
    const seen = await officer.get(`/api/v1/rental-houses/${fh.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.json.tenant_list, [], 'no outsider in tenant_list');
    assert.equal(seen.json.tenants, 0, 'the count is of what the reader may see');
    const list = await officer.get(`/api/v1/rental-houses?grid_id=${officerGrids[0]}&limit=100`);
    const item = list.json.items.find((x) => x.id === fh.id);
    assert.ok(item, 'the house itself is the officer\'s now');
    assert.equal(item.tenants, 0);
    // Each tenant is 404 to the officer on its own, as before.
    const t = before.json.tenant_list[0];
    assertProblem(await officer.get(`/api/v1/residents/${t.id}`), 404, 'not-found');
    // The station chief, whose scope holds both grids, still sees every tenant, counted exactly.
    const full = await chief.get(`/api/v1/rental-houses/${fh.id}`);
    assert.equal(full.json.tenant_list.length, fh.tenants);
    assert.equal(full.json.tenants, fh.tenants);
    const clist = await chief.get(`/api/v1/rental-houses?grid_id=${officerGrids[0]}&limit=100`);
    assert.equal(clist.json.items.find((x) => x.id === fh.id).tenants, fh.tenants);
  } finally {
    const back = await chief.put(`/api/v1/rental-houses/${fh.id}`, houseBody(before.json, { grid_id: fh.grid }));
    assert.equal(back.status, 200, back.text);
  }
});

test('a resident moved out of a group\'s grid leaves its member_list (and its leader) for the auxiliary', async () => {
  const g = auxGrids[0];
  const ids = (await srv.rows(`SELECT id FROM residents WHERE grid_id = ${g} AND house_id IS NULL ORDER BY id LIMIT 3`)).map((r) => Number(r[0]));
  assert.equal(ids.length, 3);
  const made = await aux.post('/api/v1/resident-groups', { grid_id: g, name: `测试组${Date.now() % 100000}`, kind: 'xinmin', leader_id: ids[0], member_ids: ids });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.member_list.length, 3);
  // The chief moves the leader to another grid of the station, with a new address and phone.
  const other = (await chiefGrids()).find((x) => !auxGrids.includes(x));
  const full = (await chief.get(`/api/v1/residents/${ids[0]}`)).json;
  const body = {
    grid_id: other, kind: full.kind, name: full.name, id_number: full.id_number, phone: '13900002222', address: '秘密新地址',
    house_id: null, employer: full.employer, native_place: full.native_place, registered_on: full.registered_on,
    permit_status: full.permit_status, permit_expires: full.permit_expires, note: full.note,
  };
  const put = await chief.put(`/api/v1/residents/${ids[0]}`, body);
  assert.equal(put.status, 200, put.text);
  const seen = await aux.get(`/api/v1/resident-groups/${made.json.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual(seen.json.member_list.map((m) => m.id), ids.slice(1), 'the moved member is not shown');
  assert.equal(seen.json.members, 2);
  assert.ok(!seen.text.includes('秘密新地址') && !seen.text.includes(full.name), 'nothing of the moved resident');
  assert.equal(seen.json.leader_id, null);
  assert.equal(seen.json.leader_name, null);
  const list = await aux.get(`/api/v1/resident-groups?grid_id=${g}&limit=100`);
  const item = list.json.items.find((x) => x.id === made.json.id);
  assert.equal(item.members, 2);
  assert.equal(item.leader_name, null);
  // The chief sees the whole group.
  const c = await chief.get(`/api/v1/resident-groups/${made.json.id}`);
  assert.equal(c.json.member_list.length, 3);
  assert.equal(c.json.leader_id, ids[0]);
});

test('a station chief cannot lower a bureau- or branch-level hotspot to station level and list it', async () => {
  const seq = Date.now() % 100000;
  const mk = async (by, level) => {
    const r = await by.post('/api/v1/hotspots', { name: `降级测试${seq}${level}`, place: '测试地点', kind: 'theft', problems: '测试问题', listed_level: level });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const list = { event: 'list', deadline: '2099-06-01', campaign: '' };
  for (const level of ['bureau', 'branch']) {
    const h = await mk(chief, level);
    assertProblem(await chief.post(`/api/v1/hotspots/${h.id}/transitions`, list), 403, 'forbidden');
    const put = await chief.put(`/api/v1/hotspots/${h.id}`, { name: h.name, place: h.place, kind: 'theft', problems: 'x', listed_level: 'station', campaign: '' });
    assertProblem(put, 403, 'forbidden', level);
    assert.match(put.json.detail, new RegExp(`${level} level`));
    assert.equal(await srv.value(`SELECT listed_level FROM hotspots WHERE id = ${h.id}`), level, 'unchanged');
    const rec = await chief.get(`/api/v1/hotspots/${h.id}/record`);
    assert.ok(!rec.json.actions.includes('list'), JSON.stringify(rec.json.actions));
    assertProblem(await chief.post(`/api/v1/hotspots/${h.id}/transitions`, list), 403, 'forbidden');
    assert.equal(await srv.value(`SELECT status FROM hotspots WHERE id = ${h.id}`), 'identified');
  }
  // The branch may bring its own level down; other edits keep working at any level.
  const b = await mk(chief, 'branch');
  const down = await admin.put(`/api/v1/hotspots/${b.id}`, { name: b.name, place: b.place, kind: 'theft', listed_level: 'station' });
  assert.equal(down.status, 200, down.text);
  const u = await mk(chief, 'bureau');
  const same = await chief.put(`/api/v1/hotspots/${u.id}`, { name: `${u.name}改`, place: u.place, kind: 'fraud', listed_level: 'bureau' });
  assert.equal(same.status, 200, same.text);
  // Referring one's own hotspot upwards is allowed, and then only the higher level brings it back.
  const s = await mk(chief, 'station');
  assert.equal((await chief.put(`/api/v1/hotspots/${s.id}`, { name: s.name, place: s.place, kind: 'theft', listed_level: 'branch' })).status, 200);
  assertProblem(await chief.put(`/api/v1/hotspots/${s.id}`, { name: s.name, place: s.place, kind: 'theft', listed_level: 'station' }), 403, 'forbidden');
  const zh = await chief.req('PUT', `/api/v1/hotspots/${s.id}`, { body: { name: s.name, place: s.place, kind: 'theft', listed_level: 'station' }, headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh.json.detail, /挂牌级别/);
});

test('rental houses: the landlord phone is masked in lists, full in the detail, and the detail read is audited', async () => {
  const list = await officer.get('/api/v1/rental-houses?limit=100');
  assert.equal(list.status, 200);
  const withPhone = list.json.items.filter((h) => h.landlord_phone);
  assert.ok(withPhone.length > 0);
  for (const h of withPhone) assert.match(h.landlord_phone, /^1\d{2}\*{4}\d{4}$/, JSON.stringify(h));
  const id = withPhone[0].id;
  const stored = await srv.value(`SELECT landlord_phone FROM rental_houses WHERE id = ${id}`);
  const before = await audits('house.read', id);
  const d = await officer.get(`/api/v1/rental-houses/${id}`);
  assert.equal(d.json.landlord_phone, stored);
  assert.equal(await audits('house.read', id), before + 1);
  assert.equal(await srv.value(`SELECT actor_login FROM audit_log WHERE action = 'house.read' AND object_id = '${id}' ORDER BY id DESC LIMIT 1`), 'officer');
  // A house the reader may not see: 404 and nothing audited.
  const fh = await foreignHouse();
  const n = await audits('house.read', fh.id);
  assertProblem(await officer.get(`/api/v1/rental-houses/${fh.id}`), 404, 'not-found');
  assert.equal(await audits('house.read', fh.id), n);
});

test('group details, searches by ID number or phone and the duplicate-ID 409 are audited; name searches are not', async () => {
  const gid = (await aux.get('/api/v1/resident-groups')).json.items[0].id;
  const g0 = await audits('group.read', gid);
  assert.equal((await aux.get(`/api/v1/resident-groups/${gid}`)).status, 200);
  assert.equal(await audits('group.read', gid), g0 + 1);

  const rid = Number(await srv.value(`SELECT id FROM residents WHERE grid_id = ${officerGrids[0]} AND phone <> '' ORDER BY id LIMIT 1`));
  const full = (await officer.get(`/api/v1/residents/${rid}`)).json;
  const s0 = await audits('resident.search');
  const byId = await officer.get(`/api/v1/residents?q=${full.id_number}`);
  assert.deepEqual(byId.json.items.map((x) => x.id), [rid]);
  assert.equal(await audits('resident.search'), s0 + 1);
  const row = await srv.rows("SELECT actor_login, detail FROM audit_log WHERE action = 'resident.search' ORDER BY id DESC LIMIT 1");
  assert.equal(row[0][0], 'officer');
  assert.ok(!row[0][1].includes(full.id_number), `the audit row masks the number: ${row[0][1]}`);
  assert.match(row[0][1], /ID number \d{6}\*{8}\w{4}: 1 found/);
  const byPhone = await officer.get(`/api/v1/residents?q=${full.phone}`);
  assert.ok(byPhone.json.items.some((x) => x.id === rid));
  assert.equal(await audits('resident.search'), s0 + 2);
  const prow = await srv.value("SELECT detail FROM audit_log WHERE action = 'resident.search' ORDER BY id DESC LIMIT 1");
  assert.ok(!prow.includes(full.phone), prow);
  await officer.get(`/api/v1/residents?q=${encodeURIComponent(full.name)}`);
  await officer.get('/api/v1/residents?q=138');
  assert.equal(await audits('resident.search'), s0 + 2, 'names and short fragments are list searches');

  // The 409 probe from another grid: refused, nothing stored, audited on the record found.
  const other = Number(await srv.value(`SELECT id FROM residents WHERE grid_id NOT IN (${auxGrids.join(',')}) ORDER BY id LIMIT 1`));
  const otherId = (await admin.get(`/api/v1/residents/${other}`)).json.id_number;
  const n = await count('residents');
  const d0 = await audits('resident.duplicate', other);
  const probe = await aux.post('/api/v1/residents', {
    grid_id: auxGrids[0], kind: 'registered', name: '某某', id_number: otherId, address: 'a', phone: phone(),
    employer: '', native_place: '', permit_status: 'none',
  });
  assertProblem(probe, 409, 'conflict');
  assert.equal(await count('residents'), n);
  assert.equal(await audits('resident.duplicate', other), d0 + 1);
  assert.equal(await srv.value(`SELECT actor_login FROM audit_log WHERE action = 'resident.duplicate' ORDER BY id DESC LIMIT 1`), 'auxiliary');
});

test('inconsistent resident data is refused: a valid permit already ended, a registration in the future, unknown filters', async () => {
  const n = await count('residents');
  const base = {
    grid_id: officerGrids[0], kind: 'migrant', name: '测试乙', address: '白云路2号', phone: phone(), employer: '',
    native_place: '', note: '',
  };
  const past = await officer.post('/api/v1/residents', { ...base, id_number: idNumber(), permit_status: 'valid', permit_expires: '2020-01-01', registered_on: '2019-01-01' });
  assertInvalid(past, 'permit_expires');
  assert.match(past.json.errors.find((e) => e.field === 'permit_expires').message, /past/);
  const future = await officer.post('/api/v1/residents', { ...base, id_number: idNumber(), permit_status: 'none', registered_on: '2099-01-01' });
  assertInvalid(future, 'registered_on');
  const zh = await officer.req('POST', '/api/v1/residents', {
    body: { ...base, id_number: idNumber(), permit_status: 'valid', permit_expires: '2020-01-01' }, headers: { 'Accept-Language': 'zh-CN' },
  });
  assert.match(zh.json.errors.find((e) => e.field === 'permit_expires').message, /过期/);
  assert.equal(await count('residents'), n, 'nothing stored');
  // The same on update.
  const rid = Number(await srv.value(`SELECT id FROM residents WHERE grid_id = ${officerGrids[0]} AND kind = 'migrant' ORDER BY id LIMIT 1`));
  const full = (await officer.get(`/api/v1/residents/${rid}`)).json;
  const upd = await officer.put(`/api/v1/residents/${rid}`, {
    grid_id: full.grid_id, kind: 'migrant', name: full.name, id_number: full.id_number, phone: full.phone, address: full.address,
    house_id: full.house_id, employer: full.employer, native_place: full.native_place, registered_on: '2099-12-31',
    permit_status: full.permit_status, permit_expires: full.permit_expires, note: full.note,
  });
  assertInvalid(upd, 'registered_on');
  assert.equal(await srv.value(`SELECT registered_on FROM residents WHERE id = ${rid}`), full.registered_on ?? '');
  // Lawful values pass: a permit ending in the future, an expired one in the past, a registration today.
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const ok1 = await officer.post('/api/v1/residents', { ...base, id_number: idNumber(), permit_status: 'valid', permit_expires: '2099-01-01', registered_on: today });
  assert.equal(ok1.status, 201, ok1.text);
  const ok2 = await officer.post('/api/v1/residents', { ...base, id_number: idNumber(), phone: phone(), permit_status: 'expired', permit_expires: '2020-01-01' });
  assert.equal(ok2.status, 201, ok2.text);
  // An unknown filter is refused, not ignored.
  assertInvalid(await officer.get('/api/v1/residents?expiring=maybe'), 'expiring');
  assertInvalid(await officer.get('/api/v1/residents?permit=maybe'), 'permit');
  assert.equal((await officer.get('/api/v1/residents?permit=expiring&kind=migrant&limit=5')).status, 200);
});
