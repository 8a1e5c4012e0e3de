/* import.c — the spreadsheet import's preview and confirm (see import.h):
 * the sheet's columns found by their Chinese headers, every row checked as
 * the resident form checks it, the good rows kept encrypted until the
 * uploader confirms, then written in one transaction. */
#include "community/import.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "calendar/calendar.h"
#include "community/internal.h"
#include "community/store.h"
#include "community/store_import.h"
#include "community/store_read.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"
#include "sheets/sheets.h"

/* ---- the columns ---- */

enum col {
  C_NAME,
  C_ID,
  C_KIND,
  C_GRID,
  C_PHONE,
  C_ADDRESS,
  C_EMPLOYER,
  C_NATIVE,
  C_REGISTERED,
  C_PERMIT,
  C_EXPIRES,
  C_NOTE,
  C__MAX
};

static const char *const A_NAME[] = {"姓名", "名字", "name", NULL};
static const char *const A_ID[] = {"身份证号", "公民身份号码", "身份证号码", "身份证", "证件号码", "id_number", NULL};
static const char *const A_KIND[] = {"人员类别", "人员类型", "类别", "kind", NULL};
static const char *const A_GRID[] = {"网格编号", "网格", "所属网格", "网格名称", "grid", NULL};
static const char *const A_PHONE[] = {"联系电话", "手机号", "手机号码", "电话", "phone", NULL};
static const char *const A_ADDRESS[] = {"现住址", "居住地址", "住址", "地址", "address", NULL};
static const char *const A_EMPLOYER[] = {"工作单位", "服务处所", "单位", "employer", NULL};
static const char *const A_NATIVE[] = {"籍贯", "户籍地", "native_place", NULL};
static const char *const A_REGISTERED[] = {"居住登记日期", "登记日期", "registered_on", NULL};
static const char *const A_PERMIT[] = {"居住证状态", "permit_status", NULL};
static const char *const A_EXPIRES[] = {"居住证有效期至", "居住证有效期", "有效期至", "permit_expires", NULL};
static const char *const A_NOTE[] = {"备注", "note", NULL};

static const struct {
  const char *const *aliases;
  const char *field; /* the resident field its problems name */
  int required;
} COLS[C__MAX] = {
    {A_NAME, "name", 1},
    {A_ID, "id_number", 1},
    {A_KIND, "kind", 1},
    {A_GRID, "grid_id", 1},
    {A_PHONE, "phone", 0},
    {A_ADDRESS, "address", 0},
    {A_EMPLOYER, "employer", 0},
    {A_NATIVE, "native_place", 0},
    {A_REGISTERED, "registered_on", 0},
    {A_PERMIT, "permit_status", 0},
    {A_EXPIRES, "permit_expires", 0},
    {A_NOTE, "note", 0},
};

/* ---- cell values ---- */

/* s without surrounding blanks (ASCII whitespace and U+3000), arena copy. */
static char *trim(struct jw_arena *a, const char *s) {
  size_t n = strlen(s);
  for (;;) {
    if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) {
      s++, n--;
    } else if (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3)) {
      s += 3, n -= 3;
    } else {
      break;
    }
  }
  for (;;) {
    if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
      n--;
    else if (n >= 3 && !memcmp(s + n - 3, "\xe3\x80\x80", 3))
      n -= 3;
    else
      break;
  }
  char *out = jw_arena_alloc(a, n + 1);
  memcpy(out, s, n);
  out[n] = '\0';
  return out;
}

/* s with every blank, '-' (phones) removed and x made X (ID numbers). */
static char *squeeze(struct jw_arena *a, const char *s, int dashes) {
  char *out = jw_arena_alloc(a, strlen(s) + 1), *o = out;
  for (; *s; s++) {
    if (*s == ' ' || *s == '\t' || (dashes && *s == '-')) continue;
    if (!strncmp(s, "\xe3\x80\x80", 3)) {
      s += 2;
      continue;
    }
    *o++ = *s == 'x' ? 'X' : *s;
  }
  *o = '\0';
  return out;
}

/* Line breaks and tabs inside one-line text become spaces. */
static char *one_line(char *s) {
  for (char *p = s; *p; p++)
    if (*p == '\r' || *p == '\n' || *p == '\t') *p = ' ';
  return s;
}

