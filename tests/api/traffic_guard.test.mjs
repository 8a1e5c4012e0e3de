// The plate guard (issue 7): wrong engine sixes are limited per plate
// whatever the address, and past the per-address limit the 429 carries a
// proof-of-work challenge instead of a hard lock, so neighbours behind one
// NAT are never locked out. Requests come from several loopback addresses
// (127.0.0.2, 127.0.0.3, …) so that "address" means something here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, assertProblem, assertInvalid, registerCitizen, requestFrom } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

let seq = 0;
/** A vehicle of its own for each test: plate and engine six. */
async function car() {
  const plate = `浙M${String(30000 + seq++).padStart(5, '0')}`;
  const six = `Q${String(10000 + seq).padStart(5, '0')}`;
  await srv.sql(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at) VALUES ('02', '${plate}', '', 'E${six}', '${six}', '', '', '2027-01-01', 0)`);
  return { plate, six };
}

const path = (plate, six) => `/api/v1/violations?plate_type=02&plate=${encodeURIComponent(plate)}&engine6=${six}`;

/** GET path from a given local address; resolves {status, headers, json, text}. */
const getFrom = (addr, p, headers = {}) => requestFrom(srv, addr, 'GET', p, { headers });

/** Makes addr reach the per-address limit with wrong tries spread over unknown plates (4 each). */
async function exhaust(addr, tries = 20) {
  for (let i = 0; i < tries; i++) {
    const r = await getFrom(addr, path(`浙W${String(60000 + seq * 10 + Math.floor(i / 4)).padStart(5, '0')}`, '000000'));
    assert.equal(r.status, 404, `wrong try ${i + 1}: ${r.text}`);
  }
  seq++;
}

function solve(nonce, bits) {
  for (let i = 0; ; i++) {
    const h = createHash('sha256').update(`${nonce}:${i}`).digest();
    let ok = true;
    for (let b = 0; b < bits && ok; b++) ok = !(h[b >> 3] & (0x80 >> (b & 7)));
    if (ok) return String(i);
  }
}

test('past 5 wrong sixes for a plate every address needs the challenge for it, and the right six with a solution is 200', async () => {
  const a = await car();
  const b = await car();
  for (let i = 2; i <= 6; i++) {
    const r = await getFrom(`127.0.0.${i}`, path(a.plate, '000000'));
    assertProblem(r, 404, 'not-found', `address ${i}`);
  }
  // The owner, from a fresh address, with the right six: a challenge, not a lock.
  const ch = await getFrom('127.0.0.7', path(a.plate, a.six));
  assertProblem(ch, 429, 'rate-limited', 'the right six, from a fresh address');
  assert.match(ch.json.detail, /this plate/);
  assert.match(ch.headers.get('retry-after') || '', /^\d+$/);
  const { nonce, difficulty } = ch.json.challenge;
  assert.equal(difficulty, 18, 'about a second in a browser');
  const ok = await getFrom('127.0.0.7', path(a.plate, a.six), { 'X-PoW': `${nonce}:${solve(nonce, difficulty)}` });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(Array.isArray(ok.json.items));
  // A wrong six with a solution is still a 404 (and counts).
  const again = await getFrom('127.0.0.8', path(a.plate, '000000'));
  assertProblem(again, 429, 'rate-limited', 'every address');
  const n2 = again.json.challenge.nonce;
  assertProblem(await getFrom('127.0.0.8', path(a.plate, '000000'), { 'X-PoW': `${n2}:${solve(n2, difficulty)}` }), 404, 'not-found');
  const zh = await getFrom('127.0.0.9', path(a.plate, a.six), { 'Accept-Language': 'zh-CN' });
  assert.equal(zh.status, 429);
  assert.match(zh.json.detail, /验证/);
  // Another plate from those addresses needs nothing.
  assert.equal((await getFrom('127.0.0.7', path(b.plate, b.six))).status, 200);
  assert.equal((await getFrom('127.0.0.2', path(b.plate, b.six))).status, 200);
});

test('only far past the limit (30 wrong per plate and hour) is the plate locked hard, with words that send the owner to My vehicles; she binds her car there without its six', async () => {
  const reg = await registerCitizen(srv);
  const owner = await srv.signIn(reg.phone, reg.password);
  const ownerId = reg.id;
  const plate = `浙M${String(30000 + seq++).padStart(5, '0')}`;
  const six = `Q${String(10000 + seq).padStart(5, '0')}`;
  await srv.sql(`INSERT INTO vehicles (plate_type, plate, vin, engine_no, engine6, owner_name, registered_on, inspection_due, created_at, owner_id_bidx) SELECT '02', '${plate}', '', 'E${six}', '${six}', u.name, '', '2027-01-01', 0, u.id_bidx FROM users u WHERE u.id = ${ownerId}`);
  for (let i = 0; i < 5; i++) assertProblem(await getFrom(`127.0.0.${40 + i}`, path(plate, '000000')), 404, 'not-found');
  // 24 more wrong tries as if each had paid its challenge, then the 30th through the API.
  await srv.sql(`UPDATE rate_limits SET count = 29 WHERE key = 'plate-wrong:02:${plate}'`);
  const c = await getFrom('127.0.0.50', path(plate, '000000'));
  assertProblem(c, 429, 'rate-limited', 'still a challenge at 29');
  const n = c.json.challenge.nonce;
  assertProblem(await getFrom('127.0.0.50', path(plate, '000000'), { 'X-PoW': `${n}:${solve(n, c.json.challenge.difficulty)}` }), 404, 'not-found', 'the 30th');

  const locked = await getFrom('127.0.0.51', path(plate, six));
  assertProblem(locked, 429, 'rate-limited', 'the hard lock');
  assert.ok(!locked.json.challenge, 'no challenge opens a locked plate');
  assert.match(locked.headers.get('retry-after') || '', /^\d+$/);
  assert.match(locked.json.detail, /sign in and open My vehicles/);
  assert.match(locked.json.detail, /registered to your ID number binds there without the engine number/);
  const zh = await getFrom('127.0.0.51', path(plate, six), { 'Accept-Language': 'zh-CN' });
  assert.equal(zh.status, 429);
  assert.match(zh.json.detail, /登录后在“我的车辆”/);
  assert.match(zh.json.detail, /身份证号/);

  // Without the six only the owner binds: a stranger, or an unknown plate, is told the six is needed.
  const stranger = await registerCitizen(srv);
  const other = await srv.signIn(stranger.phone, stranger.password);
  assertInvalid(await other.post('/api/v1/me/vehicles', { plate_type: '02', plate }), 'engine6', 'a stranger without the six');
  assertInvalid(await owner.post('/api/v1/me/vehicles', { plate_type: '02', plate: '浙M99998' }), 'engine6', 'an unknown plate without the six');
  // The owner herself binds the car without its six (and sees it in My vehicles) whatever others tried.
  const bound = await owner.post('/api/v1/me/vehicles', { plate_type: '02', plate });
  assert.equal(bound.status, 201, bound.text);
  assert.equal(bound.json.relation, 'own');
  assert.ok((await owner.get('/api/v1/me/vehicles')).json.items.some((v) => v.plate === plate));
});

test('the plate typed whole, in any case, spaced or full-width, finds the same car', async () => {
  const cases = ['浙j 12345', '浙Ｊ１２３４５', '浙　ｊ１２３４５', '浙浙J12345', ' 浙·J1 2345 '];
  for (const [i, plate] of cases.entries()) {
    const r = await getFrom(`127.0.0.${60 + i}`, path(plate, '123456'));
    assert.equal(r.status, 200, `${JSON.stringify(plate)}: ${r.text}`);
    assert.equal(r.json.vehicle.plate, '浙J12345', plate);
    assert.ok(r.json.items.length >= 3, plate);
  }
  // Another province typed in front is another plate, not this one.
  assertProblem(await getFrom('127.0.0.70', path('浙沪J12345', '123456')), 422, 'validation', 'two provinces');
  // The bind dialog's body takes the same forms.
  const me = await srv.signIn('13800138000', 'Demo@2026');
  for (const plate of ['浙ｊ１２３４５', '浙 浙 J 12345']) {
    const r = await me.post('/api/v1/me/vehicles', { plate_type: '02', plate, engine6: '123456' });
    assertProblem(r, 409, 'conflict', `already bound, so found: ${plate}`);
  }
});

test('a neighbour with the right six gets 200 after another plate\'s wrong tries from the same address, and after the address limit by solving the challenge', async () => {
  const addr = '127.0.0.20';
  const a = await car();
  const mine = await car();
  for (let i = 0; i < 4; i++) assertProblem(await getFrom(addr, path(a.plate, '000000')), 404, 'not-found');
  assert.equal((await getFrom(addr, path(mine.plate, mine.six))).status, 200, 'the neighbour');

  await exhaust(addr, 16); // 20 wrong tries from this address in all
  const r = await getFrom(addr, path(mine.plate, mine.six));
  assertProblem(r, 429, 'rate-limited', 'past the address limit');
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 3600, `Retry-After ${retry}`);
  assert.equal(r.json.retry_after, retry);
  assert.match(r.json.locked_until, /\+08:00$/);
  const ch = r.json.challenge;
  assert.equal(ch.algorithm, 'SHA-256');
  assert.equal(ch.header, 'X-PoW');
  assert.ok(ch.difficulty >= 12 && ch.difficulty <= 24, `difficulty ${ch.difficulty}`);
  assert.match(ch.expires_at, /\+08:00$/);
  const ok = await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': `${ch.nonce}:${solve(ch.nonce, ch.difficulty)}` });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(Array.isArray(ok.json.items));
  // In Chinese too.
  const zh = await getFrom(addr, path(mine.plate, mine.six), { 'Accept-Language': 'zh-CN' });
  assert.equal(zh.status, 429);
  assert.match(zh.json.detail, /验证/);
  assert.ok(zh.json.challenge.nonce);
});

test('a reused, forged, wrong or foreign solution is refused with a new challenge', async () => {
  const addr = '127.0.0.30';
  const other = '127.0.0.31';
  const mine = await car();
  await exhaust(addr);
  await exhaust(other);
  const first = await getFrom(addr, path(mine.plate, mine.six));
  const { nonce, difficulty } = first.json.challenge;
  const good = `${nonce}:${solve(nonce, difficulty)}`;

  // From another address the same solution does not count (the challenge is bound to the address).
  const foreign = await getFrom(other, path(mine.plate, mine.six), { 'X-PoW': good });
  assertProblem(foreign, 429, 'rate-limited', 'foreign');
  assert.equal(foreign.json.challenge_error, 'invalid');

  assert.equal((await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': good })).status, 200, 'first use');
  const reused = await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': good });
  assertProblem(reused, 429, 'rate-limited', 'reused');
  assert.equal(reused.json.challenge_error, 'reused');
  assert.notEqual(reused.json.challenge.nonce, nonce, 'a fresh challenge');

  // A lower difficulty written into the nonce breaks its signature.
  const fresh = reused.json.challenge.nonce;
  const parts = fresh.split('.');
  const easy = [parts[0], '1', parts[2], parts[3]].join('.');
  const forged = await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': `${easy}:${solve(easy, 1)}` });
  assertProblem(forged, 429, 'rate-limited', 'forged');
  assert.equal(forged.json.challenge_error, 'invalid');
  // A signed nonce with a solution that does not meet the difficulty.
  let bad = 0;
  for (;; bad++) {
    const h = createHash('sha256').update(`${fresh}:${bad}`).digest();
    if (h[0] & 0x80) break;
  }
  const wrong = await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': `${fresh}:${bad}` });
  assert.equal(wrong.json.challenge_error, 'invalid');
  // Garbage.
  const junk = await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': 'x'.repeat(300) });
  assertProblem(junk, 429, 'rate-limited', 'junk');
  // The fresh one still works once.
  assert.equal((await getFrom(addr, path(mine.plate, mine.six), { 'X-PoW': `${fresh}:${solve(fresh, difficulty)}` })).status, 200);
  assert.equal(Number(await srv.value('SELECT COUNT(*) FROM pow_spent')) >= 2, true);
});
