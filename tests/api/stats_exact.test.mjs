// stats_exact.test.mjs — page views are exact under load: N views from N
// visitors sent concurrently over many connections add exactly N, through a
// graceful stop (SIGTERM) and a restart; on PostgreSQL through two
// instances on one database (each view sent to one of them, some to both).
// Views are batched in memory and counted by the tick (≤ ~1 s behind) and
// at the graceful stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { startServer, BIN, ROOT, DB_KIND } from './harness.mjs';

const N = 3000;
const UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
before(async () => {
  // Every view comes from 127.0.0.1: the per-address cap must not be what limits them here.
  // The first test holds the batch in memory (no flush by the tick) so only the graceful stop can count it;
  // one window for the whole file.
  srv = await startServer({ env: { JINGWU_PAGE_VIEW_IP_LIMIT: '1000000', JINGWU_PAGE_VIEW_FLUSH: '3600',
    JINGWU_PAGE_VIEW_WINDOW: '86399' } });
});
after(async () => { await srv?.stop(); });

/** POSTs one page view to base over agent; resolves {status, cookie}. */
function view(base, agent, path, cookie, ua = UA) {
  const u = new URL(`${base}/api/v1/stats/page-view`);
  const body = JSON.stringify({ path });
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': ua };
  if (cookie) headers.Cookie = cookie;
  return new Promise((resolve, reject) => {
    const rq = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        const sc = [].concat(res.headers['set-cookie'] || []).find((c) => c.startsWith('jw_vid='));
        resolve({ status: res.statusCode, cookie: sc ? sc.split(';')[0] : null });
      });
    });
    rq.on('error', reject);
    rq.end(body);
  });
}

/** Runs fns with at most `width` in flight at once. */
async function pool(fns, width) {
  const out = new Array(fns.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < fns.length) {
      const i = next++;
      out[i] = await fns[i]();
    }
  }));
  return out;
}

const stored = async () => Number(await srv.value("SELECT value FROM counters WHERE name = 'page_views'"));

