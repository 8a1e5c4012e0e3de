/*
 * services.h — the service catalogue (政务服务事项): items with every element
 * the national platform lists, edited as drafts and published as versions,
 * found by Chinese substring search; and the sunshine disclosure (阳光执法)
 * of how the items' applications were handled.
 *
 * An item is a JSON document; service_versions keeps every published one,
 * so an application can name the version it was made under.
 */
#ifndef JW_SERVICES_H
#define JW_SERVICES_H

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

/* Form field types and the content types an attachment may have; NULL-terminated. */
extern const char *const jw_form_field_types[];
extern const char *const jw_upload_types[];
/* The limit key ("max_length", "min", "max") of a form field: its own
 * value, else its type's default (text 100, textarea 1000, address 200
 * characters; numbers ±1e9). *found is 0 (and 0 returned) when the type has
 * no such limit. */
int64_t jw_form_field_limit(json_t *field, const char *key, int *found);
/* Writes every field's default limits into a form definition ({"fields":
 * [...]}) where the field sets none, so a client reads them instead of
 * keeping copies. Changes form in place. */
void jw_form_limits_fill(json_t *form);
/* Category codes (household, residence, …); NULL-terminated. */
extern const char *const jw_service_categories[];
/* The Chinese name of a category code, "" when unknown. Static. */
const char *jw_service_category_name(const char *code);

/*
 * The published document of item id: version 0 means the current one.
 * *doc receives a new reference (caller decrefs), *version the version
 * number. JW_E_NOT_FOUND when the item or version does not exist or the
 * item was never published.
 */
enum jw_code jw_service_doc(struct jw_conn *c, int64_t id, int version, json_t **doc, int *out_version,
                            struct jw_error *err);

/*
 * Checks an item document. Every element is checked for its type; with
 * complete set, every element must also be present and non-empty (what
 * publication requires). Problems are added to err as field errors named
 * after the element ("materials[2].name"); returns JW_OK or JW_E_VALIDATION
 * (JW_E_BAD_JSON when doc is not an object).
 */
enum jw_code jw_service_check(json_t *doc, int complete, struct jw_error *err);

/* Routes: catalogue (public) and editing (sysadmin, unit_admin of the bureau). */
enum jw_code jw_services_api_list(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_categories(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_versions(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_draft_get(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_draft_put(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_publish(struct jw_req *r, struct jw_error *err);
enum jw_code jw_services_api_drafts(struct jw_req *r, struct jw_error *err);

/* Routes: disclosure, overall and per item (public, no applicant data). */
enum jw_code jw_disclosure_api_overall(struct jw_req *r, struct jw_error *err);
enum jw_code jw_disclosure_api_service(struct jw_req *r, struct jw_error *err);

#endif
