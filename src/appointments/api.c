/* api.c — officer appointments for citizens: a day's slots, the grid's
 * officer, booking, my appointments, the .ics, and the answers a citizen
 * gives (cancel, accept or refuse a proposed time). */
#include <string.h>
#include <time.h>

#include "appointments/internal.h"
#include "community/community.h"
#include "core/crypto.h"
#include "core/jspec.h"
#include "core/validate.h"

json_t *jw_appt_officer_json(const struct jw_appt_officer *o) {
  return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)o->id, "name", o->name, "title",
                   o->title, "unit_id", (json_int_t)o->unit_id, "unit_name", o->unit_name, "unit_address",
                   o->unit_address, "unit_phone", o->unit_phone, "accepts_appointments", o->accepts);
}

json_t *jw_appt_json(struct jw_req *r, const struct jw_appt *a, int staff) {
  json_t *files = json_array();
  for (size_t i = 0; i < a->nfiles; i++) json_array_append_new(files, json_integer((json_int_t)a->files[i]));
  json_t *proposed = a->proposed_slot_id ? json_pack("{s:I, s:o, s:o}", "slot_id", (json_int_t)a->proposed_slot_id,
                                                     "starts_at", jw_time_json(r, a->proposed_starts_at), "ends_at",
                                                     jw_time_json(r, a->proposed_ends_at))
                                         : json_null();
  int open = !strcmp(a->status, "requested") || !strcmp(a->status, "confirmed") || !strcmp(a->status, "proposed");
  int64_t now = (int64_t)time(NULL);
  json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:b}",
                        "id", (json_int_t)a->id, "confirmation_no", a->confirmation_no, "status", a->status, "officer",
                        jw_appt_officer_json(&a->officer), "slot_id", (json_int_t)a->slot_id, "day", a->day,
                        "starts_at", jw_time_json(r, a->starts_at), "ends_at", jw_time_json(r, a->ends_at), "topic",
                        a->topic, "description", a->description, "reason", a->reason, "cancelled_by", a->cancelled_by,
                        "proposed", proposed, "upload_ids", files, "created_at", jw_time_json(r, a->created_at),
                        "updated_at", jw_time_json(r, a->updated_at), "ics_url",
                        jw_arena_printf(r->arena, "/api/v1/officer-appointments/%lld/ics", (long long)a->id),
                        "cancellable", open && a->starts_at - now >= JW_APPT_CLOSE_SECS);
  if (staff && o)
    json_object_set_new(o, "citizen",
                        json_pack("{s:s, s:s}", "name", a->citizen_name, "phone",
                                  a->citizen_phone[0] ? jw_mask_phone(r->arena, a->citizen_phone) : ""));
  return o;
}

enum jw_code jw_appt_visible(struct jw_req *r, int64_t id, struct jw_appt *out, int *staff, struct jw_error *err) {
  enum jw_code rc = id ? jw_appt_get(r->db, r->arena, id, out, err) : JW_E_NOT_FOUND;
  if (rc != JW_OK && rc != JW_E_NOT_FOUND) return rc;
  *staff = r->user->role != JW_ROLE_CITIZEN;
  if (rc == JW_OK && (*staff ? jw_appt_may_work(r->user, &out->officer) : out->user_id == r->user->id)) return JW_OK;
  return jw_fail(err, JW_E_NOT_FOUND, "There is no appointment %lld of yours.", (long long)id);
}

enum jw_code jw_appt_reply(struct jw_req *r, int64_t id, int status, struct jw_error *err) {
  struct jw_appt a;
  int staff;
  if (jw_appt_visible(r, id, &a, &staff, err) != JW_OK) return err->code;
  jw_reply_json(r, status, jw_appt_json(r, &a, staff));
  return JW_OK;
}

/* ---- slots and the grid's officer ---- */

