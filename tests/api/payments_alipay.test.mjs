// Payments through the alipay channel, against a stand-in gateway that
// checks the protocol with Alipay's own Node SDK (alipay_gateway.mjs): our
// cashier request verifies with the SDK and carries the very signature the
// SDK makes for the same parameters and key (RSA PKCS#1 v1.5 is
// deterministic); notifications the SDK accepts as Alipay's move an order
// once, forged or mismatched ones are 400 and move nothing; the tick asks
// the gateway about a paying order whose notification never came, and
// closes an expired one there (alipay.trade.close) before closing it here.
// Without its settings the channel cannot be turned on nor take orders, and
// key files others may read are refused.
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVerify } from 'node:crypto';
import { startServer, assertProblem, registerCitizen, DEMO_CITIZEN, BIN, run } from './harness.mjs';
import { startAlipayGateway, rsaKeys, merchantSdk } from './alipay_gateway.mjs';
import { residenceAttachments, residenceForm } from './service_hall.mjs';

const APP_ID = '2021000147612345';
const NOTIFY_URL = 'https://jingwu.example.gov.cn/api/v1/payments/notify/alipay';
const RETURN_URL = 'https://jingwu.example.gov.cn/pay/result';

let srv;
let gw;
let me;
let vehicleId;
let keyDir;
let merchant;
let seq = 0;

