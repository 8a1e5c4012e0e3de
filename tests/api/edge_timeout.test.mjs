// A request whose body is overdue is answered, not just cut (attack12 F5):
// when --body-timeout passes while the body is still coming, or the body
// stalls for --conn-timeout, the server writes a 408 problem+json (in
// Chinese when asked) before it closes the connection, and the request is
// never run. A body that keeps coming within both limits is served; an idle
// keep-alive connection between requests is still closed without a word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* A raw connection: what it has read, and when it closed (ms after start). */
async function raw(srv) {
  const u = new URL(srv.base);
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  const st = { sock, answer: '', closedAt: null, t0: Date.now() };
  sock.on('data', (d) => { st.answer += d.toString('utf8'); });
  sock.on('close', () => { st.closedAt = Date.now() - st.t0; });
  sock.on('error', () => {});
  await new Promise((r) => sock.once('connect', r));
  return st;
}
const until = async (st, ms) => { for (let i = 0; i < ms / 100 && st.closedAt === null; i++) await sleep(100); };
function problemOf(answer) {
  const [head, body] = answer.split('\r\n\r\n');
  return { head, json: JSON.parse(body) };
}

test('a trickled body past --body-timeout gets a 408 problem+json, then the connection closes; the request does not run', async () => {
  const srv = await startServer({ env: { JINGWU_BODY_TIMEOUT: '3', JINGWU_CONN_TIMEOUT: '30' } });
  try {
    const before = await srv.value('SELECT COUNT(*) FROM users');
    const st = await raw(srv);
    const body = JSON.stringify({ phone: '13912340000', password: 'Abcdef-123456', name: '超时', id_number: '330102199001011234' }).padEnd(400, ' ');
    st.sock.write(`POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    for (let i = 0; i < 25 && st.closedAt === null; i++) { // a byte every 400 ms: never idle, never done
      await sleep(400);
      if (!st.sock.destroyed) st.sock.write(body[i]);
    }
    await until(st, 3000);
    st.sock.destroy();
    assert.ok(st.closedAt !== null && st.closedAt >= 2500 && st.closedAt < 8000, `closed after ${st.closedAt} ms`);
    assert.match(st.answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    const { head, json } = problemOf(st.answer);
    assert.match(head, /\r\nContent-Type: application\/problem\+json\r\n/i);
    assert.match(head, /\r\nConnection: close\r\n/i);
    assert.match(head, /\r\nX-Request-Id: [0-9a-f]+\r\n/i);
    assert.equal(json.status, 408);
    assert.equal(json.type, '/problems/request-timeout');
    assert.match(json.detail, /did not all arrive within 3 seconds/);
    assert.match(head, new RegExp(`X-Request-Id: ${json.request_id}`, 'i'));
    assert.equal(await srv.value('SELECT COUNT(*) FROM users'), before, 'nothing registered');
    assert.equal((await fetch(`${srv.base}/healthz`)).status, 200);
  } finally {
    await srv.stop();
  }
});

test('a body that stalls for --conn-timeout gets a 408 (in Chinese when asked); one that keeps coming is served', async () => {
  const srv = await startServer({ env: { JINGWU_CONN_TIMEOUT: '2', JINGWU_BODY_TIMEOUT: '60' } });
  try {
    // stalled after a few bytes
    const st = await raw(srv);
    st.sock.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"lo');
    await until(st, 8000);
    st.sock.destroy();
    assert.ok(st.closedAt !== null && st.closedAt >= 1500 && st.closedAt < 6000, `closed after ${st.closedAt} ms`);
    assert.match(st.answer, /^HTTP\/1\.1 408 /);
    const { json } = problemOf(st.answer);
    assert.equal(json.title, '请求超时');
    assert.match(json.detail, /请求内容已中断 2 秒/);
    // headers only, no byte of the body: the same
    const st2 = await raw(srv);
    st2.sock.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n');
    await until(st2, 8000);
    st2.sock.destroy();
    assert.match(st2.answer, /^HTTP\/1\.1 408 /);
    assert.match(problemOf(st2.answer).json.detail, /stopped arriving for 2 seconds/);
    // a body with a byte every second (never idle for 2 s) takes 5 s and is served as usual
    const st3 = await raw(srv);
    const body = JSON.stringify({ login: 'nobody', password: 'x' });
    st3.sock.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, -5)}`);
    for (const ch of body.slice(-5)) {
      await sleep(1000);
      st3.sock.write(ch);
    }
    for (let i = 0; i < 50 && !st3.answer.includes('\r\n\r\n'); i++) await sleep(100);
    st3.sock.destroy();
    assert.match(st3.answer, /^HTTP\/1\.1 (400|401|403|422) /, st3.answer.slice(0, 120));
    // an idle keep-alive connection between requests is closed without an answer
    const st4 = await raw(srv);
    await until(st4, 6000);
    st4.sock.destroy();
    assert.ok(st4.closedAt !== null, 'closed');
    assert.equal(st4.answer, '');
  } finally {
    await srv.stop();
  }
});
