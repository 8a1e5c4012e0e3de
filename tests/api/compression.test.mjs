// JSON (and other text) replies of 1 KiB or more go gzip-compressed to a
// client whose Accept-Encoding allows gzip, with Vary: Accept-Encoding; the
// same bytes once unzipped. Small replies, clients that refuse gzip (q=0) or
// name only other codings, and binary types go as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startServer } from './harness.mjs';

let srv;
let guide; // the path of a service guide, whose JSON is several KiB
before(async () => {
  srv = await startServer();
  const list = await (await fetch(`${srv.base}/api/v1/services?limit=1`)).json();
  guide = `/api/v1/services/${list.items[0].id}`;
});
after(async () => { await srv?.stop(); });

// A GET with exactly these headers (node:http adds no Accept-Encoding and
// does not unzip), resolving to {status, headers, body: Buffer}.
function raw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${srv.base}${path}`, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a service guide is gzip-compressed for a client that accepts gzip, and the same JSON once unzipped', async () => {
  const plain = await raw(guide);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: sent as it is');
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  assert.ok(plain.body.length >= 1024, `the guide is ${plain.body.length} bytes`);

  const zipped = await raw(guide, { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(zipped.status, 200);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.match(zipped.headers['content-type'], /^application\/json/);
  assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
  assert.ok(zipped.body.length < plain.body.length / 2, `${zipped.body.length} of ${plain.body.length} bytes`);
  assert.deepEqual(JSON.parse(gunzipSync(zipped.body)), JSON.parse(plain.body));
});

test('the Accept-Encoding forms: q values, the wildcard, other codings only', async () => {
  const cases = [
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip; q=1.0, identity', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *', false],
    ['*;q=0', false],
    ['br, deflate', false],
    ['identity', false],
    ['', false],
    ['gzipper', false],
  ];
  for (const [ae, gz] of cases) {
    const r = await raw(guide, { 'Accept-Encoding': ae });
    assert.equal(r.status, 200, ae);
    assert.equal(r.headers['content-encoding'], gz ? 'gzip' : undefined, `Accept-Encoding: ${ae}`);
    const body = gz ? gunzipSync(r.body) : r.body;
    assert.ok(JSON.parse(body).id, ae);
  }
});

test('small replies and problem documents under 1 KiB go uncompressed', async () => {
  const me = await raw('/api/v1/me', { 'Accept-Encoding': 'gzip' });
  assert.equal(me.status, 401);
  assert.match(me.headers['content-type'], /^application\/problem\+json/);
  assert.equal(me.headers['content-encoding'], undefined);
  assert.ok(JSON.parse(me.body).title);

  const cfg = await raw('/api/v1/config', { 'Accept-Encoding': 'gzip' });
  if (cfg.status === 200 && cfg.body.length < 1024) assert.equal(cfg.headers['content-encoding'], undefined);
});

test('the portal\'s usual client (fetch) reads compressed answers transparently', async () => {
  const r = await fetch(`${srv.base}${guide}`); // fetch asks for gzip and unzips
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.ok((await r.json()).id);
});
