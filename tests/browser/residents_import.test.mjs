// The residents' Excel import and export (issue 10), at 1280 and 375 px: the
// officer picks an .xlsx on 实有人口, the preview names the bad row and its
// reason, 确认导入 writes the good row only; 导出 Excel downloads the list as
// filtered, which SheetJS opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { DEMO_PASSWORD, VIEWPORTS, dt, openPage, useServerAndBrowser, validIdNumber, checkA11y } from './browser.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');

let server;
let browser;
useServerAndBrowser((s, b) => { server = s; browser = b; });

for (const viewport of VIEWPORTS) {
  test(`the officer imports a sheet after its preview and exports the list (${viewport.name})`, async () => {
    const { context, page, check } = await openPage(browser, viewport);
    await page.goto(`${server.url}/signin`);
    await page.fill(dt('signin-login'), 'officer');
    await page.fill(dt('signin-password'), DEMO_PASSWORD);
    await page.click(dt('signin-submit'));
    await page.waitForURL('**/console/**');
    await page.goto(`${server.url}/console/community/residents`);
    await page.waitForSelector(dt('residents-import'));
    await checkA11y(page);

    const good = validIdNumber();
    const name = viewport.name === 'phone' ? '导入手机' : '导入桌面';
    const ws = XLSX.utils.aoa_to_sheet([
      ['姓名', '身份证号', '人员类别', '网格编号', '联系电话'],
      [name, good, '户籍', 'BY-C1-01', '13912345678'],
      ['坏行某', '330102199001011230', '户籍', 'BY-C1-01', '13912345679'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
    const buffer = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
    await page.setInputFiles(dt('residents-import-file'), {
      name: '居民.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer,
    });
    await page.waitForSelector(`${dt('import-errors')} li`);
    const errs = await page.locator(`${dt('import-errors')} li`).allTextContents();
    assert.equal(errs.length, 1, errs.join('|'));
    assert.match(errs[0], /第 3 行 B 列/);
    assert.match(await page.textContent(dt('import-summary')), /可导入 1 行/);
    await check();
    // Nothing written before the confirm.
    const api = page.request;
    const find = async () => (await (await api.get(`${server.url}/api/v1/residents?q=${good}`)).json()).items;
    assert.equal((await find()).length, 0);
    await page.click(dt('import-confirm'));
    await page.waitForSelector('.el-message--success');
    assert.equal((await find())[0]?.name, name);

    // The export of the list as filtered (one grid's registered residents).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(dt('residents-export'))]);
    const book = XLSX.read(await readFile(await download.path()));
    const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { defval: '' });
    assert.ok(rows.length > 10);
    assert.ok(rows.some((r) => r['姓名'] === name));
    await check();
    await context.close();
  });
}