before(async () => {
  merchant = rsaKeys();
  gw = await startAlipayGateway({ appId: APP_ID, merchantPublicKey: merchant.publicKey });
  keyDir = await mkdtemp(join(tmpdir(), 'jw-alipay-'));
  await writeFile(join(keyDir, 'app_private.pem'), merchant.privateKey, { mode: 0o600 });
  await writeFile(join(keyDir, 'alipay_public.pem'), gw.alipay.publicKey, { mode: 0o600 });
  srv = await startServer({ env: alipayEnv() });
  const on = await srv.cli(['payments', 'channel', 'alipay', 'on']);
  assert.equal(on.code, 0, on.stderr);
  me = await srv.signIn(DEMO_CITIZEN);
  vehicleId = await srv.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
});
after(async () => {
  await srv?.stop();
  await gw?.stop();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

function alipayEnv(over = {}) {
  return {
    JINGWU_ALIPAY_APP_ID: APP_ID,
    JINGWU_ALIPAY_PRIVATE_KEY: join(keyDir, 'app_private.pem'),
    JINGWU_ALIPAY_PUBLIC_KEY: join(keyDir, 'alipay_public.pem'),
    JINGWU_ALIPAY_GATEWAY: gw.url,
    JINGWU_ALIPAY_NOTIFY_URL: NOTIFY_URL,
    JINGWU_ALIPAY_RETURN_URL: RETURN_URL,
    ...over,
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** A handled violation of the demo car (fine in cents); its id as a string. */
async function addViolation(fine = 20000) {
  seq += 1;
  const number = `33991${String(Date.now() % 1e6).padStart(6, '0')}${String(seq).padStart(5, '0')}`;
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
    decision_no, handled_at) VALUES ('${number}', ${vehicleId}, ${now() - 40 * 86400}, '台州市椒江区测试路', '1625',
    ${fine}, 0, 'handled', 'D${number}', ${now() - 86400})`);
  return String(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));
}

async function alipayOrder(fine = 20000) {
  const ref = await addViolation(fine);
  const r = await me.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'alipay' });
  assert.equal(r.status, 201, r.text);
  return { ref, order: r.json };
}

const notify = (body, contentType = 'application/x-www-form-urlencoded; charset=utf-8') =>
  srv.client().req('POST', '/api/v1/payments/notify/alipay', { raw: body, csrf: false, headers: { 'Content-Type': contentType } });
const status = (id) => srv.value(`SELECT status FROM payment_orders WHERE id = '${id}'`);
const yuan = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

async function waitFor(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  let v;
  while (Date.now() < end) {
    v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what} (${v})\n${srv.serverLog()}`);
}

test('the cashier request: signed RSA2 as Alipay requires — the SDK verifies it and makes the same signature', async () => {
  const { order } = await alipayOrder(20000);
  assert.equal(order.channel, 'alipay');
  assert.equal(order.status, 'paying'); // the address is out: the payer may pay at Alipay from now on
  const url = new URL(order.pay_url);
  assert.equal(`${url.origin}${url.pathname}`, gw.url);
  const params = Object.fromEntries(url.searchParams);
  assert.deepEqual(Object.keys(params).sort(), ['app_id', 'biz_content', 'charset', 'format', 'method', 'notify_url',
    'return_url', 'sign', 'sign_type', 'timestamp', 'version']);
  assert.equal(params.app_id, APP_ID);
  assert.equal(params.method, 'alipay.trade.page.pay');
  assert.equal(params.sign_type, 'RSA2');
  assert.equal(params.charset, 'utf-8');
  assert.equal(params.notify_url, NOTIFY_URL);
  assert.equal(params.return_url, RETURN_URL);
  assert.match(params.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const biz = JSON.parse(params.biz_content);
  assert.equal(biz.out_trade_no, order.id);
  assert.equal(biz.total_amount, yuan(order.amount_cents)); // the server's amount, in yuan with 2 decimals
  assert.equal(biz.product_code, 'FAST_INSTANT_TRADE_PAY');
  assert.match(biz.subject, /交通违法罚款/);
  assert.match(biz.time_expire, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

  // Alipay's SDK, holding our public key, verifies the request.
  assert.equal(gw.asGateway.checkNotifySignV2({ ...params }), true);
  // And a changed amount no longer verifies.
  const tampered = { ...params, biz_content: params.biz_content.replace(biz.total_amount, '0.01') };
  assert.equal(gw.asGateway.checkNotifySignV2(tampered), false);

  // The SDK signing the same parameters with the same key at the same
  // timestamp produces the same request, signature included, byte for byte.
  const sdk = merchantSdk(APP_ID, merchant.privateKey, gw.alipay.publicKey, gw.url);
  mock.timers.enable({ apis: ['Date'], now: new Date(params.timestamp.replace(' ', 'T')) });
  let made;
  try {
    made = sdk.sdkExecute(params.method, {
      format: params.format, notifyUrl: params.notify_url, returnUrl: params.return_url, bizContent: biz,
    }, { bizContentAutoSnakeCase: false });
  } finally {
    mock.timers.reset();
  }
  const sdkParams = Object.fromEntries(new URLSearchParams(made));
  assert.equal(sdkParams.timestamp, params.timestamp);
  assert.equal(sdkParams.biz_content, params.biz_content);
  assert.equal(sdkParams.sign, params.sign);
  assert.deepEqual(sdkParams, params);

  // What was signed: every parameter but sign, sorted, sign_type included.
  const content = Object.keys(params).filter((k) => k !== 'sign').sort().map((k) => `${k}=${params[k]}`).join('&');
  assert.equal(createVerify('RSA-SHA256').update(content).verify(merchant.publicKey, params.sign, 'base64'), true);

  // The payer's GET of the order gives a cashier address too; another citizen sees nothing.
  const got = await me.get(`/api/v1/payments/${order.id}`);
  assert.equal(got.status, 200);
  assert.ok(got.json.pay_url.startsWith(gw.url + '?'));
  const eve = await registerCitizen(srv);
  const evec = await srv.signIn(eve.phone, eve.password);
  assertProblem(await evec.get(`/api/v1/payments/${order.id}`), 404, 'not-found');
});

test('a notification Alipay signs moves the order once; tampered, another app id, a wrong amount: 400 and nothing moves', async () => {
  const { ref, order } = await alipayOrder(12345);
  const id = order.id;
  const amount = yuan(order.amount_cents);
  const trade = gw.trade(id, { total_amount: amount });
  const fields = { out_trade_no: id, trade_no: trade.trade_no, total_amount: amount, trade_status: 'TRADE_SUCCESS' };
  const alerts = Number(await srv.value("SELECT value FROM counters WHERE name = 'payment_alerts'"));

  // Tampered after signing: the amount, the status, the order number.
  for (const tamper of [{ total_amount: '0.01' }, { trade_status: 'TRADE_CLOSED' }, { subject: '别的' }, { sign: 'AAAA' }]) {
    assertProblem(await notify(gw.notification(fields, tamper)), 400, 'bad-request', JSON.stringify(tamper));
  }
  // Signed by Alipay, but for another merchant's app: 400.
  assertProblem(await notify(gw.notification({ ...fields, app_id: '2021000000000000' })), 400, 'bad-request', 'app id');
  // Signed by Alipay, but not the order's amount: 400.
  const cheaper = await notify(gw.notification({ ...fields, total_amount: yuan(order.amount_cents - 1) }));
  assertProblem(cheaper, 400, 'bad-request', 'amount');
  // Not a form, not Alipay's content type, an unknown order.
  assertProblem(await notify(JSON.stringify(fields), 'application/json'), 400, 'bad-request', 'json');
  assertProblem(await notify('a=%zz&b'), 400, 'bad-request', 'bad escape');
  assertProblem(await notify(`${gw.notification(fields)}&out_trade_no=${id}`), 400, 'bad-request', 'repeated field');
  assertProblem(await notify(gw.notification({ ...fields, out_trade_no: 'P20991231000000000000' })), 400, 'bad-request');
  assert.equal(await status(id), 'paying');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');
  assert.ok(Number(await srv.value("SELECT value FROM counters WHERE name = 'payment_alerts'")) >= alerts + 8);
  const outcomes = (await srv.rows(`SELECT outcome FROM payment_notifications WHERE order_id = '${id}' ORDER BY id`)).map((r) => r[0]);
  assert.deepEqual(outcomes, ['amount_mismatch']); // forged ones name no order they could be trusted with

  // The genuine one, twice (Alipay resends until it reads "success"): applied once.
  const good = gw.notification(fields);
  for (let i = 0; i < 2; i++) {
    const r = await notify(good);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'success');
  }
  assert.equal(await status(id), 'succeeded');
  assert.equal(await srv.value(`SELECT channel_trade_no FROM payment_orders WHERE id = '${id}'`), trade.trade_no);
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'paid');
  const applied = await srv.rows(`SELECT outcome FROM payment_notifications WHERE order_id = '${id}' AND outcome IN ('applied', 'duplicate') ORDER BY id`);
  assert.deepEqual(applied.map((r) => r[0]), ['applied', 'duplicate']);
  // TRADE_FINISHED later (the refund window closed): the same news, nothing moves.
  const finished = await notify(gw.notification({ ...fields, trade_status: 'TRADE_FINISHED' }));
  assert.equal(finished.status, 200, finished.text);
  const ledger = await srv.rows(`SELECT account, amount_cents FROM payment_ledger WHERE order_id = '${id}' ORDER BY account`);
  assert.deepEqual(ledger, [['clearing:alipay', String(order.amount_cents)], ['revenue:violation', String(-order.amount_cents)]]);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});

test('TRADE_CLOSED from Alipay fails the order; the fine stays owed', async () => {
  const { ref, order } = await alipayOrder(3000);
  const r = await notify(gw.notification({ out_trade_no: order.id, trade_no: '2026113022001999', total_amount: yuan(order.amount_cents), trade_status: 'TRADE_CLOSED' }));
  assert.equal(r.status, 200, r.text);
  assert.equal(await status(order.id), 'failed');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');
});

test('the tick asks Alipay about a paying order whose notification never came, and settles it', async () => {
  const { ref, order } = await alipayOrder(8800);
  const trade = gw.trade(order.id, { total_amount: yuan(order.amount_cents) });
  const asked = () => gw.calls.filter((c) => c.method === 'alipay.trade.query' && c.biz.out_trade_no === order.id);
  // Fresh: not asked yet (the notification has a minute to come).
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(asked().length, 0);
  assert.equal(await status(order.id), 'paying');
  // A minute without news.
  await srv.sql(`UPDATE payment_orders SET updated_at = ${now() - 120} WHERE id = '${order.id}'`);
  await waitFor(async () => (await status(order.id)) === 'succeeded', 'the query to settle the order');
  assert.ok(asked().length >= 1);
  assert.ok(asked().every((c) => c.verified && c.params.app_id === APP_ID && c.params.sign_type === 'RSA2'));
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'paid');
  assert.equal(await srv.value(`SELECT channel_trade_no FROM payment_orders WHERE id = '${order.id}'`), trade.trade_no);
  assert.equal(await srv.value(`SELECT detail FROM payment_notifications WHERE order_id = '${order.id}' AND outcome = 'applied'`), 'query');
  // The notification arriving after all: a duplicate, acknowledged.
  const late = await notify(gw.notification({ out_trade_no: order.id, trade_no: trade.trade_no, total_amount: yuan(order.amount_cents), trade_status: 'TRADE_SUCCESS' }));
  assert.equal(late.status, 200, late.text);
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE order_id = '${order.id}'`)), 2);
});

test('a paying order Alipay has not been paid for stays paying (asked again later); one waiting for the payer too', async () => {
  const { order } = await alipayOrder(4100);
  gw.trade(order.id, { total_amount: yuan(order.amount_cents), trade_status: 'WAIT_BUYER_PAY' });
  const stale = now() - 120;
  await srv.sql(`UPDATE payment_orders SET updated_at = ${stale}, queried_at = NULL WHERE id = '${order.id}'`);
  await waitFor(async () => Number(await srv.value(`SELECT COALESCE(queried_at, 0) FROM payment_orders WHERE id = '${order.id}'`)) > stale,
    'the tick to ask');
  assert.equal(await status(order.id), 'paying');
  assert.ok(gw.calls.some((c) => c.method === 'alipay.trade.query' && c.biz.out_trade_no === order.id));
});

test('an answer not signed by Alipay is not believed: the order stays paying until Alipay itself says it was paid', async () => {
  const { order } = await alipayOrder(4300);
  gw.trade(order.id, { total_amount: yuan(order.amount_cents) });
  gw.forgeAnswers = true;
  try {
    const stale = now() - 120;
    await srv.sql(`UPDATE payment_orders SET updated_at = ${stale}, queried_at = NULL WHERE id = '${order.id}'`);
    await waitFor(async () => Number(await srv.value(`SELECT COALESCE(queried_at, 0) FROM payment_orders WHERE id = '${order.id}'`)) > stale,
      'the tick to ask');
    assert.equal(await status(order.id), 'paying');
    assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE order_id = '${order.id}'`)), 0);
  } finally {
    gw.forgeAnswers = false;
  }
  await srv.sql(`UPDATE payment_orders SET updated_at = ${now() - 120}, queried_at = NULL WHERE id = '${order.id}'`);
  await waitFor(async () => (await status(order.id)) === 'succeeded', 'the genuine answer to settle it');
});

