// Hardening of the service hall (issue 7): one citizen can no longer fill
// the disk (a daily and an unattached quota, unused uploads removed by the
// server's tick) or a queue (open applications per item and per day, held
// under concurrency); an upload's name says what its content is; tracking
// numbers cannot be guessed; an application without "form" leaks nothing
// (the suite under `make asan` fails at the server's exit otherwise).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer, assertProblem, assertInvalid, registerCitizen, idNumber, phone } from './harness.mjs';
import { upload, jpeg, png, pdf, RESIDENCE } from './service_hall.mjs';

const LOST = 44; // 失物招领与遗失物品登记: no attachment required (migration 0003)
const KB = 1024;

let srv;
// The 白云 station accepts both items used here (居住证, 失物招领).
const station = async () => Number(await srv.value("SELECT id FROM units WHERE name = '白云派出所'"));
before(async () => {
  srv = await startServer({
    env: {
      JINGWU_UPLOAD_DAILY_FILES: '6',
      JINGWU_UPLOAD_DAILY_BYTES: String(200 * KB),
      JINGWU_UPLOAD_UNATTACHED_BYTES: String(100 * KB),
      JINGWU_APP_OPEN_PER_ITEM: '2',
      JINGWU_APP_DAILY: '3',
    },
  });
});
after(async () => { await srv?.stop(); });

async function newCitizen() {
  const u = await registerCitizen(srv);
  const c = await srv.signIn(u.phone, u.password);
  return { u, c };
}

const sized = (head, n) => Buffer.concat([head, randomBytes(n - head.length)]);
const bigJpeg = (n) => sized(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), n);
const blobPath = (sha) => join(srv.env.JINGWU_UPLOAD_DIR, sha.slice(0, 2), sha);

/* Marks an upload as used by the seeded demo application (as an attachment would). */
async function attach(uploadId) {
  const app = await srv.value('SELECT MIN(id) FROM applications');
  await srv.sql(`INSERT INTO application_files (application_id, name, upload_id) VALUES (${app}, 'test_${uploadId}', ${uploadId})`);
}

test('uploads: at most so many files a day per account, then 429 with Retry-After; others unaffected', async () => {
  const { u, c } = await newCitizen();
  for (let i = 0; i < 6; i++) {
    const r = await upload(c, jpeg(), { filename: `p${i}.jpg` });
    assert.equal(r.status, 201, `upload ${i}: ${r.text}`);
  }
  const over = await upload(c, jpeg());
  assertProblem(over, 429, 'rate-limited', 'the 7th file of the day');
  assert.match(over.json.detail, /quota/);
  assert.ok(Number(over.headers.get('retry-after')) > 0, 'Retry-After until midnight');
  assert.equal(await srv.value(`SELECT COUNT(*) FROM uploads WHERE user_id = ${u.id}`), '6', 'the refused file left no row');
  const other = await newCitizen();
  assert.equal((await upload(other.c, jpeg())).status, 201, 'the quota is per account');
});

test('uploads: the daily quota holds when one account sends many at once', async () => {
  const { u, c } = await newCitizen();
  const rs = await Promise.all(Array.from({ length: 12 }, () => upload(c, jpeg())));
  const codes = rs.map((r) => r.status);
  assert.equal(codes.filter((x) => x === 201).length, 6, codes.join(','));
  assert.equal(codes.filter((x) => x === 429).length, 6, codes.join(','));
  assert.equal(await srv.value(`SELECT COUNT(*) FROM uploads WHERE user_id = ${u.id}`), '6');
  assert.equal(await srv.value(`SELECT files FROM upload_usage WHERE user_id = ${u.id}`), '6');
});

