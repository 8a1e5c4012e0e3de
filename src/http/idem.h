/*
 * idem.h — the Idempotency-Key of a POST that creates something (payments,
 * bookings, applications): the key as sent and a hash of the JSON body, so
 * that a repeat with the same key and body returns the first result and one
 * with another body is refused.
 */
#ifndef JW_HTTP_IDEM_H
#define JW_HTTP_IDEM_H

#include "http/http.h"

/* The longest key accepted. */
#define JW_IDEM_KEY_MAX 64

/*
 * Reads r's Idempotency-Key header. None: JW_OK with *key and *hash NULL.
 * A key of 1..JW_IDEM_KEY_MAX letters, digits or -_.: : JW_OK with *key
 * (arena copy) and *hash (hex BLAKE2b of the body serialised with sorted
 * keys, arena-owned). Anything else: JW_E_BAD_REQUEST with err set.
 */
enum jw_code jw_idempotency(struct jw_req *r, const char **key, const char **hash, struct jw_error *err);

#endif
