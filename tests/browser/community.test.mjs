// Community policing (issue 10): the demo officer signs in, opens the grid
// they are responsible for (its dashboard: figures and chart), searches a
// resident by name and opens the record, whose ID number is shown in full
// (an audited read); at 1280 and at 375 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, VIEWPORTS, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

for (const viewport of VIEWPORTS) {
  test(`the officer opens their grid, finds a resident and reads the record (${viewport.name})`, async () => {
    const { context, page, check } = await openPage(browser, viewport);
    await page.goto(`${server.url}/signin`);
    await page.fill(dt('signin-login'), 'officer');
    await page.fill(dt('signin-password'), DEMO_PASSWORD);
    await page.click(dt('signin-submit'));
    await page.waitForURL('**/console/**');

    await page.goto(`${server.url}/console/community/grids`);
    await page.waitForSelector(dt('grid-BY-C1-01'));
    await checkA11y(page);
    assert.equal(await page.locator(`${dt('grids-table')} ${dt('grid-BY-C1-03')}`).count(), 0, 'not my grid');
    await page.click(dt('grid-BY-C1-01'));
    await page.waitForURL('**/console/community/grids/*');
    await page.waitForSelector(`${dt('grid-code')}:has-text("BY-C1-01")`);
    await page.waitForFunction(() => Number(document.querySelector('[data-test="stat-residents"] strong')?.textContent) > 0);
    await page.waitForSelector(`${dt('grid-chart')} canvas`);
    await check();

    // A resident of the grid by name (the name read through the API in this session).
    const api = page.request;
    const gid = page.url().split('/').pop();
    const some = (await (await api.get(`${server.url}/api/v1/residents?grid_id=${gid}&limit=1`)).json()).items[0];
    await page.goto(`${server.url}/console/community/residents`);
    await page.fill(dt('residents-q'), some.name);
    await page.click(dt('filter-search'));
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-test="resident-open"]')].length > 0
        && [...document.querySelectorAll('[data-test="resident-open"]')].every((a) => a.textContent.includes(name)),
      some.name,
    );
    const masked = await page.locator(dt('residents-table')).textContent();
    assert.match(masked, /\d{6}\*{8}\d{3}[\dX]/, 'the list shows masked ID numbers');
    await page.locator(dt('resident-open')).first().click();
    await page.waitForURL('**/console/community/residents/*');
    await page.waitForSelector(dt('resident-id-number'));
    assert.match((await page.textContent(dt('resident-id-number'))).trim(), /^\d{17}[\dX]$/);
    await check();
    await context.close();
  });
}
