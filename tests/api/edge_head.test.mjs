// The request head (review findings 8, 9): header lines RFC 9112 refuses
// but libmicrohttpd 0.9.75 takes (space before the colon, CR or NUL inside,
// obsolete folding, bare LF), request smuggling through them, and
// queries with so many parameters that libmicrohttpd's per-connection
// memory runs out. Every one gets one problem+json answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './harness.mjs';
import { rawRequest, timedGet } from './edge_raw.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const alive = async () => {
  assert.equal(srv.proc.exitCode, null, `the server died:\n${srv.serverLog()}`);
  const r = await timedGet(srv.base, '/healthz');
  assert.equal(r.status, 200, `healthz after: ${JSON.stringify(r)}`);
};

/** The status lines in a raw answer: one per response the server sent. */
const statusLines = (text) => text.match(/HTTP\/1\.[01] \d{3}/g) || [];

function assertProblem(r, status, label) {
  assert.equal(r.status, status, `${label}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers['content-type'] || '', /^application\/problem\+json/, label);
  const doc = JSON.parse(r.body);
  assert.equal(doc.status, status, label);
  return doc;
}

test('finding 9: "Content-Length : N" (space before the colon) cannot smuggle a second request', async () => {
  const smuggled = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const r = await rawRequest(srv.base,
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length : ${smuggled.length}\r\n\r\n${smuggled}`);
  assertProblem(r, 400, 'space before the colon');
  assert.deepEqual(statusLines(r.text), ['HTTP/1.1 400'], `exactly one answer: ${r.text}`);
  assert.equal(r.headers.connection, 'close');
  assert.ok(r.closed, 'the connection is closed');
  await alive();
});

