// Sessions: login, cookie flags, wrong password, lockout, /me, logout, CSRF,
// password change ending the other sessions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, registerCitizen, assertProblem, assertInvalid,
  DEMO_CITIZEN, DEMO_PASSWORD,
} from './harness.mjs';

const LOGIN = '/api/v1/auth/login';
let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('login OK: cookie HttpOnly, SameSite=Lax, Path=/; user and csrf_token returned', async () => {
  const c = srv.client();
  const r = await c.login(DEMO_CITIZEN, DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  const sc = r.setCookies.find((s) => s.startsWith('jw_session='));
  assert.ok(sc, `no jw_session cookie: ${r.setCookies}`);
  assert.ok(sc.split('=')[1].split(';')[0].length >= 16, `short session token: ${sc}`);
  const attrs = sc.split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), sc);
  assert.ok(attrs.includes('samesite=lax'), sc);
  assert.ok(attrs.includes('path=/'), sc);
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 16, 'csrf_token too short');
  assert.equal(r.json.user.login, DEMO_CITIZEN);
  assert.equal(r.json.user.role, 'citizen');
  assert.ok(!Object.keys(r.json.user).some((k) => /pass|hash/i.test(k)), r.text);
  // Two logins get two different sessions and tokens.
  const c2 = srv.client();
  await c2.login(DEMO_CITIZEN, DEMO_PASSWORD);
  assert.notEqual(c2.cookies.get('jw_session'), c.cookies.get('jw_session'));
  assert.notEqual(c2.csrf, c.csrf);
});

test('staff login uses the user name', async () => {
  const c = srv.client();
  const r = await c.login('unit_admin', DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.kind, 'staff');
  assert.equal(r.json.user.role, 'unit_admin');
  assert.equal(r.json.user.unit_name, '椒江分局');
});

test('wrong password and unknown login → 401, no cookie', async () => {
  for (const [login, password] of [[DEMO_CITIZEN, 'Wrong@2026'], ['13999999999', DEMO_PASSWORD], ['nobody', 'x']]) {
    const c = srv.client();
    const r = await c.login(login, password);
    assertProblem(r, 401, 'unauthenticated', `${login}`);
    assert.equal(c.cookies.size, 0, 'a cookie was set on a failed login');
  }
});

test('login input is validated like every body', async () => {
  const c = srv.client();
  assertInvalid(await c.post(LOGIN, { login: DEMO_CITIZEN }), 'password', 'missing password');
  assertInvalid(await c.post(LOGIN, { login: 13800138000, password: DEMO_PASSWORD }), 'login', 'login as number');
  assertInvalid(await c.post(LOGIN, { login: DEMO_CITIZEN, password: DEMO_PASSWORD, remember: true }), 'remember', 'unknown field');
  assertProblem(await c.req('POST', LOGIN, { raw: '{login:', headers: {} }), 400, 'bad-json', 'bad JSON');
  assertProblem(await c.req('POST', LOGIN, { raw: 'login=a&password=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type', 'form body');
});

test('lockout: 5 wrong passwords, then even the right one → 429 locked with Retry-After', async () => {
  const u = await registerCitizen(srv);
  for (let i = 0; i < 5; i++) {
    assertProblem(await srv.client().login(u.phone, `Wrong-${i}-pass`), 401, 'unauthenticated', `attempt ${i + 1}`);
  }
  const c = srv.client();
  const r = await c.login(u.phone, u.password);
  assertProblem(r, 429, 'locked', 'right password on a locked account');
  const ra = r.headers.get('retry-after');
  assert.match(ra || '', /^\d+$/, `Retry-After: ${ra}`);
  assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `Retry-After ${ra}`);
  assert.equal(c.cookies.size, 0);
  // Another account is not affected.
  assert.equal((await srv.client().login(DEMO_CITIZEN, DEMO_PASSWORD)).status, 200);
});

test('four failures then the right password still signs in', async () => {
  const u = await registerCitizen(srv);
  for (let i = 0; i < 4; i++) assert.equal((await srv.client().login(u.phone, 'Wrong-pass-1')).status, 401);
  assert.equal((await srv.client().login(u.phone, u.password)).status, 200);
});

test('/me: 401 anonymous, 200 signed in with the unmasked own data', async () => {
  assertProblem(await srv.client().get('/api/v1/me'), 401, 'unauthenticated');
  const bogus = srv.client();
  bogus.cookies.set('jw_session', 'not-a-session-token-0123456789abcdef');
  assertProblem(await bogus.get('/api/v1/me'), 401, 'unauthenticated', 'forged cookie');

  const u = await registerCitizen(srv);
  const c = await srv.signIn(u.phone, u.password);
  const r = await c.get('/api/v1/me');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.id, u.id);
  assert.equal(r.json.user.phone, u.phone);
  assert.equal(r.json.user.id_number, u.id_number);
  assert.equal(r.json.user.name, u.name);
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 16);
});

test('logout with CSRF → 204, cookie cleared, the old session is dead on the server', async () => {
  const c = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const stolen = c.clone();
  const r = await c.post('/api/v1/auth/logout');
  assert.equal(r.status, 204, r.text);
  const sc = r.setCookies.find((s) => s.startsWith('jw_session='));
  assert.ok(sc, 'logout does not clear the cookie');
  assert.ok(/max-age=0|expires=thu, 01 jan 1970/i.test(sc) || /^jw_session=;/.test(sc), sc);
  assertProblem(await c.get('/api/v1/me'), 401, 'unauthenticated', 'after logout');
  assertProblem(await stolen.get('/api/v1/me'), 401, 'unauthenticated', 'old cookie after logout');
});

