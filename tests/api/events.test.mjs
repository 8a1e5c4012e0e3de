// The live stream (GET /api/v1/events, Server-Sent Events): a message
// posted arrives within a second; Last-Event-ID replays what was missed;
// heartbeats; a signed-out session's stream ends; the per-user cap (429);
// 200 open streams do not stop /healthz; the server drains with streams
// open; and on PostgreSQL two instances on one database deliver each
// other's events (LISTEN/NOTIFY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, registerCitizen, DEMO_CITIZEN, BIN, ROOT, DB_KIND } from './harness.mjs';
import { linkOfficer } from './consult_helpers.mjs';

let srv, citizen, officer, officerRec;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens the stream of client c at base; collects frames and comments. */
function openStream(base, c, { lastEventId, query = '' } = {}) {
  const url = new URL(`/api/v1/events${query}`, base);
  const headers = { Cookie: c.cookieHeader(), Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const s = { events: [], comments: [], status: 0, headers: null, ended: false, buf: '', waiters: [] };
  const check = () => { for (const w of [...s.waiters]) w(); };
  s.ready = new Promise((resolve, reject) => {
    s.req = http.get(url, { headers, agent: false }, (res) => {
      s.status = res.statusCode;
      s.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.buf += d;
        let i;
        while ((i = s.buf.indexOf('\n\n')) >= 0) {
          const frame = s.buf.slice(0, i);
          s.buf = s.buf.slice(i + 2);
          const ev = { id: null, event: 'message', data: '' };
          let any = false;
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) { s.comments.push(line); continue; }
            const k = line.slice(0, line.indexOf(':'));
            const v = line.slice(line.indexOf(':') + 1).replace(/^ /, '');
            if (k === 'id') ev.id = Number(v);
            if (k === 'event') ev.event = v;
            if (k === 'data') { ev.data = v; any = true; }
          }
          if (any) s.events.push({ ...ev, json: JSON.parse(ev.data) });
        }
        check();
      });
      res.on('end', () => { s.ended = true; check(); });
      res.on('error', () => { s.ended = true; check(); });
      resolve(s);
    });
    s.req.on('error', (e) => { s.ended = true; check(); reject(e); });
  });
  s.waitFor = (pred, ms) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { s.waiters = s.waiters.filter((w) => w !== fn); reject(new Error(`stream: not within ${ms} ms; events ${JSON.stringify(s.events.map((e) => [e.id, e.event]))}`)); }, ms);
    const fn = () => { const v = pred(s); if (v) { clearTimeout(timer); s.waiters = s.waiters.filter((w) => w !== fn); resolve(v); } };
    s.waiters.push(fn);
    fn();
  });
  s.close = () => s.req.destroy();
  return s;
}

const msgFor = (id) => (s) => s.events.find((e) => e.event === 'message' && e.json.consultation_id === id && e.json.side === 'staff');

before(async () => {
  srv = await startServer();
  ({ rec: officerRec } = await linkOfficer(srv));
  citizen = await srv.signIn(DEMO_CITIZEN);
  officer = await srv.signIn('officer');
});
after(async () => { await srv?.stop(); });