test('at expiry the tick closes the trade at Alipay (alipay.trade.close), then the order', async () => {
  const { ref, order } = await alipayOrder(5000);
  gw.trade(order.id, { total_amount: yuan(order.amount_cents), trade_status: 'WAIT_BUYER_PAY' });
  await srv.sql(`UPDATE payment_orders SET expires_at = ${now() - 1} WHERE id = '${order.id}'`);
  await waitFor(async () => (await status(order.id)) === 'closed', 'the order to close');
  const closes = gw.calls.filter((c) => c.method === 'alipay.trade.close' && c.biz.out_trade_no === order.id);
  assert.equal(closes.length, 1);
  assert.equal(closes[0].verified, true);
  assert.equal(gw.trades.get(order.id).trade_status, 'TRADE_CLOSED');
  // Asked first: it was not paid.
  const first = gw.calls.findIndex((c) => c.biz.out_trade_no === order.id && c.method === 'alipay.trade.query');
  const close = gw.calls.findIndex((c) => c.biz.out_trade_no === order.id && c.method === 'alipay.trade.close');
  assert.ok(first >= 0 && first < close);
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');

  // An order the payer never took to Alipay: the close finds no trade and the order closes all the same.
  const { order: o2 } = await alipayOrder(5100);
  await srv.sql(`UPDATE payment_orders SET expires_at = ${now() - 1} WHERE id = '${o2.id}'`);
  await waitFor(async () => (await status(o2.id)) === 'closed', 'the untaken order to close');

  // Paid in the last second: the query at expiry settles it instead of closing it.
  const { order: o3 } = await alipayOrder(5200);
  gw.trade(o3.id, { total_amount: yuan(o3.amount_cents) });
  await srv.sql(`UPDATE payment_orders SET expires_at = ${now() - 1} WHERE id = '${o3.id}'`);
  await waitFor(async () => (await status(o3.id)) === 'succeeded', 'the order paid at the last second');
  assert.ok(!gw.calls.some((c) => c.method === 'alipay.trade.close' && c.biz.out_trade_no === o3.id));
});

