// Police news in the console, from the outside attack (attack12 F2, F3, F4):
// a draft is its author's alone (no other writer or reviewer lists or reads
// it, nor the reasons it was returned with, nor its images); a reviewer
// reads submitted articles of writers in their own unit tree only, and
// reviews, publishes, unpublishes and pins only those (the bureau-wide
// sysadmin everybody's); Markdown nested deeper than 16 blocks is refused
// (422 on body, in Chinese too) with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid } from './harness.mjs';
import { png, upload } from './service_hall.mjs';

let srv;
let officer; // 社区民警, a community station under 白云派出所
let traffic; // 交警支队民警: outside 白云派出所 and 椒江分局
let chief; // 白云派出所所长
let admin; // 椒江分局 unit_admin
let sys; // sysadmin: the whole bureau
before(async () => {
  srv = await startServer();
  officer = await srv.signIn('officer');
  traffic = await srv.signIn('traffic');
  chief = await srv.signIn('station_chief');
  admin = await srv.signIn('unit_admin');
  sys = await srv.signIn('sysadmin');
});
after(async () => { await srv?.stop(); });

let n = 0;
const draft = (over = {}) => {
  n++;
  return { category: 'police_news', title: `范围测试稿件${n}`, summary: '摘要', body: `第 ${n} 篇正文。\n`, ...over };
};
const act = (c, id, action, extra = {}) => c.post(`/api/v1/news/articles/${id}/actions`, { action, ...extra });
const listIds = async (c, q = '') => {
  const r = await c.get(`/api/v1/news/articles?limit=100${q}`);
  assert.equal(r.status, 200, r.text);
  const all = [...r.json.items];
  let cur = r.json.next_cursor;
  while (cur) {
    const p = await c.get(`/api/v1/news/articles?limit=100&cursor=${cur}${q}`);
    all.push(...p.json.items);
    cur = p.json.next_cursor;
  }
  return all.map((x) => x.id);
};

