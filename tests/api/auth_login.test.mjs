// Sign-in throttling that nobody can turn into a lock-out or an oracle
// (issue 7): limits per (address, login) and per login, the same answer for
// unknown logins, disabled accounts and wrong passwords, and the "known
// device" cookie that lets the holder in while the account is under attack.
// Requests come from several loopback addresses (127.0.0.x) so that the
// server sees different clients.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, registerCitizen, assertProblem, phone, DEMO_PASSWORD, loginFromAddress
} from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

let nextAddr = 10;
/** A loopback address no other test in this file has used. */
const freshAddr = () => `127.0.0.${nextAddr++}`;

/** POST /api/v1/auth/login from localAddress; returns the harness's response shape. */
function loginFrom(localAddress, login, password, cookie) {
  return loginFromAddress(srv, localAddress, login, password, { cookie });
}


/** What a failed sign-in shows a client, without the per-request parts. */
const shape = (r) => ({
  status: r.status,
  type: r.json?.type,
  title: r.json?.title,
  detail: r.json?.detail?.replace(/\d+/g, 'N'), // the minutes may tick over between two answers
  keys: Object.keys(r.json || {}).sort(),
  retryAfter: r.headers.get('retry-after') !== null,
  cookies: r.setCookies.length,
});

const deviceCookie = (r) => {
  const sc = r.setCookies.find((s) => s.startsWith('jw_device='));
  return sc && sc.split(';')[0];
};

test('from one address: a real and an unknown login get the same answers, and the lock stays with that address', async () => {
  const u = await registerCitizen(srv);
  const ghost = phone(); // never registered
  const attacker = freshAddr();
  for (let i = 0; i < 5; i++) {
    const real = await loginFrom(attacker, u.phone, `Wrong-${i}-pass`);
    const unknown = await loginFrom(attacker, ghost, `Wrong-${i}-pass`);
    assertProblem(real, 401, 'unauthenticated', `real account, attempt ${i + 1}`);
    assert.deepEqual(shape(unknown), shape(real), `attempt ${i + 1}: unknown login answered differently`);
  }
  const real = await loginFrom(attacker, u.phone, u.password);
  const unknown = await loginFrom(attacker, ghost, u.password);
  assertProblem(real, 429, 'locked', 'sixth attempt from the same address, right password');
  assert.deepEqual(shape(unknown), shape(real), 'sixth attempt: unknown login answered differently');
  const ra = Number(real.headers.get('retry-after'));
  assert.ok(ra > 0 && ra <= 15 * 60, `Retry-After ${ra}`);
  // The owner, from another address, is not locked out by the stranger.
  const owner = await loginFrom(freshAddr(), u.phone, u.password);
  assert.equal(owner.status, 200, `owner locked out by a stranger: ${owner.text}`);
});

test('many addresses: the account is throttled for new devices, unknown logins alike, but a known device gets in', async () => {
  const u = await registerCitizen(srv);
  const other = await registerCitizen(srv);
  const ghost = phone();
  // The holder signed in on their phone last week: it keeps a signed device cookie.
  const first = await loginFrom(freshAddr(), u.phone, u.password);
  assert.equal(first.status, 200, first.text);
  const device = deviceCookie(first);
  assert.ok(device, `no jw_device cookie at sign-in: ${first.setCookies}`);
  const attrs = first.setCookies.find((s) => s.startsWith('jw_device=')).split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), `device cookie not HttpOnly: ${attrs}`);
  assert.ok(attrs.some((a) => a.startsWith('path=/api/v1/auth')), `device cookie path: ${attrs}`);
  assert.ok(attrs.some((a) => /^max-age=\d+$/.test(a)), `device cookie not persistent: ${attrs}`);
  const otherDevice = deviceCookie(await loginFrom(freshAddr(), other.phone, other.password));

  // A botnet: 4 addresses, 5 wrong passwords each (20 failures), on the real and on an unknown login.
  for (let a = 0; a < 4; a++) {
    const addr = freshAddr();
    for (let i = 0; i < 5; i++) {
      assert.equal((await loginFrom(addr, u.phone, `Guess-${a}-${i}x`)).status, 401);
      assert.equal((await loginFrom(addr, ghost, `Guess-${a}-${i}x`)).status, 401);
    }
  }
  // A new device, even with the right password, waits; an unknown login says exactly the same.
  const fresh = freshAddr();
  const real = await loginFrom(fresh, u.phone, u.password);
  const unknown = await loginFrom(fresh, ghost, u.password);
  assertProblem(real, 429, 'locked', 'new device during the attack');
  assert.deepEqual(shape(unknown), shape(real), 'unknown login answered differently during the attack');
  // Forged or borrowed device cookies do not help.
  const forged = device.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
  assertProblem(await loginFrom(freshAddr(), u.phone, u.password, forged), 429, 'locked', 'forged device cookie');
  assertProblem(await loginFrom(freshAddr(), u.phone, u.password, otherDevice), 429, 'locked', "another account's device cookie");
  // The holder's known device still gets in, from any address.
  const known = await loginFrom(freshAddr(), u.phone, u.password, device);
  assert.equal(known.status, 200, `known device refused during the attack: ${known.text}`);
  assert.equal(deviceCookie(known), device, 'the device keeps its id');
  // But a known device with a wrong password is still counted per address.
  const thief = freshAddr();
  for (let i = 0; i < 5; i++) assert.equal((await loginFrom(thief, u.phone, `Stolen-${i}-x`, device)).status, 401);
  assertProblem(await loginFrom(thief, u.phone, u.password, device), 429, 'locked', 'known device past the per-address limit');
});

