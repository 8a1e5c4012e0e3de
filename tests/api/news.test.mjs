// Police news (走进警营): the workflow draft → in_review → published (or back
// with a reason) with four eyes, scheduled publication, pinning, unpublish;
// the Markdown's safety (raw HTML shown as text, javascript:/data: links
// refused naming the line, image sources only from our own uploads); the
// public list, article, images and the Atom feed (xmllint); the uploads
// sweep keeping covers and article images; the attacker's side and bad
// input with nothing half-written; the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, assertProblem, assertInvalid, DEMO_CITIZEN } from './harness.mjs';
import { jpeg, png, pdf, upload } from './service_hall.mjs';

let srv;
let officer; // writes
let chief; // reviews
let admin; // unit_admin: writes and reviews
let citizen;
let aux;
let auditor;
before(async () => {
  srv = await startServer({ env: { JINGWU_UPLOAD_KEEP_HOURS: '1' } });
  officer = await srv.signIn('officer');
  chief = await srv.signIn('station_chief');
  admin = await srv.signIn('unit_admin');
  aux = await srv.signIn('auxiliary');
  auditor = await srv.signIn('auditor');
  citizen = await srv.signIn(DEMO_CITIZEN);
});
after(async () => { await srv?.stop(); });

let n = 0;
function draft(over = {}) {
  n++;
  return { category: 'police_news', title: `测试稿件${n}：反诈宣传进社区`, summary: '民警走进社区讲解防诈骗知识。', body: `# 标题\n\n第 ${n} 篇正文，**加粗**。\n`, ...over };
}
const count = async () => Number(await srv.value('SELECT COUNT(*) FROM news_articles'));
const act = (c, id, action, extra = {}) => c.post(`/api/v1/news/articles/${id}/actions`, { action, ...extra });
const anon = () => srv.client();

async function published(over = {}, when) {
  const r = await officer.post('/api/v1/news/articles', draft(over));
  assert.equal(r.status, 201, r.text);
  assert.equal((await act(officer, r.json.id, 'submit')).status, 200);
  const p = await act(chief, r.json.id, 'publish', when ? { publish_at: when } : {});
  assert.equal(p.status, 200, p.text);
  return p.json;
}

test('the console list and the demo: a dozen articles, one pinned notice, one scheduled, one in review', async () => {
  const review = await chief.get('/api/v1/news/articles?status=in_review&limit=100');
  assert.equal(review.status, 200);
  assert.ok(review.json.items.some((x) => x.slug === 'grid-rental-visits'));
  assertInvalid(await chief.get('/api/v1/news/articles?status=lost'), 'status');
  assertProblem(await anon().get('/api/v1/news/new-year-hours'), 404, 'not-found'); // scheduled next week
  assert.equal((await chief.get(`/api/v1/news/articles/${await srv.value("SELECT id FROM news_articles WHERE slug = 'new-year-hours'")}`)).json.status, 'published');
  const bus = await anon().get('/api/v1/news/bus-dongshan-village');
  assert.equal(bus.status, 200);
  assert.match(bus.json.html, /<blockquote>/);
  assert.match((await anon().get('/api/v1/news/sihaoqiao-delisted')).json.html, /321/);
  assert.match((await anon().get('/api/v1/news/online-bureau-since-2011')).json.html, /2011/);
  // Emphasis next to Chinese punctuation renders (CommonMark's flanking rules): no asterisks left in a demo article.
  const scam = (await anon().get('/api/v1/news/refund-scam-warning')).json.html;
  assert.match(scam, /<strong>记住：正规客服退款不需要你转账<\/strong>/);
  for (const [slug] of await srv.rows("SELECT slug FROM news_articles WHERE slug IS NOT NULL AND status = 'published' AND slug <> 'new-year-hours'")) {
    const a = await anon().get(`/api/v1/news/${slug}`);
    if (a.status === 200) assert.ok(!a.json.html.includes('**'), slug);
  }
  assert.equal(Number(await srv.value("SELECT COUNT(*) FROM news_articles WHERE slug IN ('portal-relaunch','bus-dongshan-village','bus-baiyun-school','sihaoqiao-delisted','stolen-vehicles-321','online-bureau-since-2011','refund-scam-warning','ebike-theft-tips','winter-fire-safety','community-officer-day','inspection-booking-online','new-year-hours','grid-rental-visits')")), 13);
  assert.equal(await srv.value("SELECT pinned FROM news_articles WHERE slug = 'portal-relaunch'"), '1');
  const cats = await srv.rows("SELECT DISTINCT category FROM news_articles WHERE slug IS NOT NULL AND slug NOT LIKE '%-story'");
  assert.equal(cats.length, 4);
  // idempotent
  const before = await count();
  const again = await srv.cli(['seed', '--demo']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await count(), before);
});

