// browser.mjs — Debian's Chromium driven by playwright-core, plus the test
// data the journeys need.
//
//   const browser = await launchBrowser();
//   const { page, check } = await openPage(browser, PHONE);
//   ...
//   await check(t);          // no uncaught page errors, no sideways scrolling,
//                            // no serious or critical axe-core violation
//   await checkA11y(page);   // the axe-core check alone, after a page is shown
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { deflateSync } from 'node:zlib';

export const DESKTOP = { name: 'desktop', width: 1280, height: 800 };
export const PHONE = { name: 'phone', width: 375, height: 740 };
export const VIEWPORTS = [DESKTOP, PHONE];
export const DEMO_PASSWORD = 'Demo@2026';

// Screenshots go to a temp dir, never into the repository.
export const SHOTS = mkdtempSync(join(tmpdir(), 'jw-browser-shots-'));

// axe-core's WCAG 2.0/2.1 A and AA rules; a violation of impact serious or
// critical fails (moderate and minor ones are printed by JW_AXE_ALL=1).
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe-core over the page as it is now shown and fails on any serious or
 * critical violation, naming the rule, its help text and the elements. The
 * script goes in through the DevTools protocol, so the page's CSP (script-src
 * 'self') stays as it is.
 */
export async function checkA11y(page, label = '') {
  // Pages a test builds itself (about:blank, setContent) are not the site's.
  if (!/^https?:/.test(page.url())) return;
  await page.waitForLoadState('domcontentloaded');
  // The pointer leaves what the test last clicked: axe judges the page at rest (hover colours: styles/theme.css).
  await page.mouse.move(0, 0);
  // Transitions (a dialog fading in) end first: half-faded text is no contrast failure.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]),
  );
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ tags }) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}`),
      }));
    },
    { tags: AXE_TAGS },
  );
  if (process.env.JW_AXE_ALL && violations.length) console.log(`axe ${page.url()} ${label}`, JSON.stringify(violations, null, 1));
  const failing = violations.filter((v) => AXE_FAILING.has(v.impact));
  assert.deepEqual(
    failing.map((v) => `${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join('\n    ')}`),
    [],
    `axe-core: serious or critical accessibility violations on ${page.url()} ${label}`,
  );
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A page in a fresh context (own cookies and localStorage) at the viewport.
export async function openPage(browser, viewport) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'zh-CN',
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  async function check() {
    assert.deepEqual(errors, [], 'uncaught errors in the page');
    // Against the layout viewport (clientWidth): in mobile emulation
    // window.innerWidth grows with content that is too wide (the page is
    // zoomed out to fit it), so comparing with it could never fail.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at ${viewport.width}px`);
    // Element Plus is imported per component: an <el-…> element left in the
    // page is a component a file uses without importing it.
    const unresolved = await page.evaluate(() => [
      ...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('el-'))),
    ]);
    assert.deepEqual(unresolved, [], 'Element Plus components used but not imported');
    await checkA11y(page);
  }

  async function shot(name) {
    const path = join(SHOTS, `${name}-${viewport.name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  }

  return { context, page, check, shot };
}

// The data-test attribute selector. On an Element Plus input the attribute
// sits on the native <input> itself.
export const dt = (name) => `[data-test="${name}"]`;

// Signs page in at the server base as login (the demo password) through
// the sign-in page, asking to come back to redirect, and waits until it has.
export async function signInAt(page, base, login, redirect, password = DEMO_PASSWORD) {
  await page.goto(`${base}/signin?redirect=${encodeURIComponent(redirect)}`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), password);
  await page.click(dt('signin-submit'));
  await page.waitForURL(`**${redirect}`);
}

export function uniquePhone() {
  return `139${String(Date.now() % 1e5).padStart(5, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
}

// An 18-character resident ID number with a correct GB 11643 MOD 11-2 check character.
export function validIdNumber() {
  const body = `330102${1960 + randomInt(40)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/**
 * For a test file: before its tests, starts a demo server and the browser
 * and hands both to set(server, browser); after them, closes both.
 */
export function useServerAndBrowser(set) {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    set(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}

// A real (decodable) PNG, w×h RGB, each pixel's [r, g, b] from colour(x, y):
// signature, IHDR, IDAT (deflated rows, filter 0) and IEND with their CRCs.
export function pngImage(w, h, colour) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) row.set(colour(x, y), 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A small valid PNG: a 4×4 square in the bureau blue.
export const tinyPng = () => pngImage(4, 4, () => [0x1f, 0x4e, 0x9c]);
