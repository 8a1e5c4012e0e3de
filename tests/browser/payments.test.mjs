// Payments (issue 9): the demo citizen pays the demo car's fine through the
// sandbox cashier — first the payment fails, the result page says so and she
// pays again — and, on a phone, settles a violation and pays it from the
// decision dialog. The result page waits for the server's word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, PHONE, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

async function signIn(page, redirect) {
  await page.goto(`${server.url}/signin?redirect=${encodeURIComponent(redirect)}`);
  await page.fill(dt('signin-login'), '13800138000');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL(`**${redirect}`);
}

test('a fine: the payment fails, then she pays again and it succeeds (desktop)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, DESKTOP);
  await signIn(page, '/traffic/vehicles');
  await page.locator(dt('violation-pay')).first().click();
  await page.waitForURL(/\/pay\/sandbox\/P\d{20}$/);
  await page.waitForSelector(dt('order-amount'));
  assert.match(await page.textContent(dt('order-amount')), /\d+\.\d{2} 元/);
  t.diagnostic(`screenshot: ${await shot('pay-cashier')}`);
  await check();

  // Leaving the cashier for the result page: "not paid yet", and the way back.
  const first = page.url().split('/').pop();
  await page.goto(`${server.url}/payments/${first}`);
  await page.waitForSelector(dt('pay-not-yet'));
  await checkA11y(page);
  await page.click(dt('pay-continue'));
  await page.waitForURL(`**/pay/sandbox/${first}`);

  await page.click(dt('cashier-fail'));
  await page.waitForURL(/\/payments\/P\d{20}$/);
  await page.waitForSelector(dt('pay-failed'));
  assert.match(await page.textContent(dt('pay-failed')), /支付未成功/);
  await check();

  await page.click(dt('pay-retry'));
  await page.waitForURL(/\/pay\/sandbox\/P\d{20}$/);
  const second = page.url().split('/').pop();
  await page.click(dt('cashier-pay'));
  await page.waitForURL(`**/payments/${second}`);
  await page.waitForSelector(dt('pay-succeeded'));
  assert.match(await page.textContent(dt('pay-succeeded')), /缴款成功/);
  t.diagnostic(`screenshot: ${await shot('pay-succeeded')}`);
  await check();

  await page.goto(`${server.url}/traffic/payments`);
  await page.waitForSelector(dt('my-payment'));
  await checkA11y(page);
  const statuses = await page.locator(dt('my-payment-status')).allTextContents();
  // Both orders, newest first; two made within the same second may come in either order.
  assert.deepEqual(statuses.slice(0, 2).sort(), ['已缴款', '支付失败'].sort());
  // Beside each ended order, where what it pays for stands: the fine is paid now (both orders say so).
  const payable = await page.locator(dt('my-payment-payable')).allTextContents();
  assert.ok(payable.slice(0, 2).every((x) => x.includes('款项状态：已缴款')), JSON.stringify(payable));
  t.diagnostic(`screenshot: ${await shot('pay-mine')}`);
  await check();
  await context.close();
});

test('on a phone: settle a violation and pay it from the decision (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, '/traffic/vehicles');
  await page.locator(dt('violation-handle')).first().click();
  await page.click('.el-message-box__btns .el-button--primary');
  await page.waitForSelector(dt('handle-result'));
  await page.click(dt('handle-pay'));
  await page.waitForURL(/\/pay\/sandbox\/P\d{20}$/);
  await page.waitForSelector(dt('cashier-pay'));
  t.diagnostic(`screenshot: ${await shot('pay-cashier')}`);
  await check();
  const box = await page.locator(dt('cashier-pay')).boundingBox();
  assert.ok(box.height >= 44, `the pay button is ${box.height}px high`);
  await page.click(dt('cashier-pay'));
  await page.waitForSelector(dt('pay-succeeded'));
  t.diagnostic(`screenshot: ${await shot('pay-succeeded')}`);
  await check();
  await context.close();
});

test('an item with a fee: the application shows what is owed, she pays it, the case goes on (phone)', async (t) => {
  const { randomBytes } = await import('node:crypto');
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, '/me/applications');
  // The application itself is made through the API in her session (the
  // apply form has its own journeys in services.test.mjs).
  const api = page.request;
  const me = await (await api.get(`${server.url}/api/v1/me`)).json();
  const headers = { 'X-CSRF-Token': me.csrf_token };
  const files = [];
  for (const [name, type, magic] of [['id_card', 'image/jpeg', [0xff, 0xd8, 0xff, 0xe0]], ['proof', 'image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]], ['photo', 'image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]]]) {
    const r = await api.post(`${server.url}/api/v1/uploads`, {
      headers, multipart: { file: { name: `${name}.bin`, mimeType: type, buffer: Buffer.concat([Buffer.from(magic), randomBytes(64)]) } },
    });
    assert.equal(r.status(), 201, await r.text());
    files.push({ name, upload_id: (await r.json()).id });
  }
  const units = await (await api.get(`${server.url}/api/v1/units?q=${encodeURIComponent('白云派出所')}`)).json();
  const made = await api.post(`${server.url}/api/v1/applications`, {
    headers,
    data: {
      service_id: 4, unit_id: units.items[0].id, attachments: files,
      form: { name: '王小明', id_number: '11010519491231002X', phone: '13800138000', address: '台州市椒江区白云街道东山路18号', move_in_date: '2026-05-01', housing: '租赁住房' },
    },
  });
  assert.equal(made.status(), 201, await made.text());
  const no = (await made.json()).tracking_no;

  await page.reload();
  await page.waitForSelector(dt('my-app-fee'));
  assert.match(await page.textContent(dt('my-app-fee')), /待缴费 20\.00 元/);
  await page.click(dt(`my-app-${no}`));
  await page.waitForSelector(dt('app-pay'));
  t.diagnostic(`screenshot: ${await shot('pay-fee-due')}`);
  await check();
  await page.click(dt('app-pay'));
  await page.waitForURL(/\/pay\/sandbox\/P\d{20}$/);
  await page.click(dt('cashier-pay'));
  await page.waitForSelector(dt('pay-succeeded'));
  assert.match(await page.textContent(dt('pay-succeeded')), /办件将进入受理环节/);
  await page.click(dt('pay-back'));
  await page.waitForURL(`**/applications/${no}`);
  await page.waitForSelector('.heading');
  assert.equal(await page.locator(dt('app-pay')).count(), 0, 'paid: no pay button');
  await check();
  await context.close();
});