test('the workflow: draft → in_review → back with a reason → in_review → published, with audit rows', async () => {
  const r = await officer.post('/api/v1/news/articles', draft({ slug: 'workflow-story' }));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.status, 'draft');
  assert.match(r.json.html, /<h1>标题<\/h1>/);
  assert.match(r.json.html, /<strong>加粗<\/strong>/);
  // invisible to the public while a draft
  assertProblem(await anon().get(`/api/v1/news/${id}`), 404, 'not-found');
  assertProblem(await anon().get('/api/v1/news/workflow-story'), 404, 'not-found');
  // publishing a draft straight away: the reviewer does not see someone else's draft
  assertProblem(await act(chief, id, 'publish'), 404, 'not-found');
  assert.equal((await act(officer, id, 'submit')).json.status, 'in_review');
  // the author cannot edit it while in review
  assertProblem(await officer.put(`/api/v1/news/articles/${id}`, draft()), 409, 'conflict');
  // return needs a reason
  assertInvalid(await act(chief, id, 'return'), 'reason');
  const back = await act(chief, id, 'return', { reason: '请补充活动时间和地点' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.status, 'draft');
  assert.equal(back.json.return_reason, '请补充活动时间和地点');
  const edited = await officer.put(`/api/v1/news/articles/${id}`, draft({ slug: 'workflow-story', title: '补充后的稿件标题' }));
  assert.equal(edited.status, 200, edited.text);
  assert.equal((await act(officer, id, 'submit')).status, 200);
  const pub = await act(chief, id, 'publish');
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.status, 'published');
  assert.equal(pub.json.reviewer, await srv.value("SELECT name FROM users WHERE login = 'station_chief'"));
  const pubRead = await anon().get('/api/v1/news/workflow-story');
  assert.equal(pubRead.status, 200, pubRead.text);
  assert.equal(pubRead.json.title, '补充后的稿件标题');
  assert.equal(pubRead.json.status, undefined, 'the public sees no workflow fields');
  assert.equal(pubRead.json.body, undefined);
  assert.equal((await anon().get(`/api/v1/news/${id}`)).json.id, id);
  // publishing twice is a conflict
  assertProblem(await act(chief, id, 'publish'), 409, 'conflict');
  const actions = (await srv.rows(`SELECT action FROM audit_log WHERE object_type = 'news_article' AND object_id = '${id}' ORDER BY id`)).map((x) => x[0] ?? x.action);
  assert.deepEqual(actions, ['news.create', 'news.submit', 'news.return', 'news.update', 'news.submit', 'news.publish']);
  // unpublish (with a reason) hides it; reopen makes it a draft again
  assertInvalid(await act(chief, id, 'unpublish'), 'reason');
  assert.equal((await act(chief, id, 'unpublish', { reason: '信息需要更新' })).json.status, 'unpublished');
  assertProblem(await anon().get(`/api/v1/news/${id}`), 404, 'not-found');
  assert.equal((await act(officer, id, 'reopen')).json.status, 'draft');
});

