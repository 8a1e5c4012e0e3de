/* store.c — every SQL statement of the reports domain (store.h). */
#include "reports/store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

#define REPORT_COLS                                                                                        \
  "SELECT r.id, r.token, r.service_code, r.description, r.attributes, r.lat_e6, r.lng_e6, r.address,"      \
  " r.address_id, r.zipcode, r.media_url, r.state, r.status_notes, u.name, r.requested_at, r.updated_at,"  \
  " r.expected_at, r.closed_at, r.user_id, r.unit_id, r.grid_id, r.officer_id, r.hotspot_id, r.unit_path," \
  " r.routed_by, r.source, r.email, r.first_name, r.last_name, r.phone, r.device_id, r.account_id,"        \
  " COALESCE(o.name, ''), COALESCE(h.name, ''), r.upload_id"                                               \
  " FROM reports r JOIN units u ON u.id = r.unit_id LEFT JOIN officers o ON o.id = r.officer_id"           \
  " LEFT JOIN hotspots h ON h.id = r.hotspot_id"

static const char SQL_GET[] = REPORT_COLS " WHERE r.id = ?";
static const char SQL_LIST[] = REPORT_COLS
    " WHERE r.requested_at >= ? AND r.requested_at <= ? AND (? = 0 OR r.state = 'closed')"
    " AND (? = 0 OR r.state <> 'closed') AND (? = 0 OR r.service_code IN (?, ?, ?, ?, ?, ?, ?, ?))"
    " ORDER BY r.requested_at DESC, r.id DESC LIMIT ?";
static const char SQL_MINE[] = REPORT_COLS " WHERE r.user_id = ? AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?";
static const char SQL_QUEUE[] = REPORT_COLS
    " WHERE r.unit_path >= ? AND r.unit_path < ?"
    " AND (? = 'all' OR (? = 'active' AND r.state <> 'closed') OR r.state = ?)"
    " AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?";
static const char SQL_TOKEN[] = "SELECT id FROM reports WHERE token = ?";
static const char SQL_INSERT[] =
    "INSERT INTO reports (token, service_code, description, attributes, lat_e6, lng_e6, address, address_id, zipcode,"
    " media_url, upload_id, user_id, email, first_name, last_name, phone, device_id, account_id, client_id, source, "
    "unit_id,"
    " unit_path, grid_id, officer_id, routed_by, state, requested_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?) RETURNING id";
static const char SQL_EVENT[] =
    "INSERT INTO report_events (report_id, actor_id, action, body, public, created_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_EVENTS[] =
    "SELECT e.id, e.action, e.body, e.public, COALESCE(u.name, ''), e.created_at FROM report_events e"
    " LEFT JOIN users u ON u.id = e.actor_id WHERE e.report_id = ? AND (? = 0 OR e.public = 1) ORDER BY e.id";
static const char SQL_GRID_ROUTE[] = "SELECT unit_id, unit_path, COALESCE(officer_id, 0) FROM grids WHERE id = ?";
static const char SQL_STATIONS_AT[] =
    "SELECT id, path, lat_e6, lng_e6 FROM units WHERE kind IN ('community_station', 'village_office')"
    " AND lat_e6 IS NOT NULL AND lng_e6 IS NOT NULL ORDER BY id";
static const char SQL_STATIONS_ADDR[] =
    "SELECT id, path, address FROM units WHERE kind IN ('station', 'community_station', 'village_office')"
    " AND address <> '' ORDER BY id";
static const char SQL_PLACE_GRIDS[] =
    "SELECT id, unit_id, unit_path, COALESCE(officer_id, 0), name, area FROM grids ORDER BY id";
static const char SQL_PLACE_UNITS[] =
    "SELECT id, path, name FROM units WHERE kind IN ('station', 'community_station', 'village_office') ORDER BY id";
static const char SQL_UNITS_ADDR_KIND[] =
    "SELECT id, path, address, kind FROM units WHERE kind IN ('station', 'community_station', 'village_office')"
    " AND address <> '' ORDER BY id";
