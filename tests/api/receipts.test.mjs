// Electronic receipts of paid orders: the payer's receipt (JSON and PDF),
// the public check of the receipt's code, and the attacker's side — another
// citizen's receipt, no session, an unpaid order, forged, changed and
// truncated codes (never genuine, never a 500).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, registerCitizen, DEMO_CITIZEN, run } from './harness.mjs';

const PUBLIC_URL = 'https://jingwu.example.gov.cn/';
let srv;
let me; // the demo citizen 王小明, 13800138000, who has the demo car bound
let vehicleId;
let seq = 0;

before(async () => {
  srv = await startServer({ env: { JINGWU_PUBLIC_URL: PUBLIC_URL } });
  me = await srv.signIn(DEMO_CITIZEN);
  vehicleId = await srv.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
});
after(async () => { await srv?.stop(); });

const now = () => Math.floor(Date.now() / 1000);

/** A handled violation of the demo car with the given fine; its id. */
async function addViolation(fine) {
  seq += 1;
  const number = `33980${String(Date.now() % 1e6).padStart(6, '0')}${String(seq).padStart(5, '0')}`;
  await srv.sql(`INSERT INTO violations (number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status,
    decision_no, handled_at) VALUES ('${number}', ${vehicleId}, ${now() - 40 * 86400}, '台州市椒江区测试路', '1625',
    ${fine}, 0, 'handled', 'D${number}', ${now() - 86400})`);
  return String(await srv.value(`SELECT id FROM violations WHERE number = '${number}'`));
}

/** An order for a new fine; paid unless pay = false. */
async function order(fine, pay = true) {
  const ref = await addViolation(fine);
  const r = await me.post('/api/v1/payments', { purpose: 'violation', ref, channel: 'sandbox' });
  assert.equal(r.status, 201, r.text);
  if (pay) {
    const p = await me.post(`/api/v1/payments/${r.json.id}/sandbox`, { result: 'success' });
    assert.equal(p.status, 202, p.text);
    assert.equal(p.json.status, 'succeeded');
  }
  return r.json;
}

