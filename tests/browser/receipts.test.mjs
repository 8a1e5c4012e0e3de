// Receipts (issue 9): after paying the demo car's fine the citizen opens the
// electronic receipt from the result page and from My payments, sees the
// amount in capitals and the QR code, downloads the PDF, and the public
// verification page (no sign-in, on a phone, large text) says genuine for
// the receipt's code and not genuine for a changed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, PHONE, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });
let token; // the receipt's code, from the first journey

async function signIn(page, redirect) {
  await page.goto(`${server.url}/signin?redirect=${encodeURIComponent(redirect)}`);
  await page.fill(dt('signin-login'), '13800138000');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL(`**${redirect}`);
}

test('pay a fine, open its receipt, download the PDF, check it (desktop)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, DESKTOP);
  await signIn(page, '/traffic/vehicles');
  await page.locator(dt('violation-pay')).first().click();
  await page.waitForURL(/\/pay\/sandbox\/P\d{20}$/);
  const id = page.url().split('/').pop();
  await page.click(dt('cashier-pay'));
  await page.waitForSelector(dt('pay-succeeded'));
  await page.click(dt('pay-receipt'));
  await page.waitForURL(`**/payments/${id}/receipt`);
  await page.waitForSelector(dt('receipt-qr'));
  assert.equal((await page.textContent(dt('receipt-order'))).trim(), id);
  assert.match(await page.textContent(dt('receipt-words')), /^人民币[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
  assert.match(await page.textContent(dt('receipt-payer')), /^王\*明（138\*\*\*\*8000/);
  assert.ok(!(await page.content()).includes('13800138000'));
  assert.ok((await page.locator(`${dt('receipt-qr')} path`).getAttribute('d')).startsWith('M0 0h1v1h-1z'));
  t.diagnostic(`screenshot: ${await shot('receipt')}`);
  await check();

  // The PDF link: the signed-in session downloads a real PDF.
  const href = await page.getAttribute(dt('receipt-pdf'), 'href');
  assert.equal(href, `/api/v1/payments/${id}/receipt.pdf`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(dt('receipt-pdf'))]);
  assert.equal(download.suggestedFilename(), `jingwu-receipt-${id}.pdf`);
  const pdf = await page.request.get(`${server.url}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

  // From My payments too.
  await page.goto(`${server.url}/traffic/payments`);
  await page.waitForSelector(dt('my-payment-receipt'));
  await checkA11y(page);
  await page.locator(dt('my-payment-receipt')).first().click();
  await page.waitForURL(`**/payments/${id}/receipt`);
  await page.waitForSelector(dt('receipt-verify-link'));
  await page.click(dt('receipt-verify-link'));
  await page.waitForSelector(dt('verify-genuine'));
  token = new URL(page.url()).searchParams.get('token');
  assert.match(token, new RegExp(`^r1\\.${id}\\.`));
  await check();
  await context.close();
});

test('the public verification page: genuine and not genuine, no sign-in, large text (phone)', async (t) => {
  assert.ok(token, 'the first journey found the receipt code');
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/receipts/verify?token=${encodeURIComponent(token)}`);
  await page.waitForSelector(dt('verify-genuine'));
  await checkA11y(page);
  assert.match(await page.textContent(dt('verify-genuine')), /票据真实有效/);
  assert.equal((await page.textContent(dt('verify-payer'))).trim(), '王*明');
  assert.match(await page.textContent(dt('verify-words')), /^人民币.+/);
  const size = await page.locator(dt('verify-amount')).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 20, `the amount is ${size}px`);
  t.diagnostic(`screenshot: ${await shot('receipt-genuine')}`);
  await check();

  const changed = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  await page.goto(`${server.url}/receipts/verify?token=${encodeURIComponent(changed)}`);
  await page.waitForSelector(dt('verify-not-genuine'));
  await checkA11y(page);
  assert.match(await page.textContent(dt('verify-not-genuine')), /票据无效/);
  assert.equal(await page.locator(dt('verify-payer')).count(), 0);
  t.diagnostic(`screenshot: ${await shot('receipt-not-genuine')}`);
  await check();

  await page.goto(`${server.url}/receipts/verify`);
  await page.waitForSelector(dt('verify-no-token'));
  await checkA11y(page);
  await check();
  await context.close();
});
