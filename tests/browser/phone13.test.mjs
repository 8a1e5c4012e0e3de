// A citizen's phone review (round 13): after submitting an application or
// booking an inspection the result and its number are in view with the focus
// on its heading (no toast over the number); a vehicle that already has an
// inspection booking is told so at step 1 with a link to move it; an officer
// booking's error shows next to its submit button; times that cannot be
// chosen are readable and say why; 我的车辆's main actions are 44 px high
// with 解除绑定 secondary and apart; text fields show a clear focus ring; the
// traffic tabs show that they scroll; elder mode + English wraps tile labels
// between words only; switching the language keeps the reader's place (the
// jump to the top the reviewer saw came from reaching the menu button at the
// top of the page; the switch itself moved the text being read by the
// difference in length of what is above it, which Chromium's scroll
// anchoring hides and Safari's lack of it does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, dt, openPage, PHONE, signInAt, tinyPng, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const signIn = (page, login, redirect) => signInAt(page, server.url, login, redirect);
const CITIZEN = '13800138000';

async function choose(page, selector, text) {
  await page.click(selector);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

// Wholly inside the window (the layout viewport).
function inView(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return Boolean(r) && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector);
}

// Waits until the element is focused and wholly on screen (a smooth scroll ends).
async function focusedInView(page, selector) {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      if (!el || document.activeElement !== el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    },
    selector,
    { timeout: 5000 },
  );
}

// WCAG contrast of two rgb()/rgba() colours (the second opaque).
function contrast(fg, bg) {
  const parse = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) =>
    [r, g, b]
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(parse(fg)), lum(parse(bg))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

test('after 确认提交 the result and its 办件编号 are in view, the focus on its heading (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, CITIZEN, '/services/1/apply');
  await page.waitForSelector(dt('apply-field-address'));
  await choose(page, dt('apply-unit'), '白云派出所');
  await page.fill(dt('apply-field-name'), '张三');
  await page.fill(dt('apply-field-phone'), '13800138000');
  await page.fill(dt('apply-field-address'), '台州市椒江区白云街道 1 号');
  await page.fill('#apply-move_in_date', '2026-01-05');
  await page.keyboard.press('Enter');
  await choose(page, dt('apply-field-housing'), '租赁住房');
  await page.click(dt('apply-next'));
  await page.waitForSelector(dt('apply-files'), { state: 'visible' });
  const names = await page.$$eval('[data-test^="apply-attachment-"]', (els) => els.map((el) => el.dataset.test.replace('apply-attachment-', '')));
  for (const name of names) {
    await page.setInputFiles(dt(`apply-file-${name}`), { name: `${name}.png`, mimeType: 'image/png', buffer: tinyPng() });
    await page.waitForSelector(dt(`apply-uploaded-${name}`));
  }
  await page.click(dt('apply-next'));
  await page.waitForSelector(dt('apply-review'));
  // The long review leaves the page scrolled down to its submit button.
  await page.locator(dt('apply-submit')).scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(() => window.scrollY)) > 300, 'the review is longer than the screen');
  await page.click(dt('apply-submit'));
  await page.waitForSelector(dt('apply-tracking'));
  await focusedInView(page, dt('apply-done-heading'));
  assert.equal((await page.textContent(dt('apply-done-heading'))).trim(), '申请已提交');
  assert.ok(await inView(page, dt('apply-tracking')), 'the 办件编号 is on screen');
  t.diagnostic(`screenshot: ${await shot('phone13-apply-done')}`);
  await check();
  await context.close();
});

test('inspection: the booking number is in view and uncovered; a second booking is told at step 1 how to move the first (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, CITIZEN, '/traffic/inspection');
  await page.locator('[data-test^="station-"]').first().waitFor();
  assert.equal(await page.locator(dt('book-existing')).count(), 0, 'no booking yet');
  await page.locator('[data-test^="station-"]').first().click();
  await page.waitForSelector(dt('slot-grid'));
  await page.locator(`${dt('slot-grid')} button:not([disabled])`).first().click();
  await page.waitForSelector(dt('book-submit'));
  await page.click(dt('book-submit'));
  await page.waitForSelector(dt('booking-done'));
  await focusedInView(page, dt('booking-done-heading'));
  assert.equal((await page.textContent(dt('booking-done-heading'))).trim(), '预约成功');
  assert.ok(await inView(page, dt('appointment-confirmation')), 'the booking number is on screen');
  const no = (await page.textContent(dt('appointment-confirmation'))).trim();
  // No toast (the page says it): nothing lies over the number.
  const covered = await page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !document.querySelector(sel).contains(top) || document.querySelectorAll('.el-message').length > 0;
  }, dt('appointment-confirmation'));
  assert.equal(covered, false, 'the booking number is not covered');
  t.diagnostic(`screenshot: ${await shot('phone13-booking-done')}`);
  await check();

  // Booking again: step 1 says the car has a booking and links to moving it.
  await page.goto(`${server.url}/traffic/inspection`);
  await page.waitForSelector(dt('book-existing'));
  assert.match(await page.textContent(dt('book-existing')), new RegExp(no));
  assert.ok(await inView(page, dt('book-existing')), 'said at the top, before the steps');
  await check();
  await page.click(dt('book-existing-move'));
  await page.waitForURL(/reschedule=/);
  await page.locator('.el-alert', { hasText: `正在改约 ${no}` }).waitFor();
  assert.equal(await page.locator(dt('book-existing')).count(), 0);
  await context.close();
});

