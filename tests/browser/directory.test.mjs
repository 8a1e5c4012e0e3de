// The public directory: find an officer by name from the home page and open
// their page; browse the unit tree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { VIEWPORTS, dt, launchBrowser, openPage, checkA11y } from './browser.mjs';

let server;
let browser;
let officer; // a police officer from the API, with a badge number

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const res = await fetch(`${server.url}/api/v1/officers?kind=police&limit=50`);
  assert.equal(res.status, 200);
  const { items } = await res.json();
  officer = items.find((o) => o.badge_no);
  assert.ok(officer, 'the demo data has a police officer with a badge number');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const viewport of VIEWPORTS) {
  test(`search an officer by name and open their page (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(server.url);
    await page.waitForSelector(dt('home-search'));
    await checkA11y(page);
    await shot('home');
    // The home page's box is the site search (issue 12): the officer is in its officers group.
    await page.fill(dt('home-search'), officer.name);
    await page.click(dt('home-search-submit'));
    await page.waitForURL(/\/search\?q=/);

    const card = page.locator(`${dt('search-officers')} ${dt('hit-officers')}`).filter({ hasText: officer.name }).filter({ hasText: officer.unit_name });
    await card.first().waitFor();
    t.diagnostic(`screenshot: ${await shot('officer-search')}`);
    await check();
    await card.first().click();

    await page.waitForURL(`**/officers/${officer.id}`);
    assert.equal((await page.textContent(dt('officer-name'))).trim(), officer.name);
    assert.equal((await page.textContent(dt('officer-badge'))).trim(), officer.badge_no);
    assert.equal((await page.textContent(dt('officer-unit'))).trim(), officer.unit_name);
    t.diagnostic(`screenshot: ${await shot('officer')}`);
    await check();
    await context.close();
  });

  test(`browse the unit tree (${viewport.name})`, async () => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/units`);
    await page.waitForSelector(dt('unit-tree'));
    await checkA11y(page);
    await page.fill(dt('unit-filter'), '椒江分局');
    await page.locator(dt('unit-tree')).getByText('椒江分局', { exact: true }).click();
    await page.waitForURL(/\/units\/\d+$/);
    await page.locator(dt('unit-name')).filter({ hasText: '椒江分局' }).waitFor();
    await page.locator(`${dt('unit-detail')} ${dt('officer-card')}`).first().waitFor();
    await shot('units');
    await check();
    await context.close();
  });
}
