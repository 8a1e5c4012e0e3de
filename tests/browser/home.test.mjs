// home.test.mjs — the portal's front door (issue 12): the home page leads to
// the tasks (the violation query one tap away at 375 px, nothing sideways),
// the same footer and breadcrumbs on every page, the site search from one
// box, the public statistics drawing their charts, and a first load without
// ECharts, without console errors signed out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, VIEWPORTS, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Collects console errors and failed requests of page (a 401 logged on a signed-out page is one). */
function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

for (const viewport of VIEWPORTS) {
  test(`the home page leads with tasks; the violation query is one tap away (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    const errors = watchConsole(page);
    const scripts = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url());
    });
    try {
      await page.goto(server.url);
      await page.waitForSelector(dt('stat-page_views'));
      await page.waitForSelector(`${dt('home-notices')} li a`);
      await page.waitForLoadState('networkidle');
      t.diagnostic(`screenshot: ${await shot('home')}`);
      await check();

      // The five most used services and the five sections are there, each a real link.
      for (const key of ['violations', 'inspection', 'residence', 'progress', 'report']) {
        assert.ok(await page.isVisible(dt(`task-${key}`)), `task ${key}`);
      }
      for (const key of ['hall', 'online', 'sunshine', 'officers', 'camp']) {
        assert.ok(await page.isVisible(dt(`section-${key}`)), `section ${key}`);
      }
      // The violation query's tile is in the first screen, and at least 44 px each way.
      const box = await page.locator(dt('task-violations')).boundingBox();
      assert.ok(box.y + box.height <= viewport.height, `违法查询 is below the fold (${box.y + box.height} > ${viewport.height})`);
      assert.ok(box.width >= 44 && box.height >= 44, `target ${box.width}×${box.height}`);

      // The counters say what they count and in what unit, never a bare number.
      const views = (await page.textContent(dt('stat-page_views'))).replace(/\s+/g, '');
      assert.match(views, /^网站访问量[\d,]+次$/, views);
      const done = (await page.textContent(dt('stat-transactions'))).replace(/\s+/g, '');
      assert.match(done, /^网上办件数[\d,]+件$/, done);

      // No chart, no ECharts in the first load; no failed request, no console error signed out.
      assert.equal(await page.locator('canvas').count(), 0, 'a chart on the home page');
      assert.deepEqual(scripts.filter((u) => /useChart|echarts/i.test(u)), [], 'ECharts loaded by the home page');
      assert.deepEqual(errors, [], 'console errors or failed requests on the signed-out home page');

      // Announcements link to the news pages.
      const href = await page.getAttribute(`${dt('home-notices')} li a`, 'href');
      assert.match(href, /^\/news\/[\w%-]+$/, href);

      // One tap: the violation query.
      await page.click(dt('task-violations'));
      await page.waitForURL('**/traffic/violations');
      await check();
    } finally {
      await context.close();
    }
  });
}

test('the footer and the breadcrumbs are on every portal page', async () => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  try {
    const pages = ['/', '/services', '/services/1', '/progress', '/disclosure', '/traffic/violations', '/officers',
      '/units', '/report', '/statistics', '/search?q=%E5%B1%85%E4%BD%8F%E8%AF%81', '/accessibility', '/signin',
      '/no-such-page'];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector(dt('site-footer'));
      await page.waitForLoadState('networkidle');
      const footer = await page.textContent(dt('site-footer'));
      for (const needle of ['110', '12345', '122', '地址', 'ICP备', '无障碍声明']) {
        assert.ok(footer.includes(needle), `${path}: the footer lacks ${needle}`);
      }
      if (path !== '/') {
        const crumbs = page.locator(dt('breadcrumbs'));
        // The guide draws its own breadcrumb (with the item's name).
        const own = page.locator('main .el-breadcrumb');
        assert.ok((await crumbs.count()) + (await own.count()) >= 1, `${path}: no breadcrumbs`);
        if (await crumbs.count()) {
          assert.equal((await crumbs.locator('a').first().textContent()).trim(), '首页', path);
          assert.equal(await crumbs.locator('[aria-current="page"]').count(), 1, path);
        }
      }
      await check().catch((error) => {
        error.message = `${path}: ${error.message}`;
        throw error;
      });
    }
    await shot('accessibility');
    // The statement says what the site supports and whom to tell.
    await page.goto(`${server.url}/`);
    await page.click(dt('footer-accessibility'));
    await page.waitForURL('**/accessibility');
    const text = await page.textContent('main');
    for (const needle of ['键盘', '读屏', '长辈模式', '12345']) assert.ok(text.includes(needle), needle);
  } finally {
    await context.close();
  }
});

for (const viewport of VIEWPORTS) {
  test(`search finds a service and a news article from one box (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    try {
      await page.goto(server.url);
      await page.fill(dt('home-search'), '居住证');
      await page.press(dt('home-search'), 'Enter');
      await page.waitForURL(/\/search\?q=/);
      await page.waitForSelector(dt('search-services'));
      await page.waitForSelector(dt('search-news'));
      const service = page.locator(`${dt('search-services')} ${dt('hit-services')}`).filter({ hasText: '居住证申领' });
      assert.equal(await service.count(), 1, 'the residence permit in the services group');
      assert.ok((await page.locator(`${dt('search-news')} ${dt('hit-news')}`).count()) >= 1, 'a news article');
      t.diagnostic(`screenshot: ${await shot('search')}`);
      await check();

      // From another page, the header's box searches too; an officer is found by name.
      const officer = await (await fetch(`${server.url}/api/v1/officers?limit=1`)).json();
      await page.goto(`${server.url}/services`);
      await page.fill(dt('header-search'), officer.items[0].name);
      await page.click(dt('header-search-submit'));
      await page.waitForSelector(dt('search-officers'));
      const o = officer.items[0];
      await page.locator(`${dt('search-officers')} ${dt('hit-officers')}`).filter({ hasText: o.name }).filter({ hasText: o.unit_name }).first().click();
      await page.waitForURL(`**/officers/${officer.items[0].id}`);

      // The service result opens its guide.
      await page.goto(`${server.url}/search?q=${encodeURIComponent('居住证')}`);
      await page.locator(`${dt('search-services')} ${dt('hit-services')}`).filter({ hasText: '居住证申领' }).click();
      await page.waitForURL(/\/services\/\d+$/);
      await check();
    } finally {
      await context.close();
    }
  });
}

