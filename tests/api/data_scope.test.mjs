// Data scope by unit path, whatever the database's collation. Staff act on
// the units whose path starts with their own unit's ("/1/6/7/" is below
// "/1/6/"). On PostgreSQL the suite's cluster is created with zh_CN.UTF-8
// (scripts/pg.sh), whose collation is not byte order: a path range compared
// by language rules loses sub-units and a unit move rewrites only part of a
// subtree. And a move carries every stored copy of a path along
// (applications.unit_path): the new branch sees the moved station's cases,
// the old one no longer does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, DEMO_CITIZEN } from './harness.mjs';
import { applyResidence } from './service_hall.mjs';

let srv, sys, unitAdmin, chief, citizen;
let jiaojiang, huangyan, baiyun; // unit ids
before(async () => {
  srv = await startServer();
  sys = await srv.signIn('sysadmin');
  unitAdmin = await srv.signIn('unit_admin'); // 椒江分局
  chief = await srv.signIn('station_chief'); // 白云派出所
  citizen = await srv.signIn(DEMO_CITIZEN);
  jiaojiang = Number(await srv.value("SELECT id FROM units WHERE name = '椒江分局'"));
  huangyan = Number(await srv.value("SELECT id FROM units WHERE name = '黄岩分局'"));
  baiyun = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
});
after(async () => { await srv?.stop(); });

let seq = 0;
/** Creates a unit (as sysadmin) and returns its id. */
async function newUnit(parentId, kind = 'station') {
  seq++;
  const r = await sys.post('/api/v1/units', { parent_id: parentId, kind, name: `数据范围测试${kind === 'station' ? '所' : '室'}${seq}` });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function newCase(unitId) {
  const r = await applyResidence(srv, citizen, { unitId });
  assert.equal(r.status, 201, r.text);
  return r.json.tracking_no;
}

const queue = async (c) => (await c.all('/api/v1/applications')).map((i) => i.tracking_no);

/** Every unit's path is its parent's path plus its own id (the whole table). */
async function assertTreeSound() {
  const bad = await srv.rows("SELECT u.id, u.path, p.path FROM units u JOIN units p ON p.id = u.parent_id"
    + " WHERE u.path <> p.path || CAST(u.id AS TEXT) || '/'");
  assert.deepEqual(bad, [], `units whose path does not follow their parent's: ${JSON.stringify(bad)}`);
}

test('a station chief sees the cases of a station below theirs, a branch admin those of every station below', async () => {
  // Ids past 100 make the byte-order range and a language collation
  // disagree: '/1/6/7/1xx/' sorts after '/1/6/70' when '/' is ignored.
  let below = await newUnit(baiyun);
  while (below < 100) below = await newUnit(baiyun); // the demo has ~90 units; a few more pass 100
  const no = await newCase(below);
  const own = await newCase(baiyun);
  const chiefQueue = await queue(chief);
  assert.ok(chiefQueue.includes(no), `白云's chief misses the case ${no} of the station below (${below})`);
  assert.ok(chiefQueue.includes(own), 'the chief misses a case of their own station');
  assert.equal((await chief.get(`/api/v1/applications/${no}`)).status, 200);
  const adminQueue = await queue(unitAdmin);
  for (const t of [no, own]) assert.ok(adminQueue.includes(t), `椒江's admin misses case ${t}`);
  // The queue filtered to the station below.
  const filtered = await chief.all(`/api/v1/applications?unit_id=${below}`);
  assert.deepEqual(filtered.map((i) => i.tracking_no), [no]);
  // Every case in scope, as a prefix test in SQL that no collation changes.
  const path = await srv.value(`SELECT path FROM units WHERE id = ${baiyun}`);
  const expected = (await srv.rows(`SELECT tracking_no FROM applications WHERE substr(unit_path, 1, ${path.length}) = '${path}'`))
    .map((r) => r[0]).sort();
  assert.deepEqual([...chiefQueue].sort(), expected, 'the chief\'s queue is not exactly the cases in scope');
});

test('staff lists and officer counts include every sub-unit', async () => {
  const staff = (await unitAdmin.all('/api/v1/staff')).map((u) => u.login);
  for (const login of ['unit_admin', 'station_chief', 'officer', 'auxiliary']) {
    assert.ok(staff.includes(login), `椒江's admin does not list ${login} (a unit below): ${staff}`);
  }
  const path = await srv.value(`SELECT path FROM units WHERE id = ${jiaojiang}`);
  const officers = Number(await srv.value('SELECT count(*) FROM officers o JOIN units u ON u.id = o.unit_id'
    + ` WHERE substr(u.path, 1, ${path.length}) = '${path}'`));
  const u = await srv.client().get(`/api/v1/units/${jiaojiang}`);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.officers_count, officers, 'officers_count of 椒江分局');
  assert.ok(officers > 10);
});