test('four eyes: nobody reviews their own article, whatever the role', async () => {
  const r = await admin.post('/api/v1/news/articles', draft());
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal((await act(admin, id, 'submit')).status, 200);
  assertProblem(await act(admin, id, 'publish'), 403, 'forbidden');
  assertProblem(await act(admin, id, 'return', { reason: '自己退回' }), 403, 'forbidden');
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${id}`), 'in_review');
  // the officer (a writer, not a reviewer) cannot publish anybody's article
  assertProblem(await act(officer, id, 'publish'), 403, 'forbidden');
  // only the author submits
  const o = await officer.post('/api/v1/news/articles', draft());
  assertProblem(await act(chief, o.json.id, 'submit'), 404, 'not-found'); // another person's draft is invisible
  // another reviewer may: one whose unit holds the author's (not the station chief below the branch admin)
  assertProblem(await act(chief, id, 'publish'), 404, 'not-found');
  assert.equal((await act(await srv.signIn('sysadmin'), id, 'publish')).status, 200);
  // the database holds it too
  await assert.rejects(srv.value(`UPDATE news_articles SET reviewer_id = author_id WHERE id = ${id}`));
});

test('scheduled publication: invisible to the list, the article and the feed until due', async () => {
  const soon = new Date(Date.now() + 4000).toISOString().replace(/\.\d+Z$/, 'Z');
  const a = await published({ title: '定时发布的稿件：元旦假期安排', slug: 'scheduled-story' }, soon);
  assertProblem(await anon().get(`/api/v1/news/${a.id}`), 404, 'not-found');
  let list = await anon().get('/api/v1/news?limit=100');
  assert.ok(!list.json.items.some((x) => x.id === a.id));
  assert.ok(!(await anon().get('/api/v1/news/feed.atom')).text.includes('定时发布的稿件'));
  // staff see it with its time
  assert.equal((await chief.get(`/api/v1/news/articles/${a.id}`)).json.status, 'published');
  await new Promise((r) => setTimeout(r, 5000));
  assert.equal((await anon().get(`/api/v1/news/${a.id}`)).status, 200);
  list = await anon().get('/api/v1/news?limit=100');
  assert.ok(list.json.items.some((x) => x.id === a.id));
  // a time in the past, or not a time, is refused
  const d = await officer.post('/api/v1/news/articles', draft());
  await act(officer, d.json.id, 'submit');
  assertInvalid(await act(chief, d.json.id, 'publish', { publish_at: '2020-01-01T00:00:00+08:00' }), 'publish_at');
  assertInvalid(await act(chief, d.json.id, 'publish', { publish_at: 'tomorrow' }), 'publish_at');
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${d.json.id}`), 'in_review');
});

test('pinning: pinned first, at most three, only published articles', async () => {
  await srv.value('UPDATE news_articles SET pinned = 0');
  const a = await published({ title: '置顶一：重要通知', category: 'notice' });
  const b = await published({ title: '置顶二：重要通知', category: 'notice' });
  const c = await published({ title: '置顶三：重要通知', category: 'notice' });
  const d = await published({ title: '第四篇不能置顶', category: 'notice' });
  for (const x of [a, b, c]) assert.equal((await chief.post(`/api/v1/news/articles/${x.id}/pin`, { pinned: true })).status, 200);
  assertProblem(await chief.post(`/api/v1/news/articles/${d.id}/pin`, { pinned: true }), 409, 'conflict');
  assertProblem(await officer.post(`/api/v1/news/articles/${d.id}/pin`, { pinned: true }), 403, 'forbidden');
  const list = await anon().get('/api/v1/news?category=notice&limit=10');
  assert.deepEqual(list.json.items.slice(0, 3).map((x) => x.pinned), [true, true, true]);
  assert.ok(list.json.items.slice(0, 3).every((x) => [a.id, b.id, c.id].includes(x.id)));
  assert.equal(list.json.items[3].pinned, false);
  assert.equal((await chief.post(`/api/v1/news/articles/${a.id}/pin`, { pinned: false })).json.pinned, false);
  assert.equal((await chief.post(`/api/v1/news/articles/${d.id}/pin`, { pinned: true })).json.pinned, true);
  // an article in review cannot be pinned; someone else's draft is not even there for the chief
  const dr = await officer.post('/api/v1/news/articles', draft());
  assertProblem(await chief.post(`/api/v1/news/articles/${dr.json.id}/pin`, { pinned: true }), 404, 'not-found');
  assert.equal((await act(officer, dr.json.id, 'submit')).status, 200);
  assertProblem(await chief.post(`/api/v1/news/articles/${dr.json.id}/pin`, { pinned: true }), 409, 'conflict');
  // unpublishing unpins
  await act(chief, d.id, 'unpublish', { reason: '撤下' });
  assert.equal(await srv.value(`SELECT pinned FROM news_articles WHERE id = ${d.id}`), '0');
});

