// The Node.js peer for bench/traffic.sh: what a team might write instead of
// jingwu — fastify + better-sqlite3, one worker per core (node:cluster),
// answering GET /api/v1/violations?plate_type=&plate=&engine6= on the same
// SQLite file with the same rules (404 for a wrong six, compared in constant
// time; newest 20 violations with their act text).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import Database from 'better-sqlite3';

const [dbPath, port] = [process.argv[2], Number(process.argv[3] || 18184)];
const workers = Number(process.env.WORKERS || availableParallelism());

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const db = new Database(dbPath, { readonly: true });
  db.pragma('journal_mode = WAL');
  const findVehicle = db.prepare('SELECT id, engine6 FROM vehicles WHERE plate = ? AND plate_type = ?');
  const list = db.prepare(
    'SELECT v.id, v.number, v.occurred_at, v.place, v.act_code, a.text AS act, v.fine_cents, v.points, v.status'
    + ' FROM violations v JOIN violation_acts a ON a.code = v.act_code WHERE v.vehicle_id = ?'
    + ' ORDER BY v.occurred_at DESC, v.id DESC LIMIT 21');
  const iso = (t) => `${new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
  const app = Fastify({ logger: false });
  app.get('/api/v1/violations', async (req, reply) => {
    const { plate_type: type, plate, engine6 } = req.query;
    if (!type || !plate || !/^[0-9A-Za-z]{6}$/.test(engine6 || '')) {
      return reply.code(422).type('application/problem+json').send({ status: 422, title: 'Invalid input' });
    }
    const v = findVehicle.get(plate, type);
    const six = Buffer.from(engine6.toUpperCase());
    if (!v || !timingSafeEqual(Buffer.from(v.engine6), six)) {
      return reply.code(404).type('application/problem+json').send({ status: 404, title: 'Not found' });
    }
    const rows = list.all(v.id);
    const items = rows.slice(0, 20).map((r) => ({ ...r, occurred_at: iso(r.occurred_at) }));
    return { vehicle: { plate_type: type, plate }, items, next_cursor: rows.length > 20 ? '20' : null };
  });
  app.listen({ port, host: '127.0.0.1' });
}