test('moving a unit moves its whole subtree and keeps the tree sound', async () => {
  let a = await newUnit(jiaojiang);
  while (a < 100) a = await newUnit(jiaojiang);
  const b = await newUnit(a, 'community_station');
  const c = await newUnit(b, 'village_office');
  const unit = (await sys.get(`/api/v1/units/${a}`)).json;
  const r = await sys.put(`/api/v1/units/${a}`, { parent_id: huangyan, kind: unit.kind, name: unit.name });
  assert.equal(r.status, 200, r.text);
  const hy = await srv.value(`SELECT path FROM units WHERE id = ${huangyan}`);
  assert.equal(await srv.value(`SELECT path FROM units WHERE id = ${c}`), `${hy}${a}/${b}/${c}/`);
  await assertTreeSound();
  const tree = (await srv.client().get('/api/v1/units?format=tree')).json.items[0];
  const find = (n, id) => (n.id === id ? n : n.children.map((k) => find(k, id)).find(Boolean));
  const moved = find(find(tree, huangyan), a);
  assert.ok(moved, 'the moved unit is not under 黄岩分局 in the tree');
  assert.equal(moved.children[0]?.id, b);
  assert.equal(moved.children[0].children[0]?.id, c);
  // Ancestors as the detail shows them.
  const anc = (await srv.client().get(`/api/v1/units/${c}`)).json.ancestors.map((x) => x.id);
  assert.deepEqual(anc.slice(-3), [huangyan, a, b]);
});

test('moving a station to another branch carries its cases: the new branch sees them, the old one gets 404', async () => {
  const st = await newUnit(jiaojiang);
  const no = await newCase(st);
  const r0 = await sys.post('/api/v1/staff', { login: `hy_admin_${st}`, name: '黄岩分局管理员', role: 'unit_admin', unit_id: huangyan, password: 'Admin-2026-hy' });
  assert.equal(r0.status, 201, r0.text);
  const hyAdmin = await srv.signIn(`hy_admin_${st}`, 'Admin-2026-hy');
  assert.equal((await unitAdmin.get(`/api/v1/applications/${no}`)).status, 200);
  assertProblem(await hyAdmin.get(`/api/v1/applications/${no}`), 404, 'not-found', 'before the move');

  const unit = (await sys.get(`/api/v1/units/${st}`)).json;
  const r = await sys.put(`/api/v1/units/${st}`, { parent_id: huangyan, kind: unit.kind, name: unit.name });
  assert.equal(r.status, 200, r.text);

  assert.equal((await hyAdmin.get(`/api/v1/applications/${no}`)).status, 200, 'the new branch cannot open the case');
  assert.ok((await queue(hyAdmin)).includes(no), 'the case is not in the new branch\'s queue');
  assertProblem(await unitAdmin.get(`/api/v1/applications/${no}`), 404, 'not-found', 'the old branch still opens the case');
  assert.ok(!(await queue(unitAdmin)).includes(no), 'the case is still in the old branch\'s queue');
  const stPath = await srv.value(`SELECT path FROM units WHERE id = ${st}`);
  assert.equal(await srv.value(`SELECT unit_path FROM applications WHERE tracking_no = '${no}'`), stPath);
});
