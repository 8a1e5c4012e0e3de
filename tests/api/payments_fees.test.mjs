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
