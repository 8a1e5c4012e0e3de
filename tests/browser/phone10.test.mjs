// phone10.test.mjs — what the phone pass of issue 10 found in the console, at
// 375 px (and 1280 where it matters): an officer lands on their grids, the
// menu button and the controls of the pages they use are at least 44 px, the
// console lists are cards on a phone (nothing cut off to the right), and the
// report drawer labels every control and shows a map link, not coordinates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, PHONE, VIEWPORTS, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

async function signIn(page, login) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/console/**');
}

/** The visible controls of the page shorter than 44 px (a description of each). */
function smallControls(page) {
  return page.evaluate(() => {
    const out = [];
    const sel = '.el-input__wrapper, .el-select__wrapper, .el-button:not(.el-button--small), .el-input-number, .el-radio-button__inner';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || el.closest('.el-popper, .el-table__header, .el-pagination')) continue;
      if (r.height < 43.5) out.push(`${el.className.split(" ")[0]} "${el.textContent.trim().slice(0, 12)}" in ${el.parentElement.parentElement.outerHTML.slice(0, 300)} ${Math.round(r.height)}px`);
    }
    return out;
  });
}

for (const viewport of VIEWPORTS) {
  test(`an officer lands on their grids (${viewport.name})`, async () => {
    const { context, page, check } = await openPage(browser, viewport);
    await signIn(page, 'officer');
    await page.waitForURL('**/console/community/grids');
    if (viewport === PHONE) {
      const box = await page.locator(dt('console-menu-toggle')).boundingBox();
      assert.ok(box.width >= 44 && box.height >= 44, `menu button ${box.width}×${box.height}`);
    }
    await check();
    await context.close();
  });
}

test('the console pages of community work have 44 px controls and card lists at 375 px', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, 'station_chief');
  for (const [path, ready] of [['/console/hotspots', 'hotspots-table'], ['/console/reports', 'reports-table'],
    ['/console/worklogs/workload', 'wl-load-table'], ['/console/stolen-vehicles', 'stolen-row']]) {
    await page.goto(server.url + path);
    await page.waitForSelector(dt(ready));
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await smallControls(page), [], `controls under 44 px on ${path}`);
    // no table column starts beyond the phone's width
    const cut = await page.evaluate(() => [...document.querySelectorAll('.el-table__body td')]
      .filter((td) => td.getBoundingClientRect().left >= window.innerWidth).length);
    assert.equal(cut, 0, `columns cut off on ${path}`);
    await check();
  }
  t.diagnostic(`screenshot: ${await shot('phone10-stolen')}`);
  await context.close();
});

test('the report drawer labels its controls and links a map instead of printing coordinates (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, 'station_chief');
  await page.goto(`${server.url}/console/reports`);
  await page.locator(dt('report-open')).first().click();
  await page.waitForSelector(dt('report-drawer'));
  const drawer = page.locator('.el-drawer');
  for (const label of ['答复 / 备注 / 办结说明', '承办民警', '预计办结日期', '关联治安乱点']) {
    await drawer.locator('.el-form-item__label', { hasText: label }).waitFor();
  }
  assert.equal(await drawer.locator('.el-input-number').count(), 0, 'no bare number stepper');
  const place = await page.textContent(dt('report-place'));
  assert.doesNotMatch(place, /\(\s*\d+\.\d+,\s*\d+\.\d+\s*\)|（\s*\d+\.\d+/);
  if (await page.locator(dt('report-map')).count()) {
    assert.match(await page.getAttribute(dt('report-map'), 'href'), /^https:\/\/uri\.amap\.com\/marker\?position=\d+\.\d+,\d+\.\d+/);
  }
  assert.deepEqual(await smallControls(page), []);
  t.diagnostic(`screenshot: ${await shot('phone10-drawer')}`);
  await check();
  await context.close();
});

test('a group\'s leader and members are chosen by name, not typed as numbers (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, 'station_chief');
  await page.goto(`${server.url}/console/community/groups`);
  await page.click(dt('group-create'));
  await page.fill(dt('group-name'), `浏览器测试小组${Date.now() % 10000}`);
  // the options of this picker's own list (its input names it in aria-controls)
  const pick = async (sel, multiple = false) => {
    await page.click(`${dt(sel)} .el-select__wrapper`);
    const list = await page.getAttribute(`${dt(sel)} input`, 'aria-controls');
    const item = page.locator(`[id="${list}"] .el-select-dropdown__item:not(.is-selected)`).first();
    await item.waitFor();
    const name = (await item.locator('.name').textContent()).trim();
    await item.click();
    if (multiple) await page.keyboard.press('Escape');
    await page.locator(`[id="${list}"]`).waitFor({ state: 'hidden' });
    return name;
  };
  const leader = await pick('group-leader');
  const member = await pick('group-members', true);
  assert.match(await page.textContent(dt('group-leader')), new RegExp(leader));
  assert.match(await page.textContent(dt('group-members')), new RegExp(member));
  t.diagnostic(`screenshot: ${await shot('phone10-group')}`);
  await page.click(dt('dialog-save'));
  await page.waitForSelector('.el-message--success');
  await check();
  await context.close();
});
