// Review finding 2: wrong passwords from four addresses no longer lock the
// owner out. Past the per-login limit the server asks a new device for a
// proof-of-work; the sign-in page solves it by itself (crypto.subtle), says
// "正在验证…" meanwhile, and signs in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { DEMO_PASSWORD, DESKTOP, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** A wrong sign-in from localAddress; resolves to the status. */
function wrongFrom(localAddress, login, password) {
  const payload = JSON.stringify({ login, password });
  const u = new URL(`${server.url}/api/v1/auth/login`);
  return new Promise((resolve, reject) => {
    const rq = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    rq.on('error', reject);
    rq.end(payload);
  });
}

test('after an attack on the account the sign-in page solves the challenge by itself (desktop)', async (t) => {
  const login = '13800138000';
  for (let a = 2; a <= 5; a++) {
    for (let i = 0; i < 5; i++) assert.equal(await wrongFrom(`127.0.0.${a}`, login, `Guess-${a}-${i}x`), 401);
  }
  const { context, page, check, shot } = await openPage(browser, DESKTOP);
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  const challenged = page.waitForResponse((r) => r.url().includes('/api/v1/auth/login') && r.status() === 429);
  const solved = page.waitForResponse((r) => r.url().includes('/api/v1/auth/login') && Boolean(r.request().headers()['x-pow']));
  await page.evaluate(() => {
    window.verifyingText = null;
    new MutationObserver(() => {
      const el = document.querySelector('[data-test="signin-verifying"]');
      if (el && !window.verifyingText) window.verifyingText = el.textContent;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.click(dt('signin-submit'));
  assert.ok((await (await challenged).json()).challenge?.nonce, 'the 429 carries a challenge');
  assert.equal((await solved).status(), 200, 'signed in with the solution');
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30000 });
  assert.match(await page.evaluate(() => window.verifyingText), /正在验证/);
  assert.equal(await page.locator(dt('signin-error')).count(), 0);
  t.diagnostic(`screenshot: ${await shot('signin-pow')}`);
  await check();
  await context.close();
});
