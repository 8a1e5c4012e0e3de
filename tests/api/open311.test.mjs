// open311.test.mjs — Open311 GeoReport v2 (/open311/v2), walked call by call
// as the specification orders them, in JSON and in XML (the XML is parsed
// by libxml2's xmllint), then the staff's work on a report, the attacker's
// side, bad input and the spam limit. Each POST comes from an address of its
// own (127.0.x.y) unless the test is about the per-address limit.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, requestFrom, registerCitizen, run } from './harness.mjs';
import { upload, jpeg, pdf } from './service_hall.mjs';

let srv;
let apiKey;
let nextAddr = 0;
const addr = () => { nextAddr++; return `127.0.${10 + (nextAddr >> 8)}.${(nextAddr & 255) || 1}`; };

/** POSTs a form (object or raw string) to /open311/v2/requests.<fmt> from a fresh address. */
function post(form, { fmt = 'json', from = addr(), headers = {}, type = 'application/x-www-form-urlencoded' } = {}) {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  return requestFrom(srv, from, 'POST', `/open311/v2/requests.${fmt}`, {
    headers: { 'Content-Type': type, ...headers }, body,
  });
}

const get = (path) => requestFrom(srv, '127.0.0.1', 'GET', path);

/** Runs xmllint on text: checks it parses; with an XPath, returns the string value. */
async function xml(text, xpath) {
  const args = xpath ? ['--xpath', `string(${xpath})`, '-'] : ['--noout', '-'];
  const r = await run('xmllint', args, { input: text });
  assert.equal(r.code, 0, `xmllint: ${r.stderr}\n${text.slice(0, 300)}`);
  return r.stdout.replace(/\n$/, '');
}

async function xmlCount(text, xpath) {
  return Number(await xml(text, `count(${xpath})`));
}

function assertError(r, status, re) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.ok(Array.isArray(r.json) && r.json.length === 1, r.text);
  assert.equal(r.json[0].code, status);
  if (re) assert.match(r.json[0].description, re);
}

const W3C = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

before(async () => {
  srv = await startServer();
  const sys = await srv.signIn('sysadmin');
  const k = await sys.post('/api/v1/reports/api-keys', { name: '测试客户端' });
  assert.equal(k.status, 201, k.text);
  apiKey = k.json.api_key;
  assert.ok(apiKey.length >= 32);
});
after(async () => { await srv?.stop(); });

const NOISE = (over = {}) => ({
  api_key: apiKey, service_code: 'noise', lat: '28.6512', long: '121.4123',
  description: '楼下广场舞音响声音太大', 'attribute[noise_source]': 'square_dance',
  email: 'zhang@example.com', first_name: '三', last_name: '张', phone: '13912345678', ...over,
});

