// The plate guard (issue 7): wrong engine sixes are limited per plate
// whatever the address, and past the per-address limit the 429 carries a
// proof-of-work challenge instead of a hard lock, so neighbours behind one
// NAT are never locked out. Requests come from several loopback addresses
// (127.0.0.2, 127.0.0.3, …) so that "address" means something here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { startServer, assertProblem } from './harness.mjs';

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

/** GET path from a given local address; resolves {status, headers, json}. */
function getFrom(addr, p, headers = {}) {
  const u = new URL(srv.base + p);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'GET', localAddress: addr, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: new Headers(res.headers), json, text });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

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

test('wrong sixes are limited per plate whatever the address: the 6th try from a 6th address is 429 for that plate only', async () => {
  const a = await car();
  const b = await car();
  for (let i = 2; i <= 6; i++) {
    const r = await getFrom(`127.0.0.${i}`, path(a.plate, '000000'));
    assertProblem(r, 404, 'not-found', `address ${i}`);
  }
  const locked = await getFrom('127.0.0.7', path(a.plate, a.six));
  assertProblem(locked, 429, 'rate-limited', 'the right six, from a fresh address');
  assert.match(locked.json.detail, /this plate/);
  assert.match(locked.headers.get('retry-after') || '', /^\d+$/);
  assert.ok(!locked.json.challenge, 'no challenge opens a locked plate');
  // Another plate from that address, and the same address for the other plate, are fine.
  assert.equal((await getFrom('127.0.0.7', path(b.plate, b.six))).status, 200);
  assert.equal((await getFrom('127.0.0.2', path(b.plate, b.six))).status, 200);
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
