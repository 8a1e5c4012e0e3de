// From the outside attack (attack12 F6, F7): a path id that is not a number,
// is 0 or overflows is 404 naming the text as sent, never a wrong id (one
// place: the dispatcher words every handler's 404 after jw_param_id); and
// the public lists (news, the console's news, statistics, site search)
// refuse a query parameter they do not know with 422 naming it, as the
// residents list does, instead of ignoring it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './harness.mjs';

let srv;
let anon;
let officer;
let chief;
before(async () => {
  srv = await startServer();
  anon = srv.client();
  officer = await srv.signIn('officer');
  chief = await srv.signIn('station_chief');
});
after(async () => { await srv?.stop(); });

test('F6: a path id that is no id is 404 naming the text as sent, in English and Chinese', async () => {
  const cases = [
    [anon, '/api/v1/qa/99999999999999999999', '99999999999999999999'],
    [anon, '/api/v1/qa/abc', 'abc'],
    [anon, '/api/v1/qa/0', '0'],
    [anon, '/api/v1/services/abc/accepting-units', 'abc'],
    [anon, '/api/v1/services/99999999999999999999', '99999999999999999999'],
    [anon, '/api/v1/units/-1', '-1'],
    [anon, '/api/v1/officers/1e3', '1e3'],
    [officer, '/api/v1/news/articles/abc', 'abc'],
    [chief, '/api/v1/stats/units/12345678901234567890', '12345678901234567890'],
  ];
  for (const [c, path, text] of cases) {
    const r = await c.get(path);
    assertProblem(r, 404, 'not-found', path);
    assert.ok(r.json.detail.includes(`"${text}"`), `${path}: ${r.json.detail}`);
    assert.ok(!/\b0\.$/.test(r.json.detail) || text === '0', `${path} names id 0: ${r.json.detail}`);
  }
  // quotes and odd characters come back as text inside the JSON string, cut short when long
  const odd = await anon.get(`/api/v1/qa/${encodeURIComponent('"<b>x</b>')}`);
  assertProblem(odd, 404, 'not-found');
  assert.ok(odd.json.detail.includes('"\\"<b>x</b>"') || odd.json.detail.includes('"<b>x</b>'), odd.json.detail);
  // characters a reader cannot see or that turn the text around are not echoed (attack13 #5)
  for (const ch of ['\u202e', '\u200b', '\ufeff', '\u2028', '\u2066']) {
    const r = await anon.get(`/api/v1/qa/${encodeURIComponent(`12${ch}34`)}`);
    assertProblem(r, 404, 'not-found');
    assert.ok(!r.json.detail.includes(ch), `U+${ch.codePointAt(0).toString(16)} echoed: ${JSON.stringify(r.json.detail)}`);
    assert.ok(r.json.detail.includes('"12?34"'), r.json.detail);
  }
  const long = await anon.get(`/api/v1/qa/${'9'.repeat(200)}`);
  assert.ok(long.json.detail.length < 200, long.json.detail);
  const zh = await anon.req('GET', '/api/v1/qa/abc', { headers: { 'Accept-Language': 'zh-CN' } });
  assertProblem(zh, 404, 'not-found');
  assert.match(zh.json.detail, /编号为“abc”/);
  // a real id that does not exist keeps the handler's own wording
  const missing = await anon.get('/api/v1/qa/987654');
  assertProblem(missing, 404, 'not-found');
  assert.match(missing.json.detail, /987654/);
  // a payment's number (not an id) is untouched by the rule
  assertProblem(await (await srv.signIn('13800138000')).get('/api/v1/payments/P000'), 404, 'not-found');
});

test('F7: the public lists refuse a query parameter they do not know, naming it; known ones still work', async () => {
  for (const [c, path, bad] of [
    [anon, '/api/v1/news?page=9999', 'page'],
    [anon, '/api/v1/news?category=notice&categroy=x', 'categroy'],
    [anon, '/api/v1/stats/overview?tz_offset_min=99999', 'tz_offset_min'],
    [chief, `/api/v1/stats/units/${await srv.value("SELECT id FROM units WHERE name = '白云派出所'")}?month=2`, 'month'],
    [anon, '/api/v1/search?q=%E5%B1%85%E4%BD%8F%E8%AF%81&kind=news', 'kind'],
    [officer, '/api/v1/news/articles?state=draft', 'state'],
    // the other public lists and the article by key (attack13 #4)
    [anon, '/api/v1/units?parentid=7', 'parentid'],
    [anon, '/api/v1/officers?unitid=7', 'unitid'],
    [anon, '/api/v1/services?categories=exit_entry', 'categories'],
    [anon, '/api/v1/hotspots?status=listed&page=2', 'page'],
    [anon, '/api/v1/qa?query=%E8%B7%AF%E7%81%AF', 'query'],
    [anon, '/api/v1/news/refund-scam-warning?preview=1', 'preview'],
  ]) {
    const r = await c.get(path);
    assertInvalid(r, bad, path);
    assert.match(r.json.errors[0].message, /is not a parameter of this list/);
  }
  const zh = await anon.req('GET', '/api/v1/news?page=2', { headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(zh.status, 422);
  assert.match(zh.json.errors[0].message, /不是此列表的参数/);
  // what the web client sends is known
  for (const [c, path] of [
    [anon, '/api/v1/news?category=notice&limit=4'],
    [anon, '/api/v1/news?limit=10&cursor=10&q=%E9%98%B2'],
    [anon, '/api/v1/stats/overview?months=12'],
    [anon, '/api/v1/search?q=%E4%BF%A1%E7%AE%B1&limit=5'],
    [officer, '/api/v1/news/articles?status=draft&limit=20'],
  ]) assert.equal((await c.get(path)).status, 200, path);
});