test('without its settings the channel cannot be turned on; key files others may read are refused', async () => {
  const env = { ...srv.env };
  for (const k of Object.keys(env)) if (k.startsWith('JINGWU_ALIPAY_')) delete env[k];
  const off = await run(BIN, ['payments', 'channel', 'alipay', 'on', '--db', srv.url], { env });
  assert.equal(off.code, 1, off.stdout);
  assert.match(off.stderr, /alipay is not configured/);
  // Half a configuration.
  const half = await run(BIN, ['payments', 'channel', 'alipay', 'on', '--db', srv.url], { env: { ...env, JINGWU_ALIPAY_APP_ID: APP_ID } });
  assert.equal(half.code, 1);
  assert.match(half.stderr, /together/);
  // A private key the group may read: refused, by `payments channel` and by `serve`.
  const loose = join(keyDir, 'loose.pem');
  await writeFile(loose, merchant.privateKey);
  await chmod(loose, 0o640);
  const bad = { ...srv.env, JINGWU_ALIPAY_PRIVATE_KEY: loose };
  const r = await run(BIN, ['payments', 'channel', 'alipay', 'on', '--db', srv.url], { env: bad });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /may be read by group or others .*chmod 600/);
  const serve = await run(BIN, ['serve', '--db', srv.url, '--listen', '127.0.0.1:0'], { env: bad, timeout: 10000 });
  assert.equal(serve.code, 1);
  assert.match(serve.stderr, /chmod 600/);
  // A file that is not a key.
  const junk = join(keyDir, 'junk.pem');
  await writeFile(junk, 'not a key', { mode: 0o600 });
  const j = await run(BIN, ['payments', 'channel', 'alipay', 'on', '--db', srv.url], { env: { ...srv.env, JINGWU_ALIPAY_PUBLIC_KEY: junk } });
  assert.equal(j.code, 1);
  assert.match(j.stderr, /no PEM RSA public key/);
});

