// Hotspots (治安乱点) and their rectification (挂牌整治): the public list
// and record (numbers only, no identified ones), the whole workflow through
// the staff API, every illegal transition refused with 409, two staff racing
// for one transition, data scope (another station 404, citizen 403,
// anonymous 401, CSRF), bad input refused with nothing half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN } from './harness.mjs';

let srv;
let chief; // 白云派出所
let admin; // 椒江分局
let officer; // a community station of 白云派出所
let aux;
let citizen;
let otherChief; // 东城派出所 (黄岩)
let sys;
let baiyun;
let haimen;
let community;
const PASSWORD = 'Hot-Spot#2026x';

async function addStaff(login, role, unit) {
  const r = await srv.cli(['user', 'add', '--role', role, '--login', login, '--unit', String(unit)], { input: `${PASSWORD}\n` });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  return srv.signIn(login, PASSWORD);
}

before(async () => {
  srv = await startServer();
  chief = await srv.signIn('station_chief');
  admin = await srv.signIn('unit_admin');
  officer = await srv.signIn('officer');
  aux = await srv.signIn('auxiliary');
  citizen = await srv.signIn(DEMO_CITIZEN);
  sys = await srv.signIn('sysadmin');
  baiyun = await srv.value("SELECT id FROM units WHERE name = '白云派出所'");
  haimen = await srv.value("SELECT id FROM units WHERE name = '海门派出所'");
  community = await srv.value("SELECT unit_id FROM users WHERE login = 'officer'");
  const dongcheng = await srv.value("SELECT id FROM units WHERE name = '东城派出所'");
  otherChief = await addStaff('hot_other_chief', 'station_chief', dongcheng);
});
after(async () => { await srv?.stop(); });

const today = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000); // the demo bureau's zone, UTC+8
  return d.toISOString().slice(0, 10);
};
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const thisMonth = () => today().slice(0, 7);

