// The service catalogue: Chinese substring search (short and long queries),
// categories and filters, every element of an item, drafts published as
// versions with the old ones still readable, and who may edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN } from './harness.mjs';
import { RESIDENCE } from './service_hall.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const search = async (q, extra = '') =>
  (await srv.client().get(`/api/v1/services?q=${encodeURIComponent(q)}&limit=100${extra}`)).json.items;

test('"居住" (two characters, no trigram) finds every 居住证 item, name matches first', async () => {
  const items = await search('居住');
  const names = items.map((i) => i.name);
  for (const n of ['居住证申领', '居住证签注（延期）', '居住证遗失补领', '居住登记']) assert.ok(names.includes(n), n);
  assert.ok(names.slice(0, 4).every((n) => n.includes('居住')), `name matches rank first: ${names}`);
  const long = (await search('居住证')).map((i) => i.name);
  assert.equal(long[0], '居住证申领');
  assert.ok(long.includes('居住证遗失补领'));
  assert.ok(!long.includes('出入境记录查询'));
});

test('"出入境" finds the exit-entry items; a substring inside a word matches too', async () => {
  const items = await search('出入境');
  const all = (await srv.client().get('/api/v1/services?category=exit_entry&limit=100')).json.items;
  assert.equal(all.length, 5);
  for (const it of all) assert.ok(items.some((x) => x.id === it.id), it.name);
  assert.ok((await search('港澳')).some((i) => i.name === '往来港澳通行证及签注'));
  assert.ok((await search('无犯罪记录')).some((i) => i.name === '无犯罪记录证明开具'));
  assert.ok((await search('民宿')).some((i) => i.name === '旅馆业特种行业许可证核发'), 'keywords match');
  assert.deepEqual(await search('没有这种事项啊'), []);
  assert.deepEqual(await search('"'), [], 'a quote is searched for, not parsed');
});

test('categories, filters and paging; bad parameters are 422', async () => {
  const c = srv.client();
  const cats = (await c.get('/api/v1/services/categories')).json.items;
  assert.equal(cats.length, 13);
  assert.ok(cats.reduce((n, x) => n + x.count, 0) >= 38);
  for (const x of cats) assert.ok(x.count > 0, `${x.code} has items`);
  const online = (await c.get('/api/v1/services?online_level=online&limit=100')).json.items;
  assert.ok(online.length > 10 && online.every((i) => i.online_level === 'online'));
  const p1 = await c.get('/api/v1/services?limit=10');
  assert.equal(p1.json.items.length, 10);
  const p2 = await c.get(`/api/v1/services?limit=10&cursor=${p1.json.next_cursor}`);
  assert.notEqual(p2.json.items[0].id, p1.json.items[0].id);
  assertInvalid(await c.get('/api/v1/services?category=weather'), 'category');
  assertInvalid(await c.get('/api/v1/services?online_level=fax'), 'online_level');
  assertInvalid(await c.get(`/api/v1/services?q=${'长'.repeat(51)}`), 'q');
  assertInvalid(await c.get('/api/v1/services?limit=101'), 'limit');
});

test('every item has every element of the national platform', async () => {
  const c = srv.client();
  const all = (await c.get('/api/v1/services?limit=100')).json.items;
  assert.ok(all.length >= 38, `${all.length} items`);
  const elements = ['code', 'name', 'category', 'type', 'implementing_unit', 'accepting_units', 'conditions', 'materials',
    'steps', 'legal_basis', 'statutory_days', 'promised_days', 'fee_cents', 'fee_standard', 'fee_basis', 'fee_waiver',
    'online_level', 'max_visits', 'place', 'hours', 'consult_phone', 'complaint_phone', 'faq', 'keywords', 'form'];
  for (const s of all) {
    const it = (await c.get(`/api/v1/services/${s.id}`)).json;
    for (const e of elements) assert.ok(it[e] !== undefined && it[e] !== '', `${it.name}: ${e}`);
    assert.ok(it.materials.length && it.steps.length && it.faq.length && it.form.fields.length, it.name);
    assert.ok(it.promised_days <= it.statutory_days, it.name);
    assert.ok([0, 1].includes(it.max_visits));
    for (const m of it.materials) assert.deepEqual(Object.keys(m).sort(), ['count', 'format', 'name', 'notes', 'original', 'required']);
  }
  const codes = new Set(all.map((s) => s.code));
  assert.equal(codes.size, all.length, 'codes are unique');
  assertProblem(await c.get('/api/v1/services/999999'), 404, 'not-found');
  assertProblem(await c.get('/api/v1/services/1?version=7'), 404, 'not-found');
  assertProblem(await c.get('/api/v1/services/1?version=x'), 404, 'not-found');
});

test('the guide publishes each form field\'s limits (max_length, min, max), the same the server checks', async () => {
  const c = srv.client();
  const all = (await c.get('/api/v1/services?limit=100')).json.items;
  const defaults = { text: 100, textarea: 1000, address: 200 };
  let textareas = 0;
  for (const s of all) {
    for (const path of [`/api/v1/services/${s.id}`, `/api/v1/services/${s.id}?version=1`]) {
      const it = (await c.get(path)).json;
      for (const f of it.form.fields) {
        if (f.type in defaults) {
          assert.ok(Number.isInteger(f.max_length) && f.max_length >= 1, `${it.name} ${f.name} ${path}`);
          if (f.type === 'textarea') textareas++;
        } else if (f.type === 'number') {
          assert.ok(Number.isInteger(f.min) && Number.isInteger(f.max) && f.min <= f.max, `${it.name} ${f.name}`);
        } else {
          assert.equal(f.max_length, undefined, `${it.name} ${f.name}`);
        }
      }
    }
  }
  assert.ok(textareas > 0, 'the catalogue has textarea fields');
});

