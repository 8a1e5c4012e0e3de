/* routes.c — the one static route table: method, path pattern, handler,
 * who may call it. It is the one place that names every domain's handlers;
 * the HTTP layer gets it through struct jw_app (app.c). The router alone answers 404 and 405. Routes that hash a
 * password are flagged .offload (run on the HTTP layer's offload pool);
 * /metrics is .local_only (--metrics-allow). */
#include "audit/api.h"
#include "auth/api.h"
#include "applications/api.h"
#include "calendar/api.h"
#include "directory/api.h"
#include "payments/api.h"
#include "payments/reconcile.h"
#include "payments/receipt_api.h"
#include "app/app.h"
#include "inspection/api.h"
#include "notify/api.h"
#include "services/api.h"
#include "stats/api.h"
#include "uploads/api.h"
#include "traffic/api.h"
#include "vehicles/api.h"
#include "events/api.h"
#include "consult/api.h"

#define R(role)      JW_BIT(JW_ROLE_##role)
#define UNIT_EDITORS (R(SYSADMIN) | R(UNIT_ADMIN))
/* The finance office and the auditor read payments and refunds. */
#define FINANCE_READERS (R(CASHIER) | R(FINANCE_APPROVER) | R(AUDITOR))
#define CONSULT_STAFF   (R(AUXILIARY) | R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define OFFICER_EDITORS (R(SYSADMIN) | R(UNIT_ADMIN) | R(STATION_CHIEF))
#define STAFF_READERS   (R(SYSADMIN) | R(SECADMIN) | R(UNIT_ADMIN) | R(STATION_CHIEF))
#define STAFF_EDITORS   (R(SYSADMIN) | R(SECADMIN) | R(UNIT_ADMIN))
/* Traffic police and inspection-station staff: the handlers narrow it to
 * their units (data scope). */
#define TRAFFIC_STAFF (R(SYSADMIN) | R(UNIT_ADMIN) | R(STATION_CHIEF) | R(OFFICER) | R(AUXILIARY))
#define STATION_STAFF (R(SYSADMIN) | R(UNIT_ADMIN) | R(STATION_CHIEF) | R(OFFICER) | R(AUXILIARY))

