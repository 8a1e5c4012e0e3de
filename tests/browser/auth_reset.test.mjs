// 三员分立 in the console: the secadmin requests a reset of the auditor's
// password, the sysadmin approves it, each reads one half of the temporary
// password; the auditor signs in with both and is asked to choose a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signIn(page, login, password) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), password);
  await page.click(dt('signin-submit'));
}

/** On the staff page, clicks button `action` in the auditor's row and returns the code the dialog shows. */
async function halfFor(page, action, confirm = false) {
  await page.goto(`${server.url}/console/staff`);
  const row = page.locator(`${dt('staff-table')} tbody tr`).filter({ hasText: /^auditor/ }).first();
  await row.locator(dt(action)).click();
  if (confirm) await page.locator('.el-message-box__btns .el-button--primary').click();
  const box = page.locator('.el-message-box').filter({ hasText: /[A-Z2-9]{8}/ });
  const code = (await box.locator('.el-message-box__message').textContent()).match(/[A-Z2-9]{8}/)[0];
  await box.locator('.el-message-box__btns .el-button--primary').click();
  return code;
}

test('two administrators reset the auditor password; neither alone knows it', async () => {
  const sec = await openPage(browser, DESKTOP);
  await signIn(sec.page, 'secadmin', DEMO_PASSWORD);
  await sec.page.waitForURL('**/console/**');
  const first = await halfFor(sec.page, 'staff-reset-request');
  await sec.page.locator(dt('staff-reset-pending')).first().waitFor();
  assert.equal(await sec.page.locator(dt('staff-reset-approve')).count(), 0, 'the requester is offered approval');
  await sec.check();

  const sys = await openPage(browser, DESKTOP);
  await signIn(sys.page, 'sysadmin', DEMO_PASSWORD);
  await sys.page.waitForURL('**/console/**');
  const second = await halfFor(sys.page, 'staff-reset-approve', true);
  assert.notEqual(first, second);
  await sys.check();

  const holder = await openPage(browser, DESKTOP);
  await signIn(holder.page, 'auditor', first + second);
  await holder.page.waitForURL('**/me');
  await holder.page.waitForSelector(dt('me-temporary'));
  await holder.check();
  for (const p of [sec, sys, holder]) await p.context.close();
});
