// Every acknowledged write survives `kill -9`: concurrent sign-ups for a few
// seconds, the server killed with SIGKILL in the middle of them, restarted on
// the same database; every sign-up that was answered 201 must be there (row,
// sign-in through the server), and the audit chain must still verify.
// Writes whose answer never came may or may not be there: both are fine.
// Runs on the harness's database (JW_TEST_DB: sqlite or postgres).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, citizen } from './harness.mjs';

const WORKERS = 12;
const MIN_ACKS = 30; // fewer and the run proves too little
const LOAD_MIN_MS = 1500; // the kill comes between these two, at random
const LOAD_MAX_MS = 3500;
const LOAD_CAP_MS = 15000; // hard bound when the server is slow to acknowledge

let srv;
before(async () => {
  srv = await startServer({ env: { JINGWU_LOGIN_IP_LIMIT: '1000000' } });
});
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('every sign-up acknowledged before kill -9 is there after the restart', async (t) => {
  const acked = []; // {id, phone, password}
  const refused = new Map(); // status -> count (4xx/5xx answers: not acknowledged)
  let stop = false;

  async function worker() {
    const c = srv.client();
    while (!stop) {
      const body = citizen();
      let r;
      try {
        r = await c.post('/api/v1/auth/register', body);
      } catch {
        return; // the server is gone: this write was never acknowledged
      }
      if (r.status === 201 && r.json?.user?.id) {
        acked.push({ id: r.json.user.id, phone: body.phone, password: body.password });
      } else {
        refused.set(r.status, (refused.get(r.status) || 0) + 1);
        if (r.status === 429 || r.status === 503) await sleep(20);
      }
    }
  }

  const started = Date.now();
  const workers = Array.from({ length: WORKERS }, worker);
  const killAt = LOAD_MIN_MS + Math.floor(Math.random() * (LOAD_MAX_MS - LOAD_MIN_MS));
  while (Date.now() - started < LOAD_CAP_MS && (Date.now() - started < killAt || acked.length < MIN_ACKS)) {
    await sleep(20);
  }
  const gone = new Promise((r) => srv.proc.once('exit', (code, signal) => r(signal)));
  srv.proc.kill('SIGKILL');
  const ackedAtKill = acked.length;
  assert.equal(await gone, 'SIGKILL');
  stop = true;
  await Promise.all(workers);
  // Answers read after the kill came from the kernel's buffers: the server
  // had sent them before it died, so they count too.
  assert.ok(acked.length >= MIN_ACKS,
    `only ${acked.length} sign-ups acknowledged in ${Date.now() - started} ms ` +
    `(refused: ${JSON.stringify([...refused])})\n${srv.serverLog()}`);

  t.diagnostic(`${acked.length} sign-ups acknowledged (${ackedAtKill} before the kill) in ` +
    `${Date.now() - started} ms, killed at ${killAt} ms; refused: ${JSON.stringify([...refused])}`);

  await srv.restart();

  const ids = new Set((await srv.rows('SELECT id FROM users')).map((row) => Number(row[0])));
  const lost = acked.filter((a) => !ids.has(a.id));
  assert.deepEqual(lost.map((a) => a.id), [],
    `${lost.length} of ${acked.length} acknowledged sign-ups lost after kill -9 ` +
    `(${ackedAtKill} acknowledged at the kill)`);
  const logins = new Set((await srv.rows('SELECT login FROM users')).map((row) => row[0]));
  assert.deepEqual(acked.filter((a) => !logins.has(a.phone)).map((a) => a.phone), []);

  // Readable through the restarted server too: the first, the last and a
  // few between sign in with their passwords.
  const sample = [acked[0], acked[acked.length - 1],
    ...Array.from({ length: 3 }, () => acked[Math.floor(Math.random() * acked.length)])];
  for (const a of sample) {
    const r = await srv.client().login(a.phone, a.password);
    assert.equal(r.status, 200, `sign-in of acknowledged ${a.phone} after kill -9: ${r.text}`);
    assert.equal(r.json.user.id, a.id);
  }

  // The audit chain written under load is whole.
  const v = await srv.cli(['audit', 'verify'], { timeout: 120000 });
  assert.equal(v.code, 0, `audit verify after kill -9:\n${v.stdout}\n${v.stderr}`);
});
