// Consultations (在线咨询): a citizen asks an officer or a unit; the officer
// answers; read receipts; the unit's inbox, assignment within the scope,
// closing with a summary and the citizen's rating. The attacker's side:
// another citizen's thread 404, staff of another station 404, missing CSRF
// 403, anonymous 401, other people's upload ids 422, bad/over-long/empty
// text, the rate limits (429), and nothing half-written on a refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';
import { upload, jpeg, pdf } from './service_hall.mjs';
import { linkOfficer } from './consult_helpers.mjs';

const PASSWORD = 'Consult#2026x';
let srv, citizen, other, officer, chief, otherChief, sys;
let baiyun, officerRec, officerUser;

async function addStaff(login, role, unitId) {
  const r = await srv.cli(['user', 'add', '--role', role, '--login', login, '--unit', String(unitId)],
    { input: `${PASSWORD}\n` });
  assert.equal(r.code, 0, `user add ${login}: ${r.stderr}`);
  return Number(await srv.value(`SELECT id FROM users WHERE login = '${login}'`));
}

before(async () => {
  srv = await startServer();
  ({ baiyunId: baiyun, rec: officerRec } = await linkOfficer(srv));
  officerUser = Number(await srv.value("SELECT id FROM users WHERE login = 'officer'"));
  const haimen = Number(await srv.value("SELECT id FROM units WHERE name = '海门派出所'"));
  await addStaff('cs_chief2', 'station_chief', haimen);
  citizen = await srv.signIn(DEMO_CITIZEN);
  const o = await registerCitizen(srv);
  other = await srv.signIn(o.phone, o.password);
  officer = await srv.signIn('officer');
  chief = await srv.signIn('station_chief');
  otherChief = await srv.signIn('cs_chief2', PASSWORD);
  sys = await srv.signIn('sysadmin');
});
after(async () => { await srv?.stop(); });

