// Hardening (issue 7): an SMS is marked sent only once the driver took it,
// and a failed one is retried with back-off until it is given up; the
// bureau's UTC offset may be negative and is published to clients
// (GET /api/v1/config), and "today" is the bureau's; page views count once
// per visitor, page and half hour, never for crawlers, and one address
// adds only so many.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, registerCitizen, assertInvalid, idCheckChar, phone, Client, run, BIN } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

describe('SMS through a failing driver', () => {
  let srv, dir, log;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jw-sms-'));
    log = join(dir, 'later', 'sms.log'); // the directory does not exist yet: every send fails
    srv = await startServer({ env: { JINGWU_SMS_LOG: log, JINGWU_SMS_RETRY_SECS: '1', JINGWU_SMS_MAX_ATTEMPTS: '3' } });
  });
  after(async () => { await srv?.stop(); await rm(dir, { recursive: true, force: true }); });

  const state = async (id) => (await srv.rows(`SELECT sms_state, sms_attempts, sms_next_at FROM notifications WHERE id = ${id}`))[0].map(Number);
  async function notify(user, title) {
    await srv.sql(`INSERT INTO notifications (user_id, kind, title, body, link, created_at, sms_state)
                   VALUES (${user.id}, 'test', '${title}', '请查收', '', ${Math.floor(Date.now() / 1000)}, 1)`);
    return srv.value(`SELECT id FROM notifications WHERE title = '${title}'`);
  }

  test('a failed send is not marked sent; it is retried with back-off and given up after the last try', async () => {
    const user = await registerCitizen(srv);
    const id = await notify(user, '放弃测试');
    const [s1, a1, next1] = await until(async () => { const s = await state(id); return s[1] >= 1 && s; }, 8000, 'the first try');
    assert.equal(s1, 1, 'still waiting after a failed send, not marked sent');
    assert.ok(next1 > Math.floor(Date.now() / 1000) - 2, 'due again later');
    assert.equal(a1, 1);
    const [s3, a3] = await until(async () => { const s = await state(id); return s[0] !== 1 && s; }, 15000, 'giving up');
    assert.deepEqual([s3, a3], [3, 3], 'given up after 3 tries');
    assert.ok(!existsSync(log));
  });

  test('once the driver works again, the waiting message goes out exactly once', async () => {
    const user = await registerCitizen(srv);
    const id = await notify(user, '重试测试');
    await until(async () => (await state(id))[1] >= 1, 8000, 'a failed try');
    assert.equal((await state(id))[0], 1);
    mkdirSync(join(dir, 'later'));
    await until(async () => (await state(id))[0] === 2, 15000, 'the retry to succeed');
    const lines = () => readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('重试测试'));
    assert.equal(lines().length, 1);
    assert.ok(lines()[0].includes(user.phone));
    assert.ok(!readFileSync(log, 'utf8').includes('放弃测试'), 'a given-up message stays given up');
    assert.ok(Number(await srv.value(`SELECT sms_sent_at FROM notifications WHERE id = ${id}`)) > 0);
    await sleep(2500);
    assert.equal(lines().length, 1, 'sent once');
  });
});

/* The date at UTC offset off (minutes) now, YYYY-MM-DD. */
const dateAt = (off, t = Date.now()) => new Date(t + off * 60000).toISOString().slice(0, 10);
const browser = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36' };

