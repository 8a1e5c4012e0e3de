// Who may do what: roles, data scope (own unit and below), staff accounts,
// role changes, officer and unit administration, and that the audit log sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, registerCitizen, assertProblem, assertInvalid, freshBadge } from './harness.mjs';

let srv;
const as = {}; // role name -> signed-in Client (demo staff + a citizen)
let anon;
const byId = new Map(); // unit id -> tree node
let jj; // 椒江分局
let hy; // 黄岩分局
let staffByLogin; // login -> Staff (as seen by sysadmin)

before(async () => {
  srv = await startServer();
  anon = srv.client();
  for (const r of ['sysadmin', 'secadmin', 'auditor', 'unit_admin', 'station_chief', 'officer', 'auxiliary']) {
    as[r] = await srv.signIn(r);
  }
  const cit = await registerCitizen(srv);
  as.citizen = await srv.signIn(cit.phone, cit.password);
  const t = await anon.get('/api/v1/units?format=tree');
  const walk = (n) => { byId.set(n.id, n); n.children.forEach(walk); };
  t.json.items.forEach(walk);
  jj = [...byId.values()].find((u) => u.name === '椒江分局');
  hy = [...byId.values()].find((u) => u.name === '黄岩分局');
  staffByLogin = new Map((await as.sysadmin.all('/api/v1/staff')).map((s) => [s.login, s]));
});
after(async () => { await srv?.stop(); });

const subtree = (id) => {
  const ids = new Set();
  const walk = (n) => { ids.add(n.id); n.children.forEach(walk); };
  walk(byId.get(id));
  return ids;
};
const firstOfKind = (root, kind) => [...subtree(root.id)].map((i) => byId.get(i)).find((u) => u.kind === kind);
const officerCount = async () => Number(await srv.value('SELECT count(*) FROM officers'));
const staffCount = async () => Number(await srv.value('SELECT count(*) FROM users'));
const unitCount = async () => Number(await srv.value('SELECT count(*) FROM units'));

const officerBody = async (unitId, over = {}) => ({
  unit_id: unitId, name: '测试警官', kind: 'police', badge_no: await freshBadge(anon), title: '一级警长',
  duty_area: '测试社区', office_hours: '周一至周五 9:00-17:00', accepts_appointments: true, intro: '接口测试创建', ...over,
});

test('the demo staff sit where the spec puts them', () => {
  assert.equal(as.unit_admin.user.unit_id, jj.id);
  assert.equal(byId.get(as.station_chief.user.unit_id).parent_id, jj.id);
  assert.equal(byId.get(as.station_chief.user.unit_id).kind, 'station');
  assert.equal(byId.get(as.officer.user.unit_id).parent_id, as.station_chief.user.unit_id);
  assert.equal(byId.get(as.officer.user.unit_id).kind, 'community_station');
  assert.equal(byId.get(as.auxiliary.user.unit_id).parent_id, as.station_chief.user.unit_id);
  assert.equal(byId.get(as.auxiliary.user.unit_id).kind, 'village_office');
  for (const r of ['sysadmin', 'secadmin', 'auditor']) assert.equal(byId.get(as[r].user.unit_id).kind, 'bureau', r);
});