const count = async (table, where = '1=1') => Number(await srv.value(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

test('a citizen asks the officer; the officer answers; read receipts; close; rating', async () => {
  const img = await upload(citizen, jpeg(), { filename: 'scene.jpg' });
  assert.equal(img.status, 201, img.text);
  const r = await citizen.post('/api/v1/consultations', {
    officer_id: officerRec, subject: '居住证办理咨询', body: '请问居住证需要哪些材料？\n谢谢', upload_ids: [img.json.id] });
  assert.equal(r.status, 201, r.text);
  const t = r.json;
  assert.equal(t.status, 'waiting');
  assert.equal(t.officer_id, officerRec);
  assert.equal(t.assignee_id, officerUser);
  assert.equal(t.overdue, false);
  assert.match(t.due_at, /^\d{4}-\d\d-\d\dT00:00:00\+08:00$/);
  assert.equal(t.messages.length, 1);
  assert.deepEqual(t.messages[0].upload_ids, [img.json.id]);
  // The image: to the citizen and to the officer working it; to nobody else.
  const pic = await citizen.get(`/api/v1/consultations/${t.id}/images/${img.json.id}`);
  assert.equal(pic.status, 200);
  assert.equal(pic.headers.get('content-type'), 'image/jpeg');
  assert.equal((await officer.get(`/api/v1/consultations/${t.id}/images/${img.json.id}`)).status, 200);
  assertProblem(await other.get(`/api/v1/consultations/${t.id}/images/${img.json.id}`), 404, 'not-found');
  assertProblem(await otherChief.get(`/api/v1/consultations/${t.id}/images/${img.json.id}`), 404, 'not-found');
  const loose = await upload(citizen, jpeg());
  assertProblem(await citizen.get(`/api/v1/consultations/${t.id}/images/${loose.json.id}`), 404, 'not-found');
  assert.equal(t.messages[0].read, false);

  // The citizen's list shows it; another citizen's does not, and their reads are 404.
  assert.ok((await citizen.all('/api/v1/consultations')).some((x) => x.id === t.id));
  assert.ok(!(await other.all('/api/v1/consultations')).some((x) => x.id === t.id));
  assertProblem(await other.get(`/api/v1/consultations/${t.id}`), 404, 'not-found');
  assertProblem(await other.post(`/api/v1/consultations/${t.id}/messages`, { body: 'hi' }), 404, 'not-found');
  assertProblem(await otherChief.get(`/api/v1/consultations/${t.id}`), 404, 'not-found');
  assertProblem(await otherChief.post(`/api/v1/consultations/${t.id}/messages`, { body: 'hi' }), 404, 'not-found');
  assertProblem(await sys.get(`/api/v1/consultations/${t.id}`), 403, 'forbidden');
  assertProblem(await srv.client().get(`/api/v1/consultations/${t.id}`), 401, 'unauthenticated');

  // The officer sees it in their inbox ("mine"), reads it (audited), answers.
  const mine = await officer.all('/api/v1/consultations/inbox?box=mine');
  assert.ok(mine.some((x) => x.id === t.id && x.citizen_name));
  const audits = await count('audit_log', `action = 'consultation.view' AND object_id = '${t.id}'`);
  const seen = await officer.get(`/api/v1/consultations/${t.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(await count('audit_log', `action = 'consultation.view' AND object_id = '${t.id}'`), audits + 1);
  assert.equal((await citizen.get(`/api/v1/consultations/${t.id}`)).status, 200);
  assert.equal(await count('audit_log', `action = 'consultation.view' AND object_id = '${t.id}'`), audits + 1, 'citizen reads are not audited');
  assert.equal((await officer.post(`/api/v1/consultations/${t.id}/read`, {})).status, 204);
  const c1 = await citizen.get(`/api/v1/consultations/${t.id}`);
  assert.equal(c1.json.messages[0].read, true, 'the read receipt shows on the citizen side');

  const ans = await officer.post(`/api/v1/consultations/${t.id}/messages`, { body: '身份证、居住证明和照片。' });
  assert.equal(ans.status, 201, ans.text);
  assert.equal(ans.json.side, 'staff');
  assert.equal(ans.json.consultation_id, t.id);
  const c2 = await citizen.get(`/api/v1/consultations/${t.id}`);
  assert.equal(c2.json.status, 'answered');
  assert.equal(c2.json.due_at, null);
  assert.equal(c2.json.unread, true);
  assert.equal(c2.json.messages[1].read, false);
  assert.equal((await citizen.post(`/api/v1/consultations/${t.id}/read`, {})).status, 204);
  assert.equal((await officer.get(`/api/v1/consultations/${t.id}`)).json.messages[1].read, true);

  // A follow-up question sets a new deadline; the officer's answer clears it.
  const again = await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: '照片有尺寸要求吗？' });
  assert.equal(again.status, 201, again.text);
  assert.equal((await citizen.get(`/api/v1/consultations/${t.id}`)).json.status, 'waiting');
  await officer.post(`/api/v1/consultations/${t.id}/messages`, { body: '一寸白底。' });

  // Rating before an answer is refused on a fresh thread; here: rate, then not twice.
  assertInvalid(await citizen.post(`/api/v1/consultations/${t.id}/rating`, { grade: 6 }), 'grade');
  const rated = await citizen.post(`/api/v1/consultations/${t.id}/rating`, { grade: 5, comment: '很及时' });
  assert.equal(rated.status, 200, rated.text);
  assert.equal(rated.json.rating.grade, 5);
  assert.equal(rated.json.rating.grade_name, '非常满意');
  assertProblem(await citizen.post(`/api/v1/consultations/${t.id}/rating`, { grade: 1 }), 409, 'conflict');

  // Closing: staff only, with a summary; then no more messages.
  assertProblem(await citizen.post(`/api/v1/consultations/${t.id}/close`, { summary: 'x' }), 403, 'forbidden');
  assertInvalid(await officer.post(`/api/v1/consultations/${t.id}/close`, { summary: '   ' }), 'summary');
  const closed = await officer.post(`/api/v1/consultations/${t.id}/close`, { summary: '已告知所需材料。' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  assert.equal(closed.json.summary, '已告知所需材料。');
  assertProblem(await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: '还有一个问题' }), 409, 'conflict');
  assertProblem(await officer.post(`/api/v1/consultations/${t.id}/close`, { summary: 'again' }), 409, 'conflict');
  assert.ok(await count('audit_log', `action = 'consultation.close' AND object_id = '${t.id}'`) === 1);
  assert.ok(await count('audit_log', `action = 'consultation.reply' AND object_id = '${t.id}'`) === 2);
});

test('the unit inbox: unassigned, assignment within the scope, overdue marks', async () => {
  const r = await citizen.post('/api/v1/consultations', { unit_id: baiyun, subject: '户口迁移', body: '需要本人到场吗？' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.assignee_id, null);
  assert.ok((await chief.all('/api/v1/consultations/inbox?box=unassigned')).some((x) => x.id === id));
  assert.ok(!(await otherChief.all('/api/v1/consultations/inbox')).some((x) => x.id === id), 'another station does not see it');
  // The demo officer works a community station under 白云: the station's thread is not theirs until assigned.
  assertProblem(await officer.get(`/api/v1/consultations/${id}`), 404, 'not-found');
  // An officer may only take a thread themselves; a chief assigns within the scope.
  const outsider = Number(await srv.value("SELECT id FROM users WHERE login = 'cs_chief2'"));
  assertInvalid(await chief.post(`/api/v1/consultations/${id}/assign`, { user_id: outsider }), 'user_id');
  assertInvalid(await chief.post(`/api/v1/consultations/${id}/assign`, { user_id: Number(await srv.value("SELECT id FROM users WHERE login = '13800138000' OR phone = '13800138000' LIMIT 1") || 1) }), 'user_id');
  assertProblem(await otherChief.post(`/api/v1/consultations/${id}/assign`, { user_id: officerUser }), 404, 'not-found');
  assertProblem(await chief.post(`/api/v1/consultations/${id}/assign`, { user_id: officerUser }, { csrf: false }), 403, 'csrf');
  const a = await chief.post(`/api/v1/consultations/${id}/assign`, { user_id: officerUser });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.assignee_id, officerUser);
  assert.equal((await officer.get(`/api/v1/consultations/${id}`)).status, 200);
  assert.ok((await officer.all('/api/v1/consultations/inbox?box=mine')).some((x) => x.id === id));
  assert.ok(!(await chief.all('/api/v1/consultations/inbox?box=unassigned')).some((x) => x.id === id));
  // Overdue: a deadline in the past shows the mark and the overdue box.
  await srv.sql(`UPDATE consultations SET due_at = 1000 WHERE id = ${id}`);
  const over = await chief.all('/api/v1/consultations/inbox?box=overdue');
  assert.ok(over.some((x) => x.id === id && x.overdue === true));
  assertInvalid(await chief.get('/api/v1/consultations/inbox?box=nope'), 'box');
  assertProblem(await citizen.get('/api/v1/consultations/inbox'), 403, 'forbidden');
});

test('bad input: nothing half-written', async () => {
  const before = [await count('consultations'), await count('consultation_messages'), await count('events')];
  const cases = [
    [{ subject: 's', body: 'b' }, 'officer_id'],
    [{ officer_id: officerRec, unit_id: baiyun, subject: 's', body: 'b' }, 'officer_id'],
    [{ officer_id: 999999999, subject: 's', body: 'b' }, 'officer_id'],
    [{ unit_id: 999999999, subject: 's', body: 'b' }, 'unit_id'],
    [{ officer_id: officerRec, subject: '', body: 'b' }, 'subject'],
    [{ officer_id: officerRec, subject: 's', body: '' }, 'body'],
    [{ officer_id: officerRec, subject: 's', body: ' \n ' }, 'body'],
    [{ officer_id: officerRec, subject: 'x'.repeat(101), body: 'b' }, 'subject'],
    [{ officer_id: officerRec, subject: 's', body: '字'.repeat(2001) }, 'body'],
    [{ officer_id: officerRec, subject: 's\u202e', body: 'b' }, 'subject'],
    [{ officer_id: -5, subject: 's', body: 'b' }, 'officer_id'],
    [{ officer_id: officerRec, subject: 's', body: 'b', extra: 1 }, 'extra'],
    [{ officer_id: officerRec, subject: 's', body: 'b', upload_ids: 'x' }, 'upload_ids'],
    [{ officer_id: officerRec, subject: 's', body: 'b', upload_ids: [1, 2, 3, 4, 5] }, 'upload_ids'],
  ];
  for (const [body, field] of cases) assertInvalid(await citizen.post('/api/v1/consultations', body), field, JSON.stringify(body).slice(0, 80));
  // An officer who takes no consultations.
  const closedRec = Number(await srv.value('SELECT id FROM officers WHERE accepts_appointments = 0 ORDER BY id LIMIT 1'));
  assertInvalid(await citizen.post('/api/v1/consultations', { officer_id: closedRec, subject: 's', body: 'b' }), 'officer_id');
  const zh = await citizen.post('/api/v1/consultations', { officer_id: closedRec, subject: 's', body: 'b' }, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh.json.errors[0].message, /不接受在线咨询/, 'the message comes out in Chinese');
  // Somebody else's upload (and a PDF of one's own) may not be attached.
  const theirs = await upload(other, jpeg());
  const mine = await upload(citizen, pdf(), { filename: 'a.pdf' });
  assertInvalid(await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b', upload_ids: [theirs.json.id] }), 'upload_ids');
  assertInvalid(await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b', upload_ids: [mine.json.id] }), 'upload_ids');
  assertInvalid(await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b', upload_ids: [987654321] }), 'upload_ids');
  // Bad UTF-8 and broken JSON are refused by the parser (400); no CSRF 403; anonymous 401.
  assertProblem(await citizen.req('POST', '/api/v1/consultations', { raw: Buffer.concat([Buffer.from(`{"officer_id":${officerRec},"subject":"`), Buffer.from([0xc3, 0x28]), Buffer.from('","body":"b"}')]) }), 400, 'bad-json');
  assertProblem(await citizen.req('POST', '/api/v1/consultations', { raw: '{"subject":' }), 400, 'bad-json');
  assertProblem(await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b' }, { csrf: false }), 403, 'csrf');
  assertProblem(await srv.client().post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b' }), 401, 'unauthenticated');
  assertProblem(await officer.post('/api/v1/consultations', { officer_id: officerRec, subject: 's', body: 'b' }), 403, 'forbidden');
  assert.deepEqual([await count('consultations'), await count('consultation_messages'), await count('events')], before);

  // Messages: the same checks on a real thread.
  const t = (await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject: '消息校验', body: 'b' })).json;
  const msgs = await count('consultation_messages', `consultation_id = ${t.id}`);
  assertInvalid(await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: '' }), 'body');
  assertInvalid(await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: 'x'.repeat(2001) }), 'body');
  assertInvalid(await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: 'ok', upload_ids: [theirs.json.id] }), 'upload_ids');
  assertInvalid(await officer.post(`/api/v1/consultations/${t.id}/messages`, { body: 'ok', upload_ids: [theirs.json.id] }), 'upload_ids');
  assertProblem(await citizen.post(`/api/v1/consultations/${t.id}/messages`, { body: 'ok' }, { csrf: false }), 403, 'csrf');
  assertProblem(await citizen.post('/api/v1/consultations/0/messages', { body: 'ok' }), 404, 'not-found');
  assertProblem(await citizen.post('/api/v1/consultations/abc/messages', { body: 'ok' }), 404, 'not-found');
  assert.equal(await count('consultation_messages', `consultation_id = ${t.id}`), msgs);
  assert.equal(await count('consultation_attachments', `upload_id = ${theirs.json.id}`), 0);
});

