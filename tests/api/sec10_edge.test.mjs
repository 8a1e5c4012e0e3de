// The edge hardening after the attack on issue 10 (/work/notes/attack10.md):
//  - Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, U+nFFFE/U+nFFFF)
//    are refused in every JSON text field (one shared check) and in the
//    Open311 form; the Open311 XML never carries a character XML 1.0
//    forbids, even from a row stored before the check.
//  - Guessing Open311 api_keys: 429 with Retry-After after 10 wrong keys
//    from one address; other addresses are not affected.
//  - A request body trickled a byte at a time is cut off after
//    --body-timeout (connection closed); a large upload at full speed works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer, registerCitizen, assertInvalid, requestFrom, run } from './harness.mjs';
import { sleep } from './edge_raw.mjs';
import { upload } from './service_hall.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const count = async (table) => Number(await srv.value(`SELECT COUNT(*) FROM ${table}`));

/** Passes text through xmllint; resolves its exit code and complaint. */
const xmllint = (text) => run('xmllint', ['--noout', '-'], { input: text });

test('noncharacters in a report description: 422 naming the field, nothing stored (JSON API)', async () => {
  const who = await registerCitizen(srv);
  const c = await srv.signIn(who.phone, who.password);
  const before = await count('reports');
  for (const bad of ['\uFFFE非字符测试', 'a\uFFFF', 'x\uFDD0y', '\uFDEF', 'z\u{1FFFE}', '\u{10FFFF}']) {
    const r = await c.post('/api/v1/reports', {
      service_code: 'noise', description: bad, address_string: '白云街道', attributes: { noise_source: 'venue' },
    });
    assertInvalid(r, 'description', JSON.stringify(bad));
    const e = r.json.errors.find((x) => x.field === 'description');
    assert.match(e.message, /noncharacter/, r.text);
  }
  // The other fields go through the same check.
  const r = await c.post('/api/v1/reports', {
    service_code: 'noise', description: '正常的描述', address_string: '白云\uFFFE街道', attributes: { noise_source: 'venue' },
  });
  assertInvalid(r, 'address_string');
  const zh = await c.req('POST', '/api/v1/reports', {
    body: { service_code: 'noise', description: '\uFFFE', address_string: 'x', attributes: { noise_source: 'venue' } },
    headers: { 'Accept-Language': 'zh-CN' },
  });
  assert.match(zh.json.errors.find((x) => x.field === 'description').message, /非字符/, zh.text);
  assert.equal(await count('reports'), before, 'nothing stored');
  // Lawful neighbours still pass: U+FFFD, U+FDCF, U+FDF0, an emoji.
  const ok = await c.post('/api/v1/reports', {
    service_code: 'noise', description: '替换\uFFFD \uFDCF\uFDF0 😀', address_string: '白云街道', attributes: { noise_source: 'venue' },
  });
  assert.equal(ok.status, 201, ok.text);
});

test('noncharacters elsewhere: a resident name and a hotspot name are refused by the same check', async () => {
  const officer = await srv.signIn('officer');
  const before = await count('residents');
  const grid = Number(await srv.value("SELECT id FROM grids ORDER BY id LIMIT 1"));
  const r = await officer.post('/api/v1/residents', {
    grid_id: grid, kind: 'registered', name: '张\uFFFF三', id_number: '11010519491231002X', address: '白云路1号',
    phone: '', employer: '', native_place: '', permit_status: 'none',
  });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /noncharacter/);
  assert.equal(await count('residents'), before);
  const chief = await srv.signIn('station_chief');
  const h = await chief.post('/api/v1/hotspots', {
    name: '乱点\uFDD5', place: '某地', kind: 'theft', problems: '问题', listed_level: 'station', campaign: '',
  });
  assert.equal(h.status, 422, h.text);
});

test('Open311 form: a noncharacter in description is 400 in the spec format; nothing stored', async () => {
  const sys = await srv.signIn('sysadmin');
  const k = await sys.post('/api/v1/reports/api-keys', { name: `sec10-${randomBytes(3).toString('hex')}` });
  assert.equal(k.status, 201, k.text);
  const before = await count('reports');
  const body = new URLSearchParams({
    api_key: k.json.api_key, service_code: 'noise', address_string: '白云街道', description: '\uFFFE非字符',
    'attribute[noise_source]': 'venue',
  }).toString();
  const r = await fetch(`${srv.base}/open311/v2/requests.json`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body,
  });
  const j = await r.json();
  assert.equal(r.status, 400, JSON.stringify(j));
  assert.match(j[0].description, /description.*noncharacter/);
  assert.equal(await count('reports'), before);
});

