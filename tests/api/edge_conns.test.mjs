// The connection table (issue 7): a second server on a port in use refuses
// to start; thousands of idle or trickling connections from a few
// addresses cannot keep /healthz from answering; a connection that trickles
// its headers is closed after --header-timeout. Traffic stays on 127.0.0.0/8.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';
import { timedGet, rawRequest, sleep } from './edge_raw.mjs';

let srv;
before(async () => { srv = await startServer(); }); // default --header-timeout (10 s): longer than the flood
after(async () => { await srv?.stop(); });

test('a second jingwu serve on the port in use refuses to start, with a clear message', async () => {
  const listen = new URL(srv.base).host;
  const r = await srv.cli(['serve', '--listen', listen, '--web', '/nonexistent'], { timeout: 10000 });
  assert.equal(r.signal, null, `the second server kept running (killed after 10 s):\n${r.stderr}`);
  assert.notEqual(r.code, 0, r.stderr);
  assert.match(r.stderr, /already in use/);
  const h = await timedGet(srv.base, '/healthz');
  assert.equal(h.status, 200, 'the first server still serves');
});

test('a connection that trickles its headers is closed after --header-timeout', async () => {
  const s2 = await startServer({ env: { JINGWU_HEADER_TIMEOUT: '2' } });
  const u = new URL(s2.base);
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  const t0 = Date.now();
  let closedAt = null;
  sock.on('close', () => { closedAt = Date.now() - t0; });
  sock.on('error', () => {});
  await new Promise((r) => sock.once('connect', r));
  sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  for (let i = 0; i < 16 && closedAt === null; i++) {
    await sleep(500);
    if (!sock.destroyed) sock.write(`X-Slow-${i}: y\r\n`); // keeps an idle timer from ever firing
  }
  sock.destroy();
  await s2.stop();
  assert.ok(closedAt !== null && closedAt < 6000, `closed after ${closedAt} ms (header timeout 2 s)`);
});

test('thousands of idle and trickling connections from 20 addresses: /healthz keeps answering, the server stays up', async () => {
  const u = new URL(srv.base);
  const ADDRS = 20;
  const PER_ADDR = 230; // 4600 in all: more than the whole table of the old server (4096)
  const socks = [];
  const perAddr = new Map();
  let refused = 0;
  let stop = false;
  for (let a = 0; a < ADDRS; a++) {
    const localAddress = `127.0.0.${10 + a}`;
    perAddr.set(localAddress, new Set());
    for (let i = 0; i < PER_ADDR; i++) {
      const s = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
      s.on('error', () => {});
      s.on('connect', () => {
        perAddr.get(localAddress).add(s);
        s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      });
      s.on('close', () => { perAddr.get(localAddress).delete(s); refused++; });
      socks.push(s);
    }
  }
  const trickle = (async () => {
    for (let k = 0; !stop; k++) {
      for (const s of socks) if (!s.destroyed && s.writable && !s.connecting) s.write(`X-${k}: y\r\n`);
      await sleep(700);
    }
  })();
  const times = [];
  try {
    await sleep(800);
    const deadline = Date.now() + 6000;
    while (Date.now() < deadline) {
      const r = await timedGet(srv.base, '/healthz', { localAddress: '127.0.0.1', timeoutMs: 5000 });
      assert.equal(r.status, 200, `healthz during the flood: ${JSON.stringify(r)}`);
      times.push(r.ms);
      await sleep(200);
    }
    const held = [...perAddr.values()].map((set) => set.size);
    const total = held.reduce((a, b) => a + b, 0);
    assert.ok(total < 4096 * 0.95, `the table keeps room for newcomers: ${total} held (${held})`);
    assert.ok(refused > 500, `connections over the share were refused: ${refused}`);
  } finally {
    stop = true;
    await trickle;
    for (const s of socks) s.destroy();
  }
  const max = Math.max(...times);
  assert.ok(times.length >= 10 && max < 1500, `healthz answered ${times.length} times, slowest ${max} ms`);
  assert.equal(srv.proc.exitCode, null);
  await sleep(300);
  const after = await rawRequest(srv.base, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(after.status, 200);
});
