// Refunds and the finance console: a cashier asks, a finance approver (never
// the asker) decides; the refundable amount never goes below zero however
// many refunds race; the ledger gets a refund movement once; the console
// lists, filters, totals by day and reconciles an uploaded statement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN } from './harness.mjs';

let srv;
let me;
let cashier;
let approver;
let vehicleId;
let seq = 0;

before(async () => {
  srv = await startServer();
  me = await srv.signIn(DEMO_CITIZEN);
  cashier = await srv.signIn('cashier');
  approver = await srv.signIn('finance_approver');
  vehicleId = await srv.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
});
after(async () => { await srv?.stop(); });

const now = () => Math.floor(Date.now() / 1000);

/** A paid order of amount cents: a handled violation of the demo car, paid through the sandbox. */
async function paidOrder(fine = 10000) {
  seq += 1;
  const number = `33880${String(Date.now() % 1e6).padStart(6, '0')}${String(seq).padStart(5, '0')}`;
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
    decision_no, handled_at) VALUES ('${number}', ${vehicleId}, ${now() - 5 * 86400}, '台州市椒江区测试路', '1625',
    ${fine}, 0, 'handled', 'D${number}', ${now() - 86400})`);
  const ref = String(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));
  const o = await me.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' });
  assert.equal(o.status, 201, o.text);
  const p = await me.post(`/api/v1/payments/${o.json.id}/sandbox`, { result: 'success' });
  assert.equal(p.json.status, 'succeeded');
  return o.json;
}
const ask = (id, amount_cents, reason = '多收加处罚款，依申请退还') =>
  cashier.post(`/api/v1/payments/${id}/refunds`, { amount_cents, reason });
const orderRow = async (id) => (await srv.rows(`SELECT status, refunded_cents, refund_pending_cents FROM payment_orders WHERE id = '${id}'`))[0];

test('a cashier asks, a finance approver approves: refunded once, the ledger balances, the order says partially_refunded then refunded', async () => {
  const o = await paidOrder(10000);
  const r = await ask(o.id, 3000);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'requested');
  assert.equal(r.json.amount_cents, 3000);
  assert.equal(r.json.requested_by.name, '财务室收费员');
  assert.deepEqual(await orderRow(o.id), ['succeeded', '0', '3000']);

  // The asker cannot decide; a citizen cannot ask or decide.
  assertProblem(await cashier.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {}), 403);
  assertProblem(await me.post(`/api/v1/payments/${o.id}/refunds`, { amount_cents: 1, reason: '我要退款' }), 403);
  assertProblem(await me.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {}), 403);

  const ok = await approver.post(`/api/v1/payments/refunds/${r.json.id}/approve`, { note: '核实无误' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'succeeded');
  assert.equal(ok.json.decided_by.name, '财务室审核员');
  assert.ok(ok.json.done_at);
  assert.deepEqual(await orderRow(o.id), ['partially_refunded', '3000', '0']);
  const rows = await srv.rows(`SELECT account, amount_cents FROM payment_ledger WHERE movement = 'refund:${r.json.id}' ORDER BY account`);
  assert.deepEqual(rows, [['clearing:sandbox', '-3000'], ['revenue:violation', '3000']]);
  // Decided once: again is 409, and nothing moves.
  assertProblem(await approver.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {}), 409, 'conflict');
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE movement = 'refund:${r.json.id}'`)), 2);

  // The rest: the order is refunded; more is 409 and says how much is left.
  const more = await ask(o.id, 7001);
  assertProblem(more, 409, 'conflict');
  assert.match(more.json.detail, /70\.00 yuan/);
  const rest = await ask(o.id, 7000);
  assert.equal((await approver.post(`/api/v1/payments/refunds/${rest.json.id}/approve`, {})).json.status, 'succeeded');
  assert.deepEqual(await orderRow(o.id), ['refunded', '10000', '0']);
  assertProblem(await ask(o.id, 1), 409, 'conflict');
  // A refunded fine is not payable again.
  assertProblem(await me.post('/api/v1/payments', { purpose: 'violation', ref: o.ref, channel: 'sandbox' }), 409);
  const check = await srv.cli(['payments', 'check']);
  assert.equal(check.code, 0, check.stdout);
  // The staff view of the order lists its refunds; the citizen's does not.
  const staffView = await approver.get(`/api/v1/payments/${o.id}`);
  assert.equal(staffView.status, 200, staffView.text);
  assert.equal(staffView.json.refunds.length, 2);
  assert.equal((await me.get(`/api/v1/payments/${o.id}`)).json.refunds, undefined);
});