test('a server without the alipay settings takes no alipay orders, even with the channel marked on', async () => {
  const bare = await startServer();
  try {
    const c = await bare.signIn(DEMO_CITIZEN);
    const vid = await bare.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
    const number = `33992${String(Date.now() % 1e6).padStart(6, '0')}00001`;
    await bare.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
      decision_no, handled_at) VALUES ('${number}', ${vid}, ${now() - 40 * 86400}, '台州市椒江区测试路', '1625',
      10000, 0, 'handled', 'D${number}', ${now() - 86400})`);
    const ref = String(await bare.value(`SELECT id FROM violations WHERE number = '${number}'`));
    const body = { purpose: 'violation', ref, channel: 'alipay' };
    assertProblem(await c.post('/api/v1/payments', body), 422, 'not-allowed', 'off');
    await bare.sql("UPDATE payment_channels SET enabled = 1 WHERE name = 'alipay'");
    const r = await c.post('/api/v1/payments', body);
    assertProblem(r, 422, 'not-allowed', 'not configured');
    assert.match(r.json.detail, /alipay is not configured/);
    assert.equal(Number(await bare.value('SELECT COUNT(*) FROM payment_orders')), 0);
    // A notification cannot be trusted without Alipay's key: 400, nothing moves.
    const n = await bare.client().req('POST', '/api/v1/payments/notify/alipay', {
      raw: gw.notification({ out_trade_no: 'P20261130000000000001', trade_no: '1', total_amount: '100.00', trade_status: 'TRADE_SUCCESS' }),
      csrf: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(n, 400, 'bad-request');
  } finally {
    await bare.stop();
  }
});

test('a withdrawn case: its Alipay order is closed here at once and at Alipay by the tick; paid there meanwhile, the money is late and a refund the system requests goes back through Alipay once approved', async () => {
  const unit = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
  const applyFee = async () => {
    const r = await me.post('/api/v1/applications', { service_id: 4, unit_id: unit, form: residenceForm(), attachments: await residenceAttachments(me) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.fee_cents, 2000);
    const o = await me.post('/api/v1/payments', { purpose: 'application', ref: r.json.tracking_no, channel: 'alipay' });
    assert.equal(o.status, 201, o.text);
    assert.equal(o.json.status, 'paying');
    return { no: r.json.tracking_no, order: o.json };
  };
  const withdraw = async (no) => assert.equal((await me.post(`/api/v1/applications/${no}/transitions`, { event: 'withdraw' })).status, 200);
  const calls = (id, method) => gw.calls.filter((c) => c.method === method && c.biz.out_trade_no === id);

  // Waiting at Alipay's cashier: closed at Alipay, which then refuses the payment.
  const a = await applyFee();
  gw.trade(a.order.id, { total_amount: '20.00', trade_status: 'WAIT_BUYER_PAY' });
  await withdraw(a.no);
  assert.equal(await status(a.order.id), 'closed');
  await waitFor(async () => calls(a.order.id, 'alipay.trade.close').length === 1, 'alipay.trade.close');
  assert.equal(gw.trades.get(a.order.id).trade_status, 'TRADE_CLOSED');
  await waitFor(async () => (await srv.value(`SELECT close_at_channel FROM payment_orders WHERE id = '${a.order.id}'`)) === '0', 'the mark to clear');
  assert.ok(calls(a.order.id, 'alipay.trade.close').every((c) => c.verified));

  // Paid at Alipay before the close reached it: the tick's query finds the money: late, a system refund.
  const b = await applyFee();
  const trade = gw.trade(b.order.id, { total_amount: '20.00' });
  await withdraw(b.no);
  await waitFor(async () => (await srv.value(`SELECT late_cents FROM payment_orders WHERE id = '${b.order.id}'`)) === '2000', 'the late money');
  assert.equal(await status(b.order.id), 'closed');
  assert.equal(calls(b.order.id, 'alipay.trade.close').length, 0, 'a paid trade is not closed');
  assert.equal(await srv.value(`SELECT late_trade_no FROM payment_orders WHERE id = '${b.order.id}'`), trade.trade_no);
  const rid = await srv.value(`SELECT id FROM payment_refunds WHERE order_id = '${b.order.id}' AND requested_by IS NULL AND origin = 'late'`);
  assert.ok(rid);
  // Alipay's own notification arriving afterwards changes nothing more.
  const n = await notify(gw.notification({ out_trade_no: b.order.id, trade_no: trade.trade_no, total_amount: '20.00', trade_status: 'TRADE_SUCCESS' }));
  assert.equal(n.status, 200, n.text);
  assert.equal(n.text, 'success');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_refunds WHERE order_id = '${b.order.id}'`)), 1);
  const approver = await srv.signIn('finance_approver');
  const ok = await approver.post(`/api/v1/payments/refunds/${rid}/approve`, {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'succeeded');
  const refund = calls(b.order.id, 'alipay.trade.refund');
  assert.equal(refund.length, 1);
  assert.equal(refund[0].biz.refund_amount, '20.00');
  assert.equal(refund[0].verified, true);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout);
});