enum jw_code jw_appt_api_slots(struct jw_req *r, struct jw_error *err) {
  int64_t officer = jw_param_id(r, 0);
  struct jw_date day;
  const char *date = jw_query(r, "date");
  if (!date || jw_date_parse(date, &day) != 0) {
    jw_field_fail(err, "date", "must be a date YYYY-MM-DD");
    return JW_E_VALIDATION;
  }
  int64_t now = (int64_t)time(NULL);
  int tz = r->app->cfg.tz_offset_min;
  long ahead = jw_date_serial(day) - jw_date_serial(jw_date_of_time(now, tz));
  if (ahead < 0 || ahead > 60) {
    jw_field_fail(err, "date", "must be between today and 60 days ahead");
    return JW_E_VALIDATION;
  }
  if (!officer) return jw_fail(err, JW_E_NOT_FOUND, "There is no such officer.");
  int open = 0;
  const char *reason = NULL;
  if (jw_appt_slots_ensure(r->db, officer, day, tz, &open, &reason, err) != JW_OK) return err->code;
  json_t *items = json_array();
  if (open) {
    struct jw_slot *slots = NULL;
    size_t n = 0;
    if (jw_appt_day_slots(r->db, r->arena, officer, date, &slots, &n, err) != JW_OK) {
      json_decref(items);
      return err->code;
    }
    for (size_t i = 0; i < n; i++) {
      const struct jw_slot *x = &slots[i];
      int bookable = ahead <= JW_APPT_OPEN_DAYS && x->starts_at - now >= JW_APPT_CLOSE_SECS && x->booked < x->capacity;
      json_array_append_new(items,
                            json_pack("{s:I, s:o, s:o, s:I, s:I, s:I, s:b}", "id", (json_int_t)x->id, "starts_at",
                                      jw_time_json(r, x->starts_at), "ends_at", jw_time_json(r, x->ends_at), "capacity",
                                      (json_int_t)x->capacity, "booked", (json_int_t)x->booked, "free",
                                      (json_int_t)(x->capacity - x->booked), "bookable", bookable));
    }
  }
  jw_reply_json(r, 200,
                json_pack("{s:I, s:s, s:b, s:o, s:o}", "officer_id", (json_int_t)officer, "date", date, "open", open,
                          "closed_reason", reason ? json_string(reason) : json_null(), "items", items));
  return JW_OK;
}

enum jw_code jw_appt_api_grid_officer(struct jw_req *r, struct jw_error *err) {
  int64_t id = jw_community_grid_officer_of_citizen(r->db, r->user->id, err);
  if (id < 0) return err->code;
  struct jw_appt_officer o;
  if (id && jw_appt_officer(r->db, r->arena, id, &o, err) != JW_OK) return err->code;
  jw_reply_json(r, 200, json_pack("{s:o}", "officer", id ? jw_appt_officer_json(&o) : json_null()));
  return JW_OK;
}

/* ---- booking ---- */

/* Reads "upload_ids" (optional array of up to JW_APPT_FILES_MAX distinct positive ids). */
static enum jw_code read_files(struct jw_req *r, int64_t *ids, size_t *n, struct jw_error *err) {
  json_t *v = json_object_get(r->body, "upload_ids");
  *n = 0;
  if (!v || json_is_null(v)) return JW_OK;
  if (!json_is_array(v) || json_array_size(v) > JW_APPT_FILES_MAX) {
    jw_field_fail(err, "upload_ids", "must be an array of at most %d upload ids", JW_APPT_FILES_MAX);
    return JW_E_VALIDATION;
  }
  size_t i;
  json_t *x;
  json_array_foreach(v, i, x) {
    if (!json_is_integer(x) || json_integer_value(x) < 1) {
      jw_field_fail(err, "upload_ids", "must hold positive upload ids");
      return JW_E_VALIDATION;
    }
    int64_t id = (int64_t)json_integer_value(x);
    for (size_t k = 0; k < *n; k++)
      if (ids[k] == id) {
        jw_field_fail(err, "upload_ids", "names upload %lld twice", (long long)id);
        return JW_E_VALIDATION;
      }
    ids[(*n)++] = id;
  }
  return JW_OK;
}

/* A repeated Idempotency-Key: the first answer again (1), a different body (-1, 422), or not seen (0). */
static int idem_replay(struct jw_req *r, const char *key, const char *hash, struct jw_error *err) {
  if (!key) return 0;
  int64_t id = 0;
  const char *h = NULL;
  int found = jw_appt_idem_find(r->db, r->arena, r->user->id, key, &id, &h, err);
  if (found <= 0) return found;
  if (strcmp(h, hash) != 0) {
    jw_fail(err, JW_E_VALIDATION, "This Idempotency-Key was used for a different booking.");
    return -1;
  }
  return jw_appt_reply(r, id, 201, err) == JW_OK ? 1 : -1;
}

