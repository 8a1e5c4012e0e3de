// Lighthouse (pinned in package.json) with Debian's Chromium, in its default
// mobile preset (a Moto G Power–sized screen, slow 4G and a 4× slower CPU,
// all simulated from one unthrottled trace): the home, violation query,
// service guide, sign-in and news pages each score accessibility ≥ 95, best
// practices ≥ 95 and performance ≥ 90. A lower score fails with the audits
// that cost points printed.
//
// Each page is measured three times after one warm-up run (the server's
// first answers and the browser's disk cache are then warm, as for a second
// visitor; the cache is still cleared before each measured load), and its
// median run is judged, as Lighthouse's own guide to score variance advises:
// one run on a shared machine can be slowed by a neighbour.
//
// The CPU: the preset's 4× slowdown assumes a host about 4× faster than a
// mid-range phone (Lighthouse's benchmark index ≈ 1500). This machine is
// slower and shared, and its speed changes from one minute to the next, so
// each page is gathered once, and then audited with the slowdown Lighthouse's
// throttling guide gives for the benchmark index measured in that very run
// (at most the preset's 4×): the score is then the mid-range phone's, not the
// host's load. JW_LIGHTHOUSE_CPU=<n> fixes the slowdown instead.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import lighthouse from 'lighthouse';
import * as constants from 'lighthouse/core/config/constants.js';
import { startServer } from './server.mjs';

const THRESHOLDS = {
  accessibility: 95,
  'best-practices': 95,
  performance: Number(process.env.JW_LIGHTHOUSE_PERFORMANCE) || 90,
};
const RUNS = Number(process.env.JW_LIGHTHOUSE_RUNS) || 3;

let server;
let chromium; // { port, stop() }

// Debian's Chromium, headless, with the DevTools protocol on a free port
// (Chromium prints which one) for Lighthouse to drive.
function startChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'jw-lighthouse-'));
  const child = spawn(
    process.env.CHROMIUM || '/usr/bin/chromium',
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--mute-audio',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profile, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Chromium did not open its DevTools port:\n${text}`));
    }, 30000);
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (m) {
        clearTimeout(timer);
        child.stderr.resume();
        resolve({ port: Number(m[1]), stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}:\n${text}`));
    });
  });
}

// The CPU slowdown for a host of benchmark index bi: Lighthouse's throttling
// guide (docs/throttling.md, its calculator: 1533 → 4×, 1300 → 3×,
// 800 → 2×, 150 → 1×), at most the mobile preset's 4×.
function cpuSlowdownFor(bi) {
  const preset = constants.throttling.mobileSlow4G.cpuSlowdownMultiplier;
  let m;
  if (bi >= 1300) m = 3 + (bi - 1300) / 233;
  else if (bi >= 800) m = 2 + (bi - 800) / 500;
  else m = 1 + (bi - 150) / 650;
  return Math.round(Math.min(preset, Math.max(1, m)) * 100) / 100;
}

// Gathers path once (one page load, mobile preset), then audits the trace
// with the CPU slowdown for the benchmark index of that run.
async function audit(path) {
  const dir = mkdtempSync(join(tmpdir(), 'jw-lighthouse-run-'));
  const common = { logLevel: 'error', onlyCategories: Object.keys(THRESHOLDS), locale: 'en-US' };
  try {
    await lighthouse(`${server.url}${path}`, { ...common, port: chromium.port, hostname: '127.0.0.1', gatherMode: dir });
    const file = join(dir, 'artifacts.json');
    const artifacts = JSON.parse(readFileSync(file, 'utf8'));
    const cpu = Number(process.env.JW_LIGHTHOUSE_CPU) || cpuSlowdownFor(artifacts.BenchmarkIndex);
    // With simulated throttling the page was loaded unthrottled: the slowdown
    // is only the simulation's, so the gathered run's record of it may change.
    artifacts.settings.throttling.cpuSlowdownMultiplier = cpu;
    writeFileSync(file, JSON.stringify(artifacts));
    const result = await lighthouse(`${server.url}${path}`, {
      ...common,
      auditMode: dir,
      output: 'json',
      throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: cpu },
    });
    if (!result?.lhr) throw new Error(`Lighthouse gave no result for ${path}`);
    if (result.lhr.runtimeError) throw new Error(`Lighthouse failed on ${path}: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The audits of a category that did not get full marks, one a line.
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => ({ ref, a: lhr.audits[ref.id] }))
    .filter(({ a }) => a.score !== null && a.score < 1)
    .map(({ ref, a }) => {
      const items = (a.details?.items ?? [])
        .slice(0, 5)
        .map((item) => item.node?.snippet ?? item.url ?? item.source?.url ?? item.description ?? '')
        .filter(Boolean)
        .map((s) => `\n        ${String(s).slice(0, 200)}`)
        .join('');
      return `    ${a.id} (weight ${ref.weight}, score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''}): ${a.title}${items}`;
    });
}

// Audits path RUNS times and returns the median run by performance score
// (the other categories hardly vary), with every run's score.
async function medianAudit(path) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await audit(path));
  runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  return { lhr: runs[Math.floor((runs.length - 1) / 2)], all: runs.map((r) => Math.round(r.categories.performance.score * 100)) };
}

// Asserts the thresholds on the median run and leaves the scores in the
// test's diagnostics.
async function check(t, path) {
  const { lhr, all } = await medianAudit(path);
  const scores = Object.fromEntries(Object.keys(THRESHOLDS).map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
  t.diagnostic(
    `${path}: ${Object.entries(scores)
      .map(([c, s]) => `${c} ${s}`)
      .join(', ')} (median of performance ${all.join(', ')}; benchmark index ${Math.round(lhr.environment.benchmarkIndex)}, CPU slowdown ${lhr.configSettings.throttling.cpuSlowdownMultiplier}×)`,
  );
  const failures = Object.entries(THRESHOLDS)
    .filter(([c, min]) => scores[c] < min)
    .map(([c, min]) => `  ${c} ${scores[c]} < ${min}:\n${lostPoints(lhr, c).join('\n')}`);
  assert.ok(failures.length === 0, `Lighthouse (mobile) on ${path}:\n${failures.join('\n')}`);
}

// The first published service's guide.
async function firstGuide() {
  const services = await (await fetch(`${server.url}/api/v1/services?limit=1`)).json();
  return services.items?.[0] ? `/services/${services.items[0].id}` : null;
}

describe('Lighthouse, mobile preset', { timeout: 900000 }, () => {
  let guide;

  before(async () => {
    server = await startServer();
    guide = await firstGuide();
    chromium = await startChromium();
    // Warm-up: the first run pays for Chromium's and the server's cold start.
    await audit('/');
  });

  after(async () => {
    await chromium?.stop();
    await server?.stop();
  });

  test('home /', async (t) => {
    await check(t, '/');
  });

  test('violation query /traffic/violations', async (t) => {
    await check(t, '/traffic/violations');
  });

  test('service guide /services/:id', async (t) => {
    assert.ok(guide, 'the demo has a published service');
    await check(t, guide);
  });

  test('sign-in /signin', async (t) => {
    await check(t, '/signin');
  });

  test('news /news', async (t) => {
    await check(t, '/news');
  });
});
