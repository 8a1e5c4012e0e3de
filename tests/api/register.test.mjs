// Citizen sign-up: POST /api/v1/auth/register — good input, duplicates, every
// kind of bad input (and that bad input writes nothing), concurrency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, citizen, idNumber, idCheckChar, badCheckIdNumber, phone,
  assertProblem, assertInvalid, maskedPhone, maskedId,
} from './harness.mjs';

const REG = '/api/v1/auth/register';
let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const userCount = async () => Number(await srv.value('SELECT count(*) FROM users'));

test('the check-character generator agrees with the spec example', () => {
  assert.equal(idCheckChar('11010519491231002'), 'X');
});

test('sign-up OK: 201, no session, row stored, owner can sign in and see own data', async () => {
  const before = await userCount();
  const body = citizen();
  const c = srv.client();
  const r = await c.req('POST', REG, {
    raw: JSON.stringify(body), headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
  assert.equal(r.status, 201, r.text);
  const u = r.json.user;
  assert.equal(typeof u.id, 'number');
  assert.equal(u.kind, 'citizen');
  assert.equal(u.role, 'citizen');
  assert.equal(u.login, body.phone);
  assert.equal(u.name, body.name);
  assert.ok([body.phone, maskedPhone(body.phone)].includes(u.phone), `phone ${u.phone}`);
  assert.ok([body.id_number, maskedId(body.id_number)].includes(u.id_number), `id_number ${u.id_number}`);
  assert.ok(!('password' in u) && !Object.keys(u).some((k) => /hash/i.test(k)), `secret leaked: ${r.text}`);
  assert.ok(!r.setCookies.some((s) => s.startsWith('jw_session=') && !/^jw_session=;/.test(s)),
    'register must not sign in');
  assert.equal(await userCount(), before + 1);
  assert.equal(await srv.value(`SELECT count(*) FROM users WHERE id = ${u.id}`), '1');
  assert.ok(!(await srv.sql(`SELECT * FROM users WHERE id = ${u.id}`)).includes(body.password),
    'the password is stored in clear');

  const me = srv.client();
  const l = await me.login(body.phone, body.password);
  assert.equal(l.status, 200, l.text);
  const m = await me.get('/api/v1/me');
  assert.equal(m.status, 200);
  assert.equal(m.json.user.id, u.id);
  assert.equal(m.json.user.phone, body.phone);
  assert.equal(m.json.user.id_number, body.id_number);
});

test('an ID number with a lower-case x check character is accepted or refused, never stored twice', async () => {
  // 11010519491231002X from the spec, sent in upper case: valid.
  const body = citizen({ id_number: '11010519491231002X' });
  const r = await srv.client().post(REG, body);
  assert.equal(r.status, 201, r.text);
  const again = await srv.client().post(REG, citizen({ id_number: '11010519491231002x' }));
  assert.ok([409, 422].includes(again.status), `lower-case duplicate: ${again.status} ${again.text}`);
});

test('duplicate phone → 409, duplicate ID number → 409; nothing written', async () => {
  const first = citizen();
  assert.equal((await srv.client().post(REG, first)).status, 201);
  const before = await userCount();
  const dupPhone = await srv.client().post(REG, citizen({ phone: first.phone }));
  assertProblem(dupPhone, 409, 'conflict', 'duplicate phone');
  const dupId = await srv.client().post(REG, citizen({ id_number: first.id_number }));
  assertProblem(dupId, 409, 'conflict', 'duplicate id_number');
  const demo = await srv.client().post(REG, citizen({ phone: '13800138000' }));
  assertProblem(demo, 409, 'conflict', 'the demo citizen\'s phone');
  assert.equal(await userCount(), before);
});

// Scenario table: every bad input, the status and slug, and the field errors[] must name.
const long = (n) => '张'.repeat(n);
const scenarios = () => {
  const b = citizen();
  const first17 = `330102${'19990230'}123`;
  return [
    { label: 'password too short', body: { ...b, password: 'Ab1!xyz' }, status: 422, field: 'password' },
    { label: 'password all digits', body: { ...b, password: '1234567890' }, status: 422, field: 'password' },
    { label: 'password equal to phone', body: { ...b, password: b.phone }, status: 422, field: 'password' },
    { label: 'password missing', body: { ...b, password: undefined }, status: 422, field: 'password' },
    { label: 'ID wrong check char', body: { ...b, id_number: badCheckIdNumber() }, status: 422, field: 'id_number' },
    { label: 'ID impossible date 19990230', body: { ...b, id_number: first17 + idCheckChar(first17) }, status: 422, field: 'id_number' },
    { label: 'ID 17 chars', body: { ...b, id_number: idNumber().slice(0, 17) }, status: 422, field: 'id_number' },
    { label: 'ID 19 chars', body: { ...b, id_number: `${idNumber()}1` }, status: 422, field: 'id_number' },
    { label: 'ID with letters', body: { ...b, id_number: '33010219900101A23X' }, status: 422, field: 'id_number' },
    { label: 'phone second digit 2', body: { ...b, phone: '12800138001' }, status: 422, field: 'phone' },
    { label: 'phone 10 digits', body: { ...b, phone: '1380013800' }, status: 422, field: 'phone' },
    { label: 'phone 12 digits', body: { ...b, phone: '138001380011' }, status: 422, field: 'phone' },
    { label: 'phone with letter', body: { ...b, phone: '1380013800a' }, status: 422, field: 'phone' },
    { label: 'phone as number', body: { ...b, phone: Number(phone()) }, status: 422, field: 'phone' },
    { label: 'name as array', body: { ...b, name: ['张三'] }, status: 422, field: 'name' },
    { label: 'name 1 char', body: { ...b, name: '张' }, status: 422, field: 'name' },
    { label: 'name 31 chars', body: { ...b, name: long(31) }, status: 422, field: 'name' },
    { label: 'name missing', body: { ...b, name: undefined }, status: 422, field: 'name' },
    { label: 'id_number null', body: { ...b, id_number: null }, status: 422, field: 'id_number' },
    { label: 'unknown field', body: { ...b, role: 'sysadmin' }, status: 422, field: 'role' },
    { label: 'over-long password', body: { ...b, password: `Aa1-${'x'.repeat(5000)}` }, status: 422, field: 'password' },
    { label: 'malformed JSON', raw: '{"phone": "13900000000", ', status: 400, slug: 'bad-json' },
    { label: 'JSON array, not object', raw: JSON.stringify([b]), status: 400, slug: 'bad-json' },
    { label: 'JSON string', raw: '"hello"', status: 400, slug: 'bad-json' },
    { label: 'empty body', raw: '', status: 400, slug: 'bad-json' },
    { label: 'invalid UTF-8', raw: Buffer.concat([Buffer.from(`{"phone":"${b.phone}","password":"${b.password}","name":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`","id_number":"${b.id_number}"}`)]), status: 400, slug: 'bad-json' },
    { label: '2 MiB body', raw: JSON.stringify({ ...b, name: 'x'.repeat(2 * 1024 * 1024) }), status: 413, slug: 'too-large' },
    { label: 'text/plain', raw: JSON.stringify(b), headers: { 'Content-Type': 'text/plain' }, status: 415, slug: 'unsupported-media-type' },
    { label: 'form-urlencoded', raw: new URLSearchParams(b).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415, slug: 'unsupported-media-type' },
  ];
};

test('bad sign-up input: right status, field named, nothing written', async () => {
  const before = await userCount();
  for (const s of scenarios()) {
    const body = s.body && JSON.parse(JSON.stringify(s.body)); // drops undefined fields
    const r = await srv.client().req('POST', REG, { body, raw: s.raw, headers: s.headers });
    if (s.field) assertInvalid(r, s.field, s.label);
    else assertProblem(r, s.status, s.slug, s.label);
    assert.equal(await userCount(), before, `${s.label}: a user was written`);
  }
  // The server is still healthy after all of it.
  assert.equal((await srv.client().get('/healthz')).status, 200);
});

test('validation names every bad field at once', async () => {
  const r = await srv.client().post(REG, { phone: 'x', password: '1', name: '', id_number: '1' });
  assertProblem(r, 422, 'validation');
  const fields = new Set(r.json.errors.map((e) => e.field));
  for (const f of ['phone', 'password', 'name', 'id_number']) assert.ok(fields.has(f), `${f} not named: ${r.text}`);
});

test('20 parallel sign-ups with the same phone: exactly one 201, the rest 409', async () => {
  const before = await userCount();
  const p = phone();
  const results = await Promise.all(Array.from({ length: 20 },
    () => srv.client().post(REG, citizen({ phone: p }))));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses}`);
  assert.equal(statuses.filter((s) => s === 409).length, 19, `statuses: ${statuses}`);
  for (const r of results.filter((x) => x.status === 409)) assertProblem(r, 409, 'conflict');
  assert.equal(await userCount(), before + 1);
});

test('20 parallel sign-ups with the same ID number: exactly one 201, the rest 409', async () => {
  const before = await userCount();
  const id = idNumber();
  const results = await Promise.all(Array.from({ length: 20 },
    () => srv.client().post(REG, citizen({ id_number: id }))));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses}`);
  assert.equal(statuses.filter((s) => s === 409).length, 19, `statuses: ${statuses}`);
  assert.equal(await userCount(), before + 1);
});
