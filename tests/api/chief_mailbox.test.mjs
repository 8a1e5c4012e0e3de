// The chief's mailbox (局长信箱) and the public Q&A: a citizen writes to the
// chief (by the mailbox or by the chief's officer record); the office at the
// bureau works it; staff start an anonymised public copy (phone, ID numbers
// and the citizen's name masked by the server), a second person checks and
// publishes it; the public lists, searches and reads published entries only.
// The attacker's side: another citizen and staff of a station 404, a
// citizen 403, anonymous 401, missing CSRF 403, the editor cannot publish
// (403, and the database refuses it too), unpublished copies 404 to the
// public, bad input 422/400 with nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN, idNumber } from './harness.mjs';

let srv, citizen, other, office, lead, stationChief, officer, anon;
let chiefOfficer;

before(async () => {
  srv = await startServer();
  citizen = await srv.signIn(DEMO_CITIZEN);
  const o = await registerCitizen(srv);
  other = await srv.signIn(o.phone, o.password);
  office = await srv.signIn('mailbox_office');
  lead = await srv.signIn('mailbox_lead');
  stationChief = await srv.signIn('station_chief');
  officer = await srv.signIn('officer');
  anon = srv.client();
  chiefOfficer = Number(await srv.value("SELECT officer_id FROM mailboxes WHERE id = 'chief'"));
});
after(async () => { await srv?.stop(); });

