// Fixes of the black-box review of the issue-7 hardening (findings 1, 2, 4,
// 5 and 7): device cookies bound to their account, no lock-out of an owner
// (a proof-of-work challenge instead of a hard 429), administrator accounts
// not disabled by one person, admin-set passwords temporary and enforced,
// control characters and bidi overrides refused in text input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  startServer, registerCitizen, assertProblem, assertInvalid, citizen, phone, DEMO_PASSWORD, loginFromAddress
} from './harness.mjs';
import { applyResidence, residenceForm } from './service_hall.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

let nextAddr = 10;
/** A loopback address no other test in this file has used. */
const freshAddr = () => `127.0.1.${nextAddr++}`;

/** POST /api/v1/auth/login from localAddress with optional Cookie and X-PoW. */
function loginFrom(localAddress, login, password, opts) {
  return loginFromAddress(srv, localAddress, login, password, opts);
}

const deviceCookie = (r) => {
  const sc = r.setCookies.find((s) => s.startsWith('jw_device='));
  return sc && sc.split(';')[0];
};

/** Solves a challenge {nonce, difficulty} as the browser does: the X-PoW value. */
function solve({ nonce, difficulty }) {
  for (let s = 0; ; s++) {
    const h = createHash('sha256').update(`${nonce}:${s}`).digest();
    let ok = true;
    for (let i = 0; i < difficulty && ok; i++) ok = !(h[i >> 3] & (0x80 >> (i & 7)));
    if (ok) return `${nonce}:${s}`;
  }
}

/** 4 addresses × 5 wrong passwords: the 20 failures that used to lock login for everyone. */
async function attack(login) {
  for (let a = 0; a < 4; a++) {
    const addr = freshAddr();
    for (let i = 0; i < 5; i++) assert.equal((await loginFrom(addr, login, `Guess-${a}-${i}x`)).status, 401);
  }
}

test('finding 2: past the per-login limit a new device solves a challenge instead of being locked out', async () => {
  const u = await registerCitizen(srv);
  const ghost = phone();
  await attack(u.phone);
  await attack(ghost);
  const addr = freshAddr();
  const first = await loginFrom(addr, u.phone, u.password);
  assertProblem(first, 429, 'locked', 'the owner from a fifth address, no solution yet');
  const ch = first.json.challenge;
  assert.ok(ch && typeof ch.nonce === 'string' && ch.difficulty >= 8 && ch.header === 'X-PoW', first.text);
  // An unknown login under the same attack answers the same way (no oracle).
  const unknown = await loginFrom(addr, ghost, u.password);
  assert.deepEqual(Object.keys(unknown.json).sort(), Object.keys(first.json).sort(), unknown.text);
  assert.equal(unknown.status, 429);
  // The owner, with the solution, is in.
  const pow = solve(ch);
  const ok = await loginFrom(addr, u.phone, u.password, { pow });
  assert.equal(ok.status, 200, `owner locked out: ${ok.text}`);
  // A solution is spent once; a forged one does not help.
  const again = await loginFrom(addr, u.phone, u.password, { pow });
  assertProblem(again, 429, 'locked', 'reused solution');
  assert.equal(again.json.challenge_error, 'reused');
  const forged = `${ch.nonce}:not-a-solution`;
  assertProblem(await loginFrom(freshAddr(), u.phone, u.password, { pow: forged }), 429, 'locked', 'forged solution');
  // The per-(address, login) limit still holds, solution or not: every
  // request counts (a challenge answer too), the sixth is refused outright.
  const thief = freshAddr();
  let pow2;
  for (let i = 0; i < 5; i++) {
    const r = await loginFrom(thief, u.phone, `Thief-${i}-x`, { pow: pow2 });
    assert.ok(r.status === 401 || (r.status === 429 && r.json.challenge), r.text);
    pow2 = r.status === 429 ? solve(r.json.challenge) : undefined;
  }
  const sixth = await loginFrom(thief, u.phone, u.password);
  assertProblem(sixth, 429, 'locked', 'sixth try from one address');
  assert.equal(sixth.json.challenge, undefined, 'the per-address lock offers no challenge');
});

test("finding 1: a device cookie of account A gives nothing for account B", async () => {
  const a = await registerCitizen(srv);
  const b = await registerCitizen(srv);
  const mine = deviceCookie(await loginFrom(freshAddr(), a.phone, a.password));
  assert.ok(mine);
  await attack(b.phone);
  // With A's cookie, B is still under its per-login limit: a challenge, never a free try.
  const addr = freshAddr();
  const r = await loginFrom(addr, b.phone, 'Another-guess-1', { cookie: mine });
  assertProblem(r, 429, 'locked', "A's device cookie on B's login");
  assert.ok(r.json.challenge, r.text);
  // And A's cookie still works for A during an attack on A.
  await attack(a.phone);
  const own = await loginFrom(freshAddr(), a.phone, a.password, { cookie: mine });
  assert.equal(own.status, 200, own.text);
  // The cookie names its account: B's login with a cookie whose MAC is A's is refused even with B's password.
  const r2 = await loginFrom(freshAddr(), b.phone, b.password, { cookie: mine });
  assertProblem(r2, 429, 'locked', "A's device cookie with B's password");
});

/** Staff account id of a demo login, as secadmin sees it. */
async function staffId(sec, login) {
  const r = await sec.get(`/api/v1/staff?q=${login}&limit=100`);
  assert.equal(r.status, 200, r.text);
  const row = r.json.items.find((s) => s.login === login);
  assert.ok(row, `no ${login}`);
  return row;
}

