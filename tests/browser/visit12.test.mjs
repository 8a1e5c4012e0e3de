// What a new visitor met (issue 12): the account page is an overview with the
// personal numbers masked and the password form behind a button; a station
// chief's console opens on the cases waiting, the most urgent first; on a
// phone a picked unit and a picked inspection slot are brought into view and
// focused (确认预约 is on screen).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { DEMO_PASSWORD, DESKTOP, dt, launchBrowser, openPage, PHONE, signInAt, VIEWPORTS } from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);

const inView = (page, selector) =>
  page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return Boolean(r) && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector);

for (const viewport of VIEWPORTS) {
  test(`the account page is an overview of cases and cars, numbers masked (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await signIn(page, '13800138000', '/me');
    await page.waitForSelector(`${dt('me-applications')} li`);
    assert.ok((await page.locator(`${dt('me-applications')} li .el-tag`).count()) >= 1, 'each case with its status');
    await page.waitForSelector(dt('me-vehicle-浙J12345'));
    assert.match(await page.textContent(dt('me-idNumber')), /^\s*\d{6}\*{8}[\dX]{4}\s*$/);
    assert.match(await page.textContent(dt('me-phone')), /^\s*138\*{4}8000\s*$/);
    assert.ok(await page.isVisible(dt('me-link-traffic-appointments')));
    assert.equal(await page.locator(dt('pw-current')).count(), 0, 'no password form until asked for');
    t.diagnostic(`screenshot: ${await shot('me-overview')}`);
    await page.click(dt('me-password-open'));
    await page.waitForSelector(dt('pw-current'));
    await check();
    // A case in the overview opens the case.
    await page.locator(`${dt('me-applications')} li a`).first().click();
    await page.waitForURL(/\/applications\/TZ/);
    await context.close();
  });

  test(`a station chief lands on the cases waiting, most urgent first (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/signin?staff=1`);
    await page.fill(dt('signin-login'), 'station_chief');
    await page.fill(dt('signin-password'), DEMO_PASSWORD);
    await page.click(dt('signin-submit'));
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    await page.goto(`${server.url}/console`);
    await page.waitForURL('**/console/applications');
    await page.waitForSelector(dt('console-queue'));
    assert.match(await page.textContent(dt('queue-state')), /待办理/);
    await page.waitForSelector(`${dt('queue-table')} .el-table__row`);
    const statuses = await page.locator(`${dt('queue-table')} .el-table__body-wrapper .el-tag`).allTextContents();
    assert.ok(!statuses.some((s) => /已办结|已撤回|不予受理|不予许可/.test(s)), `no finished case: ${statuses}`);
    // Tracking numbers are not broken over two lines.
    const link = page.locator('[data-test^="queue-TZ"]').first();
    const box = await link.boundingBox();
    const lineHeight = await link.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
    assert.ok(box.height < lineHeight * 1.6, `one line: ${box.height}px`);
    t.diagnostic(`screenshot: ${await shot('console-queue-waiting')}`);
    await check();
    await context.close();
  });
}

test('on a phone, tapping a unit brings its details into view and focus', async () => {
  const { context, page, check } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/units`);
  await page.waitForSelector(dt('unit-tree'));
  await page.locator('[data-test^="unit-node-"]').nth(1).click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-test="unit-detail-panel"]');
    const top = el.getBoundingClientRect().top;
    return document.activeElement === el && top >= 0 && top < window.innerHeight / 2;
  }, null, { timeout: 5000 });
  await check();
  await context.close();
});

test('on a phone, picking an inspection slot brings 确认预约 into view and focus', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, '13800138000', '/traffic/vehicles');
  await page.locator(`${dt('vehicle-card')}[data-plate="浙J12345"] ${dt('vehicle-book')}`).click();
  await page.waitForURL('**/traffic/inspection?vehicle=*');
  await page.locator('[data-test^="station-"]').first().click();
  await page.waitForSelector(dt('slot-grid'));
  assert.match(await page.textContent(dt('slot-grid')), /剩余 \d+ 个名额/);
  assert.doesNotMatch(await page.textContent(dt('slot-grid')), /余 \d+\/\d+/);
  await page.locator(`${dt('slot-grid')} button:not([disabled])`).first().click();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'book-confirm-heading', null, { timeout: 5000 });
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-test="book-submit"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, null, { timeout: 5000 });
  assert.ok(await inView(page, dt('book-submit')));
  t.diagnostic(`screenshot: ${await shot('inspection-slot-picked')}`);
  await check();
  await context.close();
});
