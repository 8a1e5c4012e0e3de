// Streams opened and closed under load (issue 11, `make asan` with streams):
// for a while, clients keep opening /api/v1/events streams (some with
// Last-Event-ID), dropping them at random moments (mid-event too), leaving
// some unread (a slow consumer), signing out with streams open, while staff
// post messages that wake them and /healthz is polled. Then every stream is
// dropped and the server stopped: the harness fails unless it exits 0, so
// under an ASan build (JINGWU_BIN=build-asan/jingwu, ASAN_OPTIONS with
// detect_leaks=1) a leak or an error report fails the run. Prints counts.
//
//   JINGWU_BIN=build-asan/jingwu node bench/events_churn.mjs [streams=300] [seconds=20]
import http from 'node:http';
import { startServer, registerCitizen } from '../tests/api/harness.mjs';

const N = Number(process.argv[2] || 300);
const SECS = Number(process.argv[3] || 20);
const PER_USER = 10;

function open(base, cookie, lastId, localAddress) {
  return new Promise((resolve) => {
    const headers = { Cookie: cookie };
    if (lastId) headers['Last-Event-ID'] = String(lastId);
    const req = http.get(`${base}/api/v1/events`, { headers, agent: false, localAddress }, (res) => {
      const s = { req, res, status: res.statusCode, bytes: 0 };
      if (Math.random() < 0.1) res.pause(); /* a slow consumer: never reads */
      else res.on('data', (d) => { s.bytes += d.length; });
      res.on('error', () => {});
      resolve(s);
    });
    req.on('error', () => resolve({ req, status: 0 }));
  });
}

const srv = await startServer();
const stats = { opened: 0, refused: 0, dropped: 0, most_open: 0, messages: 0, signouts: 0, healthz: 0 };
try {
  const officerRec = Number(await srv.value('SELECT id FROM officers WHERE accepts_appointments = 1 ORDER BY id LIMIT 1'));
  /* Two staff accounts answer (each may post 20 messages a minute; past that 429). */
  const staff = [await srv.signIn('station_chief'), await srv.signIn('unit_admin')];
  const users = [];
  for (let i = 0; i < Math.ceil(N / PER_USER); i++) {
    const c = await registerCitizen(srv);
    const cl = await srv.signIn(c.phone, c.password);
    const t = (await cl.post('/api/v1/consultations', { officer_id: officerRec, subject: '压测', body: '问' })).json;
    users.push({ c, cl, thread: t.id, open: 0 });
  }
  const live = [];
  const end = Date.now() + SECS * 1000;
  const opener = (async () => {
    while (Date.now() < end) {
      /* A user below the per-user cap of 10 streams (mostly: the cap is tested too). */
      let u = users[Math.floor(Math.random() * users.length)];
      for (let k = 0; k < 5 && u.open >= PER_USER - 1; k++) u = users[Math.floor(Math.random() * users.length)];
      const s = await open(srv.base, u.cl.cookieHeader(), Math.random() < 0.3 ? 1 : 0, `127.0.0.${2 + (stats.opened % 8)}`);
      if (s.status === 200) {
        stats.opened++;
        u.open++;
        s.req.on('close', () => { u.open--; });
        live.push(s);
        stats.most_open = Math.max(stats.most_open, live.length);
      } else {
        stats.refused++;
        s.req.destroy();
      }
      while (live.length > N) { live.splice(Math.floor(Math.random() * live.length), 1)[0].req.destroy(); stats.dropped++; }
      if (Math.random() < 0.2 && live.length) { live.splice(Math.floor(Math.random() * live.length), 1)[0].req.destroy(); stats.dropped++; }
    }
  })();
  const poster = (async () => {
    while (Date.now() < end) {
      const u = users[Math.floor(Math.random() * users.length)];
      const r = await staff[stats.messages % staff.length].post(`/api/v1/consultations/${u.thread}/messages`, { body: '答复' });
      if (r.status === 201) stats.messages++;
      else if (r.status !== 429) throw new Error(`message ${r.status} ${r.text}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const signer = (async () => {
    while (Date.now() < end) {
      await new Promise((res) => setTimeout(res, 1500));
      const u = users[Math.floor(Math.random() * users.length)];
      await u.cl.post('/api/v1/auth/logout', {});
      stats.signouts++;
      u.cl = await srv.signIn(u.c.phone, u.c.password);
    }
  })();
  const poller = (async () => {
    while (Date.now() < end) {
      const r = await fetch(`${srv.base}/healthz`);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`healthz ${r.status}`);
      stats.healthz++;
    }
  })();
  await Promise.all([opener, poster, signer, poller]);
  for (const s of live) s.req.destroy();
  stats.dropped += live.length;
  await new Promise((r) => setTimeout(r, 500));
  console.log(JSON.stringify(stats));
} finally {
  await srv.stop(); /* throws unless the server exits 0 (an ASan report makes it fail) */
}
