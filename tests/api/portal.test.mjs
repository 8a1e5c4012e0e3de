// portal.test.mjs — what the portal's home, search and statistics pages ask
// the server: the quiet session probe, the site search (services, news,
// officers, public Q&A from one box) and the public statistics, whole
// bureau and per unit, computed live from the data (a row changes, the
// figure moves) and limited to the caller's scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';
import { applyResidence } from './service_hall.mjs';

let srv;
before(async () => {
  // The public figures are computed on every request here (no cache), so a change shows at once.
  srv = await startServer({ env: { JINGWU_STATS_TTL: '0' } });
});
after(async () => { await srv?.stop(); });

const q = (s) => `/api/v1/search?q=${encodeURIComponent(s)}`;

/* ---------- the session probe ---------- */

test('the session probe: signed out is 200 {user: null}, signed in is what /me says', async () => {
  const anon = srv.client();
  let r = await anon.get('/api/v1/session');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { user: null, csrf_token: null });
  // A stale or forged cookie is simply signed out, too.
  r = await anon.get('/api/v1/session', { headers: { Cookie: 'jw_session=forged' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user, null);
  // /me itself still answers 401 to a stranger (its contract).
  assertProblem(await anon.get('/api/v1/me'), 401, 'unauthenticated');

  const c = await srv.signIn(DEMO_CITIZEN);
  const me = await c.get('/api/v1/me');
  r = await c.get('/api/v1/session');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, me.json);
  assert.equal(r.json.csrf_token, c.csrf);
  // Signed out again: null, no error.
  assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  r = await c.get('/api/v1/session');
  assert.equal(r.status, 200);
  assert.equal(r.json.user, null);
});

/* ---------- the site search ---------- */

test('search finds a service, a news article and an officer from one box, grouped', async () => {
  const anon = srv.client();
  let r = await anon.get(q('居住证'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.q, '居住证');
  assert.deepEqual(Object.keys(r.json.groups).sort(), ['news', 'officers', 'pages', 'qa', 'services']);
  assert.ok(r.json.groups.services.items.some((s) => s.name === '居住证申领'), JSON.stringify(r.json.groups.services));
  // The demo's announcement of the new portal names the residence permit in its summary.
  assert.ok(r.json.groups.news.items.some((n) => n.slug === 'portal-relaunch'), JSON.stringify(r.json.groups.news));
  for (const g of Object.values(r.json.groups)) assert.equal(typeof g.more, 'boolean');
  assert.equal(r.json.shown, Object.values(r.json.groups).reduce((n, g) => n + g.items.length, 0));

  // An officer by name (the directory's own entry).
  const officer = (await anon.get('/api/v1/officers?limit=1')).json.items[0];
  r = await anon.get(q(officer.name));
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.groups.officers.items.some((o) => o.id === officer.id), r.text);

  // A news article by a word of its title only.
  r = await anon.get(q('防范宣传车'));
  assert.ok(r.json.groups.news.items.some((n) => n.slug === 'bus-dongshan-village'), r.text);
  assert.ok(r.json.groups.news.items.every((n) => !('html' in n) && !('body' in n)), 'no bodies in the results');

  // Surrounding white space (ASCII and the ideographic space) is not part of the query.
  r = await anon.get(q(' \u3000居住证\u3000 '));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.q, '居住证');

  // Nothing found is an empty answer, not an error.
  r = await anon.get(q('没有这样的词语zzzz'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.shown, 0);
  assert.deepEqual(r.json.groups.qa, { items: [], more: false });

  // The chief's mailbox's published answer (the demo's) is found as public Q&A, its excerpt anonymised.
  r = await anon.get(q('电动车被盗'));
  assert.equal(r.status, 200, r.text);
  const hit = r.json.groups.qa.items.find((x) => x.question === '小区电动车被盗后如何查询案件进展？');
  assert.ok(hit, JSON.stringify(r.json.groups.qa));
  assert.match(hit.url, /^\/qa\/\d+$/);
  assert.ok(hit.answer_excerpt.startsWith('王某您好'), hit.answer_excerpt);
  assert.ok(!hit.answer_excerpt.includes('王小明'));
});

