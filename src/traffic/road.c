/* road.c — road conditions (交通路况) as operations on a connection: the
 * public board, and the traffic police's segments and incidents, each
 * change audited in its own transaction. An incident ends by itself at its
 * end time: the board shows only those whose end lies ahead. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "traffic/store.h"

enum jw_code jw_road_board_get(struct jw_conn *c, const char *district, int64_t now, struct jw_arena *a,
                               struct jw_road_board *out, struct jw_error *err) {
  memset(out, 0, sizeof *out);
  if (jw_traffic_store_districts(c, now, a, &out->districts, &out->ndistricts, err) != JW_OK ||
      jw_traffic_store_segments(c, district, 0, a, &out->segments, &out->nsegments, err) != JW_OK ||
      jw_traffic_store_incidents(c, district, now, 0, a, &out->incidents, &out->nincidents, err) != JW_OK)
    return err->code ? err->code : JW_E_DB;
  for (size_t i = 0; i < out->nsegments; i++)
    if (out->segments[i].updated_at > out->latest) out->latest = out->segments[i].updated_at;
  for (size_t i = 0; i < out->nincidents; i++)
    if (out->incidents[i].created_at > out->latest) out->latest = out->incidents[i].created_at;
  return JW_OK;
}

enum jw_code jw_traffic_staff(struct jw_conn *c, const struct jw_user *user, struct jw_error *err) {
  if (user->whole_bureau) return JW_OK;
  int in = jw_traffic_store_in_traffic(c, user->unit_path ? user->unit_path : "", err);
  if (in < 0) return err->code;
  if (!in) return jw_fail(err, JW_E_FORBIDDEN, "Only the traffic police post road conditions.");
  return JW_OK;
}

/* The audit row of a road change by who, inside its transaction. */
static enum jw_code audit_road(struct jw_conn *c, const struct jw_traffic_actor *who, const char *action,
                               const char *object_type, int64_t id, const char *detail, struct jw_error *err) {
  char oid[24] = "";
  if (id) snprintf(oid, sizeof oid, "%lld", (long long)id);
  const struct jw_audit_entry e = {
      .actor_id = who->user ? who->user->id : 0,
      .actor_login = who->user ? who->user->login : "",
      .action = action,
      .object_type = object_type,
      .object_id = oid,
      .detail = detail,
      .ip = who->ip,
  };
  return jw_audit_write(c, &e, err);
}

/* The operations below run one transaction each. */
enum road_op { SEG_CREATE, SEG_UPDATE, SEG_DELETE, INC_CREATE, INC_END, ROAD_OP__MAX };

static const char *const road_actions[ROAD_OP__MAX] = {
    [SEG_CREATE] = "road.segment.create",  [SEG_UPDATE] = "road.segment.update", [SEG_DELETE] = "road.segment.delete",
    [INC_CREATE] = "road.incident.create", [INC_END] = "road.incident.end",
};

struct road_tx {
  enum road_op op;
  const struct jw_traffic_actor *who;
  int64_t id;
  const struct jw_road_segment_input *seg;
  const struct jw_road_incident_input *inc;
};

static enum jw_code segment_tx(struct road_tx *t, struct jw_conn *c, int64_t now, struct jw_error *err) {
  int changed = 1;
  enum jw_code rc;
  if (t->op == SEG_CREATE)
    rc = jw_traffic_store_segment_insert(c, t->seg, now, t->who->user->id, &t->id, err);
  else if (t->op == SEG_UPDATE)
    rc = jw_traffic_store_segment_update(c, t->id, t->seg, now, t->who->user->id, &changed, err);
  else
    rc = jw_traffic_store_segment_delete(c, t->id, &changed, err);
  if (rc != JW_OK) return rc;
  if (!changed) return jw_fail(err, JW_E_NOT_FOUND, "There is no road segment %lld.", (long long)t->id);
  const char *status = t->seg && t->seg->status >= 0 ? jw_road_statuses[t->seg->status] : "";
  return audit_road(c, t->who, road_actions[t->op], "road_segment", t->id, status, err);
}

static enum jw_code incident_tx(struct road_tx *t, struct jw_conn *c, int64_t now, struct jw_error *err) {
  int changed = 1;
  enum jw_code rc;
  if (t->op == INC_CREATE)
    rc = jw_traffic_store_incident_insert(c, t->inc, now, t->who->user->id, &t->id, err);
  else
    rc = jw_traffic_store_incident_end(c, t->id, now, &changed, err);
  if (rc != JW_OK) return rc;
  if (!changed) return jw_fail(err, JW_E_NOT_FOUND, "There is no current incident %lld.", (long long)t->id);
  const char *place = t->inc && t->inc->place ? t->inc->place : "";
  return audit_road(c, t->who, road_actions[t->op], "road_incident", t->id, place, err);
}

static enum jw_code road_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct road_tx *t = arg;
  assert(t->op < ROAD_OP__MAX);
  int64_t now = (int64_t)time(NULL);
  return t->op <= SEG_DELETE ? segment_tx(t, c, now, err) : incident_tx(t, c, now, err);
}

enum jw_code jw_road_segment_create(struct jw_conn *c, const struct jw_traffic_actor *who,
                                    const struct jw_road_segment_input *in, int64_t *id, struct jw_error *err) {
  struct road_tx t = {SEG_CREATE, who, 0, in, NULL};
  enum jw_code rc = jw_tx(c, road_tx, &t, err);
  if (rc == JW_OK) *id = t.id;
  return rc;
}

enum jw_code jw_road_segment_update(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                    const struct jw_road_segment_input *in, struct jw_error *err) {
  struct road_tx t = {SEG_UPDATE, who, id, in, NULL};
  return jw_tx(c, road_tx, &t, err);
}

enum jw_code jw_road_segment_delete(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                    struct jw_error *err) {
  struct road_tx t = {SEG_DELETE, who, id, NULL, NULL};
  return jw_tx(c, road_tx, &t, err);
}

enum jw_code jw_road_incident_create(struct jw_conn *c, const struct jw_traffic_actor *who,
                                     const struct jw_road_incident_input *in, int64_t *id, struct jw_error *err) {
  struct road_tx t = {INC_CREATE, who, 0, NULL, in};
  enum jw_code rc = jw_tx(c, road_tx, &t, err);
  if (rc == JW_OK) *id = t.id;
  return rc;
}

enum jw_code jw_road_incident_end(struct jw_conn *c, const struct jw_traffic_actor *who, int64_t id,
                                  struct jw_error *err) {
  struct road_tx t = {INC_END, who, id, NULL, NULL};
  return jw_tx(c, road_tx, &t, err);
}

enum jw_code jw_road_segment_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_road_segment *out,
                                 struct jw_error *err) {
  struct jw_road_segment *g = NULL;
  size_t n = 0;
  if (jw_traffic_store_segments(c, NULL, id, a, &g, &n, err) != JW_OK) return err->code;
  if (n == 0) return JW_E_NOT_FOUND;
  *out = g[0];
  return JW_OK;
}

enum jw_code jw_road_incident_get(struct jw_conn *c, int64_t id, struct jw_arena *a, struct jw_road_incident *out,
                                  struct jw_error *err) {
  struct jw_road_incident *k = NULL;
  size_t n = 0;
  if (jw_traffic_store_incidents(c, NULL, 0, id, a, &k, &n, err) != JW_OK) return err->code;
  if (n == 0) return JW_E_NOT_FOUND;
  *out = k[0];
  return JW_OK;
}