async function ask(subject = '在线咨询') {
  const r = await citizen.post('/api/v1/consultations', { officer_id: officerRec, subject, body: '请问？' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

test('a message posted arrives on the stream within a second; Last-Event-ID replays what was missed', async () => {
  const id = await ask();
  const s = await openStream(srv.base, citizen).ready;
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  assert.equal(s.headers['cache-control'], 'no-store');
  await s.waitFor((x) => x.comments.length > 0, 2000); // the opening comment
  const t0 = Date.now();
  const r = await officer.post(`/api/v1/consultations/${id}/messages`, { body: '您好，请讲。' });
  assert.equal(r.status, 201);
  const ev = await s.waitFor(msgFor(id), 1000);
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(ev.json.message_id, r.json.id);
  assert.ok(ev.id > 0);
  // The officer's own stream got the thread and the message too.
  // Disconnected, the citizen misses two messages; the reconnect with Last-Event-ID gets both, in order, once.
  s.close();
  const a = await officer.post(`/api/v1/consultations/${id}/messages`, { body: '第二条' });
  const b = await officer.post(`/api/v1/consultations/${id}/messages`, { body: '第三条' });
  const s2 = await openStream(srv.base, citizen, { lastEventId: ev.id }).ready;
  await s2.waitFor((x) => x.events.filter((e) => e.event === 'message').length >= 2, 1000);
  const got = s2.events.filter((e) => e.event === 'message').map((e) => e.json.message_id);
  assert.deepEqual(got, [a.json.id, b.json.id]);
  assert.ok(s2.events.every((e, i) => i === 0 || e.id > s2.events[i - 1].id));
  // Without Last-Event-ID the stream starts from now: nothing old.
  const s3 = await openStream(srv.base, citizen).ready;
  await sleep(300);
  assert.equal(s3.events.length, 0);
  // The query form for a page's first connection.
  const s4 = await openStream(srv.base, citizen, { query: `?last_event_id=${ev.id}` }).ready;
  await s4.waitFor((x) => x.events.length >= 2, 1000);
  // A read receipt reaches the officer.
  const so = await openStream(srv.base, officer).ready;
  await citizen.post(`/api/v1/consultations/${id}/read`, {});
  await so.waitFor((x) => x.events.find((e) => e.event === 'read' && e.json.consultation_id === id), 1000);
  // A thread to the station itself reaches its chief's inbox live.
  const chief = await srv.signIn('station_chief');
  const sc = await openStream(srv.base, chief).ready;
  await sc.waitFor((x) => x.comments.length > 0, 2000);
  const baiyun = Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
  const nt = await citizen.post('/api/v1/consultations', { unit_id: baiyun, subject: '收件箱', body: '新咨询' });
  await sc.waitFor((x) => x.events.find((e) => e.event === 'thread' && e.json.consultation_id === nt.json.id), 1000);
  sc.close();
  for (const x of [s2, s3, s4, so]) x.close();
});

test('refusals: anonymous 401, a bad Last-Event-ID 422, more than 10 streams of one user 429', async () => {
  const anon = await openStream(srv.base, srv.client()).ready;
  assert.equal(anon.status, 401);
  const bad = await openStream(srv.base, citizen, { lastEventId: 'abc' }).ready;
  assert.equal(bad.status, 422);
  const c = await registerCitizen(srv);
  const cl = await srv.signIn(c.phone, c.password);
  const open = [];
  for (let i = 0; i < 10; i++) open.push(await openStream(srv.base, cl).ready);
  assert.ok(open.every((x) => x.status === 200));
  const over = await openStream(srv.base, cl).ready;
  assert.equal(over.status, 429);
  assert.ok(Number(over.headers['retry-after']) > 0);
  open.pop().close();
  await sleep(100);
  // A stream that sleeps notices its client left when next written to: the refusal probes them.
  let again = await openStream(srv.base, cl).ready;
  if (again.status === 429) {
    await sleep(500);
    again = await openStream(srv.base, cl).ready;
  }
  assert.equal(again.status, 200, 'a closed stream frees its place');
  for (const x of [...open, again]) x.close();
  assertProblem(await cl.get('/api/v1/consultations?limit=0'), 422, 'validation');
});

test('200 open streams hold no thread: /healthz still answers quickly, and messages still arrive', async () => {
  const users = [];
  for (let i = 0; i < 20; i++) {
    const c = await registerCitizen(srv);
    users.push(await srv.signIn(c.phone, c.password));
  }
  const streams = [];
  for (const u of users) for (let k = 0; k < 10; k++) streams.push(openStream(srv.base, u).ready);
  const open = await Promise.all(streams);
  assert.equal(open.filter((s) => s.status === 200).length, 200);
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const r = await fetch(`${srv.base}/healthz`);
    await r.arrayBuffer();
    times.push(performance.now() - t0);
    assert.equal(r.status, 200);
  }
  times.sort((a, b) => a - b);
  assert.ok(times[18] < 200, `healthz p95 ${times[18]} ms`);
  const id = await ask('两百个连接时');
  const s = await openStream(srv.base, citizen).ready;
  await officer.post(`/api/v1/consultations/${id}/messages`, { body: '收到' });
  await s.waitFor(msgFor(id), 1000);
  s.close();
  for (const x of open) x.close();
});

test('heartbeats every ~15 s; a signed-out session\'s stream ends', { timeout: 40000 }, async () => {
  const stay = await openStream(srv.base, citizen).ready;
  const c = await registerCitizen(srv);
  const leaving = await srv.signIn(c.phone, c.password);
  const gone = await openStream(srv.base, leaving).ready;
  assert.equal((await leaving.post('/api/v1/auth/logout', {})).status, 204);
  await stay.waitFor((x) => x.comments.includes(': heartbeat'), 17000);
  await gone.waitFor((x) => x.ended, 17000);
  assert.ok(gone.events.find((e) => e.event === 'end' && e.json.reason === 'signed-out'));
  stay.close();
});

/* A second `jingwu serve` on the same database (PostgreSQL). */
async function secondInstance() {
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const log = join(srv.tmp, 'server-b.log');
  const fd = openSync(log, 'a');
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', srv.url, '--web', join(ROOT, 'web/dist'),
    '--threads', '2'], { env: srv.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { const r = await fetch(`${base}/healthz`); await r.arrayBuffer(); if (r.status === 200) return { proc, base }; } catch { /* not yet */ }
    await sleep(50);
  }
  proc.kill('SIGKILL');
  throw new Error('the second instance did not start');
}

test('two instances on one PostgreSQL: a message posted through A arrives on a stream held on B within a second',
  { skip: DB_KIND !== 'postgres' && 'PostgreSQL only (SQLite is one process)' }, async () => {
    const b = await secondInstance();
    try {
      const id = await ask('跨实例');
      const s = await openStream(b.base, citizen).ready; // the same session cookie works on B
      assert.equal(s.status, 200);
      await s.waitFor((x) => x.comments.length > 0, 2000);
      const t0 = Date.now();
      const r = await officer.post(`/api/v1/consultations/${id}/messages`, { body: '从 A 实例回复' });
      assert.equal(r.status, 201);
      const ev = await s.waitFor(msgFor(id), 1000);
      assert.ok(Date.now() - t0 < 1000);
      assert.equal(ev.json.message_id, r.json.id);
      s.close();
    } finally {
      const done = new Promise((r) => b.proc.once('exit', (code) => r(code)));
      b.proc.kill('SIGTERM');
      assert.equal(await done, 0);
    }
  });

test('the server drains with streams open: they end and it exits cleanly', async () => {
  const s = await openStream(srv.base, citizen).ready;
  const t0 = Date.now();
  await srv.stop(); // asserts exit code 0 within 15 s
  srv = null;
  await s.waitFor((x) => x.ended, 2000);
  assert.ok(Date.now() - t0 < 5000, 'streams do not hold the drain');
});
