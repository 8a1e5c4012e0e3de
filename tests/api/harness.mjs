// harness.mjs — starts a real `jingwu serve` against a fresh database for one
// test file, and gives the tests an HTTP client with a cookie jar, the CLI,
// raw SQL on the same database and generators of valid test data.
//
//   const srv = await startServer();          // in before()
//   const c = await srv.signIn('unit_admin');  // demo staff, password Demo@2026
//   const r = await c.req('GET', '/api/v1/me');
//   await srv.stop();                          // in after(): SIGTERM, must exit 0
//
// Environment:
//   JW_TEST_DB   sqlite (default) | postgres
//   JW_TEST_PG   libpq keyword string of a running PostgreSQL server, e.g.
//                "host=/tmp/jwpg port=5432 user=postgres" (JW_TEST_DB=postgres)
//   JINGWU_BIN   the binary (default <repo>/build/jingwu)
//   JW_TEST_KEEP keep the temp dir (server log, sqlite file) for a post-mortem
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, openSync, closeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = process.env.JINGWU_BIN || join(ROOT, 'build/jingwu');
export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_CITIZEN = '13800138000';
export const DB_KIND = process.env.JW_TEST_DB || 'sqlite';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/* ---------- child processes ---------- */

/** Runs cmd with args; resolves {code, signal, stdout, stderr}. Never rejects on exit status. */
export function run(cmd, args, { env, input, timeout = 60000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: env || process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    p.stdin.on('error', () => {}); // the child may exit without reading stdin
    p.stdin.end(input ?? '');
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Parses a libpq keyword string ("host=/tmp/x port=5432 user=postgres"). */
export function parseConninfo(s) {
  const out = {};
  const re = /(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g;
  let m;
  while ((m = re.exec(s))) {
    let v = m[2];
    if (v.startsWith("'")) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    out[m[1]] = v;
  }
  return out;
}

/* ---------- databases ---------- */

async function makeDatabase(tmp) {
  if (DB_KIND === 'sqlite') {
    const file = join(tmp, 'jw.db');
    return {
      url: `sqlite:${file}`,
      async sql(statement) {
        const r = await run('sqlite3', ['-batch', '-bail', '-noheader', '-separator', '\t',
          '-cmd', '.timeout 10000', file, statement]);
        if (r.code !== 0) throw new Error(`sqlite3 failed (${r.code}): ${r.stderr}\n${statement}`);
        return r.stdout;
      },
      async drop() {},
    };
  }
  if (DB_KIND === 'postgres') {
    const base = process.env.JW_TEST_PG;
    if (!base) throw new Error('JW_TEST_DB=postgres needs JW_TEST_PG (libpq keyword string)');
    const ci = parseConninfo(base);
    const opts = [];
    if (ci.host) opts.push('-h', ci.host);
    if (ci.port) opts.push('-p', ci.port);
    if (ci.user) opts.push('-U', ci.user);
    const env = { ...process.env };
    if (ci.password) env.PGPASSWORD = ci.password;
    const name = `jwt_${process.pid}_${randomBytes(4).toString('hex')}`;
    const r = await run('createdb', [...opts, name], { env });
    if (r.code !== 0) throw new Error(`createdb ${name} failed: ${r.stderr}`);
    const url = `${base} dbname=${name}`;
    return {
      url,
      async sql(statement) {
        const q = await run('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1',
          '-d', url, '-c', statement], { env });
        if (q.code !== 0) throw new Error(`psql failed (${q.code}): ${q.stderr}\n${statement}`);
        return q.stdout;
      },
      async drop() {
        const d = await run('dropdb', [...opts, '--force', '--if-exists', name], { env });
        if (d.code !== 0) throw new Error(`dropdb ${name} failed: ${d.stderr}`);
      },
    };
  }
  throw new Error(`JW_TEST_DB must be sqlite or postgres, not ${DB_KIND}`);
}

/* ---------- HTTP client ---------- */

/** One browser-like user agent: a cookie jar and the session's CSRF token. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.user = null;
  }

  /** A second agent holding the same cookies and token (another tab). */
  clone() {
    const c = new Client(this.base);
    c.cookies = new Map(this.cookies);
    c.csrf = this.csrf;
    c.user = this.user;
    return c;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * req(method, path, {body, headers, raw, csrf})
   *   body: a value sent as JSON (Content-Type: application/json)
   *   raw:  a string or Buffer sent as is (Content-Type application/json unless headers say otherwise)
   *   csrf: false = do not send X-CSRF-Token; a string = send that token;
   *         default: the session's token on unsafe methods
   * Returns {status, headers, json, text, setCookies}.
   */
  async req(method, path, { body, headers = {}, raw, csrf } = {}) {
    const h = { ...headers };
    const lower = new Set(Object.keys(h).map((k) => k.toLowerCase()));
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !lower.has('content-type')) h['Content-Type'] = 'application/json';
    if (this.cookies.size && !lower.has('cookie')) h.Cookie = this.cookieHeader();
    if (UNSAFE.has(method) && csrf !== false && !lower.has('x-csrf-token')) {
      const token = typeof csrf === 'string' ? csrf : this.csrf;
      if (token) h['X-CSRF-Token'] = token;
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    for (const sc of setCookies) this.#store(sc);
    let json = null;
    const ct = res.headers.get('content-type') || '';
    if (/json/.test(ct) && text !== '') {
      try { json = JSON.parse(text); } catch { json = undefined; }
    }
    return { status: res.status, headers: res.headers, json, text, setCookies };
  }

  #store(setCookie) {
    const [pair, ...attrs] = setCookie.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const expired = attrs.some((a) => /^max-age=\s*(0|-\d+)$/i.test(a)
      || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  /** Signs in; on 200 keeps the cookie and the CSRF token. Returns the response. */
  async login(login, password) {
    const r = await this.req('POST', '/api/v1/auth/login', { body: { login, password } });
    if (r.status === 200 && r.json) {
      this.csrf = r.json.csrf_token;
      this.user = r.json.user;
    }
    return r;
  }

  get(path, opts) { return this.req('GET', path, opts); }
  post(path, body, opts = {}) { return this.req('POST', path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.req('PUT', path, { ...opts, body }); }
  del(path, opts) { return this.req('DELETE', path, opts); }

  /** Follows next_cursor from path; returns all items. Asserts 200 on each page. */
  async all(path, { limit = 100, maxPages = 100 } = {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await this.get(url);
      assert.equal(r.status, 200, `GET ${url}: ${r.text}`);
      items.push(...r.json.items);
      cursor = r.json.next_cursor;
      if (cursor === null || cursor === undefined) return items;
    }
    throw new Error(`${path}: more than ${maxPages} pages`);
  }
}

/* ---------- the server ---------- */

/**
 * Creates a fresh database, seeds the demo data and starts `jingwu serve` on a
 * free port. opts.env adds/overrides environment variables (e.g.
 * {JINGWU_LOGIN_IP_LIMIT: '5'}); opts.seed=false skips the demo seed.
 */
export async function startServer(opts = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} not found: build it with make (or set JINGWU_BIN)`);
  const tmp = await mkdtemp(join(tmpdir(), 'jw-api-'));
  const db = await makeDatabase(tmp);
  const env = {
    ...process.env,
    JINGWU_PWHASH: 'min',
    JINGWU_SECRET_FILE: join(tmp, 'secret.key'),
    JINGWU_SMS_LOG: join(tmp, 'sms.log'),
    JINGWU_UPLOAD_DIR: join(tmp, 'uploads'),
    JINGWU_AUDIT_ANCHOR: join(tmp, 'audit.anchor'),
    JINGWU_LOGIN_IP_LIMIT: '10000',
    ...(opts.env || {}),
  };
  delete env.JINGWU_DB;
  delete env.JINGWU_LISTEN;
  delete env.JINGWU_WEB;
  delete env.JINGWU_THREADS;

  const cli = (args, { input, timeout } = {}) =>
    run(BIN, args.includes('--db') ? args : [...args, '--db', db.url], { env, input, timeout });

  const srv = {
    tmp, env, url: db.url, base: null, proc: null, log: join(tmp, 'server.log'),
    cli,
    /** Raw SQL against the test DB; returns the output text (tab-separated, one row a line). */
    sql: db.sql,
    /** Rows of a query as arrays of strings. */
    async rows(statement) {
      const out = (await db.sql(statement)).replace(/\n$/, '');
      return out === '' ? [] : out.split('\n').map((l) => l.split('\t'));
    },
    /** The first column of the first row. */
    async value(statement) {
      const rows = await srv.rows(statement);
      return rows.length ? rows[0][0] : undefined;
    },
    client() { return new Client(srv.base); },
    /** A client signed in as login (password Demo@2026 unless given); asserts 200. */
    async signIn(login, password = DEMO_PASSWORD) {
      const c = srv.client();
      const r = await c.login(login, password);
      assert.equal(r.status, 200, `login ${login}: ${r.status} ${r.text}`);
      return c;
    },
    serverLog() {
      try { return readFileSync(srv.log, 'utf8').slice(-4000); } catch { return ''; }
    },
    /** Starts `jingwu serve` again on the same database (after the test
     * killed it), on a new port; srv.base points at it. */
    restart() { return launch(srv, env, db.url); },
    async stop() {
      try {
        if (srv.proc && srv.proc.exitCode === null && srv.proc.signalCode === null) {
          const done = new Promise((r) => srv.proc.once('exit', (code, signal) => r({ code, signal })));
          srv.proc.kill('SIGTERM');
          let timer;
          const res = await Promise.race([done, new Promise((r) => { timer = setTimeout(() => r(null), 15000); })]);
          clearTimeout(timer);
          if (res === null) {
            srv.proc.kill('SIGKILL');
            throw new Error(`jingwu serve did not exit within 15 s of SIGTERM\n${srv.serverLog()}`);
          }
          if (res.code !== 0) {
            throw new Error(`jingwu serve exited with ${res.code ?? res.signal} after SIGTERM\n${srv.serverLog()}`);
          }
        } else if (srv.proc && srv.proc.exitCode !== 0) {
          throw new Error(`jingwu serve had already exited with ${srv.proc.exitCode ?? srv.proc.signalCode}\n${srv.serverLog()}`);
        }
      } finally {
        await db.drop();
        if (!process.env.JW_TEST_KEEP) await rm(tmp, { recursive: true, force: true });
      }
    },
  };

  try {
    if (opts.seed !== false) {
      const s = await cli(['seed', '--demo'], { timeout: 120000 });
      if (s.code !== 0) throw new Error(`jingwu seed --demo failed (${s.code}):\n${s.stdout}\n${s.stderr}`);
    }
    await launch(srv, env, db.url);
  } catch (e) {
    await db.drop().catch(() => {});
    if (!process.env.JW_TEST_KEEP) await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return srv;
}

async function launch(srv, env, url) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const fd = openSync(srv.log, 'a');
    const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', url,
      '--web', join(ROOT, 'web/dist'), '--threads', '4'], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    srv.proc = proc;
    srv.base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      try {
        const r = await fetch(`${srv.base}/healthz`);
        await r.arrayBuffer();
        if (r.status === 200) return;
      } catch { /* not listening yet */ }
      await sleep(50);
    }
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      throw new Error(`jingwu serve: /healthz not 200 within 20 s\n${srv.serverLog()}`);
    }
    lastError = new Error(`jingwu serve exited with ${proc.exitCode ?? proc.signalCode} at start\n${srv.serverLog()}`);
  }
  throw lastError; // three ports in a row were taken, or the server cannot start
}

/**
 * Sends method path (with an optional JSON-ready string body and headers)
 * to srv from the local address localAddress (127.0.0.x: each test may look
 * like another client), on a connection of its own. Resolves {status,
 * headers, json, text, setCookies, ms}.
 */
export function requestFrom(srv, localAddress, method, path, { headers = {}, body } = {}) {
  const u = new URL(srv.base + path);
  const h = { ...headers };
  if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const rq = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h, localAddress, agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        const hs = new Headers();
        for (const [k, v] of Object.entries(res.headers)) for (const x of [].concat(v)) hs.append(k, x);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        resolve({ status: res.statusCode, headers: hs, json, text, setCookies: [].concat(res.headers['set-cookie'] || []), ms });
      });
    });
    rq.on('error', reject);
    rq.end(body);
  });
}

/** Signs in to srv as login from localAddress, with an optional Cookie
 * header and X-PoW solution; resolves as requestFrom(). */
export function loginFromAddress(srv, localAddress, login, password, { cookie, pow } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (cookie) headers.Cookie = cookie;
  if (pow) headers['X-PoW'] = pow;
  return requestFrom(srv, localAddress, 'POST', '/api/v1/auth/login', { headers, body: JSON.stringify({ login, password }) });
}

/* ---------- test data ---------- */

const usedPhones = new Set([DEMO_CITIZEN]);
/** A mainland mobile number not handed out before in this process. */
export function phone() {
  for (;;) {
    const p = `1${randomInt(3, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
    if (!usedPhones.has(p)) { usedPhones.add(p); return p; }
  }
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11643 MOD 11-2 check character of the first 17 digits. */
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * W[i];
  return '10X98765432'[sum % 11];
}

const usedIds = new Set();
/** A valid 18-character ID number (region 330102), unique in this process. */
export function idNumber({ region = '330102', birth } = {}) {
  for (;;) {
    let b = birth;
    if (!b) {
      const d = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 55 * 365) * 86400000);
      b = d.toISOString().slice(0, 10).replaceAll('-', '');
    }
    const first17 = `${region}${b}${String(randomInt(0, 1000)).padStart(3, '0')}`;
    const id = first17 + idCheckChar(first17);
    if (!usedIds.has(id)) { usedIds.add(id); return id; }
  }
}

/** An ID number whose check character is wrong. */
export function badCheckIdNumber() {
  const good = idNumber();
  const chars = '0123456789X'.replace(good[17], '');
  return good.slice(0, 17) + chars[randomInt(0, chars.length)];
}

let nameSeq = 0;
/** A valid sign-up body with unique phone and ID number. */
export function citizen(over = {}) {
  nameSeq++;
  return {
    phone: phone(),
    password: `Pw-${randomBytes(6).toString('hex')}`,
    name: `测试${'甲乙丙丁戊己庚辛壬癸'[nameSeq % 10]}${nameSeq}`,
    id_number: idNumber(),
    ...over,
  };
}

const usedBadges = new Set();
/** A 6-digit badge number that no officer has (asked through the public search). */
export async function freshBadge(client) {
  for (;;) {
    const b = `9${String(randomInt(0, 100000)).padStart(5, '0')}`;
    if (usedBadges.has(b)) continue;
    usedBadges.add(b);
    const r = await client.get(`/api/v1/officers?q=${b}`);
    assert.equal(r.status, 200, r.text);
    if (r.json.items.length === 0) return b;
  }
}

/** Registers a new citizen (asserts 201) and returns its sign-up body. */
export async function registerCitizen(srv, over = {}) {
  const body = citizen(over);
  const r = await srv.client().post('/api/v1/auth/register', body);
  assert.equal(r.status, 201, `register: ${r.text}`);
  return { ...body, id: r.json.user.id };
}

/* ---------- assertions ---------- */

/** Asserts a problem+json response with the given status and slug. */
export function assertProblem(r, status, slug, msg = '') {
  const where = `${msg ? `${msg}: ` : ''}${r.status} ${r.text.slice(0, 300)}`;
  assert.equal(r.status, status, where);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, where);
  assert.ok(r.json && typeof r.json === 'object', where);
  if (slug) assert.equal(r.json.type, `/problems/${slug}`, where);
  assert.equal(r.json.status, status, where);
  assert.equal(typeof r.json.title, 'string', where);
  assert.equal(typeof r.json.detail, 'string', where);
  assert.equal(r.json.request_id, r.headers.get('x-request-id'), where);
}

/** Asserts a 422 validation problem whose errors[] names field. */
export function assertInvalid(r, field, msg = '') {
  assertProblem(r, 422, 'validation', msg);
  assert.ok(Array.isArray(r.json.errors), `${msg}: errors[] missing: ${r.text}`);
  const fields = r.json.errors.map((e) => e.field);
  assert.ok(fields.includes(field), `${msg}: errors[] names ${JSON.stringify(fields)}, not ${field}`);
  for (const e of r.json.errors) assert.equal(typeof e.message, 'string', `${msg}: ${r.text}`);
}

export const maskedPhone = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;
export const maskedId = (id) => `${id.slice(0, 6)}********${id.slice(14)}`;
