// A citizen's phone review (round 13): finding "your" police station and
// community officer from an address (#3: the directory's 按地址查找 box and
// the apply form's unit picker), and a violation that cannot be handled
// online says so on the public query, with the reason and where to go,
// instead of a "去处理" button (#4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dt, openPage, PHONE, signInAt, useServerAndBrowser, VIEWPORTS } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

for (const viewport of VIEWPORTS) {
  test(`民警在线: 按地址查找您的社区民警 shows the station and the grid's officer with book/consult (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/officers`);
    await page.waitForSelector(dt('locator'));
    assert.match(await page.textContent(dt('locator')), /按地址查找您的社区民警/);
    await page.fill(dt('locator-address'), '白云山南路18号');
    await page.click(dt('locator-submit'));
    await page.waitForSelector(dt('locator-result'));
    assert.match(await page.textContent(dt('locator-station')), /白云派出所/);
    assert.match(await page.textContent(dt('locator-station')), /溪路154号/);
    assert.match(await page.textContent(dt('locator-unit')), /文化社区警务室/);
    assert.match(await page.textContent(dt('locator-grid')), /文化社区第1网格/);
    const officer = await page.textContent(dt('locator-officer'));
    assert.match(officer, /社区民警/);
    // Book and consult are 44 px links to the officer's pages.
    for (const name of ['locator-book', 'locator-consult']) {
      const link = page.locator(dt(name));
      assert.ok((await link.boundingBox()).height >= 44, `${name} is 44 px high`);
    }
    assert.match(await page.getAttribute(dt('locator-book'), 'href'), /\/officers\/\d+\/book$/);
    assert.match(await page.getAttribute(dt('locator-consult'), 'href'), /officer_id=\d+/);
    t.diagnostic(`screenshot: ${await shot('locator-found')}`);
    await check();
    // Nothing found: a sentence, not an error.
    await page.fill(dt('locator-address'), '火星路');
    await page.click(dt('locator-submit'));
    await page.waitForSelector(dt('locator-none'));
    assert.match(await page.textContent(dt('locator-none')), /没有找到“火星路”/);
    assert.equal(await page.locator(dt('locator-error')).count(), 0);
    // The units page has the same box; a street (街道) finds its station.
    await page.goto(`${server.url}/units`);
    await page.fill(dt('locator-address'), '白云街道');
    await page.press(dt('locator-address'), 'Enter');
    await page.waitForSelector(dt('locator-station'));
    assert.match(await page.textContent(dt('locator-station')), /白云派出所/);
    assert.equal(await page.locator(dt('locator-no-officer')).count(), 1);
    await check();
    await context.close();
  });
}

test('apply form: typing a street or community in the unit picker finds the unit that serves it', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signInAt(page, server.url, '13800138000', '/services/1/apply');
  await page.waitForSelector(dt('apply-unit'));
  assert.match(await page.textContent(dt('apply-unit-hint')), /可输入街道、社区或道路名称查找/);
  // The 联系地址 typed above suggests the unit serving it.
  await page.fill(dt('apply-field-address'), '椒江区白云山南路18号');
  await page.waitForSelector(dt('apply-unit-suggest'));
  assert.match(await page.textContent(dt('apply-unit-suggest')), /建议选择：文化社区警务室/);
  await page.click(dt('apply-unit-suggest-use'));
  await page.waitForSelector(dt('apply-unit-suggest'), { state: 'detached' });
  assert.match(await page.locator(dt('apply-unit')).locator('xpath=ancestor-or-self::*[contains(@class,"el-select")][1]').textContent(), /文化社区警务室/);
  await page.click(dt('apply-unit'));
  await page.keyboard.type('溪路');
  const group = page.locator(dt('apply-unit-by-address'));
  await group.waitFor();
  assert.match(await group.textContent(), /负责“溪路”的单位/);
  assert.match(await group.textContent(), /白云派出所/);
  t.diagnostic(`screenshot: ${await shot('apply-unit-street')}`);
  await page.locator(`${dt('apply-unit-by-address')} .el-select-dropdown__item`, { hasText: '白云派出所' }).first().click();
  await page.waitForFunction(() => /白云派出所/.test(document.querySelector('[data-test="apply-unit"]')?.closest('.el-select')?.textContent ?? ''));
  // A community: its community station and its station, first.
  await page.click(dt('apply-unit'));
  await page.keyboard.type('文化社区');
  await page.waitForFunction(() => /文化社区警务室/.test(document.querySelector('[data-test="apply-unit-by-address"]')?.textContent ?? ''));
  const items = await page.locator(`${dt('apply-unit-by-address')} .el-select-dropdown__item`).allTextContents();
  assert.ok(items.some((s) => s.includes('文化社区警务室')) && items.some((s) => s.includes('白云派出所')), items.join('|'));
  await page.locator(`${dt('apply-unit-by-address')} .el-select-dropdown__item`, { hasText: '文化社区警务室' }).first().click();
  await page.waitForSelector('.el-select-dropdown__list', { state: 'hidden' });
  await check();
  await context.close();
});

for (const viewport of VIEWPORTS) {
  test(`violation query: a 12-point record says 需到窗口处理 with the reason and where to go, no 去处理 (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/traffic/violations`);
    await page.fill(dt('query-plate'), 'J12345');
    await page.fill(dt('query-engine6'), '123456');
    await page.click(dt('query-submit'));
    await page.waitForSelector(dt('violation-item'));
    const records = await page.locator(dt('violation-item')).evaluateAll((items) =>
      items.map((li) => ({
        status: li.querySelector('[data-status]')?.dataset.status,
        points: Number(li.querySelector('[data-test="violation-points"]').textContent.trim()),
        fine: li.querySelector('[data-test="violation-fine"]').textContent,
        handle: !!li.querySelector('[data-test="violation-go-handle"]'),
        counter: li.querySelector('[data-test="violation-counter"]')?.textContent ?? null,
        link: li.querySelector('[data-test="violation-counter-units"]')?.getAttribute('href') ?? null,
      })),
    );
    const twelve = records.find((r) => r.status === 'unhandled' && r.points === 12);
    assert.ok(twelve, JSON.stringify(records));
    assert.equal(twelve.handle, false, 'no 去处理 on a record that must go to a counter');
    assert.match(twelve.counter, /需到窗口处理/);
    assert.match(twelve.counter, /记 12 分/);
    assert.match(twelve.counter, /驾驶证.*违法处理窗口/);
    assert.match(twelve.link, /\/units/);
    const online = records.find((r) => r.status === 'unhandled' && r.points < 12 && r.points > 0 && !r.counter);
    assert.ok(online?.handle, 'an online record keeps 去处理');
    // The window-only amount is summed apart from what can be handled online.
    assert.match(await page.textContent(dt('query-due-counter')), /需到窗口处理/);
    t.diagnostic(`screenshot: ${await shot('violation-counter')}`);
    await check();
    await context.close();
  });
}
