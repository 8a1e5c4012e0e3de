// Integrity violations that reach the database answer with a problem a
// person can read (a row still in use → 409 in-use), never the database's
// own text ("FOREIGN KEY constraint failed", "violates foreign key
// constraint …_fkey"), and nothing half-written. The same on SQLite and
// PostgreSQL. (Every kind of violation — unique, foreign key both ways,
// check, not null — is covered per driver in tests/unit/test_db.c.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem } from './harness.mjs';

let srv, sys;
before(async () => {
  srv = await startServer();
  sys = await srv.signIn('sysadmin');
});
after(async () => { await srv?.stop(); });

/** Words that only a database (or its driver) would say. */
const SQL_WORDS = /constraint|foreign key|unique|violat|_fkey|_key\b|sqlite|postgres|\bSQL\b|\binsert\b|\bdelete from\b|\bunits\.|\bservices\.|relation|table/i;

function assertHuman(r, label) {
  assert.ok(!SQL_WORDS.test(r.json.detail), `${label}: the detail leaks database text: ${r.json.detail}`);
  assert.ok(!SQL_WORDS.test(r.json.title), `${label}: the title leaks database text: ${r.json.title}`);
  assert.ok(r.json.detail.length > 10, `${label}: detail too short: ${r.json.detail}`);
}

test('deleting a unit that other records still point to → 409 in-use, human detail, the unit stays', async () => {
  // An inspection station with no sub-units, officers or staff, but with
  // its weekly slot template: only the database knows it is in use.
  const id = await srv.value("SELECT u.id FROM units u WHERE u.kind = 'inspection_station'"
    + ' AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)'
    + ' AND NOT EXISTS (SELECT 1 FROM officers o WHERE o.unit_id = u.id)'
    + ' AND NOT EXISTS (SELECT 1 FROM users x WHERE x.unit_id = u.id)'
    + ' AND EXISTS (SELECT 1 FROM inspection_templates t WHERE t.station_id = u.id) ORDER BY u.id LIMIT 1');
  assert.ok(id, 'the demo has no inspection station with only a template');
  const auditBefore = await srv.value('SELECT count(*) FROM audit_log');
  const r = await sys.del(`/api/v1/units/${id}`);
  assertProblem(r, 409, 'in-use', 'DELETE a unit still in use');
  assertHuman(r, 'in-use');
  assert.equal(await srv.value(`SELECT count(*) FROM units WHERE id = ${id}`), '1', 'the unit was deleted');
  assert.equal(await srv.value('SELECT count(*) FROM audit_log'), auditBefore, 'an audit row of a change that did not happen');
  // In Chinese too.
  const zh = await sys.del(`/api/v1/units/${id}`, { headers: { 'Accept-Language': 'zh-CN' } });
  assertProblem(zh, 409, 'in-use', 'zh');
  assertHuman(zh, 'in-use (zh)');
  assert.match(zh.json.detail, /[\u4e00-\u9fff]/, `not Chinese: ${zh.json.detail}`);
});