test('finding 4: one administrator cannot disable, re-enable or move another administrator account', async () => {
  const sec = await srv.signIn('secadmin');
  for (const login of ['sysadmin', 'auditor']) {
    const row = await staffId(sec, login);
    const url = `/api/v1/staff/${row.id}`;
    const r = await sec.put(url, { name: row.name, unit_id: row.unit_id, disabled: true });
    assertProblem(r, 403, 'forbidden', `secadmin disabling ${login}`);
    assert.match(r.json.detail, /two|second|administrator/i);
    assert.equal((await staffId(sec, login)).disabled, false, `${login} still enabled`);
    // Renaming is still the security administrator's.
    const renamed = await sec.put(url, { name: row.name, unit_id: row.unit_id, disabled: false });
    assert.equal(renamed.status, 200, renamed.text);
  }
  // Taking the administrator role away is disabling by another name.
  const aud = await staffId(sec, 'auditor');
  assertProblem(await sec.put(`/api/v1/staff/${aud.id}/role`, { role: 'officer' }), 403, 'forbidden', 'demoting the auditor');
  // The second person is the server's operator, at the command line.
  const off = await srv.cli(['user', 'disable', 'auditor']);
  assert.equal(off.code, 0, off.stderr);
  assert.equal((await staffId(sec, 'auditor')).disabled, true);
  const on = await srv.cli(['user', 'enable', 'auditor']);
  assert.equal(on.code, 0, on.stderr);
  assert.equal((await staffId(sec, 'auditor')).disabled, false);
  assert.notEqual((await srv.cli(['user', 'disable', 'no_such_login'])).code, 0);
  // Nobody disables their own account.
  const me = await staffId(sec, 'secadmin');
  assertProblem(await sec.put(`/api/v1/staff/${me.id}`, { name: me.name, unit_id: me.unit_id, disabled: true }), 403, 'forbidden');
  // The signed-in sysadmin still works.
  const sys = await srv.signIn('sysadmin');
  assert.equal((await sys.get('/api/v1/me')).status, 200);
});

test('finding 5: a password an administrator set is temporary until its holder changes it', async () => {
  const ua = await srv.signIn('unit_admin');
  const station = (await srv.signIn('station_chief')).user.unit_id;
  const login = `temp_${Date.now() % 1e6}`;
  const created = await ua.post('/api/v1/staff', { login, name: '临时密码', role: 'officer', unit_id: station, password: 'Staff-pass-2026' });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const reset = await ua.post(`/api/v1/staff/${id}/password`, { password: 'Reset-by-admin-1' });
  assert.equal(reset.status, 204, reset.text);
  const c = srv.client();
  const signed = await c.login(login, 'Reset-by-admin-1');
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.json.user.credentials_temporary, true);
  assert.equal((await c.get('/api/v1/me')).json.user.credentials_temporary, true);
  const blocked = await c.get('/api/v1/me/notifications');
  assertProblem(blocked, 403, 'forbidden', 'temporary credentials on another route');
  assert.match(blocked.json.detail, /change your password first/i);
  assertProblem(await c.get('/api/v1/staff'), 403, 'forbidden');
  assertProblem(await c.get('/api/v1/me/notifications', { headers: { 'Accept-Language': 'zh-CN' } }), 403, 'forbidden');
  const changed = await c.post('/api/v1/me/password', { current_password: 'Reset-by-admin-1', new_password: 'Own-choice-2026' });
  assert.equal(changed.status, 204, changed.text);
  assert.equal((await c.get('/api/v1/me')).json.user.credentials_temporary, false);
  assert.equal((await c.get('/api/v1/me/notifications')).status, 200);
  // Sign-out is allowed while temporary.
  await ua.post(`/api/v1/staff/${id}/password`, { password: 'Reset-by-admin-2' });
  const d = srv.client();
  assert.equal((await d.login(login, 'Reset-by-admin-2')).status, 200);
  assert.equal((await d.post('/api/v1/auth/logout', {})).status, 204);
});

test('finding 7: control characters and bidi overrides are refused, naming the field', async () => {
  for (const name of ['a\u0001\u001B[31mb\u202e', '王\u202e明', '王\u2066明', '王\u0007明', '王\n明', '王\u0085明']) {
    const r = await srv.client().post('/api/v1/auth/register', citizen({ name }));
    assertInvalid(r, 'name', JSON.stringify(name));
  }
  assert.equal((await srv.client().post('/api/v1/auth/register', citizen({ name: '王\t明' }))).status, 201, 'TAB is allowed');
  const u = await registerCitizen(srv);
  const c = srv.client();
  assert.equal((await c.login(u.phone, u.password)).status, 200);
  for (const address of ['台州市椒江区\u0007白云街道东山路18号', '台州市椒江区\u001B白云街道东山路18号', '台州市椒江区\u202E白云街道东山路18号']) {
    const r = await applyResidence(srv, c, { form: residenceForm({ address }) });
    assertInvalid(r, 'form.address', JSON.stringify(address));
  }
  const ok = await applyResidence(srv, c, { form: residenceForm() });
  assert.equal(ok.status, 201, ok.text);
  // A case's reason is multi-line text: line breaks yes, escapes and overrides no.
  const chief = await srv.signIn('station_chief', DEMO_PASSWORD);
  const move = (reason) => chief.post(`/api/v1/applications/${ok.json.tracking_no}/transitions`, { event: 'not_accept', reason });
  assertInvalid(await move('不属于\u001B[2J本所'), 'reason', 'ESC in a reason');
  assertInvalid(await move('不属于\u2067本所'), 'reason', 'bidi isolate in a reason');
  const moved = await move('不属于本所\n受理范围');
  assert.equal(moved.status, 200, moved.text);
});
