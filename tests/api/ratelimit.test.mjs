// Per-IP login limit: a server started with JINGWU_LOGIN_IP_LIMIT=5 allows five
// login attempts from 127.0.0.1 and refuses the sixth, even a right one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, DEMO_CITIZEN, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ env: { JINGWU_LOGIN_IP_LIMIT: '5' } }); });
after(async () => { await srv?.stop(); });

test('per-IP login limit: 5 attempts, then 429 rate-limited with Retry-After', async () => {
  // Unknown logins, so that no account lock can be the reason for the 429.
  for (let i = 0; i < 5; i++) {
    assertProblem(await srv.client().login(`nobody${i}`, 'Wrong-pass-1'), 401, 'unauthenticated', `attempt ${i + 1}`);
  }
  const c = srv.client();
  const r = await c.login(DEMO_CITIZEN, DEMO_PASSWORD);
  assertProblem(r, 429, 'rate-limited', 'sixth attempt');
  const ra = r.headers.get('retry-after');
  assert.match(ra || '', /^\d+$/, `Retry-After: ${ra}`);
  assert.ok(Number(ra) > 0 && Number(ra) <= 600, `Retry-After ${ra}`);
  assert.equal(c.cookies.size, 0, 'a refused login set a cookie');
  // The limit is about logins: the rest of the API still answers.
  assert.equal((await srv.client().get('/api/v1/units?limit=1')).status, 200);
  assert.equal((await srv.client().get('/healthz')).status, 200);
});