test('racing refunds: 12 requests for more than half of what is left — exactly one is granted', async () => {
  const o = await paidOrder(5000);
  const rs = await Promise.all(Array.from({ length: 12 }, () => ask(o.id, 2600)));
  const codes = rs.map((r) => r.status).sort();
  assert.equal(codes.filter((c) => c === 201).length, 1, JSON.stringify(codes));
  assert.equal(codes.filter((c) => c === 409).length, 11, JSON.stringify(codes));
  assert.deepEqual(await orderRow(o.id), ['succeeded', '0', '2600']);
  // And two racing approvals of the one request: one decides it, the other gets 409.
  const rid = rs.find((r) => r.status === 201).json.id;
  const [a, b] = await Promise.all([
    approver.post(`/api/v1/payments/refunds/${rid}/approve`, {}),
    approver.post(`/api/v1/payments/refunds/${rid}/approve`, {}),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE movement = 'refund:${rid}'`)), 2);
  assert.deepEqual(await orderRow(o.id), ['partially_refunded', '2600', '0']);
});

test('a rejected refund releases its amount; a reason is required', async () => {
  const o = await paidOrder(4000);
  const r = await ask(o.id, 4000);
  assertInvalid(await approver.post(`/api/v1/payments/refunds/${r.json.id}/reject`, {}), 'note');
  assertProblem(await approver.req('POST', `/api/v1/payments/refunds/${r.json.id}/reject`), 400);
  const no = await approver.post(`/api/v1/payments/refunds/${r.json.id}/reject`, { note: '不符合退款条件' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.status, 'rejected');
  assert.equal(no.json.note, '不符合退款条件');
  assert.deepEqual(await orderRow(o.id), ['succeeded', '0', '0']);
  assert.equal(Number(await srv.value(`SELECT COUNT(*) FROM payment_ledger WHERE movement = 'refund:${r.json.id}'`)), 0);
  assertProblem(await approver.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {}), 409);
  assert.equal((await ask(o.id, 4000)).status, 201, 'the whole amount is refundable again');
});

test('bad input: 422 naming the field, 404 for what does not exist, and nothing written', async () => {
  const o = await paidOrder(3000);
  const n = Number(await srv.value('SELECT COUNT(*) FROM payment_refunds'));
  for (const amount of [0, -5, 1.5, '100', null, 1e15]) assertInvalid(await ask(o.id, amount), 'amount_cents', String(amount));
  assertInvalid(await cashier.post(`/api/v1/payments/${o.id}/refunds`, { amount_cents: 100 }), 'reason');
  assertInvalid(await ask(o.id, 100, 'x'.repeat(201)), 'reason');
  assertInvalid(await ask(o.id, 100, 'x'), 'reason');
  assertInvalid(await cashier.post(`/api/v1/payments/${o.id}/refunds`, { amount_cents: 100, reason: '正常理由', extra: 1 }), 'extra');
  assertProblem(await ask('P'.padEnd(21, '0'), 100), 404);
  assertProblem(await ask('nope', 100), 404);
  assertProblem(await approver.post('/api/v1/payments/refunds/999999/approve', {}), 404);
  assertProblem(await approver.post('/api/v1/payments/refunds/abc/approve', {}), 404);
  assertProblem(await cashier.post(`/api/v1/payments/${o.id}/refunds`, { amount_cents: 100, reason: '正常理由' }, { csrf: false }), 403, 'csrf');
  // An unpaid order cannot be refunded.
  const ref = String(await srv.value("SELECT v.id FROM violations v JOIN vehicles h ON h.id = v.vehicle_id WHERE h.plate = '浙J12345' AND v.status = 'handled' AND NOT EXISTS (SELECT 1 FROM payment_orders p WHERE p.ref = CAST(v.id AS TEXT)) ORDER BY v.id LIMIT 1"));
  if (ref !== 'undefined') {
    const open = await me.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' });
    if (open.status === 201) assertProblem(await ask(open.json.id, 100), 409, 'conflict');
  }
  assert.equal(Number(await srv.value('SELECT COUNT(*) FROM payment_refunds')), n);
  assert.deepEqual(await orderRow(o.id), ['succeeded', '0', '0']);
});

test('the console: who may read it, filters, daily totals, a reconciliation upload', async () => {
  const o = await paidOrder(2500);
  const auditor = await srv.signIn('auditor');
  const officer = await srv.signIn('officer');
  for (const c of [cashier, approver, auditor]) {
    const r = await c.get(`/api/v1/payments?q=${o.id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.id), [o.id]);
  }
  assertProblem(await officer.get('/api/v1/payments'), 403);
  assertProblem(await me.get('/api/v1/payments'), 403);
  assertProblem(await srv.client().get('/api/v1/payments'), 401);
  assertProblem(await officer.get(`/api/v1/payments/${o.id}`), 403);
  // Another citizen still cannot read it.
  const eve = await registerCitizen(srv);
  assertProblem(await (await srv.signIn(eve.phone, eve.password)).get(`/api/v1/payments/${o.id}`), 404);

  const paid = await cashier.get('/api/v1/payments?status=succeeded&purpose=violation&channel=sandbox&limit=100');
  assert.ok(paid.json.items.every((x) => x.status === 'succeeded' && x.purpose === 'violation'));
  assertInvalid(await cashier.get('/api/v1/payments?status=lost'), 'status');
  assertInvalid(await cashier.get('/api/v1/payments?from=2026-13-01'), 'from');
  assertInvalid(await cashier.get(`/api/v1/payments?q=${'x'.repeat(65)}`), 'q');
  assertInvalid(await cashier.get('/api/v1/payments/refunds?status=maybe'), 'status');
  const future = await cashier.get('/api/v1/payments?from=2099-01-01');
  assert.deepEqual(future.json.items, []);

  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const daily = await cashier.get(`/api/v1/payments/daily?from=2020-01-01&to=${today}`);
  assertInvalid(daily, 'to', 'more than a year');
  const week = await cashier.get(`/api/v1/payments/daily?from=${new Date(Date.now() + 8 * 3600e3 - 6 * 86400e3).toISOString().slice(0, 10)}&to=${today}`);
  assert.equal(week.status, 200, week.text);
  assert.equal(week.json.items.length, 7);
  const last = week.json.items.at(-1);
  assert.equal(last.date, today);
  const sum = Number(await srv.value(`SELECT SUM(amount_cents) FROM payment_orders WHERE paid_at IS NOT NULL`));
  assert.equal(week.json.items.reduce((s, d) => s + d.paid_cents, 0), sum);
  assertInvalid(await cashier.get('/api/v1/payments/daily?from=x&to=y'), 'from');

  // Reconciliation: the sandbox's own statement matches; an edited one does not.
  const st = await srv.cli(['payments', 'statement', '--channel', 'sandbox', '--date', today]);
  const up = (body, query = `?channel=sandbox&date=${today}`) =>
    cashier.req('POST', `/api/v1/payments/reconciliations${query}`, { raw: body, headers: { 'Content-Type': 'text/csv' } });
  const same = await up(st.stdout);
  assert.equal(same.status, 200, same.text);
  assert.deepEqual(same.json.differences, []);
  assert.equal(same.json.matched, same.json.rows);
  const lines = st.stdout.trim().split('\r\n');
  const edited = [lines[0], ...lines.slice(2)].join('\r\n');
  const diff = await up(edited);
  assert.equal(diff.json.differences.length, 1);
  assert.equal(diff.json.differences[0].kind, 'only_ours');
  assertInvalid(await up(st.stdout, '?channel=sandbox&date=2026-02-30'), 'date');
  assertInvalid(await up('"unterminated'), 'statement');
  assert.equal((await approver.req('POST', `/api/v1/payments/reconciliations?channel=sandbox&date=${today}`, { raw: st.stdout, headers: { 'Content-Type': 'text/csv' } })).status, 200);
  assertProblem(await auditor.req('POST', `/api/v1/payments/reconciliations?channel=sandbox&date=${today}`, { raw: st.stdout, headers: { 'Content-Type': 'text/csv' } }), 403);
});

