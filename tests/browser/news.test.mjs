// Police news (走进警营, issue 12): a citizen reads the list (pinned first,
// category tabs, more by the cursor) and an article (breadcrumbs, the
// server's HTML, the Atom feed named in the page head) at 1280 and 375 px;
// an officer writes a draft with a cover, a picture in the text and the
// server's preview, the station chief returns it with a reason, the officer
// fixes and resends it, the chief publishes it and it appears on /news; a
// chief who wrote an article cannot approve it: the server's refusal shows
// on the page; the unit admin schedules it for tomorrow and the console's
// filter finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, dt, openPage, PHONE, pngImage, signInAt, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);

// A real (decodable) PNG: w×h, a blue field with a gold band, for the cover.
const coverPng = (w = 240, h = 160) =>
  pngImage(w, h, (x, y) => (y > h * 0.6 && y < h * 0.75 ? [242, 201, 76] : [31, 78, 156]));

for (const viewport of [DESKTOP, PHONE]) {
  test(`a citizen reads the news list and an article (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await signIn(page, '13800138000', '/news');
    await page.waitForSelector(dt('news-item'));
    // pinned first; the feed is named in the head and linked on the page
    const first = page.locator(dt('news-item')).first();
    assert.equal(await first.locator(dt('news-item-title')).textContent(), '关于网上公安局门户改版上线的公告');
    assert.equal(await first.locator(dt('news-pinned')).count(), 1);
    assert.equal(await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href'), '/api/v1/news/feed.atom');
    const feed = await page.request.get(`${server.url}/api/v1/news/feed.atom`);
    assert.equal(feed.status(), 200);
    assert.match(await feed.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    // ten a page, the next by the cursor
    assert.equal(await page.locator(dt('news-item')).count(), 10);
    await page.click(dt('load-more'));
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 10, dt('news-item'));
    t.diagnostic(`screenshot: ${await shot('news-list')}`);
    await check();

    // a category tab: only its articles, and the address says which
    await page.click(dt('news-tab-prevention'));
    await page.waitForURL('**/news?category=prevention');
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].every((e) => e.textContent.includes('防范提示')) && document.querySelectorAll(sel).length > 0,
      `${dt('news-item')} .meta`,
    );
    assert.equal(await page.getAttribute(dt('news-tab-prevention'), 'aria-current'), 'page');
    await check();

    // an article: breadcrumbs, category, the server's HTML in its container
    await page.click(dt('news-tab-all'));
    await page.waitForURL(/\/news$/);
    await page.locator(dt('news-item'), { hasText: '防范宣传车开进东山村' }).locator('a').click();
    await page.waitForURL('**/news/bus-dongshan-village');
    await page.waitForSelector(dt('news-article-body'));
    assert.equal(await page.textContent(dt('news-article-title')), '防范宣传车开进东山村 三百村民现场学反诈');
    assert.match(await page.textContent('.el-breadcrumb'), /首页.*走进警营.*防范宣传车开进东山村/);
    assert.equal((await page.textContent(dt('news-article-category'))).trim(), '警务动态');
    assert.equal(await page.locator(`${dt('news-article-body')} blockquote`).count(), 1);
    assert.match(await page.title(), /^防范宣传车开进东山村/);
    assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count(), 1);
    t.diagnostic(`screenshot: ${await shot('news-article')}`);
    await check();

    // a draft or a missing article is "not found", not an error
    await page.goto(`${server.url}/news/grid-rental-visits`);
    await page.waitForSelector(dt('news-not-found'));
    await check();

    await context.close();
  });

  test(`elder mode: the news list and an article in large type (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await context.addInitScript(() => localStorage.setItem('jw_elder', '1'));
    await page.goto(`${server.url}/news`);
    await page.waitForSelector(dt('news-item'));
    const size = await page.locator(dt('news-item-title')).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 20, `elder mode title ${size}px`);
    const meta = await page.locator(`${dt('news-item')} .meta`).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(meta >= 18, `elder mode date ${meta}px`);
    t.diagnostic(`screenshot: ${await shot('news-list-elder')}`);
    await check();
    await page.goto(`${server.url}/news/winter-fire-safety`);
    await page.waitForSelector(dt('news-article-body'));
    const body = await page.locator(`${dt('news-article-body')} p`).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(body >= 22, `elder mode body ${body}px`);
    t.diagnostic(`screenshot: ${await shot('news-article-elder')}`);
    await check();
    await context.close();
  });
}