let seq = 0;
async function create(by = officer, over = {}) {
  seq += 1;
  const r = await by.post('/api/v1/hotspots', { name: `测试乱点${seq}`, place: `椒江区测试路${seq}号`, kind: 'theft', problems: '电动车被盗', ...over });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const fire = (by, id, body) => by.post(`/api/v1/hotspots/${id}/transitions`, body);
const listBody = () => ({ event: 'list', deadline: addDays(today(), 180) });
const findings = '巡查无同类警情';

/** A hotspot of 白云's community station walked to status. */
async function inStatus(status) {
  const h = await create();
  const steps = {
    identified: [],
    listed: [[chief, listBody()]],
    rectifying: [[chief, listBody()], [officer, { event: 'start' }]],
    checking: [[chief, listBody()], [officer, { event: 'start' }], [officer, { event: 'request_check' }]],
    delisted: [[chief, listBody()], [officer, { event: 'start' }], [officer, { event: 'request_check' }],
      [chief, { event: 'pass', findings }]],
  }[status];
  for (const [by, body] of steps) {
    const r = await fire(by, h.id, body);
    assert.equal(r.status, 200, `${body.event}: ${r.text}`);
  }
  return h.id;
}

const stored = async (id) => ({
  status: await srv.value(`SELECT status FROM hotspots WHERE id = ${id}`),
  events: Number(await srv.value(`SELECT COUNT(*) FROM hotspot_events WHERE hotspot_id = ${id}`)),
  reports: Number(await srv.value(`SELECT COUNT(*) FROM hotspot_reports WHERE hotspot_id = ${id}`)),
  checks: Number(await srv.value(`SELECT COUNT(*) FROM hotspot_checks WHERE hotspot_id = ${id}`)),
  audit: Number(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'hotspot' AND object_id = '${id}'`)),
});

const PUBLIC_KEYS = ['campaign', 'deadline', 'delisted_on', 'id', 'kind', 'listed_level', 'listed_on',
  'months_under_rectification', 'name', 'place', 'problems', 'results', 'status', 'unit_name'].sort();

test('the public list: listed ones and delisted ones with results, no identified ones, no people', async () => {
  const anon = srv.client();
  const listed = await anon.all('/api/v1/hotspots?status=listed');
  assert.ok(listed.length >= 10, `${listed.length} listed`);
  for (const h of listed) {
    assert.deepEqual(Object.keys(h).sort(), PUBLIC_KEYS);
    assert.ok(['listed', 'rectifying', 'checking'].includes(h.status), h.status);
    assert.match(h.listed_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(h.delisted_on, null);
  }
  assert.ok(!listed.some((h) => h.name === '文化路网吧一条街'), 'an identified hotspot is internal');
  const dflt = await anon.get('/api/v1/hotspots');
  assert.equal(dflt.status, 200);
  assert.equal(dflt.json.items[0].id, listed[0].id, 'listed is the default');

  const delisted = await anon.all('/api/v1/hotspots?status=delisted');
  const bridge = delisted.find((h) => h.name === '四号桥');
  assert.ok(bridge, '四号桥 is delisted');
  assert.deepEqual(Object.keys(bridge).sort(), PUBLIC_KEYS);
  assert.equal(bridge.results.seizures, 321);
  assert.equal(bridge.results.reports, 6);
  assert.equal(bridge.unit_name, '海门派出所');
  assert.equal(bridge.listed_level, 'branch');
  assert.match(bridge.delisted_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(bridge.months_under_rectification, 6);
  for (const h of delisted) assert.equal(h.status, 'delisted');

  // No staff names or internal text anywhere in the public answers.
  const text = JSON.stringify([listed, delisted]);
  const names = (await srv.rows("SELECT name FROM users WHERE kind = 'staff'")).map((r) => r[0]);
  for (const n of names) assert.ok(!text.includes(n), `a staff name (${n}) is public`);
  assert.ok(!text.includes('联合交警'), 'the report summaries are internal');

  const one = await anon.get(`/api/v1/hotspots/${bridge.id}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.months.length, 6);
  assert.equal(one.json.months.reduce((s, m) => s + m.seizures, 0), 321);
  for (const m of one.json.months) assert.deepEqual(Object.keys(m).sort(), ['arrests', 'cases', 'measures', 'month', 'seizures']);
  const internal = await srv.value("SELECT id FROM hotspots WHERE name = '文化路网吧一条街'");
  assertProblem(await anon.get(`/api/v1/hotspots/${internal}`), 404, 'not-found', 'identified is internal');
  assertProblem(await anon.get('/api/v1/hotspots/999999999'), 404, 'not-found');
  assertProblem(await anon.get('/api/v1/hotspots/abc'), 404, 'not-found');

  const page = await anon.get('/api/v1/hotspots?status=listed&limit=2');
  assert.equal(page.json.items.length, 2);
  assert.ok(page.json.next_cursor);
  const campaign = await anon.all(`/api/v1/hotspots?status=delisted&campaign=${encodeURIComponent('2026年春季治安乱点挂牌整治')}`);
  assert.ok(campaign.some((h) => h.name === '四号桥'));
  assertInvalid(await anon.get('/api/v1/hotspots?status=identified'), 'status');
  assertInvalid(await anon.get('/api/v1/hotspots?limit=101'), 'limit');
});

test('the whole workflow: register, list, start, monthly reports, a failed check, a passed check', async () => {
  const h = await create(officer, { lat_e6: 28680000, lng_e6: 121440000 });
  assert.equal(h.status, 'identified');
  assert.equal(Number(h.unit_id), Number(community), "the officer's own unit by default");
  assert.deepEqual(h.actions, [], 'an officer does not list');
  assert.equal(h.events.length, 1);
  assert.equal(h.lat_e6, 28680000);
  const anon = srv.client();
  assertProblem(await anon.get(`/api/v1/hotspots/${h.id}`), 404, 'not-found', 'identified is not public');

  assertProblem(await fire(officer, h.id, listBody()), 403, 'forbidden', 'an officer may not list');
  assert.deepEqual((await chief.get(`/api/v1/hotspots/${h.id}/record`)).json.actions, ['list']);
  const listed = await fire(chief, h.id, { ...listBody(), campaign: '测试专项', note: '所务会研究决定挂牌' });
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.status, 'listed');
  assert.equal(listed.json.listed_on, today());
  assert.equal(listed.json.campaign, '测试专项');
  assert.equal((await anon.get(`/api/v1/hotspots/${h.id}`)).status, 200, 'listed is public');

  assertProblem(await officer.post(`/api/v1/hotspots/${h.id}/reports`, { month: thisMonth(), cases: 1, arrests: 1, seizures: 1 }),
    409, 'conflict', 'a report before the rectification starts');
  assert.equal((await fire(officer, h.id, { event: 'start', note: '成立专班' })).json.status, 'rectifying');
  const rep = await officer.post(`/api/v1/hotspots/${h.id}/reports`, { month: thisMonth(), cases: 3, arrests: 2, seizures: 40, measures: 5, summary: '清理桥下停车场' });
  assert.equal(rep.status, 201, rep.text);
  assert.equal(rep.json.seizures, 40);
  assertProblem(await officer.post(`/api/v1/hotspots/${h.id}/reports`, { month: thisMonth(), cases: 0, arrests: 0, seizures: 0 }),
    409, 'conflict', 'one report per month');

  assert.equal((await fire(officer, h.id, { event: 'request_check' })).json.status, 'checking');
  assertProblem(await fire(officer, h.id, { event: 'pass', findings }), 403, 'forbidden', 'an officer does not check');
  assertInvalid(await fire(chief, h.id, { event: 'fail' }), 'findings');
  const failed = await fire(chief, h.id, { event: 'fail', findings: '夜间仍有盗窃警情' });
  assert.equal(failed.json.status, 'rectifying');
  assert.equal(failed.json.checks.length, 1);
  assert.equal(failed.json.checks[0].passed, false);
  assert.equal(failed.json.checks[0].checker_name, '白云所所长');
  await fire(officer, h.id, { event: 'request_check' });
  const passed = await fire(chief, h.id, { event: 'pass', findings: '连续两月无警情', checked_on: today() });
  assert.equal(passed.status, 200, passed.text);
  assert.equal(passed.json.status, 'delisted');
  assert.equal(passed.json.delisted_on, today());
  assert.deepEqual(passed.json.actions, []);
  assert.deepEqual(passed.json.events.map((e) => e.event),
    ['create', 'list', 'start', 'request_check', 'fail', 'request_check', 'pass']);
  assert.equal(passed.json.reports[0].summary, '清理桥下停车场');

  const pub = (await anon.all('/api/v1/hotspots?status=delisted')).find((x) => x.id === h.id);
  assert.deepEqual(pub.results, { cases: 3, arrests: 2, seizures: 40, measures: 5, reports: 1 });
  const s = await stored(h.id);
  assert.deepEqual(s, { status: 'delisted', events: 7, reports: 1, checks: 2, audit: 8 });
  assertProblem(await officer.put(`/api/v1/hotspots/${h.id}`, { name: '改名', place: 'x', kind: 'theft' }), 409, 'conflict',
    'a delisted hotspot is closed');
});