test('search limits each group and says when there is more', async () => {
  const anon = srv.client();
  // Every officer's title has 警 in it or not; search for a character many entries share.
  const all = await anon.get(`${q('警')}&limit=20`);
  assert.equal(all.status, 200, all.text);
  const one = await anon.get(`${q('警')}&limit=1`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.limit, 1);
  for (const [name, g] of Object.entries(one.json.groups)) {
    assert.ok(g.items.length <= 1, name);
    if (all.json.groups[name].items.length > 1) assert.equal(g.more, true, `${name} has more`);
  }
  assert.equal((await anon.get(q('警'))).json.limit, 5, 'default limit');
  // Drafts are not found: a draft article with a unique title stays hidden.
  await srv.sql(`INSERT INTO news_articles (category, title, summary, body_md, body_html, status, author_id, created_at, updated_at)
    SELECT 'notice', '草稿搜索测试标题', '', 'x', '<p>x</p>', 'draft', id, 0, 0 FROM users WHERE login = 'officer'`);
  const draft = await anon.get(q('草稿搜索测试标题'));
  assert.equal(draft.status, 200);
  assert.equal(draft.json.groups.news.items.length, 0, 'a draft is not public');
});

test('bad search input is a clear problem+json naming the field', async () => {
  const anon = srv.client();
  assertInvalid(await anon.get('/api/v1/search'), 'q', 'no q');
  assertInvalid(await anon.get('/api/v1/search?q='), 'q', 'empty q');
  assertInvalid(await anon.get(q('   \u3000 ')), 'q', 'only white space');
  assertInvalid(await anon.get(q('查'.repeat(51))), 'q', 'too long');
  assert.equal((await anon.get(q('查'.repeat(50)))).status, 200, 'fifty characters are fine');
  // Bytes that are not UTF-8 text are refused at the edge, before the handler (400 problem+json).
  assertProblem(await anon.get('/api/v1/search?q=%FF%FE'), 400, null, 'invalid UTF-8');
  assertProblem(await anon.get('/api/v1/search?q=%C3'), 400, null, 'truncated UTF-8');
  assertProblem(await anon.get('/api/v1/search?q=a%00b'), 400, null, 'NUL');
  assertInvalid(await anon.get(`/api/v1/search?q=${encodeURIComponent('a\u202Eb')}`), 'q', 'bidi override');
  for (const limit of ['0', '21', '-1', 'x', '1e1', '99999999999']) {
    assertInvalid(await anon.get(`${q('警')}&limit=${limit}`), 'limit', `limit=${limit}`);
  }
  // The problem speaks the reader's language.
  const zh = await anon.get('/api/v1/search?q=', { headers: { 'Accept-Language': 'zh-CN' } });
  assertInvalid(zh, 'q');
  assert.match(zh.json.errors[0].message, /[\u4e00-\u9fff]/, zh.text);
});

/* ---------- public statistics ---------- */

async function today() {
  return (await srv.client().get('/api/v1/config')).json.today;
}

const last = (o) => o.series[o.series.length - 1];