test('an officer writes a draft, the chief returns it, then publishes it; it appears on /news', async (t) => {
  const title = `白云派出所开展冬季防盗宣传 ${Date.now() % 100000}`;
  const officer = await openPage(browser, DESKTOP);
  const op = officer.page;
  await signIn(op, 'officer', '/console/news');
  await op.click(dt('news-create'));
  await op.waitForURL('**/console/news/new');
  await op.click(dt('news-category'));
  await op.locator('.el-select-dropdown__item:visible', { hasText: '防范提示' }).click();
  await op.fill(dt('news-title'), title);
  await op.fill(dt('news-summary'), '民警提醒：电动车入室充电危险，停放请加锁。');
  await op.setInputFiles(dt('news-cover-file'), { name: 'cover.png', mimeType: 'image/png', buffer: coverPng() });
  await op.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0, dt('news-cover-preview'));
  await op.fill(dt('news-body'), '## 三条提醒\n\n- 电动车**不进楼道**\n- 停放加锁\n\n<script>alert(1)</script>');
  // the server's preview: Markdown rendered, raw HTML shown as text
  await op.waitForSelector(`${dt('news-preview')} strong`);
  assert.match(await op.textContent(dt('news-preview')), /<script>alert\(1\)<\/script>/);
  assert.equal(await op.locator(`${dt('news-preview')} script`).count(), 0);
  // a refused link is named with its line, under the body
  await op.fill(dt('news-body'), '第一行\n\n[点我](javascript:alert(1))');
  await op.waitForSelector('.el-form-item__error:has-text("第 3 行")');
  await op.fill(dt('news-body'), '## 三条提醒\n\n- 电动车**不进楼道**\n- 停放加锁');
  // a picture inside the text: uploaded, its Markdown put in, shown by the preview
  await op.focus(dt('news-body'));
  await op.setInputFiles(dt('news-image-file'), { name: 'scene.png', mimeType: 'image/png', buffer: coverPng(120, 80) });
  await op.waitForFunction((sel) => /!\[图片说明\]\(\/api\/v1\/news\/images\/\d+\)/.test(document.querySelector(sel)?.value), dt('news-body'));
  await op.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0, `${dt('news-preview')} img`);
  await op.click(dt('news-save'));
  await op.waitForURL(/\/console\/news\/\d+$/);
  assert.equal((await op.textContent(dt('news-status'))).trim(), '草稿');
  t.diagnostic(`screenshot: ${await officer.shot('news-editor')}`);
  await officer.check();
  await op.click(dt('news-submit'));
  await op.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('待审核'), dt('news-status'));
  await op.waitForSelector(dt('news-read'));
  const url = op.url();

  // the station chief (another person) returns it with a reason
  const chief = await openPage(browser, DESKTOP);
  const cp = chief.page;
  await signIn(cp, 'station_chief', '/console/news');
  const row = cp.locator(dt('news-row'), { hasText: title });
  await row.waitFor();
  t.diagnostic(`screenshot: ${await chief.shot('news-console-list')}`);
  await chief.check();
  await cp.locator('.el-table__row', { hasText: title }).locator(dt('news-open')).click();
  await cp.waitForURL(url);
  await cp.waitForSelector(dt('news-approve'));
  assert.equal(await cp.locator(dt('news-own-note')).count(), 0);
  t.diagnostic(`screenshot: ${await chief.shot('news-review')}`);
  await chief.check();
  await cp.click(dt('news-return'));
  await cp.fill('.news-prompt textarea', '请补充宣传的时间和地点');
  await cp.click('.news-prompt .el-button--primary');
  await cp.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('草稿'), dt('news-status'));

  // the officer sees why, fixes it and sends it again
  await op.reload();
  await op.waitForSelector(dt('news-return-reason'));
  assert.match(await op.textContent(dt('news-return-reason')), /请补充宣传的时间和地点/);
  const before = await op.inputValue(dt('news-body'));
  await op.fill(dt('news-body'), `12 月 5 日上午，白云派出所民警在东山社区广场开展宣传。\n\n${before}`);
  await op.click(dt('news-submit'));
  await op.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('待审核'), dt('news-status'));
  await officer.context.close();

  // the chief publishes it now
  await cp.reload();
  await cp.waitForSelector(dt('news-approve'));
  await cp.click(dt('news-approve'));
  await cp.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('已发布'), dt('news-status'));
  await cp.waitForSelector(dt('news-view-public'));
  await chief.check();
  await chief.context.close();

  // a visitor finds it on /news, first after the pinned ones, and reads it with its cover
  const visitor = await openPage(browser, PHONE);
  await visitor.page.goto(`${server.url}/news`);
  const card = visitor.page.locator(dt('news-item'), { hasText: title });
  await card.waitFor();
  await card.locator('a').click();
  await visitor.page.waitForSelector(dt('news-article-body'));
  assert.match(await visitor.page.textContent(dt('news-article-body')), /东山社区广场/);
  await visitor.page.waitForFunction(() => document.querySelector('img.cover')?.naturalWidth > 0);
  await visitor.page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth > 0, `${dt('news-article-body')} img`);
  t.diagnostic(`screenshot: ${await visitor.shot('news-published')}`);
  await visitor.check();
  await visitor.context.close();
});

