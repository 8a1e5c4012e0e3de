// Appointments with an officer (issue 11): a new citizen opens the demo
// officer's page, taps 预约, picks a day and a time, says what it is about and
// books; the confirmation shows its number and the .ics link. The demo
// officer opens the console workbench and confirms it; the citizen's page
// "我的民警预约" then says 已确认. At 1280 and 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, VIEWPORTS, dt, openPage, uniquePhone, useServerAndBrowser, validIdNumber, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signIn(page, login, password = DEMO_PASSWORD) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), password);
  await page.click(dt('signin-submit'));
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/** The demo officer's officer id, through the API as the officer. */
async function demoOfficer() {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'officer', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const r = await fetch(`${server.url}/api/v1/me/officer-desk`, { headers: { Cookie: cookie } });
  return (await r.json()).officer.id;
}

for (const viewport of VIEWPORTS) {
  test(`a citizen books the demo officer, the officer confirms in the console (${viewport.name})`, async (t) => {
    const officer = await demoOfficer();
    const phone = uniquePhone();
    const password = 'Appt@2026x';
    const reg = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone, password, name: '李预约', id_number: validIdNumber() }),
    });
    assert.equal(reg.status, 201, await reg.text());
    const { context, page, check, shot } = await openPage(browser, viewport);
    await signIn(page, phone, password);
    await page.goto(`${server.url}/officers/${officer}`);
    await page.click(dt('officer-book'));
    await page.waitForSelector(dt('officer-book'));
    assert.match(await page.textContent('[data-test^="book-day-"]'), /周[一二三四五六日]/);
    // The first day with a free time (days the officer does not receive are not offered).
    const chips = page.locator('[data-test^="book-day-"]:not([disabled])');
    let found = false;
    for (let i = 1; i < (await chips.count()) && !found; i++) {
      await chips.nth(i).click();
      await page.waitForFunction(() => !document.querySelector('.el-skeleton'));
      found = (await page.locator(`${dt('book-slot')}:not([disabled])`).count()) > 0;
    }
    assert.ok(found, 'a day with a free time');
    await page.locator(`${dt('book-slot')}:not([disabled])`).first().click();
    await page.fill(dt('book-topic'), '户口迁移咨询');
    await page.fill(dt('book-description'), '想把父母的户口迁过来，需要哪些材料？');
    // An attachment: the citizen's own upload (a PNG by its first bytes).
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    await page.setInputFiles(dt('book-file'), { name: '户口簿.png', mimeType: 'image/png', buffer: png });
    await page.waitForSelector(dt('book-file-item'));
    await check();
    t.diagnostic(`screenshot: ${await shot('officer-book')}`);
    await page.click(dt('book-submit'));
    await page.waitForSelector(dt('book-done'));
    const conf = (await page.textContent(dt('book-confirmation'))).trim();
    assert.match(conf, /^YM\d{16}$/);
    await check();

    // The officer confirms in the console.
    const staff = await openPage(browser, viewport);
    await signIn(staff.page, 'officer');
    await staff.page.goto(`${server.url}/console/appointments`);
    await staff.page.waitForSelector(dt('console-appointments'));
    await checkA11y(staff.page);
    const card = staff.page.locator(dt('desk-appointment'), { hasText: conf });
    await card.locator(dt('desk-confirm')).click();
    await staff.page.waitForFunction((c) => [...document.querySelectorAll('[data-test="desk-appointment"]')].some((e) => e.textContent.includes(c) && e.textContent.includes('已确认')), conf);
    t.diagnostic(`screenshot: ${await staff.shot('officer-desk')}`);
    await staff.check();
    await staff.context.close();

    await page.goto(`${server.url}/me/officer-appointments`);
    await page.waitForSelector(dt('my-officer-appointment'));
    await checkA11y(page);
    const mine = page.locator(dt('my-officer-appointment'), { hasText: conf });
    assert.equal((await mine.locator(dt('my-officer-appointment-status')).textContent()).trim(), '已确认');
    await check();
    await context.close();
  });
}
