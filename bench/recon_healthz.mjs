// How big reconciliation uploads affect the rest of the server: N parallel
// uploads of a statement of ROWS rows (≈ 100 bytes a row: 190 000 rows is
// ≈ 19 MB) to POST /api/v1/payments/reconciliations while /healthz is asked
// every 50 ms. Prints the uploads' statuses and times and /healthz's
// latency (median, 95th percentile, max).
//
//   JW_TEST_DB=sqlite node bench/recon_healthz.mjs [N] [ROWS]
import { startServer } from '../tests/api/harness.mjs';

const N = Number(process.argv[2] || 4);
const ROWS = Number(process.argv[3] || 190000);
const srv = await startServer({ env: { JINGWU_MAX_UPLOAD: String(64 << 20) } });
try {
  const cashier = await srv.signIn('cashier');
  const lines = ['trade_no,out_trade_no,amount_cents,paid_at'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`SB2026113000000${String(i).padStart(8, '0')},P20261130${String(i).padStart(12, '0')},${1000 + (i % 5000)},2026-11-30T10:00:00+08:00`);
  }
  const csv = lines.join('\r\n');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const lat = [];
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      const t = performance.now();
      await fetch(`${srv.base}/healthz`);
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const ups = await Promise.all(Array.from({ length: N }, async (_, k) => {
    const t = performance.now();
    const r = await cashier.req('POST', `/api/v1/payments/reconciliations?channel=sandbox&date=${today}&name=big-${k}.csv`,
      { raw: csv, headers: { 'Content-Type': 'text/csv' } });
    return { status: r.status, ms: Math.round(performance.now() - t), bytes: r.text.length };
  }));
  const total = performance.now() - t0;
  stop = true;
  await poll;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
  console.log(`${N} uploads of ${(csv.length / 1048576).toFixed(1)} MiB (${ROWS} rows) on ${process.env.JW_TEST_DB || 'sqlite'}:`,
    JSON.stringify(ups), `all done in ${Math.round(total)} ms`);
  console.log(`/healthz: ${lat.length} requests, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
} finally {
  await srv.stop();
}
