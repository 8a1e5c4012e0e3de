// Trusted proxies (X-Forwarded-For / X-Real-IP believed only from
// --trusted-proxies) and /metrics only for --metrics-allow (issue 7).
// The client address the server believes is read from its access log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from './harness.mjs';
import { timedGet, timedPost, sleep } from './edge_raw.mjs';

let srv;
before(async () => {
  srv = await startServer({
    env: { JINGWU_TRUSTED_PROXIES: '127.0.0.1, 10.9.0.0/16', JINGWU_METRICS_ALLOW: '127.0.0.3,192.0.2.0/24' },
  });
});
after(async () => { await srv?.stop(); });

/** The address the access log shows for the request carrying tag (the log is flushed once a second). */
async function loggedIp(tag) {
  for (let i = 0; i < 40; i++) {
    const line = srv.serverLog().split('\n').find((l) => l.includes(` GET /edge-${tag} `));
    if (line) return /access (\S+) GET/.exec(line)?.[1];
    await sleep(100);
  }
  throw new Error(`no access log line for ${tag}:\n${srv.serverLog()}`);
}

async function ipSeen(localAddress, headers) {
  const tag = randomBytes(6).toString('hex');
  const r = await timedGet(srv.base, `/edge-${tag}`, { localAddress, headers }); // a page: logged by its path
  assert.ok(r.status === 200 || r.status === 404, JSON.stringify(r));
  return loggedIp(tag);
}

test('from a trusted proxy, X-Forwarded-For gives the client (the rightmost hop that is not a trusted proxy)', async () => {
  assert.equal(await ipSeen('127.0.0.1', { 'X-Forwarded-For': '198.51.100.7' }), '198.51.100.7');
  assert.equal(await ipSeen('127.0.0.1', { 'X-Forwarded-For': '203.0.113.9, 198.51.100.7' }), '198.51.100.7',
    'a client-supplied hop left of the real one is not believed');
  assert.equal(await ipSeen('127.0.0.1', { 'X-Forwarded-For': '198.51.100.7, 10.9.1.2' }), '198.51.100.7',
    'a second trusted proxy in the chain is skipped');
  assert.equal(await ipSeen('127.0.0.1', { 'X-Real-IP': '198.51.100.8' }), '198.51.100.8');
  assert.equal(await ipSeen('127.0.0.1', { 'X-Forwarded-For': '2001:db8::1' }), '2001:db8::1');
  assert.equal(await ipSeen('127.0.0.1', { 'X-Forwarded-For': 'not-an-address' }), '127.0.0.1',
    'a malformed header is not believed');
  assert.equal(await ipSeen('127.0.0.1', {}), '127.0.0.1');
});

test('from an untrusted peer, X-Forwarded-For and X-Real-IP are ignored', async () => {
  assert.equal(await ipSeen('127.0.0.2', { 'X-Forwarded-For': '198.51.100.7' }), '127.0.0.2');
  assert.equal(await ipSeen('127.0.0.2', { 'X-Real-IP': '198.51.100.7' }), '127.0.0.2');
});

test('the believed address is the one rate limits count: sign-in attempts per address', async () => {
  const s2 = await startServer({ env: { JINGWU_TRUSTED_PROXIES: '127.0.0.1', JINGWU_LOGIN_IP_LIMIT: '3' } });
  try {
    // A failed sign-in counts as an attempt of its address.
    const attempt = (xff, localAddress = '127.0.0.1') => timedPost(s2.base, '/api/v1/auth/login',
      { login: `nobody${randomBytes(3).toString('hex')}`, password: 'x' }, { localAddress, headers: { 'X-Forwarded-For': xff } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt('198.51.100.20')).status);
    assert.ok(statuses.includes(429), `one client behind the proxy is limited: ${statuses}`);
    const other = await attempt('198.51.100.21');
    assert.notEqual(other.status, 429, 'another client behind the same proxy is not');
    const spoof = [];
    for (let i = 0; i < 5; i++) spoof.push((await attempt(`198.51.100.${100 + i}`, '127.0.0.5')).status);
    assert.ok(spoof.includes(429), `an untrusted peer cannot dodge the limit with X-Forwarded-For: ${spoof}`);
  } finally {
    await s2.stop();
  }
});

test('/metrics answers only --metrics-allow addresses; others get 404', async () => {
  const allowed = await timedGet(srv.base, '/metrics', { localAddress: '127.0.0.3' });
  assert.equal(allowed.status, 200);
  assert.match(allowed.body, /jingwu_http_requests_total/);
  const other = await timedGet(srv.base, '/metrics', { localAddress: '127.0.0.2' });
  assert.equal(other.status, 404, other.body);
  assert.match(other.headers['content-type'], /^application\/problem\+json/);
  const spoofed = await timedGet(srv.base, '/metrics', { localAddress: '127.0.0.2', headers: { 'X-Forwarded-For': '127.0.0.3' } });
  assert.equal(spoofed.status, 404, 'X-Forwarded-For from an untrusted peer does not open it');
  const viaProxy = await timedGet(srv.base, '/metrics', { localAddress: '127.0.0.1', headers: { 'X-Forwarded-For': '192.0.2.5' } });
  assert.equal(viaProxy.status, 200, 'a trusted proxy forwarding an allowed client');
  const outsider = await timedGet(srv.base, '/metrics', { localAddress: '127.0.0.1', headers: { 'X-Forwarded-For': '198.51.100.7' } });
  assert.equal(outsider.status, 404, 'a trusted proxy forwarding an outsider');
});

test('/metrics is loopback-only by default', async () => {
  const s2 = await startServer();
  try {
    assert.equal((await timedGet(s2.base, '/metrics', { localAddress: '127.0.0.1' })).status, 200);
    // No non-loopback address is reachable here; a configured list without
    // loopback shows the refusal path (above). Bad lists refuse to start:
    const r = await s2.cli(['serve', '--listen', '127.0.0.1:0', '--metrics-allow', '10.0.0.0/33'], { timeout: 10000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /metrics-allow/);
  } finally {
    await s2.stop();
  }
});