/* A date as offices type it: 2024-03-05, 2024/3/5, 2024.3.5, 20240305,
 * 2024年3月5日 (a time after it is dropped) → "YYYY-MM-DD" in out. 0 on
 * success, -1 when it is none of these or no real date. */
static int norm_date(const char *s, char out[11]) {
  int y = 0, m = 0, d = 0, k = 0;
  if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
    k = sscanf(s, "%4d%2d%2d", &y, &m, &d);
  } else {
    const char *p = s;
    int v[3] = {0}, i = 0;
    while (i < 3) {
      int digits = 0;
      while (*p >= '0' && *p <= '9' && digits < 5) v[i] = v[i] * 10 + (*p++ - '0'), digits++;
      if (!digits) return -1;
      i++;
      if (i == 3) break;
      if (*p == '-' || *p == '/' || *p == '.')
        p++;
      else if (!strncmp(p, "年", 3) || !strncmp(p, "月", 3))
        p += 3;
      else
        return -1;
    }
    if (!strncmp(p, "日", 3)) p += 3;
    if (*p && *p != ' ' && *p != 'T') return -1;
    y = v[0], m = v[1], d = v[2], k = 3;
  }
  if (k != 3 || y < 1900 || y > 2200) return -1;
  snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
  struct jw_date dt;
  return jw_date_parse(out, &dt) ? -1 : 0;
}

/* The stored value of a 人员类别 / 居住证状态 cell, or NULL. */
static const char *kind_of(const char *s) {
  static const char *const reg[] = {"户籍", "户籍人口", "常住", "常住人口", "registered", NULL};
  static const char *const mig[] = {"流动", "流动人口", "暂住", "暂住人口", "外来人口", "migrant", NULL};
  for (int i = 0; reg[i]; i++)
    if (!strcmp(s, reg[i])) return "registered";
  for (int i = 0; mig[i]; i++)
    if (!strcmp(s, mig[i])) return "migrant";
  return NULL;
}

