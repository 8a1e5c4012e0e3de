// phone10.test.mjs — what the phone pass of issue 10 found, server side: a
// report that gives only a typed address reaches the station whose grid or
// name the address names (not the city bureau); the citizen is told in the
// inbox when staff answer and close it and keeps reading the answer after
// the closing note; an id not chosen reads "must be chosen", never an
// internal bound; a resident's visit history (work logs by resident_id).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
let citizen;
let chief;
let officer;

before(async () => {
  srv = await startServer();
  citizen = await srv.signIn(DEMO_CITIZEN);
  chief = await srv.signIn('station_chief');
  officer = await srv.signIn('officer');
});
after(async () => { await srv?.stop(); });

const file = (c, over) => c.post('/api/v1/reports', {
  service_code: 'noise', description: '晚上广场舞音响声音太大', attributes: { noise_source: 'square_dance' }, ...over,
});

test('a street address in a grid\'s area goes to that grid\'s station and officer, not the bureau', async () => {
  const r = await file(citizen, { address_string: '白云山南路 18 号' });
  assert.equal(r.status, 201, r.text);
  const id = Number(r.json.service_request_id);
  const s = await chief.get(`/api/v1/reports/${id}`);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.routed_by, 'address');
  const grid = await srv.rows(`SELECT g.id, g.unit_id, g.officer_id, u.name FROM grids g JOIN units u ON u.id = g.unit_id
    WHERE g.area LIKE '白云山南路%' ORDER BY g.id LIMIT 1`);
  assert.equal(String(s.json.grid_id), grid[0][0], 'the first grid on that road');
  assert.equal(String(s.json.unit_id), grid[0][1]);
  assert.equal(String(s.json.officer_id), grid[0][2], 'the grid\'s responsible officer');
  assert.equal(s.json.agency_responsible, grid[0][3]);
  assert.match(s.json.agency_responsible, /警务室$/);
  // it is in the station chief's open queue and the grid officer's
  const q = await chief.get('/api/v1/reports?limit=100');
  assert.ok(q.json.items.some((x) => x.id === id), 'in the station chief\'s queue');
  const o = await officer.get('/api/v1/reports?limit=100');
  assert.ok(o.json.items.some((x) => x.id === id), 'in the grid officer\'s queue');
  // the public Open311 view names the same unit
  const pub = await srv.client().get(`/open311/v2/requests/${id}.json`);
  assert.equal(pub.json[0].agency_responsible, grid[0][3]);
});

test('the same road written with the city and district in front, and an ideographic space', async () => {
  const r = await file(citizen, { address_string: '浙江省台州市椒江区　白云山南路18号3幢' });
  assert.equal(r.status, 201, r.text);
  const s = await chief.get(`/api/v1/reports/${r.json.service_request_id}`);
  assert.equal(s.json.routed_by, 'address');
  assert.ok(s.json.grid_id, 'routed to a grid');
});

test('a street name of the station (白云街道) goes to 白云派出所; an unknown place to the bureau', async () => {
  const a = await file(citizen, { address_string: '椒江区白云街道某小区门口' });
  assert.equal(a.status, 201, a.text);
  const s = await chief.get(`/api/v1/reports/${a.json.service_request_id}`);
  assert.equal(s.status, 200, 'the 白云 station chief sees it');
  assert.equal(s.json.agency_responsible, '白云派出所');
  assert.equal(s.json.grid_id, null);

  const b = await file(citizen, { address_string: '某某地方' });
  assert.equal(b.status, 201, b.text);
  assert.equal(await srv.value(`SELECT routed_by FROM reports WHERE id = ${b.json.service_request_id}`), 'default');
  assert.equal((await chief.get(`/api/v1/reports/${b.json.service_request_id}`)).status, 404, 'not the station\'s');
});

test('the reporter is told in the inbox when the report is answered and closed, and keeps the answer', async () => {
  const reg = await registerCitizen(srv);
  const me = await srv.signIn(reg.phone, reg.password);
  const other = await registerCitizen(srv);
  const r = await file(me, { address_string: '白云山南路66号' });
  assert.equal(r.status, 201, r.text);
  const id = Number(r.json.service_request_id);
  const act = (body) => officer.post(`/api/v1/reports/${id}/actions`, body);
  assert.equal((await act({ action: 'accept' })).status, 200);
  const before = await me.get('/api/v1/me/notifications');
  assert.equal(before.json.items.length, 0, 'accepting alone tells nobody');

  assert.equal((await act({ action: 'answer', body: '已联系广场舞组织者，晚九点后停放音响。' })).status, 200);
  let inbox = await me.get('/api/v1/me/notifications');
  assert.equal(inbox.json.items.length, 1);
  const n = inbox.json.items[0];
  assert.equal(n.kind, 'report.answered');
  assert.match(n.title, new RegExp(`${id}.*已答复`));
  assert.match(n.body, /已联系广场舞组织者/);
  assert.equal(n.link, `/me/reports?id=${id}`);

  assert.equal((await act({ action: 'close', body: '回访群众满意，办结。' })).status, 200);
  inbox = await me.get('/api/v1/me/notifications');
  assert.equal(inbox.json.items.length, 2);
  assert.equal(inbox.json.items[0].kind, 'report.closed');
  assert.match(inbox.json.items[0].body, /已联系广场舞组织者[\s\S]*回访群众满意/);
  assert.equal(inbox.json.unread, 2);

  // 我的举报 and the public tracking keep the answer, with the closing note after it
  const mine = await me.get('/api/v1/me/reports');
  const mineRow = mine.json.items.find((x) => x.id === id);
  assert.equal(mineRow.status, 'closed');
  assert.equal(mineRow.status_notes, '已联系广场舞组织者，晚九点后停放音响。\n回访群众满意，办结。');
  const pub = await srv.client().get(`/open311/v2/requests/${id}.json`);
  assert.match(pub.json[0].status_notes, /^已联系广场舞组织者/);

  // nobody else is told; the notification is in the change's transaction (one per action)
  const o = await srv.signIn(other.phone, other.password);
  assert.equal((await o.get('/api/v1/me/notifications')).json.items.length, 0);
  assert.equal(await srv.value(`SELECT count(*) FROM notifications WHERE link = '/me/reports?id=${id}'`), '2');
  // a refused close (already closed) writes no notice
  assert.equal((await act({ action: 'close', body: '再次办结' })).status, 409);
  assert.equal(await srv.value(`SELECT count(*) FROM notifications WHERE link = '/me/reports?id=${id}'`), '2');
});

