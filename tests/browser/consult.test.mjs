// Consultations (issue 11): the demo citizen asks an officer of 白云派出所
// from the officer's page; the station chief answers in the console's inbox;
// the citizen's open page shows the answer without a reload (EventSource),
// with the read receipt of her question; at 375 px too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, dt, openPage, PHONE, signInAt, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);

for (const viewport of [DESKTOP, PHONE]) {
  test(`a citizen asks; the chief answers in the console; her open page shows it live (${viewport.name})`, async (t) => {
    const citizen = await openPage(browser, viewport);
    await signIn(citizen.page, '13800138000', '/officers/1');
    await citizen.page.click(dt('officer-ask'));
    await citizen.page.waitForURL(/\/consultations\/new\?officer_id=1$/);
    await citizen.page.waitForSelector(dt('consult-to'));
    const subject = `居住证材料咨询 ${viewport.name}`;
    await citizen.page.fill(dt('consult-new-subject'), subject);
    await citizen.page.fill(dt('consult-new-body'), '请问办理居住证需要带哪些材料？');
    await citizen.page.click(dt('consult-new-submit'));
    await citizen.page.waitForURL(/\/consultations\/\d+$/);
    await citizen.page.waitForSelector(dt('consult-message'));
    await citizen.page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('实时'), dt('consult-live'));
    assert.match(await citizen.page.textContent(dt('consult-status')), /待答复/);
    t.diagnostic(`screenshot: ${await citizen.shot('consult-asked')}`);
    await citizen.check();

    const chief = await openPage(browser, DESKTOP);
    await signIn(chief.page, 'station_chief', '/console/consultations');
    const item = chief.page.locator(dt('consult-inbox-item'), { hasText: subject });
    await item.click();
    await chief.page.waitForSelector(dt('consult-thread'));
    await chief.page.fill(dt('consult-reply'), '请带身份证和居住证明。');
    await chief.page.click(dt('consult-send'));
    await chief.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, dt('consult-message'));
    await chief.check();

    // No reload on the citizen's side: the answer arrives through the stream.
    await citizen.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, dt('consult-message'), { timeout: 5000 });
    assert.match(await citizen.page.locator(dt('consult-message')).nth(1).textContent(), /身份证和居住证明/);
    assert.match(await citizen.page.textContent(dt('consult-status')), /已答复/);
    assert.match(await citizen.page.locator(dt('consult-receipt')).first().textContent(), /已读/);
    t.diagnostic(`screenshot: ${await citizen.shot('consult-answered')}`);
    await citizen.check();

    // The chief closes it with a summary; the citizen's page shows that too, then she rates.
    await chief.page.click(dt('consult-close'));
    await chief.page.fill(dt('consult-summary'), '已告知所需材料');
    await chief.page.click(dt('consult-close-confirm'));
    await citizen.page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('已办结'), dt('consult-status'), { timeout: 5000 });
    await citizen.check();
    await citizen.page.click(dt('consult-grade-5'));
    await citizen.page.click('form.rate button[type="submit"]');
    await citizen.page.waitForSelector(dt('consult-rated'));
    assert.match(await citizen.page.textContent(dt('consult-rated')), /非常满意/);
    t.diagnostic(`screenshot: ${await citizen.shot('consult-rated')}`);
    await citizen.check();
    await chief.context.close();
    await citizen.context.close();
  });
}
