// The service hall journey: a resident finds 居住证申领 by typing "居住",
// reads the guide, applies with an attachment; the station accepts, asks for
// a supplement, the resident resubmits, the station approves and completes,
// the resident rates; the disclosure page counts it. On a desktop and a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, DEMO_PASSWORD, dt, openPage, PHONE, tinyPng, useServerAndBrowser, VIEWPORTS } from './browser.mjs';

let server;
let browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const png = (name) => ({ name, mimeType: 'image/png', buffer: tinyPng() });

async function signIn(page, login) {
  await page.goto(`${server.url}/signin`);
  await page.fill(dt('signin-login'), login);
  await page.fill(dt('signin-password'), DEMO_PASSWORD);
  await page.click(dt('signin-submit'));
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

// Picks an option of an Element Plus select by its visible text.
async function choose(page, selector, text) {
  await page.click(selector);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

async function statusText(page) {
  return (await page.textContent(dt('app-status'))).trim();
}

async function waitStatus(page, text) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent.trim() === want,
    [dt('app-status'), text],
  );
}

// Staff take one transition on the case page (with a reason or result when the dialog asks).
async function transition(page, event, reason) {
  await page.click(dt(`case-${event}`));
  if (reason !== undefined) {
    if (reason) await page.fill('#case-reason', reason);
    await page.click(dt('dialog-save'));
  }
}

async function myApplicationCount(page) {
  return page.evaluate(async () => (await (await fetch('/api/v1/me/applications?limit=100')).json()).items.length);
}