static const char *permit_of(const char *s) {
  static const struct {
    const char *text, *value;
  } map[] = {{"", "none"},          {"无", "none"},        {"未办理", "none"},    {"none", "none"},
             {"已申请", "applied"}, {"申请中", "applied"}, {"办理中", "applied"}, {"applied", "applied"},
             {"有效", "valid"},     {"已办理", "valid"},   {"valid", "valid"},    {"已过期", "expired"},
             {"过期", "expired"},   {"失效", "expired"},   {"expired", "expired"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(s, map[i].text)) return map[i].value;
  return NULL;
}

/* ---- the preview ---- */

struct issue_acc {
  struct jw_arena *a;
  struct jw_import_issue *items;
  size_t n, cap;
};

/* Moves every field error of e into the row's issues (columns from col[]). */
static void take(struct issue_acc *acc, size_t row, const long col[C__MAX], struct jw_error *e) {
  for (int i = 0; i < e->nfields; i++) {
    struct jw_import_issue is = {.row = row};
    const char *f = e->fields[i].field;
    for (int k = 0; k < C__MAX; k++)
      if (!strcmp(COLS[k].field, f) && col[k] >= 0) jw_sheet_col_name((size_t)col[k], is.column);
    is.field = jw_arena_strdup(acc->a, f);
    is.message = jw_arena_strdup(acc->a, e->fields[i].message);
    is.message_zh = jw_arena_strdup(acc->a, e->fields[i].message_zh);
    is.seq = acc->n;
    acc->items = jw_arena_grow(acc->a, acc->items, acc->n, &acc->cap, sizeof *acc->items);
    acc->items[acc->n++] = is;
  }
  if (!e->nfields && e->code != JW_OK) {
    struct jw_import_issue is = {.row = row,
                                 .field = "",
                                 .message = jw_arena_strdup(acc->a, e->detail),
                                 .message_zh = jw_arena_strdup(acc->a, e->detail_zh),
                                 .seq = acc->n};
    acc->items = jw_arena_grow(acc->a, acc->items, acc->n, &acc->cap, sizeof *acc->items);
    acc->items[acc->n++] = is;
  }
  jw_error_clear(e);
}

static int by_row(const void *x, const void *y) {
  const struct jw_import_issue *a = x, *b = y;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

struct id_at {
  char id[19];
  size_t idx;
};

static int by_id(const void *x, const void *y) {
  const struct id_at *a = x, *b = y;
  int c = strcmp(a->id, b->id);
  return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* The grid named by a 网格 cell: a code, else a name unique among grids. */
static const struct jw_grid *grid_named(const struct jw_grid *grids, size_t n, const char *s) {
  const struct jw_grid *hit = NULL;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(grids[i].code, s)) return &grids[i];
  for (size_t i = 0; i < n; i++)
    if (!strcmp(grids[i].name, s)) {
      if (hit) return NULL;
      hit = &grids[i];
    }
  return hit;
}

/* Reads one data row into *row; its problems go to acc (via e). */
static void read_row(struct jw_arena *a, const struct jw_sheet_row *sr, const long col[C__MAX],
                     const struct jw_grid *grids, size_t ngrids, struct jw_import_row *row, char *norm,
                     struct jw_error *e) {
  const char *v[C__MAX];
  for (int k = 0; k < C__MAX; k++) v[k] = col[k] >= 0 ? trim(a, jw_sheet_text(sr, (size_t)col[k])) : "";
  struct jw_resident_input *in = &row->in;
  memset(row, 0, sizeof *row);
  row->row = sr->number;
  in->name = v[C_NAME];
  if (!*in->name) in->name = NULL;
  in->id_number = squeeze(a, v[C_ID], 0);
  in->phone = squeeze(a, v[C_PHONE], 1);
  if (!strncmp(in->phone, "+86", 3)) in->phone += 3;
  in->address = one_line((char *)v[C_ADDRESS]);
  in->employer = one_line((char *)v[C_EMPLOYER]);
  in->native_place = one_line((char *)v[C_NATIVE]);
  in->note = v[C_NOTE];
  in->kind = kind_of(v[C_KIND]);
  in->permit_status = permit_of(v[C_PERMIT]);
  in->grid_id = 1; /* checked below */

  const struct jw_sheet_cell *idc = (size_t)col[C_ID] < sr->ncells ? &sr->cells[col[C_ID]] : NULL;
  int lost = idc && idc->kind == JW_CELL_NUMBER && strlen(in->id_number) > 15;
  if (!*v[C_KIND])
    jw_field_fail(e, "kind", "is required");
  else if (!in->kind)
    jw_field_fail(e, "kind", "must be 户籍 or 流动");
  if (!*v[C_GRID]) {
    jw_field_fail(e, "grid_id", "is required");
  } else {
    const struct jw_grid *g = grid_named(grids, ngrids, v[C_GRID]);
    if (!g)
      jw_field_fail(e, "grid_id", "is not a grid you work, or there is no such grid");
    else
      in->grid_id = g->id, row->grid_name = g->name;
  }
  if (!in->permit_status) jw_field_fail(e, "permit_status", "must be 无, 已申请, 有效 or 已过期");
  char dates[2][11];
  const char *dv[2] = {v[C_REGISTERED], v[C_EXPIRES]};
  const char *df[2] = {"registered_on", "permit_expires"};
  const char *dout[2] = {NULL, NULL};
  for (int i = 0; i < 2; i++) {
    if (!*dv[i]) continue;
    if (norm_date(dv[i], dates[i]))
      jw_field_fail(e, df[i], "must be a date such as 2024-03-05");
    else
      dout[i] = jw_arena_strdup(a, dates[i]);
  }
  in->registered_on = dout[0];
  in->permit_expires = dout[1];
  if (!*in->id_number) in->id_number = NULL;
  /* The form's checks; an ID number Excel made a number is reported as that. */
  struct jw_resident_input probe = *in;
  if (!probe.kind) probe.kind = "migrant";
  if (!probe.permit_status) probe.permit_status = "none";
  struct jw_error chk = {0};
  jw_community_resident_check(&probe, norm, &chk);
  for (int i = 0; i < chk.nfields; i++) {
    const struct jw_field_error *fe = &chk.fields[i];
    if (!in->kind && !strcmp(fe->field, "kind")) continue;
    if (!in->permit_status && !strcmp(fe->field, "permit_status")) continue;
    if (lost && !strcmp(fe->field, "id_number")) continue;
    if (!strcmp(fe->field, "grid_id")) continue;
    if (e->nfields < JW_ERROR_FIELDS_MAX) e->fields[e->nfields++] = *fe;
    e->code = JW_E_VALIDATION;
  }
  if (lost)
    jw_field_fail(e, "id_number",
                  "was saved as a number and lost its last digits: format the column as text and type it again");
  if (!chk.nfields || !strcmp(probe.id_number, norm)) in->id_number = probe.id_number;
}

/* The valid rows as the JSON text that is stored encrypted. */
static char *rows_json(const struct jw_import_row *rows, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    const struct jw_resident_input *in = &rows[i].in;
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)rows[i].row,
                          "grid_id", (json_int_t)in->grid_id, "kind", in->kind, "name", in->name, "id_number",
                          in->id_number, "phone", in->phone, "address", in->address, "employer", in->employer,
                          "native_place", in->native_place, "permit_status", in->permit_status, "note", in->note);
    if (!o) {
      json_decref(arr);
      return NULL;
    }
    if (in->registered_on) json_object_set_new(o, "registered_on", json_string(in->registered_on));
    if (in->permit_expires) json_object_set_new(o, "permit_expires", json_string(in->permit_expires));
    json_array_append_new(arr, o);
  }
  char *s = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return s;
}

