// Applications (办件): the full flow with attachments, the lifecycle table
// (every illegal transition is 409), who may see a case (the applicant and
// staff in scope; anyone else 404, anonymous 401), idempotent apply, two
// staff racing on one case, ratings and follow-ups, and the public counters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, registerCitizen, badCheckIdNumber, DEMO_CITIZEN } from './harness.mjs';
import { RESIDENCE, applyResidence, jpeg, upload, residenceForm, residenceAttachments } from './service_hall.mjs';

let srv, citizen, chief;
before(async () => {
  // This file makes far more applications and uploads as the demo citizen
  // than one person may (the limits have tests of their own in misc_service_hall).
  srv = await startServer({
    env: {
      JINGWU_APP_OPEN_PER_ITEM: '10000', JINGWU_APP_DAILY: '10000',
      JINGWU_UPLOAD_DAILY_FILES: '10000', JINGWU_UPLOAD_DAILY_BYTES: '1000000000', JINGWU_UPLOAD_UNATTACHED_BYTES: '1000000000',
    },
  });
  citizen = await srv.signIn(DEMO_CITIZEN);
  chief = await srv.signIn('station_chief');
});
after(async () => { await srv?.stop(); });

const move = (c, no, event, extra = {}) => c.post(`/api/v1/applications/${no}/transitions`, { event, ...extra });

async function newCase() {
  const r = await applyResidence(srv, citizen);
  assert.equal(r.status, 201, r.text);
  return r.json.tracking_no;
}

