// The harness's own checks can fail: a page 600px wide on a 375px phone is
// caught by check() (it compares with the layout viewport, not with
// window.innerWidth, which in mobile emulation grows with the content).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, PHONE, DESKTOP } from './browser.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const PAGE = (body) => `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0">${body}</body></html>`;

for (const viewport of [PHONE, DESKTOP]) {
  test(`check() passes a page that fits and fails one that scrolls sideways (${viewport.name})`, async () => {
    const { context, page, check } = await openPage(browser, viewport);
    try {
      await page.setContent(PAGE('<p>fits</p>'));
      await check();

      const wide = viewport.width + 225;
      await page.setContent(PAGE(`<div style="width:${wide}px;height:20px">too wide</div>`));
      await assert.rejects(check(), /scrolls sideways by 225px/);
    } finally {
      await context.close();
    }
  });
}
