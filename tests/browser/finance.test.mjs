// The finance office's console (issue 9): the cashier finds a paid order and
// asks for part of it back (too much is refused with the server's reason), a
// finance approver approves it and the order reads 部分退款; the daily totals
// chart draws; a statement of today's sandbox payments reconciles with no
// difference; the auditor reads without the buttons that change anything.
// The paid orders are made through the API in the demo citizen's session
// (paying through the cashier has its own journeys in payments.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, PHONE, VIEWPORTS, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

const yuan = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

// The demo citizen pays one of her car's fines through the sandbox (once:
// the demo car has few); the order, paid.
let paidOrder = null;
async function payAFine() {
  paidOrder ??= await payOneFine();
  return paidOrder;
}

async function payOneFine() {
  const { context, page } = await openPage(browser, DESKTOP);
  await page.goto(`${server.url}/signin?redirect=%2Fme`);
  await page.fill(dt('signin-login'), '13800138000');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/me');
  const api = page.request;
  const me = await (await api.get(`${server.url}/api/v1/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  const mine = async (status) => (await (await api.get(`${server.url}/api/v1/me/violations?status=${status}`)).json()).items;
  let handled = await mine('handled');
  // Settle an unhandled one when none is left to pay (some acts cannot be settled online).
  for (const v of handled.length ? [] : await mine('unhandled')) {
    if ((await api.post(`${server.url}/api/v1/me/violations/${v.id}/handle`, { headers })).ok()) break;
  }
  handled = await mine('handled');
  assert.ok(handled.length, 'a fine to pay');
  const made = await api.post(`${server.url}/api/v1/payments`, {
    headers, data: { purpose: 'violation', ref: String(handled[0].id), channel: 'sandbox' },
  });
  assert.ok(made.ok(), await made.text());
  const order = await made.json();
  const paid = await api.post(`${server.url}/api/v1/payments/${order.id}/sandbox`, { headers, data: { result: 'success' } });
  assert.equal(paid.status(), 202, await paid.text());
  let now = order;
  for (let i = 0; i < 50 && now.status !== 'succeeded'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await (await api.get(`${server.url}/api/v1/payments/${order.id}`)).json();
  }
  assert.equal(now.status, 'succeeded');
  await context.close();
  return now;
}

async function signInStaff(viewport, login) {
  const opened = await openPage(browser, viewport);
  const { page } = opened;
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  // The finance office lands on the payments list.
  if (login !== 'auditor') await page.waitForURL('**/console/payments');
  else await page.waitForURL('**/console/audit');
  return opened;
}

// Types into an Element Plus message box's prompt and presses its confirm button.
async function answerPrompt(page, text) {
  await page.waitForSelector('.el-message-box textarea');
  if (text) await page.fill('.el-message-box textarea', text);
  await page.click('.el-message-box__btns .el-button--primary');
}

test('the cashier asks for a refund, the finance approver approves it: 部分退款 (desktop)', async (t) => {
  const order = await payAFine();

  const cashier = await signInStaff(DESKTOP, 'cashier');
  const { page } = cashier;
  await page.waitForSelector(dt(`payment-${order.id}`));
  assert.equal(await page.locator(dt('console-menu-reconcile')).count(), 1, 'the cashier reconciles');
  // Search by the order number.
  await page.fill(dt('payments-filter-q'), order.id);
  await page.click(dt('filter-search'));
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, dt('payment-status'));
  assert.equal((await page.textContent(dt('payment-status'))).trim(), '已缴款');
  t.diagnostic(`screenshot: ${await cashier.shot('finance-payments')}`);
  await cashier.check();

  await page.click(dt(`payment-${order.id}`));
  await page.waitForSelector(dt('detail-refund'));
  assert.equal((await page.textContent(dt('detail-amount'))).trim(), yuan(order.amount_cents));
  await page.click(dt('detail-refund'));
  await page.waitForSelector(dt('refund-amount'));
  assert.equal(await page.inputValue(dt('refund-amount')), yuan(order.amount_cents), 'what is left, at first');
  // A cent more than was paid: the server's 409 says how much is left.
  await page.fill(dt('refund-amount'), yuan(order.amount_cents + 1));
  await page.fill(dt('refund-reason'), '重复缴款，退还多缴部分');
  await page.click(dt('dialog-save'));
  await page.waitForSelector(dt('dialog-error'));
  assert.match(await page.textContent(dt('dialog-error')), new RegExp(`最多还可退款 ${yuan(order.amount_cents).replace('.', '\\.')} 元`));
  // Not money: refused in the form, nothing sent.
  await page.fill(dt('refund-amount'), '1.234');
  await page.click(dt('dialog-save'));
  await page.waitForSelector('.el-form-item__error');
  t.diagnostic(`screenshot: ${await cashier.shot('finance-refund-dialog')}`);
  await page.fill(dt('refund-amount'), '1.5');
  await page.click(dt('dialog-save'));
  await page.waitForSelector(dt('refund-amount'), { state: 'detached' });
  // The order's refunds list the request, waiting.
  await page.locator(`${dt('detail-refunds')} >> text=待审核`).waitFor();
  assert.match(await page.textContent(dt('detail-refunds')), /1\.50/);
  t.diagnostic(`screenshot: ${await cashier.shot('finance-detail')}`);
  await cashier.check();
  await page.keyboard.press('Escape');

  // The cashier sees the request but cannot decide it.
  await page.click(dt('console-menu-refunds'));
  await page.waitForSelector(dt('refund-row-status'));
  assert.equal(await page.locator(dt('refund-approve')).count(), 0, 'a cashier does not approve');
  await cashier.check();
  await cashier.context.close();

  const approver = await signInStaff(DESKTOP, 'finance_approver');
  assert.equal(await approver.page.locator(dt('detail-refund')).count(), 0);
  await approver.page.click(dt('console-menu-refunds'));
  await approver.page.waitForSelector(dt('refund-approve'));
  assert.equal((await approver.page.textContent(dt('refund-row-amount'))).trim(), '1.50');
  t.diagnostic(`screenshot: ${await approver.shot('finance-refunds')}`);
  await approver.check();
  await approver.page.click(dt('refund-approve'));
  await answerPrompt(approver.page, '核实无误');
  await approver.page.waitForSelector('.el-message--success');
  assert.match(await approver.page.textContent('.el-message--success'), /已通过，退款结果：已退款/);
  // Nothing waits any more.
  await approver.page.waitForSelector(dt('refund-approve'), { state: 'detached' });

  await approver.page.click(dt('console-menu-payments'));
  await approver.page.waitForSelector(dt(`payment-${order.id}`));
  const row = approver.page.locator('.el-table__row', { has: approver.page.locator(dt(`payment-${order.id}`)) });
  assert.equal((await row.locator(dt('payment-status')).textContent()).trim(), '部分退款');
  await approver.page.click(dt(`payment-${order.id}`));
  await approver.page.locator(`${dt('detail-refunds')} >> text=已退款`).waitFor();
  assert.match(await approver.page.textContent(dt('detail-refunds')), /核实无误/);
  t.diagnostic(`screenshot: ${await approver.shot('finance-approved')}`);
  await approver.check();
  await approver.context.close();
});

test('a rejection needs a reason (phone)', async (t) => {
  const order = await payAFine();
  const cashier = await signInStaff(PHONE, 'cashier');
  await cashier.page.click(dt(`payment-${order.id}`));
  await cashier.page.click(dt('detail-refund'));
  await cashier.page.fill(dt('refund-amount'), '2');
  await cashier.page.fill(dt('refund-reason'), '误缴');
  await cashier.page.waitForTimeout(400); // the dialog's opening animation, for the screenshot
  t.diagnostic(`screenshot: ${await cashier.shot('finance-refund-dialog')}`);
  await cashier.check();
  await cashier.page.click(dt('dialog-save'));
  await cashier.page.waitForSelector(dt('refund-amount'), { state: 'detached' });
  await cashier.context.close();

  const approver = await signInStaff(PHONE, 'finance_approver');
  t.diagnostic(`screenshot: ${await approver.shot('finance-payments')}`);
  await approver.check();
  await approver.page.goto(`${server.url}/console/refunds`);
  await approver.page.waitForSelector(dt('refund-reject'));
  await checkA11y(approver.page);
  t.diagnostic(`screenshot: ${await approver.shot('finance-refunds')}`);
  await approver.check();
  await approver.page.click(dt('refund-reject'));
  await approver.page.waitForSelector('.el-message-box textarea');
  await approver.page.click('.el-message-box__btns .el-button--primary');
  await approver.page.waitForSelector('.el-message-box__errormsg');
  assert.match(await approver.page.textContent('.el-message-box__errormsg'), /驳回原因/);
  t.diagnostic(`screenshot: ${await approver.shot('finance-reject')}`);
  await approver.check();
  await answerPrompt(approver.page, '金额有误，请核实后重新申请');
  await approver.page.waitForSelector('.el-message--success');
  await approver.page.waitForSelector(dt('refund-reject'), { state: 'detached' });
  await approver.context.close();
});

for (const viewport of VIEWPORTS) {
  test(`the daily totals chart and a clean reconciliation of today's sandbox payments (${viewport.name})`, async (t) => {
    await payAFine();
    const { context, page, check, shot } = await signInStaff(viewport, 'finance_approver');

    await page.goto(`${server.url}/console/payments/daily`);
    await page.waitForSelector(`${dt('daily-chart')} canvas`);
    await checkA11y(page);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() !== '0', dt('daily-total-count'));
    assert.match(await page.textContent(dt('daily-total-paid')), /[1-9]\d*\.\d{2} 元/);
    await page.waitForTimeout(1200); // ECharts grows the bars in, for the screenshot
    t.diagnostic(`screenshot: ${await shot('finance-daily')}`);
    await check();

    await page.goto(`${server.url}/console/reconciliation`);
    await page.waitForSelector(dt('recon-run'));
    await checkA11y(page);
    const day = await page.locator(dt('recon-date')).evaluate((el) => (el.tagName === 'INPUT' ? el : el.querySelector('input')).value);
    assert.match(day, /^\d{4}-\d{2}-\d{2}$/);
    // The sandbox's statement of the day, made from the orders paid that day.
    const orders = [];
    for (let cursor = null; ;) {
      const r = await page.request.get(`${server.url}/api/v1/payments?channel=sandbox&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const body = await r.json();
      orders.push(...body.items);
      if (!(cursor = body.next_cursor)) break;
    }
    const paid = orders.filter((o) => o.paid_at?.startsWith(day));
    assert.ok(paid.length > 0, 'some paid today');
    const csv = ['trade_no,out_trade_no,amount_cents', ...paid.map((o) => `${o.channel_trade_no},${o.id},${o.amount_cents}`)].join('\r\n');
    await page.setInputFiles(dt('recon-file'), { name: `sandbox-${day}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    assert.equal((await page.textContent(dt('recon-file-name'))).trim(), `sandbox-${day}.csv`);
    await page.click(dt('recon-run'));
    await page.waitForSelector(dt('recon-report'));
    assert.equal((await page.textContent(dt('recon-rows'))).trim(), String(paid.length));
    assert.equal((await page.textContent(dt('recon-matched'))).trim(), String(paid.length));
    await page.waitForSelector(dt('recon-clean'));
    t.diagnostic(`screenshot: ${await shot('finance-recon')}`);
    await check();

    // A statement of a payment we never had, without ours: both kinds of difference, in Chinese.
    const doctored = ['trade_no,out_trade_no,amount_cents', 'SBXFORGED,P00000000000000000001,100'].join('\r\n');
    await page.setInputFiles(dt('recon-file'), { name: 'doctored.csv', mimeType: 'text/csv', buffer: Buffer.from(doctored) });
    await page.click(dt('recon-run'));
    await page.waitForSelector(dt('recon-differences'));
    const text = await page.textContent(dt('recon-differences'));
    assert.match(text, /渠道有、本系统无/);
    assert.match(text, /本系统有、渠道无/);
    t.diagnostic(`screenshot: ${await shot('finance-recon-diff')}`);
    await check();
    await context.close();
  });
}

test('the auditor reads the payments and refunds without the buttons that change them (desktop)', async (t) => {
  const order = await payAFine();
  const { context, page, check, shot } = await signInStaff(DESKTOP, 'auditor');
  assert.equal(await page.locator(dt('console-menu-reconcile')).count(), 0, 'no reconciliation upload');
  await page.click(dt('console-menu-payments'));
  await page.click(dt(`payment-${order.id}`));
  await page.waitForSelector(dt('detail-status'));
  assert.equal(await page.locator(dt('detail-refund')).count(), 0, 'no refund button');
  await page.keyboard.press('Escape');
  await page.click(dt('console-menu-refunds'));
  await page.waitForSelector(dt('refunds-table'));
  assert.equal(await page.locator(dt('refund-approve')).count(), 0, 'no approve button');
  await page.click(dt('console-menu-pay-daily'));
  await page.waitForSelector(`${dt('daily-chart')} canvas`);
  t.diagnostic(`screenshot: ${await shot('finance-auditor-daily')}`);
  await check();
  await context.close();
});

// Last: it changes the cashier's role. A refund someone asked for is never
// theirs to approve, even once they are a finance approver: the page says so
// instead of showing the buttons (the server refuses it as well).
test('one\'s own refund request shows no approve button (desktop)', async () => {
  const order = await payAFine();
  const cashier = await signInStaff(DESKTOP, 'cashier');
  const me = await (await cashier.page.request.get(`${server.url}/api/v1/me`)).json();
  const asked = await cashier.page.request.post(`${server.url}/api/v1/payments/${order.id}/refunds`, {
    headers: { 'X-CSRF-Token': me.csrf_token }, data: { amount_cents: 100, reason: '本人申请的退款' },
  });
  assert.equal(asked.status(), 201, await asked.text());
  await cashier.context.close();

  const sec = await openPage(browser, DESKTOP);
  await sec.page.goto(`${server.url}/signin`);
  await sec.page.fill(dt('signin-login'), 'secadmin');
  await sec.page.fill(dt('signin-password'), DEMO_PASSWORD);
  await sec.page.click(dt('signin-submit'));
  await sec.page.waitForURL('**/console/**');
  const secMe = await (await sec.page.request.get(`${server.url}/api/v1/me`)).json();
  const staff = await (await sec.page.request.get(`${server.url}/api/v1/staff?q=cashier`)).json();
  const account = staff.items.find((s) => s.login === 'cashier');
  const changed = await sec.page.request.put(`${server.url}/api/v1/staff/${account.id}/role`, {
    headers: { 'X-CSRF-Token': secMe.csrf_token }, data: { role: 'finance_approver' },
  });
  assert.equal(changed.status(), 200, await changed.text());
  await sec.context.close();

  const now = await signInStaff(DESKTOP, 'cashier');
  await now.page.click(dt('console-menu-refunds'));
  await now.page.waitForSelector(dt('refund-own'));
  assert.equal(await now.page.locator(dt('refund-approve')).count(), 0, 'no approve button for one\'s own request');
  await now.check();
  await now.context.close();
});
