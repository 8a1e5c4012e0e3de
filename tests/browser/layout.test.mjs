// Every page fits a 375 px phone: no sideways scrolling and no uncaught page
// error, for each route of the portal and the console, signed out and as
// the demo citizen and the staff roles that can open each console page.
import { test } from 'node:test';
import { DEMO_PASSWORD, PHONE, dt, openPage, useServerAndBrowser } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const PAGES = {
  '': ['/', '/signin', '/signup', '/units', '/units/1', '/officers', '/officers/1', '/services',
    '/services/1', '/progress', '/disclosure', '/disclosure/1', '/traffic/violations', '/traffic/roads',
    '/no-such-page'],
  13800138000: ['/me', '/me/applications', '/me/inbox', '/services/1/apply', '/traffic/vehicles',
    '/traffic/inspection', '/traffic/appointments'],
  unit_admin: ['/console/units', '/console/officers', '/console/staff'],
  auditor: ['/console/audit', '/console/payments', '/console/refunds', '/console/payments/daily'],
  station_chief: ['/console/applications', '/console/overdue'],
  sysadmin: ['/console/catalogue', '/console/calendar'],
  traffic: ['/console/roads', '/console/stolen-alerts'],
  inspector: ['/console/inspection'],
  cashier: ['/console/payments', '/console/refunds', '/console/payments/daily', '/console/reconciliation'],
  finance_approver: ['/console/payments', '/console/refunds', '/console/payments/daily', '/console/reconciliation'],
};

for (const [login, paths] of Object.entries(PAGES)) {
  test(`every page fits ${PHONE.width} px (${login || 'signed out'})`, async () => {
    const { context, page, check } = await openPage(browser, PHONE);
    try {
      if (login) {
        await page.goto(`${server.url}/signin`);
        await page.fill(dt('signin-login'), login);
        await page.fill(dt('signin-password'), DEMO_PASSWORD);
        await page.click(dt('signin-submit'));
        await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
      }
      for (const path of paths) {
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState('networkidle');
        await check().catch((error) => {
          error.message = `${path}: ${error.message}`;
          throw error;
        });
      }
    } finally {
      await context.close();
    }
  });
}