test('logout without a session → 401', async () => {
  assertProblem(await srv.client().post('/api/v1/auth/logout'), 401, 'unauthenticated');
});

// Unsafe requests with a session cookie but no / a wrong X-CSRF-Token.
const csrfCases = [
  { label: 'logout', method: 'POST', path: '/api/v1/auth/logout' },
  { label: 'change password', method: 'POST', path: '/api/v1/me/password', body: { current_password: DEMO_PASSWORD, new_password: 'Changed@2026x' } },
  { label: 'page view', method: 'POST', path: '/api/v1/stats/page-view' },
  { label: 'create unit', method: 'POST', path: '/api/v1/units', body: { parent_id: 1, kind: 'station', name: '不该建立的派出所' } },
  { label: 'update officer', method: 'PUT', path: '/api/v1/officers/1', body: { unit_id: 1, name: '张三', kind: 'auxiliary' } },
  { label: 'delete officer', method: 'DELETE', path: '/api/v1/officers/1' },
  { label: 'delete unit', method: 'DELETE', path: '/api/v1/units/1' },
];

test('unsafe methods with a session cookie need X-CSRF-Token: missing or wrong → 403 csrf', async () => {
  const sys = await srv.signIn('sysadmin');
  const officersBefore = await srv.value('SELECT count(*) FROM officers');
  const unitsBefore = await srv.value('SELECT count(*) FROM units');
  for (const cs of csrfCases) {
    for (const csrf of [false, 'wrong-token-0123456789abcdef', '']) {
      const headers = csrf === '' ? { 'X-CSRF-Token': '' } : {};
      const r = await sys.req(cs.method, cs.path, { body: cs.body, csrf: csrf === '' ? undefined : csrf, headers });
      assertProblem(r, 403, 'csrf', `${cs.label} with csrf=${JSON.stringify(csrf)}`);
    }
  }
  // Nothing happened: still signed in, password unchanged, nothing deleted or created.
  assert.equal((await sys.get('/api/v1/me')).status, 200);
  assert.equal((await srv.client().login('sysadmin', DEMO_PASSWORD)).status, 200);
  assert.equal(await srv.value('SELECT count(*) FROM officers'), officersBefore);
  assert.equal(await srv.value('SELECT count(*) FROM units'), unitsBefore);
  // Another session's token is not this session's token.
  const other = await srv.signIn('sysadmin');
  assertProblem(await sys.post('/api/v1/stats/page-view', undefined, { csrf: other.csrf }), 403, 'csrf', 'token of another session');
  // And with the right token it works.
  assert.equal((await sys.post('/api/v1/stats/page-view')).status, 204);
});

test('requests without a session cookie need no CSRF token', async () => {
  assert.equal((await srv.client().post('/api/v1/stats/page-view')).status, 204);
  assert.equal((await srv.client().login(DEMO_CITIZEN, DEMO_PASSWORD)).status, 200);
});

test('page views are counted', async () => {
  const a = (await srv.client().get('/api/v1/stats/public')).json.page_views;
  // Three pages loaded by a browser (repeats and robots are not counted: misc_notify_time).
  const headers = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36' };
  for (let i = 0; i < 3; i++) assert.equal((await srv.client().post('/api/v1/stats/page-view', { path: `/counted-${i}` }, { headers })).status, 204);
  // Counted in memory, stored by the next tick (about a second).
  await new Promise((r) => setTimeout(r, 1300));
  const b = (await srv.client().get('/api/v1/stats/public')).json.page_views;
  assert.equal(b, a + 3);
});

test('change password: wrong current → 422, weak new → 422, OK → 204 and the other sessions end', async () => {
  const u = await registerCitizen(srv);
  const a = await srv.signIn(u.phone, u.password);
  const b = await srv.signIn(u.phone, u.password);
  const PW = '/api/v1/me/password';
  assertInvalid(await a.post(PW, { current_password: 'Not-the-pass1', new_password: 'Brand-new-9' }), 'current_password', 'wrong current');
  assertInvalid(await a.post(PW, { current_password: u.password, new_password: 'short1' }), 'new_password', 'short new');
  assertInvalid(await a.post(PW, { current_password: u.password, new_password: '123456789012' }), 'new_password', 'digits only');
  assertInvalid(await a.post(PW, { current_password: u.password, new_password: u.phone }), 'new_password', 'equal to phone');
  assert.equal((await b.get('/api/v1/me')).status, 200, 'failed changes must not end sessions');

  const r = await a.post(PW, { current_password: u.password, new_password: 'Brand-new-9' });
  assert.equal(r.status, 204, r.text);
  assert.equal((await a.get('/api/v1/me')).status, 200, 'this session stays');
  assertProblem(await b.get('/api/v1/me'), 401, 'unauthenticated', 'other session after password change');
  assertProblem(await srv.client().login(u.phone, u.password), 401, 'unauthenticated', 'old password');
  assert.equal((await srv.client().login(u.phone, 'Brand-new-9')).status, 200);
});

test('change password needs a session', async () => {
  assertProblem(await srv.client().post('/api/v1/me/password', { current_password: 'a', new_password: 'Brand-new-9' }), 401, 'unauthenticated');
});
