// The public directory: units (list, paging, tree, detail, filters), officers
// (search, unit subtree filter, detail) and the demo data's counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './harness.mjs';

let srv;
let anon;
let tree; // the bureau's tree (format=tree), root node
const byId = new Map(); // unit id -> tree node

before(async () => {
  srv = await startServer();
  anon = srv.client();
  const r = await anon.get('/api/v1/units?format=tree');
  assert.equal(r.status, 200, r.text);
  tree = r.json.items[0];
  const walk = (n) => { byId.set(n.id, n); (n.children || []).forEach(walk); };
  r.json.items.forEach(walk);
});
after(async () => { await srv?.stop(); });

const named = (name) => [...byId.values()].find((u) => u.name === name);
function subtree(id) {
  const ids = new Set();
  const walk = (n) => { ids.add(n.id); n.children.forEach(walk); };
  walk(byId.get(id));
  return ids;
}

test('tree: 台州市公安局 at the root, branches below, every unit once', async () => {
  const r = await anon.get('/api/v1/units?format=tree');
  assert.equal(r.json.items.length, 1, 'one root');
  assert.equal(tree.name, '台州市公安局');
  assert.equal(tree.kind, 'bureau');
  assert.equal(tree.parent_id, null);
  const branches = tree.children.map((c) => c.name);
  for (const b of ['椒江分局', '黄岩分局', '路桥分局']) assert.ok(branches.includes(b), `${b} not under the bureau: ${branches}`);
  assert.ok([...byId.values()].some((u) => u.kind === 'traffic_brigade'), 'no traffic brigade');
  assert.ok([...byId.values()].some((u) => u.kind === 'inspection_station'), 'no inspection station');
  for (const u of byId.values()) {
    for (const c of u.children) assert.equal(c.parent_id, u.id, `${c.name}'s parent_id`);
  }
  const stats = (await anon.get('/api/v1/stats/public')).json;
  assert.equal(byId.size, stats.units, 'units in the tree vs stats.units');
});

