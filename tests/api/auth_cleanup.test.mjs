// Housekeeping in the server's tick (issue 7): expired and idle-ended
// sessions, old rate-limit rows and password-reset requests past their time
// are cleaned up. The server runs with JINGWU_CLEANUP_INTERVAL=1 so that a
// sweep comes within a few seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_CITIZEN, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ env: { JINGWU_CLEANUP_INTERVAL: '1' } }); });
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function eventually(what, fn, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) assert.fail(`${what} within ${ms} ms`);
    await sleep(200);
  }
}

test('the tick deletes expired and idle sessions and old rate-limit rows, and keeps live ones', async () => {
  const expired = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const idle = await srv.signIn('officer');
  const live = await srv.signIn('auxiliary');
  const uid = (c) => c.user.id;
  const now = Math.floor(Date.now() / 1000);
  await srv.sql(`UPDATE sessions SET expires_at = ${now - 10} WHERE user_id = ${uid(expired)}`);
  await srv.sql(`UPDATE sessions SET last_seen = ${now - 40 * 60} WHERE user_id = ${uid(idle)}`);
  await srv.sql(`INSERT INTO rate_limits (key, window_start, count) VALUES ('test-old', ${now - 3 * 86400}, 3)`);
  await srv.sql(`INSERT INTO rate_limits (key, window_start, count) VALUES ('test-new', ${now - now % 600}, 3)`);
  const count = async (where) => Number(await srv.value(`SELECT count(*) FROM sessions WHERE ${where}`));
  await eventually('the expired and the idle session are deleted', async () =>
    (await count(`user_id IN (${uid(expired)}, ${uid(idle)})`)) === 0);
  assert.equal(await count(`user_id = ${uid(live)}`), 1, 'a live session was deleted');
  assert.equal((await live.get('/api/v1/me')).status, 200);
  await eventually('the old rate-limit row is deleted', async () =>
    (await srv.value("SELECT count(*) FROM rate_limits WHERE key = 'test-old'")) === '0');
  assert.equal(await srv.value("SELECT count(*) FROM rate_limits WHERE key = 'test-new'"), '1', 'a current rate-limit row was deleted');
});

test('the tick expires password-reset requests past their time, freeing the account for a new one', async () => {
  const sec = await srv.signIn('secadmin');
  const auditor = (await sec.all('/api/v1/staff?role=auditor'))[0];
  const req = await sec.post(`/api/v1/staff/${auditor.id}/password`, { request: true });
  assert.equal(req.status, 202, req.text);
  await srv.sql(`UPDATE password_resets SET expires_at = ${Math.floor(Date.now() / 1000) - 5} WHERE id = ${req.json.reset.id}`);
  await eventually('the request is marked expired', async () =>
    (await srv.value(`SELECT status FROM password_resets WHERE id = ${req.json.reset.id}`)) === 'expired');
  const sys = await srv.signIn('sysadmin');
  assert.equal((await sys.post(`/api/v1/staff/${auditor.id}/password`, { approve: req.json.reset.id })).status, 409,
    'an expired request was approved');
  assert.equal((await sec.post(`/api/v1/staff/${auditor.id}/password`, { request: true })).status, 202);
});
