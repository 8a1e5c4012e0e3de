// keyboard.test.mjs — the citizen's main journeys with the keyboard alone
// (issue 12: every journey can be done by keyboard). No click and no fill:
// Tab moves the focus, keys type, Enter acts; where the focus lands on a
// link or button it must be visible (an outline or a shadow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, PHONE, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const active = (page, selector) => page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);

// Presses Tab until the focus is on selector (at most max presses).
async function tabTo(page, selector, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await active(page, selector)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${max} presses of Tab never reached ${selector} (the focus is on ${at})`);
}

// The focused link or button shows where the focus is.
async function focusVisible(page) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none', tag: el.tagName };
  });
  assert.ok(ring.outline || ring.shadow, `the focused ${ring.tag} shows a focus ring`);
}

test('the skip link is the first stop and leads past the header (desktop)', async () => {
  const { context, page } = await openPage(browser, DESKTOP);
  try {
    await page.goto(server.url);
    await page.waitForSelector(dt('home-welcome'));
    await page.keyboard.press('Tab');
    assert.ok(await active(page, '.skip-link'), 'the first Tab reaches the skip link');
    await focusVisible(page);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('#main'))), 'the next stop is in the main content');
  } finally {
    await context.close();
  }
});

test('a violation query from the home page by keyboard: the results heading takes the focus (desktop)', async () => {
  const { context, page } = await openPage(browser, DESKTOP);
  try {
    await page.goto(server.url);
    await page.waitForSelector(dt('home-welcome'));
    await tabTo(page, '#main a[href="/traffic/violations"]');
    await focusVisible(page);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/traffic/violations');
    await page.waitForSelector(dt('violation-query'));
    await tabTo(page, dt('query-plate'));
    await page.keyboard.type('J12345');
    await tabTo(page, dt('query-engine6'), 5);
    await page.keyboard.type('123456');
    await page.keyboard.press('Enter');
    await page.waitForSelector(dt('violation-item'));
    await page.waitForFunction(() => document.activeElement?.dataset.test === 'query-results-heading');
  } finally {
    await context.close();
  }
});

test('signing in by keyboard (desktop)', async () => {
  const { context, page } = await openPage(browser, DESKTOP);
  try {
    await page.goto(`${server.url}/signin`);
    await page.waitForSelector(dt('signin-login'));
    await tabTo(page, dt('signin-login'));
    await page.keyboard.type('13800138000');
    await tabTo(page, dt('signin-password'), 5);
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await page.waitForSelector(dt('user-menu'));
  } finally {
    await context.close();
  }
});

test('the site search by keyboard: type, Enter, then a result (desktop)', async () => {
  const { context, page } = await openPage(browser, DESKTOP);
  try {
    await page.goto(server.url);
    await page.waitForSelector(dt('home-welcome'));
    await tabTo(page, dt('home-search'));
    await page.keyboard.type('居住证');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=*');
    await page.waitForSelector(dt('hit-services'));
    await tabTo(page, dt('hit-services'));
    await focusVisible(page);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/services\/\d+$/);
  } finally {
    await context.close();
  }
});

test('the phone menu by keyboard: open it, go to a section (phone)', async () => {
  const { context, page } = await openPage(browser, PHONE);
  try {
    await page.goto(server.url);
    await page.waitForSelector(dt('home-welcome'));
    await tabTo(page, dt('nav-toggle'));
    await focusVisible(page);
    await page.keyboard.press('Enter');
    await page.waitForSelector(dt('m-nav-traffic'));
    await tabTo(page, dt('m-nav-traffic'), 40);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/traffic/**');
  } finally {
    await context.close();
  }
});
