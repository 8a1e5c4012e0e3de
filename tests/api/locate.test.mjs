// Find by address (按地址查找, phone13 #3): GET /api/v1/directory/locate?address=
// answers, from the units' names and addresses and the community grids'
// names and roads (the routing of a report without a point), the station of a
// street or community and, when a grid matches, its community officer.
// Nothing found is an empty list; bad input is 422 and names the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertInvalid } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const locate = (address, headers) =>
  srv.client().req('GET', `/api/v1/directory/locate?address=${encodeURIComponent(address)}`, { headers });
const one = async (address) => {
  const r = await locate(address);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1, `${address}: ${r.text}`);
  return r.json.items[0];
};

test('a road of a grid gives the community station, its station and the grid\'s community officer', async () => {
  const hit = await one('椒江区白云山南路 18 号');
  assert.equal(hit.unit.name, '文化社区警务室');
  assert.equal(hit.unit.kind, 'community_station');
  assert.equal(hit.station.name, '白云派出所');
  assert.equal(hit.station.kind, 'station');
  assert.match(hit.station.address, /溪路/);
  assert.equal(hit.grid.name, '文化社区第1网格');
  assert.match(hit.grid.area, /白云山南路/);
  // The officer is the grid's 责任区民警 as the grids table says.
  const officer = Number(await srv.value(`SELECT officer_id FROM grids WHERE name = '文化社区第1网格'`));
  assert.equal(hit.officer.id, officer);
  assert.equal(typeof hit.officer.name, 'string');
  assert.equal(typeof hit.officer.accepts_appointments, 'boolean');
  assert.equal(hit.matched_by, 'place');
  // No personal data of the officer beyond the public directory's.
  for (const k of ['phone', 'user_id', 'id_number']) assert.ok(!(k in hit.officer), k);
});

test('a community\'s name, a street (街道) and a road of the station\'s own address find the station', async () => {
  const community = await one('解放社区');
  assert.equal(community.unit.name, '解放社区警务室');
  assert.equal(community.station.name, '海门派出所');
  assert.ok(community.officer, 'the community\'s grid officer');
  const street = await one('白云街道');
  assert.equal(street.unit.name, '白云派出所');
  assert.equal(street.station.id, street.unit.id);
  assert.equal(street.grid, null);
  assert.equal(street.officer, null);
  // "溪路" (the reviewer's street) is on the station's own address.
  const road = await one('溪路');
  assert.equal(road.station.name, '白云派出所');
  assert.equal(road.matched_by, 'unit_address');
  const full = await one('台州市椒江区溪路154号');
  assert.equal(full.station.name, '白云派出所');
});

test('nothing found is an empty list, not an error (a district alone is too vague to guess)', async () => {
  for (const q of ['xyz', '火星路', '椒江区', '台州市椒江区', '路']) {
    const r = await locate(q);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    assert.deepEqual(r.json.items, [], q);
  }
});

test('bad input is 422 naming address: missing, empty, over-long, control characters, bad UTF-8', async () => {
  const c = srv.client();
  assertInvalid(await c.get('/api/v1/directory/locate'), 'address', 'missing');
  assertInvalid(await c.get('/api/v1/directory/locate?address='), 'address', 'empty');
  assertInvalid(await locate('路'.repeat(101)), 'address', '101 characters');
  assert.equal((await locate('路'.repeat(100))).status, 200, '100 characters are fine');
  // A C0 control character in the URL is refused by the server's edge (400) before the handler.
  const ctl = await locate('白云\u0001街道');
  assert.ok([400, 422].includes(ctl.status), ctl.text);
  assertInvalid(await locate('白云\u0085街道'), 'address', 'a C1 control character');
  assertInvalid(await locate('白云\u202e街道'), 'address', 'a bidi override');
  const bad = await c.get('/api/v1/directory/locate?address=%FF%FE');
  assert.ok([400, 422].includes(bad.status), bad.text);
  // In Chinese with Accept-Language: zh-CN.
  const zh = await locate('', { 'Accept-Language': 'zh-CN' });
  assert.equal(zh.status, 422);
  assert.equal(zh.json.errors[0].field, 'address');
  assert.match(zh.json.errors[0].message, /[\u4e00-\u9fff]/, zh.text);
  // Only GET.
  assert.ok([404, 405].includes((await c.req('POST', '/api/v1/directory/locate?address=x', { body: {} })).status));
});