test('uploads: the bytes of a day and the bytes no application uses are limited', async () => {
  const { u, c } = await newCitizen();
  // Unattached: 80 KB held, 40 KB more would make 120 KB > 100 KB.
  const a = await upload(c, bigJpeg(80 * KB));
  assert.equal(a.status, 201, a.text);
  const held = await upload(c, bigJpeg(40 * KB));
  assertProblem(held, 429, 'rate-limited', 'over the unattached quota');
  assert.match(held.json.detail, /no application uses/);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM uploads WHERE user_id = ${u.id}`), '1');
  // Once used by an application it no longer counts as unattached...
  await attach(a.json.id);
  const b = await upload(c, bigJpeg(80 * KB));
  assert.equal(b.status, 201, b.text);
  await attach(b.json.id);
  // ...but the day's bytes do: 80 + 80 + 40 (refused, not counted) + 80 > 200 KB.
  const day = await upload(c, bigJpeg(80 * KB));
  assertProblem(day, 429, 'rate-limited', 'over the daily bytes');
  assert.match(day.json.detail, /quota/);
  assertProblem(await upload((await newCitizen()).c, bigJpeg(201 * KB)), 429, 'rate-limited', 'one file larger than a day');
});

test('uploads no application uses are removed after a day, files only when no other upload shares them', async () => {
  const one = await newCitizen();
  const two = await newCitizen();
  const shared = jpeg();
  const loneData = png();
  const lone = await upload(one.c, loneData);
  const same1 = await upload(one.c, shared);
  const same2 = await upload(two.c, shared, { filename: 'same.jpg' });
  const used = await upload(one.c, pdf());
  for (const r of [lone, same1, same2, used]) assert.equal(r.status, 201, r.text);
  assert.equal(same1.json.sha256, same2.json.sha256);
  await attach(used.json.id);
  // Two days old: the lone one, one of the two sharing a file, and the used one.
  const old = Math.floor(Date.now() / 1000) - 2 * 86400;
  await srv.sql(`UPDATE uploads SET created_at = ${old} WHERE id IN (${lone.json.id}, ${same1.json.id}, ${used.json.id})`);
  await srv.sql(`UPDATE upload_blobs SET last_used_at = ${old} WHERE sha256 IN ('${lone.json.sha256}', '${same1.json.sha256}', '${used.json.sha256}')`);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && await srv.value(`SELECT COUNT(*) FROM uploads WHERE id = ${lone.json.id}`) !== '0') {
    await new Promise((r) => setTimeout(r, 200));
  }
  const left = (await srv.rows(`SELECT id FROM uploads WHERE id IN (${lone.json.id}, ${same1.json.id}, ${same2.json.id}, ${used.json.id}) ORDER BY id`)).map((x) => Number(x[0]));
  assert.deepEqual(left, [same2.json.id, used.json.id], 'the old unused ones are gone, the recent and the used stay');
  for (let i = 0; i < 50 && existsSync(blobPath(lone.json.sha256)); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!existsSync(blobPath(lone.json.sha256)), 'the file of the removed upload is gone');
  assert.ok(existsSync(blobPath(same2.json.sha256)), 'a file another upload uses stays');
  assert.ok(existsSync(blobPath(used.json.sha256)), 'a file an application uses stays');
  // The same bytes uploaded again are stored again.
  const again = await upload(two.c, loneData);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.sha256, lone.json.sha256);
  assert.ok(existsSync(blobPath(lone.json.sha256)), 'written anew');
});

test('the stored and downloaded name carries the extension of the sniffed type; downloads are attachments', async () => {
  const { c } = await newCitizen();
  const cases = [
    [png(), 'poly.html', 'poly.png'],
    [jpeg(), '身份证正面.png', '身份证正面.jpg'],
    [pdf(), 'scan', 'scan.pdf'],
    [jpeg(), 'photo.JPEG', 'photo.JPEG'],
    [pdf(), 'report.v2.PDF', 'report.v2.PDF'],
    [png(), 'x.svg', 'x.png'],
  ];
  const ids = {};
  for (const [data, given, expected] of cases) {
    const r = await upload(c, data, { filename: given, type: 'text/html' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, expected, given);
    ids[given] = r.json;
  }
  assert.equal(ids['poly.html'].content_type, 'image/png');
  // Applied with the PNG named poly.html as the photo: the case shows and serves poly.png.
  const atts = [
    { name: 'id_card', upload_id: ids['身份证正面.png'].id },
    { name: 'proof', upload_id: ids.scan.id },
    { name: 'photo', upload_id: ids['poly.html'].id },
  ];
  const form = { name: '王小明', id_number: idNumber(), phone: phone(), address: '台州市椒江区白云街道东山路18号', move_in_date: '2026-05-01', housing: '租赁住房' };
  const r = await c.post('/api/v1/applications', { service_id: RESIDENCE, unit_id: await station(), form, attachments: atts });
  assert.equal(r.status, 201, r.text);
  const detail = await c.get(`/api/v1/applications/${r.json.tracking_no}`);
  assert.ok(detail.json.attachments.some((a) => a.file_name === 'poly.png'), JSON.stringify(detail.json.attachments));
  const file = await c.get(`/api/v1/applications/${r.json.tracking_no}/attachments/${ids['poly.html'].id}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/png');
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
  const cd = file.headers.get('content-disposition');
  assert.match(cd, /^attachment;/);
  assert.match(cd, /filename="download\.png"/);
  assert.match(cd, /filename\*=UTF-8''poly\.png$/);
  assert.ok(!/html/i.test(cd), cd);
  // A name stored before the fix is mended on the way out.
  await srv.sql(`UPDATE uploads SET name = 'evil.html' WHERE id = ${ids['poly.html'].id}`);
  const old = await c.get(`/api/v1/applications/${r.json.tracking_no}/attachments/${ids['poly.html'].id}`);
  assert.match(old.headers.get('content-disposition'), /filename\*=UTF-8''evil\.png$/);
});

