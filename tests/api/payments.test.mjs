// Payments: a handled violation's fine paid exactly once through the sandbox
// channel. The amount is the server's; only the payer sees the order; a
// second order while one is open is the same order, after success 409; the
// notify endpoint moves an order once whatever arrives (duplicates, forged,
// wrong amount, late, shuffled, concurrent), and the ledger balances.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN, DB_KIND } from './harness.mjs';

let srv;
let me; // the demo citizen, who has the demo car bound
let vehicleId;
let seq = 0;

before(async () => {
  srv = await startServer();
  me = await srv.signIn(DEMO_CITIZEN);
  vehicleId = await srv.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
});
after(async () => { await srv?.stop(); });

const now = () => Math.floor(Date.now() / 1000);

/** A violation of the demo car, handled daysAgo days ago (null: unhandled); its id as a string. */
async function addViolation({ fine = 20000, daysAgo = 1 } = {}) {
  seq += 1;
  const number = `33990${String(Date.now() % 1e6).padStart(6, '0')}${String(seq).padStart(5, '0')}`;
  const handled = daysAgo === null ? null : now() - daysAgo * 86400;
  const status = handled === null ? 'unhandled' : 'handled';
  const decision = handled === null ? 'NULL' : `'D${number}'`;
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
    decision_no, handled_at) VALUES ('${number}', ${vehicleId}, ${now() - 40 * 86400}, '台州市椒江区测试路', '1625',
    ${fine}, 0, '${status}', ${decision}, ${handled ?? 'NULL'})`);
  return String(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));
}

const pay = (c, ref, over = {}, opts = {}) =>
  c.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox', ...over }, opts);
const orderCount = async () => Number(await srv.value('SELECT COUNT(*) FROM payment_orders'));
const counter = async (name) => Number(await srv.value(`SELECT value FROM counters WHERE name = '${name}'`));
const notify = (body, channel = 'sandbox') =>
  srv.client().req('POST', `/api/v1/payments/notify/${channel}`, { raw: body, csrf: false });
async function notification(c, id, result = 'success') {
  const r = await c.get(`/api/v1/payments/${id}/sandbox/notification?result=${result}`);
  assert.equal(r.status, 200, r.text);
  return r.text;
}

test('an order: the server decides the amount (fine + late fee), the same open order comes back, after success 409', async () => {
  const ref = await addViolation({ fine: 20000, daysAgo: 20 }); // 5 days late: 15 %
  const before = await counter('transactions');
  const r = await pay(me, ref);
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.id, /^P\d{20}$/);
  assert.equal(r.json.status, 'created');
  assert.equal(r.json.purpose, 'violation');
  assert.equal(r.json.ref, ref);
  assert.equal(r.json.channel, 'sandbox');
  assert.equal(r.json.principal_cents, 20000);
  assert.equal(r.json.late_fee_cents, 3000);
  assert.equal(r.json.amount_cents, 23000);
  assert.equal(r.json.pay_url, `/pay/sandbox/${r.json.id}`);
  assert.equal(Date.parse(r.json.expires_at) - Date.parse(r.json.created_at), 15 * 60 * 1000);

  // A second tab: the same open order, 200.
  const again = await pay(me, ref);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.id, r.json.id);
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_orders WHERE ref = '${ref}'`)), 1);

  // The cashier: pay.
  const paid = await me.post(`/api/v1/payments/${r.json.id}/sandbox`, { result: 'success' });
  assert.equal(paid.status, 202, paid.text);
  assert.equal(paid.json.status, 'succeeded');
  assert.equal(paid.json.pay_url, null);
  assert.ok(paid.json.paid_at);
  const got = await me.get(`/api/v1/payments/${r.json.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.status, 'succeeded');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'paid');
  assert.equal(await counter('transactions'), before + 1);
  // The ledger: one movement of two rows summing to zero.
  const rows = await srv.rows(`SELECT account, amount_cents FROM payment_ledger WHERE order_id = '${r.json.id}' ORDER BY account`);
  assert.deepEqual(rows, [['clearing:sandbox', '23000'], ['revenue:violation', '-23000']]);
  // The citizen's list of violations says paid; the list of payments has it.
  const mine = await me.get('/api/v1/me/payments');
  assert.equal(mine.status, 200);
  assert.ok(mine.json.items.some((o) => o.id === r.json.id && o.status === 'succeeded'));

  // Paid: a new order is 409 and nothing is written; pressing pay again is 409.
  const n = await orderCount();
  assertProblem(await pay(me, ref), 409, 'conflict');
  assertProblem(await me.post(`/api/v1/payments/${r.json.id}/sandbox`, { result: 'success' }), 409, 'conflict');
  assert.equal(await orderCount(), n);
  assert.equal(await counter('transactions'), before + 1);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});

test('a failed payment leaves the fine owed; a new order can be made', async () => {
  const ref = await addViolation({ fine: 5000, daysAgo: 2 });
  const r = await pay(me, ref);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.late_fee_cents, 0);
  const failed = await me.post(`/api/v1/payments/${r.json.id}/sandbox`, { result: 'fail' });
  assert.equal(failed.status, 202, failed.text);
  assert.equal(failed.json.status, 'failed');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE order_id = '${r.json.id}'`)), 0);
  const next = await pay(me, ref);
  assert.equal(next.status, 201, next.text);
  assert.notEqual(next.json.id, r.json.id);
});

