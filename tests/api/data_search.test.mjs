// Searches ignore letter case the same way on SQLite and PostgreSQL: SQLite's
// LIKE folds ASCII case, PostgreSQL's does not (the driver asks for ILIKE).
// A mixed-case query finds the same rows on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

let srv, sys;
before(async () => {
  srv = await startServer();
  sys = await srv.signIn('sysadmin');
});
after(async () => { await srv?.stop(); });

test('staff search: UNIT_ADMIN and Unit_Admin find the account unit_admin', async () => {
  for (const q of ['unit_admin', 'UNIT_ADMIN', 'Unit_Admin', 'NIT_ADM']) {
    const items = await sys.all(`/api/v1/staff?q=${encodeURIComponent(q)}`);
    assert.ok(items.some((u) => u.login === 'unit_admin'), `q=${q} does not find unit_admin: ${items.map((u) => u.login)}`);
  }
});

test('unit search: a mixed-case query finds a unit with a Latin name', async () => {
  const jiaojiang = Number(await srv.value("SELECT id FROM units WHERE name = '椒江分局'"));
  const r = await sys.post('/api/v1/units', { parent_id: jiaojiang, kind: 'station', name: 'Harbour Liaison Office' });
  assert.equal(r.status, 201, r.text);
  for (const q of ['Harbour Liaison', 'harbour liaison', 'HARBOUR LIAISON', 'hArBoUr']) {
    const items = (await srv.client().get(`/api/v1/units?q=${encodeURIComponent(q)}&limit=100`)).json.items;
    assert.deepEqual(items.map((u) => u.id), [r.json.id], `q=${q}`);
  }
  // Wildcards in the query are literal; case folding does not change that.
  const none = (await srv.client().get(`/api/v1/units?q=${encodeURIComponent('HARBOUR%OFFICE')}`)).json.items;
  assert.deepEqual(none, []);
});