test('Markdown safety: raw HTML is text, javascript:/data: links refused naming the line, images only ours', async () => {
  const html = await officer.post('/api/v1/news/preview', { body: 'hello <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src="https://evil.example"></iframe>' });
  assert.equal(html.status, 200, html.text);
  assert.ok(!/<script|<img|<iframe/i.test(html.json.html), html.json.html);
  assert.match(html.json.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html.json.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  const before = await count();
  for (const [body, line] of [
    ['ok\n\n[click](javascript:alert(1))', 3],
    ['line one\nline two\n\n\n[x](JaVaScRiPt:alert(1))', 5],
    ['<javascript:alert(1)>', 1],
    ['[a](data:text/html;base64,PHNjcmlwdD4=)', 1],
    ['[a](vbscript:msgbox)', 1],
    ['[a](//evil.example/x)', 1],
    ['[a][r]\n\n[r]: javascript:alert(1)', 1],
    ['![x](https://evil.example/track.png)', 1],
    ['![x](data:image/png;base64,AAAA)', 1],
    ['![x](/api/v1/uploads/1)', 1],
  ]) {
    const r = await officer.post('/api/v1/news/articles', draft({ body }));
    assertInvalid(r, 'body', body);
    assert.match(r.json.errors.find((e) => e.field === 'body').message, new RegExp(`line ${line}\\b`), `${body}: ${r.text}`);
    assertInvalid(await officer.post('/api/v1/news/preview', { body }), 'body', body);
  }
  assert.equal(await count(), before, 'nothing stored');
  // allowed: http(s), site-relative, anchors
  const ok = await officer.post('/api/v1/news/preview', { body: '[a](https://www.gov.cn/) [b](/services) [c](#top) [d](news/2) [e](http://example.com/x?y=1)' });
  assert.equal(ok.status, 200, ok.text);
  assert.match(ok.json.html, /href="https:\/\/www.gov.cn\/"/);
  // Chinese messages
  const zh = await officer.req('POST', '/api/v1/news/preview', { body: { body: '[x](javascript:1)' }, headers: { 'Accept-Language': 'zh-CN' } });
  assert.equal(zh.status, 422);
  assert.match(zh.json.errors[0].message, /^第 1 行：链接只能指向 http\(s\) 网址或本站页面/, zh.text);
  const zhImg = await officer.req('POST', '/api/v1/news/preview', { body: { body: 'a\n\n![x](https://evil.example/t.png)' }, headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zhImg.json.errors[0].message, /^第 3 行：图片只能来自本站上传的新闻图片/, zhImg.text);
  const en = await officer.post('/api/v1/news/preview', { body: '[x](javascript:1)' });
  assert.match(en.json.errors[0].message, /^line 1: links may only go to http\(s\) addresses/, en.text);
  const zh2 = await chief.req('POST', '/api/v1/news/articles/999999999/actions', { body: { action: 'publish' }, headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh2.json.detail, /稿件 999999999 不存在/, zh2.text);
});

test('cover and images: the author\'s own JPEG/PNG uploads; public only once published; kept by the sweep', async () => {
  const cover = (await upload(officer, jpeg())).json.id;
  const pic = (await upload(officer, png(), { filename: 'p.png' })).json.id;
  const spare = (await upload(officer, jpeg())).json.id;
  const theirs = (await upload(citizen, jpeg())).json.id;
  const doc = (await upload(officer, pdf(), { filename: 'a.pdf' })).json.id;
  const before = await count();
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ cover_upload_id: theirs })), 'cover_upload_id');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ cover_upload_id: doc })), 'cover_upload_id');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ cover_upload_id: 999999999 })), 'cover_upload_id');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ body: `![x](/api/v1/news/images/${theirs})` })), 'body');
  assert.equal(await count(), before);
  const r = await officer.post('/api/v1/news/articles', draft({ cover_upload_id: cover, body: `图片：\n\n![现场](/api/v1/news/images/${pic})` }));
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.html, new RegExp(`<img src="/api/v1/news/images/${pic}" alt="现场"`));
  assert.equal(r.json.cover_url, `/api/v1/news/images/${cover}`);
  // not public while a draft; the author (staff) sees it
  assertProblem(await anon().get(`/api/v1/news/images/${cover}`), 404, 'not-found');
  assertProblem(await citizen.get(`/api/v1/news/images/${pic}`), 404, 'not-found');
  assert.equal((await officer.get(`/api/v1/news/images/${pic}`)).status, 200);
  await act(officer, r.json.id, 'submit');
  await act(chief, r.json.id, 'publish');
  const img = await anon().get(`/api/v1/news/images/${cover}`);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/jpeg');
  assert.equal((await anon().get(`/api/v1/news/images/${pic}`)).headers.get('content-type'), 'image/png');
  // an upload nothing published uses stays private; huge or odd ids are 404
  for (const x of [spare, theirs, 0, -1, '99999999999999999999999', 'abc']) assertProblem(await anon().get(`/api/v1/news/images/${x}`), 404, 'not-found');
  // the sweep (every few seconds) removes old unused uploads but keeps the cover and the article image
  await srv.value(`UPDATE uploads SET created_at = created_at - 86400 WHERE id IN (${cover}, ${pic}, ${spare})`);
  for (let i = 0; i < 40 && Number(await srv.value(`SELECT COUNT(*) FROM uploads WHERE id = ${spare}`)); i++) await new Promise((res) => setTimeout(res, 500));
  assert.equal(await srv.value(`SELECT COUNT(*) FROM uploads WHERE id = ${spare}`), '0', 'the sweep ran');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM uploads WHERE id IN (${cover}, ${pic})`), '2');
});

test('the public list: paged, by category, search in title and summary', async () => {
  const a = await published({ category: 'culture', title: '警营文化：一位老民警的三十年', summary: '从步巡到网格' });
  const all = await anon().all('/api/v1/news', { limit: 2 });
  assert.ok(all.length >= 10);
  assert.equal(new Set(all.map((x) => x.id)).size, all.length, 'no article twice across pages');
  const culture = await anon().get('/api/v1/news?category=culture&limit=100');
  assert.ok(culture.json.items.every((x) => x.category === 'culture'));
  assert.ok(culture.json.items.some((x) => x.id === a.id));
  assert.deepEqual((await anon().get(`/api/v1/news?q=${encodeURIComponent('老民警')}`)).json.items.map((x) => x.id), [a.id]);
  assert.deepEqual((await anon().get(`/api/v1/news?q=${encodeURIComponent('从步巡')}`)).json.items.map((x) => x.id), [a.id]);
  assert.equal((await anon().get(`/api/v1/news?q=${encodeURIComponent('%')}`)).json.items.length, 0, '% is literal');
  assertInvalid(await anon().get('/api/v1/news?category=gossip'), 'category');
  assertInvalid(await anon().get('/api/v1/news?limit=0'), 'limit');
  assertInvalid(await anon().get('/api/v1/news?cursor=-5'), 'cursor');
  assertInvalid(await anon().get(`/api/v1/news?q=${'长'.repeat(51)}`), 'q');
  const badUtf8 = await anon().get('/api/v1/news?q=%ff%fe');
  assert.ok([400, 422].includes(badUtf8.status), badUtf8.text);
});

test('the Atom feed is valid Atom 1.0 with escaped content', async () => {
  await published({ title: 'Feed <b>&</b> "quotes"', body: 'a < b & c\n\n<script>x</script>' });
  const r = await anon().get('/api/v1/news/feed.atom');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
  const xml = r.text;
  execFileSync('xmllint', ['--noout', '-'], { input: xml }); // well-formed
  const x = (expr) => execFileSync('xmllint', ['--xpath', expr, '-'], { input: xml }).toString().trim();
  assert.equal(x("namespace-uri(/*)"), 'http://www.w3.org/2005/Atom');
  assert.equal(x("local-name(/*)"), 'feed');
  for (const el of ['id', 'title', 'updated']) assert.equal(x(`count(/*/*[local-name()='${el}'])`), '1', el);
  assert.equal(x("count(/*/*[local-name()='link'][@rel='self'])"), '1');
  const entries = Number(x("count(/*/*[local-name()='entry'])"));
  assert.ok(entries >= 1 && entries <= 20);
  for (const el of ['id', 'title', 'updated']) assert.equal(x(`count(/*/*[local-name()='entry'][not(*[local-name()='${el}'])])`), '0', `every entry has ${el}`);
  assert.equal(x("count(/*/*[local-name()='entry'][not(*[local-name()='author'])])"), '0');
  assert.match(x("string(/*/*[local-name()='updated'])"), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const ids = x("/*/*[local-name()='entry']/*[local-name()='id']/text()").split('\n');
  assert.equal(new Set(ids).size, ids.length, 'entry ids unique');
  assert.ok(ids.every((i) => /^https?:\/\/.+\/news\/\d+$/.test(i)), ids.join(','));
  assert.match(xml, /<title>Feed &lt;b&gt;&amp;&lt;\/b&gt; (&quot;|")quotes(&quot;|")<\/title>/);
  assert.ok(!xml.includes('<script>'));
  assert.ok(xml.includes('&amp;lt;script&amp;gt;'), 'raw HTML escaped in the HTML, then again in XML');
});

