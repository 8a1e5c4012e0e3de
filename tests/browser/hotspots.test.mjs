// Hotspots (治安乱点整治, issue 10): the public page at 1280 and 375 px shows
// the results of 四号桥 (321 vehicles seized) and draws the results chart,
// with no sideways scrolling; a station chief registers a hotspot in the
// console, lists it with a deadline, and it shows as listed on the public page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, VIEWPORTS, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

for (const viewport of VIEWPORTS) {
  test(`the public page shows 四号桥's results (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/hotspots`);
    await page.locator(dt('hotspots-title')).waitFor();
    await page.locator(`${dt('hotspots-listed')} ${dt('hotspot-name')}`).first().waitFor();
    await page.click(dt('hotspots-tab-delisted'));
    const card = page.locator(`${dt('hotspots-delisted')} li`).filter({ hasText: '四号桥' });
    await card.waitFor();
    assert.equal((await card.locator(dt('hotspot-seizures')).textContent()).trim(), '321');
    assert.match(await card.textContent(), /海门派出所/);
    // ECharts loads on demand: wait for its canvas before counting it.
    await page.locator(`${dt('hotspot-chart')} canvas`).first().waitFor({ timeout: 10000 });
    assert.ok(await page.locator(`${dt('hotspot-chart')} canvas`).count(), 'the chart is drawn');
    if (viewport !== DESKTOP) {
      const box = await page.locator(dt('hotspots-tab-listed')).boundingBox();
      assert.ok(box.height >= 44, `the tab is ${box.height}px high`);
    }
    t.diagnostic(`screenshot: ${await shot('hotspots-public')}`);
    await check();
    await context.close();
  });
}

test('a station chief registers a hotspot and lists it in the console', async (t) => {
  const { context, page, check, shot } = await openPage(browser, DESKTOP);
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), 'station_chief');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/console/**');
  await page.goto(`${server.url}/console/hotspots`);
  await page.locator(dt('hotspots-table')).waitFor();
  await page.click(dt('hotspot-create'));
  await page.fill(dt('hotspot-form-name'), '浏览器测试乱点');
  await page.fill(dt('hotspot-form-place'), '椒江区白云街道测试路');
  await page.fill(dt('hotspot-form-problems'), '夜间电动车被盗');
  await page.click(dt('hotspot-form-save'));
  await page.waitForURL('**/console/hotspots/*');
  assert.equal((await page.locator(dt('hotspot-status')).textContent()).trim(), '已排查');

  await page.click(dt('hotspot-action-list'));
  const deadline = new Date(Date.now() + 8 * 3600000 + 120 * 86400000).toISOString().slice(0, 10);
  const input = page.locator('.el-dialog .el-date-editor input');
  await input.fill(deadline);
  await input.press('Enter');
  await page.click(dt('move-confirm'));
  await page.locator(dt('hotspot-status')).filter({ hasText: '已挂牌' }).waitFor();
  assert.equal((await page.locator(dt('hotspot-deadline')).textContent()).trim(), deadline);
  await page.locator(dt('hotspot-timeline')).getByText('挂牌').first().waitFor();
  await page.locator(dt('hotspot-action-start')).waitFor();
  t.diagnostic(`screenshot: ${await shot('hotspot-listed')}`);
  await check();

  await page.goto(`${server.url}/hotspots`);
  await page.locator(dt('hotspots-listed')).getByText('浏览器测试乱点').waitFor();
  await context.close();
});
