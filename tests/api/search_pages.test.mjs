// The site search finds the portal's own sections and pages and news by
// category (the phone review #14 and #1): 局长信箱, 信箱, 写信 and 投诉 lead to
// the chief's mailbox; 防范 finds the 防范宣传车 page and every published
// 防范提示 article (never a draft or a scheduled one); English names in any
// case; every page path is a route of the web app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, ROOT } from './harness.mjs';

let srv;
let anon;
before(async () => {
  srv = await startServer();
  anon = srv.client();
});
after(async () => { await srv?.stop(); });

const search = async (s, extra = '') => {
  const r = await anon.get(`/api/v1/search?q=${encodeURIComponent(s)}${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const paths = (r) => r.groups.pages.items.map((p) => p.path);

test('the chief\'s mailbox, the public Q&A and the other sections are found by their names and keywords', async () => {
  for (const word of ['局长信箱', '信箱', '写信', '投诉', '我要写信给局长', 'Mailbox', "chief's MAILBOX"])
    assert.ok(paths(await search(word)).includes('/mailbox/chief'), word);
  for (const [word, path] of [['公开问答', '/qa'], ['防范宣传车', '/prevention'], ['我要举报', '/report'], ['违法查询', '/traffic/violations'],
    ['违章', '/traffic/violations'], ['检验预约', '/traffic/inspection'], ['年检', '/traffic/inspection'], ['数据公开', '/statistics'],
    ['办件查询', '/progress'], ['无障碍', '/accessibility'], ['road conditions', '/traffic/roads']])
    assert.ok(paths(await search(word)).includes(path), `${word} → ${path}: ${paths(await search(word))}`);
  const r = await search('局长信箱');
  const hit = r.groups.pages.items.find((p) => p.path === '/mailbox/chief');
  assert.deepEqual(hit, { path: '/mailbox/chief', name: '局长信箱', name_en: "Chief's mailbox" });
  assert.equal(r.shown, Object.values(r.groups).reduce((n, g) => n + g.items.length, 0));
  // one Latin letter finds no page; nonsense finds none
  assert.deepEqual(paths(await search('a')), []);
  assert.deepEqual(paths(await search('没有这样的栏目zzzz')), []);
  // the group keeps to limit and says when there is more
  const one = await search('防范', '&limit=1');
  assert.equal(one.groups.pages.items.length, 1);
  assert.equal(one.groups.pages.more, true);
});

test('every page the search offers is a route of the web app', async () => {
  const dir = join(ROOT, 'web/src/router');
  const routes = new Set();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/path: '([^':(]+)'/g)) routes.add(`/${m[1]}`);
  }
  const seen = new Set();
  for (const w of ['信箱', '问答', '咨询', '防范', '举报', '违法', '检验', '路况', '车辆', '办事', '进度', '公示', '数据', '新闻', '民警', '派出所', '乱点', '票据', '无障碍'])
    for (const p of paths(await search(w, '&limit=20'))) seen.add(p);
  assert.ok(seen.size >= 18, [...seen].join(','));
  for (const p of seen) assert.ok(routes.has(p), `${p} is not a route of web/src/router`);
});

test('防范 finds the 防范宣传车 page and the published 防范提示 articles, by category name too', async () => {
  const r = await search('防范', '&limit=20');
  assert.ok(paths(r).includes('/prevention'), paths(r).join(','));
  const want = (await srv.rows("SELECT slug FROM news_articles WHERE category = 'prevention' AND status = 'published' AND publish_at <= " + Math.floor(Date.now() / 1000)))
    .map((x) => x[0] ?? x.slug);
  assert.ok(want.length >= 2, 'the demo has 防范提示 articles');
  const got = r.groups.news.items.map((n) => n.slug);
  for (const s of want) assert.ok(got.includes(s), `${s} missing from ${got}`);
  // the English category name in any case
  const en = await search('prevention TIPS', '&limit=20');
  for (const s of want) assert.ok(en.groups.news.items.some((n) => n.slug === s), s);
  // a draft or a scheduled 防范提示 article is not found through its category
  await srv.sql(`INSERT INTO news_articles (category, title, summary, body_md, body_html, status, author_id, created_at, updated_at)
    SELECT 'prevention', '类别搜索草稿', '', 'x', '<p>x</p>', 'draft', id, 0, 0 FROM users WHERE login = 'officer'`);
  await srv.sql(`INSERT INTO news_articles (category, title, summary, body_md, body_html, status, publish_at, author_id, reviewer_id, created_at, updated_at)
    SELECT 'prevention', '类别搜索定时', '', 'x', '<p>x</p>', 'published', 9999999999, o.id, c.id, 0, 0 FROM users o, users c WHERE o.login = 'officer' AND c.login = 'station_chief'`);
  const again = await search('防范提示', '&limit=20');
  assert.ok(!again.groups.news.items.some((n) => n.title.startsWith('类别搜索')), 'no draft or scheduled article');
  assert.ok(again.groups.news.items.length >= want.length);
  // a single character does not pull a whole category in
  const one = await search('防');
  assert.ok(one.groups.news.items.every((n) => n.title.includes('防') || n.summary.includes('防')), JSON.stringify(one.groups.news.items.map((n) => n.title)));
});
