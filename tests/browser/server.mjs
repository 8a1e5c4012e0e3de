// server.mjs — a real jingwu server for one browser test file: a fresh SQLite
// database in a temp dir, loaded with `jingwu seed --demo`, served with the
// built web app (web/dist) on a free loopback port.
//
//   const server = await startServer();   // in before()
//   await page.goto(`${server.url}/units`);
//   await server.stop();                   // in after()
//
// Environment: JINGWU_BIN (default <repo>/build/jingwu); JW_TEST_KEEP=1 keeps
// the temp dir (server log, database) for a post-mortem.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.JINGWU_BIN || join(ROOT, 'build/jingwu');
const WEB = join(ROOT, 'web/dist');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function runToEnd(args, env, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`jingwu ${args[0]} exited with ${code}`))));
  });
}

async function waitHealthy(url, child, logFile) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`jingwu serve did not become healthy; log:\n${readFileSync(logFile, 'utf8')}`);
}

export async function startServer() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`make\` first`);
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB} is missing: run \`npm run build -w web\` first`);

  const dir = await mkdtemp(join(tmpdir(), 'jw-browser-srv-'));
  const db = `sqlite:${join(dir, 'jw.db')}`;
  const logFile = join(dir, 'server.log');
  const log = openSync(logFile, 'a');
  const env = {
    ...process.env,
    JINGWU_PWHASH: 'min',
    JINGWU_SECRET_FILE: join(dir, 'secret.key'),
    JINGWU_UPLOAD_DIR: join(dir, 'uploads'),
  };

  await runToEnd(['seed', '--demo', '--db', db], env, log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--web', WEB], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitHealthy(url, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    closeSync(log);
    throw error;
  }

  return {
    url,
    db, // the sqlite URL, for journeys that set up what no page can (sqlite3 on its path)
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      closeSync(log);
      if (!process.env.JW_TEST_KEEP) await rm(dir, { recursive: true, force: true });
    },
  };
}