static const char SQL_ROOT[] = "SELECT id, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1";
static const char SQL_CHANGE[] =
    "UPDATE reports SET state = ?, status_notes = COALESCE(?, status_notes),"
    " officer_id = CASE WHEN ? = 0 THEN officer_id ELSE ? END,"
    " hotspot_id = CASE WHEN ? = 1 THEN ? ELSE hotspot_id END,"
    " expected_at = CASE WHEN ? = 0 THEN expected_at ELSE ? END,"
    " closed_at = CASE WHEN ? = 0 THEN closed_at WHEN ? < 0 THEN NULL ELSE ? END,"
    " updated_at = ? WHERE id = ? AND state = ?";
static const char SQL_OFFICER[] = "SELECT u.path FROM officers o JOIN units u ON u.id = o.unit_id WHERE o.id = ?";
static const char SQL_HOTSPOT[] = "SELECT unit_path FROM hotspots WHERE id = ?";
static const char SQL_CLIENT[] = "SELECT id FROM open311_clients WHERE key_hash = ? AND revoked_at IS NULL";
static const char SQL_CLIENT_ADD[] =
    "INSERT INTO open311_clients (name, key_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id";
static const char SQL_UPLOAD_OF[] = "SELECT content_type FROM uploads WHERE id = ? AND user_id = ?";
static const char SQL_PHOTO[] = "SELECT sha256, content_type, size FROM uploads WHERE id = ?";
static const char SQL_SEED_COUNT[] = "SELECT count(*) FROM reports WHERE source = 'seed'";
static const char SQL_UNITS[] =
    "SELECT id, path FROM units WHERE kind IN ('community_station', 'village_office') ORDER BY id";

static void read_row(struct jw_stmt *s, struct jw_arena *a, struct jw_report *r) {
  memset(r, 0, sizeof *r);
  r->id = jw_col_int(s, 0);
  r->token = jw_arena_strdup(a, jw_col_text(s, 1));
  r->service_code = jw_arena_strdup(a, jw_col_text(s, 2));
  r->description = jw_arena_strdup(a, jw_col_text(s, 3));
  r->attributes = jw_arena_strdup(a, jw_col_text(s, 4));
  r->has_location = !jw_col_is_null(s, 5);
  r->lat_e6 = jw_col_int(s, 5);
  r->lng_e6 = jw_col_int(s, 6);
  r->address = jw_arena_strdup(a, jw_col_text(s, 7));
  r->address_id = jw_arena_strdup(a, jw_col_text(s, 8));
  r->zipcode = jw_arena_strdup(a, jw_col_text(s, 9));
  r->media_url = jw_arena_strdup(a, jw_col_text(s, 10));
  int st = jw_report_state_parse(jw_col_text(s, 11));
  r->state = st < 0 ? JW_RS_NEW : (enum jw_report_state)st;
  r->status_notes = jw_arena_strdup(a, jw_col_text(s, 12));
  r->agency = jw_arena_strdup(a, jw_col_text(s, 13));
  r->requested_at = jw_col_int(s, 14);
  r->updated_at = jw_col_int(s, 15);
  r->expected_at = jw_col_int(s, 16);
  r->closed_at = jw_col_int(s, 17);
  r->user_id = jw_col_int(s, 18);
  r->unit_id = jw_col_int(s, 19);
  r->grid_id = jw_col_int(s, 20);
  r->officer_id = jw_col_int(s, 21);
  r->hotspot_id = jw_col_int(s, 22);
  r->unit_path = jw_arena_strdup(a, jw_col_text(s, 23));
  r->routed_by = jw_arena_strdup(a, jw_col_text(s, 24));
  r->source = jw_arena_strdup(a, jw_col_text(s, 25));
  r->email = jw_arena_strdup(a, jw_col_text(s, 26));
  r->first_name = jw_arena_strdup(a, jw_col_text(s, 27));
  r->last_name = jw_arena_strdup(a, jw_col_text(s, 28));
  r->phone = jw_arena_strdup(a, jw_col_text(s, 29));
  r->device_id = jw_arena_strdup(a, jw_col_text(s, 30));
  r->account_id = jw_arena_strdup(a, jw_col_text(s, 31));
  r->officer_name = jw_arena_strdup(a, jw_col_text(s, 32));
  r->hotspot_name = jw_arena_strdup(a, jw_col_text(s, 33));
  r->upload_id = jw_col_int(s, 34);
}