for (const viewport of VIEWPORTS) {
  test(`search, guide, apply, supplement, complete and rate (${viewport.name})`, async (t) => {
    const citizen = await openPage(browser, viewport);
    const staff = await openPage(browser, viewport);
    const { page, shot } = citizen;

    // Find the item by a two-character Chinese substring and read its guide.
    await signIn(page, '13800138000');
    await page.goto(`${server.url}/services`);
    await page.fill(dt('services-q'), '居住');
    await page.click(dt('services-search'));
    await page.waitForURL(/q=/);
    await page.waitForSelector(dt('service-1'));
    await shot('services-search');
    await page.click(dt('service-1'));
    await page.waitForSelector(dt('guide'));
    assert.equal((await page.textContent(dt('guide-title'))).trim(), '居住证申领');
    for (const part of ['basics', 'conditions', 'materials', 'steps', 'legal', 'fees', 'faq']) {
      assert.ok(await page.isVisible(dt(`guide-${part}`)), `guide shows ${part}`);
    }
    assert.match(await page.textContent(dt('guide-maxVisits')), /0|跑/);
    t.diagnostic(`screenshot: ${await shot('service-guide')}`);
    await citizen.check();

    // The wizard: a required field left empty is caught before sending.
    await page.click(dt('guide-apply'));
    await page.waitForSelector(dt('apply'));
    // The accepting unit is asked for plainly (she lives in no grid the
    // bureau knows): no unit is chosen for her, and the hint says which kind.
    await page.waitForSelector(dt('apply-unit-hint'));
    assert.match(await page.textContent(dt('apply-unit-hint')), /本事项由派出所或社区警务室受理/);
    assert.equal((await page.textContent(`${dt('apply-unit')} .el-select__placeholder.is-transparent`)).trim(), '输入派出所或社区警务室名称搜索，或点开列表选择', 'no unit preset');
    // Her name and phone are filled in; the ID number is hers, masked, not typed.
    assert.notEqual(await page.inputValue(dt('apply-field-name')), '');
    assert.match(await page.inputValue(dt('apply-field-phone')), /^1\d{10}$/);
    assert.match(await page.inputValue(dt('apply-field-id_number')), /^\d{6}\*{8}[\dX]{4}$/);
    assert.equal(await page.getAttribute(dt('apply-field-id_number'), 'readonly'), '');
    // Nothing is marked wrong before the citizen has typed (the prefill is not their input).
    await page.waitForTimeout(1200);
    assert.deepEqual(await page.locator('.el-form-item.is-error').allTextContents(), [], 'no error before any input');
    assert.match(await page.textContent(dt('apply-locked-id_number')), /实名账户/);
    await page.fill(dt('apply-field-name'), '');
    await page.click(dt('apply-next'));
    await page.waitForSelector(dt('apply-error'));
    await page.locator('.el-form-item.is-error', { hasText: '请选择受理单位（派出所或社区警务室）' }).waitFor();
    // The banner names each error and links to its field: the link focuses it.
    await page.waitForSelector(dt('apply-error-links'));
    assert.match(await page.textContent(dt('apply-error-links')), /受理单位：请选择受理单位/);
    assert.match(await page.textContent(dt('apply-error-links')), /申请人姓名：/);
    await page.click(dt('apply-error-link-apply-name'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'apply-name');
    await choose(page, dt('apply-unit'), '白云派出所');
    await page.fill(dt('apply-field-name'), '张三');
    await page.fill(dt('apply-field-phone'), '1380013800');
    await page.fill(dt('apply-field-address'), '台州市椒江区白云街道 1 号');
    await page.fill('#apply-move_in_date', '2026-01-05');
    await page.keyboard.press('Enter');
    await choose(page, dt('apply-field-housing'), '租赁住房');
    await page.click(dt('apply-next'));
    await page.waitForSelector('.el-form-item.is-error');
    assert.equal(await page.locator('.el-form-item.is-error').count(), 1, 'only the short phone number is wrong');
    await page.fill(dt('apply-field-phone'), '13800138000');
    await shot('apply-form');
    await page.click(dt('apply-next'));

    // Attachments: the same small PNG for each one the item asks for.
    await page.waitForSelector(dt('apply-files'), { state: 'visible' });
    const names = await page.$$eval('[data-test^="apply-attachment-"]', (els) =>
      els.map((el) => el.dataset.test.replace('apply-attachment-', '')),
    );
    assert.ok(names.length > 0, 'the item asks for attachments');
    // An HTML page named .png is refused by its content before it is sent.
    await page.setInputFiles(dt(`apply-file-${names[0]}`), {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<!doctype html><script>alert(1)</script>'),
    });
    await page.locator(dt(`apply-attachment-${names[0]}`), { hasText: '不是允许的文件类型' }).waitFor();
    for (const name of names) {
      await page.setInputFiles(dt(`apply-file-${name}`), png(`${name}.png`));
      await page.waitForSelector(dt(`apply-uploaded-${name}`));
    }
    await shot('apply-files');
    await page.click(dt('apply-next'));
    await page.waitForSelector(dt('apply-review'));
    await shot('apply-review');
    // Each row of the review has its own 修改: it goes back to that field, focused.
    assert.equal(await page.locator(dt('apply-edit-id_number')).count(), 0, 'the ID number from the account is not edited here');
    await page.click(dt('apply-edit-address'));
    await page.waitForSelector(dt('apply-field-address'), { state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'apply-address');
    await page.click(dt('apply-next'));
    await page.click(dt('apply-next'));
    await page.waitForSelector(dt('apply-review'));

    // A 422 from the server lands on its field: the wizard goes back to the form.
    await page.route('**/api/v1/applications', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: '/problems/validation',
          title: 'Unprocessable',
          status: 422,
          errors: [{ field: 'form.address', message: '地址须包含街道和门牌号' }],
        }),
      }),
    );
    await page.click(dt('apply-submit'));
    await page.locator('.el-form-item.is-error', { hasText: '地址须包含街道和门牌号' }).waitFor();
    await page.unroute('**/api/v1/applications');
    await page.click(dt('apply-next'));
    await page.click(dt('apply-next'));
    await page.waitForSelector(dt('apply-review'));

    // A double click on submit is one application (Idempotency-Key).
    const before = await myApplicationCount(page);
    await page.dblclick(dt('apply-submit'));
    await page.waitForSelector(dt('apply-tracking'));
    const trackingNo = (await page.textContent(dt('apply-tracking'))).trim();
    assert.match(trackingNo, /^TZ\d{14}-\d{6}$/);
    assert.equal(await myApplicationCount(page), before + 1, 'one application for a double click');
    t.diagnostic(`screenshot: ${await shot('apply-done')}`);
    await citizen.check();

    await page.click(dt('apply-view'));
    await page.waitForSelector(dt('app-history'));
    assert.equal(await statusText(page), '已提交');
    assert.ok(await page.isVisible(dt('app-withdraw')), 'withdraw is offered before acceptance');
    const download = await page.evaluate(async (sel) => {
      const res = await fetch(document.querySelector(`${sel} a`).href);
      return { status: res.status, type: res.headers.get('Content-Type'), size: (await res.arrayBuffer()).byteLength };
    }, dt('app-attachments'));
    assert.deepEqual(download, { status: 200, type: 'image/png', size: tinyPng().length }, 'the applicant downloads an attachment');
    await shot('application-submitted');

    // The station accepts and asks for a supplement.
    await signIn(staff.page, 'station_chief');
    await staff.page.goto(`${server.url}/console/applications`);
    await staff.page.waitForSelector(dt(`queue-${trackingNo}`));
    await checkA11y(staff.page);
    await staff.shot('console-queue');
    await staff.page.click(dt(`queue-${trackingNo}`));
    await staff.page.waitForSelector(dt('case-accept'));
    assert.equal(await staff.page.isVisible(dt('case-approve')), false, 'approve is not offered before review');
    await staff.shot('console-case');
    await transition(staff.page, 'accept');
    await waitStatus(staff.page, '已受理');
    // The chief takes the case himself (staff of units below the station cannot hold it).
    await staff.page.click(dt('case-assign'));
    await choose(staff.page, dt('case-assignee'), '白云所所长');
    await staff.page.click(dt('dialog-save'));
    await staff.page.locator(dt('app-facts'), { hasText: '白云所所长' }).waitFor();
    await transition(staff.page, 'request_supplement', '');
    await staff.page.waitForSelector(dt('dialog-error'));
    await staff.page.fill('#case-reason', '请补充清晰的租赁合同照片');
    await staff.page.click(dt('dialog-save'));
    await waitStatus(staff.page, '待补正');
    await staff.check();

    // The resident resubmits.
    await page.reload();
    await page.waitForSelector(dt('app-supplement'));
    assert.equal(await page.isVisible(dt('app-withdraw')), false, 'no withdraw after acceptance');
    t.diagnostic(`screenshot: ${await shot('application-supplement')}`);
    await page.click(dt('app-resubmit'));
    await waitStatus(page, '已受理');

    // The station reviews, approves and completes.
    await staff.page.reload();
    await transition(staff.page, 'start_review');
    await waitStatus(staff.page, '审查中');
    await transition(staff.page, 'approve');
    await waitStatus(staff.page, '已批准');
    await transition(staff.page, 'complete', null);
    await waitStatus(staff.page, '已办结');
    await staff.shot('console-case-completed');
    await staff.check();

    // The resident sees the whole history, rates the service, and has messages.
    await page.reload();
    await page.waitForSelector(dt('app-rate'));
    const steps = await page.locator(`${dt('app-history')} .el-timeline-item`).count();
    assert.ok(steps >= 7, `history has every step (${steps})`);
    await page.click(dt('app-grade-4'));
    await page.fill('#app-comment', '办理很快，谢谢');
    await page.click(dt('app-rate-submit'));
    await page.waitForSelector(dt('app-rate'), { state: 'detached' });
    assert.match(await page.textContent(dt('app-facts')), /满意/);
    t.diagnostic(`screenshot: ${await shot('application-completed')}`);
    await citizen.check();

    // Every status change reached the inbox; reading them clears the badge.
    // (On a phone the bell is in the menu, and 菜单 carries the count.)
    if (viewport === PHONE) {
      await page.click(dt('nav-toggle'));
      await page.click(dt('m-nav-inbox'));
    } else {
      await page.click(dt('inbox-bell'));
    }
    await page.waitForSelector(`${dt('inbox-list')} li`);
    assert.match(await page.textContent(dt('inbox-list')), new RegExp(trackingNo));
    await shot('inbox');
    await page.click(dt('inbox-read-all'));
    if (viewport === PHONE) await page.waitForSelector(dt('menu-unread'), { state: 'detached' });
    else await page.waitForSelector(`${dt('inbox-unread')} .el-badge__content`, { state: 'hidden' });
    await citizen.check();

    // The disclosure page counts the item's applications.
    await page.goto(`${server.url}/disclosure/1`);
    await page.waitForSelector(dt('disclosure-numbers'));
    await checkA11y(page);
    assert.ok(Number(await page.textContent(dt('disclosure-received'))) >= 1);
    assert.ok(Number(await page.textContent(dt('disclosure-completed'))) >= 1);
    await shot('disclosure-item');
    await citizen.check();

    await citizen.context.close();
    await staff.context.close();
  });
}