test('a chief who wrote an article cannot approve it (the refusal shows on the page); another reviewer schedules it (375 px)', async (t) => {
  const title = `所长自己写的稿件 ${Date.now() % 100000}`;
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, 'station_chief', '/console/news/new');
  await page.fill(dt('news-title'), title);
  await page.fill(dt('news-body'), '所长撰写的警务动态。');
  await page.click(dt('news-submit'));
  await page.waitForURL(/\/console\/news\/\d+$/);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('待审核'), dt('news-status'));
  await page.waitForSelector(dt('news-own-note'));
  await page.click(dt('news-approve'));
  await page.waitForSelector(dt('news-action-error'));
  assert.match(await page.textContent(dt('news-action-error')), /不能审核自己的稿件/);
  assert.equal((await page.textContent(dt('news-status'))).trim(), '待审核');
  t.diagnostic(`screenshot: ${await shot('news-self-approve')}`);
  await check();
  // and it is still in review, not on the public list
  let list = await page.request.get(`${server.url}/api/v1/news?limit=100`);
  assert.ok(!(await list.text()).includes(title));
  const articleUrl = page.url();
  await context.close();

  // another reviewer (the unit admin) schedules it for tomorrow 09:00, bureau time
  const admin = await openPage(browser, PHONE);
  await signIn(admin.page, 'unit_admin', new URL(articleUrl).pathname);
  await admin.page.click(dt('news-publish-later'));
  const tomorrow = new Date(Date.now() + 8 * 3600000 + 86400000).toISOString().slice(0, 10);
  await admin.page.fill(dt('news-publish-at'), `${tomorrow}T09:00`);
  await admin.page.click(dt('news-approve'));
  await admin.page.waitForSelector(dt('news-scheduled'));
  assert.match(await admin.page.textContent(dt('news-scheduled')), new RegExp(`${tomorrow} 09:00`));
  assert.equal((await admin.page.textContent(dt('news-status'))).trim(), '定时发布');
  t.diagnostic(`screenshot: ${await admin.shot('news-scheduled')}`);
  await admin.check();
  list = await admin.page.request.get(`${server.url}/api/v1/news?limit=100`);
  assert.ok(!(await list.text()).includes(title), 'not public before its time');
  // the console's "scheduled" filter finds it
  await admin.page.goto(`${server.url}/console/news`);
  await admin.page.click(dt('news-filter-status'));
  await admin.page.locator('.el-select-dropdown__item:visible', { hasText: '定时发布' }).click();
  await admin.page.locator(dt('news-row'), { hasText: title }).waitFor();
  await admin.check();
  await admin.context.close();
});
