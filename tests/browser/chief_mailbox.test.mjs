// The chief's mailbox and public Q&A (issue 11): the demo citizen writes to
// the chief from the chief's page in the officer directory; the office
// answers and prepares the public copy (the server masked her phone number
// and name); its lead checks and publishes it; the public Q&A page finds it.
// The officer's workbench at both widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, dt, openPage, PHONE, signInAt, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);

for (const viewport of [DESKTOP, PHONE]) {
  test(`a letter to the chief becomes public Q&A after a second person checks it (${viewport.name})`, async (t) => {
    const chief = await (await fetch(`${server.url}/api/v1/mailboxes/chief`)).json();
    const word = viewport === PHONE ? '井盖' : '路灯';
    const subject = `白云街道${word}损坏`;

    // The citizen: from the chief's page in the directory to the mailbox.
    const citizen = await openPage(browser, viewport);
    await signIn(citizen.page, '13800138000', `/officers/${chief.officer_id}`);
    await citizen.page.click(dt('officer-write-chief'));
    await citizen.page.waitForURL(/\/mailbox\/chief$/);
    await citizen.page.waitForSelector(dt('mailbox-to'));
    assert.match(await citizen.page.textContent(dt('mailbox-to')), /局长/);
    t.diagnostic(`screenshot: ${await citizen.shot('chief-mailbox')}`);
    await citizen.page.fill(dt('mailbox-subject'), subject);
    await citizen.page.fill(dt('mailbox-body'), `局长您好，我是王小明，电话13800138000。小区门口的${word}坏了半个月，晚上很危险。`);
    await citizen.page.click(dt('mailbox-submit'));
    await citizen.page.waitForURL(/\/consultations\/\d+$/);
    await citizen.page.waitForSelector(dt('consult-message'));
    await citizen.check();

    // The office answers and prepares the public copy.
    const office = await openPage(browser, viewport);
    await signIn(office.page, 'mailbox_office', '/console/consultations');
    await office.page.click(`${dt('consult-boxes')} >> text=局长信箱`);
    await office.page.locator(dt('consult-inbox-item'), { hasText: subject }).click();
    await office.page.waitForSelector(dt('consult-thread'));
    await office.page.fill(dt('consult-reply'), `王小明您好，已通知有关部门修复${word}，感谢您的反映。`);
    await office.page.click(dt('consult-send'));
    await office.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, dt('consult-message'));
    await office.page.click(dt('consult-to-public'));
    await office.page.waitForURL(/\/console\/qa\?thread=\d+/);
    await office.page.waitForSelector(dt('qa-masked'));
    const question = await office.page.inputValue(dt('qa-question-edit'));
    assert.doesNotMatch(question, /13800138000|王小明/);
    await office.page.fill(dt('qa-title'), `关于${word}损坏的答复`);
    await office.page.click(dt('qa-save'));
    await office.page.waitForSelector(dt('qa-second-person'));
    assert.ok(await office.page.isDisabled(dt('qa-publish')), 'the editor cannot publish');
    t.diagnostic(`screenshot: ${await office.shot('qa-review')}`);
    await office.check();

    // The lead checks and publishes.
    const lead = await openPage(browser, viewport);
    await signIn(lead.page, 'mailbox_lead', '/console/qa');
    await lead.page.locator(dt('qa-copy'), { hasText: `关于${word}损坏的答复` }).click();
    await lead.page.waitForSelector(dt('qa-publish'));
    await lead.page.click(dt('qa-publish'));
    await lead.page.waitForSelector(dt('qa-public-link'));
    t.diagnostic(`screenshot: ${await lead.shot('qa-published')}`);
    await lead.check();

    // The public page finds it.
    const visitor = await openPage(browser, viewport);
    await visitor.page.goto(`${server.url}/qa`);
    await visitor.page.fill(dt('qa-search'), word);
    await visitor.page.click(dt('qa-search-submit'));
    await visitor.page.waitForURL(/\/qa\?q=/);
    const hit = visitor.page.locator(dt('qa-item'), { hasText: `关于${word}损坏的答复` });
    await hit.waitFor();
    t.diagnostic(`screenshot: ${await visitor.shot('qa-list')}`);
    await visitor.check();
    await hit.click();
    await visitor.page.waitForSelector(dt('qa-detail'));
    const text = await visitor.page.textContent(dt('qa-detail'));
    assert.match(text, new RegExp(`${word}坏了半个月`));
    assert.doesNotMatch(text, /13800138000|王小明/);
    t.diagnostic(`screenshot: ${await visitor.shot('qa-detail')}`);
    await visitor.check();
    for (const p of [citizen, office, lead, visitor]) await p.context.close();
  });

  test(`the officer's workbench: today's appointments, the inbox, overdue threads (${viewport.name})`, async (t) => {
    // The demo officer (linked to an officer record): the day's appointments panel.
    const officer = await openPage(browser, viewport);
    await signIn(officer.page, 'officer', '/console/workbench');
    await officer.page.waitForSelector(dt('wb-today'));
    await officer.page.waitForSelector(dt('wb-inbox'));
    await officer.page.waitForSelector(dt('wb-overdue'));
    t.diagnostic(`screenshot: ${await officer.shot('workbench-officer')}`);
    await officer.check();
    await officer.context.close();
    // The station chief: the station's open threads (the demo's waiting one among them).
    const chief = await openPage(browser, viewport);
    await signIn(chief.page, 'station_chief', '/console/workbench');
    await chief.page.locator(dt('wb-thread'), { hasText: '小区门口夜间经常有人聚集喧哗' }).waitFor();
    t.diagnostic(`screenshot: ${await chief.shot('workbench-chief')}`);
    await chief.check();
    await chief.context.close();
  });
}
