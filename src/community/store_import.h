/* store_import.h — the SQL of the spreadsheet import and export (see
 * import.h). Private to src/community/. */
#ifndef JW_COMMUNITY_STORE_IMPORT_H
#define JW_COMMUNITY_STORE_IMPORT_H

#include "community/community.h"

/* A stored import as its confirm needs it. */
struct jw_comm_import {
  int64_t id, user_id;
  const char *status, *sha256;
  int64_t expires_at;
  const void *rows_enc; /* NULL once done, cancelled or purged */
  size_t rows_enc_len;
};

/* Inserts a pending import; *id receives its id. */
enum jw_code jw_comm_store_import_insert(struct jw_conn *c, int64_t user_id, const char *format, const char *encoding,
                                         const char *sha256, int64_t total, int64_t valid, int64_t errors,
                                         const void *rows_enc, size_t rows_enc_len, int64_t now, int64_t expires_at,
                                         int64_t *id, struct jw_error *err);
/* Erases the rows of pending imports that expired before now. */
enum jw_code jw_comm_store_import_purge(struct jw_conn *c, int64_t now, struct jw_error *err);
/* Import id (arena); JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_import(struct jw_conn *c, struct jw_arena *a, int64_t id, struct jw_comm_import *out,
                                  struct jw_error *err);
/* Pending import id becomes status (done / cancelled) with the counts, its rows
 * erased; *changed 1, or 0 when it was no longer pending. */
enum jw_code jw_comm_store_import_finish(struct jw_conn *c, int64_t id, const char *status, int64_t inserted,
                                         int64_t updated, int64_t now, int *changed, struct jw_error *err);
/* Resident id's encrypted ID number (arena); JW_E_NOT_FOUND when there is none. */
enum jw_code jw_comm_store_resident_enc(struct jw_conn *c, struct jw_arena *a, int64_t id, const void **enc, size_t *n,
                                        struct jw_error *err);

#endif