test('finding 9: also on a GET with keep-alive, the bytes after a malformed head are never a request', async () => {
  const r = await rawRequest(srv.base,
    'GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assertProblem(r, 400, 'Transfer-Encoding with a space');
  assert.deepEqual(statusLines(r.text), ['HTTP/1.1 400'], r.text);
  assert.ok(r.closed);
});

test('finding 9: header names that are not RFC 9110 tokens, and CR inside a value → 400, connection closed', async () => {
  const cases = [
    ['tab before the colon', 'X-A\t: 1\r\n'],
    ['space inside the name', 'X A: 1\r\n'],
    ['empty name', ': 1\r\n'],
    ['bare CR inside the value', 'X-A: a\rb\r\n'],
    ['bare CR inside the name', 'X\rA: 1\r\n'],
    ['a non-token character in the name', 'X(A): 1\r\n'],
    ['a UTF-8 name', 'X-名: 1\r\n'],
    ['NUL inside the value', 'X-A: a\0b\r\n'],
    ['obsolete folding (libmicrohttpd joins it onto the name)', 'X-A: a\r\n\tb\r\n'],
    ['obsolete folding of the last line', 'X-A: a\r\n b c\r\n'],
    ['bare LF ending a line', 'X-A: a\nX-B: b\r\n'],
  ];
  for (const [label, line] of cases) {
    const r = await rawRequest(srv.base, Buffer.from(`GET /healthz HTTP/1.1\r\nHost: x\r\n${line}\r\n`, 'utf8'));
    const doc = assertProblem(r, 400, label);
    assert.match(doc.detail, /header line/i, label);
    assert.deepEqual(statusLines(r.text), ['HTTP/1.1 400'], label);
    assert.ok(r.closed, `${label}: connection left open`);
  }
  // A line without a colon (NUL before it) is refused by libmicrohttpd
  // itself, with its own HTML page, before the dispatcher runs.
  const nul = await rawRequest(srv.base, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-\0A: 1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.deepEqual(statusLines(nul.text), ['HTTP/1.1 400'], nul.text);
  assert.ok(nul.closed);
  await alive();
});

test('bare LF ending the request line or every line → 400', async () => {
  for (const req of ['GET /healthz HTTP/1.1\nHost: x\r\n\r\n', 'GET /healthz HTTP/1.1\nHost: x\nX-A: 1\n\n',
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\n\n{}']) {
    const r = await rawRequest(srv.base, req);
    assertProblem(r, 400, JSON.stringify(req));
    assert.ok(r.closed, JSON.stringify(req));
  }
});

test('well-formed header lines still pass, keep-alive kept (tchar names, tabs and spaces inside values)', async () => {
  const r = await rawRequest(srv.base,
    "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Odd!#$%&'*+-.^_`|~9: a\tb  c\r\nX-Empty:\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  assert.deepEqual(statusLines(r.text), ['HTTP/1.1 200', 'HTTP/1.1 200'], r.text);
});

test('finding 8: a query with hundreds of parameters gets 414 problem+json, at once', async () => {
  const cases = [
    ['600 ampersands', `/healthz?${'&'.repeat(600)}`],
    ['470 a=1 pairs', `/healthz?${Array(470).fill('a=1').join('&')}`],
    ['101 parameters on an API route', `/api/v1/services?${Array(101).fill('q=1').join('&')}`],
    ['2000 ampersands on a page', `/?${'&'.repeat(2000)}`],
  ];
  for (const [label, path] of cases) {
    const r = await rawRequest(srv.base, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const doc = assertProblem(r, 414, label);
    assert.match(doc.detail, /more than 100 query parameters/, label);
    assert.ok(r.ms !== null && r.ms < 2000, `${label}: answered after ${r.ms} ms`);
  }
  const ok = await timedGet(srv.base, `/healthz?${Array(100).fill('a=1').join('&')}`);
  assert.equal(ok.status, 200, '100 parameters are fine');
  await alive();
});

test('minor: a JSON body with \\u0000 gets a plain message, not a library detail', async () => {
  const res = await fetch(`${srv.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"login":"a\\u0000b","password":"x"}',
  });
  assert.equal(res.status, 400);
  const doc = await res.json();
  assert.doesNotMatch(doc.detail, /JSON_|ALLOW|jansson/i, doc.detail);
  assert.match(doc.detail, /line 1, column \d+/, doc.detail);
  assert.match(doc.detail, /NUL character/, doc.detail);
  const zh = await fetch(`${srv.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
    body: '{"login":"a","login":"b"}',
  });
  const zdoc = await zh.json();
  assert.match(zdoc.detail, /第 1 行.*重复的键/, zdoc.detail);
});

/** Streams a chunked body of up to totalBytes to path until the server answers or closes; resolves {text, sent}. */
function streamChunked(base, path, totalBytes, headers = '') {
  const u = new URL(base);
  return new Promise((resolve) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port) });
    const chunks = [];
    let sent = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), sent });
    };
    const timer = setTimeout(finish, 15000);
    const piece = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    const pump = () => {
      while (!done && chunks.length === 0 && sent < totalBytes) {
        sent += piece.length;
        if (!sock.write(frame)) return sock.once('drain', pump);
      }
      if (!done && sent >= totalBytes) sock.write('0\r\n\r\n');
    };
    sock.on('connect', () => {
      sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${headers}\r\n`);
      pump();
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', finish);
    sock.on('close', finish);
    sock.on('error', finish);
  });
}

test('minor: an anonymous chunked 20 MB sign-in body gets 413 problem+json as soon as it passes the limit', async () => {
  const r = await streamChunked(srv.base, '/api/v1/auth/login', 20 * 1024 * 1024);
  assert.match(r.text, /^HTTP\/1\.1 413 /, `got: ${r.text.slice(0, 200)} after ${r.sent} bytes`);
  assert.match(r.text, /\r\nConnection: close\r\n/i);
  assert.match(r.text, /\r\nContent-Type: application\/problem\+json\r\n/i);
  const body = r.text.slice(r.text.indexOf('\r\n\r\n') + 4);
  const doc = JSON.parse(body);
  assert.equal(doc.status, 413);
  assert.match(doc.detail, /larger than \d+ bytes/);
  assert.ok(r.sent < 20 * 1024 * 1024, `the whole body was read (${r.sent} bytes sent)`);
  await alive();
});

test('a chunked body that passes --max-inflight midway gets 503 problem+json with Retry-After, not a dropped connection', async () => {
  const small = await startServer({ env: { JINGWU_MAX_INFLIGHT: '100000' } });
  try {
    const r = await streamChunked(small.base, '/api/v1/auth/login', 2 * 1024 * 1024);
    assert.match(r.text, /^HTTP\/1\.1 503 /, `got: ${r.text.slice(0, 200)} after ${r.sent} bytes`);
    assert.match(r.text, /\r\nRetry-After: 2\r\n/i);
    const doc = JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4));
    assert.equal(doc.status, 503);
  } finally {
    await small.stop();
  }
});
