/* identity.c — role names, the data-scope test, secret comparison. */
#include "core/identity.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

const char *const jw_role_names[JW_ROLE__MAX + 1] = {"citizen",    "auxiliary",        "officer",  "station_chief",
                                                     "unit_admin", "sysadmin",         "secadmin", "auditor",
                                                     "cashier",    "finance_approver", NULL};

int jw_role_parse(const char *s) {
  if (!s) return -1;
  for (int i = 0; i < JW_ROLE__MAX; i++)
    if (strcmp(s, jw_role_names[i]) == 0) return i;
  return -1;
}

const char *jw_role_name(enum jw_role r) {
  assert(r >= 0 && r < JW_ROLE__MAX);
  return jw_role_names[r];
}

int jw_scope_contains(const struct jw_user *u, const char *unit_path) {
  if (!u || u->role == JW_ROLE_CITIZEN) return 0;
  if (u->whole_bureau) return 1;
  if (!u->unit_path || !unit_path) return 0;
  return strncmp(unit_path, u->unit_path, strlen(u->unit_path)) == 0;
}

int jw_secret_equal(const char *sent, const char *expected) {
  size_t n = strlen(expected);
  if (strlen(sent) != n || n == 0) return 0;
  return sodium_memcmp(sent, expected, n) == 0;
}
