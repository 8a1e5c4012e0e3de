/*
 * xlsx.c — the first sheet of an Office Open XML workbook. The zip is opened
 * from memory with libzip; the parts are found as Excel finds them: the
 * package's relationships name the workbook, the workbook lists its sheets
 * in order and its relationships name the first sheet's part, the shared
 * strings and the styles (which number formats are dates). Each part is
 * read with libxml2's xmlReader (xml.c).
 */
#include <stdlib.h>
#include <string.h>

#include "sheets/xml.h"

/* The most cellXfs styles and shared strings kept (Excel allows 64 000
 * styles; shared strings are bounded by the cells that may use them). */
#define MAX_XF     65536
#define MAX_NUMFMT 4096
#define SST_SLACK  65536

/* ---- relationships and paths ---- */

/* dir + target resolved ("..", "." and a leading '/'), arena-owned; NULL
 * when it climbs out of the package. */
static char *resolve(struct jw_arena *a, const char *dir, const char *target) {
  char *joined = target[0] == '/' ? jw_arena_strdup(a, target + 1) : jw_arena_printf(a, "%s%s", dir, target);
  char *out = jw_arena_alloc(a, strlen(joined) + 1);
  size_t n = 0;
  for (char *seg = joined, *next; seg; seg = next) {
    next = strchr(seg, '/');
    if (next) *next++ = '\0';
    if (seg[0] == '\0' || strcmp(seg, ".") == 0) continue;
    if (strcmp(seg, "..") == 0) {
      if (n == 0) return NULL;
      while (n > 0 && out[n - 1] != '/') n--;
      if (n > 0) n--; /* the slash */
      continue;
    }
    if (n) out[n++] = '/';
    size_t k = strlen(seg);
    memcpy(out + n, seg, k);
    n += k;
  }
  out[n] = '\0';
  return n ? out : NULL;
}

/* The folder of a part ("xl/" of "xl/workbook.xml"), arena-owned. */
static char *dir_of(struct jw_arena *a, const char *part) {
  const char *slash = strrchr(part, '/');
  return jw_arena_strndup(a, part, slash ? (size_t)(slash - part) + 1 : 0);
}