test('a disabled account answers 401 like a wrong password, whatever the password', async () => {
  const ua = await srv.signIn('unit_admin');
  const station = (await srv.signIn('station_chief')).user.unit_id;
  const body = { login: `gone_${Date.now() % 1e6}`, name: '停用测试', role: 'officer', unit_id: station, password: 'Staff-pass-2026' };
  const c = await ua.post('/api/v1/staff', body);
  assert.equal(c.status, 201, c.text);
  assert.equal((await ua.put(`/api/v1/staff/${c.json.id}`, { name: body.name, unit_id: station, disabled: true })).status, 200);
  const addr = freshAddr();
  const right = await loginFrom(addr, body.login, body.password);
  const wrong = await loginFrom(addr, body.login, 'Wrong-pass-2026');
  const unknown = await loginFrom(addr, `${body.login}_x`, body.password);
  assertProblem(right, 401, 'unauthenticated', 'disabled account, right password');
  assert.deepEqual(shape(right), shape(wrong), 'right and wrong password of a disabled account differ');
  assert.deepEqual(shape(right), shape(unknown), 'disabled and unknown account differ');
});

test('failed sign-ins do not tell staff from citizens', async () => {
  const addr = freshAddr();
  const staff = await loginFrom(addr, 'officer', 'Wrong-pass-2026');
  const citizen = await loginFrom(addr, '13800138000', 'Wrong-pass-2026');
  assertProblem(staff, 401, 'unauthenticated');
  assert.deepEqual(shape(citizen), shape(staff));
});

test('an unknown login costs about as much time as a wrong password (a hash against a dummy)', async (t) => {
  // At the real cost (not the tests' --pwhash min) the hash is most of a
  // sign-in, as in production; at min, database noise would decide.
  const real = await startServer({ env: { JINGWU_PWHASH: 'interactive' } });
  t.after(() => real.stop());
  const loginFrom = (addr, login, password) => loginFromAddress(real, addr, login, password);
  const addrs = [freshAddr(), freshAddr()];
  const times = { real: [], unknown: [] };
  for (let i = 0; i < 8; i++) {
    const addr = addrs[i % 2];
    // Different logins each time so that no limit is reached.
    times.real.push((await loginFrom(addr, i % 2 ? 'officer' : 'auxiliary', `Wrong-${i}-pass`)).ms);
    times.unknown.push((await loginFrom(addr, `nobody_${i}`, `Wrong-${i}-pass`)).ms);
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const [r, u] = [median(times.real), median(times.unknown)];
  assert.ok(u > r * 0.5 && u < r * 2.5, `median ${u.toFixed(1)} ms for unknown logins, ${r.toFixed(1)} ms for real ones`);
});

test('password change: the current password is required, and guessing it is limited', async () => {
  const u = await registerCitizen(srv);
  const c = await srv.signIn(u.phone, u.password);
  const PW = '/api/v1/me/password';
  assert.equal((await c.post(PW, { new_password: 'Brand-new-9x' })).status, 422, 'no current password');
  for (let i = 0; i < 10; i++) {
    assert.equal((await c.post(PW, { current_password: `Guess-${i}-pw`, new_password: 'Brand-new-9x' })).status, 422);
  }
  const r = await c.post(PW, { current_password: u.password, new_password: 'Brand-new-9x' });
  assertProblem(r, 429, 'rate-limited', 'eleventh try');
  assert.equal((await srv.client().login(u.phone, u.password)).status, 200, 'password changed by a refused request');
});

test('the known-device cookie comes with a successful sign-in only', async () => {
  const addr = freshAddr();
  const bad = await loginFrom(addr, 'auxiliary', 'Wrong-pass-2026');
  assert.equal(bad.setCookies.length, 0, `cookies on a failed sign-in: ${bad.setCookies}`);
  const ok = await loginFrom(addr, 'auxiliary', DEMO_PASSWORD);
  assert.equal(ok.status, 200, ok.text);
  assert.ok(deviceCookie(ok));
  assert.ok(ok.setCookies.some((s) => s.startsWith('jw_session=')));
});