describe('time at the edges, and page views', () => {
  // An offset whose date differs from the UTC date right now: -12:00 in the
  // UTC morning, +14:00 in the UTC afternoon.
  const off = new Date().getUTCHours() < 12 ? -720 : 840;
  let srv;
  before(async () => { srv = await startServer({ env: { JINGWU_TZ_OFFSET: String(off), JINGWU_PAGE_VIEW_IP_LIMIT: '8' } }); });
  after(async () => { await srv?.stop(); });

  test('a negative offset is accepted, bad ones refused; /api/v1/config gives the offset and the bureau\'s today', async () => {
    const neg = await srv.cli(['routes', '--tz-offset', '-300']);
    assert.equal(neg.code, 0, neg.stderr);
    for (const bad of ['-721', '841', 'x']) {
      const r = await srv.cli(['routes', '--tz-offset', bad]);
      assert.notEqual(r.code, 0, `--tz-offset ${bad}`);
    }
    const r = await srv.client().get('/api/v1/config');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.tz_offset_min, off);
    const sign = off < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
    assert.equal(r.json.utc_offset, `${sign}${hh}:00`);
    assert.equal(r.json.today, dateAt(off));
    assert.notEqual(r.json.today, dateAt(0), 'the test picked an offset whose date is not the UTC date');
    assert.ok(r.json.now.endsWith(r.json.utc_offset), r.json.now);
    assert.equal(r.json.now.slice(0, 10), r.json.today);
    assert.equal(r.json.uploads.daily_files, 100);
    assert.equal(r.json.applications.open_per_item, 5);
  });

  test('--page-view-window is bounded: whole seconds under a day, else the command stops with a clear error', async () => {
    for (const ok of ['1', '1800', '86399']) {
      const r = await srv.cli(['routes', '--page-view-window', ok]);
      assert.equal(r.code, 0, `--page-view-window ${ok}: ${r.stderr}`);
    }
    for (const bad of ['0', '86400', '604800', '1000001', '-5', '1.5', 'x', '']) {
      const r = await srv.cli(['routes', `--page-view-window=${bad}`]);
      assert.notEqual(r.code, 0, `--page-view-window ${bad}`);
      assert.match(r.stderr, /bad value for --page-view-window: .*from 1 to 86399: a window must be shorter than a day/, r.stderr);
    }
    // From the environment a bad value is ignored with the same explanation, and the default holds.
    const env = await run(BIN, ['routes'], { env: { ...srv.env, JINGWU_PAGE_VIEW_WINDOW: '90000' } });
    assert.equal(env.code, 0, env.stderr);
    assert.match(env.stderr, /ignoring JINGWU_PAGE_VIEW_WINDOW=90000 \(bad value; expected whole seconds from 1 to 86399/);
  });

  test('today is the bureau\'s: the calendar year, due dates and a birth date of today', async () => {
    const today = dateAt(off);
    const cal = await srv.client().get('/api/v1/calendar');
    assert.equal(cal.json.year, Number(today.slice(0, 4)));
    // Born today in the bureau's zone: accepted when the bureau is ahead of UTC.
    const born = today.replaceAll('-', '');
    const first17 = `330102${born}123`;
    const body = { phone: phone(), password: 'Pw-born-today1', name: '今天出生', id_number: first17 + idCheckChar(first17) };
    const reg = await srv.client().post('/api/v1/auth/register', body);
    if (off > 0) assert.equal(reg.status, 201, `born ${today} (the bureau's today): ${reg.text}`);
    else assert.ok([201, 422].includes(reg.status));
    const tomorrow = dateAt(off, Date.now() + 86400000 * 2).replaceAll('-', '');
    const f2 = `330102${tomorrow}123`;
    assertInvalid(await srv.client().post('/api/v1/auth/register', { ...body, phone: phone(), id_number: f2 + idCheckChar(f2) }), 'id_number');
  });

  // Views are batched in memory and counted by the next tick (about a second): wait for it, then read.
  const views = async () => {
    await new Promise((r) => setTimeout(r, 1300));
    return Number((await srv.client().get('/api/v1/stats/public')).json.page_views);
  };
  const view = (c, path, headers = browser) => c.req('POST', '/api/v1/stats/page-view', { body: path === undefined ? undefined : { path }, headers });

  test('a page load counts once per visitor, page and window; crawlers and scripts not at all', async () => {
    const start = await views();
    const a = srv.client();
    const first = await view(a, '/');
    assert.equal(first.status, 204);
    const sc = first.setCookies.find((x) => x.startsWith('jw_vid='));
    assert.ok(sc && /HttpOnly/i.test(sc) && /SameSite=Lax/i.test(sc), String(first.setCookies));
    for (let i = 0; i < 5; i++) assert.equal((await view(a, '/')).status, 204);
    assert.equal(await views(), start + 1, 'reloads of one page by one visitor count once');
    assert.equal((await view(a, '/officers')).status, 204);
    assert.equal(await views(), start + 2, 'another page counts');
    // Without the cookie, the address is the visitor: no inflation by dropping it.
    for (let i = 0; i < 5; i++) assert.equal((await view(srv.client(), '/units')).status, 204);
    assert.equal(await views(), start + 3);
    // A forged or tampered visitor id is no visitor id.
    const forged = srv.client();
    forged.cookies.set('jw_vid', `${'A'.repeat(22)}.${'0'.repeat(16)}`);
    assert.equal((await view(forged, '/units')).status, 204);
    assert.equal(await views(), start + 3);
    // Crawlers, link previews, headless browsers and scripts are not counted.
    for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
      'curl/7.88.1', 'python-requests/2.31', '']) {
      assert.equal((await view(srv.client(), `/bot-${ua.length}`, { 'User-Agent': ua })).status, 204, ua);
    }
    assert.equal(await views(), start + 3, 'no bot counted');
    assertInvalid(await view(srv.client(), 'http://evil/'), 'path');
    assertInvalid(await view(srv.client(), '/a?b=1'), 'path');
    assert.equal((await view(srv.client(), undefined)).status, 204, 'no body: the page "/"');
  });

  test('one address adds at most so many views per window, however many visitor ids it collects', async () => {
    const start = await views();
    const used = Number(await srv.value("SELECT COALESCE(SUM(count), 0) FROM rate_limits WHERE key LIKE 'page-view-ip:%'"));
    const ids = [];
    for (let i = 0; i < 12; i++) {
      const c = srv.client();
      await view(c, `/collect-${i}`);
      ids.push(c);
    }
    for (const c of ids) await view(c, '/target');
    const added = (await views()) - start;
    // 24 first views of a page by a visitor; the address had used `used` of its 8.
    assert.equal(added, Math.max(0, 8 - used), `added ${added} after ${used}`);
    const total = Number(await srv.value("SELECT COALESCE(SUM(count), 0) FROM rate_limits WHERE key LIKE 'page-view-ip:%'"));
    assert.equal(total, used + 24, 'every first view was weighed against the cap');
  });
});
