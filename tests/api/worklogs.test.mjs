// Work logs (工作日志): patrols, visits, information collected and mediations
// of community officers. Each kind created and read back; validation with
// nothing half-written; ownership (another officer 404, the station chief
// reads but may not change: 403, another station 404, citizen 403, anonymous
// 401, no CSRF 403); the 7-day edit window (409) and the audit rows of
// edits; the parties' personal data masked except for author and chief; the
// month view's counts and the workload table's sums against what the test
// wrote (as differences, so the demo's own logs do not matter).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN, idNumber } from './harness.mjs';

const PASSWORD = 'Worklog#2026x';
let srv, officer, peer, chief, otherChief, unitAdmin, citizen, sys, noRecord;
let community, officerRec, peerRec, haimen;

async function addStaff(login, role, unitId) {
  const r = await srv.cli(['user', 'add', '--role', role, '--login', login, '--unit', String(unitId)],
    { input: `${PASSWORD}\n` });
  assert.equal(r.code, 0, `user add ${login}: ${r.stderr}`);
  return Number(await srv.value(`SELECT id FROM users WHERE login = '${login}'`));
}

before(async () => {
  srv = await startServer();
  const baiyun = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
  haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  community = Number(await srv.value(
    `SELECT id FROM units WHERE parent_id = ${baiyun} AND kind = 'community_station' ORDER BY id LIMIT 1`));
  // The demo `officer` is linked to the community station's 社区民警 by the
  // residents seed; until that is merged the test links it the same way.
  officerRec = Number(await srv.value("SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id"
    + " WHERE u.login = 'officer'") || 0);
  if (!officerRec) {
    officerRec = Number(await srv.value(`SELECT id FROM officers WHERE unit_id = ${community}`
      + " AND kind = 'police' AND user_id IS NULL ORDER BY rank, id LIMIT 1"));
    await srv.sql(`UPDATE officers SET user_id = (SELECT id FROM users WHERE login = 'officer') WHERE id = ${officerRec}`);
  }
  const peerUser = await addStaff('wl_peer', 'auxiliary', community);
  peerRec = Number(await srv.value(`SELECT id FROM officers WHERE unit_id = ${community}`
    + " AND kind = 'auxiliary' AND user_id IS NULL ORDER BY id LIMIT 1"));
  await srv.sql(`UPDATE officers SET user_id = ${peerUser} WHERE id = ${peerRec}`);
  await addStaff('wl_chief2', 'station_chief', haimen);
  await addStaff('wl_norecord', 'officer', community);
  officer = await srv.signIn('officer');
  peer = await srv.signIn('wl_peer', PASSWORD);
  chief = await srv.signIn('station_chief');
  otherChief = await srv.signIn('wl_chief2', PASSWORD);
  noRecord = await srv.signIn('wl_norecord', PASSWORD);
  unitAdmin = await srv.signIn('unit_admin');
  citizen = await srv.signIn(DEMO_CITIZEN);
  sys = await srv.signIn('sysadmin');
});
after(async () => { await srv?.stop(); });

/* RFC 3339 in +08:00 of Date d. */
function rfc(d) {
  const t = new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 19);
  return `${t}+08:00`;
}
const ago = (minutes) => new Date(Date.now() - minutes * 60e3);
const count = async (table = 'worklogs') => Number(await srv.value(`SELECT COUNT(*) FROM ${table}`));

const patrol = (extra = {}) => ({
  kind: 'patrol', started_at: rfc(ago(90)), ended_at: rfc(ago(30)), route: '东山路—白云山南路', companions: '辅警李强',
  findings: '发现路灯损坏一处，已报修。', ...extra,
});
const mediation = (extra = {}) => ({
  kind: 'mediation', started_at: rfc(ago(20)), dispute_type: 'neighbour', summary: '楼上漏水引发纠纷',
  outcome: 'mediated',
  parties: [{ name: '陈建国', phone: '13912345678', id_number: idNumber() }, { name: '林秀英' }],
  ...extra,
});

