/*
 * internal.h — helpers shared by the files of src/auth/ (private to the folder).
 */
#ifndef JW_AUTH_INTERNAL_H
#define JW_AUTH_INTERNAL_H

#include <stdint.h>

#include "auth/auth.h"

/*
 * jw_audit_write() for actor (NULL: actor 0, login "") from ip, on c (call
 * it inside the change's jw_tx): object_id 0 is written as "", detail is
 * printf-formatted (cut like jw_audit_write cuts it). The same row as
 * jw_audit() in audit/api.h writes for a request. Returns JW_OK or the
 * database error's code with err set.
 */
enum jw_code jw_auth_audit(struct jw_conn *c, const struct jw_user *actor, const char *ip, const char *action,
                           const char *object_type, int64_t object_id, struct jw_error *err, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

#endif