describe('the specification, call by call', () => {
  let created;

  test('GET services.json and services.xml list the public-order services', async () => {
    const r = await get('/open311/v2/services.json');
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.json));
    const codes = r.json.map((s) => s.service_code);
    for (const c of ['noise', 'gambling', 'parking', 'suspicious', 'streetlight']) assert.ok(codes.includes(c), c);
    const noise = r.json.find((s) => s.service_code === 'noise');
    assert.deepEqual(Object.keys(noise).sort(),
      ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    assert.equal(noise.service_name, '噪音扰民');
    assert.equal(noise.metadata, true);
    assert.equal(noise.type, 'realtime');
    assert.equal(r.json.find((s) => s.service_code === 'other').metadata, false);

    const x = await get('/open311/v2/services.xml');
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /^text\/xml/);
    assert.match(x.text, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.equal(await xmlCount(x.text, '/services/service'), r.json.length);
    assert.equal(await xml(x.text, '/services/service[service_code="gambling"]/service_name'), '聚众赌博');
    assert.equal(await xml(x.text, '/services/service[1]/metadata'), 'true');
  });

  test('GET services/{code}.json and .xml: the service definition with its attributes', async () => {
    const r = await get('/open311/v2/services/noise.json');
    assert.equal(r.status, 200);
    assert.equal(r.json.service_code, 'noise');
    const a = r.json.attributes.find((x) => x.code === 'noise_source');
    assert.deepEqual(Object.keys(a).sort(),
      ['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
    assert.equal(a.variable, true);
    assert.equal(a.datatype, 'singlevaluelist');
    assert.equal(a.required, true);
    assert.equal(a.order, 1);
    assert.ok(a.values.some((v) => v.key === 'square_dance' && v.name === '广场舞'));
    const x = await get('/open311/v2/services/noise.xml');
    assert.equal(x.status, 200);
    assert.equal(await xml(x.text, '/service_definition/service_code'), 'noise');
    assert.equal(await xml(x.text, '/service_definition/attributes/attribute[code="noise_source"]/values/value[key="square_dance"]/name'), '广场舞');
    assertError(await get('/open311/v2/services/nope.json'), 404, /service_code not found/);
    const nx = await get('/open311/v2/services/nope.xml');
    assert.equal(nx.status, 404);
    assert.equal(await xml(nx.text, '/errors/error/code'), '404');
  });

  test('POST requests.json with lat/long: service_request_id and token, in an array', async () => {
    const r = await post(NOISE());
    assert.equal(r.status, 201, r.text);
    assert.ok(Array.isArray(r.json) && r.json.length === 1);
    assert.match(r.json[0].service_request_id, /^\d+$/);
    assert.match(r.json[0].token, /^[A-Za-z0-9_-]{16,}$/);
    assert.ok(r.json[0].service_notice);
    created = r.json[0];
    const row = await srv.rows(`SELECT service_code, lat_e6, lng_e6, email, phone, source, state, attributes FROM reports WHERE id = ${created.service_request_id}`);
    assert.deepEqual(row[0], ['noise', '28651200', '121412300', 'zhang@example.com', '13912345678', 'open311', 'new', '{"noise_source":"square_dance"}']);
  });

  test('POST requests.xml with address_string only', async () => {
    const r = await post({ api_key: apiKey, service_code: 'streetlight', address_string: '椒江区白云街道东环大道100号',
      'attribute[fault]': 'dark', description: '路灯不亮' }, { fmt: 'xml' });
    assert.equal(r.status, 201, r.text);
    const id = await xml(r.text, '/service_requests/request/service_request_id');
    assert.match(id, /^\d+$/);
    const one = await get(`/open311/v2/requests/${id}.json`);
    assert.equal(one.json[0].address, '椒江区白云街道东环大道100号');
    assert.equal(one.json[0].lat, null);
  });

  test('POST without a location is the specification\'s 400', async () => {
    const r = await post({ api_key: apiKey, service_code: 'other', description: '没有地点' });
    assertError(r, 400, /lat\/long, address_string, or address_id required/);
    const x = await post({ api_key: apiKey, service_code: 'other', description: '没有地点' }, { fmt: 'xml' });
    assert.equal(x.status, 400);
    assert.equal(await xml(x.text, '/errors/error/code'), '400');
    assert.match(await xml(x.text, '/errors/error/description'), /address_string/);
  });

  test('GET requests/{id}.json and .xml: one request with every field of the specification, no personal data', async () => {
    const r = await get(`/open311/v2/requests/${created.service_request_id}.json`);
    assert.equal(r.status, 200);
    assert.equal(r.json.length, 1);
    const q = r.json[0];
    assert.deepEqual(Object.keys(q).sort(), ['address', 'address_id', 'agency_responsible', 'description',
      'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name',
      'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode']);
    assert.equal(q.status, 'open');
    assert.equal(q.service_name, '噪音扰民');
    assert.equal(q.lat, 28.6512);
    assert.equal(q.long, 121.4123);
    assert.match(q.requested_datetime, W3C);
    assert.match(q.updated_datetime, W3C);
    assert.ok(q.agency_responsible.length > 0);
    for (const secret of ['zhang@example.com', '13912345678', '张']) assert.ok(!r.text.includes(secret), secret);
    const x = await get(`/open311/v2/requests/${created.service_request_id}.xml`);
    assert.equal(await xml(x.text, '/service_requests/request/service_code'), 'noise');
    assert.equal(await xml(x.text, '/service_requests/request/status'), 'open');
    assert.ok(!x.text.includes('zhang@example.com'));
    assertError(await get('/open311/v2/requests/99999999.json'), 404, /not found/);
    assertError(await get('/open311/v2/requests/abc.json'), 404);
  });

  test('text with quotes, backslashes, line breaks, tabs and <&> comes back the same in JSON and XML', async () => {
    const text = '他说："别\\再\t来了"\n第二行 <b>&amp; 𠀀';
    const r = await post(NOISE({ description: text }));
    assert.equal(r.status, 201, r.text);
    const id = r.json[0].service_request_id;
    assert.equal((await get(`/open311/v2/requests/${id}.json`)).json[0].description, text);
    const x = await get(`/open311/v2/requests/${id}.xml`);
    assert.equal(await xml(x.text, '/service_requests/request/description'), text);
  });

  test('the public copy masks phone and ID numbers typed into the text; the staff see them', async () => {
    const r = await post(NOISE({ description: '吵到半夜，有事打我电话13912345678，身份证33010219900307182X' }));
    assert.equal(r.status, 201, r.text);
    const id = r.json[0].service_request_id;
    const one = (await get(`/open311/v2/requests/${id}.json`)).json[0].description;
    assert.equal(one, '吵到半夜，有事打我电话***********，身份证******************');
    const x = await get(`/open311/v2/requests/${id}.xml`);
    assert.equal(await xml(x.text, '/service_requests/request/description'), one);
    const list = await get(`/open311/v2/requests.json?service_request_id=${id}`);
    assert.equal(list.json[0].description, one);
    assert.ok(!JSON.stringify((await get('/open311/v2/requests.json')).json).includes('13912345678'));
    const stored = await srv.sql(`SELECT description FROM reports WHERE id = ${Number(id)}`);
    assert.match(JSON.stringify(stored), /13912345678/, 'the report itself is kept as written');
  });

  test('a tip-off (gambling, suspicious people) is public only as made and open: no text, place or picture', async () => {
    const g = await post({ api_key: apiKey, service_code: 'gambling', lat: '28.6401', long: '121.4002',
      'attribute[ongoing]': 'yes', description: '幸福小区5幢301出租屋每晚聚众赌博', address_string: '幸福小区5幢' });
    assert.equal(g.status, 201, g.text);
    const id = g.json[0].service_request_id;
    for (const q of [(await get(`/open311/v2/requests/${id}.json`)).json[0], (await get(`/open311/v2/requests.json?service_code=gambling`)).json.find((x) => x.service_request_id === id)]) {
      assert.equal(q.service_code, 'gambling');
      assert.equal(q.status, 'open');
      assert.equal(q.description, '');
      assert.equal(q.address, '');
      assert.equal(q.lat, null);
      assert.equal(q.long, null);
    }
    const x = await get(`/open311/v2/requests/${id}.xml`);
    assert.ok(!x.text.includes('幸福小区'), 'nothing of it in XML either');
    assert.ok(!x.text.includes('28.6401'));
  });

  test('GET tokens/{token}.json gives the id the token stands for', async () => {
    const r = await get(`/open311/v2/tokens/${created.token}.json`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, [{ service_request_id: created.service_request_id, token: created.token }]);
    const x = await get(`/open311/v2/tokens/${created.token}.xml`);
    assert.equal(await xml(x.text, '/service_requests/request/service_request_id'), created.service_request_id);
    assertError(await get('/open311/v2/tokens/not-a-token.json'), 404);
    // the id is not a token, the token is not an id
    assertError(await get(`/open311/v2/tokens/${created.service_request_id}.json`), 404);
    assertError(await get(`/open311/v2/requests/${created.token}.json`), 404);
  });

  test('GET requests.json with each filter, and the same list in XML', async () => {
    const g = await post({ api_key: apiKey, service_code: 'gambling', lat: '28.64', long: '121.40',
      'attribute[ongoing]': 'yes', description: '出租屋聚众赌博' });
    assert.equal(g.status, 201);
    const gid = g.json[0].service_request_id;
    const all = await get('/open311/v2/requests.json');
    assert.equal(all.status, 200);
    assert.ok(all.json.some((q) => q.service_request_id === gid));
    // newest first
    const times = all.json.map((q) => Date.parse(q.requested_datetime));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));

    const byIds = await get(`/open311/v2/requests.json?service_request_id=${gid},${created.service_request_id}`);
    assert.deepEqual(byIds.json.map((q) => q.service_request_id).sort(), [gid, created.service_request_id].sort());
    const byCode = await get('/open311/v2/requests.json?service_code=gambling');
    assert.ok(byCode.json.length >= 1 && byCode.json.every((q) => q.service_code === 'gambling'));
    const two = await get('/open311/v2/requests.json?service_code=gambling,noise');
    assert.ok(two.json.every((q) => ['gambling', 'noise'].includes(q.service_code)));
    assert.ok(two.json.some((q) => q.service_code === 'noise'));
    const open = await get('/open311/v2/requests.json?status=open');
    assert.ok(open.json.length > 0 && open.json.every((q) => q.status === 'open'));
    const closed = await get('/open311/v2/requests.json?status=closed');
    assert.ok(closed.json.every((q) => q.status === 'closed'));

    // a report older than the default 90 days is left out unless the window asks for it
    await srv.sql(`UPDATE reports SET requested_at = requested_at - 100 * 86400 WHERE id = ${gid}`);
    assert.ok(!(await get('/open311/v2/requests.json')).json.some((q) => q.service_request_id === gid));
    const old = new Date(Date.now() - 100 * 86400e3);
    const day = (d) => d.toISOString().slice(0, 10);
    const win = await get(`/open311/v2/requests.json?start_date=${day(new Date(old - 86400e3))}T00:00:00Z&end_date=${day(new Date(+old + 2 * 86400e3))}T00:00:00%2B08:00`);
    assert.equal(win.status, 200, win.text);
    assert.deepEqual(win.json.map((q) => q.service_request_id), [gid]);
    const startOnly = await get(`/open311/v2/requests.json?start_date=${day(new Date(old - 86400e3))}`);
    assert.ok(startOnly.json.some((q) => q.service_request_id === gid));

    const x = await get('/open311/v2/requests.xml?service_code=noise&status=open');
    assert.equal(x.status, 200);
    const n = await xmlCount(x.text, '/service_requests/request');
    assert.equal(n, (await get('/open311/v2/requests.json?service_code=noise&status=open')).json.length);
    assert.ok(n >= 1);
  });

  test('GET requests.json refuses bad filters in the specification\'s error format', async () => {
    assertError(await get('/open311/v2/requests.json?status=pending'), 400, /status/);
    assertError(await get('/open311/v2/requests.json?service_code=nope'), 400, /service_code/);
    assertError(await get('/open311/v2/requests.json?service_request_id=1,x'), 400);
    assertError(await get('/open311/v2/requests.json?service_request_id=-1'), 400);
    assertError(await get('/open311/v2/requests.json?start_date=2026-13-01'), 400, /start_date/);
    assertError(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400, /90 days/);
    assertError(await get('/open311/v2/requests.json?start_date=2026-06-01&end_date=2026-05-01'), 400);
    assertError(await get('/open311/v2/requests.json?jurisdiction_id=elsewhere'), 404, /jurisdiction_id/);
    assert.equal((await get('/open311/v2/requests.json?jurisdiction_id=jingwu')).status, 200);
    const ids = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    assertError(await get(`/open311/v2/requests.json?service_request_id=${ids}`), 400);
  });
});

