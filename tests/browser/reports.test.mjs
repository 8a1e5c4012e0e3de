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
    await staff.page.fill(dt('report-body'), '回访满意，办结。');
    await staff.page.click(dt('report-act-close'));
    // 办结 asks first (the reporter will be told)
    await staff.page.locator('.el-message-box__btns .el-button--primary').click();
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
    assert.match(await page.textContent(dt('my-reports')), /今晚修复[\s\S]*回访满意/);
    // one status everywhere: the tag in 我的举报 says what the tracking card says
    const mine = page.locator(dt('my-report'), { hasText: new RegExp(`编号 ${id}(?!\\d)`) });
    assert.equal((await mine.locator(dt('my-report-status')).textContent()).trim(), '已办结');
    // the inbox tells the citizen, and its link leads back to 我的举报
    await page.goto(`${server.url}/me/inbox`);
    await page.waitForSelector(`text=您的举报（编号${id}）已办结`);
    await page.waitForSelector(`text=您的举报（编号${id}）已答复`);
    t.diagnostic(`screenshot: ${await shot('report-inbox')}`);
    await check();
    await context.close();
  });

  test(`a required attribute left empty is marked on its field, and the server's field error too (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await signIn(page, '13800138000');
    await page.goto(`${server.url}/report`);
    await page.waitForSelector(dt('report-form'));
    await choose(page, dt('report-service'), '噪音');
    await page.waitForSelector(dt('report-attr-noise_source'));
    await page.fill(dt('report-description'), '楼下每天晚上很吵。');
    await page.fill(dt('report-address'), '白云山南路18号');
    await page.click(dt('report-submit'));
    const item = page.locator(dt('report-attr-item-noise_source'));
    await item.locator('.el-form-item__error').waitFor();
    assert.match(await item.locator('.el-form-item__error').textContent(), /请选择/);
    // the first error is scrolled into view
    await page.waitForFunction((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }, dt('report-attr-item-noise_source'));
    t.diagnostic(`screenshot: ${await shot('report-field-error')}`);
    // a field error from the server (the description too short for it) lands under its field
    await choose(page, dt('report-attr-noise_source'), '广场舞');
    await page.route('**/api/v1/reports', (route) => route.fulfill({
      status: 422, contentType: 'application/problem+json',
      body: JSON.stringify({ type: '/problems/validation', title: '输入有误', status: 422, detail: '请查看各项提示',
        errors: [{ field: 'attributes.noise_source', message: '不是可选的值' }] }),
    }));
    await page.click(dt('report-submit'));
    await item.locator('.el-form-item__error', { hasText: '不是可选的值' }).waitFor();
    assert.equal(await page.locator(dt('report-error')).count(), 0, 'no banner when the field says it');
    await check();
    await context.close();
  });
}