test('Open311 XML stays well-formed when a stored report holds U+FFFE, U+FFFF and a control character', async () => {
  // A row from before the check (written directly): the feed must survive it.
  const list = await (await fetch(`${srv.base}/open311/v2/requests.json`)).json();
  assert.ok(list.length > 0);
  const id = Number(list[0].service_request_id);
  const evil = "'\uFFFE坏' || char(1) || '\uFFFF'";
  const expr = srv.url.startsWith('sqlite:') ? evil : "E'\\uFFFE坏\\u0001\\uFFFF'";
  await srv.sql(`UPDATE reports SET description = ${expr} WHERE id = ${id}`);
  const one = await fetch(`${srv.base}/open311/v2/requests/${id}.xml`);
  const text = await one.text();
  assert.equal(one.status, 200, text);
  assert.ok(!text.includes('\uFFFE') && !text.includes('\uFFFF') && !text.includes('\u0001'), text);
  assert.match(text, /\uFFFD坏\uFFFD\uFFFD/);
  const lint = await xmllint(text);
  assert.equal(lint.code, 0, lint.stderr);
  const all = await fetch(`${srv.base}/open311/v2/requests.xml`);
  const lintAll = await xmllint(await all.text());
  assert.equal(lintAll.code, 0, lintAll.stderr);
});

test('Open311 api_key guessing: 403 ten times, then 429 with Retry-After; another address is unaffected', async () => {
  const post = (addr, key) => requestFrom(srv, addr, 'POST', '/open311/v2/requests.json', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `api_key=${key}&service_code=noise&address_string=x&attribute%5Bnoise_source%5D=venue`,
  });
  const codes = [];
  for (let i = 0; i < 10; i++) codes.push((await post('127.0.0.71', `bad${i}`)).status);
  assert.deepEqual(codes, Array(10).fill(403));
  const r = await post('127.0.0.71', 'bad-again');
  assert.equal(r.status, 429, r.text);
  assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
  assert.equal(r.json[0].code, 429, r.text);
  const x = await requestFrom(srv, '127.0.0.71', 'POST', '/open311/v2/requests.xml', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'api_key=k&service_code=noise',
  });
  assert.equal(x.status, 429);
  assert.match(x.text, /<errors><error><code>429<\/code>/);
  // Even the right key waits out the window from that address (no oracle) …
  const sys = await srv.signIn('sysadmin');
  const k = await sys.post('/api/v1/reports/api-keys', { name: `sec10-${randomBytes(3).toString('hex')}` });
  assert.equal((await post('127.0.0.71', k.json.api_key)).status, 429);
  // … while another address is served.
  assert.equal((await post('127.0.0.72', 'wrong')).status, 403);
  const good = await post('127.0.0.72', k.json.api_key);
  assert.equal(good.status, 201, good.text);
});

test('a trickled body is cut off after --body-timeout, the connection closed; a large upload at speed works', async () => {
  const s2 = await startServer({ env: { JINGWU_BODY_TIMEOUT: '3' } });
  try {
    const u = new URL(s2.base);
    const sock = net.connect({ host: u.hostname, port: Number(u.port) });
    const t0 = Date.now();
    let closedAt = null;
    let answer = '';
    sock.on('data', (d) => { answer += d.toString('latin1'); });
    sock.on('close', () => { closedAt = Date.now() - t0; });
    sock.on('error', () => {});
    await new Promise((r) => sock.once('connect', r));
    sock.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
    for (let i = 0; i < 25 && closedAt === null; i++) { // a byte every 400 ms: never idle
      await sleep(400);
      if (!sock.destroyed) sock.write('{');
    }
    sock.destroy();
    assert.ok(closedAt !== null && closedAt < 8000, `closed after ${closedAt} ms (body timeout 3 s); got ${answer.slice(0, 80)}`);
    assert.ok(closedAt >= 2500, `not before the deadline: ${closedAt} ms`);
    // A body that takes longer than the deadline but is never idle is what this cuts:
    // a body sent at full speed is untouched, however large.
    const who = await registerCitizen(s2);
    const c = await s2.signIn(who.phone, who.password);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(8 * 1024 * 1024), Buffer.from([0xff, 0xd9])]);
    const t1 = Date.now();
    const up = await upload(c, big);
    assert.equal(up.status, 201, `${up.status} ${up.text} after ${Date.now() - t1} ms`);
    const h = await fetch(`${s2.base}/healthz`);
    assert.equal(h.status, 200);
    // The headers' own deadline still holds (--header-timeout untouched).
  } finally {
    await s2.stop();
  }
});