test('closing with no new note after an answer keeps the answer alone', async () => {
  const r = await file(citizen, { address_string: '白云山南路20号' });
  const id = Number(r.json.service_request_id);
  const act = (body) => officer.post(`/api/v1/reports/${id}/actions`, body);
  await act({ action: 'accept' });
  await act({ action: 'answer', body: '已处理。' });
  assert.equal((await act({ action: 'close' })).status, 200);
  const mine = await citizen.get('/api/v1/me/reports?limit=50');
  assert.equal(mine.json.items.find((x) => x.id === id).status_notes, '已处理。');
});

test('an id not chosen says so (in Chinese too), never the store\'s internal limit', async () => {
  const { requestFrom } = await import('./harness.mjs');
  const body = (unit_id) => JSON.stringify({ unit_id, org_kind: 'school', org_name: '白云小学', contact_name: '李老师',
    phone: '13905769876', date_from: '2099-01-05', date_to: '2099-01-20', topic: '反诈', audience: 100 });
  const send = (unit_id, lang) => requestFrom(srv, '127.0.0.77', 'POST', '/api/v1/prevention/requests', {
    headers: { 'Content-Type': 'application/json', ...(lang ? { 'Accept-Language': lang } : {}) }, body: body(unit_id) });
  for (const [id, en, zh] of [[0, 'must be chosen', '请选择'], [-5, 'must be chosen', '请选择'],
    [2 ** 62, 'is too large', '数值过大']]) {
    const r = await send(id);
    assert.equal(r.status, 422, r.text);
    const e = r.json.errors.find((x) => x.field === 'unit_id');
    assert.equal(e.message, en);
    assert.doesNotMatch(r.text, /4611686018427387903|9223372036854775807/);
    const z = await send(id, 'zh-CN');
    assert.equal(z.json.errors.find((x) => x.field === 'unit_id').message, zh);
  }
  assert.equal(await srv.value("SELECT count(*) FROM prevention_requests WHERE org_name = '白云小学'"), '0', 'nothing written');
});

test('a resident\'s visit history: the work logs filtered by resident_id, within the caller\'s scope', async () => {
  const resident = await srv.value(`SELECT r.id FROM residents r JOIN grids g ON g.id = r.grid_id
    JOIN officers o ON o.id = g.officer_id JOIN users u ON u.id = o.user_id WHERE u.login = 'officer' ORDER BY r.id LIMIT 1`);
  const other = await srv.value(`SELECT id FROM residents WHERE id <> ${resident} ORDER BY id LIMIT 1`);
  const ago = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  for (const [id, purpose] of [[resident, '入户走访甲'], [resident, '回访甲'], [other, '走访乙']]) {
    const w = await officer.post('/api/v1/worklogs', { kind: 'visit', started_at: ago, purpose, resident_id: Number(id) });
    assert.equal(w.status, 201, w.text);
  }
  const mine = await officer.get(`/api/v1/worklogs?kind=visit&resident_id=${resident}`);
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items.map((x) => x.purpose).sort(), ['入户走访甲', '回访甲']);
  assert.ok(mine.json.items.every((x) => x.resident_id === Number(resident)));
  const chiefs = await chief.get(`/api/v1/worklogs?resident_id=${resident}`);
  assert.ok(chiefs.json.items.length >= 2, 'the station chief sees them too');
  for (const bad of ['0', '-1', 'x', '9'.repeat(19)]) {
    const r = await officer.get(`/api/v1/worklogs?resident_id=${bad}`);
    assert.equal(r.status, 422, bad);
    assert.equal(r.json.errors[0].field, 'resident_id');
  }
  // another station's chief sees none of them
  const haimen = await srv.value("SELECT id FROM units WHERE name = '海门派出所'");
  const sys = await srv.signIn('sysadmin');
  const made = await sys.post('/api/v1/staff', { login: 'hm_chief10', name: '海门所长', role: 'station_chief', unit_id: Number(haimen), password: 'Haimen-2026x' });
  assert.equal(made.status, 201, made.text);
  const hm = await srv.signIn('hm_chief10', 'Haimen-2026x');
  assert.equal((await hm.get(`/api/v1/worklogs?resident_id=${resident}`)).json.items.length, 0);
  assert.equal((await srv.client().get(`/api/v1/worklogs?resident_id=${resident}`)).status, 401);
  assert.equal((await citizen.get(`/api/v1/worklogs?resident_id=${resident}`)).status, 403);
});
