// 三员分立 (issue 7): the security administrator cannot take over the
// auditor or the system administrator. Every path an attacking secadmin
// could take is tried and fails; then the legitimate two-person reset is
// shown to work, with neither administrator knowing the whole password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_PASSWORD } from './harness.mjs';

let srv;
const as = {};
let staff; // login -> staff row (as sysadmin sees it)
before(async () => {
  srv = await startServer();
  for (const who of ['sysadmin', 'secadmin', 'auditor', 'unit_admin']) as[who] = await srv.signIn(who);
  staff = new Map((await as.sysadmin.all('/api/v1/staff')).map((s) => [s.login, s]));
});
after(async () => { await srv?.stop(); });

const pw = (id) => `/api/v1/staff/${id}/password`;
const canSignIn = async (login, password) => (await srv.client().login(login, password)).status === 200;
const hashOf = (id) => srv.value(`SELECT pw_hash FROM users WHERE id = ${id}`);

test('secadmin cannot set the password of the auditor, the sysadmin or another administrator', async () => {
  for (const login of ['auditor', 'sysadmin']) {
    const id = staff.get(login).id;
    const before = await hashOf(id);
    const r = await as.secadmin.post(pw(id), { password: 'Hijack-pass-2026' });
    assertProblem(r, 403, 'forbidden', `secadmin sets the ${login}'s password`);
    assert.equal(await hashOf(id), before, `${login}'s password changed`);
    assert.ok(!(await canSignIn(login, 'Hijack-pass-2026')), `secadmin signs in as ${login}`);
    assert.ok(await canSignIn(login, DEMO_PASSWORD), `${login} locked out`);
  }
  // Nor can the sysadmin set the auditor's or the secadmin's.
  for (const login of ['auditor', 'secadmin']) {
    assertProblem(await as.sysadmin.post(pw(staff.get(login).id), { password: 'Hijack-pass-2026' }), 403, 'forbidden', `sysadmin sets the ${login}'s password`);
    assert.ok(await canSignIn(login, DEMO_PASSWORD));
  }
});

test('secadmin cannot approve its own reset request, and half a password opens nothing', async () => {
  const id = staff.get('auditor').id;
  const req = await as.secadmin.post(pw(id), { request: true });
  assert.equal(req.status, 202, req.text);
  assert.equal(req.json.reset.status, 'pending');
  assert.equal(req.json.reset.requested_by, as.secadmin.user.id);
  assert.match(req.json.first_half, /^[A-Z2-9]{8}$/);
  assert.ok(!('second_half' in req.json));
  assertProblem(await as.secadmin.post(pw(id), { approve: req.json.reset.id }), 403, 'forbidden', 'approve own request');
  assertProblem(await as.secadmin.post(pw(id), { request: true }), 409, 'conflict', 'a second request while one is open');
  assert.ok(!(await canSignIn('auditor', req.json.first_half)), 'the first half signs in');
  assert.ok(await canSignIn('auditor', DEMO_PASSWORD), 'a request alone changed the password');
  // The database refuses it too, whatever the code does.
  await assert.rejects(srv.sql(`UPDATE password_resets SET status = 'approved', pending_user = NULL, approved_by = requested_by WHERE id = ${req.json.reset.id}`));
  // Other people cannot take part: the auditor itself, a unit admin.
  assertProblem(await as.unit_admin.post(pw(id), { approve: req.json.reset.id }), 404, 'not-found', 'unit_admin approves');
  assertProblem(await as.auditor.post(pw(id), { approve: req.json.reset.id }), 403, 'forbidden', 'the auditor approves');
  const listed = (await as.sysadmin.all('/api/v1/staff?role=auditor')).find((s) => s.id === id);
  assert.equal(listed.pending_reset.id, req.json.reset.id, 'the open request is shown on the staff list');
  assert.equal(listed.pending_reset.requested_by_login, 'secadmin');
  const c = await as.secadmin.post(pw(id), { cancel: req.json.reset.id });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.reset.status, 'cancelled');
  assertProblem(await as.sysadmin.post(pw(id), { approve: req.json.reset.id }), 409, 'conflict', 'approve a cancelled request');
  assert.ok(await canSignIn('auditor', DEMO_PASSWORD));
});

test('secadmin cannot grant the auditor role to an account whose password it, or anyone, knows', async () => {
  // An account made by the sysadmin, with a password both might know.
  const body = { login: `grant_${Date.now() % 1e6}`, name: '授权测试', role: 'officer', unit_id: staff.get('officer').unit_id, password: 'Known-pass-2026' };
  const c = await as.sysadmin.post('/api/v1/staff', body);
  assert.equal(c.status, 201, c.text);
  const holder = await srv.signIn(body.login, body.password);
  const g = await as.secadmin.put(`/api/v1/staff/${c.json.id}/role`, { role: 'auditor' });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.role, 'auditor');
  assert.equal(g.json.password_reset_required, true);
  assertProblem(await holder.get('/api/v1/me'), 401, 'unauthenticated', 'a session from before the grant');
  // The known password no longer signs in, and answers like any wrong one.
  const known = await srv.client().login(body.login, body.password);
  assertProblem(known, 401, 'unauthenticated', 'the old password after the grant');
  // secadmin cannot now set it, nor can the sysadmin or the unit admin.
  for (const who of ['secadmin', 'sysadmin']) {
    assertProblem(await as[who].post(pw(c.json.id), { password: 'Hijack-pass-2026' }), 403, 'forbidden', `${who} sets the new auditor's password`);
  }
  assert.ok(!(await canSignIn(body.login, 'Hijack-pass-2026')));
  // Nor the other way round: a direct reset first, then a grant, leaves a dead password too.
  const body2 = { ...body, login: `${body.login}b` };
  const c2 = await as.sysadmin.post('/api/v1/staff', body2);
  assert.equal((await as.sysadmin.post(pw(c2.json.id), { password: 'Reset-pass-2026' })).status, 204);
  assert.equal((await as.secadmin.put(`/api/v1/staff/${c2.json.id}/role`, { role: 'sysadmin' })).status, 200);
  assert.ok(!(await canSignIn(body2.login, 'Reset-pass-2026')), 'a password set before the grant signs in as sysadmin');
  // Granting a role that is not an administrator's keeps the password (the holder's own).
  const body3 = { ...body, login: `${body.login}c` };
  const c3 = await as.sysadmin.post('/api/v1/staff', body3);
  assert.equal((await as.secadmin.put(`/api/v1/staff/${c3.json.id}/role`, { role: 'station_chief' })).json.password_reset_required, false);
  assert.ok(await canSignIn(body3.login, body3.password));
});

