// Road conditions: the public board by district with "updated N minutes
// ago", staff posting segments and incidents (traffic police only, audited),
// and incidents that end by themselves at their end time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const iso = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19) + '+08:00';
const now = () => Math.floor(Date.now() / 1000);

test('the public board: districts, segments, current incidents, minutes since the last update', async () => {
  const r = await srv.client().get('/api/v1/road-conditions');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.districts.includes('椒江区'));
  assert.ok(r.json.segments.length >= 10);
  assert.ok(r.json.incidents.length >= 2);
  assert.ok(Number.isInteger(r.json.updated_minutes_ago));
  for (const s of r.json.segments) assert.ok(['smooth', 'slow', 'congested'].includes(s.status));
  const j = await srv.client().get(`/api/v1/road-conditions?district=${encodeURIComponent('椒江区')}`);
  assert.ok(j.json.segments.length > 0 && j.json.segments.every((s) => s.district === '椒江区'));
  assertInvalid(await srv.client().get('/api/v1/road-conditions?district='), 'district');
});

test('traffic police post and change segments and incidents; others may not', async () => {
  const tp = await srv.signIn('traffic');
  const seg = await tp.post('/api/v1/road-conditions/segments', { district: '椒江区', road: '景元路', section: '全段', status: 'congested' });
  assert.equal(seg.status, 201, seg.text);
  assert.equal(seg.json.updated_minutes_ago, 0);
  const up = await tp.put(`/api/v1/road-conditions/segments/${seg.json.id}`, { status: 'smooth', note: '已疏通' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.status, 'smooth');
  assertInvalid(await tp.put(`/api/v1/road-conditions/segments/${seg.json.id}`, { status: 'jammed' }), 'status');
  assertProblem(await tp.put('/api/v1/road-conditions/segments/999999', { status: 'slow' }), 404, 'not-found');
  const t = now();
  const inc = await tp.post('/api/v1/road-conditions/incidents', {
    district: '黄岩区', kind: 'closure', place: '劳动北路（青年路—环城北路）', starts_at: iso(t - 60), ends_at: iso(t + 3600), detour: '经青年路绕行',
  });
  assert.equal(inc.status, 201, inc.text);
  assert.equal(inc.json.ends_at, iso(t + 3600));
  assertInvalid(await tp.post('/api/v1/road-conditions/incidents', { district: '黄岩区', kind: 'flood', place: '某路', starts_at: iso(t), ends_at: iso(t + 60) }), 'kind');
  assertInvalid(await tp.post('/api/v1/road-conditions/incidents', { district: '黄岩区', kind: 'weather', place: '某路', starts_at: iso(t), ends_at: iso(t - 60) }), 'ends_at');
  assertInvalid(await tp.post('/api/v1/road-conditions/incidents', { district: '黄岩区', kind: 'weather', place: '某路', starts_at: 'soon', ends_at: iso(t + 60) }), 'starts_at');
  let board = await srv.client().get('/api/v1/road-conditions');
  assert.ok(board.json.incidents.some((i) => i.id === inc.json.id));
  const end = await tp.post(`/api/v1/road-conditions/incidents/${inc.json.id}/end`);
  assert.equal(end.status, 200, end.text);
  board = await srv.client().get('/api/v1/road-conditions');
  assert.ok(!board.json.incidents.some((i) => i.id === inc.json.id), 'ended');
  assertProblem(await tp.post(`/api/v1/road-conditions/incidents/${inc.json.id}/end`), 404, 'not-found');
  assert.equal(await srv.value("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'road.%'"), '4');
  assert.equal((await tp.del(`/api/v1/road-conditions/segments/${seg.json.id}`)).status, 204);

  const station = await srv.signIn('station_chief');
  assertProblem(await station.post('/api/v1/road-conditions/segments', { district: '椒江区', road: '景元路', status: 'slow' }), 403, 'forbidden');
  const citizen = await srv.signIn(DEMO_CITIZEN);
  assertProblem(await citizen.post('/api/v1/road-conditions/segments', { district: '椒江区', road: '景元路', status: 'slow' }), 403, 'forbidden');
  assertProblem(await srv.client().post('/api/v1/road-conditions/segments', { district: '椒江区', road: '景元路', status: 'slow' }), 401, 'unauthenticated');
  assertProblem(await tp.post('/api/v1/road-conditions/segments', { district: '椒江区', road: '景元路', status: 'slow' }, { csrf: false }), 403, 'csrf');
});

test('an incident ends by itself at its end time', async () => {
  const tp = await srv.signIn('traffic');
  const t = now();
  const inc = await tp.post('/api/v1/road-conditions/incidents', {
    district: '路桥区', kind: 'weather', place: '甬台温高速路桥段', starts_at: iso(t - 60), ends_at: iso(t + 2),
  });
  assert.equal(inc.status, 201, inc.text);
  assert.ok((await srv.client().get('/api/v1/road-conditions')).json.incidents.some((i) => i.id === inc.json.id));
  await new Promise((r) => setTimeout(r, 3500));
  assert.ok(!(await srv.client().get('/api/v1/road-conditions')).json.incidents.some((i) => i.id === inc.json.id));
});
