// The first load of the home page on a phone ships at most 250 KiB of gzip
// JavaScript and CSS (Element Plus per component, ECharts only for a chart in
// view, routes split), loads no source map, and the HTML itself says whose
// site it is before any script runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { PHONE, openPage, useServerAndBrowser } from './browser.mjs';

const BUDGET_KIB = 250;

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

test(`the home page's first load ships at most ${BUDGET_KIB} KiB of gzip JavaScript and CSS (phone)`, async (t) => {
  const { context, page, check } = await openPage(browser, PHONE);
  const loads = [];
  const maps = [];
  page.on('response', (res) => {
    const url = res.url();
    if (url.endsWith('.map')) maps.push(url);
    const type = res.request().resourceType();
    if (type === 'script' || type === 'stylesheet') loads.push(res);
  });
  await page.goto(server.url, { waitUntil: 'networkidle' });

  // The size on the wire when the server sent the gzip twin (make web makes
  // them), else what gzip -9 makes of the body: the same either way.
  const sizes = await Promise.all(
    loads.map(async (res) => {
      const encoded = res.headers()['content-encoding'] === 'gzip';
      const bytes = encoded ? (await res.request().sizes()).responseBodySize : gzipSync(await res.body(), { level: 9 }).length;
      return { url: new URL(res.url()).pathname, bytes };
    }),
  );
  sizes.sort((a, b) => b.bytes - a.bytes);
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0) / 1024;
  t.diagnostic(`first load of /: ${total.toFixed(1)} KiB gzip in ${sizes.length} files; largest:`);
  for (const s of sizes.slice(0, 8)) t.diagnostic(`  ${(s.bytes / 1024).toFixed(1)} KiB ${s.url}`);
  assert.ok(
    total <= BUDGET_KIB,
    `${total.toFixed(1)} KiB > ${BUDGET_KIB} KiB:\n${sizes.map((s) => `  ${(s.bytes / 1024).toFixed(1)} ${s.url}`).join('\n')}`,
  );
  assert.ok(!sizes.some((s) => /echarts/.test(s.url)), 'ECharts is not loaded before a chart is in view');
  assert.deepEqual(maps, [], 'source maps are not loaded by the page');
  await check();
  await context.close();
});

test('the HTML names the bureau and the emergency number without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: PHONE.width, height: PHONE.height } });
  const page = await context.newPage();
  await page.goto(server.url);
  const text = await page.textContent('body');
  assert.match(await page.title(), /公安局/);
  assert.match(text, /台州市公安局/);
  assert.match(text, /110/);
  assert.match(text, /JavaScript/, 'a page without JavaScript says why nothing more comes');
  await context.close();
});

test('the entry script names its source map, which is served (for developer tools; the page itself loads none)', async () => {
  const html = await (await fetch(server.url)).text();
  const entry = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
  assert.ok(entry, 'the entry script');
  const js = await (await fetch(`${server.url}${entry}`)).text();
  const map = /\/\/# sourceMappingURL=(\S+)/.exec(js)?.[1];
  assert.ok(map, 'the entry names its source map');
  const res = await fetch(new URL(map, `${server.url}${entry}`));
  assert.equal(res.status, 200);
  assert.ok(Array.isArray((await res.json()).sources));
});

// The pages the build writes with their own words (src/router/shells.js):
// their HTML, before any script, has the page's title, heading and
// introduction, and they are the words the running page shows; any other
// route gets the plain app page.
test('the violation query, news, statistics and sign-in pages show their heading before the app starts, the same as the app', async () => {
  const { pageShells } = await import('../../web/src/router/shells.js');
  const plain = await (await fetch(`${server.url}/officers/1`)).text();
  assert.doesNotMatch(plain, /class="boot-title"/, 'a route without a shell gets the plain page');
  const { context, page } = await openPage(browser, PHONE);
  try {
    for (const shell of pageShells) {
      const html = await (await fetch(`${server.url}${shell.path}`)).text();
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
      const heading = /<h1 class="boot-title">([^<]*)<\/h1>/.exec(html)?.[1];
      assert.ok(heading, `${shell.path} has its heading in the HTML`);
      const intro = /<p class="boot-intro">([^<]*)<\/p>/.exec(html)?.[1];
      await page.goto(`${server.url}${shell.path}`);
      // The app has taken the page over when the shell's heading is gone.
      await page.waitForSelector('h1.boot-title', { state: 'detached' });
      await page.waitForLoadState('networkidle');
      assert.equal(await page.title(), title, `${shell.path}: the same title`);
      const shown = await page.locator('main, #app').first().innerText();
      assert.ok(shown.includes(heading), `${shell.path}: the app shows the heading ${heading}`);
      if (intro) assert.ok(shown.includes(intro), `${shell.path}: the app shows the introduction ${intro}`);
    }
  } finally {
    await context.close();
  }
});

// What a phone shows before (or without) the app: the page's words, inside
// the screen (the static page's padding once pushed it 32 px wider).
test('before the app starts, a page shell fits a 375 px phone', async () => {
  const { context, page } = await openPage(browser, PHONE);
  try {
    await page.route('**/assets/**', (route) => route.abort());
    for (const path of ['/', '/traffic/violations', '/news']) {
      await page.goto(`${server.url}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${path} is ${width}px wide before the app starts`);
    }
  } finally {
    await context.close();
  }
});