/* Steps s and collects every row. */
static enum jw_code read_rows(struct jw_stmt *s, struct jw_arena *a, struct jw_report **out, size_t *n,
                              struct jw_error *err) {
  size_t cap = 0, len = 0;
  struct jw_report *rows = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    rows = jw_arena_grow(a, rows, len, &cap, sizeof *rows);
    read_row(s, a, &rows[len++]);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = rows;
  *n = len;
  return JW_OK;
}

enum jw_code jw_report_store_get(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report *out,
                                 struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_GET, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "There is no report %lld.", (long long)id);
  read_row(s, a, out);
  return JW_OK;
}

enum jw_code jw_report_store_token(struct jw_conn *c, const char *token, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_TOKEN, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, token);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "There is no report with this token.");
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_report_store_list(struct jw_conn *c, struct jw_arena *a, const struct jw_report_filter *f,
                                  struct jw_report **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_LIST, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, f->start);
  jw_bind_int(s, 2, f->end);
  jw_bind_int(s, 3, f->want_closed && !f->want_open);
  jw_bind_int(s, 4, f->want_open && !f->want_closed);
  jw_bind_int(s, 5, f->ncodes > 0);
  for (int i = 0; i < 8; i++) jw_bind_text(s, 6 + i, i < f->ncodes ? f->codes[i] : NULL);
  jw_bind_int(s, 14, f->limit);
  return read_rows(s, a, out, n, err);
}

enum jw_code jw_report_store_mine(struct jw_conn *c, struct jw_arena *a, int64_t user_id, int64_t limit, int64_t cursor,
                                  struct jw_report **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_MINE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, user_id);
  jw_bind_int(s, 2, cursor);
  jw_bind_int(s, 3, cursor);
  jw_bind_int(s, 4, limit);
  return read_rows(s, a, out, n, err);
}

enum jw_code jw_report_store_queue(struct jw_conn *c, struct jw_arena *a, const char *lo, const char *hi, int state,
                                   int64_t limit, int64_t cursor, struct jw_report **out, size_t *n,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_QUEUE, err);
  if (!s) return err->code;
  const char *mode = state < 0 ? "active" : state >= JW_RS__MAX ? "all" : jw_report_state_names[state];
  jw_bind_text(s, 1, lo);
  jw_bind_text(s, 2, hi);
  jw_bind_text(s, 3, mode);
  jw_bind_text(s, 4, mode);
  jw_bind_text(s, 5, mode);
  jw_bind_int(s, 6, cursor);
  jw_bind_int(s, 7, cursor);
  jw_bind_int(s, 8, limit);
  return read_rows(s, a, out, n, err);
}

enum jw_code jw_report_store_insert(struct jw_conn *c, const struct jw_report_new *in, const char *token,
                                    const struct jw_report_route *route, int64_t at, int64_t *id,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_INSERT, err);
  if (!s) return err->code;
  int k = 1;
  jw_bind_text(s, k++, token);
  jw_bind_text(s, k++, in->service_code);
  jw_bind_text(s, k++, in->description ? in->description : "");
  jw_bind_text(s, k++, in->attributes ? in->attributes : "{}");
  if (in->has_location) {
    jw_bind_int(s, k++, in->lat_e6);
    jw_bind_int(s, k++, in->lng_e6);
  } else {
    jw_bind_null(s, k++);
    jw_bind_null(s, k++);
  }
  const char *texts[] = {in->address, in->address_id, in->zipcode, in->media_url};
  for (size_t i = 0; i < 4; i++) jw_bind_text(s, k++, texts[i] ? texts[i] : "");
  jw_bind_id(s, k++, in->upload_id);
  jw_bind_id(s, k++, in->user_id);
  const char *contact[] = {in->email, in->first_name, in->last_name, in->phone, in->device_id, in->account_id};
  for (size_t i = 0; i < 6; i++) jw_bind_text(s, k++, contact[i] ? contact[i] : "");
  jw_bind_id(s, k++, in->client_id);
  jw_bind_text(s, k++, in->source);
  jw_bind_int(s, k++, route->unit_id);
  jw_bind_text(s, k++, route->unit_path);
  jw_bind_id(s, k++, route->grid_id);
  jw_bind_id(s, k++, route->officer_id);
  jw_bind_text(s, k++, route->routed_by);
  jw_bind_int(s, k++, at);
  jw_bind_int(s, k++, at);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_DB, "report insert returned no id");
  *id = jw_col_int(s, 0);
  return JW_OK;
}

