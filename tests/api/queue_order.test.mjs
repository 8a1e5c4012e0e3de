// The station's case queue (issue 12): waiting cases first, the nearest
// deadline first; finished ones after them; ?state=open shows only the cases
// still waiting (what the console opens with), ?state=closed the finished.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid, assertProblem, DEMO_CITIZEN } from './harness.mjs';
import { applyResidence } from './service_hall.mjs';

let srv, citizen, chief;
before(async () => {
  srv = await startServer({ env: { JINGWU_APP_OPEN_PER_ITEM: '100', JINGWU_APP_DAILY: '100' } });
  citizen = await srv.signIn(DEMO_CITIZEN);
  chief = await srv.signIn('station_chief');
});
after(async () => { await srv?.stop(); });

const FINAL = ['withdrawn', 'not_accepted', 'refused', 'completed'];

test('waiting cases first, nearest deadline first; finished ones last; state=open|closed|all', async () => {
  const made = [];
  for (let i = 0; i < 3; i++) {
    const r = await applyResidence(srv, citizen);
    assert.equal(r.status, 201, r.text);
    made.push(r.json.tracking_no);
  }
  const [far, near, done] = made;
  await srv.sql(`UPDATE applications SET due_date = '2099-12-31' WHERE tracking_no = '${far}'`);
  await srv.sql(`UPDATE applications SET due_date = '2026-01-02' WHERE tracking_no = '${near}'`);
  await srv.sql(`UPDATE applications SET status = 'completed', due_date = '2000-01-01', completed_at = 1 WHERE tracking_no = '${done}'`);

  const all = await chief.all('/api/v1/applications');
  const firstFinal = all.findIndex((i) => FINAL.includes(i.status));
  assert.ok(firstFinal > 0, 'there are waiting cases before the finished ones');
  assert.ok(all.slice(firstFinal).every((i) => FINAL.includes(i.status)), 'no waiting case after a finished one');
  const waiting = all.slice(0, firstFinal);
  for (let k = 1; k < waiting.length; k++) assert.ok(waiting[k - 1].due_date <= waiting[k].due_date, 'nearest deadline first');
  const pos = (no) => all.findIndex((i) => i.tracking_no === no);
  assert.ok(pos(near) < pos(far) && pos(far) < pos(done), `${pos(near)} ${pos(far)} ${pos(done)}`);

  const open = await chief.all('/api/v1/applications?state=open');
  assert.ok(open.length && open.every((i) => !FINAL.includes(i.status)));
  assert.equal(open[0].tracking_no === near || open[0].due_date <= '2026-01-02', true, 'the most urgent first');
  assert.ok(!open.some((i) => i.tracking_no === done));
  const closed = await chief.all('/api/v1/applications?state=closed');
  assert.ok(closed.some((i) => i.tracking_no === done) && closed.every((i) => FINAL.includes(i.status)));
  assert.equal((await chief.all('/api/v1/applications?state=all')).length, all.length);
  assertInvalid(await chief.get('/api/v1/applications?state=waiting'), 'state');
  assertProblem(await citizen.get('/api/v1/applications?state=open'), 403, 'forbidden');
  assertProblem(await srv.client().get('/api/v1/applications?state=open'), 401);
});