test('the public overview: a year of months in the bureau\'s zone, totals equal the sum of the months', async () => {
  const anon = srv.client();
  const r = await anon.get('/api/v1/stats/overview');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.months, 12);
  assert.equal(r.json.series.length, 12);
  assert.equal(r.json.tz_offset_min, 480);
  assert.equal(last(r.json).month, (await today()).slice(0, 7), 'the current month is last');
  for (let i = 1; i < 12; i++) assert.ok(r.json.series[i - 1].month < r.json.series[i].month, 'oldest first');
  for (const key of Object.keys(r.json.totals)) {
    if (key === 'on_time_rate') continue;
    const sum = r.json.series.reduce((n, m) => n + m[key], 0);
    assert.equal(r.json.totals[key], sum, key);
  }
  // The demo's figures are there (violations handled online, the bus's events, hotspots rectified).
  assert.ok(r.json.totals.violations_handled_online > 0);
  assert.ok(r.json.totals.bus_events > 0 && r.json.totals.bus_visitors > 0);
  assert.ok(r.json.totals.hotspots_delisted > 0);
  assert.equal((await anon.get('/api/v1/stats/overview?months=3')).json.series.length, 3);
  assert.equal((await anon.get('/api/v1/stats/overview?months=60')).json.series.length, 60);
  for (const m of ['0', '61', '-1', 'x', '3.5', '99999']) {
    assertInvalid(await anon.get(`/api/v1/stats/overview?months=${m}`), 'months', `months=${m}`);
  }
});

test('the figures are computed from the data: an application, a booking, a held bus event, a rectified hotspot move them', async () => {
  const anon = srv.client();
  const chief = await srv.signIn('station_chief');
  const station = await srv.value(`SELECT unit_id FROM users WHERE login = 'station_chief'`);
  const day = await today();
  const sys = await srv.signIn('sysadmin');
  const other = await srv.value("SELECT id FROM units WHERE name = '东城派出所'");
  const read = async () => ({
    all: last((await anon.get('/api/v1/stats/overview?months=2')).json),
    unit: last((await chief.get(`/api/v1/stats/units/${station}?months=2`)).json),
    other: last((await sys.get(`/api/v1/stats/units/${other}?months=2`)).json),
  });
  const before = await read();

  // A citizen applies for a residence permit at the chief's station (白云派出所).
  const citizen = await srv.signIn(DEMO_CITIZEN);
  const baiyun = await srv.value("SELECT id FROM units WHERE name = '白云派出所'");
  assert.equal(baiyun, station, 'the demo chief runs 白云派出所');
  const a = await applyResidence(srv, citizen, { unitId: baiyun });
  assert.equal(a.status, 201, a.text);

  // An inspection booked now at a station of the bureau.
  await srv.sql(`INSERT INTO inspection_appointments (confirmation_no, slot_id, station_id, vehicle_id, user_id, status, starts_at, created_at, updated_at)
    SELECT 'PORTAL1', s.id, s.station_id, (SELECT MIN(id) FROM vehicles), (SELECT MIN(id) FROM users), 'booked', s.starts_at,
      ${Math.floor(Date.now() / 1000)}, 0 FROM inspection_slots s ORDER BY s.id LIMIT 1`);
  const booked = Number(await srv.value(`SELECT COUNT(*) FROM inspection_appointments WHERE confirmation_no = 'PORTAL1'`));

  // A scheduled bus event of the chief's station held today with 40 visitors, and a hotspot in its area rectified today.
  const ev = await srv.value(`SELECT id FROM prevention_events WHERE status = 'scheduled' AND unit_path LIKE '/1/6/7/%' ORDER BY id LIMIT 1`);
  assert.ok(ev, 'a scheduled event of the station');
  await srv.sql(`UPDATE prevention_events SET status = 'held', visitors = 40, day = '${day}' WHERE id = ${ev}`);
  const hs = await srv.value(`SELECT id FROM hotspots WHERE status = 'rectifying' AND unit_path LIKE '/1/6/7/%' ORDER BY id LIMIT 1`);
  assert.ok(hs, 'a hotspot being rectified in the station');
  await srv.sql(`UPDATE hotspots SET status = 'delisted', delisted_on = '${day}' WHERE id = ${hs}`);

  const after = await read();
  assert.equal(after.all.applications_submitted, before.all.applications_submitted + 1, 'application (bureau)');
  assert.equal(after.unit.applications_submitted, before.unit.applications_submitted + 1, 'application (unit)');
  assert.equal(after.all.inspection_bookings, before.all.inspection_bookings + booked, 'inspection booking');
  assert.equal(after.all.bus_events, before.all.bus_events + 1, 'bus event');
  assert.equal(after.all.bus_visitors, before.all.bus_visitors + 40, 'bus visitors');
  assert.equal(after.unit.bus_events, before.unit.bus_events + 1, 'bus event (unit)');
  assert.equal(after.all.hotspots_delisted, before.all.hotspots_delisted + 1, 'hotspot');
  assert.equal(after.unit.hotspots_delisted, before.unit.hotspots_delisted + 1, 'hotspot (unit)');

  // Completing the application on time moves the completed count and the on-time rate.
  const no = a.json.tracking_no;
  await srv.sql(`UPDATE applications SET status = 'completed', completed_month = '${day.slice(0, 7)}', on_time = 1 WHERE tracking_no = '${no}'`);
  const done = await read();
  assert.equal(done.all.applications_completed, before.all.applications_completed + 1);
  assert.equal(done.all.applications_on_time, before.all.applications_on_time + 1);
  assert.equal(done.all.on_time_rate, done.all.applications_on_time / done.all.applications_completed);

  // Another station's figures did not move: none of this is theirs.
  assert.deepEqual(done.other, before.other);
});