test('officer booking: a conflict shows next to 提交预约; times that cannot be taken are readable and say why (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await signIn(page, CITIZEN, '/officers');
  const officerId = await page.evaluate(async () => (await (await fetch('/api/v1/officers?limit=1')).json()).items[0].id);
  // A day with a full time, a past one, a closed one and a free one.
  await page.route(/\/appointment-slots\?/, async (route) => {
    const date = new URL(route.request().url()).searchParams.get('date');
    const slot = (id, hh, capacity, booked, bookable) => ({
      id,
      starts_at: `${date}T${hh}:00:00+08:00`,
      ends_at: `${date}T${hh}:30:00+08:00`,
      capacity,
      booked,
      free: capacity - booked,
      bookable,
    });
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ date, open: true, items: [slot(9001, '09', 1, 0, false), slot(9002, '10', 1, 1, false), slot(9003, '11', 0, 0, false), slot(9004, '14', 1, 0, true)] }),
    });
  });
  await page.route('**/api/v1/officer-appointments', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 409,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: '您在这一天已有与该民警的预约。' }),
        })
      : route.continue(),
  );
  await page.goto(`${server.url}/officers/${officerId}/book`);
  await page.waitForSelector(dt('book-slot'));
  const slots = await page.locator(dt('book-slot')).evaluateAll((els) =>
    els.map((b) => {
      const s = getComputedStyle(b);
      let bg = s.backgroundColor;
      return { disabled: b.disabled, text: b.textContent.replace(/\s+/g, ' ').trim(), color: s.color, bg, opacity: s.opacity };
    }),
  );
  const reasons = slots.filter((s) => s.disabled).map((s) => s.text);
  assert.deepEqual(reasons, ['09:00已过', '10:00已约满', '11:00不接待']);
  for (const s of slots.filter((x) => x.disabled)) {
    assert.equal(s.opacity, '1', `${s.text} is not faded`);
    assert.ok(contrast(s.color, s.bg) >= 4.5, `${s.text}: ${s.color} on ${s.bg} is ${contrast(s.color, s.bg).toFixed(2)}:1`);
  }
  await page.locator(`${dt('book-slot')}:not([disabled])`).click();
  await page.fill(dt('book-topic'), '户口迁移咨询');
  await page.click(dt('book-submit'));
  await page.waitForSelector(dt('book-submit-error'));
  assert.match(await page.textContent(dt('book-submit-error')), /已有与该民警的预约/);
  assert.equal(await page.locator(dt('book-error')).count(), 0, 'not at the top of the page');
  await page.waitForFunction(
    ([err, btn]) => {
      const e = document.querySelector(err).getBoundingClientRect();
      const b = document.querySelector(btn).getBoundingClientRect();
      return e.top >= 0 && b.bottom <= window.innerHeight && b.top - e.bottom < 40 && b.top > e.top;
    },
    [dt('book-submit-error'), dt('book-submit')],
    { timeout: 5000 },
  );
  assert.ok(await page.$eval(dt('book-submit-error'), (el) => el.matches('[role=alert]') || Boolean(el.querySelector('[role=alert]'))), 'read out at once');
  t.diagnostic(`screenshot: ${await shot('phone13-officer-conflict')}`);
  await check();
  await context.close();
});