test('bad input: 422/400 naming the problem, a client-sent amount is refused, and no order is written', async () => {
  const ref = await addViolation();
  const n = await orderCount();
  assertInvalid(await pay(me, ref, { amount_cents: 1 }), 'amount_cents', 'amount from the client');
  assertInvalid(await pay(me, ref, { purpose: 'donation' }), 'purpose');
  assertInvalid(await pay(me, ref, { channel: 'paypal' }), 'channel');
  assertInvalid(await pay(me, ref, { channel: 12 }), 'channel');
  assertInvalid(await pay(me, 'x'.repeat(65)), 'ref');
  assertInvalid(await pay(me, ''), 'ref');
  assertInvalid(await me.post('/api/v1/payments', { purpose: 'violation', channel: 'sandbox' }), 'ref');
  assertProblem(await me.req('POST', '/api/v1/payments', { raw: '{"purpose": "violation",' }), 400, 'bad-json');
  assertProblem(await me.req('POST', '/api/v1/payments', { raw: '{"purpose":"violation","ref":"1\\u0000","channel":"sandbox"}' }), 400);
  // Refs that are not violations of hers: 404 alike.
  for (const bad of ['abc', '0', '-1', '99999999999', '1e3', '9'.repeat(19)])
    assertProblem(await pay(me, bad), 404, 'not-found', bad);
  // Not yet decided: 409.
  assertProblem(await pay(me, await addViolation({ daysAgo: null })), 409, 'conflict');
  // Idempotency-Key: malformed → 400.
  assertProblem(await pay(me, ref, {}, { headers: { 'Idempotency-Key': 'bad key!' } }), 400);
  assert.equal(await orderCount(), n);
});

test('Idempotency-Key: the same key and body is the same order; another body with it is 422', async () => {
  const ref = await addViolation();
  const key = `k-${Date.now()}`;
  const a = await pay(me, ref, {}, { headers: { 'Idempotency-Key': key } });
  assert.equal(a.status, 201, a.text);
  const b = await pay(me, ref, {}, { headers: { 'Idempotency-Key': key } });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.json.id, a.json.id);
  const other = await addViolation();
  assertProblem(await pay(me, other, {}, { headers: { 'Idempotency-Key': key } }), 422, 'validation');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_orders WHERE ref = '${other}'`)), 0);
});

test('the attacker: another citizen, no session, no CSRF token, staff', async () => {
  const ref = await addViolation();
  const order = await pay(me, ref);
  assert.equal(order.status, 201, order.text);
  const id = order.json.id;
  const eve = await registerCitizen(srv);
  const evec = await srv.signIn(eve.phone, eve.password);
  // She can neither pay for the demo car's fine (404, as if it did not exist) nor see or touch the order.
  assertProblem(await pay(evec, ref), 404, 'not-found');
  assertProblem(await evec.get(`/api/v1/payments/${id}`), 404, 'not-found');
  const zh = await evec.get(`/api/v1/payments/${id}`, { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } });
  assert.match(zh.json.detail, /您没有编号为 P\d+ 的缴费订单/);
  assertProblem(await evec.post(`/api/v1/payments/${id}/sandbox`, { result: 'success' }), 404, 'not-found');
  assertProblem(await evec.get(`/api/v1/payments/${id}/sandbox/notification?result=success`), 404, 'not-found');
  assert.ok(!(await evec.get('/api/v1/me/payments')).json.items.some((o) => o.id === id));
  // No session: 401; no CSRF token: 403 and nothing moves.
  assertProblem(await srv.client().get(`/api/v1/payments/${id}`), 401);
  assertProblem(await srv.client().post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' }), 401);
  assertProblem(await me.post(`/api/v1/payments/${id}/sandbox`, { result: 'success' }, { csrf: false }), 403, 'csrf');
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${id}'`), 'created');
  // Staff are not payers.
  const officer = await srv.signIn('officer');
  assertProblem(await officer.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' }), 403);
  // An id that is not an order id at all.
  assertProblem(await me.get('/api/v1/payments/P1'), 404);
  assertProblem(await me.get(`/api/v1/payments/${'P'.padEnd(21, '9')}`), 404);
});