enum jw_code jw_report_store_event(struct jw_conn *c, int64_t report_id, int64_t actor_id, const char *action,
                                   const char *body, int public_, int64_t at, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENT, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, report_id);
  jw_bind_id(s, 2, actor_id);
  jw_bind_text(s, 3, action);
  jw_bind_text(s, 4, body ? body : "");
  jw_bind_int(s, 5, public_);
  jw_bind_int(s, 6, at);
  return jw_step(s, err) == JW_STEP_ERROR ? err->code : JW_OK;
}

enum jw_code jw_report_store_events(struct jw_conn *c, struct jw_arena *a, int64_t id, int public_only,
                                    struct jw_report_event **out, size_t *n, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_EVENTS, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, public_only);
  size_t cap = 0, len = 0;
  struct jw_report_event *ev = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    ev = jw_arena_grow(a, ev, len, &cap, sizeof *ev);
    struct jw_report_event *e = &ev[len++];
    e->id = jw_col_int(s, 0);
    e->action = jw_arena_strdup(a, jw_col_text(s, 1));
    e->body = jw_arena_strdup(a, jw_col_text(s, 2));
    e->public_ = (int)jw_col_int(s, 3);
    e->actor = jw_arena_strdup(a, jw_col_text(s, 4));
    e->at = jw_col_int(s, 5);
  }
  if (st == JW_STEP_ERROR) return err->code;
  *out = ev;
  *n = len;
  return JW_OK;
}

/* ---- triage look-ups ---- */

