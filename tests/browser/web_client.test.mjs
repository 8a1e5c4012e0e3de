// How the web client treats the server's answers, on the holiday calendar page:
// - a page that reads again while an older read is still under way shows the
//   newer answer (useLoaded drops a slow stale response that arrives last);
// - a refusal (403) shows the server's reason, not a generic text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, DESKTOP, dt, openPage, useServerAndBrowser, checkA11y } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signInAsSysadmin(page) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), 'sysadmin');
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL('**/console/**');
}

test('a slow older read does not overwrite a newer one (calendar year)', async () => {
  const { context, page, check } = await openPage(browser, DESKTOP);
  await signInAsSysadmin(page);

  const thisYear = await page.evaluate(() => new Date().getFullYear());
  const lastYear = thisYear - 1;
  let releaseStale;
  const staleReleased = new Promise((resolve) => (releaseStale = resolve));
  let staleAnswered;
  const staleDone = new Promise((resolve) => (staleAnswered = resolve));
  const answer = (day, name) => ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ items: [{ day, kind: 'holiday', name }] }),
  });
  await page.route('**/api/v1/calendar?*', async (route) => {
    const year = new URL(route.request().url()).searchParams.get('year');
    if (year === String(thisYear)) {
      await staleReleased;
      await route.fulfill(answer(`${thisYear}-10-01`, 'STALE-ANSWER'));
      staleAnswered();
    } else {
      await route.fulfill(answer(`${lastYear}-10-01`, 'FRESH-ANSWER'));
    }
  });

  const firstRead = page.waitForRequest((r) => r.url().includes(`/api/v1/calendar?year=${thisYear}`));
  await page.goto(`${server.url}/console/calendar`);
  await page.waitForSelector(dt('console-calendar'));
  await checkA11y(page);
  await firstRead;

  // Pick last year while this year's read is still pending (Element Plus's
  // date pickers drop data-test, so they are found by their place).
  const year = page.locator('.console-page-actions .el-date-editor input');
  await year.click();
  await year.fill(String(lastYear));
  await year.press('Enter');
  const table = page.locator(dt('calendar-table'));
  await table.getByText('FRESH-ANSWER').waitFor();

  // Now the older read answers; the page must keep the newer one.
  releaseStale();
  await staleDone;
  await page.waitForTimeout(300);
  assert.equal(await table.getByText('STALE-ANSWER').count(), 0, 'the stale answer replaced the fresh one');
  assert.equal(await table.getByText('FRESH-ANSWER').count(), 1);
  await check();
  await context.close();
});

test('a 403 shows the server\'s reason (calendar add)', async () => {
  const { context, page, check } = await openPage(browser, DESKTOP);
  await signInAsSysadmin(page);
  const reason = '节假日安排已被市局锁定，请联系市局修改。';
  await page.route('**/api/v1/calendar/*', (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({
          status: 403,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: reason }),
        })
      : route.continue(),
  );
  await page.goto(`${server.url}/console/calendar`);
  await page.waitForSelector(dt('calendar-table'));
  await checkA11y(page);
  const year = await page.evaluate(() => new Date().getFullYear());
  const day = page.locator('.add-form .el-date-editor input');
  await day.click();
  await day.fill(`${year}-12-24`);
  await day.press('Enter');
  await page.fill(dt('calendar-name'), '测试');
  await page.click(dt('calendar-add'));
  const alert = page.locator('.form-alert');
  await alert.getByText(reason).waitFor();
  assert.equal(await page.getByText('您没有权限进行此操作。').count(), 0, 'the generic text is shown instead of the reason');
  await check();
  await context.close();
});
