// The crime-prevention bus (issue 10): on a phone a school asks for a visit
// through the public form (no sign-in); the station chief approves it in the
// console, scheduling the visit; the visit shows on the public calendar.
// Also: the console's stolen-vehicle page lists the demo's seizures at 1280
// and 375 px, and the bus console's monthly chart draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, DESKTOP, dt, openPage, PHONE, signInAt, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

const SCHOOL = `台州市白云第${Date.now() % 1000}小学`;
const localDate = (days) => new Date(Date.now() + 8 * 3600000 + days * 86400000).toISOString().slice(0, 10);

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);

test('a school asks for the bus on a phone, the station approves it, the public calendar shows it', async (t) => {
  // 1. The school, on a phone, without signing in.
  const phone = await openPage(browser, PHONE);
  await phone.page.goto(`${server.url}/prevention`);
  await phone.page.waitForSelector(dt('bus-ask'));
  await checkA11y(phone.page);
  t.diagnostic(`screenshot: ${await phone.shot('bus-calendar')}`);
  await phone.check();
  await phone.page.click(dt('bus-ask'));
  await phone.page.waitForURL('**/prevention/request');
  await phone.page.click(`${dt('ask-station')}`);
  await phone.page.keyboard.type('白云');
  await phone.page.locator('.el-select-dropdown__item:visible', { hasText: '白云派出所' }).first().click();
  await phone.page.fill(dt('ask-org'), SCHOOL);
  await phone.page.fill(dt('ask-contact'), '李老师');
  await phone.page.fill(dt('ask-phone'), '13905761111');
  await phone.page.fill(dt('ask-from'), localDate(5));
  await phone.page.fill(dt('ask-to'), localDate(15));
  await phone.page.fill(dt('ask-topic'), '校园反诈与防拐骗');
  await phone.check();
  await phone.page.click(dt('ask-submit'));
  await phone.page.waitForSelector(dt('ask-done')).catch(async (e) => {
    t.diagnostic(`screenshot: ${await phone.shot('bus-request-failed')}`);
    throw e;
  });
  assert.match(await phone.page.textContent(dt('ask-done')), /139\*\*\*\*1111/);
  t.diagnostic(`screenshot: ${await phone.shot('bus-request-done')}`);
  await phone.check();

  // 2. The station chief approves it in the console, at the date they agreed on.
  const desk = await openPage(browser, DESKTOP);
  await signIn(desk.page, 'station_chief', '/console/prevention');
  const row = desk.page.locator(dt('bus-requests')).locator('.el-table__row', { hasText: SCHOOL });
  await row.waitFor();
  await row.locator(dt('bus-approve')).click();
  await desk.page.fill(dt('approve-day'), localDate(7));
  await desk.page.fill(dt('approve-place'), `${SCHOOL}操场`);
  await desk.page.click(dt('dialog-save'));
  await desk.page.locator(dt('bus-requests')).locator('.el-table__row', { hasText: SCHOOL }).waitFor({ state: 'detached' });
  t.diagnostic(`screenshot: ${await desk.shot('console-bus')}`);
  await desk.check();
  await desk.page.getByRole('tab', { name: '月度统计' }).click();
  await desk.page.waitForSelector(`${dt('bus-chart')} canvas`);
  await desk.check();
  await desk.context.close();

  // 3. Back on the phone: the calendar of that month shows the visit.
  await phone.page.goto(`${server.url}/prevention`);
  await phone.page.waitForSelector(dt('bus-month'));
  await checkA11y(phone.page);
  if (localDate(7).slice(0, 7) !== localDate(0).slice(0, 7)) await phone.page.click(dt('bus-next'));
  await phone.page.locator(dt('bus-event-org'), { hasText: SCHOOL }).waitFor();
  const text = await phone.page.textContent('main') ?? await phone.page.textContent('body');
  assert.ok(!/13905761111|李老师/.test(text), 'no contact on the public calendar');
  t.diagnostic(`screenshot: ${await phone.shot('bus-calendar-shown')}`);
  await phone.check();
  await phone.context.close();
});

for (const viewport of [DESKTOP, PHONE]) {
  test(`the stolen-vehicle registry and the bus's requests in the console (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await signIn(page, 'station_chief', '/console/stolen-vehicles');
    await page.waitForSelector(dt('stolen-row'));
    assert.ok((await page.locator(dt('stolen-row')).count()) > 0);
    t.diagnostic(`screenshot: ${await shot('console-stolen')}`);
    await check();
    await page.goto(`${server.url}/prevention`);
    await page.waitForSelector(dt('bus-event'));
    await checkA11y(page);
    await page.waitForSelector(`${dt('bus-chart')} canvas`);
    assert.equal(await page.textContent(dt('seized-total')), '321');
    t.diagnostic(`screenshot: ${await shot('bus-calendar-signed-in')}`);
    await check();
    await page.goto(`${server.url}/console/prevention`);
    await page.waitForSelector(dt('bus-request-row'));
    await checkA11y(page);
    t.diagnostic(`screenshot: ${await shot('console-bus-requests')}`);
    await check();
    await context.close();
  });
}

test('the bus form says which field to fix in words, never an internal limit; the calendar labels its figures (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/prevention/request`);
  await page.waitForSelector(dt('ask-submit'));
  await page.click(dt('ask-submit'));
  const station = page.locator('.el-form-item', { has: page.locator(dt('ask-station')) });
  await station.locator('.el-form-item__error').waitFor();
  assert.equal((await station.locator('.el-form-item__error').textContent()).trim(), '请选择辖区派出所');
  assert.doesNotMatch(await page.textContent('body'), /4611686018427387903|之间/);
  // the first error is brought into view
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, dt('ask-station'));
  t.diagnostic(`screenshot: ${await shot('bus-request-empty')}`);
  await check();
  // the station picker filters as one types
  await page.click(dt('ask-station'));
  await page.keyboard.type('白云');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '白云派出所' }).first().waitFor();
  const shown = await page.locator('.el-select-dropdown__item:visible').allTextContents();
  assert.ok(shown.every((s) => s.includes('白云')), `only matching stations: ${shown.join(',')}`);
  await page.keyboard.press('Escape');

  await page.goto(`${server.url}/prevention`);
  await page.waitForSelector(dt('seized-hotspot'));
  assert.match(await page.textContent(dt('seized-hotspot')), /四号桥：查获 321 辆，已发还车主 \d+ 辆/);
  await page.waitForSelector(dt('bus-weekday'));
  assert.match(await page.textContent(dt('bus-weekday')), /^周[日一二三四五六]$/);
  await check();
  await context.close();
});
