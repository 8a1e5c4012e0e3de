// The web app takes the bureau's UTC offset from the server (GET
// /api/v1/config) instead of assuming UTC+8: the date helpers follow the
// offset they are given, and no script in web/src hard-codes +08:00,
// 8 hours, 480 minutes or Asia/Shanghai.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './harness.mjs';

const SRC = join(ROOT, 'web/src');

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(js|vue)$/.test(f) ? [p] : [];
  });
}

/* The script of a file without its comments (styles may well say 480px). */
function code(path) {
  let text = readFileSync(path, 'utf8');
  if (path.endsWith('.vue')) {
    const scripts = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const template = (text.match(/<template>([\s\S]*)<\/template>/) || ['', ''])[1];
    text = `${scripts.join('\n')}\n${template}`;
  }
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('no script in web/src hard-codes the bureau\'s UTC offset', () => {
  const bad = [/\+08:00/, /\b8\s*\*\s*3600/, /\b8\s*\*\s*60\b/, /Asia\/Shanghai/, /\b480\b/];
  const found = [];
  for (const f of files(SRC)) {
    const text = code(f);
    for (const re of bad) if (re.test(text)) found.push(`${f.slice(ROOT.length)}: ${re}`);
  }
  assert.deepEqual(found, []);
  const main = readFileSync(join(SRC, 'main.js'), 'utf8');
  assert.match(main, /setBureauOffset/, 'main.js sets the offset the server gives');
  assert.match(readFileSync(join(SRC, 'api/endpoints.js'), 'utf8'), /\/api\/v1\/config/);
});

test('the date helpers follow the offset they are given', async () => {
  const dates = await import(pathToFileURL(join(SRC, 'utils/dates.js')).href);
  const t = Date.parse('2026-11-30T02:30:00Z');
  dates.setBureauOffset(480);
  assert.deepEqual(dates.upcomingDates(1, t), ['2026-11-30', '2026-12-01']);
  assert.equal(dates.bureauTime(0, t), '2026-11-30T10:30:00+08:00');
  dates.setBureauOffset(-300);
  assert.deepEqual(dates.upcomingDates(0, t), ['2026-11-29'], 'still yesterday five hours west of UTC');
  assert.equal(dates.bureauTime(2, t), '2026-11-29T23:30:00-05:00');
  assert.equal(dates.bureauOffsetString(), '-05:00');
  dates.setBureauOffset(345);
  assert.equal(dates.bureauOffsetString(), '+05:45');
  dates.setBureauOffset(9999);
  assert.equal(dates.bureauOffsetMinutes(), 345, 'an impossible offset is ignored');
});