test('role table: anonymous 401, citizen and the wrong staff 403, nothing written', async () => {
  const staffId = staffByLogin.get('officer').id;
  const off = (await anon.get('/api/v1/officers?limit=1')).json.items[0];
  const ob = await officerBody(jj.id);
  const unit = { parent_id: jj.id, kind: 'station', name: '不该建立的派出所' };
  const staff = { login: 'should_not_exist', name: '张三', role: 'officer', unit_id: jj.id, password: 'Pass-word-123' };
  const cases = [
    { who: null, method: 'GET', path: '/api/v1/staff', status: 401, slug: 'unauthenticated' },
    { who: null, method: 'POST', path: '/api/v1/officers', body: ob, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'PUT', path: `/api/v1/officers/${off.id}`, body: ob, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'DELETE', path: `/api/v1/officers/${off.id}`, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'POST', path: '/api/v1/units', body: unit, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'POST', path: '/api/v1/staff', body: staff, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'PUT', path: `/api/v1/staff/${staffId}/role`, body: { role: 'sysadmin' }, status: 401, slug: 'unauthenticated' },
    { who: null, method: 'GET', path: '/api/v1/audit', status: 401, slug: 'unauthenticated' },
    { who: null, method: 'GET', path: '/api/v1/audit/verify', status: 401, slug: 'unauthenticated' },
    { who: 'citizen', method: 'GET', path: '/api/v1/staff', status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'POST', path: '/api/v1/officers', body: ob, status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'DELETE', path: `/api/v1/officers/${off.id}`, status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'POST', path: '/api/v1/units', body: unit, status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'POST', path: '/api/v1/staff', body: staff, status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'PUT', path: `/api/v1/staff/${staffId}/role`, body: { role: 'sysadmin' }, status: 403, slug: 'forbidden' },
    { who: 'citizen', method: 'GET', path: '/api/v1/audit', status: 403, slug: 'forbidden' },
    { who: 'officer', method: 'GET', path: '/api/v1/staff', status: 403, slug: 'forbidden' },
    { who: 'auxiliary', method: 'GET', path: '/api/v1/staff', status: 403, slug: 'forbidden' },
    { who: 'officer', method: 'POST', path: '/api/v1/officers', body: { ...ob, unit_id: as.officer.user.unit_id }, status: 403, slug: 'forbidden' },
    { who: 'auditor', method: 'POST', path: '/api/v1/officers', body: ob, status: 403, slug: 'forbidden' },
    { who: 'officer', method: 'POST', path: '/api/v1/staff', body: staff, status: 403, slug: 'forbidden' },
    { who: 'station_chief', method: 'POST', path: '/api/v1/staff', body: { ...staff, unit_id: as.station_chief.user.unit_id }, status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'GET', path: '/api/v1/audit', status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'GET', path: '/api/v1/audit/verify', status: 403, slug: 'forbidden' },
    { who: 'secadmin', method: 'GET', path: '/api/v1/audit', status: 403, slug: 'forbidden' },
    { who: 'unit_admin', method: 'GET', path: '/api/v1/audit', status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'PUT', path: `/api/v1/staff/${staffId}/role`, body: { role: 'station_chief' }, status: 403, slug: 'forbidden' },
    { who: 'unit_admin', method: 'PUT', path: `/api/v1/staff/${staffId}/role`, body: { role: 'station_chief' }, status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'POST', path: '/api/v1/staff', body: { ...staff, role: 'auditor' }, status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'POST', path: '/api/v1/staff', body: { ...staff, role: 'secadmin' }, status: 403, slug: 'forbidden' },
    { who: 'sysadmin', method: 'POST', path: '/api/v1/staff', body: { ...staff, role: 'sysadmin' }, status: 403, slug: 'forbidden' },
    { who: 'unit_admin', method: 'POST', path: '/api/v1/staff', body: { ...staff, role: 'unit_admin' }, status: 403, slug: 'forbidden' },
  ];
  const counts = async () => [await officerCount(), await staffCount(), await unitCount()];
  const before = await counts();
  for (const c of cases) {
    const client = c.who ? as[c.who] : srv.client();
    const r = await client.req(c.method, c.path, { body: c.body });
    assertProblem(r, c.status, c.slug, `${c.who || 'anonymous'} ${c.method} ${c.path}`);
  }
  assert.deepEqual(await counts(), before, 'a refused request changed something');
  assert.equal((await anon.get(`/api/v1/officers/${off.id}`)).status, 200);
  assert.equal((await as.sysadmin.all('/api/v1/staff')).find((s) => s.id === staffId).role, 'officer', 'role changed by a refused request');
});