test('the full flow: apply with attachments → accept → 补正 → resubmit → review → approve → complete → rate', async () => {
  const before = Number(await srv.value("SELECT value FROM counters WHERE name = 'transactions'"));
  const r = await applyResidence(srv, citizen);
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.tracking_no, /^TZ\d{8}\d{6}-\d{6}$/);
  assert.equal(r.json.status, 'submitted');
  assert.match(r.json.due_date, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(r.json.service_version, 1);
  const no = r.json.tracking_no;
  assert.equal(await srv.value(`SELECT service_version FROM applications WHERE tracking_no = '${no}'`), '1');

  let d = await move(chief, no, 'accept');
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'accepted');
  assertInvalid(await move(chief, no, 'request_supplement'), 'reason');
  d = await move(chief, no, 'request_supplement', { reason: '居住证明不清晰，请重新上传' });
  assert.equal(d.json.status, 'supplement_requested');
  assert.equal(d.json.paused, true);
  const mine = await citizen.get(`/api/v1/applications/${no}`);
  assert.deepEqual(mine.json.actions, ['resubmit']);
  const proof = await upload(citizen, jpeg(), { filename: '新的居住证明.jpg' });
  const atts = (await citizen.get(`/api/v1/applications/${no}`)).json.attachments.filter((a) => a.name !== 'proof')
    .map((a) => ({ name: a.name, upload_id: a.upload_id }));
  d = await move(citizen, no, 'resubmit', { attachments: [...atts, { name: 'proof', upload_id: proof.json.id }] });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'accepted');
  assert.ok(d.json.attachments.some((a) => a.file_name === '新的居住证明.jpg'));
  for (const [ev, to, extra] of [['start_review', 'under_review'], ['approve', 'approved'], ['complete', 'completed', { result: 'post' }]]) {
    d = await move(chief, no, ev, extra);
    assert.equal(d.status, 200, `${ev}: ${d.text}`);
    assert.equal(d.json.status, to);
  }
  assert.equal(d.json.result, 'post');
  assert.deepEqual(d.json.history.map((h) => h.event),
    ['submit', 'accept', 'request_supplement', 'resubmit', 'start_review', 'approve', 'complete']);
  assert.equal(d.json.history[2].reason, '居住证明不清晰，请重新上传');
  assert.equal(d.json.history[1].actor_role, 'station_chief');

  const rate = await citizen.post(`/api/v1/applications/${no}/rating`, { grade: 5, comment: '很快' });
  assert.equal(rate.status, 201, rate.text);
  assert.equal(rate.json.grade_name, '非常满意');
  assertProblem(await citizen.post(`/api/v1/applications/${no}/rating`, { grade: 4 }), 409, 'conflict');

  const id = await srv.value(`SELECT id FROM applications WHERE tracking_no = '${no}'`);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM application_events WHERE application_id = ${id}`), '7');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'application' AND object_id = '${id}' AND action LIKE 'application.%' AND action NOT IN ('application.view', 'application.attachment')`), '8');
  const citizenId = await srv.value(`SELECT id FROM users WHERE login = '${DEMO_CITIZEN}'`);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM notifications WHERE user_id = ${citizenId} AND link = '/applications/${no}'`), '7');
  assert.equal(Number(await srv.value("SELECT value FROM counters WHERE name = 'transactions'")), before + 1);
  assert.equal((await srv.client().get('/api/v1/stats/public')).json.transactions, before + 1);
  const disc = (await srv.client().get(`/api/v1/services/${RESIDENCE}/disclosure`)).json;
  assert.ok(disc.completed >= 1 && disc.on_time_rate === 1 && disc.avg_rating >= 1);
  assert.ok(disc.officers.some((o) => o.name === '白云所所长'));
  assert.ok(!JSON.stringify(disc).includes('王小明'), 'no applicant data in the disclosure');
  // The overall page lists every published item, those without applications with zeros.
  const all = (await srv.client().get('/api/v1/disclosure')).json;
  const published = Number(await srv.value('SELECT COUNT(*) FROM services WHERE version > 0'));
  assert.equal(all.items.length, published);
  assert.ok(all.items.some((it) => it.received === 0 && it.completed === 0 && it.on_time_rate === null));
  assert.ok(all.items.find((it) => it.service_id === RESIDENCE).completed >= 1);
});

/* Brings a new case to the given status through the legal path. */
async function caseIn(status) {
  const no = await newCase();
  const paths = {
    submitted: [],
    accepted: [[chief, 'accept']],
    not_accepted: [[chief, 'not_accept', { reason: '不属于本所受理范围' }]],
    supplement_requested: [[chief, 'request_supplement', { reason: '缺少居住证明' }]],
    under_review: [[chief, 'accept'], [chief, 'start_review']],
    approved: [[chief, 'accept'], [chief, 'start_review'], [chief, 'approve']],
    refused: [[chief, 'accept'], [chief, 'start_review'], [chief, 'refuse', { reason: '不符合申领条件' }]],
    completed: [[chief, 'accept'], [chief, 'start_review'], [chief, 'approve'], [chief, 'complete', { result: 'pickup' }]],
    withdrawn: [[citizen, 'withdraw']],
  };
  for (const [c, ev, extra] of paths[status]) {
    const r = await move(c, no, ev, extra);
    assert.equal(r.status, 200, `${status} via ${ev}: ${r.text}`);
  }
  return no;
}

const LEGAL = {
  submitted: ['accept', 'not_accept', 'request_supplement', 'withdraw'],
  accepted: ['request_supplement', 'start_review'],
  not_accepted: [],
  supplement_requested: ['resubmit'],
  under_review: ['request_supplement', 'approve', 'refuse'],
  approved: ['complete'],
  refused: [],
  completed: [],
  withdrawn: [],
};
const EVENTS = ['accept', 'not_accept', 'request_supplement', 'resubmit', 'start_review', 'approve', 'refuse', 'complete', 'withdraw'];

test('every illegal transition is 409 and changes nothing; withdraw after acceptance is 409', async () => {
  for (const [status, legal] of Object.entries(LEGAL)) {
    const no = await caseIn(status);
    const events = await srv.value(`SELECT COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.tracking_no = '${no}'`);
    for (const ev of EVENTS.filter((e) => !legal.includes(e))) {
      const who = ['resubmit', 'withdraw'].includes(ev) ? citizen : chief;
      const r = await move(who, no, ev, { reason: '测试', result: 'post' });
      assertProblem(r, 409, 'conflict', `${ev} from ${status}`);
    }
    assert.equal(await srv.value(`SELECT status FROM applications WHERE tracking_no = '${no}'`), status);
    assert.equal(await srv.value(`SELECT COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.tracking_no = '${no}'`), events);
  }
  const accepted = await caseIn('accepted');
  assertProblem(await move(citizen, accepted, 'withdraw'), 409, 'conflict');
});

test('roles on transitions: the citizen cannot accept, staff cannot withdraw, an officer cannot approve; reasons and results are required', async () => {
  const no = await newCase();
  assertProblem(await move(citizen, no, 'accept'), 403, 'forbidden');
  assertProblem(await move(chief, no, 'withdraw'), 403, 'forbidden');
  assertInvalid(await move(chief, no, 'not_accept'), 'reason');
  assertInvalid(await move(chief, no, 'not_accept', { reason: '长'.repeat(501) }), 'reason');
  assertInvalid(await move(chief, no, 'accept', { colour: 1 }), 'colour');
  assertInvalid(await move(chief, no, 'launch'), 'event');
  assertInvalid(await move(chief, no, 'accept', { form: {} }), 'form');
  assert.equal((await move(chief, no, 'accept')).status, 200);
  assert.equal((await move(chief, no, 'start_review')).status, 200);
  const sys = await srv.signIn('sysadmin');
  const r = await sys.post('/api/v1/staff', { login: 'baiyun_officer', name: '白云所民警', role: 'officer', unit_id: Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'")), password: 'Officer-2026x' });
  assert.equal(r.status, 201, r.text);
  const officer = await srv.signIn('baiyun_officer', 'Officer-2026x');
  assertProblem(await move(officer, no, 'approve'), 403, 'forbidden');
  assert.equal((await move(officer, no, 'request_supplement', { reason: '需补充' })).status, 200);
  const withdrawn = await newCase();
  const w = await move(citizen, withdrawn, 'withdraw');
  assert.equal(w.status, 200);
  assert.equal(w.json.status, 'withdrawn');
});

test('who sees a case: another citizen 404, a station outside the scope 404, anonymous 401; staff in scope 200', async () => {
  const no = await newCase();
  const other = await registerCitizen(srv);
  const stranger = await srv.signIn(other.phone, other.password);
  const id = await srv.value(`SELECT f.upload_id FROM application_files f JOIN applications a ON a.id = f.application_id WHERE a.tracking_no = '${no}' LIMIT 1`);
  for (const [c, label] of [[stranger, 'another citizen'], [await srv.signIn('officer'), 'a community station below'], [await srv.signIn('auxiliary'), 'a village office below']]) {
    assertProblem(await c.get(`/api/v1/applications/${no}`), 404, 'not-found', label);
    assertProblem(await c.get(`/api/v1/applications/${no}/attachments/${id}`), 404, 'not-found', label);
    assertProblem(await move(c, no, 'accept'), 404, 'not-found', label);
  }
  assertProblem(await stranger.post(`/api/v1/applications/${no}/rating`, { grade: 1 }), 404, 'not-found');
  const sys = await srv.signIn('sysadmin');
  const huangyan = await srv.value("SELECT id FROM units WHERE name = '东城派出所'");
  await sys.post('/api/v1/staff', { login: 'dongcheng_chief', name: '东城所所长', role: 'station_chief', unit_id: Number(huangyan), password: 'Chief-2026xx' });
  const otherChief = await srv.signIn('dongcheng_chief', 'Chief-2026xx');
  assertProblem(await otherChief.get(`/api/v1/applications/${no}`), 404, 'not-found', 'another station');
  assert.ok(!(await otherChief.get('/api/v1/applications?limit=100')).json.items.some((i) => i.tracking_no === no));
  for (const login of ['secadmin', 'auditor']) {
    const c = await srv.signIn(login);
    assertProblem(await c.get(`/api/v1/applications/${no}`), 404, 'not-found', login);
    assertProblem(await c.get('/api/v1/applications'), 403, 'forbidden', login);
  }
  assertProblem(await srv.client().get(`/api/v1/applications/${no}`), 401, 'unauthenticated');
  assertProblem(await srv.client().get('/api/v1/me/applications'), 401, 'unauthenticated');
  for (const login of ['station_chief', 'unit_admin', 'sysadmin']) {
    const c = await srv.signIn(login);
    const r = await c.get(`/api/v1/applications/${no}`);
    assert.equal(r.status, 200, login);
    assert.ok((await c.get('/api/v1/applications?limit=100&status=submitted')).json.items.some((i) => i.tracking_no === no), login);
  }
  const file = await chief.get(`/api/v1/applications/${no}/attachments/${id}`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /^attachment;/);
  assert.equal((await citizen.get(`/api/v1/applications/${no}/attachments/${id}`)).status, 200);
  assert.ok(!(await stranger.get('/api/v1/me/applications')).json.items.length);
});

test('the form is checked against the item: each field type, required, unknown fields, over-long text; nothing is stored', async () => {
  const count = await srv.value('SELECT COUNT(*) FROM applications');
  const attachments = await residenceAttachments(citizen);
  const bad = async (form, field, service = RESIDENCE, atts = attachments) => {
    const r = await citizen.post('/api/v1/applications', { service_id: service, unit_id: 1, form, attachments: atts });
    assertInvalid(r, field, JSON.stringify(form));
  };
  await bad(residenceForm({ id_number: badCheckIdNumber() }), 'form.id_number');
  await bad(residenceForm({ id_number: '33010219900101' }), 'form.id_number');
  await bad(residenceForm({ phone: '12345' }), 'form.phone');
  await bad(residenceForm({ move_in_date: '2026-02-30' }), 'form.move_in_date');
  await bad(residenceForm({ housing: '帐篷' }), 'form.housing');
  await bad(residenceForm({ address: '台州' }), 'form.address');
  await bad(residenceForm({ name: '王'.repeat(31) }), 'form.name');
  await bad(residenceForm({ note: '长'.repeat(501) }), 'form.note');
  await bad(residenceForm({ name: 42 }), 'form.name');
  await bad(residenceForm({ favourite_colour: '蓝' }), 'form.favourite_colour');
  const { phone, ...noPhone } = residenceForm();
  await bad(noPhone, 'form.phone');
  const move7 = { name: '王小明', id_number: residenceForm().id_number, phone: '13800138000', address: '台州市椒江区白云街道东山路18号', from_address: '台州市黄岩区东城街道1号', to_address: '台州市椒江区白云街道2号', reason: '投靠亲属' };
  await bad({ ...move7, people: 11 }, 'form.people', 7, []);
  await bad({ ...move7, people: 1.5 }, 'form.people', 7, []);
  const car = { name: '王小明', id_number: residenceForm().id_number, phone: '13800138000', address: '台州市椒江区白云街道东山路18号', vehicle_type: '小型汽车', vin6: '123456' };
  await bad({ ...car, plate: '浙J1234' }, 'form.plate', 22, []);
  await bad({ ...car, plate: 'AB12345' }, 'form.plate', 22, []);
  // One plate check (the vehicles module's): three letters in the serial and
  // I as the office letter used to pass the form's own, laxer check.
  await bad({ ...car, plate: '浙JABCDE' }, 'form.plate', 22, []);
  await bad({ ...car, plate: '浙I12345' }, 'form.plate', 22, []);
  await bad(residenceForm(), 'attachments.proof', RESIDENCE, attachments.filter((a) => a.name !== 'proof'));
  await bad(residenceForm(), 'attachments[3]', RESIDENCE, [...attachments, { name: 'passport', upload_id: attachments[0].upload_id }]);
  await bad(residenceForm(), 'service_id', 999999);
  assertInvalid(await citizen.post('/api/v1/applications', { service_id: RESIDENCE, form: residenceForm(), attachments, unit_id: 99999999 }), 'unit_id');
  assertInvalid(await citizen.post('/api/v1/applications', { service_id: RESIDENCE, form: residenceForm(), attachments, extra: 1 }), 'extra');
  assert.equal(await srv.value('SELECT COUNT(*) FROM applications'), count, 'nothing half-written');
});

test('attachments: too many files, a PDF where only pictures go, someone else\'s upload', async () => {
  const atts = await residenceAttachments(citizen);
  const proofs = [];
  for (let i = 0; i < 4; i++) proofs.push({ name: 'proof', upload_id: (await upload(citizen, jpeg())).json.id });
  const base = atts.filter((a) => a.name !== 'proof');
  assertInvalid(await citizen.post('/api/v1/applications', { service_id: RESIDENCE, form: residenceForm(), attachments: [...base, ...proofs] }), 'attachments.proof');
  const pdfPhoto = atts.map((a) => (a.name === 'photo' ? { name: 'photo', upload_id: atts.find((x) => x.name === 'proof').upload_id } : a));
  assertInvalid(await citizen.post('/api/v1/applications', { service_id: RESIDENCE, form: residenceForm(), attachments: pdfPhoto }), 'attachments[2]');
  const other = await registerCitizen(srv);
  const stranger = await srv.signIn(other.phone, other.password);
  assertInvalid(await stranger.post('/api/v1/applications', { service_id: RESIDENCE, form: residenceForm(), attachments: atts }), 'attachments[0]');
});

test('uploads: the content decides; PE or HTML named .jpg, empty files, path traversal, oversize, not multipart', async () => {
  const count = await srv.value('SELECT COUNT(*) FROM uploads');
  const pe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120)]);
  assertProblem(await upload(citizen, pe, { filename: 'photo.jpg', type: 'image/jpeg' }), 415, 'unsupported-media-type');
  assertProblem(await upload(citizen, Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'photo.jpg', type: 'image/jpeg' }), 415, 'unsupported-media-type');
  assertInvalid(await upload(citizen, Buffer.alloc(0)), 'file');
  for (const name of ['../../etc/passwd.jpg', '..\\\\boot.jpg', 'a/b.jpg', '..']) {
    assertInvalid(await upload(citizen, jpeg(), { filename: name }), 'file', name);
  }
  assertInvalid(await upload(citizen, jpeg(), { field: 'photo' }), 'file');
  assertProblem(await upload(citizen, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024)])), 413, 'too-large');
  assertProblem(await citizen.req('POST', '/api/v1/uploads', { body: { file: 'x' } }), 415, 'unsupported-media-type');
  assertProblem(await citizen.req('POST', '/api/v1/uploads', { raw: 'garbage', headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' } }), 400, 'bad-request');
  assertProblem(await srv.client().req('POST', '/api/v1/uploads', { raw: 'x', headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' } }), 401, 'unauthenticated');
  assert.equal(await srv.value('SELECT COUNT(*) FROM uploads'), count, 'nothing stored');

  const ok = await upload(citizen, jpeg(), { filename: '身份证正面.png' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.content_type, 'image/jpeg', 'the content, not the name, decides');
  assert.equal(ok.json.name, '身份证正面.jpg', 'and the name is made to say what the content is');
  const stored = join(srv.env.JINGWU_UPLOAD_DIR, ok.json.sha256.slice(0, 2), ok.json.sha256);
  assert.ok(existsSync(stored), stored);
});

test('Idempotency-Key: the same key and body make one application; another body with the key is 422', async () => {
  const unit = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
  const body = { service_id: RESIDENCE, unit_id: unit, form: residenceForm(), attachments: await residenceAttachments(citizen) };
  const headers = { 'Idempotency-Key': 'double-click-7f3a' };
  const [a, b] = await Promise.all([citizen.post('/api/v1/applications', body, { headers }), citizen.post('/api/v1/applications', body, { headers })]);
  const c = await citizen.post('/api/v1/applications', body, { headers });
  assert.deepEqual([a.status, b.status, c.status], [201, 201, 201], `${a.text} ${b.text}`);
  assert.equal(a.json.tracking_no, b.json.tracking_no);
  assert.equal(a.json.tracking_no, c.json.tracking_no);
  assert.equal(await srv.value("SELECT COUNT(*) FROM applications WHERE idem_key = 'double-click-7f3a'"), '1');
  assertProblem(await citizen.post('/api/v1/applications', { ...body, form: residenceForm() }, { headers }), 422, 'validation');
  assertProblem(await citizen.post('/api/v1/applications', body, { headers: { 'Idempotency-Key': 'bad key!' } }), 400, 'bad-request');
});

test('two staff moving the same case at once: one wins, the other gets 409', async () => {
  const ua = await srv.signIn('unit_admin');
  for (let i = 0; i < 3; i++) {
    const no = await newCase();
    const rs = await Promise.all([move(chief, no, 'accept'), move(ua, no, 'not_accept', { reason: '材料不全' })]);
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409], rs.map((r) => r.text).join(' | '));
    assert.equal(await srv.value(`SELECT COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.tracking_no = '${no}'`), '2');
  }
});

test('a bad rating creates a follow-up for the chief; only completed applications are rated', async () => {
  const open = await newCase();
  assertProblem(await citizen.post(`/api/v1/applications/${open}/rating`, { grade: 1 }), 409, 'conflict');
  const no = await caseIn('completed');
  assertInvalid(await citizen.post(`/api/v1/applications/${no}/rating`, { grade: 0 }), 'grade');
  assertInvalid(await citizen.post(`/api/v1/applications/${no}/rating`, { grade: 3, comment: '长'.repeat(501) }), 'comment');
  const r = await citizen.post(`/api/v1/applications/${no}/rating`, { grade: 2, comment: '窗口排队太久' });
  assert.equal(r.status, 201);
  assert.equal(r.json.grade_name, '不满意');
  const f = await chief.get('/api/v1/applications/follow-ups');
  assert.ok(f.json.items.some((x) => x.tracking_no === no && x.grade === 2));
  const outsider = await srv.signIn('sysadmin');
  assert.ok((await outsider.get('/api/v1/applications/follow-ups')).json.items.length >= 1);
  const good = await caseIn('completed');
  await citizen.post(`/api/v1/applications/${good}/rating`, { grade: 4 });
  assert.ok(!(await chief.get('/api/v1/applications/follow-ups')).json.items.some((x) => x.tracking_no === good));
});

test('queue filters, assignment and the overdue view', async () => {
  const no = await newCase();
  const late = await newCase();
  await srv.sql(`UPDATE applications SET due_date = '2026-01-05' WHERE tracking_no = '${late}'`);
  const overdue = (await chief.get('/api/v1/applications?due=overdue&limit=100')).json.items;
  assert.ok(overdue.some((i) => i.tracking_no === late && i.overdue));
  assert.ok(!overdue.some((i) => i.tracking_no === no));
  const byUnit = (await chief.get('/api/v1/applications/overdue')).json.items;
  assert.ok(byUnit.some((u) => u.unit_name === '白云派出所' && u.overdue >= 1));
  const filtered = (await chief.get(`/api/v1/applications?service_id=${RESIDENCE}&status=submitted&limit=100`)).json.items;
  assert.ok(filtered.every((i) => i.service_id === RESIDENCE && i.status === 'submitted'));
  const officerId = Number(await srv.value("SELECT id FROM users WHERE login = 'officer'"));
  const chiefId = Number(await srv.value("SELECT id FROM users WHERE login = 'station_chief'"));
  assertInvalid(await chief.post(`/api/v1/applications/${no}/assign`, { user_id: officerId }), 'user_id');
  const a = await chief.post(`/api/v1/applications/${no}/assign`, { user_id: chiefId });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.assignee.name, '白云所所长');
  assert.ok((await chief.get('/api/v1/applications?assignee=me&limit=100')).json.items.some((i) => i.tracking_no === no));
  assert.ok(!(await chief.get('/api/v1/applications?assignee=none&limit=100')).json.items.some((i) => i.tracking_no === no));
  assertInvalid(await chief.get('/api/v1/applications?status=lost'), 'status');
  assertProblem(await chief.get(`/api/v1/applications?unit_id=${await srv.value("SELECT id FROM units WHERE name = '东城派出所'")}`), 404, 'not-found');
  assertProblem(await citizen.get('/api/v1/applications'), 403, 'forbidden');
  const demo = (await citizen.get('/api/v1/me/applications?limit=100')).json.items;
  assert.ok(demo.some((i) => i.service_name === '失物招领与遗失物品登记' && i.status === 'completed' && i.rated), 'the seeded demo cases');
});

/* The n-th working day after from, by the published calendar. */
async function addWorkdays(from, n) {
  const years = new Set([from.slice(0, 4), String(Number(from.slice(0, 4)) + 1)]);
  const kind = {};
  for (const y of years) for (const d of (await srv.client().get(`/api/v1/calendar?year=${y}`)).json.items) kind[d.day] = d.kind;
  let t = Date.parse(`${from}T00:00:00Z`);
  while (n > 0) {
    t += 86400000;
    const day = new Date(t).toISOString().slice(0, 10);
    const wd = new Date(t).getUTCDay();
    const work = kind[day] ? kind[day] === 'workday' : wd >= 1 && wd <= 5;
    if (work) n--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

test('the due date counts working days on the holiday calendar (holidays skipped, an adjusted Saturday counted)', async () => {
  const sys = await srv.signIn('sysadmin');
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  const day = (k) => new Date(Date.parse(`${today}T00:00:00Z`) + k * 86400000).toISOString().slice(0, 10);
  // A week of holiday from tomorrow and the following Saturday worked instead, like National Day.
  const added = [];
  for (let k = 1; k <= 7; k++) added.push([day(k), 'holiday']);
  for (let k = 8; k <= 14; k++) if (new Date(`${day(k)}T00:00:00Z`).getUTCDay() === 6) { added.push([day(k), 'workday']); break; }
  for (const [d, kind] of added) assert.equal((await sys.put(`/api/v1/calendar/${d}`, { kind, name: '测试假期' })).status, 200);
  try {
    const r = await applyResidence(srv, citizen);
    assert.equal(r.status, 201, r.text);
    const promised = (await srv.client().get(`/api/v1/services/${RESIDENCE}`)).json.promised_days;
    const expected = await addWorkdays(today, promised);
    assert.equal(r.json.due_date, expected);
    assert.ok(r.json.due_date > day(7), 'the holiday week does not count');
  } finally {
    for (const [d] of added) await sys.del(`/api/v1/calendar/${d}`);
  }
});