test('the attacker: anonymous 401, citizens and other roles 403, drafts 404, CSRF 403, others\' drafts', async () => {
  const d = await officer.post('/api/v1/news/articles', draft());
  const id = d.json.id;
  for (const [m, p, b] of [['GET', '/api/v1/news/articles'], ['POST', '/api/v1/news/articles', draft()], ['GET', `/api/v1/news/articles/${id}`], ['PUT', `/api/v1/news/articles/${id}`, draft()], ['POST', `/api/v1/news/articles/${id}/actions`, { action: 'submit' }], ['POST', '/api/v1/news/preview', { body: 'x' }], ['POST', `/api/v1/news/articles/${id}/pin`, { pinned: true }]]) {
    assertProblem(await anon().req(m, p, { body: b }), 401, 'unauthenticated', `${m} ${p}`);
    assertProblem(await citizen.req(m, p, { body: b }), 403, 'forbidden', `${m} ${p}`);
    assertProblem(await aux.req(m, p, { body: b }), 403, 'forbidden', `${m} ${p}`);
    assertProblem(await auditor.req(m, p, { body: b }), 403, 'forbidden', `${m} ${p}`);
  }
  // drafts are invisible to the public and to citizens
  assertProblem(await citizen.get(`/api/v1/news/${id}`), 404, 'not-found');
  // CSRF
  const before = await count();
  assertProblem(await officer.req('POST', '/api/v1/news/articles', { body: draft(), csrf: false }), 403, 'csrf');
  assertProblem(await chief.req('POST', `/api/v1/news/articles/${id}/actions`, { body: { action: 'submit' }, csrf: 'forged' }), 403, 'csrf');
  assert.equal(await count(), before);
  // another writer may not edit or submit the officer's draft (nor see it: 404)
  assertProblem(await admin.put(`/api/v1/news/articles/${id}`, draft()), 404, 'not-found');
  assertProblem(await act(admin, id, 'submit'), 404, 'not-found');
  assert.equal(await srv.value(`SELECT status FROM news_articles WHERE id = ${id}`), 'draft');
  // forged and huge ids
  for (const x of ['0', '-1', '99999999999999999999', '1e3', 'abc']) {
    assertProblem(await chief.get(`/api/v1/news/articles/${x}`), 404, 'not-found', x);
    assertProblem(await act(chief, x, 'publish'), 404, 'not-found', x);
  }
  assertProblem(await anon().get('/api/v1/news/999999999999'), 404, 'not-found');
  assertProblem(await anon().get('/api/v1/news/..%2F..%2Fetc'), 404, 'not-found');
});

