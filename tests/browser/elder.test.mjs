// The elder-friendly mode (长辈模式, the MIIT 适老化 rules): on the citizen's
// main pages at 375 px every visible text is at least 18 px, every button,
// field and header control is at least 44 px high, the colours pass axe's
// contrast rule; and the switch itself sits in the phone's header bar, not
// only in the menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, checkA11y, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const MIN_TEXT_PX = 18;
const MIN_TARGET_PX = 44;

// Visible text smaller than min px: "px tag.class «text»" for each element
// that has text of its own (screen-reader-only text excluded).
function smallText(min) {
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent.trim()) continue;
    seen.add(el);
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
    if (el.closest('[aria-hidden="true"], .visually-hidden, .el-tooltip__popper, .el-popper')) continue;
    const px = parseFloat(cs.fontSize);
    if (px < min - 0.01) out.push(`${px}px ${el.localName}.${[...el.classList].join('.')} «${n.textContent.trim().slice(0, 30)}»`);
  }
  return out;
}

// Controls lower than min px: "height tag.class «text»".
function smallTargets(min) {
  const sel = '.el-button, .header-button, .el-input__wrapper, .el-select__wrapper, .el-textarea__inner, .el-radio-button__inner, .el-tabs__item, button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not(.el-input__inner):not(.el-select__input)';
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;
    if (el.closest('.visually-hidden, .el-popper, [aria-hidden="true"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (el.matches('button') && el.closest('.el-input__wrapper, .el-select__wrapper')) continue; // clear/eye icons inside a field
    if (r.height < min - 0.5) out.push(`${Math.round(r.height)}px ${el.localName}.${[...el.classList].join('.')} «${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}»`);
  }
  return out;
}

async function serviceGuide() {
  const list = await (await fetch(`${server.url}/api/v1/services?limit=1`)).json();
  return `/services/${list.items[0].id}`;
}

test('the elder-mode switch is in the phone header bar and turns the mode on', async () => {
  const { context, page, check } = await openPage(browser, PHONE);
  await page.goto(server.url);
  const sw = page.locator(`header ${dt('elder-switch')}`);
  await sw.waitFor();
  assert.ok(await sw.isVisible(), 'visible without opening the menu');
  const box = await sw.boundingBox();
  assert.ok(box.height >= MIN_TARGET_PX, `the switch is ${box.height}px high`);
  await sw.click();
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('jw-elder')));
  assert.equal(await sw.getAttribute('aria-pressed'), 'true');
  await check();
  await context.close();
});

for (const [name, path, ready] of [
  ['home', '/', dt('home-welcome')],
  ['violation query', '/traffic/violations', dt('violation-query')],
  ['service hall', '/services', 'main h1'],
  ['service guide', null, 'main h1'],
  ['sign-in', '/signin', dt('signin-login')],
]) {
  test(`elder mode at 375 px: ${name} has no text under ${MIN_TEXT_PX}px and no control under ${MIN_TARGET_PX}px`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, PHONE);
    await context.addInitScript(() => localStorage.setItem('jw_elder', '1'));
    await page.goto(`${server.url}${path ?? (await serviceGuide())}`);
    await page.waitForSelector(ready);
    await page.waitForLoadState('networkidle');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('jw-elder')));
    t.diagnostic(`screenshot: ${await shot(`elder-${name.replace(/\s+/g, '-')}`)}`);
    const text = await page.evaluate(smallText, MIN_TEXT_PX);
    assert.deepEqual(text, [], `text under ${MIN_TEXT_PX}px in elder mode`);
    const targets = await page.evaluate(smallTargets, MIN_TARGET_PX);
    assert.deepEqual(targets, [], `controls under ${MIN_TARGET_PX}px in elder mode`);
    await checkA11y(page, '(elder mode)');
    await check();
    await context.close();
  });
}
