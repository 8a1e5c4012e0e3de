// Serving the built front-end: types, caching, gzip twins, the single-page
// app fallback, and nothing outside web/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, ROOT } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ seed: false }); });
after(async () => { await srv?.stop(); });

const dist = join(ROOT, 'web/dist');

test('index.html: HTML, revalidated, with an ETag that answers 304', async () => {
  const r = await fetch(`${srv.base}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(await r.text(), /<div id="app">|<!doctype html>/i);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(`${srv.base}/`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('client routes fall back to the app; unknown files do not', async () => {
  for (const path of ['/officers/12', '/units', '/console/units', '/signin']) {
    const r = await fetch(`${srv.base}${path}`);
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type'), /^text\/html/, path);
  }
  assert.equal((await fetch(`${srv.base}/assets/nope-12345.js`)).status, 404);
  assert.equal((await fetch(`${srv.base}/favicon-missing.png`)).status, 404);
});

test('hashed assets are immutable, typed, and gzip when asked', async () => {
  const js = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js') && !f.endsWith('.gz'));
  assert.ok(js, 'a built script in web/dist/assets');
  const plain = await fetch(`${srv.base}/assets/${js}`, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.status, 200);
  assert.match(plain.headers.get('content-type'), /^text\/javascript/);
  assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(plain.headers.get('content-encoding'), null);
  const body = Buffer.from(await plain.arrayBuffer());
  assert.deepEqual(body, readFileSync(join(dist, 'assets', js)));

  const big = readdirSync(join(dist, 'assets')).find((f) => f.endsWith('.js.gz'));
  if (big) {
    const name = big.slice(0, -3);
    const { request } = await import('node:http');
    const res = await new Promise((resolve, reject) => {
      request(`${srv.base}/assets/${name}`, { headers: { 'Accept-Encoding': 'gzip' } }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => resolve({ headers: r.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject).end();
    });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.deepEqual(gunzipSync(res.body), readFileSync(join(dist, 'assets', name)));
  }
});

test('nothing outside web/dist, and pages are GET only', async () => {
  const { request } = await import('node:http');
  // fetch() normalises "..", so send the raw path.
  for (const path of ['/../Makefile', '/assets/../../Makefile', '/%2e%2e/Makefile', '/.git/config', '//etc/passwd']) {
    const status = await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port: new URL(srv.base).port, path }, (r) => { r.resume(); resolve(r.statusCode); })
        .on('error', reject).end();
    });
    assert.ok(status === 404 || status === 400, `${path}: ${status}`);
  }
  const post = await fetch(`${srv.base}/index.html`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.match(post.headers.get('allow') || '', /GET/);
});

test('a page the build wrote with its own words is served for its path, with or without a final slash', async () => {
  const own = readFileSync(join(dist, 'news/index.html'), 'utf8');
  assert.match(own, /<h1 class="boot-title">/);
  for (const path of ['/news', '/news/']) {
    const r = await fetch(`${srv.base}${path}`, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('cache-control'), 'no-cache', path);
    assert.equal(await r.text(), own, path);
  }
  // An article under it and any other route: the plain app page.
  const plain = readFileSync(join(dist, 'index.html'), 'utf8');
  for (const path of ['/news/some-article', '/officers/12']) {
    assert.equal(await (await fetch(`${srv.base}${path}`, { headers: { 'Accept-Encoding': 'identity' } })).text(), plain, path);
  }
});