test('an officer records each kind of log and reads it back', async () => {
  const p = await officer.post('/api/v1/worklogs', patrol());
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.kind, 'patrol');
  assert.equal(p.json.officer_id, officerRec);
  assert.equal(p.json.duration_minutes, 60);
  assert.equal(p.json.can_edit, true);
  assert.match(p.json.started_at, /\+08:00$/);

  const v = await officer.post('/api/v1/worklogs', {
    kind: 'visit', started_at: rfc(ago(60)), business_name: '白云便利店', business_address: '东山路22号',
    purpose: '消防安全检查', result: '提出整改建议两条',
  });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.business_name, '白云便利店');
  assert.equal(v.json.ended_at, null);

  const i = await officer.post('/api/v1/worklogs', {
    kind: 'info', started_at: rfc(ago(50)), info_kind: 'hazard', content: '废弃厂房有人员出入', source: '巡逻发现',
  });
  assert.equal(i.status, 201, i.text);
  assert.equal(i.json.info_kind, 'hazard');

  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const m = await officer.post('/api/v1/worklogs', mediation({ outcome: 'agreement', agreement_date: today }));
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.parties.length, 2);
  assert.equal(m.json.agreement_date, today);

  const back = await officer.get(`/api/v1/worklogs/${m.json.id}`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.parties[0].phone, '13912345678', 'the author sees the phone in full');
  assert.match(back.json.parties[0].id_number, /^\d{17}[\dX]$/);
  assert.equal(back.json.parties[1].phone, '');
  const stored = await srv.value(`SELECT id_masked FROM worklog_parties WHERE worklog_id = ${m.json.id} AND seq = 1`);
  assert.match(stored, /\*{8}/, 'the ID number is stored encrypted with a mask');
  const audited = await srv.value("SELECT COUNT(*) FROM audit_log WHERE action = 'worklog.read_parties'"
    + ` AND object_id = '${m.json.id}'`);
  assert.ok(Number(audited) >= 1, 'reading the parties in full is in the audit log');

  const mine = await officer.all('/api/v1/worklogs?kind=mediation');
  assert.ok(mine.some((x) => x.id === m.json.id));
  assert.ok(mine.every((x) => x.kind === 'mediation' && x.parties === undefined), 'lists carry no parties');
});