enum jw_code jw_appt_api_book(struct jw_req *r, struct jw_error *err) {
  int64_t slot_id = 0, files[JW_APPT_FILES_MAX];
  size_t nfiles = 0;
  const char *topic = NULL, *desc = "";
  const struct jw_field f[] = {
      {"slot_id", JS_INT, JS_REQUIRED, 1, INT64_MAX, &slot_id, NULL, NULL},
      {"topic", JS_STR, JS_REQUIRED, 2, JW_APPT_TOPIC_MAX, &topic, NULL, NULL},
      {"description", JS_STR, JS_MULTILINE, 0, JW_APPT_DESC_MAX, &desc, NULL, NULL},
  };
  if (!r->body || !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send the booking as a JSON object.");
  json_t *rest = json_copy(r->body);   /* shallow: the strings stay r->body's */
  json_object_del(rest, "upload_ids"); /* an array: read_files checks it */
  enum jw_code rc0 = jw_json_fields(rest, f, sizeof f / sizeof f[0], err);
  json_decref(rest);
  if (read_files(r, files, &nfiles, err) != JW_OK || rc0 != JW_OK) return err->code ? err->code : JW_E_VALIDATION;
  const char *idem = jw_header(r, "Idempotency-Key");
  if (idem && (strlen(idem) < 1 || strlen(idem) > 100)) {
    jw_field_fail(err, "Idempotency-Key", "must have 1 to 100 characters");
    return JW_E_VALIDATION;
  }
  char *canon = jw_arena_printf(r->arena, "%lld|%s|%s", (long long)slot_id, topic, desc);
  for (size_t i = 0; i < nfiles; i++) canon = jw_arena_printf(r->arena, "%s|%lld", canon, (long long)files[i]);
  unsigned char h[JW_HASH_BYTES];
  jw_hash(canon, strlen(canon), h);
  const char *hash = jw_hex(r->arena, h, sizeof h);
  int replay = idem_replay(r, idem, hash, err);
  if (replay) return replay > 0 ? JW_OK : err->code;
  int64_t now = (int64_t)time(NULL);
  int64_t until = jw_appt_barred_until(r->db, r->user->id, now, err);
  if (until < 0) return err->code;
  if (until) {
    char day[11];
    jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
    return jw_fail(err, JW_E_FORBIDDEN,
                   "Online booking is barred until %s: you missed 3 appointments within 90 days. Please call the "
                   "station to book.",
                   day);
  }
  struct jw_slot slot;
  if (jw_appt_slot_load(r->db, slot_id, &slot, err) != JW_OK) return err->code;
  struct jw_appt_officer o;
  if (jw_appt_officer(r->db, r->arena, slot.owner_id, &o, err) != JW_OK) return err->code;
  if (!o.accepts) return jw_fail(err, JW_E_CONFLICT, "%s does not take appointments at present.", o.name);
  struct jw_date d;
  if (jw_date_parse(slot.day, &d) != 0) return jw_fail(err, JW_E_INTERNAL, "A slot has no valid date.");
  int holiday = jw_calendar_is_holiday(r->db, d, err);
  if (holiday < 0) return err->code;
  if (holiday || slot.capacity == 0) return jw_fail(err, JW_E_CONFLICT, "No appointments on %s.", slot.day);
  if (jw_appt_window(r->app->cfg.tz_offset_min, &slot, now, "slot_id", err) != JW_OK) return err->code;
  const struct jw_appt_actor who = {r->user, r->ip};
  const struct jw_appt_booking b = {&who, &slot, topic, desc, files, nfiles, idem, hash};
  int64_t id = 0;
  enum jw_code rc = jw_appt_book(r->db, r->arena, &b, &id, err);
  if (rc == JW_E_CONFLICT && idem) { /* the same key raced us: answer as the first did */
    struct jw_error e2 = {0};
    replay = idem_replay(r, idem, hash, &e2);
    if (replay) return replay > 0 ? JW_OK : (*err = e2, err->code);
  }
  if (rc != JW_OK) return rc;
  return jw_appt_reply(r, id, 201, err);
}

/* ---- mine, one, .ics ---- */

enum jw_code jw_appt_api_mine(struct jw_req *r, struct jw_error *err) {
  int64_t limit = 20, cursor = 0;
  if (jw_page_params(r, &limit, &cursor, err) != JW_OK) return err->code;
  int64_t until = jw_appt_barred_until(r->db, r->user->id, (int64_t)time(NULL), err);
  if (until < 0) return err->code;
  struct jw_appt *rows = NULL;
  size_t n = 0;
  if (jw_appt_of_user(r->db, r->arena, r->user->id, cursor, limit + 1, &rows, &n, err) != JW_OK) return err->code;
  json_t *items = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append_new(items, jw_appt_json(r, &rows[i], 0));
  json_t *page = jw_page_json(items, n > (size_t)limit ? rows[limit - 1].id : 0);
  char day[11];
  jw_date_format(jw_date_of_time(until, r->app->cfg.tz_offset_min), day);
  json_object_set_new(page, "booking_barred_until", until ? json_string(day) : json_null());
  jw_reply_json(r, 200, page);
  return JW_OK;
}

enum jw_code jw_appt_api_get(struct jw_req *r, struct jw_error *err) {
  return jw_appt_reply(r, jw_param_id(r, 0), 200, err);
}

enum jw_code jw_appt_api_ics(struct jw_req *r, struct jw_error *err) {
  struct jw_appt a;
  int staff;
  if (jw_appt_visible(r, jw_param_id(r, 0), &a, &staff, err) != JW_OK) return err->code;
  const char *conf = a.confirmation_no;
  struct jw_ics_event e = {
      .uid = jw_arena_printf(r->arena, "%s@jingwu.tzga", conf),
      .summary = jw_arena_printf(r->arena, "预约民警 %s：%s", a.officer.name, a.topic),
      .location = jw_arena_printf(r->arena, "%s，%s", a.officer.unit_name, a.officer.unit_address),
      .description = jw_arena_printf(r->arena, "预约号 %s\n民警 %s %s\n事由 %s\n请携带身份证准时到达。电话 %s", conf,
                                     a.officer.name, a.officer.title, a.topic, a.officer.unit_phone),
      .starts_at = a.starts_at,
      .ends_at = a.ends_at,
      .stamp = a.updated_at,
      .tz_offset_min = r->app->cfg.tz_offset_min,
  };
  jw_reply_text(r, 200, "text/calendar; charset=utf-8", jw_ics_render(r->arena, &e));
  jw_reply_header(r, "Content-Disposition", jw_arena_printf(r->arena, "attachment; filename=\"jingwu-%s.ics\"", conf));
  return JW_OK;
}

/* ---- changes ---- */

enum jw_code jw_appt_act(struct jw_req *r, enum jw_appt_event ev, struct jw_error *err) {
  const char *reason = NULL;
  int64_t slot_id = 0;
  int need_reason = ev == JW_APPT_DECLINE;
  const struct jw_field f[] = {
      {"reason", JS_STR, (need_reason ? JS_REQUIRED : 0) | JS_NULLABLE, 1, 200, &reason, NULL, NULL},
      {"slot_id", JS_INT, ev == JW_APPT_PROPOSE ? JS_REQUIRED : 0, 1, INT64_MAX, &slot_id, NULL, NULL},
  };
  if (r->body && !json_is_object(r->body)) return jw_fail(err, JW_E_BAD_JSON, "Send a JSON object.");
  if ((r->body || need_reason || ev == JW_APPT_PROPOSE)) {
    json_t *empty = r->body ? NULL : json_object();
    enum jw_code rc = jw_json_fields(r->body ? r->body : empty, f, 2, err);
    json_decref(empty);
    if (rc != JW_OK) return rc;
  }
  struct jw_appt a;
  int staff;
  if (jw_appt_visible(r, jw_param_id(r, 0), &a, &staff, err) != JW_OK) return err->code;
  struct jw_slot proposed;
  if (ev == JW_APPT_PROPOSE) {
    if (jw_appt_slot_load(r->db, slot_id, &proposed, err) != JW_OK || proposed.owner_id != a.officer_id) {
      jw_error_clear(err);
      jw_field_fail(err, "slot_id", "must be a slot of this officer");
      return JW_E_VALIDATION;
    }
    if (proposed.capacity == 0) return jw_fail(err, JW_E_CONFLICT, "The officer is not available on %s.", proposed.day);
  }
  const struct jw_appt_change ch = {ev, reason, ev == JW_APPT_PROPOSE ? &proposed : NULL, staff};
  const struct jw_appt_actor who = {r->user, r->ip};
  if (jw_appt_apply(r->db, r->arena, &a, &ch, &who, r->app->cfg.tz_offset_min, err) != JW_OK) return err->code;
  return jw_appt_reply(r, a.id, 200, err);
}

enum jw_code jw_appt_api_cancel(struct jw_req *r, struct jw_error *err) { return jw_appt_act(r, JW_APPT_CANCEL, err); }

enum jw_code jw_appt_api_accept(struct jw_req *r, struct jw_error *err) { return jw_appt_act(r, JW_APPT_ACCEPT, err); }

enum jw_code jw_appt_api_refuse(struct jw_req *r, struct jw_error *err) { return jw_appt_act(r, JW_APPT_REFUSE, err); }
