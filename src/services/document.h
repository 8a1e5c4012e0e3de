/*
 * document.h — the item document: an item of the catalogue is a JSON
 * document (elements, materials, steps, FAQ, the application form), and
 * these read and check it. For the catalogue's handlers, the applications
 * domain (which checks a citizen's form against the item's definition) and
 * tests. Everything else about the catalogue is in services.h, without JSON.
 */
#ifndef JW_SERVICES_DOCUMENT_H
#define JW_SERVICES_DOCUMENT_H

#include <jansson.h>
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"

struct jw_arena;

/* The limit key ("max_length", "min", "max") of a form field: its own
 * value, else its type's default (text 100, textarea 1000, address 200
 * characters; numbers ±1e9). *found is 0 (and 0 returned) when the type has
 * no such limit. field is borrowed. */
int64_t jw_form_field_limit(json_t *field, const char *key, int *found);

/* Writes every field's default limits into a form definition ({"fields":
 * [...]}) where the field sets none, so a client reads them instead of
 * keeping copies. Changes form in place; NULL or a non-form is a no-op. */
void jw_form_limits_fill(json_t *form);

/*
 * The published document of item id: version 0 means the current one.
 * *doc receives a new reference (caller decrefs), *out_version the version
 * number. JW_E_NOT_FOUND when the item or version does not exist or the
 * item was never published; JW_E_DB when the stored text is not JSON. err
 * is set and the outputs untouched on failure.
 */
enum jw_code jw_service_doc(struct jw_conn *c, int64_t id, int version, json_t **doc, int *out_version,
                            struct jw_error *err);

/*
 * Makes the upload step say what the guide says: each attachment of doc's
 * form that names a material ("material": the material's name) gets that
 * material's "required". jw_service_doc() and the guide both apply it, so
 * the guide's materials, the apply form and the server's check are one
 * definition. doc is borrowed and changed in place.
 */
void jw_service_resolve(json_t *doc);

/*
 * Checks an item document. Every element is checked for its type; with
 * complete set, every element must also be present and non-empty (what
 * publication requires). Problems are added to err as field errors named
 * after the element ("materials[2].name"); returns JW_OK or JW_E_VALIDATION
 * (JW_E_BAD_JSON when doc is not an object). doc is borrowed.
 */
enum jw_code jw_service_check(json_t *doc, int complete, struct jw_error *err);

/* The list entry of item id published as version from its complete
 * document d (the text GET /services serves for it). Arena-owned JSON
 * text; NULL when it cannot be written. */
char *jw_service_summary_text(struct jw_arena *a, json_t *d, int64_t id, int version);

#endif