test('unit_admin (椒江分局) cannot touch an officer under 黄岩分局: 404, officer unchanged', async () => {
  const victim = (await anon.get(`/api/v1/officers?unit_id=${hy.id}&kind=police&limit=1`)).json.items[0];
  assert.ok(victim && subtree(hy.id).has(victim.unit_id));
  const beforeApi = (await anon.get(`/api/v1/officers/${victim.id}`)).json;
  const beforeDb = await srv.rows(`SELECT name, unit_id FROM officers WHERE id = ${victim.id}`);
  const body = {
    unit_id: victim.unit_id, name: '被篡改', kind: victim.kind, badge_no: victim.badge_no, title: victim.title,
    duty_area: victim.duty_area, office_hours: victim.office_hours, accepts_appointments: victim.accepts_appointments, intro: victim.intro,
  };
  assertProblem(await as.unit_admin.put(`/api/v1/officers/${victim.id}`, body), 404, 'not-found', 'PUT');
  assertProblem(await as.unit_admin.put(`/api/v1/officers/${victim.id}`, { ...body, unit_id: jj.id }), 404, 'not-found', 'PUT moving into own scope');
  assertProblem(await as.unit_admin.del(`/api/v1/officers/${victim.id}`), 404, 'not-found', 'DELETE');
  // station_chief is just as blind to the neighbouring branch.
  assertProblem(await as.station_chief.del(`/api/v1/officers/${victim.id}`), 404, 'not-found', 'station_chief DELETE');
  assert.deepEqual((await anon.get(`/api/v1/officers/${victim.id}`)).json, beforeApi);
  assert.deepEqual(await srv.rows(`SELECT name, unit_id FROM officers WHERE id = ${victim.id}`), beforeDb);
  assert.equal(beforeDb[0][0], victim.name);
});

test('unit_admin creating an officer in a 黄岩 unit → 403, nothing written', async () => {
  const before = await officerCount();
  const hyStation = firstOfKind(hy, 'station');
  assertProblem(await as.unit_admin.post('/api/v1/officers', await officerBody(hyStation.id)), 403, 'forbidden', 'in a 黄岩 station');
  assertProblem(await as.unit_admin.post('/api/v1/officers', await officerBody(hy.id)), 403, 'forbidden', 'in 黄岩分局');
  assertProblem(await as.unit_admin.post('/api/v1/officers', await officerBody(byId.get(jj.id).parent_id)), 403, 'forbidden', 'in the bureau (above own unit)');
  assert.equal(await officerCount(), before);
});