test('the policy: a full refund does not reopen the fine — the order says refunded, the payable stays paid, paying again is 409 saying why', async () => {
  const o = await paidOrder(6000);
  const r = await ask(o.id, 6000, '重复缴款，全额退还');
  assert.equal((await approver.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {})).json.status, 'succeeded');
  const mine = await me.get(`/api/v1/payments/${o.id}`);
  assert.equal(mine.json.status, 'refunded');
  assert.equal(mine.json.refunded_cents, 6000);
  assert.equal(mine.json.payable_status, 'paid');
  const list = await me.get('/api/v1/me/payments?limit=100');
  const row = list.json.items.find((x) => x.id === o.id);
  assert.equal(row.status, 'refunded');
  assert.equal(row.payable_status, 'paid');
  // The violation itself stays paid (已缴款).
  assert.equal(await srv.value(`SELECT status FROM violations WHERE id = ${o.ref}`), 'paid');
  const again = await me.post('/api/v1/payments', { purpose: 'violation', ref: o.ref, channel: 'sandbox' });
  assertProblem(again, 409, 'conflict');
  assert.match(again.json.detail, /refunded\. A refund returns money paid by mistake or twice; it does not reopen/);
  const zh = await me.post('/api/v1/payments', { purpose: 'violation', ref: o.ref, channel: 'sandbox' }, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh.json.detail, /退款只退还误缴或重复缴纳的款项，不恢复欠款/);
  // An open order's payable is owed; a failed order's too, until it is paid.
  const vid = await srv.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
  const number = `33881${String(Date.now() % 1e6).padStart(6, '0')}00001`;
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
    decision_no, handled_at) VALUES ('${number}', ${vid}, ${now() - 5 * 86400}, '台州市椒江区测试路', '1625', 500, 0, 'handled', 'D${number}', ${now() - 86400})`);
  const ref = String(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));
  const open = await me.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' });
  assert.equal(open.json.payable_status, undefined, 'made, not looked at: the create answer is the order alone');
  assert.equal((await me.get(`/api/v1/payments/${open.json.id}`)).json.payable_status, 'owed');
  assert.equal((await me.post(`/api/v1/payments/${open.json.id}/sandbox`, { result: 'fail' })).status, 202);
  assert.equal((await me.get(`/api/v1/payments/${open.json.id}`)).json.payable_status, 'owed');
});

test('reconciliation uploads are audited (who, file, SHA-256, result); one runs at a time (429 + Retry-After); a big one lists 1000 differences and counts them all', async () => {
  const { createHash } = await import('node:crypto');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const up = (body, name, c = cashier) => c.req('POST', `/api/v1/payments/reconciliations?channel=sandbox&date=${today}${name === undefined ? '' : `&name=${encodeURIComponent(name)}`}`,
    { raw: body, headers: { 'Content-Type': 'text/csv' } });
  const audits = async () => srv.rows("SELECT actor_login, object_id, detail FROM audit_log WHERE action = 'payment.reconcile' ORDER BY id");
  const before = (await audits()).length;

  const st = (await srv.cli(['payments', 'statement', '--channel', 'sandbox', '--date', today])).stdout;
  const ok = await up(st, '支付宝对账单 2026-11-30.csv');
  assert.equal(ok.status, 200, ok.text);
  const sha = createHash('sha256').update(st).digest('hex');
  assert.equal(ok.json.sha256, sha);
  assert.equal(ok.json.differences_total, 0);
  let rows = await audits();
  assert.equal(rows.length, before + 1);
  const [login, object, detail] = rows.at(-1);
  assert.equal(login, 'cashier');
  assert.equal(object, `sandbox:${today}`);
  assert.ok(detail.includes('支付宝对账单 2026-11-30.csv') && detail.includes(`sha256 ${sha}`), detail);
  assert.match(detail, new RegExp(`${ok.json.rows} rows, ${ok.json.matched} matched, 0 differences`));

  // A refused statement is recorded too, with why; a bad file name is refused before anything is read.
  assertInvalid(await up('"unterminated', 'broken.csv', approver), 'statement');
  rows = await audits();
  assert.equal(rows.length, before + 2);
  assert.equal(rows.at(-1)[0], 'finance_approver');
  assert.match(rows.at(-1)[2], /broken\.csv.*refused: statement is not CSV/);
  assertProblem(await up(st, 'bad\u0007name.csv'), 400, 'bad-request'); // the edge refuses control characters in the address
  assertInvalid(await up(st, 'evil\u202Evsc.csv'), 'name'); // a bidi override would make the audit log read otherwise
  assertInvalid(await up(st, 'x'.repeat(201)), 'name');
  assert.equal((await audits()).length, before + 2);

  // Big statements, four at once: one is worked on, the others are told to come back (nothing read, nothing recorded).
  const big = ['trade_no,out_trade_no,amount_cents,paid_at'];
  for (let i = 0; i < 120000; i++) big.push(`SB${String(i).padStart(20, '0')},P20261130${String(i).padStart(12, '0')},${1000 + (i % 977)},`);
  const text = big.join('\r\n');
  const all = await Promise.all(Array.from({ length: 4 }, (_, k) => up(text, `big-${k}.csv`)));
  const codes = all.map((r) => r.status);
  assert.ok(codes.includes(200), JSON.stringify(codes));
  assert.ok(codes.includes(429), JSON.stringify(codes));
  assert.ok(codes.every((c) => c === 200 || c === 429), JSON.stringify(codes));
  const busy = all.find((r) => r.status === 429);
  assertProblem(busy, 429, 'rate-limited');
  assert.match(busy.json.detail, /A reconciliation is running/);
  assert.ok(Number(busy.headers.get('retry-after')) > 0);
  const done = all.find((r) => r.status === 200);
  assert.equal(done.json.rows, 120000);
  // Every row is only theirs; our own paid orders of the day (earlier tests) are only ours.
  const ours = Number(await srv.value("SELECT COUNT(*) FROM payment_orders WHERE channel = 'sandbox' AND (paid_at IS NOT NULL OR late_at IS NOT NULL)"));
  assert.equal(done.json.differences_total, 120000 + ours);
  assert.equal(done.json.differences.length, 1000);
  assert.equal((await audits()).length, before + 2 + codes.filter((c) => c === 200).length);
  // And in Chinese.
  const zh = await Promise.all(Array.from({ length: 3 }, () => cashier.req('POST', `/api/v1/payments/reconciliations?channel=sandbox&date=${today}`,
    { raw: text, headers: { 'Content-Type': 'text/csv', 'Accept-Language': 'zh-CN' } })));
  const zhBusy = zh.find((r) => r.status === 429);
  if (zhBusy) assert.match(zhBusy.json.detail, /正在进行另一项对账/);
});
