/* export.c — a filtered resident list as an .xlsx workbook (see import.h):
 * the columns the import reads, so an exported sheet can come back in. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "community/import.h"
#include "community/store_import.h"
#include "core/crypto.h"
#include "core/mem.h"
#include "core/validate.h"
#include "sheets/sheets.h"

static const struct jw_sheet_column COLUMNS[] = {
    {"姓名", 10, JW_COL_TEXT},           {"身份证号", 21, JW_COL_TEXT},     {"性别", 6, JW_COL_TEXT},
    {"出生日期", 12, JW_COL_DATE},       {"人员类别", 10, JW_COL_TEXT},     {"网格", 16, JW_COL_TEXT},
    {"联系电话", 14, JW_COL_TEXT},       {"现住址", 30, JW_COL_TEXT},       {"工作单位", 20, JW_COL_TEXT},
    {"籍贯", 14, JW_COL_TEXT},           {"居住登记日期", 14, JW_COL_DATE}, {"居住证状态", 12, JW_COL_TEXT},
    {"居住证有效期至", 16, JW_COL_DATE}, {"备注", 24, JW_COL_TEXT},
};
#define NCOLS (sizeof COLUMNS / sizeof COLUMNS[0])

static const char *permit_zh(const char *s) {
  if (!strcmp(s, "applied")) return "已申请";
  if (!strcmp(s, "valid")) return "有效";
  if (!strcmp(s, "expired")) return "已过期";
  return "无";
}

struct export_tx {
  const struct jw_community_actor *who;
  const char *detail;
  size_t count;
};

static enum jw_code audit_in_tx(struct jw_conn *c, void *arg, struct jw_error *err) {
  struct export_tx *t = arg;
  char oid[24];
  snprintf(oid, sizeof oid, "%zu", t->count);
  struct jw_audit_entry e = {t->who->user->id, t->who->user->login, "resident.export", "resident", oid,
                             t->detail,        t->who->ip};
  return jw_audit_write(c, &e, err);
}

enum jw_code jw_community_export(struct jw_conn *c, struct jw_arena *a, const struct jw_community_actor *who,
                                 int tz_offset_min, const struct jw_resident_filter *f, int full, const char *tmp_dir,
                                 char **xlsx, size_t *xlsx_len, size_t *count, struct jw_error *err) {
  struct jw_resident_filter all = *f;
  all.cursor = 0;
  all.limit = JW_EXPORT_MAX_ROWS;
  struct jw_resident_row *rows;
  size_t n;
  int64_t next;
  if (jw_community_residents(c, a, who->user, tz_offset_min, &all, &rows, &n, &next, err) != JW_OK) return err->code;
  if (next)
    return jw_fail(err, JW_E_VALIDATION, "More than %d residents match; narrow the filters to export them.",
                   JW_EXPORT_MAX_ROWS);
  const char **cells = jw_arena_alloc(a, (n ? n : 1) * NCOLS * sizeof *cells);
  for (size_t i = 0; i < n; i++) {
    const struct jw_resident_row *x = &rows[i];
    const char **row = cells + i * NCOLS;
    const char *idn = x->id_masked, *phone = *x->phone ? jw_mask_phone(a, x->phone) : "";
    if (full) {
      const void *enc;
      size_t len;
      if (jw_comm_store_resident_enc(c, a, x->id, &enc, &len, err) != JW_OK) return err->code;
      idn = jw_decrypt(a, enc, len);
      if (!idn) return jw_fail(err, JW_E_INTERNAL, "resident %lld: the ID number does not decrypt", (long long)x->id);
      phone = x->phone;
    }
    const char *v[NCOLS] = {x->name,
                            idn,
                            !strcmp(x->gender, "M") ? "男" : "女",
                            x->birth_date,
                            !strcmp(x->kind, "migrant") ? "流动" : "户籍",
                            x->grid_name,
                            phone,
                            x->address,
                            x->employer,
                            x->native_place,
                            x->registered_on,
                            !strcmp(x->kind, "migrant") ? permit_zh(x->permit_status) : "",
                            x->permit_expires,
                            x->note};
    memcpy(row, v, sizeof v);
  }
  struct jw_sheet_limits lim = JW_SHEET_LIMITS_DEFAULT;
  lim.tmp_dir = tmp_dir;
  if (jw_sheet_write_xlsx("居民", COLUMNS, NCOLS, cells, n, &lim, a, xlsx, xlsx_len, err) != JW_OK) return err->code;
  *count = n;
  struct export_tx t = {
      who,
      jw_arena_printf(a, "%zu rows, %s; filters: grid %lld, kind %s, search %s, permit %s", n,
                      full ? "full ID numbers" : "masked", (long long)f->grid_id, f->kind ? f->kind : "any",
                      f->q ? "yes" : "no", f->expiring ? "expiring" : "any"),
      n};
  return jw_tx(c, audit_in_tx, &t, err);
}
