// The HTTP edge (issue 7): input that once crashed the server, answers that
// were empty, bodies refused before they are read, the memory bound of
// bodies in flight, and request framing (RFC 9112).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DB_KIND, DEMO_CITIZEN, DEMO_PASSWORD } from './harness.mjs';
import { rawRequest, timedGet } from './edge_raw.mjs';

let srv;
before(async () => {
  srv = await startServer({ env: { JINGWU_MAX_INFLIGHT: '1000000' } });
});
after(async () => { await srv?.stop(); });

const alive = async () => {
  assert.equal(srv.proc.exitCode, null, `the server died:\n${srv.serverLog()}`);
  assert.equal(srv.proc.signalCode, null, `the server died:\n${srv.serverLog()}`);
  const r = await timedGet(srv.base, '/healthz');
  assert.equal(r.status, 200, `healthz after: ${JSON.stringify(r)}`);
};

/** Asserts a raw answer is problem+json with status and a body that is valid JSON. */
function assertRawProblem(r, status, label) {
  assert.equal(r.status, status, `${label}: ${r.text.slice(0, 300)}`);
  assert.match(r.headers['content-type'] || '', /^application\/problem\+json/, label);
  let doc;
  assert.doesNotThrow(() => { doc = JSON.parse(r.body); }, `${label}: body is not JSON: ${r.body}`);
  assert.equal(doc.status, status, label);
  assert.equal(typeof doc.detail, 'string', label);
  return doc;
}

const get = (path) => Buffer.concat([Buffer.from('GET '), Buffer.isBuffer(path) ? path : Buffer.from(path, 'latin1'),
  Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]);

test('paths and queries that are not UTF-8 get 400 problem+json; the server stays up', async () => {
  const cases = [
    ['API path %FF', '/api/v1/x%FF', 400],
    ['static path %FF', '/x%FF.js', 400],
    ['raw 0xFF byte', Buffer.from([0x2f, 0x61, 0x70, 0x69, 0x2f, 0x76, 0x31, 0x2f, 0xff]), 400],
    ['cut UTF-8 character', '/api/v1/%E4%B8', 400],
    ['overlong encoding', '/api/v1/%C0%AF', 400],
    ['NUL', '/api/v1/units%00x', 400],
    ['newline', '/api/v1/units%0Ax', 400],
    ['query %FF', '/api/v1/units?q=%FF', 400],
    ['query key %FF', '/api/v1/units?%FF=1', 400],
    ['query NUL', '/api/v1/officers?q=a%00b', 400],
  ];
  for (const [label, path, status] of cases) {
    const r = await rawRequest(srv.base, get(path));
    assertRawProblem(r, status, label);
  }
  await alive();
});