static enum jw_code audit(struct jw_conn *c, const struct jw_community_actor *who, const char *action, int64_t id,
                          const char *detail, struct jw_error *err) {
  char oid[24];
  snprintf(oid, sizeof oid, "%lld", (long long)id);
  struct jw_audit_entry e = {who->user ? who->user->id : 0,
                             who->user ? who->user->login : "cli",
                             action,
                             "resident_import",
                             oid,
                             detail,
                             who->ip};
  return jw_audit_write(c, &e, err);
}

struct store_tx {
  const struct jw_community_actor *who;
  struct jw_import_preview *out;
  const void *enc;
  size_t enc_len;
  int64_t now;
};

static enum jw_code store_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct store_tx *t = arg;
  struct jw_import_preview *p = t->out;
  if (jw_comm_store_import_purge(c, t->now, err) != JW_OK) return err->code;
  if (jw_comm_store_import_insert(c, t->who->user->id, p->format, p->encoding, p->sha256, (int64_t)p->total_rows,
                                  (int64_t)p->valid_rows, (int64_t)p->error_rows, t->enc, t->enc_len, t->now,
                                  p->expires_at, &p->id, err) != JW_OK)
    return err->code;
  char detail[200];
  snprintf(detail, sizeof detail, "preview %s: %zu rows, %zu valid, %zu with problems, sha256 %.16s", p->format,
           p->total_rows, p->valid_rows, p->error_rows, p->sha256);
  return audit(c, t->who, "resident.import_preview", p->id, detail, err);
}