test('bad input is refused with the field named and nothing written', async () => {
  const before = [await count(), await count('worklog_parties')];
  const cases = [
    [patrol({ ended_at: rfc(ago(100)) }), 'ended_at', 'ends before it starts'],
    [patrol({ ended_at: rfc(ago(-60 * 30)), started_at: rfc(ago(60)) }), 'ended_at', 'lasts over 24 hours'],
    [patrol({ route: '路'.repeat(501) }), 'route', 'over-long route'],
    [patrol({ route: '' }), 'route', 'empty route'],
    [patrol({ route: '东山路\u202e路山西' }), 'route', 'a bidirectional override'],
    [patrol({ companions: '甲\n乙' }), 'companions', 'a line break in a one-line field'],
    [patrol({ ended_at: null }), 'ended_at', 'a patrol without an end'],
    [patrol({ started_at: rfc(ago(-3 * 24 * 60)), ended_at: rfc(ago(-3 * 24 * 60 - 30)) }), 'started_at', 'the future'],
    [patrol({ started_at: '1999-12-31T10:00:00+08:00', ended_at: '1999-12-31T11:00:00+08:00' }), 'started_at', 'too old'],
    [patrol({ started_at: '2026-13-01T10:00:00+08:00' }), 'started_at', 'not a time'],
    [patrol({ grid_id: 1e30 }), 'grid_id', 'a huge grid id'],
    [patrol({ grid_id: -1 }), 'grid_id', 'a negative grid id'],
    [patrol({ content: 'x' }), 'content', 'a field of another kind'],
    [{ ...patrol(), kind: 'nap' }, 'kind', 'an unknown kind'],
    [{ kind: 'info', started_at: rfc(ago(5)), info_kind: 'rumour', content: 'x', source: 'y' }, 'info_kind', 'unknown enum'],
    [{ kind: 'visit', started_at: rfc(ago(5)), purpose: '走访' }, 'resident_id', 'a visit to nobody'],
    [{ kind: 'visit', started_at: rfc(ago(5)), purpose: '走访', resident_id: 0 }, 'resident_id', 'a zero id'],
    [mediation({ outcome: 'won' }), 'outcome', 'unknown outcome'],
    [mediation({ outcome: 'agreement' }), 'agreement_date', 'an agreement without a date'],
    [mediation({ agreement_date: '2026-11-30' }), 'agreement_date', 'a date without an agreement'],
    [mediation({ parties: [] }), 'parties', 'no parties'],
    [mediation({ parties: Array.from({ length: 11 }, (_, k) => ({ name: `甲${k}` })) }), 'parties', 'eleven parties'],
    [mediation({ parties: [{ name: '甲', id_number: '330102199001011230' }] }), 'parties[0].id_number', 'bad check digit'],
    [mediation({ parties: [{ name: '甲', phone: '123' }] }), 'parties[0].phone', 'bad phone'],
    [mediation({ parties: [{ name: '甲', age: 3 }] }), 'parties[0].age', 'unknown party field'],
  ];
  for (const [body, field, label] of cases) {
    const r = await officer.post('/api/v1/worklogs', body);
    assertInvalid(r, field, label);
  }
  const bad = await officer.req('POST', '/api/v1/worklogs', {
    raw: Buffer.concat([Buffer.from('{"kind":"patrol","route":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
  });
  assert.equal(bad.status, 400, `bad UTF-8: ${bad.text}`);
  const huge = await officer.req('POST', '/api/v1/worklogs', {
    raw: JSON.stringify(patrol()).replace('"kind"', '"grid_id":99999999999999999999999,"kind"'),
  });
  assertProblem(huge, 400, 'bad-json', 'an id beyond 64 bits');
  assert.deepEqual([await count(), await count('worklog_parties')], before, 'nothing was written');
});

test('who may see and change a log: author, chief read-only, others 404', async () => {
  const m = await officer.post('/api/v1/worklogs', mediation());
  assert.equal(m.status, 201, m.text);
  const path = `/api/v1/worklogs/${m.json.id}`;

  assertProblem(await peer.get(path), 404, 'not-found', 'another officer of the station');
  assertProblem(await peer.put(path, mediation()), 404, 'not-found', 'another officer edits');
  assertProblem(await peer.del(path), 404, 'not-found', 'another officer deletes');
  assertProblem(await otherChief.get(path), 404, 'not-found', 'the chief of another station');

  const c = await chief.get(path);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.can_edit, false);
  assert.equal(c.json.parties[0].phone, '13912345678', 'the station chief sees the parties in full');
  assertProblem(await chief.put(path, mediation()), 403, 'forbidden', 'the chief may not edit');
  assertProblem(await chief.del(path), 403, 'forbidden', 'the chief may not delete');

  const u = await unitAdmin.get(path);
  assert.equal(u.status, 200, u.text);
  assert.match(u.json.parties[0].phone, /^139\*{4}5678$/, 'the unit administrator sees them masked');
  assert.match(u.json.parties[0].id_number, /\*{8}/);

  assertProblem(await citizen.get(path), 403, 'forbidden', 'a citizen');
  assertProblem(await sys.get(path), 403, 'forbidden', 'a whole-bureau role');
  assertProblem(await srv.client().get(path), 401, 'unauthenticated', 'anonymous');
  assertProblem(await srv.client().post('/api/v1/worklogs', patrol()), 401, 'unauthenticated', 'anonymous write');
  assertProblem(await citizen.post('/api/v1/worklogs', patrol()), 403, 'forbidden', 'a citizen writes');
  assertProblem(await srv.client().get('/api/v1/worklogs/month'), 401, 'unauthenticated');

  const n = await count();
  assertProblem(await officer.post('/api/v1/worklogs', patrol(), { csrf: false }), 403, 'csrf', 'no CSRF token');
  assertProblem(await noRecord.post('/api/v1/worklogs', patrol()), 403, 'forbidden', 'no officer record');
  assertProblem(await noRecord.get('/api/v1/worklogs/month'), 403, 'forbidden', 'no officer record: no month');
  assert.equal(await count(), n, 'nothing written');
  assertProblem(await officer.get('/api/v1/worklogs/0'), 404, 'not-found');
  assertProblem(await officer.get('/api/v1/worklogs/abc'), 404, 'not-found');
  assertProblem(await officer.get('/api/v1/worklogs/99999999'), 404, 'not-found');
});

test('the author edits within 7 days, every edit audited; later 409', async () => {
  const p = await officer.post('/api/v1/worklogs', patrol());
  const path = `/api/v1/worklogs/${p.json.id}`;
  const e = await officer.put(path, patrol({ findings: '补记：另发现两辆无牌电动车。' }));
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.findings, '补记：另发现两辆无牌电动车。');
  assert.equal((await officer.get(path)).json.findings, '补记：另发现两辆无牌电动车。');
  const audits = await srv.rows(`SELECT action FROM audit_log WHERE object_type = 'worklog' AND object_id = '${p.json.id}'`
    + ' ORDER BY id');
  assert.deepEqual(audits.map((r) => r[0]), ['worklog.create', 'worklog.update']);

  assertInvalid(await officer.put(path, { ...mediation() }), 'kind', 'a patrol cannot become a mediation');
  await srv.sql(`UPDATE worklogs SET created_at = created_at - 8 * 86400 WHERE id = ${p.json.id}`);
  assertProblem(await officer.put(path, patrol({ findings: '太晚了' })), 409, 'conflict', 'older than 7 days');
  assertProblem(await officer.del(path), 409, 'conflict', 'older than 7 days: no delete');
  assert.equal((await officer.get(path)).json.can_edit, false);
  assert.equal((await officer.get(path)).json.findings, '补记：另发现两辆无牌电动车。', 'unchanged');

  const d = await officer.post('/api/v1/worklogs', mediation());
  assert.equal((await officer.del(`/api/v1/worklogs/${d.json.id}`)).status, 204);
  assertProblem(await officer.get(`/api/v1/worklogs/${d.json.id}`), 404, 'not-found');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM worklog_parties WHERE worklog_id = ${d.json.id}`), '0');
});

test('a visit names only a resident or house in a grid the author works', async (t) => {
  const n = await count();
  assertProblem(await officer.post('/api/v1/worklogs', {
    kind: 'visit', started_at: rfc(ago(5)), purpose: '走访', resident_id: 987654321,
  }), 404, 'not-found', 'a resident that does not exist');
  assertProblem(await officer.post('/api/v1/worklogs', {
    kind: 'visit', started_at: rfc(ago(5)), purpose: '走访', house_id: 987654321,
  }), 404, 'not-found', 'a house that does not exist');
  assertProblem(await officer.post('/api/v1/worklogs', patrol({ grid_id: 987654321 })), 404, 'not-found', 'no such grid');
  assert.equal(await count(), n);

  const works = `(g.officer_id = ${officerRec} OR EXISTS (SELECT 1 FROM grid_members m`
    + ` WHERE m.grid_id = g.id AND m.officer_id = ${officerRec}))`;
  const resident = await srv.value(`SELECT r.id FROM residents r JOIN grids g ON g.id = r.grid_id WHERE ${works}`
    + ' ORDER BY r.id LIMIT 1');
  const foreign = await srv.value(`SELECT r.id FROM residents r JOIN grids g ON g.id = r.grid_id WHERE NOT ${works}`
    + ' ORDER BY r.id LIMIT 1');
  if (!resident) {
    t.skip('SKIPPED: no demo resident in a grid of the demo officer yet (merge main with the residents demo)');
    return;
  }
  const v = await officer.post('/api/v1/worklogs', {
    kind: 'visit', started_at: rfc(ago(5)), purpose: '入户走访', resident_id: Number(resident),
  });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.resident_id, Number(resident));
  assert.ok(v.json.grid_id, 'the visit takes the resident\'s grid');
  assert.ok(v.json.target, 'the resident\'s name is shown');
  if (foreign) {
    assertProblem(await peer.post('/api/v1/worklogs', {
      kind: 'visit', started_at: rfc(ago(5)), purpose: '入户走访', resident_id: Number(foreign),
    }), 404, 'not-found', 'a resident of a grid the auxiliary does not work');
  }
});

test('the month view counts per day and kind what was written', async () => {
  const month = rfc(ago(90)).slice(0, 7);
  const m0 = await officer.get(`/api/v1/worklogs/month?month=${month}`);
  assert.equal(m0.status, 200, m0.text);
  assert.equal(m0.json.officer_id, officerRec);
  const made = [
    await officer.post('/api/v1/worklogs', patrol()),
    await officer.post('/api/v1/worklogs', patrol({ started_at: rfc(ago(200)), ended_at: rfc(ago(110)) })),
    await officer.post('/api/v1/worklogs', { kind: 'info', started_at: rfc(ago(90)), info_kind: 'clue', content: '线索', source: '群众' }),
  ];
  for (const r of made) assert.equal(r.status, 201, r.text);
  const m1 = await officer.get(`/api/v1/worklogs/month?month=${month}`);
  assert.equal(m1.status, 200, m1.text);
  const days = Number(month.slice(5)) === 2 ? [28, 29] : [30, 31];
  assert.ok(days.includes(m1.json.days.length), `${m1.json.days.length} days in ${month}`);
  const day = (j, d) => j.days.find((x) => x.day === d);
  for (const r of made) assert.ok(m1.json.items.some((x) => x.id === r.json.id), 'the item is listed');
  const byDay = {};
  for (const r of made) byDay[r.json.day] = byDay[r.json.day] || { patrol: 0, info: 0 }, byDay[r.json.day][r.json.kind]++;
  for (const [d, c] of Object.entries(byDay)) {
    if (!d.startsWith(month)) continue;
    assert.equal(day(m1.json, d).patrol - day(m0.json, d).patrol, c.patrol, `patrols on ${d}`);
    assert.equal(day(m1.json, d).info - day(m0.json, d).info, c.info, `information on ${d}`);
  }
  assert.equal(m1.json.totals.patrol - m0.json.totals.patrol, made.filter((r) => r.json.kind === 'patrol' && r.json.day.startsWith(month)).length);
  const sum = m1.json.days.reduce((s, x) => s + x.patrol + x.visit + x.info + x.mediation, 0);
  const tot = m1.json.totals;
  assert.equal(sum, tot.patrol + tot.visit + tot.info + tot.mediation, 'the days add up to the totals');

  const c = await chief.get(`/api/v1/worklogs/month?month=${month}&officer_id=${officerRec}`);
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.json.totals, m1.json.totals, 'the chief sees the same month');
  assert.ok(c.json.items.every((x) => x.can_edit === false));
  assertProblem(await peer.get(`/api/v1/worklogs/month?month=${month}&officer_id=${officerRec}`), 404, 'not-found');
  assertProblem(await otherChief.get(`/api/v1/worklogs/month?month=${month}&officer_id=${officerRec}`), 404, 'not-found');
  assertInvalid(await officer.get('/api/v1/worklogs/month?month=2026-13'), 'month');
  assertInvalid(await officer.get('/api/v1/worklogs/month?month=abc'), 'month');
  assertInvalid(await officer.get('/api/v1/worklogs/month?officer_id=-5'), 'officer_id');
});

test('the workload table sums each officer\'s month within the chief\'s scope', async () => {
  const month = rfc(ago(30)).slice(0, 7);
  const w0 = await chief.get(`/api/v1/worklogs/workload?month=${month}`);
  assert.equal(w0.status, 200, w0.text);
  const row = (j, id) => j.items.find((x) => x.officer_id === id);
  assert.ok(row(w0.json, officerRec), 'the community officer is in 白云\'s table');
  const made = [
    await officer.post('/api/v1/worklogs', patrol({ started_at: rfc(ago(45)), ended_at: rfc(ago(15)) })),
    await officer.post('/api/v1/worklogs', mediation({ started_at: rfc(ago(10)), outcome: 'failed' })),
    await officer.post('/api/v1/worklogs', mediation({ started_at: rfc(ago(10)), outcome: 'mediated' })),
    await peer.post('/api/v1/worklogs', { kind: 'visit', started_at: rfc(ago(10)), business_name: '鑫达五金店', purpose: '防诈宣传' }),
  ];
  for (const r of made) assert.equal(r.status, 201, r.text);
  const w1 = await chief.get(`/api/v1/worklogs/workload?month=${month}`);
  const a0 = row(w0.json, officerRec), a1 = row(w1.json, officerRec);
  const inMonth = made.every((r) => r.json.day.startsWith(month));
  if (inMonth) {
    assert.equal(a1.patrols - a0.patrols, 1);
    assert.equal(a1.patrol_minutes - a0.patrol_minutes, 30);
    assert.equal(a1.mediations - a0.mediations, 2);
    assert.equal(a1.mediations_succeeded - a0.mediations_succeeded, 1);
    assert.equal(row(w1.json, peerRec).visits - row(w0.json, peerRec).visits, 1);
    assert.equal(w1.json.totals.patrols - w0.json.totals.patrols, 1);
    assert.equal(w1.json.totals.visits - w0.json.totals.visits, 1);
  }
  for (const k of ['patrols', 'patrol_minutes', 'visits', 'infos', 'mediations', 'mediations_succeeded']) {
    assert.equal(w1.json.items.reduce((s, x) => s + x[k], 0), w1.json.totals[k], `totals.${k} is the sum of the rows`);
  }
  const o = await otherChief.get(`/api/v1/worklogs/workload?month=${month}`);
  assert.equal(o.status, 200, o.text);
  assert.ok(!row(o.json, officerRec), 'another station\'s table has not 白云\'s officers');
  assertProblem(await otherChief.get(`/api/v1/worklogs/workload?month=${month}&unit_id=${community}`), 404, 'not-found');
  const u = await unitAdmin.get(`/api/v1/worklogs/workload?month=${month}&unit_id=${community}`);
  assert.equal(u.status, 200, u.text);
  assert.ok(row(u.json, officerRec));
  assertProblem(await officer.get(`/api/v1/worklogs/workload?month=${month}`), 403, 'forbidden', 'an officer');
  assertProblem(await citizen.get(`/api/v1/worklogs/workload?month=${month}`), 403, 'forbidden');
});

test('the list pages with a cursor and filters by day and kind', async () => {
  const all = await officer.all('/api/v1/worklogs', { limit: 2 });
  assert.ok(all.length >= 5);
  assert.ok(all.every((x) => x.officer_id === officerRec), 'an officer lists only their own');
  const ids = all.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const chiefs = await chief.all('/api/v1/worklogs?kind=patrol');
  assert.ok(chiefs.some((x) => x.officer_id === officerRec) && chiefs.every((x) => x.kind === 'patrol'));
  assert.equal((await otherChief.all('/api/v1/worklogs')).filter((x) => x.officer_id === officerRec).length, 0);
  assertInvalid(await officer.get('/api/v1/worklogs?kind=nap'), 'kind');
  assertInvalid(await officer.get('/api/v1/worklogs?from=2026-02-30'), 'from');
});

test('messages come in Chinese', async () => {
  const r = await noRecord.post('/api/v1/worklogs', patrol(), { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(r.status, 403);
  assert.match(r.json.detail, /警员/, r.text);
  const v = await officer.post('/api/v1/worklogs', patrol({ ended_at: rfc(ago(100)) }), { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(JSON.stringify(v.json.errors), /开始时间/, v.text);
});

// Last: it moves the demo officer's community station to another station.
test('a log follows its unit when the unit moves to another station', async () => {
  const p = await officer.post('/api/v1/worklogs', patrol());
  assert.equal(p.status, 201, p.text);
  const path = `/api/v1/worklogs/${p.json.id}`;
  assert.equal((await chief.get(path)).status, 200);
  assertProblem(await otherChief.get(path), 404, 'not-found');
  const unit = (await sys.get(`/api/v1/units/${community}`)).json;
  const moved = await sys.put(`/api/v1/units/${community}`, { parent_id: haimen, kind: unit.kind, name: unit.name });
  assert.equal(moved.status, 200, moved.text);
  const newPath = await srv.value(`SELECT path FROM units WHERE id = ${community}`);
  assert.equal(await srv.value(`SELECT unit_path FROM worklogs WHERE id = ${p.json.id}`), newPath, 'the copy moved');
  assert.equal((await otherChief.get(path)).status, 200, 'the new station\'s chief reads it');
  assertProblem(await chief.get(path), 404, 'not-found', 'the old station\'s chief no longer does');
  assert.equal((await officer.get(path)).status, 200, 'the author still does');
});