const count = async (table, where = '1=1') => Number(await srv.value(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

test('the mailbox is public: the chief, the office; the demo letter is public Q&A with personal data masked', async () => {
  const m = await anon.get('/api/v1/mailboxes/chief');
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.id, 'chief');
  assert.equal(m.json.officer_id, chiefOfficer);
  assert.equal(m.json.officer_title, '局长');
  assert.equal(m.json.office, '局长信箱办公室');
  assert.equal(m.json.unit_name, '台州市公安局');
  assert.ok(m.json.published >= 1);
  // The chief is in the officer directory.
  const d = await anon.get(`/api/v1/officers/${chiefOfficer}`);
  assert.equal(d.status, 200, d.text);
  const list = await anon.get('/api/v1/qa');
  assert.equal(list.status, 200);
  const demo = list.json.items.find((x) => x.mailbox === 'chief');
  assert.ok(demo, list.text);
  assert.doesNotMatch(demo.question + demo.answer, /13800138000|王小明/);
  assert.match(demo.question, /王某/);
  // The answer names the site's menu as the site does (我的办件), not a menu that does not exist.
  assert.match(demo.answer, /“我的办件”/);
  assert.doesNotMatch(demo.answer, /我的办事/);
  assert.equal(demo.status, undefined, 'the public sees no workflow fields');
  assert.equal(demo.editor_id, undefined);
  // The seed is idempotent: a second run adds nothing.
  const before2 = [await count('mailboxes'), await count('consultation_qa'), await count('officers'), await count('users')];
  const r = await srv.cli(['seed', '--demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([await count('mailboxes'), await count('consultation_qa'), await count('officers'), await count('users')], before2);
});

test('a letter to the chief: the office works it, a second person publishes the anonymised copy, the public finds it', async () => {
  const idn = idNumber();
  const r = await citizen.post('/api/v1/consultations', {
    mailbox: 'chief', subject: '王小明反映路灯损坏问题',
    body: `局长您好，我是王小明，电话13912345678，身份证${idn}，邮箱wxm@example.com。白云街道夜里路灯坏了两周，晚上很不安全。` });
  assert.equal(r.status, 201, r.text);
  const t = r.json;
  assert.equal(t.mailbox, 'chief');
  assert.equal(t.officer_id, chiefOfficer);
  assert.equal(t.unit_name, '台州市公安局');
  assert.equal(t.assignee_id, null);
  assert.equal(t.status, 'waiting');
  // The office (its officer and its lead) is told live; the station chief of 白云 is not.
  for (const login of ['mailbox_office', 'mailbox_lead']) {
    assert.equal(await count('events', `kind = 'thread' AND data LIKE '{"consultation_id":${t.id},%'`
      + ` AND user_id = (SELECT id FROM users WHERE login = '${login}')`), 1, login);
  }
  assert.equal(await count('events', `data LIKE '{"consultation_id":${t.id},%' AND user_id = (SELECT id FROM users WHERE login = 'station_chief')`), 0);
  // The office's mailbox box lists it; the station chief of 白云 and other citizens cannot see it.
  const box = await office.get('/api/v1/consultations/inbox?box=mailbox');
  assert.equal(box.status, 200, box.text);
  assert.ok(box.json.items.some((x) => x.id === t.id));
  assert.ok(box.json.items.every((x) => x.mailbox === 'chief'));
  assertProblem(await stationChief.get(`/api/v1/consultations/${t.id}`), 404, 'not-found');
  assertProblem(await other.get(`/api/v1/consultations/${t.id}`), 404, 'not-found');
  assertProblem(await officer.post(`/api/v1/consultations/${t.id}/qa`, {}), 404, 'not-found');
  // A public copy needs an answer.
  assertProblem(await office.post(`/api/v1/consultations/${t.id}/qa`, {}), 409, 'conflict');
  const ans = await office.post(`/api/v1/consultations/${t.id}/messages`, { body: '王小明您好，已通知路灯管理部门维修，我局将加强该路段夜间巡逻。' });
  assert.equal(ans.status, 201, ans.text);
  // The draft: pre-filled and masked by the server.
  const d = await office.post(`/api/v1/consultations/${t.id}/qa`, {});
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.status, 'draft');
  assert.ok(d.json.masked >= 5, d.text);
  const text = d.json.title + d.json.question + d.json.answer;
  assert.doesNotMatch(text, /王小明|13912345678|wxm@/);
  assert.ok(!text.includes(idn));
  assert.match(d.json.question, /王某/);
  assert.equal(d.json.may_publish, false);
  assertProblem(await office.post(`/api/v1/consultations/${t.id}/qa`, {}), 409, 'conflict');
  // Unpublished: 404 to the public and not in the search.
  assertProblem(await anon.get(`/api/v1/qa/${d.json.id}`), 404, 'not-found');
  assert.ok(!(await anon.get('/api/v1/qa?q=路灯')).json.items.some((x) => x.id === d.json.id));
  // The editor cannot publish their own (in Chinese too).
  const own = await office.post(`/api/v1/consultations/${t.id}/qa/publish`, {}, { headers: { 'Accept-Language': 'zh-CN' } });
  assertProblem(own, 403, 'forbidden');
  assert.match(own.json.detail, /另一人审核/);
  // An edit cannot put personal data back: it is masked as the draft was.
  const leak = await office.put(`/api/v1/consultations/${t.id}/qa`, {
    title: '路灯', question: `${d.json.question} 电话13912345678 身份证331002199003071826`, answer: d.json.answer });
  assert.equal(leak.status, 200, leak.text);
  const stored = (await lead.get(`/api/v1/consultations/${t.id}/qa`)).json;
  assert.ok(!stored.question.includes('13912345678') && !stored.question.includes('331002199003071826'), stored.question);
  // The office edits; the lead checks and publishes.
  const e = await office.put(`/api/v1/consultations/${t.id}/qa`, {
    title: '关于白云街道路灯损坏的答复', question: d.json.question, answer: d.json.answer });
  assert.equal(e.status, 200, e.text);
  const view = await lead.get(`/api/v1/consultations/${t.id}/qa`);
  assert.equal(view.json.may_publish, true);
  const p = await lead.post(`/api/v1/consultations/${t.id}/qa/publish`, {});
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.status, 'published');
  assert.equal(p.json.publisher_name, '局长信箱办公室主任');
  assertProblem(await lead.post(`/api/v1/consultations/${t.id}/qa/publish`, {}), 409, 'conflict');
  assertProblem(await office.put(`/api/v1/consultations/${t.id}/qa`, { title: 'x', question: 'y', answer: 'z' }), 409, 'conflict');
  // The public reads and searches it.
  const pub = await anon.get(`/api/v1/qa/${d.json.id}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.title, '关于白云街道路灯损坏的答复');
  assert.equal(pub.json.publisher_id, undefined);
  const found = await anon.get(`/api/v1/qa?q=${encodeURIComponent('路灯')}`);
  assert.equal(found.status, 200);
  assert.equal(found.json.items[0].id, d.json.id);
  assert.equal((await anon.get(`/api/v1/qa?q=${encodeURIComponent('没有这种内容xyz')}`)).json.items.length, 0);
  // 100% and _ are literal in the search.
  assert.equal((await anon.get('/api/v1/qa?q=%25')).json.items.length, 0);
  // Withdrawn: off the public pages; the staff list shows it as a draft.
  const w = await lead.post(`/api/v1/consultations/${t.id}/qa/withdraw`, {});
  assert.equal(w.status, 200, w.text);
  assertProblem(await anon.get(`/api/v1/qa/${d.json.id}`), 404, 'not-found');
  const drafts = await office.get('/api/v1/consultations/qa?status=draft');
  assert.ok(drafts.json.items.some((x) => x.id === d.json.id));
  assert.equal((await lead.post(`/api/v1/consultations/${t.id}/qa/publish`, {})).status, 200);
  // Audit rows of every step.
  assert.equal(await count('audit_log', `object_id = '${t.id}' AND action LIKE 'consultation.qa_%'`), 6); // draft, two edits, publish, withdraw, publish
});

test('the publisher is never the editor: when the checker edits, a third person publishes; the database refuses it too', async () => {
  const t = (await citizen.post('/api/v1/consultations', { officer_id: chiefOfficer, subject: '户口迁移咨询', body: '请问户口迁入需要什么材料？' })).json;
  assert.equal(t.mailbox, 'chief', 'a letter to the chief\'s officer record goes to the mailbox');
  await office.post(`/api/v1/consultations/${t.id}/messages`, { body: '请携带身份证和户口簿到户籍窗口办理。' });
  assert.equal((await office.post(`/api/v1/consultations/${t.id}/qa`, {})).status, 201);
  const e = await lead.put(`/api/v1/consultations/${t.id}/qa`, { title: '户口迁入需要哪些材料？', question: '请问户口迁入需要什么材料？', answer: '请携带身份证和户口簿到户籍窗口办理。' });
  assert.equal(e.status, 200, e.text);
  assertProblem(await lead.post(`/api/v1/consultations/${t.id}/qa/publish`, {}), 403, 'forbidden');
  assertProblem(await office.post(`/api/v1/consultations/${t.id}/qa/publish`, {}), 403, 'forbidden');
  const q = Number(await srv.value(`SELECT id FROM consultation_qa WHERE consultation_id = ${t.id}`));
  const editor = Number(await srv.value(`SELECT editor_id FROM consultation_qa WHERE id = ${q}`));
  await assert.rejects(srv.sql(`UPDATE consultation_qa SET status = 'published', publisher_id = ${editor}, published_at = 1 WHERE id = ${q}`));
  assert.equal(await srv.value(`SELECT status FROM consultation_qa WHERE id = ${q}`), 'draft');
});

test('the attacker\'s side and bad input', async () => {
  const t = (await citizen.post('/api/v1/consultations', { mailbox: 'chief', subject: '攻击面', body: '问题' })).json;
  await office.post(`/api/v1/consultations/${t.id}/messages`, { body: '答复' });
  const base = [await count('consultation_qa'), await count('consultations')];
  // Roles and sessions.
  assertProblem(await anon.post(`/api/v1/consultations/${t.id}/qa`, {}), 401, 'unauthenticated');
  assertProblem(await citizen.post(`/api/v1/consultations/${t.id}/qa`, {}), 403, 'forbidden');
  assertProblem(await citizen.get('/api/v1/consultations/qa'), 403, 'forbidden');
  assertProblem(await office.post(`/api/v1/consultations/${t.id}/qa`, {}, { csrf: false }), 403, 'csrf');
  assertProblem(await stationChief.post(`/api/v1/consultations/${t.id}/qa`, {}), 404, 'not-found');
  assertProblem(await office.post('/api/v1/consultations/99999999/qa', {}), 404, 'not-found');
  assertProblem(await office.get(`/api/v1/consultations/${t.id}/qa`), 404, 'not-found');
  assert.deepEqual([await count('consultation_qa'), await count('consultations')], base);
  // The citizen's side: exactly one addressee, a real mailbox.
  assertInvalid(await citizen.post('/api/v1/consultations', { mailbox: 'mayor', subject: 's', body: 'b' }), 'mailbox');
  assertInvalid(await citizen.post('/api/v1/consultations', { mailbox: 'chief', unit_id: 1, subject: 's', body: 'b' }), 'officer_id');
  assertInvalid(await citizen.post('/api/v1/consultations', { mailbox: 12, subject: 's', body: 'b' }), 'mailbox');
  assertInvalid(await citizen.post('/api/v1/consultations', { mailbox: 'chief', subject: 'x'.repeat(101), body: 'b' }), 'subject');
  assert.deepEqual([await count('consultation_qa'), await count('consultations')], base);
  // Editing: required fields, lengths, blanks, unknown fields.
  assert.equal((await office.post(`/api/v1/consultations/${t.id}/qa`, {})).status, 201);
  const good = { title: '标题', question: '问题', answer: '答复' };
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { ...good, title: '' }), 'title');
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { ...good, title: '   ' }), 'title');
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { ...good, title: 'x'.repeat(101) }), 'title');
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { ...good, answer: 'x'.repeat(4001) }), 'answer');
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { title: '标题', question: '问题' }), 'answer');
  assertInvalid(await office.put(`/api/v1/consultations/${t.id}/qa`, { ...good, status: 'published' }), 'status');
  assertProblem(await office.req('PUT', `/api/v1/consultations/${t.id}/qa`, { raw: Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","question":"q","answer":"a"}')]) }), 400, 'bad-json');
  assert.equal(await srv.value(`SELECT title FROM consultation_qa WHERE consultation_id = ${t.id}`), '攻击面');
  // The public search and reads.
  assertInvalid(await anon.get(`/api/v1/qa?q=${'x'.repeat(51)}`), 'q');
  assertProblem(await anon.get('/api/v1/qa?q=%C3%28'), 400, 'bad-request');
  assertInvalid(await anon.get('/api/v1/qa?limit=101'), 'limit');
  assertInvalid(await anon.get('/api/v1/qa?limit=-1'), 'limit');
  assertProblem(await anon.get('/api/v1/qa/0'), 404, 'not-found');
  assertProblem(await anon.get('/api/v1/qa/-5'), 404, 'not-found');
  assertProblem(await anon.get('/api/v1/qa/99999999999999999999'), 404, 'not-found');
  assertInvalid(await office.get('/api/v1/consultations/qa?status=secret'), 'status');
  assertInvalid(await office.get('/api/v1/consultations/inbox?box=nope'), 'box');
});

test('paging of the public list: limit and cursor', async () => {
  const p1 = await anon.get('/api/v1/qa?limit=1');
  assert.equal(p1.status, 200);
  assert.equal(p1.json.items.length, 1);
  assert.ok(p1.json.next_cursor, p1.text);
  const p2 = await anon.get(`/api/v1/qa?limit=1&cursor=${p1.json.next_cursor}`);
  assert.equal(p2.status, 200);
  assert.ok(p2.json.items.length <= 1);
  if (p2.json.items.length) assert.ok(p2.json.items[0].id < p1.json.items[0].id);
});