test('unit_admin CRUD of an officer in own scope: 201/200/204, and the audit log has it', async () => {
  const target = byId.get(as.officer.user.unit_id); // a community station under 椒江分局
  const body = await officerBody(target.id);
  const c = await as.unit_admin.post('/api/v1/officers', body);
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assert.equal(c.json.unit_id, target.id);
  assert.equal(c.json.unit_name, target.name);
  assert.equal(c.json.badge_no, body.badge_no);
  const pub = await anon.get(`/api/v1/officers/${id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json.name, body.name);
  assert.ok((await anon.all(`/api/v1/officers?unit_id=${jj.id}&kind=police`)).some((o) => o.id === id), 'not listed under 椒江分局');

  assertProblem(await as.unit_admin.post('/api/v1/officers', { ...(await officerBody(target.id)), badge_no: body.badge_no }), 409, 'conflict', 'duplicate badge_no');

  const u = await as.unit_admin.put(`/api/v1/officers/${id}`, { ...body, name: '改名警官', accepts_appointments: false });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.name, '改名警官');
  assert.equal(u.json.accepts_appointments, false);
  assert.equal(await srv.value(`SELECT name FROM officers WHERE id = ${id}`), '改名警官');
  assert.equal((await anon.get(`/api/v1/officers/${id}`)).json.name, '改名警官');

  const d = await as.unit_admin.del(`/api/v1/officers/${id}`);
  assert.equal(d.status, 204, d.text);
  assertProblem(await anon.get(`/api/v1/officers/${id}`), 404, 'not-found', 'after delete');
  assertProblem(await as.unit_admin.del(`/api/v1/officers/${id}`), 404, 'not-found', 'second delete');
  assert.equal(await srv.value(`SELECT count(*) FROM officers WHERE id = ${id}`), '0');

  const mine = await as.auditor.all(`/api/v1/audit?actor_id=${as.unit_admin.user.id}`);
  const about = mine.filter((e) => String(e.object_id) === String(id) && /officer/i.test(e.object_type || e.action));
  assert.ok(about.length >= 3, `audit entries for officer ${id}: ${JSON.stringify(about)}`);
  assert.ok(new Set(about.map((e) => e.action)).size >= 3, `create, update and delete should be different actions: ${about.map((e) => e.action)}`);
  for (const e of about) {
    assert.equal(e.actor_id, as.unit_admin.user.id);
    assert.equal(e.actor_login, 'unit_admin');
  }
});

test('station_chief manages officers only in their station and below', async () => {
  const station = as.station_chief.user.unit_id;
  const village = as.auxiliary.user.unit_id;
  const c = await as.station_chief.post('/api/v1/officers', await officerBody(village, { kind: 'auxiliary', badge_no: null }));
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.badge_no, null);
  assertProblem(await as.station_chief.post('/api/v1/officers', await officerBody(jj.id)), 403, 'forbidden', 'in the branch above');
  const sibling = byId.get(jj.id).children.find((s) => s.kind === 'station' && s.id !== station);
  assert.ok(sibling, 'a second station under 椒江分局');
  const theirs = (await anon.all(`/api/v1/officers?unit_id=${sibling.id}`))[0];
  assertProblem(await as.station_chief.del(`/api/v1/officers/${theirs.id}`), 404, 'not-found', 'sibling station\'s officer');
  assert.equal((await as.station_chief.del(`/api/v1/officers/${c.json.id}`)).status, 204);
});

test('officer body rules: badge for police only, 6 digits; unknown fields; unit must exist', async () => {
  const u = as.officer.user.unit_id;
  const before = await officerCount();
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { badge_no: undefined })), 'badge_no', 'police without badge');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { badge_no: '12345' })), 'badge_no', '5-digit badge');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { badge_no: '12345a' })), 'badge_no', 'badge with a letter');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { kind: 'auxiliary' })), 'badge_no', 'auxiliary with badge');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { kind: 'sheriff' })), 'kind', 'unknown kind');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { salary: 1 })), 'salary', 'unknown field');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { accepts_appointments: 'yes' })), 'accepts_appointments', 'string for bool');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { name: '' })), 'name', 'empty name');
  assertInvalid(await as.unit_admin.post('/api/v1/officers', await officerBody(u, { unit_id: undefined })), 'unit_id', 'no unit');
  assert.equal(await officerCount(), before);
});

test('staff list: sysadmin and secadmin see all, unit_admin and station_chief their scope', async () => {
  const demo = ['sysadmin', 'secadmin', 'auditor', 'unit_admin', 'station_chief', 'officer', 'auxiliary'];
  for (const who of ['sysadmin', 'secadmin']) {
    const logins = (await as[who].all('/api/v1/staff')).map((s) => s.login);
    for (const l of demo) assert.ok(logins.includes(l), `${who} does not see ${l}`);
  }
  const ua = await as.unit_admin.all('/api/v1/staff');
  const jjScope = subtree(jj.id);
  assert.ok(ua.every((s) => jjScope.has(s.unit_id)), `unit_admin sees ${ua.map((s) => s.login)}`);
  for (const l of ['unit_admin', 'station_chief', 'officer', 'auxiliary']) assert.ok(ua.some((s) => s.login === l), `unit_admin does not see ${l}`);
  const sc = await as.station_chief.all('/api/v1/staff');
  assert.ok(sc.every((s) => subtree(as.station_chief.user.unit_id).has(s.unit_id)), `station_chief sees ${sc.map((s) => s.login)}`);
  assert.ok(!sc.some((s) => s.login === 'unit_admin'));
  assert.ok(sc.some((s) => s.login === 'officer'));
  const roles = await as.sysadmin.all('/api/v1/staff?role=auditor');
  assert.deepEqual(roles.map((s) => s.login), ['auditor']);
  // A unit_id filter outside the scope may be refused (403) or find nobody; it never lists them.
  const inHy = await as.unit_admin.get(`/api/v1/staff?unit_id=${hy.id}`);
  if (inHy.status === 200) assert.deepEqual(inHy.json.items, [], 'unit_admin lists 黄岩 staff');
  else assertProblem(inHy, 403, 'forbidden', 'unit_admin lists 黄岩 staff');
  const s = staffByLogin.get('officer');
  assert.equal(s.disabled, false);
  assert.ok(s.last_login_at, 'last_login_at of a staff member who signed in');
});

test('staff accounts: unit_admin creates in scope, not elsewhere; duplicate login 409; disable ends sessions', async () => {
  const station = as.station_chief.user.unit_id;
  const body = { login: 'jj_new.officer-1', name: '新民警', role: 'officer', unit_id: station, password: 'Staff-pass-2026' };
  assertInvalid(await as.unit_admin.post('/api/v1/staff', { ...body, login: 'AB' }), 'login', 'login too short and upper case');
  assertInvalid(await as.unit_admin.post('/api/v1/staff', { ...body, login: 'has space' }), 'login', 'login with a space');
  assertInvalid(await as.unit_admin.post('/api/v1/staff', { ...body, role: 'citizen' }), 'role', 'citizen role');
  assertProblem(await as.unit_admin.post('/api/v1/staff', { ...body, unit_id: hy.id }), 403, 'forbidden', 'in 黄岩分局');
  const c = await as.unit_admin.post('/api/v1/staff', body);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.login, body.login);
  assert.equal(c.json.role, 'officer');
  assert.equal(c.json.unit_id, station);
  assert.equal(c.json.disabled, false);
  assert.equal(c.json.last_login_at, null);
  assert.ok(!(await srv.sql(`SELECT * FROM users WHERE id = ${c.json.id}`)).includes(body.password), 'password stored in clear');
  assertProblem(await as.unit_admin.post('/api/v1/staff', body), 409, 'conflict', 'duplicate login');
  assertProblem(await as.unit_admin.post('/api/v1/staff', { ...body, login: 'officer' }), 409, 'conflict', 'login of a demo account');

  const newbie = await srv.signIn(body.login, body.password);
  assert.equal(newbie.user.role, 'officer');
  // unit_admin cannot move them out of scope, sysadmin can rename; hy's admin view is blind.
  assertProblem(await as.unit_admin.put(`/api/v1/staff/${c.json.id}`, { name: '新民警', unit_id: hy.id, disabled: false }), 403, 'forbidden', 'move to 黄岩');
  const rn = await as.unit_admin.put(`/api/v1/staff/${c.json.id}`, { name: '新民警乙', unit_id: station, disabled: false });
  assert.equal(rn.status, 200, rn.text);
  assert.equal(rn.json.name, '新民警乙');
  assert.equal((await newbie.get('/api/v1/me')).status, 200, 'a rename ends no session');

  const dis = await as.unit_admin.put(`/api/v1/staff/${c.json.id}`, { name: '新民警乙', unit_id: station, disabled: true });
  assert.equal(dis.status, 200, dis.text);
  assert.equal(dis.json.disabled, true);
  assertProblem(await newbie.get('/api/v1/me'), 401, 'unauthenticated', 'session of a disabled account');
  assert.notEqual((await srv.client().login(body.login, body.password)).status, 200, 'a disabled account signs in');

  const other = (await as.sysadmin.all('/api/v1/staff')).find((s) => !subtree(jj.id).has(s.unit_id) && s.role === 'sysadmin');
  assertProblem(await as.unit_admin.put(`/api/v1/staff/${other.id}`, { name: '改名', unit_id: other.unit_id, disabled: true }), 404, 'not-found', 'staff outside scope');
  assert.equal((await as.sysadmin.get('/api/v1/me')).status, 200, 'sysadmin was disabled by unit_admin');
});

test('staff password reset: unit_admin in scope → 204, their sessions end, new password works', async () => {
  const body = { login: 'jj_reset', name: '重置测试', role: 'auxiliary', unit_id: as.auxiliary.user.unit_id, password: 'Staff-pass-2026' };
  const c = await as.unit_admin.post('/api/v1/staff', body);
  assert.equal(c.status, 201, c.text);
  const s = await srv.signIn(body.login, body.password);
  assertInvalid(await as.unit_admin.post(`/api/v1/staff/${c.json.id}/password`, { password: '1234567890' }), 'password', 'digits only');
  assert.equal((await as.unit_admin.post(`/api/v1/staff/${c.json.id}/password`, { password: 'Reset-pass-2026' })).status, 204);
  assertProblem(await s.get('/api/v1/me'), 401, 'unauthenticated', 'session after reset');
  assert.equal((await srv.client().login(body.login, body.password)).status, 401);
  await srv.signIn(body.login, 'Reset-pass-2026');
  const sys = staffByLogin.get('secadmin');
  assertProblem(await as.unit_admin.post(`/api/v1/staff/${sys.id}/password`, { password: 'Hijack-pass-2026' }), 404, 'not-found', 'reset outside scope');
  await srv.signIn('secadmin');
});

test('secadmin changes a role; the user has it after signing in again', async () => {
  const body = { login: 'role_target', name: '角色测试', role: 'officer', unit_id: as.station_chief.user.unit_id, password: 'Staff-pass-2026' };
  const c = await as.sysadmin.post('/api/v1/staff', body);
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;
  assertInvalid(await as.secadmin.put(`/api/v1/staff/${id}/role`, { role: 'citizen' }), 'role', 'citizen');
  assertInvalid(await as.secadmin.put(`/api/v1/staff/${id}/role`, { role: 'emperor' }), 'role', 'unknown role');
  assertProblem(await as.secadmin.put('/api/v1/staff/999999/role', { role: 'officer' }), 404, 'not-found', 'unknown staff');
  const r = await as.secadmin.put(`/api/v1/staff/${id}/role`, { role: 'station_chief' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.role, 'station_chief');
  assert.equal(r.json.id, id);
  const again = await srv.signIn(body.login, body.password);
  assert.equal(again.user.role, 'station_chief');
  assert.equal((await again.get('/api/v1/staff')).status, 200, 'a station_chief may list staff');
  assert.equal((await as.sysadmin.all('/api/v1/staff?role=station_chief')).filter((s) => s.id === id).length, 1);
  const audit = await as.auditor.all(`/api/v1/audit?actor_id=${as.secadmin.user.id}`);
  assert.ok(audit.some((e) => String(e.object_id) === String(id)), 'role change not in the audit log');
});

test('units: unit_admin creates below own unit, not elsewhere; delete only when empty', async () => {
  const station = as.station_chief.user.unit_id;
  const body = { parent_id: station, kind: 'community_station', name: '测试社区警务室', address: '台州市椒江区测试路1号', phone: '0576-88888888', hours: '8:30-17:30', lat: 28.68, lng: 121.44, sort: 99 };
  const before = await unitCount();
  assertProblem(await as.unit_admin.post('/api/v1/units', { ...body, parent_id: firstOfKind(hy, 'station').id }), 403, 'forbidden', 'under 黄岩');
  assertProblem(await as.station_chief.post('/api/v1/units', body), 403, 'forbidden', 'station_chief');
  assertInvalid(await as.unit_admin.post('/api/v1/units', { ...body, kind: 'planet' }), 'kind', 'unknown kind');
  assertInvalid(await as.unit_admin.post('/api/v1/units', { ...body, lat: 'north' }), 'lat', 'lat as string');
  assertInvalid(await as.unit_admin.post('/api/v1/units', { ...body, name: '长'.repeat(300) }), 'name', 'over-long name');
  assert.equal(await unitCount(), before);
  const c = await as.unit_admin.post('/api/v1/units', body);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.parent_id, station);
  assert.equal(c.json.name, body.name);
  assert.equal(c.json.lat, 28.68);
  const id = c.json.id;
  const got = await anon.get(`/api/v1/units/${id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json.ancestors.map((a) => a.id), [byId.get(jj.id).parent_id, jj.id, station]);
  const u = await as.unit_admin.put(`/api/v1/units/${id}`, { ...body, name: '测试社区警务室（改）' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.name, '测试社区警务室（改）');
  assertProblem(await as.unit_admin.put(`/api/v1/units/${hy.id}`, { parent_id: hy.parent_id, kind: 'branch', name: '黄岩分局（改）' }), 404, 'not-found', 'PUT 黄岩分局');
  assertProblem(await as.unit_admin.del(`/api/v1/units/${firstOfKind(hy, 'village_office').id}`), 404, 'not-found', 'DELETE in 黄岩');
  assertProblem(await as.unit_admin.del(`/api/v1/units/${station}`), 409, 'conflict', 'a station with children');
  assertProblem(await as.sysadmin.del(`/api/v1/units/${as.auxiliary.user.unit_id}`), 409, 'conflict', 'a unit with staff and officers');
  assert.equal((await anon.get(`/api/v1/units/${hy.id}`)).json.name, '黄岩分局');
  assert.equal((await as.unit_admin.del(`/api/v1/units/${id}`)).status, 204);
  assertProblem(await anon.get(`/api/v1/units/${id}`), 404, 'not-found', 'after delete');
  assert.equal(await unitCount(), before);
});