test('notifications: forged, unknown, wrong amount → 400 and nothing moves; duplicates and late ones are acknowledged, never applied twice', async () => {
  const ref = await addViolation({ fine: 10000 });
  const { json: o } = await pay(me, ref);
  const good = await notification(me, o.id, 'success');
  const alerts = await counter('payment_alerts');

  const forged = JSON.parse(good);
  forged.sign = forged.sign.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
  assertProblem(await notify(JSON.stringify(forged)), 400, 'bad-request', 'bad signature');
  const cheaper = { ...JSON.parse(good), amount_cents: 1 };
  assertProblem(await notify(JSON.stringify(cheaper)), 400, 'bad-request', 'amount changed: signature breaks');
  const otherApp = { ...JSON.parse(good), app_id: 'someone-else' };
  assertProblem(await notify(JSON.stringify(otherApp)), 400, 'bad-request', 'another app id');
  assertProblem(await notify('not json'), 400, 'bad-request', 'malformed');
  assertProblem(await notify(''), 400, 'bad-request', 'empty');
  assertProblem(await notify('{"a":"\u0000"}'), 400, 'bad-request', 'NUL');
  assertProblem(await notify(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, 'bad-request', 'bad UTF-8');
  assertProblem(await notify(good, 'wechat'), 404, 'not-found', 'unknown channel');
  assertProblem(await notify('x'.repeat(20000)), 413, 'too-large');
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`), 'created');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');
  assert.ok(await counter('payment_alerts') >= alerts + 7);

  // The genuine one, three times: applied once, acknowledged each time.
  for (let i = 0; i < 3; i++) {
    const r = await notify(good);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'success');
  }
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`), 'succeeded');
  const outcomes = await srv.rows(`SELECT outcome FROM payment_notifications WHERE order_id = '${o.id}' ORDER BY id`);
  assert.deepEqual(outcomes.map((x) => x[0]), ['applied', 'duplicate', 'duplicate']);
  // A "fail" after success changes nothing.
  const lateFail = await notify(await notification(me, o.id, 'fail'));
  assert.equal(lateFail.status, 200, lateFail.text);
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`), 'succeeded');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE order_id = '${o.id}'`)), 2);

  // A genuine notification whose amount no longer matches the order (the
  // channel took another sum): 400, recorded, nothing moves.
  const ref2 = await addViolation({ fine: 8000 });
  const { json: o2 } = await pay(me, ref2);
  const good2 = await notification(me, o2.id, 'success');
  await srv.sql(`UPDATE payment_orders SET principal_cents = 7000, amount_cents = 7000 WHERE id = '${o2.id}'`);
  assertProblem(await notify(good2), 400, 'bad-request');
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${o2.id}'`), 'created');
  assert.equal(await srv.value(`SELECT outcome FROM payment_notifications WHERE order_id = '${o2.id}'`), 'amount_mismatch');
});

