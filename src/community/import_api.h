/* import_api.h — the handlers of the residents' spreadsheet import and
 * export (routes in app/routes.c). */
#ifndef JW_COMMUNITY_IMPORT_API_H
#define JW_COMMUNITY_IMPORT_API_H

#include "http/http.h"

/* POST /api/v1/residents/imports: the file's bytes → 201 preview. */
enum jw_code jw_community_api_import(struct jw_req *r, struct jw_error *err);
/* POST /api/v1/residents/imports/{id}/confirm → 200 {inserted, updated}. */
enum jw_code jw_community_api_import_confirm(struct jw_req *r, struct jw_error *err);
/* DELETE /api/v1/residents/imports/{id} → 204. */
enum jw_code jw_community_api_import_cancel(struct jw_req *r, struct jw_error *err);
/* GET /api/v1/residents/export.xlsx?<the list's filters>&full=1 → the workbook. */
enum jw_code jw_community_api_export(struct jw_req *r, struct jw_error *err);

#endif
