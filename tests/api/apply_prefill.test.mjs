// One definition for the guide and the apply form, and nothing typed twice
// (issue 12): an attachment that names a material takes its "required" from
// the guide's material (the residence permit's photo is optional, as its
// guide says); the applicant's own ID number is filled by the server from
// the real-name account when the form leaves it out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid, registerCitizen } from './harness.mjs';
import { RESIDENCE, residenceForm, residenceAttachments } from './service_hall.mjs';

let srv, me, c, bailiwick;
before(async () => {
  srv = await startServer();
  me = await registerCitizen(srv);
  c = await srv.signIn(me.phone, me.password);
  bailiwick = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
});
after(async () => { await srv?.stop(); });

test('every attachment that names a material is required exactly when the guide says so', async () => {
  const anon = srv.client();
  const guide = (await anon.get(`/api/v1/services/${RESIDENCE}`)).json;
  const photo = guide.form.attachments.find((a) => a.name === 'photo');
  assert.equal(photo.material, '近期一寸白底免冠照片');
  assert.equal(guide.materials.find((m) => m.name === photo.material).required, false);
  assert.equal(photo.required, false, 'the upload step asks for the photo as the guide does: optional');
  for (const id of [2, 3, 4]) {
    const g = (await anon.get(`/api/v1/services/${id}`)).json;
    assert.equal(g.form.attachments.find((a) => a.name === 'photo').required, false, `item ${id} lists no photo`);
  }
  let linked = 0;
  for (const item of (await anon.all('/api/v1/services?limit=100'))) {
    const g = (await anon.get(`/api/v1/services/${item.id}`)).json;
    for (const a of g.form.attachments.filter((x) => x.material)) {
      linked++;
      assert.equal(a.required, g.materials.find((m) => m.name === a.material).required, `${g.code} ${a.name}`);
    }
  }
  assert.ok(linked >= 1);
});

test('the residence permit without a photo is accepted; without the proof it is not', async () => {
  const atts = await residenceAttachments(c);
  const count = await srv.value('SELECT COUNT(*) FROM applications');
  assertInvalid(await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: bailiwick, form: residenceForm(), attachments: atts.filter((a) => a.name !== 'proof') }), 'attachments.proof');
  assert.equal(await srv.value('SELECT COUNT(*) FROM applications'), count);
  const r = await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: bailiwick, form: residenceForm(), attachments: atts.filter((a) => a.name !== 'photo') });
  assert.equal(r.status, 201, r.text);
});

test('the applicant\'s ID number comes from the account when the form leaves it out', async () => {
  const { id_number: _omit, ...form } = residenceForm();
  const atts = (await residenceAttachments(c)).filter((a) => a.name !== 'photo');
  const r = await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: bailiwick, form, attachments: atts });
  assert.equal(r.status, 201, r.text);
  const stored = JSON.parse(await srv.value(`SELECT form FROM applications WHERE tracking_no = '${r.json.tracking_no}'`));
  assert.equal(stored.id_number, me.id_number);
  // A number typed in is still checked (and kept: someone may apply for another person).
  assertInvalid(await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: bailiwick, form: { ...form, id_number: '123' }, attachments: atts }), 'form.id_number');
  // Other required fields are never filled in by the server.
  const { name: _n, ...noName } = form;
  assertInvalid(await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: bailiwick, form: noName, attachments: atts }), 'form.name');
});

test('an attachment naming a material the item does not have cannot be saved', async () => {
  const sys = await srv.signIn('sysadmin');
  const draft = (await sys.get('/api/v1/services/2/draft')).json.draft;
  draft.form.attachments[0].material = '不存在的材料';
  assertInvalid(await sys.put('/api/v1/services/2/draft', draft), 'form.attachments[0].material');
  draft.form.attachments[0].material = 7;
  assertInvalid(await sys.put('/api/v1/services/2/draft', draft), 'form.attachments[0].material');
  assert.equal(await srv.value('SELECT COUNT(*) FROM services WHERE id = 2 AND draft IS NOT NULL'), '0');
});