test('nobody changes their own role, and only secadmin changes roles', async () => {
  assertProblem(await as.secadmin.put(`/api/v1/staff/${as.secadmin.user.id}/role`, { role: 'auditor' }), 403, 'forbidden', 'own role');
  assertProblem(await as.sysadmin.put(`/api/v1/staff/${as.sysadmin.user.id}/role`, { role: 'secadmin' }), 403, 'forbidden', 'sysadmin, own role');
  assertProblem(await as.sysadmin.put(`/api/v1/staff/${staff.get('auditor').id}/role`, { role: 'officer' }), 403, 'forbidden', 'sysadmin changes a role');
  assertProblem(await as.secadmin.post(pw(as.secadmin.user.id), { request: true }), 403, 'forbidden', 'reset of own password');
  // Nor can it make itself a fresh auditor account with a password of its choosing.
  const body = { login: 'shadow_auditor', name: '影子审计', role: 'auditor', unit_id: staff.get('officer').unit_id, password: 'Shadow-pass-2026' };
  assertProblem(await as.secadmin.post('/api/v1/staff', body), 403, 'forbidden', 'secadmin creates an auditor');
  assertProblem(await as.secadmin.post('/api/v1/staff', { ...body, role: 'officer' }), 403, 'forbidden', 'secadmin creates any account');
  assert.equal(await srv.value("SELECT count(*) FROM users WHERE login = 'shadow_auditor'"), '0');
});

test('the two-person reset: one requests, another approves, only the holder gets both halves', async () => {
  // A newly granted auditor (its password is dead) gets in through it.
  const body = { login: `reset_${Date.now() % 1e6}`, name: '重置测试', role: 'officer', unit_id: staff.get('officer').unit_id, password: 'Known-pass-2026' };
  const c = await as.sysadmin.post('/api/v1/staff', body);
  const id = c.json.id;
  assert.equal((await as.secadmin.put(`/api/v1/staff/${id}/role`, { role: 'auditor' })).status, 200);
  assertInvalid(await as.secadmin.post(pw(id), {}), 'password', 'an empty body');
  assertInvalid(await as.secadmin.post(pw(id), { request: true, approve: 1 }), 'password', 'two actions at once');
  const req = await as.secadmin.post(pw(id), { request: true });
  assert.equal(req.status, 202, req.text);
  const app = await as.sysadmin.post(pw(id), { approve: req.json.reset.id });
  assert.equal(app.status, 200, app.text);
  assert.equal(app.json.reset.status, 'approved');
  assert.equal(app.json.reset.approved_by, as.sysadmin.user.id);
  assert.match(app.json.second_half, /^[A-Z2-9]{8}$/);
  assert.ok(!('first_half' in app.json), 'the approver sees the first half');
  assertProblem(await as.sysadmin.post(pw(id), { approve: req.json.reset.id }), 409, 'conflict', 'approved twice');
  const { first_half: a } = req.json;
  const { second_half: b } = app.json;
  assert.ok(!(await canSignIn(body.login, a)), 'first half alone');
  assert.ok(!(await canSignIn(body.login, b)), 'second half alone');
  assert.ok(!(await canSignIn(body.login, body.password)), 'the old password');
  const holder = srv.client();
  const r = await holder.login(body.login, a + b);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.role, 'auditor');
  assert.equal(r.json.user.credentials_temporary, true);
  assert.equal((await holder.post('/api/v1/me/password', { current_password: a + b, new_password: 'Own-choice-2026' })).status, 204);
  assert.equal((await holder.get('/api/v1/me')).json.user.credentials_temporary, false);
  assert.ok(await canSignIn(body.login, 'Own-choice-2026'));
  const listed = (await as.secadmin.all('/api/v1/staff?role=auditor')).find((s) => s.id === id);
  assert.equal(listed.pending_reset, null);
  assert.equal(listed.password_reset_required, false);
  const log = await as.auditor.all(`/api/v1/audit?actor_id=${as.sysadmin.user.id}`);
  assert.ok(log.some((e) => e.action === 'staff.password.reset.approve' && String(e.object_id) === String(id)), 'approval not audited');
});

test('managers still reset the passwords of ordinary staff directly, and only with a password', async () => {
  const aux = staff.get('auxiliary').id;
  assertInvalid(await as.unit_admin.post(pw(aux), { request: true }), 'request', 'a two-person request for an ordinary account');
  assert.equal((await as.unit_admin.post(pw(aux), { password: 'Reset-aux-2026' })).status, 204);
  assert.ok(await canSignIn('auxiliary', 'Reset-aux-2026'));
  assertProblem(await as.secadmin.post(pw(aux), { password: 'Hijack-pass-2026' }), 403, 'forbidden', 'secadmin resets an auxiliary');
});