enum jw_code jw_report_store_grid_route(struct jw_conn *c, struct jw_arena *a, int64_t grid_id,
                                        struct jw_report_route *hit, int *found, struct jw_error *err) {
  *found = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_GRID_ROUTE, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, grid_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st == JW_STEP_ROW) {
    hit->grid_id = grid_id;
    hit->unit_id = jw_col_int(s, 0);
    hit->unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
    hit->officer_id = jw_col_int(s, 2);
    hit->routed_by = "grid";
    *found = 1;
  }
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_report_store_nearest(struct jw_conn *c, struct jw_arena *a, int64_t lat_e6, int64_t lng_e6,
                                     struct jw_report_route *hit, int *found, struct jw_error *err) {
  *found = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_STATIONS_AT, err);
  if (!s) return err->code;
  double best = INFINITY;
  double k = cos((double)lat_e6 / 1e6 * M_PI / 180.0); /* a degree of longitude shrinks with latitude */
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    double dlat = (double)(jw_col_int(s, 2) - lat_e6);
    double dlng = (double)(jw_col_int(s, 3) - lng_e6) * k;
    double d = dlat * dlat + dlng * dlng;
    if (d < best) {
      best = d;
      hit->unit_id = jw_col_int(s, 0);
      hit->unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
      hit->grid_id = 0;
      hit->officer_id = 0;
      hit->routed_by = "nearest";
      *found = 1;
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

/* Code points s and t share at their beginning. */
static long common_chars(const char *s, const char *t) {
  long chars = 0;
  size_t i = 0;
  while (s[i] && s[i] == t[i]) {
    size_t len = 1;
    unsigned char b = (unsigned char)s[i];
    if (b >= 0xF0)
      len = 4;
    else if (b >= 0xE0)
      len = 3;
    else if (b >= 0xC0)
      len = 2;
    if (strncmp(s + i, t + i, len) != 0) break;
    i += len;
    chars++;
  }
  return chars;
}

enum jw_code jw_report_store_by_address(struct jw_conn *c, struct jw_arena *a, const char *address,
                                        struct jw_report_route *hit, int *found, struct jw_error *err) {
  *found = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_STATIONS_ADDR, err);
  if (!s) return err->code;
  long best = 3; /* at least 4 characters in common: more than the city's name */
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    long n = common_chars(address, jw_col_text(s, 2));
    if (n > best) {
      best = n;
      hit->unit_id = jw_col_int(s, 0);
      hit->unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
      hit->grid_id = 0;
      hit->officer_id = 0;
      hit->routed_by = "address";
      *found = 1;
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_report_store_in_address(struct jw_conn *c, struct jw_arena *a, const char *text,
                                        struct jw_report_route *hit, int *found, struct jw_error *err) {
  *found = 0;
  struct jw_stmt *s = jw_prepare(c, SQL_UNITS_ADDR_KIND, err);
  if (!s) return err->code;
  int station = 0;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    if (!strstr(jw_col_text(s, 2), text)) continue;
    int is_station = strcmp(jw_col_text(s, 3), "station") == 0;
    if (*found && (station || !is_station)) continue;
    *hit = (struct jw_report_route){
        .unit_id = jw_col_int(s, 0), .unit_path = jw_arena_strdup(a, jw_col_text(s, 1)), .routed_by = "address"};
    *found = 1;
    station = is_station;
  }
  if (st == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_report_store_by_place(struct jw_conn *c, struct jw_arena *a, const char *address,
                                      struct jw_report_route *hit, int *found, struct jw_error *err) {
  *found = 0;
  long best = 0; /* twice the characters, plus one for a grid: a grid wins a tie */
  struct jw_stmt *s = jw_prepare(c, SQL_PLACE_UNITS, err);
  if (!s) return err->code;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    long n = 2 * jw_report_place_score(address, jw_col_text(s, 2), NULL);
    if (n > best) {
      best = n;
      *hit = (struct jw_report_route){
          .unit_id = jw_col_int(s, 0), .unit_path = jw_arena_strdup(a, jw_col_text(s, 1)), .routed_by = "address"};
      *found = 1;
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  if (!(s = jw_prepare(c, SQL_PLACE_GRIDS, err))) return err->code;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    long n = jw_report_place_score(address, jw_col_text(s, 4), jw_col_text(s, 5));
    if (n && 2 * n + 1 > best) {
      best = 2 * n + 1;
      *hit = (struct jw_report_route){.grid_id = jw_col_int(s, 0),
                                      .unit_id = jw_col_int(s, 1),
                                      .unit_path = jw_arena_strdup(a, jw_col_text(s, 2)),
                                      .officer_id = jw_col_int(s, 3),
                                      .routed_by = "address",
                                      .grid_name = jw_arena_strdup(a, jw_col_text(s, 4)),
                                      .grid_area = jw_arena_strdup(a, jw_col_text(s, 5))};
      *found = 1;
    }
  }
  if (st == JW_STEP_ERROR) return err->code;
  return JW_OK;
}

enum jw_code jw_report_store_root(struct jw_conn *c, struct jw_arena *a, struct jw_report_route *hit,
                                  struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_ROOT, err);
  if (!s) return err->code;
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_UNAVAILABLE, "No unit takes reports yet.");
  hit->unit_id = jw_col_int(s, 0);
  hit->unit_path = jw_arena_strdup(a, jw_col_text(s, 1));
  hit->grid_id = 0;
  hit->officer_id = 0;
  hit->routed_by = "default";
  jw_conn_release(c);
  return JW_OK;
}

/* ---- staff work ---- */

enum jw_code jw_report_store_change(struct jw_conn *c, int64_t id, const struct jw_report_change *ch, int *changed,
                                    struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CHANGE, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, ch->to);
  jw_bind_text(s, 2, ch->status_notes);
  jw_bind_int(s, 3, ch->officer_id);
  jw_bind_id(s, 4, ch->officer_id);
  jw_bind_int(s, 5, ch->set_hotspot);
  jw_bind_id(s, 6, ch->hotspot_id);
  jw_bind_int(s, 7, ch->expected_at);
  jw_bind_int(s, 8, ch->expected_at);
  jw_bind_int(s, 9, ch->closed_at);
  jw_bind_int(s, 10, ch->closed_at);
  jw_bind_int(s, 11, ch->closed_at);
  jw_bind_int(s, 12, ch->at);
  jw_bind_int(s, 13, id);
  jw_bind_text(s, 14, ch->from);
  if (jw_step(s, err) == JW_STEP_ERROR) return err->code;
  *changed = (int)jw_changes(s);
  return JW_OK;
}

