// Password hashing runs on the offload pool, not on the HTTP threads
// (issue 7): a sign-in flood at the production hashing cost
// (--pwhash moderate, slower than the default) leaves /healthz fast, and when the pool's queue is
// full the answer is 503 with Retry-After.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, registerCitizen } from './harness.mjs';
import { timedGet, timedPost, sleep } from './edge_raw.mjs';

let srv;
before(async () => {
  srv = await startServer({ env: { JINGWU_PWHASH: 'moderate', JINGWU_OFFLOAD_QUEUE: '4' } });
});
after(async () => { await srv?.stop(); });

test('40 concurrent sign-ins: /healthz stays fast, the overflow gets 503 + Retry-After, the rest sign in', async (t) => {
  const who = await registerCitizen(srv); // hashed at the moderate cost
  const body = { login: who.phone, password: who.password };
  // Warm up: every thread opens its database connection (the first use on a
  // thread connects, which can wait for a writer), so that the flood
  // measures hashing, not start-up.
  await Promise.all([1, 2].map(() => timedPost(srv.base, '/api/v1/auth/login', body)));
  for (let i = 0; i < 3; i++) {
    await Promise.all(Array.from({ length: 12 }, (_, k) => timedGet(srv.base, '/healthz', { localAddress: `127.0.2.${k + 1}` })));
  }
  // Spread over 8 addresses: one address may hold only 32 connections.
  const flood = Array.from({ length: 40 }, (_, i) =>
    timedPost(srv.base, '/api/v1/auth/login', body, { localAddress: `127.0.1.${1 + (i % 8)}` }));
  let done = false;
  const all = Promise.all(flood).then((r) => { done = true; return r; });
  const health = [];
  await sleep(30);
  while (!done) {
    const h = await timedGet(srv.base, '/healthz', { localAddress: '127.0.0.1' });
    assert.equal(h.status, 200, JSON.stringify(h));
    health.push(h.ms);
    await sleep(40);
  }
  const results = await all;
  const slowest = Math.max(...health);
  t.diagnostic(`healthz ms during the flood: ${health.join(' ')}; sign-ins ${results.map((r) => r.status).join(' ')}`);
  assert.ok(health.length >= 3, `healthz asked ${health.length} times during the flood`);
  assert.ok(slowest < 750, `healthz during the sign-in flood: slowest ${slowest} ms (${health.join(' ')})`);
  const statuses = results.map((r) => r.status);
  const ok = results.filter((r) => r.status === 200);
  const busy = results.filter((r) => r.status === 503);
  assert.equal(ok.length + busy.length, 40, `only 200 or 503: ${statuses}`);
  assert.ok(ok.length >= 2, `some sign-ins went through: ${statuses}`);
  assert.ok(busy.length >= 1, `a full queue answers 503: ${statuses}`);
  for (const r of busy) {
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.equal(JSON.parse(r.text).type, '/problems/unavailable');
    assert.ok(Number(r.headers['retry-after']) >= 1, `Retry-After: ${r.headers['retry-after']}`);
  }
});

test('an offloaded handler keeps its session, cookies and CSRF: sign in, change the password, sign in again', async () => {
  const who = await registerCitizen(srv);
  const c = srv.client();
  const r = await c.login(who.phone, who.password);
  assert.equal(r.status, 200, r.text);
  assert.ok(c.csrf);
  const next = `${who.password}-2`;
  const bad = await c.post('/api/v1/me/password', { current_password: who.password, new_password: next }, { csrf: 'nope' });
  assert.equal(bad.status, 403, bad.text);
  const ch = await c.post('/api/v1/me/password', { current_password: who.password, new_password: next });
  assert.ok(ch.status === 200 || ch.status === 204, `${ch.status} ${ch.text}`);
  const again = await srv.client().login(who.phone, next);
  assert.equal(again.status, 200, again.text);
});
