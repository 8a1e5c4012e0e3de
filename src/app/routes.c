/* routes.c — the one static route table: method, path pattern, handler,
 * who may call it. It is the one place that names every domain's handlers;
 * the HTTP layer gets it through struct jw_app (app.c). The router alone answers 404 and 405. Routes that hash a
 * password are flagged .offload (run on the HTTP layer's offload pool);
 * /metrics is .local_only (--metrics-allow). */
#include "audit/api.h"
#include "auth/api.h"
#include "applications/api.h"
#include "calendar/api.h"
#include "community/api.h"
#include "community/import_api.h"
#include "community/import.h"
#include "directory/api.h"
#include "hotspots/api.h"
#include "payments/api.h"
#include "payments/reconcile.h"
#include "payments/receipt_api.h"
#include "reports/api.h"
#include "app/app.h"
#include "inspection/api.h"
#include "notify/api.h"
#include "services/api.h"
#include "stats/api.h"
#include "uploads/api.h"
#include "traffic/api.h"
#include "vehicles/api.h"
#include "worklogs/api.h"
#include "seizures/api.h"
#include "prevention/api.h"
#include "news/api.h"
#include "news/news.h"
#include "appointments/api.h"
#include "events/api.h"
#include "consult/api.h"
#include "search/api.h"

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
/* Community police (社区警务): the whole-bureau and finance roles are not community police. The
 * officers, chiefs and unit administrators do the work; auxiliaries work their grids, keep work logs and
 * read the hotspots. The handlers narrow further (own grids, the author, the unit's scope). */