const struct jw_route jw_app_routes[] = {
    {JW_GET, "/healthz", jw_health_api, JW_PUBLIC, 0},
    {JW_GET, "/metrics", jw_metrics_api, JW_PUBLIC, 0, .local_only = 1},

    {JW_POST, "/api/v1/auth/register", jw_auth_api_register, JW_PUBLIC, 0, .offload = 1},
    {JW_POST, "/api/v1/auth/login", jw_auth_api_login, JW_PUBLIC, 1, .offload = 1},
    {JW_POST, "/api/v1/auth/logout", jw_auth_api_logout, JW_SIGNED_IN, 0},
    {JW_GET, "/api/v1/me", jw_auth_api_me, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/me/password", jw_auth_api_password, JW_SIGNED_IN, 0, .offload = 1},

    {JW_GET, "/api/v1/units", jw_units_api_list, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/units", jw_units_api_create, UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/units/{id}", jw_units_api_get, JW_PUBLIC, 0},
    {JW_PUT, "/api/v1/units/{id}", jw_units_api_update, UNIT_EDITORS, 0},
    {JW_DELETE, "/api/v1/units/{id}", jw_units_api_delete, UNIT_EDITORS, 0},

    {JW_GET, "/api/v1/officers", jw_officers_api_list, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/officers", jw_officers_api_create, OFFICER_EDITORS, 0},
    {JW_GET, "/api/v1/officers/{id}", jw_officers_api_get, JW_PUBLIC, 0},
    {JW_PUT, "/api/v1/officers/{id}", jw_officers_api_update, OFFICER_EDITORS, 0},
    {JW_DELETE, "/api/v1/officers/{id}", jw_officers_api_delete, OFFICER_EDITORS, 0},

    /* ---- service hall and sunshine disclosure (办事大厅, 阳光执法) ---- */
    /* Catalogue editors (sysadmin, unit_admin) are narrowed to the city bureau in the handlers. */
    {JW_GET, "/api/v1/services", jw_services_api_list, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/services", jw_services_api_create, UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/services/categories", jw_services_api_categories, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/services/drafts", jw_services_api_drafts, UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/services/{id}", jw_services_api_get, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/services/{id}/versions", jw_services_api_versions, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/services/{id}/draft", jw_services_api_draft_get, UNIT_EDITORS, 0},
    {JW_PUT, "/api/v1/services/{id}/draft", jw_services_api_draft_put, UNIT_EDITORS, 0},
    {JW_POST, "/api/v1/services/{id}/publish", jw_services_api_publish, UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/services/{id}/disclosure", jw_disclosure_api_service, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/disclosure", jw_disclosure_api_overall, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/uploads", jw_uploads_api_create, JW_SIGNED_IN, 0, 1},
    {JW_POST, "/api/v1/applications", jw_apps_api_create, R(CITIZEN), 0},
    {JW_GET, "/api/v1/applications", jw_apps_api_queue, R(AUXILIARY) | R(OFFICER) | R(STATION_CHIEF) | UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/applications/overdue", jw_apps_api_overdue, R(STATION_CHIEF) | UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/applications/follow-ups", jw_apps_api_followups, R(STATION_CHIEF) | UNIT_EDITORS, 0},
    {JW_GET, "/api/v1/applications/{tracking_no}", jw_apps_api_get, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/applications/{tracking_no}/transitions", jw_apps_api_transition, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/applications/{tracking_no}/assign", jw_apps_api_assign, R(STATION_CHIEF) | UNIT_EDITORS, 0},
    {JW_POST, "/api/v1/applications/{tracking_no}/rating", jw_apps_api_rate, R(CITIZEN), 0},
    {JW_GET, "/api/v1/applications/{tracking_no}/attachments/{upload_id}", jw_apps_api_attachment, JW_SIGNED_IN, 0},
    {JW_GET, "/api/v1/me/applications", jw_apps_api_mine, R(CITIZEN), 0},

    /* ---- traffic online services (在线服务) ---- */
    {JW_GET, "/api/v1/plate-types", jw_vehicles_api_plate_types, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/violation-acts", jw_violations_api_acts, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/violations", jw_violations_api_query, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/me/vehicles", jw_vehicles_api_list, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/vehicles", jw_vehicles_api_bind, R(CITIZEN), 0},
    {JW_DELETE, "/api/v1/me/vehicles/{id}", jw_vehicles_api_unbind, R(CITIZEN), 0},
    {JW_GET, "/api/v1/me/vehicle-consents", jw_consents_api_list, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/vehicle-consents/{id}/approve", jw_consents_api_approve, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/vehicle-consents/{id}/decline", jw_consents_api_decline, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/vehicle-consents/{id}/revoke", jw_consents_api_revoke, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/vehicle-consents/{id}/withdraw", jw_consents_api_withdraw, R(CITIZEN), 0},
    {JW_GET, "/api/v1/me/violations", jw_violations_api_mine, R(CITIZEN), 0},
    {JW_POST, "/api/v1/me/violations/{id}/handle", jw_violations_api_handle, R(CITIZEN), 0},
    {JW_GET, "/api/v1/me/licence", jw_violations_api_licence, R(CITIZEN), 0},
    {JW_GET, "/api/v1/road-conditions", jw_road_api_board, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/road-conditions/segments", jw_road_api_segment_create, TRAFFIC_STAFF, 0},
    {JW_PUT, "/api/v1/road-conditions/segments/{id}", jw_road_api_segment_update, TRAFFIC_STAFF, 0},
    {JW_DELETE, "/api/v1/road-conditions/segments/{id}", jw_road_api_segment_delete, TRAFFIC_STAFF, 0},
    {JW_POST, "/api/v1/road-conditions/incidents", jw_road_api_incident_create, TRAFFIC_STAFF, 0},
    {JW_POST, "/api/v1/road-conditions/incidents/{id}/end", jw_road_api_incident_end, TRAFFIC_STAFF, 0},
    {JW_GET, "/api/v1/inspection/stations", jw_inspection_api_stations, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/inspection/slots", jw_inspection_api_slots, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/inspection/appointments", jw_inspection_api_book, R(CITIZEN), 0},
    {JW_GET, "/api/v1/inspection/appointments/{id}", jw_inspection_api_get, JW_SIGNED_IN, 0},
    {JW_PUT, "/api/v1/inspection/appointments/{id}", jw_inspection_api_move, R(CITIZEN), 0},
    {JW_DELETE, "/api/v1/inspection/appointments/{id}", jw_inspection_api_cancel, R(CITIZEN), 0},
    {JW_GET, "/api/v1/inspection/appointments/{id}/ics", jw_inspection_api_ics, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/inspection/appointments/{id}/check-in", jw_inspection_api_check_in, STATION_STAFF, 0},
    {JW_POST, "/api/v1/inspection/appointments/{id}/no-show", jw_inspection_api_no_show, STATION_STAFF, 0},
    {JW_GET, "/api/v1/me/appointments", jw_inspection_api_mine, R(CITIZEN), 0},
    {JW_GET, "/api/v1/inspection/stations/{id}/day", jw_inspection_api_day, STATION_STAFF, 0},
    {JW_PUT, "/api/v1/inspection/stations/{id}/exceptions/{day}", jw_inspection_api_exception, STATION_STAFF, 0},
    {JW_GET, "/api/v1/inspection/alerts", jw_inspection_api_alerts, STATION_STAFF, 0},

    {JW_GET, "/api/v1/staff", jw_staff_api_list, STAFF_READERS, 0},
    {JW_POST, "/api/v1/staff", jw_staff_api_create, R(SYSADMIN) | R(UNIT_ADMIN), 0, .offload = 1},
    {JW_PUT, "/api/v1/staff/{id}", jw_staff_api_update, STAFF_EDITORS, 0},
    {JW_PUT, "/api/v1/staff/{id}/role", jw_staff_api_role, R(SECADMIN), 0},
    {JW_POST, "/api/v1/staff/{id}/password", jw_staff_api_password, STAFF_EDITORS, 0, .offload = 1},

    {JW_GET, "/api/v1/audit", jw_audit_api_list, R(AUDITOR), 0},
    {JW_GET, "/api/v1/audit/verify", jw_audit_api_verify, R(AUDITOR), 0},

    {JW_GET, "/api/v1/me/notifications", jw_notify_api_list, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/me/notifications/{id}/read", jw_notify_api_read, JW_SIGNED_IN, 0},

    {JW_GET, "/api/v1/calendar", jw_calendar_api_list, JW_PUBLIC, 0},
    {JW_PUT, "/api/v1/calendar/{day}", jw_calendar_api_put, R(SYSADMIN), 0},
    {JW_DELETE, "/api/v1/calendar/{day}", jw_calendar_api_delete, R(SYSADMIN), 0},

    {JW_GET, "/api/v1/payments", jw_pay_api_search, FINANCE_READERS, 0},
    {JW_GET, "/api/v1/payments/refunds", jw_pay_api_refunds, FINANCE_READERS, 0},
    {JW_POST, "/api/v1/payments/refunds/{id}/approve", jw_pay_api_refund_approve, R(FINANCE_APPROVER), 0},
    {JW_POST, "/api/v1/payments/refunds/{id}/reject", jw_pay_api_refund_reject, R(FINANCE_APPROVER), 0},
    {JW_GET, "/api/v1/payments/daily", jw_pay_api_daily, FINANCE_READERS, 0},
    {JW_POST, "/api/v1/payments/reconciliations", jw_pay_api_reconcile, R(CASHIER) | R(FINANCE_APPROVER), 0, 1,
     .max_body = JW_RECON_MAX_BYTES},
    {JW_POST, "/api/v1/payments", jw_pay_api_create, R(CITIZEN), 0},
    {JW_GET, "/api/v1/payments/channels", jw_pay_api_channels, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/payments/notify/{channel}", jw_pay_api_notify, JW_PUBLIC, 1, 1,
     .max_body = JW_PAY_NOTIFY_MAX_BODY},
    {JW_GET, "/api/v1/payments/{id}", jw_pay_api_get, R(CITIZEN) | FINANCE_READERS, 0},
    {JW_POST, "/api/v1/payments/{id}/refunds", jw_pay_api_refund_create, R(CASHIER), 0},
    {JW_POST, "/api/v1/payments/{id}/sandbox", jw_pay_api_sandbox, R(CITIZEN), 0},
    {JW_GET, "/api/v1/payments/{id}/sandbox/notification", jw_pay_api_sandbox_notice, R(CITIZEN), 0},
    {JW_GET, "/api/v1/me/payments", jw_pay_api_mine, R(CITIZEN), 0},
    {JW_GET, "/api/v1/payments/{id}/receipt", jw_pay_api_receipt, R(CITIZEN), 0},
    {JW_GET, "/api/v1/payments/{id}/receipt.pdf", jw_pay_api_receipt_pdf, R(CITIZEN), 0, 0, 1}, /* ≈25 ms: offloaded */
    {JW_GET, "/api/v1/receipts/verify", jw_pay_api_receipt_verify, JW_PUBLIC, 0},

    {JW_GET, "/api/v1/stats/public", jw_stats_api_public, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/stats/page-view", jw_stats_api_page_view, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/config", jw_stats_api_config, JW_PUBLIC, 0},

    {JW_GET, "/api/v1/events", jw_events_api_stream, JW_SIGNED_IN, 0},
    {JW_GET, "/api/v1/consultations", jw_consult_api_mine, R(CITIZEN), 0},
    {JW_POST, "/api/v1/consultations", jw_consult_api_create, R(CITIZEN), 0},
    {JW_GET, "/api/v1/consultations/inbox", jw_consult_api_inbox, CONSULT_STAFF, 0},
    {JW_GET, "/api/v1/consultations/{id}", jw_consult_api_get, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_GET, "/api/v1/consultations/{id}/images/{upload_id}", jw_consult_api_image, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/messages", jw_consult_api_message, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/read", jw_consult_api_read, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/assign", jw_consult_api_assign, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/close", jw_consult_api_close, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/rating", jw_consult_api_rate, R(CITIZEN), 0},
};

const int jw_app_routes_count = sizeof jw_app_routes / sizeof jw_app_routes[0];