/** The public figure once the tick has counted what is batched: polls up to 5 s for want. */
async function publicViews(base, want) {
  let got;
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${base}/api/v1/stats/public`);
    got = (await r.json()).page_views;
    if (got === want) return got;
    await sleep(100);
  }
  return got;
}

/** N distinct visitor ids (jw_vid cookies) issued by base, each by a first view of /warm-up. */
async function visitors(base, agent, n) {
  const rs = await pool(Array.from({ length: n }, () => () => view(base, agent, '/warm-up')), 64);
  const cookies = rs.map((r) => r.cookie);
  assert.ok(cookies.every(Boolean), 'every first view issues a visitor id');
  assert.equal(new Set(cookies).size, n);
  return cookies;
}

/** SIGTERMs the server process and waits for exit 0. */
async function terminate(proc, log) {
  const done = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  proc.kill('SIGTERM');
  const res = await done;
  assert.equal(res.code, 0, `exit after SIGTERM: ${res.code ?? res.signal}\n${readFileSync(log, 'utf8').slice(-2000)}`);
}

test(`${N} concurrent views of ${N} visitors count exactly ${N}, across a graceful stop and a restart`, async () => {
  const start = await stored();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 48 });
  const cookies = await visitors(srv.base, agent, N);
  // The burst: every visitor views /exact once, many connections at once, plus robots that are not counted.
  const fns = cookies.map((c) => () => view(srv.base, agent, '/exact', c));
  for (let i = 0; i < 200; i++) {
    fns.push(() => view(srv.base, agent, `/exact-bot-${i}`, null,
      ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
        'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
        'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
        'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36; 360Spider',
        'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
        'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
        'Mozilla/5.0 (compatible; SomeCrawler/1.0)', 'node'][i % 10]));
  }
  // A visitor reloading is one view (the dedup window holds inside one batch too).
  for (let i = 0; i < 300; i++) fns.push(() => view(srv.base, agent, '/exact', cookies[i]));
  const rs = await pool(fns, 64);
  assert.ok(rs.every((r) => r.status === 204));
  agent.destroy();
  await sleep(1200);
  assert.equal(await stored(), start, 'no database write per view: the batch is in memory');
  // The graceful stop counts the batch: the N first views of /exact and the address's one view of /warm-up.
  await terminate(srv.proc, srv.log);
  assert.equal(await stored(), start + N + 1, 'exactly N (+1) stored after SIGTERM');
  assert.match(readFileSync(srv.log, 'utf8'), new RegExp(`page views: ${N + 1} counted at stop`));
  srv.env.JINGWU_PAGE_VIEW_FLUSH = '1'; // from here on the tick counts every second
  await srv.restart();
  assert.equal(await publicViews(srv.base, start + N + 1), start + N + 1, 'and shown after the restart');
  // The same visitors on the same page in the same window: nothing more.
  const again = new http.Agent({ keepAlive: true, maxSockets: 16 });
  await pool(cookies.slice(0, 500).map((c) => () => view(srv.base, again, '/exact', c)), 32);
  again.destroy();
  await sleep(1500);
  assert.equal(await stored(), start + N + 1, 'the dedup window survives the restart');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** A second `jingwu serve` on srv's database, started as the harness starts its one. */
async function secondInstance() {
  const port = await freePort();
  const log = join(srv.tmp, 'server2.log');
  const fd = openSync(log, 'a');
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', srv.url, '--web', join(ROOT, 'web/dist'),
    '--threads', '4'], { env: srv.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      await r.arrayBuffer();
      if (r.status === 200) return { proc, base, log };
    } catch { /* not listening yet */ }
    await sleep(50);
  }
  proc.kill('SIGKILL');
  throw new Error(`second instance did not start\n${readFileSync(log, 'utf8')}`);
}

test(`two instances on one database: ${N} visitors split across both (some sent to both) count exactly ${N}`,
  { skip: DB_KIND !== 'postgres' && 'several instances share one database on PostgreSQL' }, async () => {
    const two = await secondInstance();
    try {
      const a = new http.Agent({ keepAlive: true, maxSockets: 32 });
      const b = new http.Agent({ keepAlive: true, maxSockets: 32 });
      // Visitor ids issued by either instance are valid on both (one secret).
      const cookies = [...await visitors(srv.base, a, N / 2), ...await visitors(two.base, b, N / 2)];
      await sleep(1500);
      const start = await stored();
      const fns = cookies.map((c, i) => () => view(i % 2 ? two.base : srv.base, i % 2 ? b : a, '/split', c));
      // 600 visitors' views reach both instances (a retry through the other one): still one view each.
      for (let i = 0; i < 600; i++) fns.push(() => view(i % 2 ? srv.base : two.base, i % 2 ? a : b, '/split', cookies[i]));
      const rs = await pool(fns, 64);
      assert.ok(rs.every((r) => r.status === 204));
      a.destroy();
      b.destroy();
      assert.equal(await publicViews(srv.base, start + N), start + N, 'instance A shows exactly N after a tick');
      assert.equal(await publicViews(two.base, start + N), start + N, 'instance B too');
      // Another burst, then both stop at once: what each holds is counted at its stop.
      const c2 = new http.Agent({ keepAlive: true, maxSockets: 32 });
      const rs2 = await pool(cookies.map((c, i) => () => view(i % 2 ? two.base : srv.base, c2, '/split-2', c)), 64);
      assert.ok(rs2.every((r) => r.status === 204));
      c2.destroy();
      await Promise.all([terminate(two.proc, two.log), terminate(srv.proc, srv.log)]);
      assert.equal(await stored(), start + 2 * N, 'exactly 2N after both stopped');
      await srv.restart();
    } finally {
      if (two.proc.exitCode === null && two.proc.signalCode === null) two.proc.kill('SIGKILL');
    }
  });
