// The audit log: only the auditor reads it; logins (good and bad) are in it;
// paging; the hash chain detects a changed and a deleted row, through the CLI
// (`jingwu audit verify`) and the API (/api/v1/audit/verify).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, DEMO_PASSWORD } from './harness.mjs';

let srv;
let auditor;
before(async () => {
  srv = await startServer();
  auditor = await srv.signIn('auditor');
});
after(async () => { await srv?.stop(); });

const verifyApi = async () => {
  const r = await auditor.get('/api/v1/audit/verify');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const verifyCli = () => srv.cli(['audit', 'verify']);

test('only the auditor reads the log', async () => {
  for (const who of ['sysadmin', 'secadmin', 'unit_admin', 'station_chief', 'officer']) {
    const c = await srv.signIn(who);
    assertProblem(await c.get('/api/v1/audit'), 403, 'forbidden', `${who} GET /audit`);
    assertProblem(await c.get('/api/v1/audit/verify'), 403, 'forbidden', `${who} GET /audit/verify`);
  }
  const cit = await srv.signIn('13800138000');
  assertProblem(await cit.get('/api/v1/audit'), 403, 'forbidden', 'citizen');
  assertProblem(await srv.client().get('/api/v1/audit'), 401, 'unauthenticated', 'anonymous');
  const r = await auditor.get('/api/v1/audit');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length > 0);
});

test('logins are audited: success and failure, with actor and IP', async () => {
  const officerId = (await srv.signIn('officer')).user.id; // an earlier success
  assert.equal((await srv.client().login('officer', 'Wrong-pass-1')).status, 401);
  assert.equal((await srv.client().login('officer', DEMO_PASSWORD)).status, 200);
  const items = (await auditor.get('/api/v1/audit?limit=100')).json.items;
  const logins = items.filter((e) => e.actor_login === 'officer' && /login/i.test(e.action));
  assert.ok(logins.length >= 3, `login entries of officer: ${JSON.stringify(logins)}`);
  const [ok, bad] = logins; // newest first: the success, then the failure
  assert.notEqual(ok.action, bad.action, `success and failure share the action ${ok.action}`);
  assert.match(bad.action, /fail|denied|bad|wrong|reject|error/i, `failure action: ${bad.action}`);
  assert.equal(ok.actor_id, officerId);
  assert.ok(bad.actor_id === null || bad.actor_id === officerId, `failure actor_id ${bad.actor_id}`);
  assert.equal(ok.ip, '127.0.0.1');
  assert.equal(bad.ip, '127.0.0.1');
  assert.ok(ok.id > bad.id, 'newest first');
  for (const e of [ok, bad]) {
    assert.equal(typeof e.hash, 'string');
    assert.ok(e.hash.length >= 32, `hash ${e.hash}`);
  }
  assert.ok(!JSON.stringify(items).includes('Wrong-pass-1'), 'a tried password is in the audit log');
  assert.ok(!JSON.stringify(items).includes(DEMO_PASSWORD), 'a password is in the audit log');
  // Filters.
  const byAction = await auditor.all(`/api/v1/audit?action=${encodeURIComponent(bad.action)}`);
  assert.ok(byAction.length > 0 && byAction.every((e) => e.action === bad.action));
  assert.ok(byAction.some((e) => e.id === bad.id));
  const byActor = await auditor.all(`/api/v1/audit?actor_id=${officerId}`);
  assert.ok(byActor.length > 0 && byActor.every((e) => e.actor_id === officerId));
  assert.ok(byActor.some((e) => e.id === ok.id));
});

test('paging: newest first, limit=2 and next_cursor give disjoint pages', async () => {
  const p1 = await auditor.get('/api/v1/audit?limit=2');
  assert.equal(p1.json.items.length, 2);
  assert.equal(typeof p1.json.next_cursor, 'string');
  const p2 = await auditor.get(`/api/v1/audit?limit=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.equal(p2.status, 200, p2.text);
  const ids = [...p1.json.items, ...p2.json.items].map((e) => e.id);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] > ids[i], `not newest first: ${ids}`);
  assert.equal((await auditor.get('/api/v1/audit?limit=0')).status, 422);
  assert.equal((await auditor.get('/api/v1/audit?limit=101')).status, 422);
  const before = Number(await srv.value('SELECT count(*) FROM audit_log'));
  const all = await auditor.all('/api/v1/audit');
  const afterCount = Number(await srv.value('SELECT count(*) FROM audit_log'));
  assert.ok(all.length >= before && all.length <= afterCount, `listed ${all.length}, stored ${before}..${afterCount}`);
  assert.equal(new Set(all.map((e) => e.id)).size, all.length, 'an entry on two pages');
});

// The id of a row in the middle of the chain that has a non-empty detail.
async function middleRow() {
  const ids = (await srv.rows("SELECT id FROM audit_log WHERE detail IS NOT NULL AND detail <> '' ORDER BY id"))
    .map((r) => Number(r[0]));
  const max = Number(await srv.value('SELECT max(id) FROM audit_log'));
  const mid = ids.filter((i) => i < max);
  assert.ok(mid.length > 0, 'no audit row with a detail below the newest');
  return mid[Math.floor(mid.length / 2)];
}

test('audit chain: intact → verify exits 0 and ok:true', async () => {
  const r = await verifyCli();
  assert.equal(r.code, 0, `audit verify: ${r.stdout}${r.stderr}`);
  const before = Number(await srv.value('SELECT count(*) FROM audit_log'));
  const v = await verifyApi();
  const afterCount = Number(await srv.value('SELECT count(*) FROM audit_log'));
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.ok(v.rows >= before && v.rows <= afterCount, `rows ${v.rows}, stored ${before}..${afterCount}`);
  assert.equal(v.broken_at ?? null, null);
});

test('audit chain: a changed detail is detected (CLI and API), and restoring it heals', async () => {
  const id = await middleRow();
  await srv.sql(`UPDATE audit_log SET detail = detail || 'x' WHERE id = ${id}`);
  const r = await verifyCli();
  assert.equal(r.code, 1, `audit verify on a tampered row ${id}: ${r.stdout}`);
  const v = await verifyApi();
  assert.equal(v.ok, false, JSON.stringify(v));
  assert.equal(v.broken_at, id);
  // The list still answers while the chain is broken.
  assert.equal((await auditor.get('/api/v1/audit?limit=5')).status, 200);
  await srv.sql(`UPDATE audit_log SET detail = substr(detail, 1, length(detail) - 1) WHERE id = ${id}`);
  assert.equal((await verifyCli()).code, 0, 'restored row still broken');
  assert.equal((await verifyApi()).ok, true);
});

test('audit chain: a deleted row is detected (CLI and API)', async () => {
  const id = await middleRow();
  const next = Number(await srv.value(`SELECT min(id) FROM audit_log WHERE id > ${id}`));
  await srv.sql(`DELETE FROM audit_log WHERE id = ${id}`);
  const r = await verifyCli();
  assert.equal(r.code, 1, `audit verify with row ${id} deleted: ${r.stdout}`);
  const v = await verifyApi();
  assert.equal(v.ok, false, JSON.stringify(v));
  assert.ok([id, next].includes(v.broken_at), `broken_at ${v.broken_at}, deleted ${id}, next ${next}`);
});