for (const viewport of [DESKTOP, PHONE]) {
  test(`the statistics page draws its charts (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    try {
      await page.goto(`${server.url}/statistics`);
      for (const key of ['applications', 'violations', 'inspections', 'payments', 'community']) {
        await page.waitForSelector(`${dt(`chart-${key}`)} canvas`);
      }
      // The totals are the data's, with their units; the same figures are in a table.
      const violations = (await page.textContent(dt('total-violations_handled_online'))).replace(/\s+/g, '');
      assert.match(violations, /^交通违法网上处理[\d,]+起$/, violations);
      assert.equal(await page.locator('table tbody tr').count(), 12);
      await page.waitForTimeout(600); // the charts' animation
      t.diagnostic(`screenshot: ${await shot('statistics')}`);
      await check();
      await page.selectOption(dt('stats-months'), '6');
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 6);
      await check();
    } finally {
      await context.close();
    }
  });
}

test('a station chief reads their unit\'s statistics in the console', async (t) => {
  const { context, page, check, shot } = await openPage(browser, DESKTOP);
  try {
    await page.goto(`${server.url}/signin`);
    await page.fill(dt('signin-login'), 'station_chief');
    await page.fill(dt('signin-password'), 'Demo@2026');
    await page.click(dt('signin-submit'));
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await page.goto(`${server.url}/console/statistics`);
    await page.waitForSelector(`${dt('chart-applications')} canvas`);
    assert.match(await page.textContent('h1'), /白云派出所/);
    await page.waitForTimeout(600);
    t.diagnostic(`screenshot: ${await shot('console-statistics')}`);
    await check();
  } finally {
    await context.close();
  }
});

test('in English and elder mode a phone scrolls no page sideways; 局长信箱 and 公开问答 are one tap from home', async (t) => {
  const { context, page, check } = await openPage(browser, PHONE);
  try {
    await page.goto(server.url);
    // The section tiles render with the page: wait for them, then both links are there.
    await page.waitForSelector('a[href="/mailbox/chief"]', { timeout: 5000 });
    assert.equal(await page.locator('a[href="/qa"]').count() > 0, true, 'the public Q&A is linked from home');
    await page.evaluate(() => { localStorage.setItem('jw_elder', '1'); localStorage.setItem('jw_locale', 'en'); });
    for (const path of ['/', '/statistics', '/news', '/qa', '/mailbox']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${path} is ${width}px wide at ${PHONE.width}px`);
      await check();
    }
    assert.match(page.url(), /\/mailbox\/chief$/);
  } finally {
    await context.close();
  }
});
