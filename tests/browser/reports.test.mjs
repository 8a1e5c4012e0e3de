// Citizen reports (issue 10): the demo citizen reports a broken street light
// with the browser's location and follows it by its number; the station
// chief opens it in the console queue, accepts it, answers and closes it, and
// the citizen's look-up then says it is closed. At 1280 and 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, VIEWPORTS, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function choose(page, selector, text) {
  await page.click(selector);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

async function signIn(page, login) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

for (const viewport of VIEWPORTS) {
  test(`report a broken street light, work it in the console, follow it (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: 28.6636, longitude: 121.5051 });
    await signIn(page, '13800138000');
    await page.goto(`${server.url}/report`);
    await page.waitForSelector(dt('report-form'));
    await checkA11y(page);
    await choose(page, dt('report-service'), '路灯损坏');
    await page.waitForSelector(dt('report-attr-fault'));
    await choose(page, dt('report-attr-fault'), '不亮');
    await page.fill(dt('report-description'), '小区门口两盏路灯一直不亮，晚上很黑。');
    await page.click(dt('report-locate'));
    await page.waitForSelector(dt('report-located'));
    await page.fill(dt('report-address'), '椒江区白云街道白云山南路18号');
    t.diagnostic(`screenshot: ${await shot('report-filled')}`);
    await check();
    await page.click(dt('report-submit'));
    await page.waitForSelector(dt('report-done'));
    await page.waitForSelector(dt('report-status'));
    const id = (await page.inputValue(dt('report-lookup-id'))).trim();
    assert.match(id, /^\d+$/);
    assert.equal((await page.textContent(dt('report-status-tag'))).trim(), '处理中');

    // The staff side, in its own context.
    const staff = await openPage(browser, viewport);
    await signIn(staff.page, 'unit_admin');
    await staff.page.goto(`${server.url}/console/reports`);
    await staff.page.waitForSelector(dt('console-reports'));
    await checkA11y(staff.page);
    const row = staff.page.locator('tr', { hasText: '小区门口两盏路灯' }).first();
    await row.locator(dt('report-open')).click();
    await staff.page.waitForSelector(dt('report-drawer'));
    assert.match(await staff.page.textContent(dt('report-reporter')), /注册用户/);
    await staff.page.click(dt('report-act-accept'));
    await staff.page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('已受理'), dt('report-state'));
    await staff.page.fill(dt('report-body'), '已通知路灯管理所，今晚修复。');
    await staff.page.click(dt('report-act-answer'));
    await staff.page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('已答复'), dt('report-state'));
    await staff.page.click(dt('report-act-close'));
    await staff.page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('已办结'), dt('report-state'));
    t.diagnostic(`screenshot: ${await staff.shot('console-report')}`);
    await staff.check();
    await staff.context.close();

    await page.goto(`${server.url}/report?id=${id}`);
    await page.waitForSelector(dt('report-status'));
    await checkA11y(page);
    assert.equal((await page.textContent(dt('report-status-tag'))).trim(), '已办结');
    assert.match(await page.textContent(dt('report-status')), /今晚修复/);
    await page.goto(`${server.url}/me/reports`);
    await page.waitForSelector(dt('my-report'));
    await checkA11y(page);
    assert.match(await page.textContent(dt('my-reports')), /今晚修复/);
    await check();
    await context.close();
  });
}