test('every transition the table does not list is 409, and nothing changes', async () => {
  const allowed = { identified: ['list'], listed: ['start'], rectifying: ['request_check'], checking: ['pass', 'fail'], delisted: [] };
  const bodies = { list: listBody(), start: { event: 'start' }, request_check: { event: 'request_check' },
    pass: { event: 'pass', findings }, fail: { event: 'fail', findings } };
  for (const status of Object.keys(allowed)) {
    const id = await inStatus(status);
    const before = await stored(id);
    for (const event of Object.keys(bodies)) {
      if (allowed[status].includes(event)) continue;
      const r = await fire(chief, id, bodies[event]);
      assertProblem(r, 409, 'conflict', `${event} from ${status}`);
    }
    assert.deepEqual(await stored(id), before, `${status}: nothing written`);
  }
  const id = await inStatus('identified');
  assertInvalid(await fire(chief, id, { event: 'delete' }), 'event');
  const zh = await chief.post(`/api/v1/hotspots/${id}/transitions`, { event: 'pass', findings }, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(zh.status, 409);
  assert.match(zh.json.detail, /已排查（identified）的治安乱点不能进行“pass”操作/);
});

test('two staff racing for one transition: one 200, one 409, one event', async () => {
  for (let round = 0; round < 3; round++) {
    const h = await create();
    const [a, b] = await Promise.all([fire(chief, h.id, listBody()), fire(admin, h.id, listBody())]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM hotspot_events WHERE hotspot_id = ${h.id} AND event = 'list'`)), 1);
  }
  const id = await inStatus('rectifying');
  const body = { month: thisMonth(), cases: 1, arrests: 1, seizures: 1 };
  const [a, b] = await Promise.all([officer.post(`/api/v1/hotspots/${id}/reports`, body), chief.post(`/api/v1/hotspots/${id}/reports`, body)]);
  assert.deepEqual([a.status, b.status].sort(), [201, 409], `${a.text} ${b.text}`);
  assert.equal((await stored(id)).reports, 1);
});

test('the listing level: a station chief lists station-level hotspots, a branch-level one needs the branch', async () => {
  const h = await create(officer, { listed_level: 'branch' });
  assertProblem(await fire(chief, h.id, listBody()), 403, 'forbidden', 'a station chief, a branch-level hotspot');
  assert.equal((await stored(h.id)).status, 'identified');
  assert.equal((await fire(admin, h.id, listBody())).status, 200);
  assertProblem(await officer.put(`/api/v1/hotspots/${h.id}`, { name: h.name, place: h.place, kind: 'theft', listed_level: 'station' }),
    409, 'conflict', 'the level is fixed once listed');
  const b = await create(admin, { unit_id: Number(baiyun), listed_level: 'bureau' });
  assertProblem(await fire(admin, b.id, listBody()), 403, 'forbidden', 'a branch, a bureau-level hotspot');
});

test('data scope: another station 404, citizens and other roles 403, anonymous 401, CSRF', async () => {
  const h = await create();
  const id = h.id;
  const before = await stored(id);
  assertProblem(await otherChief.get(`/api/v1/hotspots/${id}/record`), 404, 'not-found');
  assertProblem(await fire(otherChief, id, listBody()), 404, 'not-found');
  assertProblem(await otherChief.put(`/api/v1/hotspots/${id}`, { name: 'x', place: 'y', kind: 'theft' }), 404, 'not-found');
  assertProblem(await otherChief.post(`/api/v1/hotspots/${id}/reports`, { month: thisMonth(), cases: 1, arrests: 1, seizures: 1 }), 404, 'not-found');
  const theirs = await otherChief.all('/api/v1/hotspots/registry');
  assert.ok(theirs.length > 0 && !theirs.some((x) => x.id === id), 'their list is their station');
  assert.ok(theirs.every((x) => x.unit_name === '东城派出所'));
  assertInvalid(await otherChief.post('/api/v1/hotspots', { name: 'x', place: 'y', kind: 'theft', unit_id: Number(baiyun) }), 'unit_id');
  assertProblem(await otherChief.get('/api/v1/hotspots/999999999/record'), 404, 'not-found');

  for (const [c, label] of [[citizen, 'citizen'], [sys, 'sysadmin']]) {
    assertProblem(await c.get('/api/v1/hotspots/registry'), 403, 'forbidden', label);
    assertProblem(await c.get(`/api/v1/hotspots/${id}/record`), 403, 'forbidden', label);
    assertProblem(await c.post('/api/v1/hotspots', { name: 'x', place: 'y', kind: 'theft' }), 403, 'forbidden', label);
    assertProblem(await fire(c, id, listBody()), 403, 'forbidden', label);
  }
  assertProblem(await aux.post('/api/v1/hotspots', { name: 'x', place: 'y', kind: 'theft' }), 403, 'forbidden', 'auxiliaries read');
  assertProblem(await aux.get(`/api/v1/hotspots/${id}/record`), 404, 'not-found', 'a sibling village office');
  const village = await srv.value("SELECT unit_id FROM users WHERE login = 'auxiliary'");
  const v = await create(chief, { unit_id: Number(village) });
  assert.equal((await aux.get(`/api/v1/hotspots/${v.id}/record`)).status, 200, 'an auxiliary reads their unit\'s');
  const anon = srv.client();
  assertProblem(await anon.get('/api/v1/hotspots/registry'), 401, 'unauthenticated');
  assertProblem(await anon.post('/api/v1/hotspots', { name: 'x', place: 'y', kind: 'theft' }), 401, 'unauthenticated');
  assertProblem(await chief.post(`/api/v1/hotspots/${id}/transitions`, listBody(), { csrf: false }), 403, 'csrf');
  assertProblem(await officer.post('/api/v1/hotspots', { name: 'x', place: 'y', kind: 'theft' }, { csrf: false }), 403, 'csrf');
  assert.deepEqual(await stored(id), before, 'nothing written');

  // The branch sees its stations' hotspots; the station chief not another station's.
  const mine = await chief.all('/api/v1/hotspots/registry');
  assert.ok(!mine.some((x) => x.name === '四号桥'), '四号桥 belongs to 海门');
  const branch = await admin.all(`/api/v1/hotspots/registry?q=${encodeURIComponent('四号')}`);
  assert.equal(branch.length, 1);
  assert.equal(branch[0].unit_name, '海门派出所');
  const filtered = await admin.all('/api/v1/hotspots/registry?status=delisted&kind=theft');
  assert.ok(filtered.every((x) => x.status === 'delisted' && x.kind === 'theft'));
  assertInvalid(await admin.get('/api/v1/hotspots/registry?status=closed'), 'status');
  assert.ok(Number(haimen) > 0);
});

test('bad input is 422 (or 400 for malformed JSON) and nothing is half-written', async () => {
  const before = Number(await srv.value('SELECT COUNT(*) FROM hotspots'));
  const bad = [
    [{ place: 'y', kind: 'theft' }, 'name'],
    [{ name: 'x', place: 'y', kind: 'arson' }, 'kind'],
    [{ name: 'x'.repeat(61), place: 'y', kind: 'theft' }, 'name'],
    [{ name: 'x', place: 'y', kind: 'theft', lat_e6: 28680000 }, 'lat_e6'],
    [{ name: 'x', place: 'y', kind: 'theft', lat_e6: 99000000, lng_e6: 121000000 }, 'lat_e6'],
    [{ name: 'x', place: 'y', kind: 'theft', listed_level: 'province' }, 'listed_level'],
    [{ name: 'x', place: 'y', kind: 'theft', owner: 'me' }, 'owner'],
    [{ name: 'a\u202eb', place: 'y', kind: 'theft' }, 'name'],
  ];
  for (const [body, field] of bad) assertInvalid(await officer.post('/api/v1/hotspots', body), field, JSON.stringify(body));
  const utf8 = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","place":"y","kind":"theft"}')]);
  assertProblem(await officer.req('POST', '/api/v1/hotspots', { raw: utf8 }), 400, 'bad-json', 'bad UTF-8');
  assert.equal(Number(await srv.value('SELECT COUNT(*) FROM hotspots')), before, 'no hotspot written');

  const h = await create();
  const s0 = await stored(h.id);
  const dates = [
    [{ event: 'list' }, 'deadline'],
    [{ event: 'list', deadline: '2027-02-30' }, 'deadline'],
    [{ event: 'list', deadline: today() }, 'deadline'],
    [{ event: 'list', deadline: addDays(today(), 2000) }, 'deadline'],
    [{ event: 'list', deadline: addDays(today(), 90), listed_on: addDays(today(), 1) }, 'listed_on'],
    [{ event: 'list', deadline: '20270101' }, 'deadline'],
    [{ event: 'list', deadline: addDays(today(), 90), findings: 'x' }, 'findings'],
    [{ event: 'start', deadline: addDays(today(), 90) }, 'deadline'],
  ];
  for (const [body, field] of dates) {
    const r = await fire(chief, h.id, body);
    if (body.event === 'start') assertProblem(r, 409, 'conflict');
    else assertInvalid(r, field, JSON.stringify(body));
  }
  assert.deepEqual(await stored(h.id), s0, 'a refused listing writes nothing');

  const id = await inStatus('rectifying');
  const s1 = await stored(id);
  const reports = [
    [{ month: '2026-13', cases: 1, arrests: 1, seizures: 1 }, 'month'],
    [{ month: addDays(today(), 40).slice(0, 7), cases: 1, arrests: 1, seizures: 1 }, 'month'],
    [{ month: '2020-01', cases: 1, arrests: 1, seizures: 1 }, 'month'],
    [{ month: thisMonth(), cases: -1, arrests: 1, seizures: 1 }, 'cases'],
    [{ month: thisMonth(), cases: 1, arrests: 100001, seizures: 1 }, 'arrests'],
    [{ month: thisMonth(), cases: 1, arrests: 1, seizures: 1.5 }, 'seizures'],
    [{ month: thisMonth(), cases: 1, arrests: 1, seizures: '3' }, 'seizures'],
    [{ month: thisMonth(), cases: 1, arrests: 1 }, 'seizures'],
    [{ month: thisMonth(), cases: 1, arrests: 1, seizures: 1, summary: 'x'.repeat(2001) }, 'summary'],
  ];
  for (const [body, field] of reports) assertInvalid(await officer.post(`/api/v1/hotspots/${id}/reports`, body), field, JSON.stringify(body));
  const huge = await officer.req('POST', `/api/v1/hotspots/${id}/reports`, { raw: `{"month":"${thisMonth()}","cases":1,"arrests":1,"seizures":99999999999999999999999}` });
  assert.ok([400, 422].includes(huge.status), huge.text);
  assert.deepEqual(await stored(id), s1, 'no report written');
});

test('editing: fields change within scope, the level only while identified; the audit row is written', async () => {
  const h = await create();
  const r = await officer.put(`/api/v1/hotspots/${h.id}`, { name: `${h.name}（改）`, place: '椒江区测试路99号', kind: 'fraud', listed_level: 'branch' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.kind, 'fraud');
  assert.equal(r.json.listed_level, 'branch');
  assert.equal(r.json.problems, '电动车被盗', 'absent fields keep their values');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE action = 'hotspot.update' AND object_id = '${h.id}'`), '1');
  assertInvalid(await officer.put(`/api/v1/hotspots/${h.id}`, { name: 'x', place: 'y', kind: 'theft', unit_id: 1 }), 'unit_id');
});

test('the demo seed is idempotent: a second run changes no hotspot, event or report', async () => {
  const count = async () => (await srv.rows(`SELECT (SELECT COUNT(*) FROM hotspots), (SELECT COUNT(*) FROM hotspot_events),
    (SELECT COUNT(*) FROM hotspot_reports), (SELECT COUNT(*) FROM hotspot_checks)`))[0].join(',');
  const before = await count();
  const r = await srv.cli(['seed', '--demo'], { timeout: 120000 });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /demo hotspots/);
  assert.equal(await count(), before);
  assert.equal(await srv.value("SELECT SUM(r.seizures) FROM hotspot_reports r JOIN hotspots h ON h.id = r.hotspot_id WHERE h.name = '四号桥'"), '321');
  const campaigns = (await srv.rows("SELECT DISTINCT campaign FROM hotspots WHERE campaign LIKE '2026%' ORDER BY campaign")).map((x) => x[0]);
  assert.equal(campaigns.length, 2, 'two campaigns');
});
