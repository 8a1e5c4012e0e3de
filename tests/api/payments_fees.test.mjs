// An item with a fee (工本费): the application waits for its payment before
// it reaches the queue; its applicant pays it like a fine, through the same
// orders, and the case moves on; nobody else can pay or work it meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, registerCitizen, DEMO_CITIZEN } from './harness.mjs';
import { residenceAttachments, residenceForm, RESIDENCE } from './service_hall.mjs';

const LOST_PERMIT = 4; // 居住证遗失补领: fee 2000 cents (migration 0003)
let srv;
let citizen;
let chief;
let unit;

before(async () => {
  srv = await startServer({
    env: { JINGWU_APP_OPEN_PER_ITEM: '1000', JINGWU_APP_DAILY: '1000', JINGWU_UPLOAD_DAILY_FILES: '10000' },
  });
  citizen = await srv.signIn(DEMO_CITIZEN);
  chief = await srv.signIn('station_chief');
  unit = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
});
after(async () => { await srv?.stop(); });

async function apply(serviceId = LOST_PERMIT) {
  const r = await citizen.post('/api/v1/applications', {
    service_id: serviceId, unit_id: unit, form: residenceForm(), attachments: await residenceAttachments(citizen),
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const pay = (c, ref) => c.post('/api/v1/payments', { purpose: 'application', ref, channel: 'sandbox' });
const inQueue = async (no) =>
  (await chief.all('/api/v1/applications?status=submitted')).some((i) => i.tracking_no === no);
const accept = (no) => chief.post(`/api/v1/applications/${no}/transitions`, { event: 'accept' });

test('a fee item waits for its fee: not in the queue, staff cannot act; paid, it moves on', async () => {
  const made = await apply();
  assert.equal(made.fee_cents, 2000);
  assert.equal(made.payment_status, 'to_pay');
  const no = made.tracking_no;
  const mine = await citizen.get(`/api/v1/applications/${no}`);
  assert.equal(mine.json.payment_status, 'to_pay');
  assert.equal(mine.json.fee_cents, 2000);
  assert.ok((await citizen.get('/api/v1/me/applications')).json.items.some((i) => i.tracking_no === no && i.payment_status === 'to_pay'));

  assert.equal(await inQueue(no), false, 'an unpaid case is not in the queue');
  assertProblem(await accept(no), 409, 'conflict');
  assert.equal(await srv.value(`SELECT status FROM applications WHERE tracking_no = '${no}'`), 'submitted');

  const order = await pay(citizen, no);
  assert.equal(order.status, 201, order.text);
  assert.equal(order.json.amount_cents, 2000);
  assert.equal(order.json.late_fee_cents, 0);
  assert.match(order.json.subject, /居住证遗失补领 工本费（办件编号 TZ/);
  const paid = await citizen.post(`/api/v1/payments/${order.json.id}/sandbox`, { result: 'success' });
  assert.equal(paid.status, 202, paid.text);
  assert.equal(paid.json.status, 'succeeded');

  assert.equal((await citizen.get(`/api/v1/applications/${no}`)).json.payment_status, 'paid');
  assert.equal(await inQueue(no), true, 'paid: in the queue');
  assert.equal((await accept(no)).status, 200);
  assertProblem(await pay(citizen, no), 409, 'conflict', 'paid twice');
  const ledger = await srv.rows(`SELECT account, amount_cents FROM payment_ledger WHERE order_id = '${order.json.id}' ORDER BY account`);
  assert.deepEqual(ledger, [['clearing:sandbox', '2000'], ['revenue:application', '-2000']]);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout);
});

test('nobody else pays it; a free item and a withdrawn case owe nothing', async () => {
  const { tracking_no: no } = await apply();
  const eve = await registerCitizen(srv);
  const evec = await srv.signIn(eve.phone, eve.password);
  const n = Number(await srv.value('SELECT COUNT(*) FROM payment_orders'));
  assertProblem(await pay(evec, no), 404, 'not-found');
  assertProblem(await pay(chief, no), 403);
  assertProblem(await pay(citizen, 'TZ-nope'), 404, 'not-found');
  assertProblem(await pay(citizen, 'x'.repeat(64)), 404, 'not-found');

  const free = await apply(RESIDENCE);
  assert.equal(free.payment_status, 'none');
  assert.equal(await inQueue(free.tracking_no), true);
  assertProblem(await pay(citizen, free.tracking_no), 409, 'conflict');

  const w = await citizen.post(`/api/v1/applications/${no}/transitions`, { event: 'withdraw' });
  assert.equal(w.status, 200, w.text);
  assertProblem(await pay(citizen, no), 409, 'conflict');
  assert.equal(Number(await srv.value('SELECT COUNT(*) FROM payment_orders')), n);
});

test('an order left open when the case is withdrawn cannot be paid at the cashier: it is closed', async () => {
  const { tracking_no: no } = await apply();
  const order = await pay(citizen, no);
  assert.equal(order.status, 201, order.text);
  assert.equal((await citizen.post(`/api/v1/applications/${no}/transitions`, { event: 'withdraw' })).status, 200);
  const r = await citizen.post(`/api/v1/payments/${order.json.id}/sandbox`, { result: 'success' });
  assertProblem(r, 409, 'conflict');
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${order.json.id}'`), 'closed');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE order_id = '${order.json.id}'`)), 0);
  assert.equal(await srv.value(`SELECT COALESCE(paid_at, 0) FROM application_fees f JOIN applications a ON a.id = f.application_id WHERE a.tracking_no = '${no}'`), '0');
});

const orderRow = async (id) => (await srv.rows(`SELECT status, close_at_channel, late_cents, refunded_cents, refund_pending_cents FROM payment_orders WHERE id = '${id}'`))[0];
const feePaid = async (no) => srv.value(`SELECT COALESCE(paid_at, 0) FROM application_fees f JOIN applications a ON a.id = f.application_id WHERE a.tracking_no = '${no}'`);
const notifySandbox = (text) => srv.client().req('POST', '/api/v1/payments/notify/sandbox', { raw: text, csrf: false, headers: { 'Content-Type': 'application/json' } });

async function waitFor(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  let v;
  while (Date.now() < end) {
    v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what} (${v})`);
}

test('withdrawing the case closes its open order at once (and the tick at the channel); money that still comes is late and goes back through a refund the system requests', async () => {
  const { tracking_no: no } = await apply();
  const order = await pay(citizen, no);
  assert.equal(order.status, 201, order.text);
  const id = order.json.id;
  // What the sandbox would send for a payment made at its cashier, kept for later.
  const notice = await citizen.get(`/api/v1/payments/${id}/sandbox/notification?result=success`);
  assert.equal(notice.status, 200, notice.text);

  assert.equal((await citizen.post(`/api/v1/applications/${no}/transitions`, { event: 'withdraw' })).status, 200);
  // Closed in the withdrawal's own transaction, not when someone next looks.
  const [st] = await orderRow(id);
  assert.equal(st, 'closed');
  assert.ok(await srv.value(`SELECT ended_at FROM payment_orders WHERE id = '${id}'`));
  // The tick closes it at the channel too (the sandbox's close), then clears the mark.
  await waitFor(async () => (await orderRow(id))[1] === '0', 'the tick to close the order at its channel');
  const mine = await citizen.get(`/api/v1/payments/${id}`);
  assert.equal(mine.json.status, 'closed');
  assert.equal(mine.json.pay_url, null);
  assert.equal(mine.json.payable_status, 'nothing_owed', 'a withdrawn case owes nothing');

  // The money arrives all the same (a channel that took it before the close): acknowledged, late, an alert.
  const alerts = Number(await srv.value("SELECT value FROM counters WHERE name = 'payment_alerts'"));
  for (let i = 0; i < 2; i++) {
    const r = await notifySandbox(notice.text);
    assert.equal(r.status, 200, r.text);
  }
  assert.deepEqual(await orderRow(id), ['closed', '0', '2000', '0', '2000']);
  assert.equal(await feePaid(no), '0', 'a withdrawn case\'s fee is not paid by it');
  assert.equal(await srv.value(`SELECT status FROM applications WHERE tracking_no = '${no}'`), 'withdrawn');
  assert.ok(Number(await srv.value("SELECT value FROM counters WHERE name = 'payment_alerts'")) >= alerts + 2);
  const outcomes = (await srv.rows(`SELECT outcome FROM payment_notifications WHERE order_id = '${id}' ORDER BY id`)).map((r) => r[0]);
  assert.deepEqual(outcomes, ['late', 'late']);
  // One refund, requested by the system (no person), for the whole amount, once however often the news comes.
  const refunds = await srv.rows(`SELECT COALESCE(requested_by, 0), origin, amount_cents, status FROM payment_refunds WHERE order_id = '${id}'`);
  assert.deepEqual(refunds, [['0', 'late', '2000', 'requested']]);
  const ledger = await srv.rows(`SELECT account, amount_cents FROM payment_ledger WHERE order_id = '${id}' ORDER BY account`);
  assert.deepEqual(ledger, [['clearing:sandbox', '2000'], ['suspense:late', '-2000']]);
  assert.equal((await srv.cli(['payments', 'check'])).code, 0);

  // The console shows it as the system's (系统); a finance approver still decides (four eyes: the system asked).
  const cashier = await srv.signIn('cashier');
  const approver = await srv.signIn('finance_approver');
  const listed = await cashier.get(`/api/v1/payments/refunds?status=requested&limit=100`);
  const mineRefund = listed.json.items.find((r) => r.order_id === id);
  assert.ok(mineRefund, listed.text);
  assert.equal(mineRefund.requested_by.name, '系统');
  assert.equal(mineRefund.requested_by.system, true);
  assert.equal(mineRefund.origin, 'late');
  assert.match(mineRefund.reason, /系统/);
  assertProblem(await cashier.post(`/api/v1/payments/refunds/${mineRefund.id}/approve`, {}), 403);
  // Nothing more can be asked back than came.
  assertProblem(await cashier.post(`/api/v1/payments/${id}/refunds`, { amount_cents: 1, reason: '重复申请退款' }), 409, 'conflict');
  const ok = await approver.post(`/api/v1/payments/refunds/${mineRefund.id}/approve`, { note: '撤回后到账，原路退回' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'succeeded');
  assert.deepEqual(await orderRow(id), ['closed', '0', '2000', '2000', '0']);
  // Late money sent back was never revenue: the day's totals count neither it nor its refund.
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const totals = await cashier.get(`/api/v1/payments/daily?from=${day}&to=${day}`);
  assert.equal(totals.json.items[0].refunded_cents, 0, totals.text);
  const after = await srv.rows(`SELECT account, SUM(amount_cents) FROM payment_ledger WHERE order_id = '${id}' GROUP BY account ORDER BY account`);
  assert.deepEqual(after, [['clearing:sandbox', '0'], ['suspense:late', '0']]);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout);
  // The audit trail names the system as the requester.
  assert.equal(await srv.value(`SELECT actor_login FROM audit_log WHERE action = 'payment.refund.request' AND object_id = '${mineRefund.id}'`), 'system');
});

test('money for an order whose payable was settled otherwise (two orders, the first paid late) is late too and refunded', async () => {
  const { tracking_no: no } = await apply();
  const first = await pay(citizen, no);
  const noticeFirst = await citizen.get(`/api/v1/payments/${first.json.id}/sandbox/notification?result=success`);
  // The first order expires; a second one is paid.
  await srv.sql(`UPDATE payment_orders SET status = 'closed', ended_at = ${Math.floor(Date.now() / 1000)} WHERE id = '${first.json.id}'`);
  const second = await pay(citizen, no);
  assert.equal(second.status, 201, second.text);
  assert.equal((await citizen.post(`/api/v1/payments/${second.json.id}/sandbox`, { result: 'success' })).json.status, 'succeeded');
  // Then the first one's money arrives: late, and a refund is requested by the system.
  assert.equal((await notifySandbox(noticeFirst.text)).status, 200);
  assert.deepEqual(await orderRow(first.json.id), ['closed', '0', '2000', '0', '2000']);
  assert.equal(await srv.value(`SELECT origin FROM payment_refunds WHERE order_id = '${first.json.id}'`), 'late');
  assert.equal(await srv.value(`SELECT status FROM payment_orders WHERE id = '${second.json.id}'`), 'succeeded');
  assert.equal((await srv.cli(['payments', 'check'])).code, 0);
});