test('an order not paid in 15 minutes is closed by the tick; a payment arriving after that is recorded as late and moves nothing', async () => {
  const ref = await addViolation({ fine: 3000 });
  const { json: o } = await pay(me, ref);
  const good = await notification(me, o.id, 'success');
  await srv.sql(`UPDATE payment_orders SET expires_at = ${now() - 1} WHERE id = '${o.id}'`);
  let status;
  for (let i = 0; i < 60; i++) {
    status = await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`);
    if (status === 'closed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 'closed');
  assertProblem(await me.post(`/api/v1/payments/${o.id}/sandbox`, { result: 'success' }), 409, 'conflict');
  const late = await notify(good);
  assert.equal(late.status, 200, late.text); // acknowledged, so the channel stops; an alert for a refund
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`), 'closed');
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${ref}`), 'handled');
  assert.equal(await srv.value(`SELECT outcome FROM payment_notifications WHERE order_id = '${o.id}' ORDER BY id DESC LIMIT 1`), 'late');
  // The fine is still owed: a new order.
  assert.equal((await pay(me, ref)).status, 201);
});

test('the ledger is append-only on the database itself, and `payments check` finds a tampered one', async () => {
  const ref = await addViolation({ fine: 4000 });
  const { json: o } = await pay(me, ref);
  assert.equal((await me.post(`/api/v1/payments/${o.id}/sandbox`, { result: 'success' })).status, 202);
  await assert.rejects(srv.sql(`UPDATE payment_ledger SET amount_cents = 1 WHERE order_id = '${o.id}'`));
  await assert.rejects(srv.sql(`DELETE FROM payment_ledger WHERE order_id = '${o.id}'`));
  assert.equal(Number(await srv.value(`SELECT SUM(amount_cents) FROM payment_ledger WHERE order_id = '${o.id}'`)), 0);
  let check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  // A row slipped in: the movement no longer balances, the order's clearing is off.
  await srv.sql(`INSERT INTO payment_ledger (movement, order_id, account, amount_cents, at)
    VALUES ('pay:${o.id}', '${o.id}', 'clearing:extra', 100, ${now()})`);
  check = await srv.cli(['payments', 'check']);
  assert.notEqual(check.code, 0, check.stdout);
  assert.match(check.stdout, new RegExp(`movement pay:${o.id} does not balance`));
  assert.match(check.stdout, /1 difference/);
});

test('a channel that is off takes no orders', async () => {
  const ref = await addViolation();
  const off = await srv.cli(['payments', 'channel', 'sandbox', 'off']);
  assert.equal(off.code, 0, off.stderr);
  try {
    const n = await orderCount();
    assertProblem(await pay(me, ref), 422, 'not-allowed');
    assert.deepEqual((await srv.client().get('/api/v1/payments/channels')).json.items, []);
    assert.equal(await orderCount(), n);
  } finally {
    assert.equal((await srv.cli(['payments', 'channel', 'sandbox', 'on'])).code, 0);
  }
  assert.deepEqual((await srv.client().get('/api/v1/payments/channels')).json.items, [{ name: 'sandbox' }]);
  assert.equal((await srv.cli(['payments', 'channel', 'nosuch', 'on'])).code, 1);
});

test(`storm (${DB_KIND}): 1,000 notifications for 50 orders from 16 senders — one success transition per paid order, the ledger balances`, async () => {
  const orders = [];
  for (let i = 0; i < 50; i++) {
    const ref = await addViolation({ fine: 1000 + i * 10 });
    const r = await pay(me, ref);
    assert.equal(r.status, 201, r.text);
    orders.push({ id: r.json.id, ref, amount: r.json.amount_cents });
  }
  // Orders 0–29 are paid; 30–39 fail; 40–44 are paid at the channel for
  // another amount; 45–49 hear only forgeries.
  const notes = [];
  for (const [i, o] of orders.entries()) {
    if (i < 30) o.success = await notification(me, o.id, 'success');
    if (i >= 30 && i < 40) o.fail = await notification(me, o.id, 'fail');
    if (i >= 40 && i < 45) o.mismatch = await notification(me, o.id, 'success');
  }
  for (const o of orders.slice(40, 45)) {
    await srv.sql(`UPDATE payment_orders SET principal_cents = principal_cents + 1, amount_cents = amount_cents + 1 WHERE id = '${o.id}'`);
  }
  let k = 0;
  while (notes.length < 1000) {
    const o = orders[k % 50];
    const roll = Math.floor(k / 50) % 10; // each order's 20 rounds: 12 genuine, 8 forged
    k += 1;
    const body = o.success ?? o.fail ?? o.mismatch;
    if (body && roll < 6) notes.push({ body, kind: 'genuine' });
    else if (body && roll < 8) notes.push({ body: JSON.stringify({ ...JSON.parse(body), amount_cents: 999999 }), kind: 'forged' });
    else {
      const forged = { app_id: 'jingwu-sandbox', out_trade_no: o.id, trade_no: `SBX${k}`, amount_cents: o.amount, result: 'success', sign: 'ab'.repeat(32) };
      notes.push({ body: JSON.stringify(forged), kind: 'forged' });
    }
  }
  // Shuffle (deterministic).
  let seed = 20111129;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = notes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [notes[i], notes[j]] = [notes[j], notes[i]];
  }
  const statuses = {};
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < notes.length) {
      const n = notes[next++];
      const r = await notify(n.body);
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      assert.ok(r.status === 200 || r.status === 400, `${r.status} ${r.text}`);
      if (n.kind === 'forged') assert.equal(r.status, 400, `a forgery was accepted: ${n.body}`);
    }
  }));
  const ids = orders.map((o) => `'${o.id}'`).join(',');
  const applied = await srv.rows(`SELECT order_id, COUNT(*) FROM payment_notifications
    WHERE outcome = 'applied' AND order_id IN (${ids}) GROUP BY order_id`);
  const appliedBy = Object.fromEntries(applied.map(([id, n]) => [id, Number(n)]));
  for (const [i, o] of orders.entries()) {
    const status = await srv.value(`SELECT status FROM payment_orders WHERE id = '${o.id}'`);
    const vstatus = await srv.value(`SELECT status FROM violations WHERE id = ${o.ref}`);
    if (i < 30) {
      assert.equal(status, 'succeeded', `order ${i}`);
      assert.equal(vstatus, 'paid', `violation ${i}`);
      assert.equal(appliedBy[o.id], 1, `order ${i} applied ${appliedBy[o.id]} times`);
    } else if (i < 40) {
      assert.equal(status, 'failed', `order ${i}`);
      assert.equal(vstatus, 'handled');
      assert.equal(appliedBy[o.id], 1, `order ${i}`);
    } else {
      assert.equal(status, 'created', `order ${i}`);
      assert.equal(vstatus, 'handled');
      assert.equal(appliedBy[o.id], undefined, `order ${i}`);
    }
  }
  const ledger = await srv.rows(`SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM payment_ledger WHERE order_id IN (${ids})`);
  assert.deepEqual(ledger, [['60', '0']]);
  const clearing = Number(await srv.value(`SELECT SUM(amount_cents) FROM payment_ledger WHERE order_id IN (${ids}) AND account = 'clearing:sandbox'`));
  assert.equal(clearing, orders.slice(0, 30).reduce((s, o) => s + o.amount, 0));
});

test('daily reconciliation: the sandbox states itself; a doctored statement shows what is only ours, only theirs, or different', async () => {
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  // Two more paid orders today, so the day has several.
  for (const fine of [1100, 2200, 3300]) {
    const { json: o } = await pay(me, await addViolation({ fine }));
    assert.equal((await me.post(`/api/v1/payments/${o.id}/sandbox`, { result: 'success' })).status, 202);
  }
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const st = await srv.cli(['payments', 'statement', '--channel', 'sandbox', '--date', today]);
  assert.equal(st.code, 0, st.stderr);
  const lines = st.stdout.trim().split('\r\n');
  assert.equal(lines[0], 'trade_no,out_trade_no,amount_cents,paid_at');
  // What the channel took today: the paid orders, and the late money of a closed one (an earlier test), which the
  // channel took all the same (it is being refunded) and our side counts too.
  const paidToday = Number(await srv.value(`SELECT COUNT(*) FROM payment_orders WHERE channel = 'sandbox' AND (paid_at IS NOT NULL OR late_at IS NOT NULL)`));
  assert.ok(Number(await srv.value("SELECT COUNT(*) FROM payment_orders WHERE channel = 'sandbox' AND late_at IS NOT NULL")) >= 1);
  assert.equal(lines.length - 1, paidToday);
  const file = (name, text) => { const p = join(srv.tmp, name); return writeFile(p, text).then(() => p); };
  const reconcile = async (path, date = today, channel = 'sandbox') =>
    srv.cli(['payments', 'reconcile', '--channel', channel, '--date', date, '--file', path]);

  const cliAudits = async () => srv.rows("SELECT detail FROM audit_log WHERE action = 'payment.reconcile' AND actor_login = 'cli' ORDER BY id");
  const auditedBefore = (await cliAudits()).length;

  // As stated: everything matches.
  let r = await reconcile(await file('same.csv', st.stdout));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`${paidToday} statement rows, ${paidToday} matched, 0 difference`));

  // Doctored: the first row dropped, the second's amount changed, the third
  // repeated, a stranger and an unreadable row added.
  const rows = lines.slice(1).map((l) => l.split(','));
  const [first, second, third] = rows;
  const doctored = [lines[0],
    ...rows.slice(1).map((c) => (c === second ? [c[0], c[1], String(Number(c[2]) + 1), c[3]] : c).join(',')),
    third.join(','), 'SBX,P20261130999999999999,500,', ',,12,', `${second[0]},${second[1]},12.5,`].join('\r\n');
  r = await reconcile(await file('doctored.csv', doctored));
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`only_ours\\s+${first[1]}`));
  assert.match(r.stdout, new RegExp(`amount_differs\\s+${second[1]}\\s+ours ${(Number(second[2]) / 100).toFixed(2)}`));
  assert.match(r.stdout, new RegExp(`duplicate\\s+${third[1]}`));
  assert.match(r.stdout, /only_theirs\s+P20261130999999999999\s+ours -\s+theirs 5\.00/);
  assert.match(r.stdout, /bad_row\s+-.*no order number/);
  assert.match(r.stdout, /bad_row\s+P\d+.*the amount is not money/);

  // Alipay's statement layout (comment lines, Chinese headers, yuan) reads alike.
  const alipay = ['#支付宝业务明细查询', '#账号：[20880000000000000156]',
    '支付宝交易号,商户订单号,业务类型,商品名称,订单金额（元）',
    ...rows.map((c) => `${c[0]}\t,${c[1]}\t,交易,罚款,${(Number(c[2]) / 100).toFixed(2)}`),
    '#-----------------------------------------业务明细列表结束------------------------------------', '#导出时间：[2026年11月30日 10:00:00]'].join('\r\n');
  r = await reconcile(await file('alipay.csv', alipay));
  assert.equal(r.code, 0, r.stdout + r.stderr);

  // Another day: our orders are not there, theirs are "only theirs".
  r = await reconcile(await file('same2.csv', st.stdout), '2020-01-01');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /only_theirs/);
  assert.doesNotMatch(r.stdout, /only_ours/);

  // Refused inputs: not CSV, no header, a bad date, an unknown channel, a missing file.
  for (const [name, text, re] of [
    ['quote.csv', 'out_trade_no,amount_cents\r\n"P1,100\r\n', /statement is not CSV/],
    ['nohead.csv', 'a,b,c\r\n1,2,3\r\n', /statement needs a header/],
  ]) {
    r = await reconcile(await file(name, text));
    assert.equal(r.code, 1, name);
    assert.match(r.stderr, re, name);
  }
  r = await reconcile(await file('x.csv', st.stdout), '2026-02-30');
  assert.match(r.stderr, /date must be a date/);
  r = await reconcile(await file('y.csv', st.stdout), today, 'paypal');
  assert.match(r.stderr, /channel is not a payment channel/);
  r = await reconcile(join(srv.tmp, 'nope.csv'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot open/);
  // Each run that read a statement is in the audit log as the console's are: the file, its SHA-256, the result or
  // the refusal (8 runs above; the missing file never reached the database).
  const audited = (await cliAudits()).slice(auditedBefore);
  assert.equal(audited.length, 8);
  assert.match(audited[0][0], new RegExp(`same\\.csv, \\d+ bytes, sha256 [0-9a-f]{64}: ${paidToday} rows, ${paidToday} matched, 0 differences`));
  assert.match(audited[4][0], /quote\.csv.*refused: .*not CSV/);
  assert.equal((await srv.cli(['payments', 'reconcile', '--channel', 'sandbox'])).code, 2);
});
