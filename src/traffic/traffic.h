/*
 * traffic.h — traffic violations (交通违法) and road conditions (交通路况).
 *
 * Violations belong to vehicles (vehicles.h); a citizen who has bound a
 * vehicle lists its violations and handles (处理) one online when the act
 * allows it and her licence stays under 12 points: a decision number is
 * issued once and the fine becomes payable ("to pay" until the payment
 * platform exists). Late fees are computed here, never stored.
 */
#ifndef JW_TRAFFIC_H
#define JW_TRAFFIC_H

#include <stdint.h>
#include <stdio.h>

#include "http/http.h"

/* The licence point limit of one cycle (记分周期). */
#define JW_POINTS_LIMIT 12

/*
 * The late fee (滞纳金) of a fine decided at handled_at, as of now: 3 % of
 * the fine for every day past the 15th, days being calendar days in the
 * bureau's zone (UTC + tz_offset_min), never more than the fine itself.
 * 0 before that, and 0 when handled_at is 0 (not decided).
 */
int64_t jw_late_fee_cents(int64_t fine_cents, int64_t handled_at, int64_t now, int tz_offset_min);

/*
 * Loads the demo traffic data inside the caller's transaction unless it is
 * there: the demo vehicles (浙J12345 bound to citizen_id, 浙JD12345 not
 * bound) with their violations, the citizen's licence, road segments and
 * incidents. unit_id is the discovering unit (the traffic detachment).
 * Returns JW_OK; *created is 1 when it loaded something.
 */
enum jw_code jw_traffic_seed_demo(struct jw_conn *c, int64_t citizen_id, int64_t unit_id, int tz_offset_min,
                                  int *created, struct jw_error *err);

/*
 * Makes sure there are n generated violations over generated vehicles (one
 * vehicle per ten violations, plates 浙A00000 … as in bench/traffic.lua):
 * tops up to n, so running it twice changes nothing. One transaction, one
 * prepared multi-row INSERT. Progress goes to out.
 */
enum jw_code jw_traffic_seed_violations(struct jw_db *db, int64_t n, FILE *out, struct jw_error *err);

/* The k-th generated vehicle's plate (arena-free: into out) and engine six. */
void jw_traffic_bulk_plate(int64_t k, char out[24]);
void jw_traffic_bulk_engine6(int64_t k, char out[7]);

/* Routes. */
enum jw_code jw_violations_api_query(struct jw_req *r, struct jw_error *err);
enum jw_code jw_violations_api_acts(struct jw_req *r, struct jw_error *err);
enum jw_code jw_violations_api_mine(struct jw_req *r, struct jw_error *err);
enum jw_code jw_violations_api_handle(struct jw_req *r, struct jw_error *err);
enum jw_code jw_violations_api_licence(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_board(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_segment_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_segment_update(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_segment_delete(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_incident_create(struct jw_req *r, struct jw_error *err);
enum jw_code jw_road_api_incident_end(struct jw_req *r, struct jw_error *err);

#endif
