// The audit chain under load and at its end.
//  - `audit verify` reads the rows and the head in one snapshot, so writers
//    going on meanwhile never make a sound chain look broken (CLI and API).
//  - The server anchors the chain's head (sequence number, hash, keyed MAC)
//    in an append-only file outside the database at start, every minute and
//    at shutdown; `audit verify` checks that every anchored row is still
//    there. Cutting rows off the end and rewinding the head, or deleting
//    everything, is found; so is an edited anchor line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, appendFileSync, writeFileSync, existsSync } from 'node:fs';
import { startServer } from './harness.mjs';

let srv, sys, auditor, anchorFile;
before(async () => {
  srv = await startServer();
  sys = await srv.signIn('sysadmin');
  auditor = await srv.signIn('auditor');
  anchorFile = srv.env.JINGWU_AUDIT_ANCHOR;
  assert.ok(anchorFile, 'the harness gives each server its own anchor file');
});
after(async () => { await srv?.stop(); });

/** n audited writes (unit updates), `width` at a time. */
async function writes(n, width = 6) {
  const unit = (await sys.get('/api/v1/units/7')).json;
  const body = { parent_id: unit.parent_id, kind: unit.kind, name: unit.name };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await sys.put('/api/v1/units/7', body);
      assert.equal(r.status, 200, r.text);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

test('verify while writes go on: always ok (API and CLI)', async () => {
  await writes(1200); // more than one page of 1000 rows
  let done = false;
  const load = writes(600).finally(() => { done = true; });
  const results = [];
  while (!done) {
    const [api, cli] = await Promise.all([auditor.get('/api/v1/audit/verify'), srv.cli(['audit', 'verify'])]);
    assert.equal(api.status, 200, api.text);
    results.push(api.json);
    assert.equal(api.json.ok, true, `verify under load (API): ${api.text}`);
    assert.equal(cli.code, 0, `verify under load (CLI): ${cli.stdout}${cli.stderr}`);
  }
  await load;
  assert.ok(results.length >= 2, `verify ran only ${results.length} time(s) during the writes`);
  assert.ok(results.every((v) => v.rows > 1000));
  // The server anchored the head in its first second, while serving.
  assert.ok(existsSync(anchorFile), 'no anchor written while serving');
  assert.ok((await auditor.get('/api/v1/audit/verify')).json.anchors >= 1, 'verify checked no anchor');
});

/** Stops the server with SIGTERM (it anchors the head on the way out). */
async function stopServer() {
  const exited = new Promise((r) => srv.proc.once('exit', (code) => r(code)));
  srv.proc.kill('SIGTERM');
  assert.equal(await exited, 0, srv.serverLog());
}

const verify = () => srv.cli(['audit', 'verify']);

test('cutting the end of the log is found through the anchors, even with the head rewound or everything deleted', async () => {
  await writes(5);
  await stopServer();
  assert.ok(existsSync(anchorFile), 'no anchor file after a shutdown');
  const lines = readFileSync(anchorFile, 'utf8').trim().split('\n');
  const head = Number(await srv.value('SELECT seq FROM audit_head'));
  // "jingwu-audit-anchor 1 KEYID AT SEQ HASH MAC"
  assert.ok(lines.some((l) => l.split(' ')[4] === String(head)), `the head ${head} was not anchored at shutdown:\n${lines.join('\n')}`);
  let r = await verify();
  assert.equal(r.code, 0, `intact: ${r.stdout}${r.stderr}`);

  // Cut the last three rows and rewind the head onto the new last row: the
  // chain itself is consistent again; only the anchor remembers.
  const keep = head - 3;
  await srv.sql(`CREATE TABLE audit_cut AS SELECT * FROM audit_log WHERE id > ${keep}`);
  await srv.sql(`DELETE FROM audit_log WHERE id > ${keep}`);
  await srv.sql(`UPDATE audit_head SET seq = ${keep}, last_hash = (SELECT hash FROM audit_log WHERE id = ${keep})`);
  r = await verify();
  assert.equal(r.code, 1, `a cut end passed: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /gone|cut|truncat/i, r.stdout);
  assert.match(r.stdout, new RegExp(`\\b${head}\\b`), `the message does not name the anchored row ${head}: ${r.stdout}`);

  // Put the rows back: sound again (so it was the cut that failed it).
  await srv.sql('INSERT INTO audit_log SELECT * FROM audit_cut');
  await srv.sql(`UPDATE audit_head SET seq = ${head}, last_hash = (SELECT hash FROM audit_log WHERE id = ${head})`);
  r = await verify();
  assert.equal(r.code, 0, `restored: ${r.stdout}${r.stderr}`);

  // Lines another installation (another key) wrote to the same file are
  // skipped; an edited line of this key (its MAC no longer fits) is refused.
  const original = readFileSync(anchorFile, 'utf8');
  appendFileSync(anchorFile, `jingwu-audit-anchor 1 0123456789abcdef 1800000000 ${head + 50} ${'0'.repeat(64)} ${'1'.repeat(64)}\n`);
  r = await verify();
  assert.equal(r.code, 0, `a line of another key failed the check: ${r.stdout}${r.stderr}`);
  const f = lines[lines.length - 1].split(' ');
  f[5] = f[5].replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
  appendFileSync(anchorFile, `${f.join(' ')}\n`);
  r = await verify();
  assert.equal(r.code, 1, `an edited anchor line passed: ${r.stdout}`);
  assert.match(r.stdout, /anchor/i);
  writeFileSync(anchorFile, original);
  assert.equal((await verify()).code, 0);

  // Delete everything and start the chain afresh.
  await srv.sql('DELETE FROM audit_log');
  await srv.sql("UPDATE audit_head SET seq = 0, last_hash = ''");
  r = await verify();
  assert.equal(r.code, 1, `an emptied log passed: ${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /gone|cut|truncat/i, r.stdout);
});