const lost = () => ({
  name: '王小明', id_number: idNumber(), phone: phone(), address: '台州市椒江区白云街道东山路18号',
  item: '黑色双肩包', lost_date: '2026-11-15', lost_place: '台州市椒江区市府大道公交站',
});

test('applications: at most N open per item and M a day per citizen, 409 / 429 with a clear message', async () => {
  const { u, c } = await newCitizen();
  const unit = await station();
  const apply = () => c.post('/api/v1/applications', { service_id: LOST, unit_id: unit, form: lost() });
  const a = await apply();
  const b = await apply();
  assert.deepEqual([a.status, b.status], [201, 201], `${a.text} ${b.text}`);
  const third = await apply();
  assertProblem(third, 409, 'conflict', 'a third open application for the item');
  assert.match(third.json.detail, /open applications for this item/);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM applications WHERE applicant_id = ${u.id}`), '2');
  // Withdrawing one makes room; the day's limit (3) then stops the next.
  assert.equal((await c.post(`/api/v1/applications/${a.json.tracking_no}/transitions`, { event: 'withdraw' })).status, 200);
  assert.equal((await apply()).status, 201, 'room again after a withdrawal');
  assert.equal((await c.post(`/api/v1/applications/${b.json.tracking_no}/transitions`, { event: 'withdraw' })).status, 200);
  const day = await apply();
  assertProblem(day, 429, 'rate-limited', 'the fourth application of the day');
  assert.match(day.json.detail, /applications today/);
  assert.ok(Number(day.headers.get('retry-after')) > 0);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM applications WHERE applicant_id = ${u.id}`), '3');
});

test('applications: the limit holds when one citizen sends many at once', async () => {
  const { u, c } = await newCitizen();
  const rs = await Promise.all(Array.from({ length: 10 }, async () => c.post('/api/v1/applications', { service_id: LOST, unit_id: await station(), form: lost() })));
  const codes = rs.map((r) => r.status).sort();
  assert.equal(codes.filter((s) => s === 201).length, 2, codes.join(','));
  for (const r of rs.filter((x) => x.status !== 201)) assert.ok([409, 429].includes(r.status), r.text);
  assert.equal(await srv.value(`SELECT COUNT(*) FROM applications WHERE applicant_id = ${u.id}`), '2');
});

test('tracking numbers carry a random check part; a guessed one is 404 like one that does not exist', async () => {
  const { c } = await newCitizen();
  const r = await c.post('/api/v1/applications', { service_id: LOST, unit_id: await station(), form: lost() });
  assert.equal(r.status, 201, r.text);
  const no = r.json.tracking_no;
  assert.match(no, /^TZ\d{14}-\d{6}$/);
  assert.equal((await c.get(`/api/v1/applications/${no}`)).status, 200);
  const check = no.slice(-6);
  const guessed = `${no.slice(0, -6)}${String((Number(check) + 1) % 1000000).padStart(6, '0')}`;
  const missing = `TZ20990101999999-${check}`;
  const strip = (x) => ({ type: x.json.type, title: x.json.title, status: x.json.status, detail: x.json.detail.replace(/TZ[\d-]+/, 'N') });
  const a = await c.get(`/api/v1/applications/${guessed}`);
  const b = await c.get(`/api/v1/applications/${missing}`);
  const bare = await c.get(`/api/v1/applications/${no.slice(0, 16)}`);
  assertProblem(a, 404, 'not-found', 'a guessed check part');
  assertProblem(b, 404, 'not-found');
  assertProblem(bare, 404, 'not-found', 'the number without its check part');
  assert.deepEqual(strip(a), strip(b));
  assert.deepEqual(strip(bare), strip(b));
  // The demo applications (seeded) have the new form too, and stay reachable.
  const demo = await srv.signIn('13800138000');
  const mine = (await demo.get('/api/v1/me/applications')).json.items;
  assert.ok(mine.length >= 2);
  for (const it of mine) assert.equal((await demo.get(`/api/v1/applications/${it.tracking_no}`)).status, 200);
  // Numbers made before the check part (kept in old databases) still open.
  const id = await srv.value(`SELECT id FROM applications WHERE tracking_no = '${no}'`);
  await srv.sql(`UPDATE applications SET tracking_no = 'TZ20260101000001' WHERE id = ${id}`);
  assert.equal((await c.get('/api/v1/applications/TZ20260101000001')).status, 200);
});

test('an application without "form" is answered 422 naming the required fields (and leaks nothing)', async () => {
  const { c } = await newCitizen();
  for (let i = 0; i < 3; i++) {
    const r = await c.post('/api/v1/applications', { service_id: LOST });
    assertInvalid(r, 'form.name');
    assertInvalid(r, 'form.lost_date');
  }
});
