/* jtext.h — JSON text written straight into the request arena, for the
 * public violation query: the hottest path of the traffic services, where
 * building a jansson tree of a page of violations cost more than the
 * database work (malloc per key and value, then a dump). The api side's:
 * only violations_api.c uses it, and neither traffic.h nor the domain's
 * logic includes it. */
#ifndef JW_TRAFFIC_JTEXT_H
#define JW_TRAFFIC_JTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

/* The text goes into a struct jw_buf (core/mem.h): raw text with
 * jw_buf_put()/jw_buf_puts(), JSON values with the functions below. */
/* Appends s as a JSON string (quoted, escaped; s is valid UTF-8 from the database). */
void jw_jt_str(struct jw_buf *b, const char *s);
/* Appends v in decimal (INT64_MIN included). */
void jw_jt_int(struct jw_buf *b, int64_t v);
/* t as a quoted RFC 3339 string at the offset ("2026-11-29T10:00:00+08:00"),
 * the same text as jw_time_str(). */
void jw_jt_time(struct jw_buf *b, int64_t t, int tz_offset_min);
/* Appends ,"key": (the comma unless first); key is written as it is, so it
 * must need no escaping (the serialiser's own member names). */
void jw_jt_key(struct jw_buf *b, const char *key, int first);

#endif