for (const viewport of VIEWPORTS) {
  test(`public and console pages of the service hall render (${viewport.name})`, async (t) => {
    const { context, page, check, shot } = await openPage(browser, viewport);
    await page.goto(`${server.url}/`);
    if (viewport === PHONE) {
      await page.click(dt('nav-toggle'));
      await page.click(dt('m-nav-services'));
    } else {
      await page.click(dt('nav-services'));
    }
    await page.waitForSelector(dt('service-1'));
    assert.ok((await page.locator('[data-test^="service-"][href]').count()) >= 38, 'the whole catalogue is listed');
    await shot('services');
    await check();

    await page.fill(dt('services-q'), '出入境');
    await page.click(dt('services-search'));
    await page.waitForFunction(() => document.querySelectorAll('[data-test^="service-"][href]').length < 38);
    assert.match(await page.textContent(dt('services-list')), /出入境|护照|港澳/);

    await page.goto(`${server.url}/disclosure`);
    await page.waitForSelector(dt('disclosure-items'));
    await checkA11y(page);
    await page.waitForSelector(dt('disclosure-chart'));
    t.diagnostic(`screenshot: ${await shot('disclosure')}`);
    await check();

    await page.goto(`${server.url}/progress`);
    await page.fill(dt('lookup-no'), 'TZ123');
    await page.click(dt('lookup-submit'));
    await page.waitForSelector(dt('lookup-error'));
    await shot('progress');
    await check();

    await signIn(page, '13800138000');
    await page.goto(`${server.url}/me/applications`);
    await page.waitForSelector('[data-test^="my-app-"]');
    await checkA11y(page);
    await shot('my-applications');
    await check();

    await context.close();

    const admin = await openPage(browser, viewport);
    await signIn(admin.page, 'sysadmin');
    // The catalogue editor: a draft saved and published becomes the next version.
    await admin.page.goto(`${server.url}/console/catalogue`);
    await admin.page.waitForSelector(`${dt('catalogue-table')} .el-table__row`);
    await checkA11y(admin.page);
    await admin.page.locator(dt('catalogue-edit')).first().click();
    const json = admin.page.locator(`${dt('catalogue-json')}`);
    await json.waitFor();
    const doc = JSON.parse(await json.inputValue());
    doc.hours = `${doc.hours}（${viewport.name}）`;
    await json.fill(JSON.stringify(doc, null, 2));
    await admin.page.click(dt('dialog-save'));
    await admin.page.waitForSelector(dt('catalogue-json'), { state: 'detached' });
    // The saved draft is listed as unpublished work until it is published.
    await admin.page.locator(dt('catalogue-drafts'), { hasText: doc.name }).waitFor();
    await admin.page.locator(dt('catalogue-publish')).first().click();
    await admin.page.locator('.el-message--success', { hasText: /已发布第 \d+ 版/ }).waitFor();
    await admin.page.locator(dt('catalogue-drafts')).waitFor({ state: 'detached' });
    await admin.check();

    for (const [path, marker] of [
      ['overdue', 'overdue-table'],
      ['catalogue', 'catalogue-table'],
      ['calendar', 'calendar-table'],
    ]) {
      await admin.page.goto(`${server.url}/console/${path}`);
      await admin.page.waitForSelector(`${dt(marker)} .el-table__row`);
      await checkA11y(admin.page);
      await admin.shot(`console-${path}`);
      await admin.check();
    }
    await admin.context.close();
  });
}