/* Copies s into dst (cap bytes), cut at a character boundary when too long. */
static void put_text(char *dst, size_t cap, const char *s) {
  size_t n = strlen(s);
  if (n >= cap) {
    n = cap - 1;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memmove(dst, s, n);
  dst[n] = '\0';
}

/* Copies the sheet reader's failure into err with its position. */
static enum jw_code sheet_failed(const struct jw_sheet *sh, struct jw_error *err) {
  if (!sh->err_row) return err->code;
  char en[640], zh[640];
  if (sh->err_col) {
    char letters[4];
    jw_sheet_col_name(sh->err_col - 1, letters);
    snprintf(en, sizeof en, "Row %zu, column %s: %s", sh->err_row, letters, err->detail);
    snprintf(zh, sizeof zh, "第 %zu 行 %s 列：%s", sh->err_row, letters, err->detail_zh);
  } else {
    snprintf(en, sizeof en, "Row %zu: %s", sh->err_row, err->detail);
    snprintf(zh, sizeof zh, "第 %zu 行：%s", sh->err_row, err->detail_zh);
  }
  put_text(err->detail, sizeof err->detail, en);
  put_text(err->detail_zh, sizeof err->detail_zh, zh);
  return err->code;
}

/* The header row's index and the columns; JW_E_VALIDATION naming what is missing. */
static enum jw_code find_header(const struct jw_sheet *sh, size_t *hdr, long col[C__MAX], struct jw_error *err) {
  size_t h = 0, scan = sh->nrows < 10 ? sh->nrows : 10;
  for (; h < scan; h++)
    if (jw_sheet_find_column(&sh->rows[h], A_NAME) >= 0 && jw_sheet_find_column(&sh->rows[h], A_ID) >= 0) break;
  if (h == scan) h = 0; /* report the first row's missing columns */
  for (int k = 0; k < C__MAX; k++) {
    col[k] = sh->nrows ? jw_sheet_find_column(&sh->rows[h], COLS[k].aliases) : -1;
    if (col[k] < 0 && COLS[k].required) jw_field_fail(err, "header", "is missing the column %s", COLS[k].aliases[0]);
  }
  if (err->nfields) {
    jw_fail(err, JW_E_VALIDATION,
            "The sheet's header row lacks required columns (姓名, 身份证号, 人员类别, 网格编号).");
    return JW_E_VALIDATION;
  }
  *hdr = h;
  return JW_OK;
}

enum jw_code jw_community_import_preview(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                         const void *data, size_t n, const char *tmp_dir, struct jw_import_preview *out,
                                         struct jw_error *err) {
  memset(out, 0, sizeof *out);
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.max_bytes = JW_IMPORT_MAX_BYTES;
  lim.max_rows = JW_IMPORT_MAX_ROWS + 10;
  lim.max_cols = 100;
  lim.max_cells = 1000000;
  lim.max_unzipped = 100u << 20;
  lim.tmp_dir = tmp_dir;
  struct jw_sheet sh;
  if (jw_sheet_read(data, n, &lim, a, &sh, err) != JW_OK) return sheet_failed(&sh, err);
  out->format = jw_sheet_format_names[sh.format];
  out->encoding = sh.encoding ? sh.encoding : "";
  unsigned char sum[JW_HASH_BYTES];
  jw_sha256(data, n, sum);
  out->sha256 = jw_hex(a, sum, sizeof sum);

  size_t h;
  long col[C__MAX];
  if (find_header(&sh, &h, col, err) != JW_OK) return err->code;
  size_t nrows = sh.nrows - h - 1;
  if (!nrows) return jw_fail(err, JW_E_VALIDATION, "The sheet has no rows below its header row.");
  if (nrows > JW_IMPORT_MAX_ROWS)
    return jw_fail(err, JW_E_TOO_LARGE, "The sheet has more than %d rows; split it into smaller files.",
                   JW_IMPORT_MAX_ROWS);
  out->total_rows = nrows;

  struct jw_grid *grids;
  size_t ngrids;
  if (jw_community_grids(c, a, who->user, &grids, &ngrids, err) != JW_OK) return err->code;

  struct jw_import_row *rows = jw_arena_alloc(a, nrows * sizeof *rows);
  char *norms = jw_arena_zalloc(a, nrows * 19);
  unsigned char *bad = jw_arena_alloc(a, nrows);
  struct id_at *ids = jw_arena_alloc(a, nrows * sizeof *ids);
  size_t nids = 0;
  struct issue_acc acc = {a, NULL, 0, 0};
  for (size_t i = 0; i < nrows; i++) {
    struct jw_error e = {0};
    read_row(a, &sh.rows[h + 1 + i], col, grids, ngrids, &rows[i], norms + 19 * i, &e);
    bad[i] = e.nfields > 0;
    int id_ok = rows[i].in.id_number && !strcmp(rows[i].in.id_number, norms + 19 * i);
    for (int k = 0; k < e.nfields; k++)
      if (!strcmp(e.fields[k].field, "id_number")) id_ok = 0;
    if (id_ok) {
      memcpy(ids[nids].id, norms + 19 * i, 19);
      ids[nids++].idx = i;
    }
    take(&acc, rows[i].row, col, &e);
  }
  /* The same person twice in the file: both rows are refused, each naming the other. */
  qsort(ids, nids, sizeof *ids, by_id);
  for (size_t k = 0; k < nids; k++) {
    int prev = k > 0 && !strcmp(ids[k].id, ids[k - 1].id), next = k + 1 < nids && !strcmp(ids[k].id, ids[k + 1].id);
    if (!prev && !next) continue;
    size_t other = ids[prev ? k - 1 : k + 1].idx, i = ids[k].idx;
    struct jw_error e = {0};
    jw_field_fail(&e, "id_number", "is in row %zu too", rows[other].row);
    bad[i] = 1;
    take(&acc, rows[i].row, col, &e);
  }
  /* Recorded already: updated when in a grid of the user's, refused otherwise (without saying where). */
  for (size_t i = 0; i < nrows; i++) {
    if (bad[i]) continue;
    unsigned char bidx[JW_HASH_BYTES];
    jw_blind_index(rows[i].in.id_number, bidx);
    struct jw_resident_row old;
    enum jw_code rc = jw_comm_store_resident_by_bidx(c, a, bidx, &old, err);
    if (rc == JW_E_NOT_FOUND) {
      jw_error_clear(err);
      continue;
    }
    if (rc != JW_OK) return rc;
    int v = jw_community_grid_visible(c, who->user, old.grid_id, err);
    if (v < 0) return err->code;
    if (v) {
      rows[i].update = 1;
      continue;
    }
    struct jw_error e = {0};
    jw_field_fail(&e, "id_number", "is recorded already, in a grid you do not work");
    bad[i] = 1;
    take(&acc, rows[i].row, col, &e);
  }
  if (acc.n) qsort(acc.items, acc.n, sizeof *acc.items, by_row); /* no errors: items may be NULL */
  out->errors = acc.items;
  out->errors_total = acc.n;
  out->nerrors = acc.n < JW_IMPORT_MAX_ERRORS ? acc.n : JW_IMPORT_MAX_ERRORS;

  struct jw_import_row *valid = jw_arena_alloc(a, nrows * sizeof *valid);
  size_t nvalid = 0;
  for (size_t i = 0; i < nrows; i++) {
    if (bad[i]) {
      out->error_rows++;
      continue;
    }
    valid[nvalid++] = rows[i];
    if (rows[i].update) out->updates++;
  }
  out->valid_rows = nvalid;
  out->sample = valid;
  out->nsample = nvalid < JW_IMPORT_SAMPLE ? nvalid : JW_IMPORT_SAMPLE;

  char *text = rows_json(valid, nvalid);
  if (!text) return jw_fail(err, JW_E_INTERNAL, "the import's rows could not be encoded");
  struct store_tx t = {who, out, NULL, 0, (int64_t)time(NULL)};
  t.enc = jw_encrypt(a, text, &t.enc_len);
  free(text);
  out->expires_at = t.now + JW_IMPORT_TTL;
  return jw_tx(c, store_in_tx, &t, err);
}

/* ---- confirm and cancel ---- */

/* A grid the confirm wrote into: looked up once per import. */
struct grid_seen {
  int64_t id;
  const char *unit_path; /* NULL: not a grid of the user's */
};

struct confirm_tx {
  struct jw_arena *a;
  const struct jw_community_actor *who;
  int64_t id, inserted, updated, now;
  struct grid_seen *grids;
  size_t ngrids, cap;
};

/* Grid id's unit path when the user may still write there (NULL when not). */
static enum jw_code grid_of(struct jw_conn *c, struct confirm_tx *t, int64_t id, const char **unit_path,
                            struct jw_error *err) {
  for (size_t i = 0; i < t->ngrids; i++)
    if (t->grids[i].id == id) {
      *unit_path = t->grids[i].unit_path;
      return JW_OK;
    }
  struct grid_seen g = {id, NULL};
  int v = jw_community_grid_visible(c, t->who->user, id, err);
  if (v < 0) return err->code;
  if (v) {
    struct jw_grid row;
    if (jw_comm_store_grid(c, t->a, id, &row, err) != JW_OK) return err->code;
    g.unit_path = row.unit_path;
  }
  t->grids = jw_arena_grow(t->a, t->grids, t->ngrids, &t->cap, sizeof *t->grids);
  t->grids[t->ngrids++] = g;
  *unit_path = g.unit_path;
  return JW_OK;
}

/* Import id of who, pending and not expired; the right failure otherwise. */
static enum jw_code pending_import(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                   int64_t id, struct jw_comm_import *im, struct jw_error *err) {
  if (jw_comm_store_import(c, a, id, im, err) != JW_OK) return err->code;
  if (im->user_id != who->user->id) return jw_fail(err, JW_E_NOT_FOUND, "There is no such import.");
  if (!strcmp(im->status, "done")) return jw_fail(err, JW_E_CONFLICT, "This import was confirmed already.");
  if (!strcmp(im->status, "cancelled")) return jw_fail(err, JW_E_CONFLICT, "This import was cancelled.");
  if (im->expires_at <= (int64_t)time(NULL) || !im->rows_enc)
    return jw_fail(err, JW_E_NOT_FOUND, "This import has expired; upload the file again.");
  return JW_OK;
}

static const char *jstr(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Prefixes err's detail with the row it happened in. */
static enum jw_code at_row(json_int_t row, struct jw_error *err) {
  char en[640], zh[640];
  snprintf(en, sizeof en, "Row %lld: %s Nothing was imported.", (long long)row, err->detail);
  snprintf(zh, sizeof zh, "第 %lld 行：%s 未导入任何数据。", (long long)row, err->detail_zh);
  put_text(err->detail, sizeof err->detail, en);
  put_text(err->detail_zh, sizeof err->detail_zh, zh);
  return err->code;
}

static enum jw_code write_row(struct jw_conn *c, struct confirm_tx *t, json_t *o, struct jw_error *err) {
  struct jw_resident_input in = {
      .grid_id = json_integer_value(json_object_get(o, "grid_id")),
      .kind = jstr(o, "kind"),
      .name = jstr(o, "name"),
      .id_number = jstr(o, "id_number"),
      .phone = jstr(o, "phone"),
      .address = jstr(o, "address"),
      .employer = jstr(o, "employer"),
      .native_place = jstr(o, "native_place"),
      .registered_on = jstr(o, "registered_on"),
      .permit_status = jstr(o, "permit_status"),
      .permit_expires = jstr(o, "permit_expires"),
      .note = jstr(o, "note"),
  };
  if (!in.kind || !in.name || !in.id_number || !in.phone || !in.address || !in.employer || !in.native_place ||
      !in.permit_status || !in.note)
    return jw_fail(err, JW_E_INTERNAL, "import %lld: a stored row is damaged", (long long)t->id);
  /* A new person: one INSERT that yields to a recorded ID number (the import's
   * audit row names the count; a row per resident would double the round trips). */
  const char *unit_path = NULL;
  if (grid_of(c, t, in.grid_id, &unit_path, err) != JW_OK) return err->code;
  if (!unit_path) {
    jw_field_fail(err, "grid_id", "is not a grid you work");
    return JW_E_VALIDATION;
  }
  struct jw_resident_row r = {.grid_id = in.grid_id,
                              .unit_path = unit_path,
                              .kind = in.kind,
                              .name = in.name,
                              .phone = in.phone,
                              .address = in.address,
                              .employer = in.employer,
                              .native_place = in.native_place,
                              .registered_on = in.registered_on,
                              .permit_status = in.permit_status,
                              .permit_expires = in.permit_expires,
                              .note = in.note,
                              .created_at = t->now,
                              .updated_at = t->now};
  jw_comm_resident_seal(t->a, in.id_number, &r);
  int64_t new_id = 0;
  if (jw_comm_store_resident_insert(c, &r, 1, &new_id, err) != JW_OK) return err->code;
  if (new_id) {
    t->inserted++;
    return JW_OK;
  }
  /* Recorded already: one person, one record. */
  struct jw_resident_row old;
  if (jw_comm_store_resident_by_bidx(c, t->a, r.id_bidx, &old, err) != JW_OK) return err->code;
  int v = jw_community_grid_visible(c, t->who->user, old.grid_id, err);
  if (v < 0) return err->code;
  if (!v) return jw_fail(err, JW_E_CONFLICT, "This ID number is recorded already, in a grid you do not work.");
  /* One person, one record: the sheet's values replace the record's; empty cells keep what it holds. */
  if (!*in.phone) in.phone = old.phone;
  if (!*in.address) in.address = old.address;
  if (!*in.employer) in.employer = old.employer;
  if (!*in.native_place) in.native_place = old.native_place;
  if (!*in.note) in.note = old.note;
  if (!strcmp(in.kind, old.kind) && !in.registered_on && !in.permit_expires && !strcmp(in.permit_status, "none")) {
    in.registered_on = old.registered_on;
    in.permit_status = old.permit_status;
    in.permit_expires = old.permit_expires;
  }
  in.house_id = old.grid_id == in.grid_id ? old.house_id : 0;
  if (jw_community_resident_replace(c, t->a, t->who, old.id, &in, err) != JW_OK) return err->code;
  t->updated++;
  return JW_OK;
}

static enum jw_code confirm_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct confirm_tx *t = arg;
  t->inserted = t->updated = 0;
  t->ngrids = 0; /* a retried transaction looks again */
  t->now = (int64_t)time(NULL);
  struct jw_comm_import im;
  if (pending_import(c, t->a, t->who, t->id, &im, err) != JW_OK) return err->code;
  char *text = jw_decrypt(t->a, im.rows_enc, im.rows_enc_len);
  json_t *rows = text ? json_loads(text, 0, NULL) : NULL;
  if (!json_is_array(rows)) {
    json_decref(rows);
    return jw_fail(err, JW_E_INTERNAL, "import %lld: the stored rows do not decrypt", (long long)t->id);
  }
  size_t i;
  json_t *o;
  enum jw_code rc = JW_OK;
  json_array_foreach(rows, i, o) {
    if ((rc = write_row(c, t, o, err)) != JW_OK) {
      at_row(json_integer_value(json_object_get(o, "row")), err);
      break;
    }
  }
  json_decref(rows);
  if (rc != JW_OK) return rc;
  int changed = 0;
  if (jw_comm_store_import_finish(c, t->id, "done", t->inserted, t->updated, (int64_t)time(NULL), &changed, err) !=
      JW_OK)
    return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "This import was confirmed already.");
  char detail[200];
  snprintf(detail, sizeof detail, "imported: %lld new, %lld updated, sha256 %.16s", (long long)t->inserted,
           (long long)t->updated, im.sha256);
  return audit(c, t->who, "resident.import", t->id, detail, err);
}