test('who edits the catalogue: sysadmin and the bureau-level unit_admin; others 403, anonymous 401', async () => {
  const item = (await srv.client().get(`/api/v1/services/${RESIDENCE}`)).json;
  const { id, version, published_at, versions_count, category_name, accepting_unit_kinds, ...doc } = item;
  assertProblem(await srv.client().req('PUT', `/api/v1/services/${RESIDENCE}/draft`, { body: doc }), 401, 'unauthenticated');
  for (const login of [DEMO_CITIZEN, 'station_chief', 'officer', 'auditor', 'unit_admin']) {
    const c = await srv.signIn(login);
    assertProblem(await c.put(`/api/v1/services/${RESIDENCE}/draft`, doc), 403, 'forbidden', login);
  }
  const bureau = await srv.value("SELECT id FROM units WHERE parent_id IS NULL");
  const sys = await srv.signIn('sysadmin');
  const r = await sys.post('/api/v1/staff', { login: 'catalogue_admin', name: '市局审批管理员', role: 'unit_admin', unit_id: Number(bureau), password: 'Catalogue-2026x' });
  assert.equal(r.status, 201, r.text);
  const ca = await srv.signIn('catalogue_admin', 'Catalogue-2026x');
  assert.equal((await ca.get(`/api/v1/services/${RESIDENCE}/draft`)).status, 200);
  assertProblem(await ca.put(`/api/v1/services/${RESIDENCE}/draft`, doc, { csrf: false }), 403, 'csrf');
});

test('a draft is published as a new version; the old one stays readable; bad drafts change nothing', async () => {
  const sys = await srv.signIn('sysadmin');
  const anon = srv.client();
  const item = (await anon.get('/api/v1/services/2')).json;
  const { id, version, published_at, versions_count, category_name, accepting_unit_kinds, ...doc } = item;
  assertInvalid(await sys.put('/api/v1/services/2/draft', { ...doc, colour: 'red' }), 'colour');
  assertInvalid(await sys.put('/api/v1/services/2/draft', { ...doc, statutory_days: 'ten' }), 'statutory_days');
  assertInvalid(await sys.put('/api/v1/services/2/draft', { ...doc, form: { fields: [{ name: 'x', label: 'x', type: 'colour', required: true }], attachments: [] } }), 'form.fields[0].type');
  assertInvalid(await sys.put('/api/v1/services/2/draft', { ...doc, materials: [{ name: 'x' }] }), 'materials[0].required');
  assert.equal(await srv.value('SELECT COUNT(*) FROM services WHERE id = 2 AND draft IS NOT NULL'), '0');

  // A draft missing elements can be saved but not published.
  const { legal_basis, ...partial } = doc;
  assert.equal((await sys.put('/api/v1/services/2/draft', { ...partial, faq: [] })).status, 200);
  const bad = await sys.post('/api/v1/services/2/publish');
  assertProblem(bad, 422, 'validation');
  const fields = bad.json.errors.map((e) => e.field);
  assert.ok(fields.includes('legal_basis') && fields.includes('faq'), fields.join());
  assert.equal((await anon.get('/api/v1/services/2')).json.version, 1, 'still the old version');

  const renamed = { ...doc, name: '居住证签注延期（网办）', keywords: `${doc.keywords} 星辰签注` };
  assert.equal((await sys.put('/api/v1/services/2/draft', renamed)).status, 200);
  const d = await sys.get('/api/v1/services/2/draft');
  assert.equal(d.json.has_draft, true);
  assert.equal(d.json.draft.name, renamed.name);
  const pub = await sys.post('/api/v1/services/2/publish');
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.version, 2);
  assertProblem(await sys.post('/api/v1/services/2/publish'), 409, 'conflict');
  assert.equal((await anon.get('/api/v1/services/2')).json.name, renamed.name);
  assert.equal((await anon.get('/api/v1/services/2?version=1')).json.name, '居住证签注（延期）');
  assert.deepEqual((await anon.get('/api/v1/services/2/versions')).json.items.map((v) => v.version), [2, 1]);
  assert.ok((await search('星辰签注')).some((i) => i.id === 2), 'the search index follows the publication');
  assert.ok(!(await search('居住证签注（延期）')).some((i) => i.id === 2), 'the old name is no longer indexed');
  assert.ok(Number(await srv.value("SELECT COUNT(*) FROM audit_log WHERE action = 'service.publish'")) >= 1);
});

test('a new item starts as a draft: not public until published; a taken code is 409', async () => {
  const sys = await srv.signIn('sysadmin');
  const { id, version, published_at, versions_count, category_name, accepting_unit_kinds, ...doc } = (await srv.client().get('/api/v1/services/43')).json;
  assertProblem(await sys.post('/api/v1/services', doc), 409, 'conflict');
  assertInvalid(await sys.post('/api/v1/services', { name: '没有编号' }), 'code');
  const r = await sys.post('/api/v1/services', { ...doc, code: 'TZGA-GG-099', name: '户籍档案查询（测试）' });
  assert.equal(r.status, 201, r.text);
  assertProblem(await srv.client().get(`/api/v1/services/${r.json.id}`), 404, 'not-found');
  assert.ok(!(await search('户籍档案查询')).length);
  assert.equal((await sys.post(`/api/v1/services/${r.json.id}/publish`)).status, 200);
  assert.equal((await search('户籍档案查询'))[0].id, r.json.id);
});