static enum jw_code one_path(struct jw_conn *c, struct jw_arena *a, const char *sql, int64_t id, const char *what,
                             const char **path, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, sql, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "There is no %s %lld.", what, (long long)id);
  *path = jw_arena_strdup(a, jw_col_text(s, 0));
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_report_store_officer(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                     struct jw_error *err) {
  return one_path(c, a, SQL_OFFICER, id, "officer", path, err);
}

enum jw_code jw_report_store_hotspot(struct jw_conn *c, struct jw_arena *a, int64_t id, const char **path,
                                     struct jw_error *err) {
  return one_path(c, a, SQL_HOTSPOT, id, "hotspot", path, err);
}

/* ---- photos ---- */

enum jw_code jw_report_store_upload_of(struct jw_conn *c, struct jw_arena *a, int64_t id, int64_t user_id,
                                       const char **type, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UPLOAD_OF, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  jw_bind_int(s, 2, user_id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "There is no upload %lld of yours.", (long long)id);
  *type = jw_arena_strdup(a, jw_col_text(s, 0));
  return JW_OK;
}

enum jw_code jw_report_store_photo(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_report_photo *out,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_PHOTO, err);
  if (!s) return err->code;
  jw_bind_int(s, 1, id);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_NOT_FOUND, "The photo is gone.");
  snprintf(out->sha256, sizeof out->sha256, "%s", jw_col_text(s, 0));
  out->type = jw_arena_strdup(a, jw_col_text(s, 1));
  out->size = jw_col_int(s, 2);
  jw_conn_release(c);
  return JW_OK;
}

/* ---- Open311 clients ---- */

enum jw_code jw_report_store_client(struct jw_conn *c, const char *key_hash, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CLIENT, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, key_hash);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  *id = st == JW_STEP_ROW ? jw_col_int(s, 0) : 0;
  jw_conn_release(c);
  return JW_OK;
}

enum jw_code jw_report_store_client_add(struct jw_conn *c, const char *name, const char *key_hash, int64_t by,
                                        int64_t at, int64_t *id, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_CLIENT_ADD, err);
  if (!s) return err->code;
  jw_bind_text(s, 1, name);
  jw_bind_text(s, 2, key_hash);
  jw_bind_id(s, 3, by);
  jw_bind_int(s, 4, at);
  enum jw_step st = jw_step(s, err);
  if (st == JW_STEP_ERROR) return err->code;
  if (st != JW_STEP_ROW) return jw_fail(err, JW_E_DB, "client insert returned no id");
  *id = jw_col_int(s, 0);
  return JW_OK;
}

/* ---- seeds ---- */

int64_t jw_report_store_seed_count(struct jw_conn *c, struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_SEED_COUNT, err);
  if (!s) return -1;
  if (jw_step(s, err) != JW_STEP_ROW) return -1;
  int64_t n = jw_col_int(s, 0);
  jw_conn_release(c);
  return n;
}

enum jw_code jw_report_store_units(struct jw_conn *c, struct jw_arena *a, int64_t **ids, const char ***paths, size_t *n,
                                   struct jw_error *err) {
  struct jw_stmt *s = jw_prepare(c, SQL_UNITS, err);
  if (!s) return err->code;
  size_t cap1 = 0, cap2 = 0, len = 0;
  int64_t *i = NULL;
  const char **p = NULL;
  enum jw_step st;
  while ((st = jw_step(s, err)) == JW_STEP_ROW) {
    i = jw_arena_grow(a, i, len, &cap1, sizeof *i);
    p = jw_arena_grow(a, p, len, &cap2, sizeof *p);
    i[len] = jw_col_int(s, 0);
    p[len++] = jw_arena_strdup(a, jw_col_text(s, 1));
  }
  if (st == JW_STEP_ERROR) return err->code;
  *ids = i;
  *paths = p;
  *n = len;
  return JW_OK;
}
