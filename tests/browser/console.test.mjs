// The staff console: a unit administrator lands on the units page of their own
// branch, a resident is asked for a staff account, signing out leaves cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, PHONE, VIEWPORTS, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

for (const viewport of VIEWPORTS) {
  test(`unit_admin signs in and sees the units page (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/console`);
    await page.waitForURL(/\/signin\?/);
    await checkA11y(page);
    await page.waitForSelector(dt('signin-staff-note'));
    await page.fill(dt('signin-login'), 'unit_admin');
    await page.fill(dt('signin-password'), DEMO_PASSWORD);
    await page.click(dt('signin-submit'));

    await page.waitForURL('**/console/units');
    await page.waitForSelector(dt('console-units'));
    const tree = page.locator(dt('unit-tree'));
    await tree.getByText('椒江分局', { exact: true }).waitFor();
    assert.equal(await tree.getByText('黄岩分局', { exact: true }).count(), 0, 'only the own branch is shown');
    assert.equal((await page.textContent(dt('console-unit-name'))).trim(), '椒江分局');
    t.diagnostic(`screenshot: ${await shot('console-units')}`);
    await check();
    await context.close();
  });
}

test('a resident is sent to sign in with a staff account', async () => {
  const { context, page, check } = await openPage(browser, DESKTOP);
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), '13800138000');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/me');
  await page.goto(`${server.url}/console`);
  await page.waitForURL(/\/signin\?.*staff=1/);
  await checkA11y(page);
  await page.waitForSelector(dt('signin-staff-note'));
  await check();
  await context.close();
});

test('signing out of the console returns to the home page signed out (phone)', async () => {
  const { context, page, check } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), 'auditor');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/console/audit');
  await page.click(dt('console-menu-toggle'));
  await page.click(dt('console-drawer-signout'));
  await page.waitForURL(`${server.url}/`);
  await page.click(dt('nav-toggle'));
  await page.waitForSelector(dt('m-nav-signin'));
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(me, 401);
  await check();
  await context.close();
});