#define COMMUNITY_WORKERS (R(OFFICER) | R(STATION_CHIEF) | R(UNIT_ADMIN))
#define COMMUNITY_STAFF   (R(AUXILIARY) | COMMUNITY_WORKERS)

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
    /* 按地址查找: a street or community → its station and community officer (phone13 #3). */
    {JW_GET, "/api/v1/directory/locate", jw_directory_api_locate, JW_PUBLIC, 0},

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
    {JW_GET, "/api/v1/services/{id}/accepting-units", jw_apps_api_accepting_units, JW_PUBLIC, 0},

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
     .offload = 1, .max_body = JW_RECON_MAX_BYTES}, /* a big statement takes a second: off the HTTP threads */
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

    /* ---- hotspots (治安乱点) and their rectification: officers of the responsible unit register and report;
     * the handlers narrow listing and acceptance to a chief or unit admin at the listed level (hotspots.h) ---- */
    {JW_GET, "/api/v1/hotspots", jw_hot_api_public_list, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/hotspots/registry", jw_hot_api_search, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/hotspots", jw_hot_api_create, COMMUNITY_WORKERS, 0},
    {JW_GET, "/api/v1/hotspots/{id}", jw_hot_api_public_get, JW_PUBLIC, 0},
    {JW_PUT, "/api/v1/hotspots/{id}", jw_hot_api_update, COMMUNITY_WORKERS, 0},
    {JW_GET, "/api/v1/hotspots/{id}/record", jw_hot_api_get, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/hotspots/{id}/transitions", jw_hot_api_transition, COMMUNITY_WORKERS, 0},
    {JW_POST, "/api/v1/hotspots/{id}/reports", jw_hot_api_report, COMMUNITY_WORKERS, 0},

    /* ---- community policing: grids, residents, rental houses, groups (社区警务) ---- */
    {JW_GET, "/api/v1/residents", jw_community_api_residents, JW_COMMUNITY_ROLES, 0},
    {JW_POST, "/api/v1/residents", jw_community_api_resident_create, JW_COMMUNITY_ROLES, 0},
    /* the spreadsheet import and export (before /residents/{id}); hostile files cost CPU: offloaded */
    {JW_GET, "/api/v1/residents/export.xlsx", jw_community_api_export, JW_COMMUNITY_ROLES, 0, .offload = 1},
    {JW_POST, "/api/v1/residents/imports", jw_community_api_import, JW_COMMUNITY_ROLES, 0, 1, .offload = 1,
     .max_body = JW_IMPORT_MAX_BYTES},
    {JW_POST, "/api/v1/residents/imports/{id}/confirm", jw_community_api_import_confirm, JW_COMMUNITY_ROLES, 0,
     .offload = 1},
    {JW_DELETE, "/api/v1/residents/imports/{id}", jw_community_api_import_cancel, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/residents/{id}", jw_community_api_resident, JW_COMMUNITY_ROLES, 0},
    {JW_PUT, "/api/v1/residents/{id}", jw_community_api_resident_update, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/grids", jw_community_api_grids, JW_COMMUNITY_ROLES, 0},
    {JW_POST, "/api/v1/grids", jw_community_api_grid_create, R(STATION_CHIEF) | R(UNIT_ADMIN), 0},
    {JW_GET, "/api/v1/grids/{id}", jw_community_api_grid, JW_COMMUNITY_ROLES, 0},
    {JW_PUT, "/api/v1/grids/{id}", jw_community_api_grid_update, R(STATION_CHIEF) | R(UNIT_ADMIN), 0},
    {JW_GET, "/api/v1/grids/{id}/stats", jw_community_api_grid_stats, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/community/stats", jw_community_api_station_stats, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/rental-houses", jw_community_api_houses, JW_COMMUNITY_ROLES, 0},
    {JW_POST, "/api/v1/rental-houses", jw_community_api_house_create, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/rental-houses/{id}", jw_community_api_house, JW_COMMUNITY_ROLES, 0},
    {JW_PUT, "/api/v1/rental-houses/{id}", jw_community_api_house_update, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/resident-groups", jw_community_api_groups, JW_COMMUNITY_ROLES, 0},
    {JW_POST, "/api/v1/resident-groups", jw_community_api_group_create, JW_COMMUNITY_ROLES, 0},
    {JW_GET, "/api/v1/resident-groups/{id}", jw_community_api_group, JW_COMMUNITY_ROLES, 0},
    {JW_PUT, "/api/v1/resident-groups/{id}", jw_community_api_group_update, JW_COMMUNITY_ROLES, 0},

    /* Stolen vehicles and seizures (涉赃车辆): community police; the transition table narrows who fires what. */
    {JW_GET, "/api/v1/stolen-vehicles", jw_seiz_api_list, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/stolen-vehicles", jw_seiz_api_report, COMMUNITY_WORKERS, 0},
    {JW_GET, "/api/v1/stolen-vehicles/check", jw_seiz_api_check, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/stolen-vehicles/{id}", jw_seiz_api_get, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/stolen-vehicles/{id}/seize", jw_seiz_api_seize, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/stolen-vehicles/{id}/return", jw_seiz_api_return, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/stolen-vehicles/{id}/cancel", jw_seiz_api_cancel, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/seizures/public", jw_seiz_api_public, JW_PUBLIC, 0},

    /* The crime-prevention bus (防范宣传车): a public calendar and request form, the staff's queue and events. */
    {JW_GET, "/api/v1/prevention/calendar", jw_prev_api_calendar, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/prevention/totals", jw_prev_api_totals, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/prevention/requests", jw_prev_api_request, JW_PUBLIC, 0, .max_body = 8192},
    {JW_GET, "/api/v1/prevention/requests", jw_prev_api_requests, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/prevention/requests/{id}", jw_prev_api_request_get, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/prevention/requests/{id}/approve", jw_prev_api_approve, COMMUNITY_WORKERS, 0},
    {JW_POST, "/api/v1/prevention/requests/{id}/decline", jw_prev_api_decline, COMMUNITY_WORKERS, 0},
    {JW_GET, "/api/v1/prevention/events", jw_prev_api_events, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/prevention/events", jw_prev_api_event_create, COMMUNITY_WORKERS, 0},
    {JW_GET, "/api/v1/prevention/events/{id}", jw_prev_api_event_get, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/prevention/events/{id}/held", jw_prev_api_held, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/prevention/events/{id}/cancel", jw_prev_api_event_cancel, COMMUNITY_WORKERS, 0},

    /* Police news (走进警营): public list, article, feed and images; writers and reviewers in the console (the
     * transition table in news/news.c narrows who fires what; four eyes). */
    {JW_GET, "/api/v1/news", jw_news_api_list, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/news/feed.atom", jw_news_api_feed, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/news/images/{id}", jw_news_api_image, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/news/preview", jw_news_api_preview, JW_NEWS_WRITERS, 0, .max_body = 262144},
    {JW_GET, "/api/v1/news/articles", jw_news_api_console, JW_NEWS_WRITERS, 0},
    {JW_POST, "/api/v1/news/articles", jw_news_api_create, JW_NEWS_WRITERS, 0, .max_body = 262144},
    {JW_GET, "/api/v1/news/articles/{id}", jw_news_api_article, JW_NEWS_WRITERS, 0},
    {JW_PUT, "/api/v1/news/articles/{id}", jw_news_api_update, JW_NEWS_WRITERS, 0, .max_body = 262144},
    {JW_POST, "/api/v1/news/articles/{id}/actions", jw_news_api_action, JW_NEWS_WRITERS, 0},
    {JW_POST, "/api/v1/news/articles/{id}/pin", jw_news_api_pin, JW_NEWS_REVIEWERS, 0},
    {JW_GET, "/api/v1/news/{key}", jw_news_api_get, JW_PUBLIC, 0},

    {JW_GET, "/api/v1/stats/public", jw_stats_api_public, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/stats/page-view", jw_stats_api_page_view, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/config", jw_stats_api_config, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/stats/overview", jw_stats_api_overview, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/stats/units/{id}", jw_stats_api_unit, JW_STAFF, 0},
    /* The site search (one box: services, news, officers, public Q&A) and the quiet session probe
     * (signed out is 200 {"user": null}, not a 401 the browser logs as an error). */
    {JW_GET, "/api/v1/search", jw_search_api, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/session", jw_auth_api_session, JW_PUBLIC, 0},

    {JW_POST, "/api/v1/worklogs", jw_worklogs_api_create, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/worklogs", jw_worklogs_api_list, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/worklogs/month", jw_worklogs_api_month, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/worklogs/workload", jw_worklogs_api_workload, R(STATION_CHIEF) | R(UNIT_ADMIN), 0},
    {JW_GET, "/api/v1/worklogs/{id}", jw_worklogs_api_get, COMMUNITY_STAFF, 0},
    {JW_PUT, "/api/v1/worklogs/{id}", jw_worklogs_api_update, COMMUNITY_STAFF, 0},
    {JW_DELETE, "/api/v1/worklogs/{id}", jw_worklogs_api_delete, COMMUNITY_STAFF, 0},

    /* ---- citizen reports: Open311 GeoReport v2 and the portal/console (群众举报) ---- */
    /* The Open311 POST is anonymous (a session cookie is ignored, so a cross-site form can do no more than any
     * client with an api_key): no CSRF token; its body is form-encoded (raw_body). */
    {JW_GET, "/open311/v2/services.json", jw_o311_api_services, JW_PUBLIC, 0},
    {JW_GET, "/open311/v2/services.xml", jw_o311_api_services, JW_PUBLIC, 0},
    {JW_GET, "/open311/v2/services/{code}", jw_o311_api_service, JW_PUBLIC, 0},
    {JW_GET, "/open311/v2/requests.json", jw_o311_api_requests, JW_PUBLIC, 0},
    {JW_GET, "/open311/v2/requests.xml", jw_o311_api_requests, JW_PUBLIC, 0},
    {JW_POST, "/open311/v2/requests.json", jw_o311_api_create, JW_PUBLIC, 1, 1, .max_body = JW_O311_MAX_BODY},
    {JW_POST, "/open311/v2/requests.xml", jw_o311_api_create, JW_PUBLIC, 1, 1, .max_body = JW_O311_MAX_BODY},
    {JW_GET, "/open311/v2/requests/{id}", jw_o311_api_request, JW_PUBLIC, 0},
    {JW_GET, "/open311/v2/tokens/{token}", jw_o311_api_token, JW_PUBLIC, 0},
    {JW_POST, "/api/v1/reports", jw_reports_api_create, R(CITIZEN), 0},
    {JW_GET, "/api/v1/reports", jw_reports_api_queue, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/reports/api-keys", jw_reports_api_key, R(SYSADMIN), 0},
    {JW_GET, "/api/v1/reports/{id}", jw_reports_api_get, JW_SIGNED_IN, 0},
    {JW_GET, "/api/v1/reports/{id}/photo", jw_reports_api_photo, JW_SIGNED_IN, 0},
    {JW_POST, "/api/v1/reports/{id}/actions", jw_reports_api_act, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/me/reports", jw_reports_api_mine, R(CITIZEN), 0},

    /* ---- appointments with an officer (预约民警) ---- */
    {JW_GET, "/api/v1/officers/{id}/appointment-slots", jw_appt_api_slots, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/officers/{id}/office-hours", jw_appt_api_hours, JW_PUBLIC, 0},
    {JW_PUT, "/api/v1/officers/{id}/office-hours", jw_appt_api_hours_put, COMMUNITY_STAFF, 0},
    {JW_PUT, "/api/v1/officers/{id}/office-hours/exceptions/{day}", jw_appt_api_exception, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/officers/{id}/appointments", jw_appt_api_desk, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/me/officer-desk", jw_appt_api_my_desk, COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/me/grid-officer", jw_appt_api_grid_officer, R(CITIZEN), 0},
    {JW_GET, "/api/v1/me/officer-appointments", jw_appt_api_mine, R(CITIZEN), 0},
    {JW_POST, "/api/v1/officer-appointments", jw_appt_api_book, R(CITIZEN), 0},
    {JW_GET, "/api/v1/officer-appointments/{id}", jw_appt_api_get, R(CITIZEN) | COMMUNITY_STAFF, 0},
    {JW_GET, "/api/v1/officer-appointments/{id}/ics", jw_appt_api_ics, R(CITIZEN) | COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/cancel", jw_appt_api_cancel, R(CITIZEN) | COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/accept", jw_appt_api_accept, R(CITIZEN), 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/refuse", jw_appt_api_refuse, R(CITIZEN), 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/confirm", jw_appt_api_confirm, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/decline", jw_appt_api_decline, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/propose", jw_appt_api_propose, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/no-show", jw_appt_api_no_show, COMMUNITY_STAFF, 0},
    {JW_POST, "/api/v1/officer-appointments/{id}/attend", jw_appt_api_attend, COMMUNITY_STAFF, 0},

    {JW_GET, "/api/v1/events", jw_events_api_stream, JW_SIGNED_IN, 0},
    {JW_GET, "/api/v1/consultations", jw_consult_api_mine, R(CITIZEN), 0},
    {JW_POST, "/api/v1/consultations", jw_consult_api_create, R(CITIZEN), 0},
    {JW_GET, "/api/v1/consultations/inbox", jw_consult_api_inbox, CONSULT_STAFF, 0},
    {JW_GET, "/api/v1/consultations/qa", jw_consult_api_qa_list, CONSULT_STAFF, 0},
    {JW_GET, "/api/v1/consultations/{id}", jw_consult_api_get, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_GET, "/api/v1/consultations/{id}/images/{upload_id}", jw_consult_api_image, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/messages", jw_consult_api_message, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/read", jw_consult_api_read, R(CITIZEN) | CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/assign", jw_consult_api_assign, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/close", jw_consult_api_close, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/rating", jw_consult_api_rate, R(CITIZEN), 0},
    /* ---- the chief's mailbox (局长信箱) and the public Q&A ---- */
    {JW_GET, "/api/v1/mailboxes/chief", jw_consult_api_mailbox, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/qa", jw_consult_api_qa_search, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/qa/{id}", jw_consult_api_qa_get, JW_PUBLIC, 0},
    {JW_GET, "/api/v1/consultations/{id}/qa", jw_consult_api_qa_of, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/qa", jw_consult_api_qa_draft, CONSULT_STAFF, 0},
    {JW_PUT, "/api/v1/consultations/{id}/qa", jw_consult_api_qa_edit, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/qa/publish", jw_consult_api_qa_publish, CONSULT_STAFF, 0},
    {JW_POST, "/api/v1/consultations/{id}/qa/withdraw", jw_consult_api_qa_withdraw, CONSULT_STAFF, 0},
};

const int jw_app_routes_count = sizeof jw_app_routes / sizeof jw_app_routes[0];
