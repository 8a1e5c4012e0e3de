/*
 * identity.h — who is asking, as plain values: the roles, the signed-in
 * user and the data-scope test. Every layer may use it (the HTTP layer puts
 * a user on each request, domains decide with it, the command line and the
 * tick build one when they act for the system); it includes nothing above
 * core.
 */
#ifndef JW_IDENTITY_H
#define JW_IDENTITY_H

#include <stdint.h>

/* The cookie that carries a session token. */
#define JW_SESSION_COOKIE "jw_session"

/* Roles, in one bit each so a route can name a set of them. */
enum jw_role {
  JW_ROLE_CITIZEN,
  JW_ROLE_AUXILIARY,
  JW_ROLE_OFFICER,
  JW_ROLE_STATION_CHIEF,
  JW_ROLE_UNIT_ADMIN,
  JW_ROLE_SYSADMIN,
  JW_ROLE_SECADMIN,
  JW_ROLE_AUDITOR,
  JW_ROLE_CASHIER,          /* 收费员: sees the payments, requests refunds */
  JW_ROLE_FINANCE_APPROVER, /* 财务审核: approves or rejects refunds (never their requester) */
  JW_ROLE__MAX
};
#define JW_BIT(role) (1u << (role))
#define JW_STAFF                                                                                                      \
  (JW_BIT(JW_ROLE_AUXILIARY) | JW_BIT(JW_ROLE_OFFICER) | JW_BIT(JW_ROLE_STATION_CHIEF) | JW_BIT(JW_ROLE_UNIT_ADMIN) | \
   JW_BIT(JW_ROLE_SYSADMIN) | JW_BIT(JW_ROLE_SECADMIN) | JW_BIT(JW_ROLE_AUDITOR) | JW_BIT(JW_ROLE_CASHIER) |          \
   JW_BIT(JW_ROLE_FINANCE_APPROVER))

/* Role names as the API spells them; NULL-terminated, indexed by enum jw_role. */
extern const char *const jw_role_names[JW_ROLE__MAX + 1];

/* The role named s, or -1 (also for NULL). */
int jw_role_parse(const char *s);

/* The name of role r ("officer"); r must be a valid role (asserted). Static. */
const char *jw_role_name(enum jw_role r);

/* The signed-in user of a request. Strings are owned by whoever made the
 * value (the request arena for a request's user). */
struct jw_user {
  int64_t id;
  enum jw_role role;
  const char *login;
  const char *name;
  int64_t unit_id;       /* 0 for citizens */
  const char *unit_path; /* "/1/4/17/" for staff: the data scope; NULL for citizens */
  int whole_bureau;      /* sysadmin, secadmin, auditor: scope is everything */
  const char *csrf_token;
  const unsigned char *session_hash; /* 32 bytes */
  /* Set by the session look-up (auth) when this session may not make this
   * request (temporary credentials): the reason, answered as 403. */
  const char *refused;
};

/* 1 when a unit with path unit_path ("/1/4/17/") lies in u's data scope:
 * never for citizens or NULL, always for whole-bureau roles, else when
 * unit_path starts with u's own unit path. */
int jw_scope_contains(const struct jw_user *u, const char *unit_path);

/* Constant-time comparison of two NUL-terminated secrets (tokens): 1 when
 * equal and non-empty. The time depends only on the lengths. */
int jw_secret_equal(const char *sent, const char *expected);

#endif
