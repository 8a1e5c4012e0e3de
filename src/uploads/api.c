/* api.c — the upload handler: multipart body → the part "file" → jw_upload_add → JSON. */
#include "uploads/api.h"

#include <jansson.h>

#include "uploads/multipart.h"
#include "uploads/uploads.h"

enum jw_code jw_uploads_api_create(struct jw_req *r, struct jw_error *err) {
  char boundary[JW_MULTIPART_BOUNDARY_MAX + 1];
  if (jw_multipart_boundary(r->raw_type, boundary) != 0)
    return jw_fail(err, JW_E_MEDIA_TYPE, "Send the file as multipart/form-data in the field \"file\".");
  struct jw_part p;
  int found = r->raw_body ? jw_multipart_find(r->raw_body, r->raw_len, boundary, "file", &p) : 0;
  if (found < 0) return jw_fail(err, JW_E_BAD_REQUEST, "The multipart body is malformed.");
  if (found == 0 || !p.filename) {
    jw_field_fail(err, "file", "send one file in the field \"file\"");
    return err->code;
  }
  struct jw_upload up;
  if (jw_upload_add(r->db, &r->app->cfg, r->user->id, p.filename, p.filename_len, p.data, p.len, r->arena, &up, err) !=
      JW_OK)
    return err->code;
  jw_reply_json(r, 201,
                json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)up.id, "sha256", up.sha256, "content_type",
                          up.type, "size", (json_int_t)up.size, "name", up.name));
  return JW_OK;
}