test('a violation handled online counts in the month it was handled', async () => {
  const anon = srv.client();
  const before = last((await anon.get('/api/v1/stats/overview?months=1')).json);
  const monthStart = Math.floor(Date.parse(`${(await today()).slice(0, 7)}-01T00:00:00+08:00`) / 1000);
  const v = await srv.value(`SELECT id FROM violations WHERE handled_at IS NOT NULL AND handled_at < ${monthStart} ORDER BY id LIMIT 1`);
  assert.ok(v);
  await srv.sql(`UPDATE violations SET handled_at = ${Math.floor(Date.now() / 1000)} WHERE id = ${v}`);
  const after = last((await anon.get('/api/v1/stats/overview?months=1')).json);
  assert.equal(after.violations_handled_online, before.violations_handled_online + 1);
});

test('a fine paid online through the sandbox counts as a payment with its amount', async () => {
  const anon = srv.client();
  const before = last((await anon.get('/api/v1/stats/overview?months=1')).json);
  const payer = await srv.signIn(DEMO_CITIZEN);
  const fine = await srv.value(`SELECT v.id FROM violations v JOIN vehicles h ON h.id = v.vehicle_id
    WHERE h.plate = '浙J12345' AND v.status = 'handled' ORDER BY v.id LIMIT 1`);
  assert.ok(fine, 'a handled fine of the demo car');
  const order = await payer.post('/api/v1/payments', { purpose: 'violation', ref: String(fine), channel: 'sandbox' });
  assert.ok([200, 201].includes(order.status), order.text);
  const paid = await payer.post(`/api/v1/payments/${order.json.id}/sandbox`, { result: 'success' });
  assert.equal(paid.status, 202, paid.text);
  assert.equal(paid.json.status, 'succeeded');
  const after = last((await anon.get('/api/v1/stats/overview?months=1')).json);
  assert.equal(after.payments, before.payments + 1);
  assert.equal(after.payments_cents, before.payments_cents + order.json.amount_cents);
  assert.equal(after.violations_paid_online, before.violations_paid_online + 1);
});