test('list paging: limit=2 gives next_cursor, following it gives the next, different items', async () => {
  const p1 = await anon.get('/api/v1/units?limit=2');
  assert.equal(p1.status, 200, p1.text);
  assert.equal(p1.json.items.length, 2);
  assert.equal(typeof p1.json.next_cursor, 'string');
  const p2 = await anon.get(`/api/v1/units?limit=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.equal(p2.status, 200, p2.text);
  assert.equal(p2.json.items.length, 2);
  const ids1 = p1.json.items.map((u) => u.id);
  const ids2 = p2.json.items.map((u) => u.id);
  assert.ok(ids2.every((id) => !ids1.includes(id)), `page 2 repeats page 1: ${ids1} / ${ids2}`);
  assert.equal(p1.json.items[0].name, '台州市公安局', 'tree order starts at the bureau');
  // The default page size is 20.
  assert.equal((await anon.get('/api/v1/units')).json.items.length, 20);
  // Walking all pages gives every unit exactly once, in tree (pre-)order.
  const all = await anon.all('/api/v1/units', { limit: 37 });
  const ids = all.map((u) => u.id);
  assert.equal(new Set(ids).size, ids.length, 'a unit on two pages');
  assert.equal(ids.length, byId.size);
  const pos = new Map(ids.map((id, i) => [id, i]));
  for (const u of all) if (u.parent_id !== null) assert.ok(pos.get(u.parent_id) < pos.get(u.id), `${u.name} before its parent`);
  const last = await anon.get(`/api/v1/units?limit=100`);
  assert.equal(last.json.items.length, 100);
});

test('list parameters out of range → 422 naming the parameter', async () => {
  for (const q of ['limit=0', 'limit=101', 'limit=-1', 'limit=abc', 'limit=1.5']) {
    assertInvalid(await anon.get(`/api/v1/units?${q}`), 'limit', q);
  }
  assertInvalid(await anon.get('/api/v1/units?kind=planet'), 'kind', 'unknown kind');
  assertInvalid(await anon.get('/api/v1/units?format=graph'), 'format', 'unknown format');
  assertInvalid(await anon.get('/api/v1/officers?limit=101'), 'limit', 'officers limit=101');
  assertInvalid(await anon.get('/api/v1/officers?kind=sheriff'), 'kind', 'officers unknown kind');
  const bad = await anon.get('/api/v1/units?cursor=not-a-cursor');
  assert.ok([400, 422].includes(bad.status), `forged cursor: ${bad.status} ${bad.text}`);
});

// 221 police: the seed's 220 and the bureau's chief (局长), added with the chief's mailbox (src/consult/demo.c).
test('demo counts: 28 community stations, 135 village offices, 221 police, 587 auxiliaries', async () => {
  const cs = await anon.all('/api/v1/units?kind=community_station');
  assert.equal(cs.length, 28);
  assert.ok(cs.every((u) => u.kind === 'community_station'));
  const vo = await anon.all('/api/v1/units?kind=village_office', { limit: 50 });
  assert.equal(vo.length, 135);
  assert.ok(vo.every((u) => u.kind === 'village_office'));
  assert.equal(new Set(vo.map((u) => u.id)).size, 135);
  const stats = await anon.get('/api/v1/stats/public');
  assert.equal(stats.status, 200);
  assert.equal(stats.json.police, 221);
  assert.equal(stats.json.auxiliaries, 587);
  assert.equal(stats.json.officers, 808);
  for (const k of ['page_views', 'transactions', 'units']) assert.equal(typeof stats.json[k], 'number', k);
  const police = await anon.all('/api/v1/officers?kind=police');
  assert.equal(police.length, 221);
  assert.ok(police.every((o) => o.kind === 'police' && /^\d{6}$/.test(o.badge_no)), 'police without a 6-digit badge');
  assert.equal(new Set(police.map((o) => o.badge_no)).size, 221, 'duplicate badge numbers');
  const aux = await anon.all('/api/v1/officers?kind=auxiliary');
  assert.equal(aux.length, 587);
  assert.ok(aux.every((o) => o.kind === 'auxiliary' && o.badge_no === null), 'auxiliary with a badge number');
});

test('officers list: police before auxiliaries', async () => {
  const all = await anon.all('/api/v1/officers');
  assert.equal(all.length, 808);
  const firstAux = all.findIndex((o) => o.kind === 'auxiliary');
  assert.ok(firstAux > 0);
  assert.ok(all.slice(firstAux).every((o) => o.kind === 'auxiliary'), 'a police officer after an auxiliary');
});

test('units filters: parent_id gives direct children, q a Chinese substring', async () => {
  const jj = named('椒江分局');
  const kids = await anon.all(`/api/v1/units?parent_id=${jj.id}`);
  assert.deepEqual(kids.map((u) => u.id).sort((a, b) => a - b), jj.children.map((u) => u.id).sort((a, b) => a - b));
  const q = await anon.all(`/api/v1/units?q=${encodeURIComponent('黄岩')}`);
  assert.ok(q.some((u) => u.name === '黄岩分局'), 'q=黄岩 misses 黄岩分局');
  assert.ok(q.every((u) => u.name.includes('黄岩')), `q=黄岩 returns ${q.map((u) => u.name)}`);
  const none = await anon.get(`/api/v1/units?q=${encodeURIComponent('不存在的单位名')}`);
  assert.deepEqual(none.json, { items: [], next_cursor: null });
});

test('unit detail: ancestors and counts; unknown id → 404', async () => {
  const jj = named('椒江分局');
  const station = jj.children.find((c) => c.kind === 'station' && c.children.length);
  const r = await anon.get(`/api/v1/units/${station.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, station.name);
  assert.deepEqual(r.json.ancestors.map((a) => a.name), ['台州市公安局', '椒江分局']);
  assert.equal(r.json.children_count, station.children.length);
  // officers_count: the unit's own officers, or those of its whole subtree (the spec leaves it open).
  const sub = await anon.all(`/api/v1/officers?unit_id=${station.id}`);
  const own = sub.filter((o) => o.unit_id === station.id);
  assert.ok([own.length, sub.length].includes(r.json.officers_count),
    `officers_count ${r.json.officers_count}, own ${own.length}, subtree ${sub.length}`);
  const root = await anon.get(`/api/v1/units/${tree.id}`);
  assert.deepEqual(root.json.ancestors, []);
  assertProblem(await anon.get('/api/v1/units/999999'), 404, 'not-found');
  const nan = await anon.get('/api/v1/units/abc');
  assert.ok([404, 422].includes(nan.status), `/units/abc: ${nan.status}`);
});

test('officers: q finds a name; unit_id includes the units below', async () => {
  const page = (await anon.get('/api/v1/officers?limit=50')).json.items;
  const o = page.find((x) => x.kind === 'police');
  const r = await anon.all(`/api/v1/officers?q=${encodeURIComponent(o.name)}`);
  assert.ok(r.some((x) => x.id === o.id), `q=${o.name} misses officer ${o.id}`);
  assert.ok(r.every((x) => x.name.includes(o.name) || (x.title || '').includes(o.name) || (x.badge_no || '').includes(o.name)));
  const byBadge = await anon.all(`/api/v1/officers?q=${o.badge_no}`);
  assert.deepEqual(byBadge.map((x) => x.id), [o.id], 'q=badge_no');

  const jj = named('椒江分局');
  const scope = subtree(jj.id);
  const inJj = await anon.all(`/api/v1/officers?unit_id=${jj.id}`);
  assert.ok(inJj.length > 0);
  assert.ok(inJj.every((x) => scope.has(x.unit_id)), 'an officer outside 椒江分局\'s subtree');
  assert.ok(inJj.some((x) => x.unit_id !== jj.id), 'no officer of a unit below 椒江分局');
  assert.ok(inJj.some((x) => ['community_station', 'village_office'].includes(byId.get(x.unit_id).kind)),
    'no officer of a community station or village office');
  // The same count as all officers filtered by subtree.
  const all = await anon.all('/api/v1/officers');
  assert.equal(inJj.length, all.filter((x) => scope.has(x.unit_id)).length);
  const hy = named('黄岩分局');
  const inHy = await anon.all(`/api/v1/officers?unit_id=${hy.id}&kind=auxiliary`);
  assert.ok(inHy.length > 0 && inHy.every((x) => x.kind === 'auxiliary' && subtree(hy.id).has(x.unit_id)));
});

test('officer detail: the officer and their unit; unknown id → 404', async () => {
  const o = (await anon.get('/api/v1/officers?limit=1')).json.items[0];
  const r = await anon.get(`/api/v1/officers/${o.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, o.id);
  assert.equal(r.json.unit.id, o.unit_id);
  assert.equal(r.json.unit.name, o.unit_name);
  assert.equal(r.json.unit.kind, byId.get(o.unit_id).kind);
  assertProblem(await anon.get('/api/v1/officers/999999'), 404, 'not-found');
});
