// edge_raw.mjs — raw-socket HTTP for the edge tests: send exactly the bytes
// a test chooses (from a chosen loopback address), and see what came back
// and whether the server closed the connection.
import net from 'node:net';
import http from 'node:http';

/**
 * Sends data (string or Buffer) to base's host:port from localAddress and
 * collects the answer for up to waitMs, or until the server closes.
 * Resolves {text, head, status, headers, body, closed, ms, error}:
 *   closed: the server closed (EOF or reset) within waitMs
 *   ms:     time from the send to the first byte of the answer (or null)
 */
export function rawRequest(base, data, { localAddress, waitMs = 3000, keepOpenMs = 0 } = {}) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const chunks = [];
    let first = null;
    let closed = false;
    let error = null;
    const t0 = Date.now();
    const sock = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const text = buf.toString('latin1');
      const sep = text.indexOf('\r\n\r\n');
      const head = sep >= 0 ? text.slice(0, sep) : text;
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      const headers = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const body = sep >= 0 ? buf.subarray(Buffer.byteLength(text.slice(0, sep + 4), 'latin1')).toString('utf8') : '';
      resolve({ text, head, status: m ? Number(m[1]) : null, headers, body, closed, ms: first, error });
    };
    const timer = setTimeout(finish, waitMs);
    sock.on('connect', () => sock.write(data));
    sock.on('data', (d) => {
      if (first === null) first = Date.now() - t0;
      chunks.push(d);
    });
    sock.on('end', () => { closed = true; setTimeout(finish, keepOpenMs); });
    sock.on('error', (e) => { closed = true; error = e.code; finish(); });
  });
}

/** A GET over a fresh connection from localAddress; resolves {status, ms, body, error}. */
export function timedGet(base, path, { localAddress, headers = {}, timeoutMs = 5000 } = {}) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const req = http.request({
      host: u.hostname, port: Number(u.port), path, method: 'GET', localAddress, agent: false,
      headers: { Connection: 'close', ...headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - t0, body, headers: res.headers }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: null, ms: Date.now() - t0, error: e.message }));
    req.end();
  });
}

/** A request with a JSON body over a fresh connection from localAddress. */
export function timedPost(base, path, body, { localAddress, headers = {}, timeoutMs = 30000 } = {}) {
  const u = new URL(base);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const t0 = Date.now();
    const req = http.request({
      host: u.hostname, port: Number(u.port), path, method: 'POST', localAddress, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length, Connection: 'close', ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - t0, text, headers: res.headers }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: null, ms: Date.now() - t0, error: e.message }));
    req.end(payload);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