test('withdraw before acceptance; an unknown tracking number is not found (phone, elder mode)', async () => {
  const { context, page, check, shot } = await openPage(browser, PHONE);
  await page.goto(`${server.url}/`);
  await page.evaluate(() => localStorage.setItem('jw_elder', '1'));
  await signIn(page, '13800138000');
  // Apply through the API from the page (the wizard is covered above).
  const trackingNo = await page.evaluate(async (bytes) => {
    const { csrf_token: csrf } = await (await fetch('/api/v1/me')).json();
    const item = await (await fetch('/api/v1/services/1')).json();
    const units = await (await fetch('/api/v1/services/1/accepting-units')).json();
    const attachments = [];
    for (const spec of item.form.attachments.filter((a) => a.required)) {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `${spec.name}.png`);
      const up = await (await fetch('/api/v1/uploads', { method: 'POST', headers: { 'X-CSRF-Token': csrf }, body })).json();
      attachments.push({ name: spec.name, upload_id: up.id });
    }
    const form = {
      name: '张三',
      id_number: '11010519491231002X',
      phone: '13800138000',
      address: '台州市椒江区白云街道 1 号',
      move_in_date: '2026-01-05',
      housing: '租赁住房',
    };
    const res = await fetch('/api/v1/applications', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ service_id: 1, unit_id: units.items.find((u) => u.name === '白云派出所').id, form, attachments }),
    });
    return (await res.json()).tracking_no;
  }, [...tinyPng()]);
  assert.match(trackingNo, /^TZ\d{14}-\d{6}$/);

  await page.goto(`${server.url}/me/applications`);
  await page.click(dt(`my-app-${trackingNo}`));
  await page.waitForSelector(dt('app-withdraw'));
  await page.click(dt('app-withdraw'));
  await page.click('.el-message-box__btns .el-button--primary');
  await waitStatus(page, '已撤回');
  assert.equal(await page.isVisible(dt('app-withdraw')), false);
  await shot('application-withdrawn');
  await check();

  await page.goto(`${server.url}/progress`);
  await page.fill(dt('lookup-no'), 'TZ20990101999999');
  await page.click(dt('lookup-submit'));
  await page.waitForSelector(dt('app-not-found'));
  await check();
  await context.close();
});