enum jw_code jw_community_import_confirm(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                         int64_t id, int64_t *inserted, int64_t *updated, struct jw_error *err) {
  struct confirm_tx t = {a, who, id, 0, 0, 0, NULL, 0, 0};
  enum jw_code rc = jw_tx(c, confirm_in_tx, &t, err);
  *inserted = t.inserted;
  *updated = t.updated;
  return rc;
}

struct cancel_tx {
  const struct jw_community_actor *who;
  int64_t id;
};

static enum jw_code cancel_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct cancel_tx *t = arg;
  struct jw_arena arena = {0}, *a = &arena;
  struct jw_comm_import im;
  enum jw_code rc = jw_comm_store_import(c, a, t->id, &im, err);
  if (rc == JW_OK && im.user_id != t->who->user->id) rc = jw_fail(err, JW_E_NOT_FOUND, "There is no such import.");
  if (rc == JW_OK && strcmp(im.status, "pending"))
    rc = jw_fail(err, JW_E_CONFLICT,
                 !strcmp(im.status, "done") ? "This import was confirmed already." : "This import was cancelled.");
  jw_arena_free(a);
  if (rc != JW_OK) return rc;
  int changed = 0;
  if (jw_comm_store_import_finish(c, t->id, "cancelled", 0, 0, (int64_t)time(NULL), &changed, err) != JW_OK)
    return err->code;
  if (!changed) return jw_fail(err, JW_E_CONFLICT, "This import was confirmed already.");
  return audit(c, t->who, "resident.import_cancel", t->id, "cancelled", err);
}

enum jw_code jw_community_import_cancel(struct jw_conn *c, const struct jw_community_actor *who, int64_t id,
                                        struct jw_error *err) {
  struct cancel_tx t = {who, id};
  return jw_tx(c, cancel_in_tx, &t, err);
}