/** GET path as bytes with c's cookie: {status, type, bytes, text}. */
async function getBytes(c, path) {
  const res = await fetch(srv.base + path, { headers: c.cookies.size ? { Cookie: c.cookieHeader() } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, bytes, text: bytes.toString('utf8') };
}

/** The text of a PDF through pdftotext (poppler): it must parse. */
async function pdfText(bytes) {
  const file = join(srv.tmp, `receipt-${Date.now()}-${Math.random()}.pdf`);
  await writeFile(file, bytes);
  const r = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
  assert.equal(r.code, 0, `pdftotext: ${r.stderr}`);
  return r.stdout;
}

const verify = (token) => srv.client().get(`/api/v1/receipts/verify?token=${encodeURIComponent(token)}`);

test('a paid order\'s receipt: JSON with the masked payer, the amount in figures and capitals, the code and its QR', async () => {
  const o = await order(25800);
  const r = await me.get(`/api/v1/payments/${o.id}/receipt`);
  assert.equal(r.status, 200, r.text);
  const j = r.json;
  assert.equal(j.order_id, o.id);
  assert.equal(j.status, 'succeeded');
  assert.equal(j.amount_cents, 25800);
  assert.equal(j.amount_words, '贰佰伍拾捌元整');
  assert.equal(j.payer_name, '王*明');
  assert.equal(j.payer_phone, '138****8000');
  assert.match(j.payer_id_number, /^\d{6}\*{8}\d{3}[\dX]$/);
  assert.match(j.subject, /交通违法罚款/);
  assert.equal(j.channel, 'sandbox');
  assert.match(j.channel_trade_no, /^SB\d{20}$/);
  assert.ok(Date.parse(j.paid_at));
  assert.match(j.token, new RegExp(`^r1\\.${o.id}\\.25800\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
  // The QR code leads to the public page at --public-url (its trailing slash dropped).
  assert.equal(j.verify_url, `https://jingwu.example.gov.cn/receipts/verify?token=${j.token}`);
  assert.equal(j.pdf_url, `/api/v1/payments/${o.id}/receipt.pdf`);
  assert.ok(j.qr.size >= 21 && j.qr.size <= 177, JSON.stringify(j.qr.size));
  assert.match(j.qr.path, /^M0 0h1v1h-1z/);
  // Nothing unmasked anywhere in it.
  assert.ok(!r.text.includes('13800138000') && !r.text.includes('王小明'), r.text);
});

test('the PDF: application/pdf, a valid PDF whose text has the order, the capitals, the masked payer and the verification address', async () => {
  const o = await order(100550);
  const r = await getBytes(me, `/api/v1/payments/${o.id}/receipt.pdf`);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.type, 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="jingwu-receipt-${o.id}\\.pdf"`));
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(r.bytes.subarray(-8).toString('latin1'), /%%EOF\s*$/);
  const text = await pdfText(r.bytes);
  assert.ok(text.includes(o.id), text);
  assert.ok(text.includes('人民币壹仟零伍元伍角'), text);
  assert.ok(text.includes('¥1005.50'), text);
  assert.ok(text.includes('王*明'), text);
  assert.ok(text.includes('138****8000'), text);
  assert.ok(!text.includes('13800138000') && !text.includes('王小明'), text);
  const { json } = await me.get(`/api/v1/payments/${o.id}/receipt`);
  assert.ok(text.replace(/\s+/g, '').includes(json.verify_url), text);
  assert.ok(text.includes(json.channel_trade_no), text);
});

test('the public check: a genuine code needs no session and shows the masked payer, item, amount and time', async () => {
  const o = await order(5);
  const { json: rc } = await me.get(`/api/v1/payments/${o.id}/receipt`);
  const r = await verify(rc.token);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.genuine, true);
  assert.equal(r.json.order_id, o.id);
  assert.equal(r.json.payer_name, '王*明');
  assert.equal(r.json.amount_cents, 5);
  assert.equal(r.json.amount_words, '伍分');
  assert.equal(r.json.subject, rc.subject);
  assert.equal(r.json.paid_at, rc.paid_at);
  assert.equal(r.json.status, 'succeeded');
  // The public sees neither the phone nor the ID number, nor the code itself.
  assert.equal(r.json.payer_phone, undefined);
  assert.equal(r.json.payer_id_number, undefined);
  assert.equal(r.json.token, undefined);
  assert.ok(!r.text.includes('138****8000') && !r.text.includes('13800138000') && !r.text.includes('*****'), r.text);
  // A refunded payment's receipt is still genuine, and says so.
  await srv.sql(`UPDATE payment_orders SET status = 'refunded', refunded_cents = amount_cents WHERE id = '${o.id}'`);
  const refunded = await verify(rc.token);
  assert.equal(refunded.json.genuine, true);
  assert.equal(refunded.json.status, 'refunded');
  assert.equal(refunded.json.refunded_cents, 5);
});

test('forged, changed and truncated codes are never genuine: 200 {genuine: false}, never a 500', async () => {
  const o = await order(20000);
  const { json: rc } = await me.get(`/api/v1/payments/${o.id}/receipt`);
  const t = rc.token;
  const [v, id, amount, at, mac] = t.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const bad = [
    flip(t, t.length - 1), // the MAC's last character
    flip(t, t.length - 20),
    [v, id, '1', at, mac].join('.'), // a cheaper amount with the old MAC
    [v, id, '2000000', at, mac].join('.'),
    [v, id, `0${amount}`, at, mac].join('.'), // another spelling of the same amount
    [v, id, amount, String(Number(at) + 1), mac].join('.'), // another time
    [v, id.replace(/\d$/, (d) => String((Number(d) + 1) % 10)), amount, at, mac].join('.'), // another order
    ['r2', id, amount, at, mac].join('.'),
    t.slice(0, -1), // truncated
    t.slice(0, 30),
    `${t}A`, // lengthened
    `${t}.`,
    ` ${t}`,
    'x',
    'r1....',
    '王小明',
    'r1.' + '9'.repeat(5000),
  ];
  for (const b of bad) {
    const r = await verify(b);
    assert.equal(r.status, 200, `${b.slice(0, 60)}: ${r.text}`);
    assert.equal(r.json.genuine, false, b.slice(0, 60));
    assert.equal(typeof r.json.reason, 'string');
    assert.equal(r.json.order_id, undefined);
  }
  // Bytes that are not text at all.
  const raw = await srv.client().get('/api/v1/receipts/verify?token=%FF%FE%00');
  assert.ok(raw.status === 200 || raw.status === 400, raw.text);
  if (raw.status === 200) assert.equal(raw.json.genuine, false);
  // No code at all: 422 naming it.
  assertInvalid(await srv.client().get('/api/v1/receipts/verify'), 'token');
  assertInvalid(await srv.client().get('/api/v1/receipts/verify?token='), 'token');
  // A genuine code whose order no longer says so (the row was changed behind
  // the server's back) is not genuine either.
  assert.equal((await verify(t)).json.genuine, true);
  await srv.sql(`UPDATE payment_orders SET principal_cents = 19000, amount_cents = 19000 WHERE id = '${o.id}'`);
  const changed = await verify(t);
  assert.equal(changed.status, 200);
  assert.equal(changed.json.genuine, false);
  // A code made with another server's secret (another test server) is not genuine here.
  const other = await startServer();
  try {
    const c = await other.signIn(DEMO_CITIZEN);
    const vid = await other.value("SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'");
    const vio = await other.value(`SELECT id FROM violations WHERE vehicle_id = ${vid} AND status = 'handled' LIMIT 1`);
    assert.ok(vio, 'the demo car has a handled violation');
    const no = await c.post('/api/v1/payments', { purpose: 'violation', ref: String(vio), channel: 'sandbox' });
    assert.equal(no.status, 201, no.text);
    assert.equal((await c.post(`/api/v1/payments/${no.json.id}/sandbox`, { result: 'success' })).status, 202);
    const foreign = (await c.get(`/api/v1/payments/${no.json.id}/receipt`)).json.token;
    assert.equal((await other.client().get(`/api/v1/receipts/verify?token=${foreign}`)).json.genuine, true);
    assert.equal((await verify(foreign)).json.genuine, false);
  } finally {
    await other.stop();
  }
});

test('the attacker: another citizen\'s receipt is 404, no session 401, staff 403; an unpaid order has no receipt (409)', async () => {
  const paid = await order(3000);
  const open = await order(4000, false);
  const eve = await registerCitizen(srv);
  const evec = await srv.signIn(eve.phone, eve.password);
  for (const path of [`/api/v1/payments/${paid.id}/receipt`, `/api/v1/payments/${paid.id}/receipt.pdf`]) {
    assertProblem(await evec.get(path), 404, 'not-found', path);
    assertProblem(await srv.client().get(path), 401, null, path);
    assertProblem(await (await srv.signIn('officer')).get(path), 403, null, path);
  }
  const pdf = await getBytes(evec, `/api/v1/payments/${paid.id}/receipt.pdf`);
  assert.equal(pdf.status, 404);
  assert.ok(!pdf.bytes.subarray(0, 5).toString('latin1').startsWith('%PDF'));
  // Unpaid (created, then failed): 409, in Chinese too.
  for (const path of [`/api/v1/payments/${open.id}/receipt`, `/api/v1/payments/${open.id}/receipt.pdf`])
    assertProblem(await me.get(path), 409, 'conflict', path);
  const zh = await me.get(`/api/v1/payments/${open.id}/receipt`, { headers: { 'Accept-Language': 'zh-CN' } });
  assert.match(zh.json.detail, /只有已支付的订单才有电子票据/);
  const failed = await order(4500, false);
  assert.equal((await me.post(`/api/v1/payments/${failed.id}/sandbox`, { result: 'fail' })).status, 202);
  assertProblem(await me.get(`/api/v1/payments/${failed.id}/receipt.pdf`), 409, 'conflict');
  // Ids that are no order.
  for (const id of ['P1', 'P'.padEnd(21, '9'), 'x'.repeat(40)])
    assertProblem(await me.get(`/api/v1/payments/${id}/receipt.pdf`), 404, 'not-found', id);
});

test('several PDFs at once all arrive whole (the render runs on the offload pool)', async () => {
  const o = await order(12345);
  const started = Date.now();
  const all = await Promise.all(Array.from({ length: 6 }, () => getBytes(me, `/api/v1/payments/${o.id}/receipt.pdf`)));
  for (const r of all) {
    assert.ok(r.status === 200 || r.status === 503, r.status);
    if (r.status === 200) assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  }
  assert.ok(all.filter((r) => r.status === 200).length >= 1);
  // Meanwhile the server answers other requests.
  const h = await srv.client().get('/healthz');
  assert.equal(h.status, 200);
  assert.ok(Date.now() - started < 20000);
});

test('refunds are marked: the public check and the PDF say 部分退款 with the amount and time, then 已退款', async () => {
  const cashier = await srv.signIn('cashier');
  const approver = await srv.signIn('finance_approver');
  const refund = async (id, cents) => {
    const r = await cashier.post(`/api/v1/payments/${id}/refunds`, { amount_cents: cents, reason: '重复缴款，依申请退还' });
    assert.equal(r.status, 201, r.text);
    const ok = await approver.post(`/api/v1/payments/refunds/${r.json.id}/approve`, {});
    assert.equal(ok.json.status, 'succeeded', ok.text);
    return ok.json;
  };
  const o = await order(30000);
  const { json: rc } = await me.get(`/api/v1/payments/${o.id}/receipt`);
  assert.equal(rc.refunded_cents, 0);
  assert.equal(rc.refunded_at, null);
  const before = await pdfText((await getBytes(me, `/api/v1/payments/${o.id}/receipt.pdf`)).bytes);
  assert.ok(!before.includes('退款'), before);

  // Part of it back.
  const first = await refund(o.id, 12000);
  const part = await verify(rc.token);
  assert.equal(part.json.genuine, true);
  assert.equal(part.json.status, 'partially_refunded');
  assert.equal(part.json.refunded_cents, 12000);
  assert.equal(part.json.refunded_at, first.done_at);
  const partPdf = await pdfText((await getBytes(me, `/api/v1/payments/${o.id}/receipt.pdf`)).bytes);
  assert.ok(partPdf.includes('部分退款'), partPdf);
  assert.ok(partPdf.replace(/\s+/g, '').includes('已退还¥120.00'), partPdf);
  const local = (iso) => iso.slice(0, 19).replace('T', ' ');
  assert.ok(partPdf.includes(local(first.done_at)), `${first.done_at}\n${partPdf}`);
  assert.ok(!partPdf.includes('全额退还'), partPdf);

  // The rest: refunded, clearly.
  const rest = await refund(o.id, 18000);
  const whole = await verify(rc.token);
  assert.equal(whole.json.genuine, true, 'a refunded payment\'s receipt is still genuine');
  assert.equal(whole.json.status, 'refunded');
  assert.equal(whole.json.refunded_cents, 30000);
  assert.equal(whole.json.refunded_at, rest.done_at);
  const wholePdf = await pdfText((await getBytes(me, `/api/v1/payments/${o.id}/receipt.pdf`)).bytes);
  assert.ok(wholePdf.includes('已退款'), wholePdf);
  assert.ok(wholePdf.replace(/\s+/g, '').includes('全额退还¥300.00'), wholePdf);
  assert.ok(!wholePdf.includes('部分退款'), wholePdf);
  assert.equal((await me.get(`/api/v1/payments/${o.id}/receipt`)).json.refunded_at, rest.done_at);
});