test('rate limits: messages per minute, threads per day (429 with Retry-After)', async () => {
  const c = await registerCitizen(srv);
  const cl = await srv.signIn(c.phone, c.password);
  const t = (await cl.post('/api/v1/consultations', { officer_id: officerRec, subject: '限流', body: '1' })).json;
  // The messages are counted per clock minute: start early in one, so the
  // run does not straddle two (it failed when it crossed hh:mm:00).
  const into = new Date().getSeconds();
  if (into > 40) await new Promise((resolve) => setTimeout(resolve, (61 - into) * 1000));
  let last;
  for (let i = 0; i < 25; i++) {
    last = await cl.post(`/api/v1/consultations/${t.id}/messages`, { body: `m${i}` });
    if (last.status === 429) break;
    assert.equal(last.status, 201, last.text);
  }
  assertProblem(last, 429, 'rate-limited');
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  let made = 1;
  for (let i = 0; i < 12; i++) {
    last = await cl.post('/api/v1/consultations', { unit_id: baiyun, subject: `第${i}个`, body: 'b' });
    if (last.status === 429) break;
    assert.equal(last.status, 201, last.text);
    made++;
  }
  assertProblem(last, 429, 'rate-limited');
  assert.equal(made, 10);
  assert.equal(await count('consultations', `citizen_id = ${c.id}`), 10);
});

test('lists page with limit and cursor', async () => {
  const p1 = await citizen.get('/api/v1/consultations?limit=1');
  assert.equal(p1.status, 200);
  assert.equal(p1.json.items.length, 1);
  assert.ok(p1.json.next_cursor);
  const p2 = await citizen.get(`/api/v1/consultations?limit=1&cursor=${p1.json.next_cursor}`);
  assert.ok(p2.json.items[0].id < p1.json.items[0].id);
  assertInvalid(await citizen.get('/api/v1/consultations?limit=1000'), 'limit');
});
