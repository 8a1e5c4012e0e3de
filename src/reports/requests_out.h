/*
 * requests_out.h — Open311 service requests written straight from the
 * report structs into text, JSON or XML (no JSON tree per request): the
 * list is the hot path, up to 1,000 requests an answer. Api-private.
 */
#ifndef JW_REPORTS_REQUESTS_OUT_H
#define JW_REPORTS_REQUESTS_OUT_H

#include <stddef.h>

#include "http/http.h"
#include "reports/reports.h"

/* The n reports as the specification's service requests: a JSON array, or
 * (xml) <service_requests><request>… written with xmlTextWriter. The public
 * fields only, never the reporter's. Arena-owned text, NULL when libxml2
 * fails. */
char *jw_o311_requests_text(struct jw_req *r, const struct jw_report *rows, size_t n, int xml);

#endif