describe('staff work a report; the reporter and the public follow it', () => {
  let id;
  let officer;
  let gridUnit;

  before(async () => {
    officer = await srv.signIn('officer');
    gridUnit = await srv.value("SELECT unit_id FROM users WHERE login = 'officer'");
    const path = await srv.value(`SELECT path FROM units WHERE id = ${gridUnit}`);
    const now = Math.floor(Date.now() / 1000);
    // a square grid around 30.000, 120.000 (far from every station): only the polygon can route there
    await srv.sql(`INSERT INTO grids (unit_id, unit_path, code, name, polygon, min_lat_e6, max_lat_e6, min_lng_e6, max_lng_e6, created_at, updated_at)
      VALUES (${gridUnit}, '${path}', 'T311-01', '测试网格', '[[119990000,29990000],[120010000,29990000],[120010000,30010000],[119990000,30010000]]',
      29990000, 30010000, 119990000, 120010000, ${now}, ${now})`);
    const r = await post(NOISE({ lat: '30.0001', long: '120.0001' }));
    assert.equal(r.status, 201, r.text);
    id = r.json[0].service_request_id;
  });

  test('triage: the grid whose polygon holds the point takes it', async () => {
    const r = await officer.get(`/api/v1/reports/${id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.routed_by, 'grid');
    assert.equal(r.json.unit_id, Number(gridUnit));
    assert.equal(r.json.reporter.email, 'zhang@example.com');
    assert.equal(r.json.reporter.phone, '13912345678');
    const reads = await srv.value(`SELECT count(*) FROM audit_log WHERE action = 'report.read' AND object_id = '${id}'`);
    assert.equal(reads, '1', 'a staff read of the contact data is audited');
    const q = await officer.get('/api/v1/reports?state=new&limit=100');
    assert.ok(q.json.items.some((x) => String(x.id) === id));
    // inside the bounding box but outside the polygon's triangle: not the grid
    await srv.sql(`UPDATE grids SET polygon = '[[119990000,29990000],[120010000,29990000],[119990000,30010000]]' WHERE code = 'T311-01'`);
    const out = await post(NOISE({ lat: '30.009', long: '120.009' }));
    const o = await officer.get(`/api/v1/reports/${out.json[0].service_request_id}`);
    assert.notEqual(o.status === 200 ? o.json.routed_by : 'elsewhere', 'grid');
  });

  test('accept, assign, note, answer and close; Open311 shows closed with the answer', async () => {
    const act = (body) => officer.post(`/api/v1/reports/${id}/actions`, body);
    assert.equal((await act({ action: 'close', body: '太早了' })).status, 409);
    const a = await act({ action: 'accept', expected_date: '2026-12-31' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.state, 'accepted');
    const officerId = await srv.value("SELECT o.id FROM officers o JOIN users u ON u.unit_id = o.unit_id WHERE u.login = 'officer' ORDER BY o.id LIMIT 1");
    const s = await act({ action: 'assign', officer_id: Number(officerId) });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.state, 'assigned');
    assert.equal((await act({ action: 'assign', officer_id: 999999 })).status, 422);
    assert.equal((await act({ action: 'note', body: '内部记录：已电话联系物业' })).status, 200);
    assert.equal((await act({ action: 'close' })).status, 422, 'closing needs an answer');
    const ans = await act({ action: 'answer', body: '已联系广场舞队，晚九点后停止使用音响。' });
    assert.equal(ans.status, 200);
    const c = await act({ action: 'close' });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.state, 'closed');
    assert.equal((await act({ action: 'close' })).status, 409);

    const pub = await get(`/open311/v2/requests/${id}.json`);
    assert.equal(pub.json[0].status, 'closed');
    assert.equal(pub.json[0].status_notes, '已联系广场舞队，晚九点后停止使用音响。');
    assert.match(pub.json[0].expected_datetime, /^2026-12-31T23:59:59\+08:00$/);
    assert.ok(!pub.text.includes('内部记录'));
    const x = await get(`/open311/v2/requests/${id}.xml`);
    assert.equal(await xml(x.text, '/service_requests/request/status'), 'closed');
    const closed = await get('/open311/v2/requests.json?status=closed');
    assert.ok(closed.json.some((q) => q.service_request_id === id));
    assert.ok(!(await get('/open311/v2/requests.json?status=open')).json.some((q) => q.service_request_id === id));
    // audited, in one row per step
    const n = await srv.value(`SELECT count(*) FROM audit_log WHERE object_type = 'report' AND object_id = '${id}'`);
    assert.ok(Number(n) >= 6, n);
  });

  test('a station chief reopens; an officer may not', async () => {
    assert.equal((await officer.post(`/api/v1/reports/${id}/actions`, { action: 'reopen' })).status, 403);
    const chief = await srv.signIn('station_chief');
    const r = await chief.post(`/api/v1/reports/${id}/actions`, { action: 'reopen' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await get(`/open311/v2/requests/${id}.json`)).json[0].status, 'open');
  });

  test('link to a hotspot in scope; one outside scope is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const path = await srv.value(`SELECT path FROM units WHERE id = ${gridUnit}`);
    await srv.sql(`INSERT INTO hotspots (unit_id, unit_path, name, place, kind, listed_level, created_at, updated_at)
      VALUES (${gridUnit}, '${path}', '测试乱点', '测试路', 'disorder', 'station', ${now}, ${now})`);
    const hid = await srv.value("SELECT id FROM hotspots WHERE name = '测试乱点'");
    const r = await officer.post(`/api/v1/reports/${id}/actions`, { action: 'link', hotspot_id: Number(hid) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.hotspot_id, Number(hid));
    const root = await srv.value('SELECT id FROM units WHERE parent_id IS NULL');
    await srv.sql(`INSERT INTO hotspots (unit_id, unit_path, name, place, kind, listed_level, created_at, updated_at)
      VALUES (${root}, '/${root}/', '别处乱点', '别处', 'disorder', 'bureau', ${now}, ${now})`);
    const other = await srv.value("SELECT id FROM hotspots WHERE name = '别处乱点'");
    assert.equal((await officer.post(`/api/v1/reports/${id}/actions`, { action: 'link', hotspot_id: Number(other) })).status, 422);
  });

  test('attacker: staff of another unit get 404, whole-bureau roles 403, no CSRF 403, no session 401', async () => {
    const aux = await srv.signIn('auxiliary'); // a village office of the same station: not this community station
    assert.equal((await aux.get(`/api/v1/reports/${id}`)).status, 404);
    assert.equal((await aux.post(`/api/v1/reports/${id}/actions`, { action: 'note', body: 'x' })).status, 404);
    assert.ok(!(await aux.get('/api/v1/reports?state=all&limit=100')).json.items.some((x) => String(x.id) === id));
    const sys = await srv.signIn('sysadmin');
    const f = await sys.get(`/api/v1/reports/${id}`, { headers: { 'Accept-Language': 'zh-CN' } });
    assert.equal(f.status, 403);
    assert.equal(f.json.detail, '群众举报由社区民警办理。');
    assert.equal((await sys.get('/api/v1/reports')).status, 403);
    const r = await officer.post(`/api/v1/reports/${id}/actions`, { action: 'note', body: 'x' }, { csrf: false });
    assert.equal(r.status, 403);
    assert.equal(r.json.type, '/problems/csrf');
    assert.equal((await srv.client().get(`/api/v1/reports/${id}`)).status, 401);
    assert.equal((await officer.post('/api/v1/reports/999999/actions', { action: 'accept' })).status, 404);
    assert.equal((await officer.post(`/api/v1/reports/${id}/actions`, { action: 'explode' })).status, 422);
  });
});

describe('the portal: a signed-in citizen reports and follows; others see nothing of it', () => {
  test('citizen files, sees it in my reports; another citizen gets 404; staff see the account link', async () => {
    const a = await registerCitizen(srv);
    const ca = await srv.signIn(a.phone, a.password);
    const r = await ca.post('/api/v1/reports', {
      service_code: 'parking', description: '小区消防通道被私家车长期占用', lat: 28.6601, long: 121.4202,
      attributes: { blocking: 'fire_lane', plate: '浙J88888' },
    });
    assert.equal(r.status, 201, r.text);
    const id = r.json.service_request_id;
    const mine = await ca.get('/api/v1/me/reports');
    assert.ok(mine.json.items.some((x) => String(x.id) === id));
    assert.equal(mine.json.items[0].reporter, undefined, 'the reporter view has no triage or contact block');
    const own = await ca.get(`/api/v1/reports/${id}`);
    assert.equal(own.status, 200);
    assert.ok(own.json.events.every((e) => e.public));

    const b = await registerCitizen(srv);
    const cb = await srv.signIn(b.phone, b.password);
    assert.equal((await cb.get(`/api/v1/reports/${id}`)).status, 404);
    assert.ok(!(await cb.get('/api/v1/me/reports')).json.items.some((x) => String(x.id) === id));
    const pub = await get(`/open311/v2/requests/${id}.json`);
    assert.equal(pub.json[0].service_code, 'parking');
    assert.ok(!pub.text.includes(a.phone));

    const bad = await ca.post('/api/v1/reports', { service_code: 'parking', description: '占用通道停车', address_string: '白云街道', attributes: {} });
    assert.equal(bad.status, 422, 'a required attribute is missing');
    const noPlace = await ca.post('/api/v1/reports', { service_code: 'other', description: '没有地点的举报' });
    assert.equal(noPlace.status, 422);
    assert.equal((await ca.post('/api/v1/reports', { service_code: 'other', description: '有地点', address_string: 'x' }, { csrf: false })).status, 403);
    assert.equal((await srv.client().post('/api/v1/reports', { service_code: 'other', description: '匿名' })).status, 401);
  });

  test('a photo through the uploads: the reporter and staff in scope see it, nobody else; only one\'s own picture', async () => {
    const a = await registerCitizen(srv);
    const ca = await srv.signIn(a.phone, a.password);
    const pic = jpeg();
    const up = await upload(ca, pic);
    assert.equal(up.status, 201, up.text);
    const r = await ca.post('/api/v1/reports', { service_code: 'other', description: '路口井盖缺失很危险', address_string: '椒江区白云街道', upload_id: up.json.id });
    assert.equal(r.status, 201, r.text);
    const id = r.json.service_request_id;
    const own = await fetch(`${srv.base}/api/v1/reports/${id}/photo`, { headers: { Cookie: ca.cookieHeader() } });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await own.arrayBuffer()), pic);
    assert.equal((await ca.get(`/api/v1/reports/${id}`)).json.photo, true);
    const b = await registerCitizen(srv);
    const cb = await srv.signIn(b.phone, b.password);
    assert.equal((await cb.get(`/api/v1/reports/${id}/photo`)).status, 404);
    assert.equal((await srv.client().get(`/api/v1/reports/${id}/photo`)).status, 401);
    // another's upload, and a PDF, are refused; nothing stored
    const before = await srv.value('SELECT count(*) FROM reports');
    const theirs = await cb.post('/api/v1/reports', { service_code: 'other', description: '借用别人的照片', address_string: '白云', upload_id: up.json.id });
    assert.equal(theirs.status, 422, theirs.text);
    const doc = await upload(ca, pdf(), { filename: 'a.pdf' });
    assert.equal((await ca.post('/api/v1/reports', { service_code: 'other', description: '附件是文档', address_string: '白云', upload_id: doc.json.id })).status, 422);
    assert.equal(await srv.value('SELECT count(*) FROM reports'), before);
    // the uploads sweep keeps a photo a report uses
    assert.equal(await srv.value(`SELECT upload_id FROM reports WHERE id = ${id}`), String(up.json.id));
  });

  test('Open311 POST ignores a session cookie: no CSRF needed, and the report is not linked to the account', async () => {
    const c = await registerCitizen(srv);
    const cc = await srv.signIn(c.phone, c.password);
    const r = await post(NOISE(), { headers: { Cookie: cc.cookieHeader() } });
    assert.equal(r.status, 201, r.text);
    const uid = await srv.value(`SELECT COALESCE(user_id, 0) FROM reports WHERE id = ${r.json[0].service_request_id}`);
    assert.equal(uid, '0');
    assert.equal((await cc.get('/api/v1/me/reports')).json.items.length, 0);
  });
});

describe('bad input', () => {
  const count = () => srv.value('SELECT count(*) FROM reports');

  test('api_key missing 400, wrong 403; unknown service 404; wrong media type 415', async () => {
    const before = await count();
    assertError(await post(NOISE({ api_key: '' })), 400, /api_key/);
    assertError(await post(NOISE({ api_key: 'x'.repeat(40) })), 403, /api_key/);
    assertError(await post(NOISE({ service_code: 'nope' })), 404, /service_code/);
    assertError(await post(NOISE({ service_code: '' })), 400, /service_code/);
    assertError(await post(NOISE(), { type: 'application/json' }), 415);
    assertError(await post(NOISE({ jurisdiction_id: 'elsewhere' })), 404, /jurisdiction_id/);
    assert.equal(await count(), before);
  });

  test('malformed form encoding, NUL and bad UTF-8 after decoding are 400; nothing is stored', async () => {
    const before = await count();
    const base = new URLSearchParams(NOISE()).toString();
    assertError(await post(`${base}&description=%zz`), 400, /hexadecimal/);
    assertError(await post(`${base.replace(/description=[^&]*/, 'description=abc%4')}`), 400, /hexadecimal/);
    assertError(await post(`${base.replace(/description=[^&]*/, 'description=a%00b')}`), 400, /NUL/);
    assertError(await post(`${base.replace(/description=[^&]*/, 'description=%ff%fe')}`), 400, /UTF-8/);
    assertError(await post(`${base.replace(/description=[^&]*/, 'description=%e5%99')}`), 400, /UTF-8/);
    assertError(await post(`${base}&description=twice`), 400, /twice/);
    assertError(await post(`${base}&unknown_field=1`), 400, /Unknown field/);
    assertError(await post(`${base}&=empty`), 400);
    assert.equal(await count(), before);
  });

  test('huge, NaN, infinite, hexadecimal or lone coordinates are 400', async () => {
    const before = await count();
    for (const lat of ['91', '1e308', 'NaN', 'nan', 'Infinity', '0x1A', '-90.0000001', '28.1.1', '', '+', '28.1234567890123']) {
      assertError(await post(NOISE({ lat })), 400, undefined, lat);
    }
    for (const long of ['180.5', '-inf', '1e3']) assertError(await post(NOISE({ long })), 400);
    const { long, ...noLong } = NOISE();
    assertError(await post(noLong), 400, /lat and long/);
    assert.equal(await count(), before);
    const edge = await post(NOISE({ lat: '-90', long: '180.000000' }));
    assert.equal(edge.status, 201, edge.text);
  });

  test('attributes and lengths are checked against the service definition', async () => {
    const before = await count();
    assertError(await post(NOISE({ 'attribute[noise_source]': 'fireworks' })), 400, /noise_source/);
    const { 'attribute[noise_source]': _, ...noAttr } = NOISE();
    assertError(await post(noAttr), 400, /required/);
    assertError(await post(NOISE({ 'attribute[plate]': '浙J1' })), 400, /attribute/);
    assertError(await post(NOISE({ description: '长'.repeat(1001) })), 400, /description/);
    assertError(await post(NOISE({ address_string: '址'.repeat(201) })), 400, /address_string/);
    assertError(await post(NOISE({ first_name: 'a\u0007b' })), 400, /control/);
    assertError(await post(NOISE({ email: 'not-an-email' })), 400, /email/);
    assertError(await post(NOISE({ media_url: 'javascript:alert(1)' })), 400, /media_url/);
    assert.equal(await count(), before);
    const ok = await post(NOISE({ description: '长'.repeat(1000), media_url: 'https://example.com/p.jpg' }));
    assert.equal(ok.status, 201);
  });

  test('a body over the limit is 413, and the server\'s own errors under /open311/ are in the specification\'s format', async () => {
    const r = await post(`${new URLSearchParams(NOISE()).toString()}&x=${'a'.repeat(20000)}`);
    assertError(r, 413);
    assertError(await get('/open311/v2/nothing.json'), 404);
    const x = await get('/open311/v2/nothing.xml');
    assert.equal(x.status, 404);
    assert.match(x.headers.get('content-type'), /^text\/xml/);
    assert.equal(await xml(x.text, '/errors/error/code'), '404');
    const m = await requestFrom(srv, '127.0.0.1', 'PUT', '/open311/v2/services.json', { body: '' });
    assertError(m, 405);
    assertError(await get('/open311/v2/services/noise.yaml'), 404);
    // elsewhere problem+json as before
    const p = await get('/api/v1/nothing');
    assert.match(p.headers.get('content-type'), /problem\+json/);
  });
});

describe('spam limit', () => {
  test('the eleventh report from one address within the hour is 429 with Retry-After', async () => {
    const from = '127.0.99.99';
    for (let i = 0; i < 10; i++) {
      const r = await post(NOISE(), { from });
      assert.equal(r.status, 201, `report ${i + 1}: ${r.text}`);
    }
    const before = await srv.value('SELECT count(*) FROM reports');
    const r = await post(NOISE(), { from });
    assertError(r, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const x = await post(NOISE(), { from, fmt: 'xml' });
    assert.equal(x.status, 429);
    assert.equal(await xml(x.text, '/errors/error/code'), '429');
    const zh = await post(NOISE(), { from, headers: { 'Accept-Language': 'zh-CN' } });
    assert.equal(zh.status, 429);
    assert.match(zh.json[0].description, /[\u4e00-\u9fff]/, zh.text);
    assert.equal(await srv.value('SELECT count(*) FROM reports'), before);
    assert.equal((await post(NOISE())).status, 201, 'another address is not limited');
  });

  test('a signed-in citizen may file 20 reports a day from the portal, whatever the address', async () => {
    const c = await registerCitizen(srv);
    const cc = await srv.signIn(c.phone, c.password);
    const send = (from) => requestFrom(srv, from, 'POST', '/api/v1/reports', {
      headers: { 'Content-Type': 'application/json', Cookie: cc.cookieHeader(), 'X-CSRF-Token': cc.csrf },
      body: JSON.stringify({ service_code: 'other', description: '每日上限测试', address_string: '白云街道' }),
    });
    for (let i = 0; i < 20; i++) assert.equal((await send(addr())).status, 201, `report ${i + 1}`);
    const r = await send(addr());
    assert.equal(r.status, 429, r.text);
    assert.equal(r.json.type, '/problems/rate-limited');
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.equal((await cc.get('/api/v1/me/reports?limit=100')).json.items.length, 20);
  });
});