test('F2: a draft and its return reason are its author\'s alone; reviewers read it once submitted', async () => {
  const d = await officer.post('/api/v1/news/articles', draft());
  assert.equal(d.status, 201, d.text);
  const id = d.json.id;
  // nobody else lists or reads the draft: not another writer, not the reviewers, not even the whole-bureau sysadmin
  for (const c of [traffic, chief, admin, sys]) {
    assert.ok(!(await listIds(c)).includes(id), 'listed to another person');
    assert.ok(!(await listIds(c, '&status=draft')).includes(id));
    assertProblem(await c.get(`/api/v1/news/articles/${id}`), 404, 'not-found');
  }
  assert.ok((await listIds(officer)).includes(id), 'the author lists their draft');
  assert.equal((await officer.get(`/api/v1/news/articles/${id}`)).json.status, 'draft');
  // submitted: the reviewers of the author's unit tree read it; another writer does not
  assert.equal((await act(officer, id, 'submit')).status, 200);
  for (const c of [chief, admin, sys]) {
    assert.ok((await listIds(c, '&status=in_review')).includes(id));
    assert.equal((await c.get(`/api/v1/news/articles/${id}`)).json.status, 'in_review');
  }
  assert.ok(!(await listIds(traffic)).includes(id));
  assertProblem(await traffic.get(`/api/v1/news/articles/${id}`), 404, 'not-found');
  // returned with a reason: the reviewer sees the result once, then it is the author's draft again
  const back = await act(chief, id, 'return', { reason: '请补充时间地点-私密理由' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.return_reason, '请补充时间地点-私密理由');
  for (const c of [chief, admin, sys, traffic]) {
    assertProblem(await c.get(`/api/v1/news/articles/${id}`), 404, 'not-found');
    const l = await c.get('/api/v1/news/articles?limit=100');
    assert.ok(!l.text.includes('私密理由'), 'the return reason leaks through the list');
  }
  assert.equal((await officer.get(`/api/v1/news/articles/${id}`)).json.return_reason, '请补充时间地点-私密理由');
  // a reviewer can neither act on nor edit someone else's draft: 404 as if absent, nothing changed
  assertProblem(await act(chief, id, 'publish'), 404, 'not-found');
  assertProblem(await chief.put(`/api/v1/news/articles/${id}`, draft()), 404, 'not-found');
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${id}`), 'draft');
});

test('F2: the images of someone else\'s draft are not served to other staff', async () => {
  const up = await upload(officer, png(), { filename: 'cover.png' });
  assert.equal(up.status, 201, up.text);
  const d = await officer.post('/api/v1/news/articles', draft({ cover_upload_id: up.json.id }));
  assert.equal(d.status, 201, d.text);
  assert.equal((await officer.get(`/api/v1/news/images/${up.json.id}`)).status, 200);
  for (const c of [traffic, chief, sys]) assertProblem(await c.get(`/api/v1/news/images/${up.json.id}`), 404, 'not-found');
  assert.equal((await act(officer, d.json.id, 'submit')).status, 200);
  assert.equal((await chief.get(`/api/v1/news/images/${up.json.id}`)).status, 200, 'the reviewer sees the submitted cover');
  assertProblem(await traffic.get(`/api/v1/news/images/${up.json.id}`), 404, 'not-found');
  assertProblem(await srv.client().get(`/api/v1/news/images/${up.json.id}`), 404, 'not-found');
});

test('F3: the review pool follows the unit tree; the bureau-wide sysadmin reviews everybody', async () => {
  const t = await traffic.post('/api/v1/news/articles', draft());
  assert.equal(t.status, 201, t.text);
  const id = t.json.id;
  assert.equal((await act(traffic, id, 'submit')).status, 200);
  // the station chief and the branch's unit admin are outside the traffic police's unit: 404, nothing moves
  for (const c of [chief, admin]) {
    assertProblem(await act(c, id, 'publish'), 404, 'not-found');
    assertProblem(await act(c, id, 'return', { reason: '不归我审' }), 404, 'not-found');
    assertProblem(await c.get(`/api/v1/news/articles/${id}`), 404, 'not-found');
    assert.ok(!(await listIds(c, '&status=in_review')).includes(id));
  }
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${id}`), 'in_review');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'news_article' AND object_id = '${id}' AND action = 'news.publish'`), '0');
  // the sysadmin (whole bureau) publishes it; the chief still may not unpublish or pin it
  const p = await act(sys, id, 'publish');
  assert.equal(p.status, 200, p.text);
  assertProblem(await act(chief, id, 'unpublish', { reason: '不归我管' }), 404, 'not-found');
  assertProblem(await chief.post(`/api/v1/news/articles/${id}/pin`, { pinned: true }), 404, 'not-found');
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${id}`), 'published');
  // within the tree: the chief publishes the community officer's article, the unit admin (parent unit) too
  const o = await officer.post('/api/v1/news/articles', draft());
  assert.equal((await act(officer, o.json.id, 'submit')).status, 200);
  assert.equal((await act(chief, o.json.id, 'publish')).status, 200);
  const o2 = await officer.post('/api/v1/news/articles', draft());
  assert.equal((await act(officer, o2.json.id, 'submit')).status, 200);
  assert.equal((await act(admin, o2.json.id, 'publish')).status, 200);
  // the role check still comes first: a plain officer gets 403, not 404
  const c2 = await chief.post('/api/v1/news/articles', draft());
  assert.equal((await act(chief, c2.json.id, 'submit')).status, 200);
  assertProblem(await act(officer, c2.json.id, 'publish'), 403, 'forbidden');
});

const nested = (prefix, depth) => `${prefix.repeat(depth)}深处\n`;

test('F4: Markdown nested deeper than 16 blocks is refused on body, in English and Chinese, nothing stored', async () => {
  const before = await srv.value('SELECT COUNT(*) FROM news_articles');
  for (const body of [nested('>', 17), nested('> ', 20000), `${'- '.repeat(5000)}x\n`, `${'1. '.repeat(40)}x\n`]) {
    const r = await officer.post('/api/v1/news/preview', { body });
    assertInvalid(r, 'body');
    assert.match(r.json.errors[0].message, /nested more than 16 levels/);
    assertInvalid(await officer.post('/api/v1/news/articles', draft({ body })), 'body');
  }
  assert.equal(await srv.value('SELECT COUNT(*) FROM news_articles'), before, 'nothing stored');
  const zh = await officer.req('POST', '/api/v1/news/preview', { body: { body: nested('>', 20) }, headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(zh.status, 422);
  assert.match(zh.json.errors[0].message, /嵌套超过 16 层/);
  // 16 levels is fine, and so is an edit that stays within them
  const ok = await officer.post('/api/v1/news/preview', { body: nested('>', 16) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((ok.json.html.match(/<blockquote>/g) || []).length, 16);
  const d = await officer.post('/api/v1/news/articles', draft({ body: `- a\n  - b\n    - c\n\n> q\n` }));
  assert.equal(d.status, 201, d.text);
  assertInvalid(await officer.put(`/api/v1/news/articles/${d.json.id}`, draft({ body: nested('>', 17) })), 'body');
  assert.equal((await officer.get(`/api/v1/news/articles/${d.json.id}`)).json.body, '- a\n  - b\n    - c\n\n> q\n');
});