for (const elder of [false, true]) {
  test(`我的车辆: handle, pay and the card's actions are 44 px high, 解除绑定 secondary and apart (phone${elder ? ', elder mode' : ''})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, PHONE);
    if (elder) await context.addInitScript(() => localStorage.setItem('jw_elder', '1'));
    await signIn(page, CITIZEN, '/traffic/vehicles');
    await page.waitForSelector(dt('vehicle-card'));
    await page.waitForSelector(`${dt('violation-handle')}, ${dt('violation-pay')}`);
    const sizes = await page.evaluate(() =>
      ['violation-handle', 'violation-pay', 'vehicle-violations', 'vehicle-book'].flatMap((name) =>
        [...document.querySelectorAll(`[data-test="${name}"]`)].map((b) => ({ name, height: b.getBoundingClientRect().height })),
      ),
    );
    assert.ok(sizes.some((s) => s.name === 'violation-handle' || s.name === 'violation-pay'), JSON.stringify(sizes));
    for (const s of sizes) assert.ok(s.height >= 44, `${s.name} is ${s.height}px high`);
    const card = page.locator(dt('vehicle-card')).first();
    const apart = await card.evaluate((el) => {
      const unbind = el.querySelector('[data-test="vehicle-unbind"]');
      const u = unbind.getBoundingClientRect();
      const mains = [...el.querySelectorAll('[data-test="vehicle-violations"], [data-test="vehicle-book"]')].map((b) => b.getBoundingClientRect());
      const gap = Math.min(...mains.map((m) => Math.max(u.top - m.bottom, m.top - u.bottom, u.left - m.right, m.left - u.right)));
      const [r, g, b] = getComputedStyle(unbind).color.match(/\d+/g).map(Number);
      return { gap, red: r > g + 60 && r > b + 60, height: u.height, solid: getComputedStyle(unbind).backgroundColor };
    });
    assert.ok(apart.gap >= 12, `解除绑定 is ${apart.gap}px from the main actions`);
    assert.equal(apart.red, false, '解除绑定 is not a red alarm next to the main actions');
    assert.ok(apart.height >= 44, `解除绑定 is ${apart.height}px high`);
    t.diagnostic(`screenshot: ${await shot(`phone13-vehicles${elder ? '-elder' : ''}`)}`);
    await check();
    await context.close();
  });
}

test('text fields, selects and text areas show a 2 px blue focus ring (desktop)', async () => {
  const { context, page, check } = await openPage(browser, DESKTOP);
  await page.goto(`${server.url}/traffic/violations`);
  await page.waitForSelector(dt('query-plate'));
  const ring = (selector, wrapper) =>
    page.evaluate(
      ([sel, wrap]) => {
        const el = document.querySelector(sel);
        const box = wrap ? el.closest(wrap) : el;
        const s = getComputedStyle(box);
        return { width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor };
      },
      [selector, wrapper],
    );
  // Reached with Tab from the field before it.
  await page.focus(dt('query-engine6'));
  await page.keyboard.press('Shift+Tab');
  await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), dt('query-plate'));
  const input = await ring(dt('query-plate'), '.el-input__wrapper');
  assert.ok(input.width >= 2 && input.style === 'solid', JSON.stringify(input));
  assert.ok(contrast(input.color, 'rgb(255, 255, 255)') >= 3, `ring ${input.color} on white`);
  await check();
  // A select (the plate type, when it is Element Plus's) and a text area (a new consultation).
  const plateSelect = page.locator('.el-select__wrapper').first();
  if (await plateSelect.count()) {
    await plateSelect.click();
    await page.waitForFunction(() => document.querySelector('.el-select__wrapper.is-focused'));
    const s = await page.evaluate(() => {
      const st = getComputedStyle(document.querySelector('.el-select__wrapper.is-focused'));
      return { width: parseFloat(st.outlineWidth), style: st.outlineStyle };
    });
    assert.ok(s.width >= 2 && s.style === 'solid', JSON.stringify(s));
    await page.keyboard.press('Escape');
  }
  await signIn(page, CITIZEN, '/consultations/new');
  const area = page.locator('textarea').first();
  await area.waitFor();
  await area.focus();
  const textarea = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { width: parseFloat(s.outlineWidth), style: s.outlineStyle };
  });
  assert.ok(textarea.width >= 2 && textarea.style === 'solid', JSON.stringify(textarea));
  await context.close();
});

test('the traffic tabs show that they scroll on a phone, and every tab can be reached (phone)', async (t) => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/traffic/violations`);
  await page.waitForSelector(dt('tab-payments'));
  await page.waitForSelector(dt('tabs-more-after'));
  assert.equal(await page.locator(dt('tabs-more-before')).count(), 0, 'nothing hidden before the first tab');
  const nav = `${dt('traffic-tabs')} nav`;
  const fullyShown = (name) =>
    page.evaluate(
      ([navSel, tab]) => {
        const n = document.querySelector(navSel).getBoundingClientRect();
        const r = document.querySelector(`[data-test="${tab}"]`).getBoundingClientRect();
        return r.left >= n.left - 1 && r.right <= n.right + 1;
      },
      [nav, name],
    );
  assert.equal(await fullyShown('tab-payments'), false, 'the last tab is off the edge at first');
  t.diagnostic(`screenshot: ${await shot('phone13-tabs')}`);
  await check();
  // The arrow scrolls on until the last tab is shown, then goes.
  for (let i = 0; i < 6 && (await page.locator(dt('tabs-more-after')).count()); i++) {
    await page.click(dt('tabs-more-after'));
    await page.waitForTimeout(500);
  }
  assert.equal(await page.locator(dt('tabs-more-after')).count(), 0);
  assert.ok(await fullyShown('tab-payments'), 'the last tab is reachable');
  await page.waitForSelector(dt('tabs-more-before'));
  // The keyboard reaches every tab too (Tab scrolls the bar).
  await page.goto(`${server.url}/traffic/violations`);
  await page.waitForSelector(dt('tabs-more-after'));
  await page.focus(dt('tab-payments'));
  await page.waitForTimeout(300);
  assert.ok(await fullyShown('tab-payments'), 'a focused tab is shown');
  await context.close();
});