test('the demo has inspection bookings, and the statistics count them: made in the period, inspected by the slot', async () => {
  const anon = srv.client();
  const r = (await anon.get('/api/v1/stats/overview?months=12')).json;
  const from = Math.floor(Date.parse(`${r.series[0].month}-01T00:00:00+08:00`) / 1000);
  const made = Number(await srv.value(`SELECT COUNT(*) FROM inspection_appointments WHERE created_at >= ${from}`));
  const done = Number(await srv.value(`SELECT COUNT(*) FROM inspection_appointments WHERE status = 'checked_in' AND starts_at >= ${from}`));
  // The demo citizen's history: 浙J12345 inspected about ten months ago, booked again and cancelled six weeks ago.
  const demo = await srv.value(`SELECT COUNT(*) FROM inspection_appointments a JOIN vehicles v ON v.id = a.vehicle_id
    WHERE v.plate = '浙J12345' AND a.status IN ('checked_in', 'cancelled') AND a.created_at >= ${from}`);
  assert.ok(Number(demo) >= 2, `the demo's past bookings: ${demo}`);
  assert.ok(made >= 2 && done >= 1, `made ${made}, inspected ${done}`);
  assert.equal(r.totals.inspection_bookings, made);
  assert.equal(r.totals.inspections_checked_in, done);
  // Nothing of the history stays booked: the demo car can be booked.
  assert.equal(await srv.value(`SELECT COUNT(*) FROM inspection_appointments a JOIN vehicles v ON v.id = a.vehicle_id
    WHERE v.plate = '浙J12345' AND a.status = 'booked' AND a.idem_key LIKE 'demo-history-%'`), '0');
  // A second seed adds nothing.
  const rows = await srv.value('SELECT COUNT(*) FROM inspection_appointments');
  const again = await srv.cli(['seed', '--demo']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await srv.value('SELECT COUNT(*) FROM inspection_appointments'), rows);
});

test('per-unit statistics: staff of the unit and above; another station is 404 like a missing unit', async () => {
  const chief = await srv.signIn('station_chief');
  const station = await srv.value(`SELECT unit_id FROM users WHERE login = 'station_chief'`);
  const other = await srv.value("SELECT id FROM units WHERE name = '东城派出所'");
  let r = await chief.get(`/api/v1/stats/units/${station}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.id, Number(station));
  assert.equal(r.json.unit.name, '白云派出所');
  assert.equal(r.json.series.length, 12);
  assert.ok(r.json.current && typeof r.json.current.hotspots_listed === 'number');
  assertProblem(await chief.get(`/api/v1/stats/units/${other}`), 404, 'not-found', 'another station');
  assertProblem(await chief.get('/api/v1/stats/units/1'), 404, 'not-found', 'the city bureau above the chief');
  assertProblem(await chief.get('/api/v1/stats/units/999999'), 404, 'not-found', 'no such unit');
  assertInvalid(await chief.get(`/api/v1/stats/units/${station}?months=0`), 'months');
  // The unit administrator above the station sees it; the whole bureau's roles see any unit.
  assert.equal((await (await srv.signIn('unit_admin')).get(`/api/v1/stats/units/${station}`)).status, 200);
  assert.equal((await (await srv.signIn('sysadmin')).get(`/api/v1/stats/units/${other}`)).status, 200);
  // The unit's figures are a part of the bureau's.
  const unit = r.json.totals;
  const all = (await srv.client().get('/api/v1/stats/overview')).json.totals;
  for (const key of ['applications_submitted', 'bus_events', 'hotspots_delisted', 'reports_received']) {
    assert.ok(unit[key] <= all[key], key);
  }
  // Citizens and strangers are refused.
  assertProblem(await srv.client().get(`/api/v1/stats/units/${station}`), 401, 'unauthenticated');
  const cit = await registerCitizen(srv);
  assertProblem(await (await srv.signIn(cit.phone, cit.password)).get(`/api/v1/stats/units/${station}`), 403, 'forbidden');
});

test('the public overview is cached for --stats-ttl seconds and says so', async () => {
  const cached = await startServer({ env: { JINGWU_STATS_TTL: '300' } });
  try {
    const anon = cached.client();
    const first = await anon.get('/api/v1/stats/overview?months=1');
    assert.equal(first.json.max_age, 300);
    const ev = await cached.value(`SELECT id FROM prevention_events WHERE status = 'scheduled' ORDER BY id LIMIT 1`);
    await cached.sql(`UPDATE prevention_events SET status = 'held', visitors = 1, day = '${await today()}' WHERE id = ${ev}`);
    const second = await anon.get('/api/v1/stats/overview?months=1');
    assert.deepEqual(second.json.series, first.json.series, 'served from memory');
  } finally {
    await cached.stop();
  }
});