test('a long Chinese path cut by the error detail: valid UTF-8 404, no crash', async () => {
  for (const n of [80, 85, 86, 87, 200, 600]) {
    const path = `/api/v1/${encodeURIComponent('中'.repeat(n))}`;
    const r = await rawRequest(srv.base, get(path));
    const doc = assertRawProblem(r, 404, `${n} characters`);
    assert.ok(doc.detail.length < 200, `detail echoes at most a short, cut copy: ${doc.detail.length}`);
    assert.ok(!doc.detail.includes('\uFFFD'), `no broken character: ${doc.detail}`);
    const zh = await rawRequest(srv.base, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nConnection: close\r\n\r\n`));
    assertRawProblem(zh, 404, `${n} characters (zh)`);
    const page = await rawRequest(srv.base, get(`/${encodeURIComponent('中'.repeat(n))}.js`));
    assertRawProblem(page, 404, `${n} characters (page)`);
  }
  await alive();
});

test('a bad method with a long name answers cleanly', async () => {
  const r = await rawRequest(srv.base, Buffer.from(`${'\u4e2d'.repeat(10)} /api/v1/units HTTP/1.1\r\nHost: x\r\n\r\n`, 'utf8'));
  assert.ok(r.status === 400 || r.status === 405 || r.status === 501 || r.closed, r.text);
  await alive();
});

test('a reply the server cannot serialise (invalid UTF-8 in a row) is 500 problem+json, not 200 with no body', { skip: DB_KIND !== 'sqlite' && 'PostgreSQL text cannot hold invalid UTF-8' }, async () => {
  const id = await srv.value('SELECT max(id) FROM units');
  const name = await srv.value(`SELECT name FROM units WHERE id = ${id}`);
  await srv.sql(`UPDATE units SET name = CAST(X'E4B8' AS TEXT) WHERE id = ${id}`);
  try {
    const r = await srv.client().get(`/api/v1/units/${id}`);
    assert.equal(r.status, 500, `${r.status} ${r.text}`);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.json.type, '/problems/internal');
  } finally {
    await srv.sql(`UPDATE units SET name = '${name.replaceAll("'", "''")}' WHERE id = ${id}`);
  }
  await alive();
});

test('an anonymous 9 MB upload gets 401 before any byte of its body is sent, and the connection is closed', async () => {
  const r = await rawRequest(srv.base, 'POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\n'
    + 'Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 9437184\r\n\r\n', { waitMs: 3000 });
  assertRawProblem(r, 401, 'anonymous upload');
  assert.ok(r.ms < 2000, `answered in ${r.ms} ms without the body`);
  assert.match(r.headers.connection || '', /close/i);
  assert.ok(r.closed, 'the server closed the connection instead of waiting for the body');
});

test('also with Expect: 100-continue: 401, never 100 Continue', async () => {
  const r = await rawRequest(srv.base, 'POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n'
    + 'Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 9437184\r\n\r\n', { waitMs: 3000 });
  assert.ok(!r.text.startsWith('HTTP/1.1 100'), r.text.slice(0, 100));
  assertRawProblem(r, 401, 'anonymous upload, 100-continue');
});

test('a wrong CSRF token is refused before the body is read', async () => {
  const c = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const r = await rawRequest(srv.base, `POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookieHeader()}\r\n`
    + 'X-CSRF-Token: wrong\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 5000000\r\n\r\n');
  assertRawProblem(r, 403, 'wrong CSRF');
  assert.ok(r.closed && r.ms < 2000, `closed ${r.closed}, ${r.ms} ms`);
});

test('a Content-Length above the route limit gets 413 at once, with Connection: close', async () => {
  const c = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const cases = [
    ['JSON route (1 MiB limit)', 'POST /api/v1/auth/login', 'application/json', 2 * 1048576, ''],
    ['upload (10 MiB limit)', 'POST /api/v1/uploads', 'multipart/form-data; boundary=xyz', 11 * 1048576,
      `Cookie: ${c.cookieHeader()}\r\nX-CSRF-Token: ${c.csrf}\r\n`],
    ['absurd length', 'POST /api/v1/auth/login', 'application/json', '99999999999999999999', ''],
  ];
  for (const [label, line, type, len, extra] of cases) {
    const r = await rawRequest(srv.base, `${line} HTTP/1.1\r\nHost: x\r\n${extra}Content-Type: ${type}\r\nContent-Length: ${len}\r\n\r\n{"login":`);
    assert.equal(r.status, 413, `${label}: ${r.text.slice(0, 200)}`);
    // A length past 2^64 is refused by libmicrohttpd itself (its own short page).
    if (label !== 'absurd length') assertRawProblem(r, 413, label);
    assert.ok(r.ms !== null && r.ms < 2000, `${label}: answered in ${r.ms} ms`);
    assert.ok(r.closed, `${label}: the connection was not closed`);
  }
  await alive();
});

test('a client that sends the whole oversized body still reads the early 413 (the socket lingers, unread)', async () => {
  const r = await srv.client().req('POST', '/api/v1/auth/login', { raw: Buffer.alloc(3 * 1048576, 0x20) });
  assert.equal(r.status, 413, r.text);
  assert.equal(r.json.type, '/problems/too-large');
  await alive();
});

test('bodies in flight are bounded (--max-inflight): over the bound → 503 with Retry-After, at once', async () => {
  const c = await srv.signIn(DEMO_CITIZEN, DEMO_PASSWORD);
  const r = await rawRequest(srv.base, `POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\nCookie: ${c.cookieHeader()}\r\n`
    + `X-CSRF-Token: ${c.csrf}\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 2000000\r\n\r\n`);
  const doc = assertRawProblem(r, 503, 'over --max-inflight');
  assert.equal(doc.type, '/problems/unavailable');
  assert.ok(Number(r.headers['retry-after']) > 0, `Retry-After: ${r.headers['retry-after']}`);
  assert.ok(r.closed && r.ms < 2000);
  // The reservation was given back: a small upload still goes through to the handler.
  const small = await c.req('POST', '/api/v1/uploads', {
    raw: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--xyz--\r\n',
    headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
  });
  assert.notEqual(small.status, 503, small.text);
});

test('RFC 9112 framing: two Content-Length headers, Content-Length with Transfer-Encoding, unknown codings → 400', async () => {
  const login = '{"login":"x","password":"y"}';
  const cases = [
    ['two different Content-Length', `Content-Length: ${login.length}\r\nContent-Length: ${login.length + 1}\r\n`],
    ['two equal Content-Length', `Content-Length: ${login.length}\r\nContent-Length: ${login.length}\r\n`],
    ['Content-Length list', `Content-Length: ${login.length}, ${login.length}\r\n`],
    ['Content-Length and chunked', `Content-Length: ${login.length}\r\nTransfer-Encoding: chunked\r\n`],
    ['gzip coding', 'Transfer-Encoding: gzip\r\n'],
    ['negative length', 'Content-Length: -1\r\n'],
  ];
  for (const [label, framing] of cases) {
    const r = await rawRequest(srv.base, `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${framing}\r\n${login}`);
    assert.equal(r.status, 400, `${label}: ${r.text.slice(0, 200)}`);
    assert.ok(r.closed, `${label}: connection left open`);
  }
  const noHost = await rawRequest(srv.base, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
  assert.equal(noHost.status, 400, `HTTP/1.1 without Host: ${noHost.text.slice(0, 100)}`);
  await alive();
});

// libmicrohttpd 0.9.75 (Debian 12) accepts these silently; the dispatcher
// finds them in the layout of its read buffer (jw_head_layout_ok) and
// answers 400 with Connection: close (more cases in edge_head.test.mjs).
test('RFC 9112: bare LF line endings are refused', async () => {
  const r = await rawRequest(srv.base, 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n');
  assert.equal(r.status, 400, r.text.slice(0, 100));
});
test('RFC 9112: obsolete line folding is refused', async () => {
  const r = await rawRequest(srv.base, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 400, r.text.slice(0, 100));
});