for (const locale of ['en', 'zh-CN']) {
  test(`elder mode on a phone (${locale}): task labels wrap between words only, never inside one`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, PHONE);
    await context.addInitScript((l) => {
      localStorage.setItem('jw_elder', '1');
      localStorage.setItem('jw_locale', l);
    }, locale);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.task-title');
    await page.waitForFunction((l) => document.documentElement.lang === l, locale);
    // Each word (English) or each whole label (Chinese) lies on one line.
    const broken = await page.$$eval('.task-title', (titles) =>
      titles.flatMap((el) => {
        const text = el.firstChild;
        const words = /[a-z]/i.test(text.textContent) ? [...text.textContent.matchAll(/\S+/g)] : [{ 0: text.textContent.trim(), index: text.textContent.indexOf(text.textContent.trim()) }];
        return words
          .filter((w) => {
            const range = document.createRange();
            range.setStart(text, w.index);
            range.setEnd(text, w.index + w[0].length);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return tops.size > 1;
          })
          .map((w) => w[0]);
      }),
    );
    assert.deepEqual(broken, [], 'labels broken inside a word');
    t.diagnostic(`screenshot: ${await shot(`phone13-elder-home-${locale}`)}`);
    await check();
    await context.close();
  });
}

test('switching the language keeps the reader\'s place and the focus (phone menu and desktop header)', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const { context, page, check } = await openPage(browser, viewport);
    await page.goto(`${server.url}/news/1`);
    await page.waitForSelector('#main p');
    // As Safari (iOS phones): no scroll anchoring by the browser itself, so
    // text above the line being read that grows or shrinks moves that line.
    await page.addStyleTag({ content: '*, html, body { overflow-anchor: none !important; }' });
    await page.evaluate(() => window.scrollTo(0, 500));
    // The first paragraph or heading at the top of the window, and where it is.
    const mark = () =>
      page.evaluate(() => {
        const el = [...document.querySelectorAll('#main p, #main h1, #main h2, #main li')].find((e) => e.getBoundingClientRect().bottom > 0);
        if (!el.dataset.mark) el.dataset.mark = '1';
        return document.querySelector('[data-mark]').getBoundingClientRect().top;
      });
    const before = await mark();
    if (viewport === PHONE) {
      // The menu's own button is at the top of the page: opened without scrolling there.
      await page.evaluate(() => document.querySelector('[data-test="nav-toggle"]').click());
      await page.waitForSelector(`.mobile-prefs ${dt('lang-switch')}`, { state: 'visible' });
    }
    const sw = viewport === PHONE ? `.mobile-prefs ${dt('lang-switch')}` : `header ${dt('lang-switch')}`;
    await page.evaluate((sel) => document.querySelector(sel).focus({ preventScroll: true }), sw);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForTimeout(300);
    const after = await page.evaluate(() => document.querySelector('[data-mark]').getBoundingClientRect().top);
    assert.ok(Math.abs(after - before) < 2, `${viewport.name}: the line read moved from ${before} to ${after}`);
    assert.ok(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), sw), 'the focus stays on the switch');
    if (viewport === DESKTOP) await check();
    await context.close();
  }
});