test('bad input: over-long, bad UTF-8, wrong types, unknown action, bad slug; nothing half-written', async () => {
  const before = await count();
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ title: '长'.repeat(101) })), 'title');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ title: 'x' })), 'title');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ summary: 's'.repeat(301) })), 'summary');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ body: 'b'.repeat(50001) })), 'body');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ category: 'gossip' })), 'category');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ title: '标题\u202e反转' })), 'title');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ cover_upload_id: -1 })), 'cover_upload_id');
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ cover_upload_id: '1' })), 'cover_upload_id');
  for (const slug of ['AB', 'has space', '9starts-with-digit', 'articles', 'x'.repeat(81)]) assertInvalid(await officer.post('/api/v1/news/articles', draft({ slug })), 'slug', slug);
  const bad = Buffer.concat([Buffer.from('{"category":"notice","title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('标题","body":"x"}')]);
  const r = await officer.req('POST', '/api/v1/news/articles', { raw: bad });
  assert.ok([400, 422].includes(r.status), r.text);
  assertProblem(await officer.req('POST', '/api/v1/news/articles', { raw: '{' }), 400, 'bad-json');
  assert.equal(await count(), before, 'nothing stored');
  // a slug taken
  await officer.post('/api/v1/news/articles', draft({ slug: 'only-once' }));
  assertInvalid(await officer.post('/api/v1/news/articles', draft({ slug: 'only-once' })), 'slug');
  const d = await officer.post('/api/v1/news/articles', draft());
  assertInvalid(await act(officer, d.json.id, 'fly'), 'action');
  assertInvalid(await act(officer, d.json.id, 'submit', { publish_at: '2030-01-01T00:00:00Z' }), 'publish_at');
  assertInvalid(await act(chief, d.json.id, 'return', { reason: 'r'.repeat(301) }), 'reason');
  // an edit refused leaves the draft as it was
  const title = await srv.value(`SELECT title FROM news_articles WHERE id = ${d.json.id}`);
  assertInvalid(await officer.put(`/api/v1/news/articles/${d.json.id}`, draft({ body: '[x](javascript:1)' })), 'body');
  assert.equal(await srv.value(`SELECT title FROM news_articles WHERE id = ${d.json.id}`), title);
});