/* The relationships file of part ("xl/_rels/workbook.xml.rels"). */
static char *rels_of(struct jw_arena *a, const char *part) {
  const char *slash = strrchr(part, '/');
  if (!slash) return jw_arena_printf(a, "_rels/%s.rels", part);
  return jw_arena_printf(a, "%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

struct rels_want {
  const char *id; /* a relationship Id to find (or NULL) */
  char *by_id;    /* its target */
  char *office;   /* .../officeDocument */
  char *sst;      /* .../sharedStrings */
  char *styles;   /* .../styles */
};

/* Reads the relationships part name (optional) into w; targets resolved
 * against dir, arena-owned. */
static enum jw_code read_rels(struct xlsx *x, const char *name, const char *dir, struct rels_want *w) {
  struct xml_part p;
  enum jw_code rc = xml_open(x, name, 1, &p);
  int r = 0;
  while (rc == JW_OK && p.buf && (r = xml_next(x, &p)) == 1) {
    if (xml_kind(&p) != 1 || !xml_is(&p, "Relationship")) continue;
    char *id = xml_attr(&p, "Id", 0), *type = xml_attr(&p, "Type", 0), *target = xml_attr(&p, "Target", 0);
    char *mode = xml_attr(&p, "TargetMode", 0);
    if (id && type && target && !(mode && strcmp(mode, "External") == 0)) {
      char *path = resolve(x->b->a, dir, target);
      if (path) {
        if (w->id && !w->by_id && strcmp(id, w->id) == 0) w->by_id = path;
        if (!w->office && ends_with(type, "/officeDocument")) w->office = path;
        if (!w->sst && ends_with(type, "/sharedStrings")) w->sst = path;
        if (!w->styles && ends_with(type, "/styles")) w->styles = path;
      }
    }
    xmlFree(id);
    xmlFree(type);
    xmlFree(target);
    xmlFree(mode);
  }
  if (rc == JW_OK && r < 0) rc = x->b->err->code;
  xml_close(&p);
  return rc;
}

/* The workbook part: date1904 and the first sheet's relationship id. */
static enum jw_code read_workbook(struct xlsx *x, const char *name, char **first_rid) {
  struct xml_part p;
  *first_rid = NULL;
  enum jw_code rc = xml_open(x, name, 0, &p);
  int r = 0;
  while (rc == JW_OK && (r = xml_next(x, &p)) == 1) {
    if (xml_kind(&p) != 1) continue;
    if (xml_is(&p, "workbookPr")) {
      char *v = xml_attr(&p, "date1904", 0);
      x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
      xmlFree(v);
    } else if (xml_is(&p, "sheet") && !*first_rid) {
      char *v = xml_attr(&p, "id", 1);
      if (v) *first_rid = jw_arena_strdup(x->b->a, v);
      xmlFree(v);
    }
  }
  if (rc == JW_OK && r < 0) rc = x->b->err->code;
  xml_close(&p);
  return rc;
}

/* ---- styles: which cellXfs show dates ---- */

enum jw_code xlsx_read_styles(struct xlsx *x, const char *name) {
  struct xml_part p;
  enum jw_code rc = xml_open(x, name, 1, &p);
  struct {
    unsigned id;
    int fmt;
  } *custom = NULL;
  size_t ncustom = 0;
  int in_xfs = 0, r = 0;
  while (rc == JW_OK && p.buf && (r = xml_next(x, &p)) == 1) {
    int k = xml_kind(&p);
    if (k == 2 && xml_is(&p, "cellXfs")) in_xfs = 0;
    if (k != 1) continue;
    if (xml_is(&p, "cellXfs")) {
      in_xfs = 1;
    } else if (xml_is(&p, "numFmt") && ncustom < MAX_NUMFMT) {
      char *id = xml_attr(&p, "numFmtId", 0), *code = xml_attr(&p, "formatCode", 0);
      if (id && code) {
        if (!custom) custom = jw_arena_alloc(x->b->a, MAX_NUMFMT * sizeof *custom);
        custom[ncustom].id = (unsigned)strtoul(id, NULL, 10);
        custom[ncustom].fmt = sheets_format_code(code);
        ncustom++;
      }
      xmlFree(id);
      xmlFree(code);
    } else if (in_xfs && xml_is(&p, "xf") && x->nxf < MAX_XF) {
      char *id = xml_attr(&p, "numFmtId", 0);
      unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
      xmlFree(id);
      int fmt = sheets_builtin_format(fid);
      for (size_t i = 0; i < ncustom; i++)
        if (custom[i].id == fid) fmt = custom[i].fmt;
      if (!x->xf_fmt) x->xf_fmt = jw_arena_alloc(x->b->a, MAX_XF);
      x->xf_fmt[x->nxf++] = (uint8_t)fmt;
    }
  }
  if (rc == JW_OK && r < 0) rc = x->b->err->code;
  xml_close(&p);
  return rc;
}

/* ---- shared strings ---- */

enum jw_code xlsx_read_sst(struct xlsx *x, const char *name) {
  struct xml_part p;
  enum jw_code rc = xml_open(x, name, 1, &p);
  int in_si = 0, in_t = 0, skip = 0, r = 0; /* skip: inside <rPh> (phonetic guide), not the text */
  size_t max = x->b->lim->max_cells + SST_SLACK;
  while (rc == JW_OK && p.buf && (r = xml_next(x, &p)) == 1) {
    int k = xml_kind(&p);
    if (k == 1) {
      if (xml_is(&p, "si")) {
        in_si = 1;
        xml_text_reset(x);
      } else if (in_si && xml_is(&p, "rPh")) {
        skip++;
      } else if (in_si && xml_is(&p, "t")) {
        in_t = 1;
      }
    } else if (k == 3) {
      if (in_si && in_t && !skip) xml_text_add(x, &p);
    } else if (k == 2) {
      if (xml_is(&p, "t")) {
        in_t = 0;
      } else if (xml_is(&p, "rPh")) {
        if (skip) skip--;
      } else if (xml_is(&p, "si") && in_si) {
        in_si = 0;
        if (x->nsst >= max) {
          rc = jw_fail(x->b->err, JW_E_TOO_LARGE, "The workbook has more than %zu shared strings.", max);
          break;
        }
        if (x->nsst == x->sst_cap) {
          size_t cap = x->sst_cap;
          x->sst = jw_arena_grow(x->b->a, x->sst, x->nsst, &cap, sizeof *x->sst);
          x->sst_len = jw_arena_grow(x->b->a, x->sst_len, x->nsst, &x->sst_cap, sizeof *x->sst_len);
        }
        x->sst[x->nsst] = x->toolong ? NULL : jw_arena_strndup(x->b->a, x->text ? x->text : "", x->tlen);
        x->sst_len[x->nsst] = (uint32_t)x->tlen;
        x->nsst++;
      }
    }
  }
  if (rc == JW_OK && r < 0) rc = x->b->err->code;
  xml_close(&p);
  return rc;
}

/* ---- the front ---- */

static enum jw_code open_zip(struct xlsx *x, const char *data, size_t n) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    return jw_fail(x->b->err, JW_E_INTERNAL, "The zip reader could not start.");
  }
  x->z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  zip_error_fini(&ze);
  if (!x->z) {
    zip_source_free(src);
    return jw_fail(x->b->err, JW_E_VALIDATION,
                   "The .xlsx file is damaged or incomplete; open it in Excel, save it again and upload it.");
  }
  return JW_OK;
}

enum jw_code sheets_read_xlsx(const char *data, size_t n, struct sheet_builder *b) {
  struct xlsx x = {0};
  x.b = b;
  x.budget = b->lim->max_unzipped;
  struct jw_arena *a = b->a;
  enum jw_code rc = open_zip(&x, data, n);
  if (rc != JW_OK) return rc;

  struct rels_want root = {0};
  rc = read_rels(&x, "_rels/.rels", "", &root);
  const char *workbook = root.office ? root.office : "xl/workbook.xml";
  char *rid = NULL;
  if (rc == JW_OK) rc = read_workbook(&x, workbook, &rid);
  struct rels_want wb = {rid, NULL, NULL, NULL, NULL};
  const char *dir = dir_of(a, workbook);
  if (rc == JW_OK) rc = read_rels(&x, rels_of(a, workbook), dir, &wb);
  if (rc == JW_OK && !wb.by_id)
    rc = jw_fail(b->err, JW_E_VALIDATION, "The workbook has no sheet, or its first sheet cannot be found.");
  if (rc == JW_OK) rc = xlsx_read_styles(&x, wb.styles ? wb.styles : jw_arena_printf(a, "%sstyles.xml", dir));
  if (rc == JW_OK) rc = xlsx_read_sst(&x, wb.sst ? wb.sst : jw_arena_printf(a, "%ssharedStrings.xml", dir));
  if (rc == JW_OK) rc = xlsx_read_sheet(&x, wb.by_id);
  free(x.text);
  zip_discard(x.z);
  return rc;
}
