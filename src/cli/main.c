/*
 * main.c — the jingwu command line: serve, migrate, seed, user add,
 * audit verify, routes. Settings come from flags, then JINGWU_*
 * environment, then defaults (core/config.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "audit/audit.h"
#include "payments/payments.h"
#include "payments/reconcile.h"
#include "auth/auth.h"
#include "cli/seed.h"
#include "reports/reports.h"
#include "cli/store.h"
#include "community/community.h"
#include "core/config.h"
#include "core/log.h"
#include "directory/directory.h"
#include "http/router.h"
#include "http/server.h"
#include "traffic/traffic.h"

static void usage(FILE *out) {
  fprintf(out,
          "jingwu — the online police bureau and community-policing platform\n\n"
          "Usage:\n"
          "  jingwu serve [--listen HOST:PORT] [--db URL] [--web DIR] [--threads N]\n"
          "  jingwu migrate [--db URL]\n"
          "  jingwu seed --demo [--violations N] [--reports N] [--db URL]\n"
          "                  (--violations: N generated traffic violations, default 10000)\n"
          "  jingwu seed --residents N [--db URL]\n"
          "                  (N more generated residents over the demo grids; loads the demo first)\n"
          "  jingwu user add --role ROLE --login NAME [--unit ID] [--name NAME] [--db URL]\n"
          "                  (the password is read from standard input)\n"
          "  jingwu user disable|enable LOGIN [--db URL]\n"
          "  jingwu audit verify [--db URL]\n"
          "  jingwu payments check [--db URL]\n"
          "  jingwu payments channel NAME on|off [--db URL]\n"
          "  jingwu payments reconcile --channel C --date YYYY-MM-DD --file statement.csv [--db URL]\n"
          "  jingwu payments statement --channel sandbox --date YYYY-MM-DD [--db URL]\n"
          "  jingwu routes\n\n"
          "URL: sqlite:PATH (default sqlite:./data/jingwu.db), postgres://… or a libpq keyword string.\n\n");
  jw_config_help(out);
}

/* Opens and migrates the database; crypto first (the seed encrypts). */
static int open_db(struct jw_app *app) {
  struct jw_error err = {0};
  jw_log_set_level((enum jw_log_level)app->cfg.log_level);
  if (jw_crypto_init(app->cfg.secret_file, app->cfg.pwhash, &err) != JW_OK) {
    fprintf(stderr, "jingwu: %s\n", err.detail);
    return -1;
  }
  if (jw_db_open(app->cfg.db_url, &app->db, &err) != JW_OK) {
    fprintf(stderr, "jingwu: %s\n", err.detail);
    return -1;
  }
  int applied = 0;
  if (jw_db_migrate(app->db, &applied, &err) != JW_OK) {
    fprintf(stderr, "jingwu: migration failed: %s\n", err.detail);
    jw_db_close(app->db);
    app->db = NULL;
    return -1;
  }
  return applied;
}

static int cmd_serve(struct jw_app *app, int argc, char **argv) {
  if (argc > 0) {
    fprintf(stderr, "jingwu serve: unknown argument %s (see jingwu --help)\n", argv[0]);
    return 2;
  }
  struct jw_error err = {0};
  if (jw_pay_configure(&app->cfg, &err) != JW_OK) {
    fprintf(stderr, "jingwu: %s\n", err.detail);
    return 1;
  }
  if (open_db(app) < 0) return 1;
  struct jw_conn *c = jw_db_conn(app->db, &err);
  if (c && jw_cli_store_demo_users(c, &err) > 0)
    jw_warn("this database holds DEMO accounts with the published password Demo@2026: do not expose it");
  if (c) jw_conn_release(c);
  jw_app_wire(app);
  int rc = jw_server_run(app); /* its first tick anchors the head (after dropping root) */
  if (c && jw_audit_anchor(c, app->cfg.audit_anchor, &err) != JW_OK) jw_warn("audit: anchor: %s", err.detail);
  jw_app_unwire(app);
  jw_db_close(app->db);
  return rc;
}

static int cmd_migrate(struct jw_app *app, int argc, char **argv) {
  (void)argv;
  if (argc > 0) {
    fprintf(stderr, "jingwu migrate: unexpected arguments\n");
    return 2;
  }
  int applied = open_db(app);
  if (applied < 0) return 1;
  printf("migrate: %d migration(s) applied\n", applied);
  jw_db_close(app->db);
  return 0;
}

static int cmd_seed(struct jw_app *app, int argc, char **argv) {
  int demo = 0;
  long long violations = 0, residents = 0, reports = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--demo") == 0) {
      demo = 1;
    } else if (strcmp(argv[i], "--violations") == 0 && i + 1 < argc) {
      char *end;
      violations = strtoll(argv[++i], &end, 10);
      if (*end || violations < 1 || violations > 23000000) {
        fprintf(stderr, "jingwu seed: --violations takes a number from 1 to 23000000\n");
        return 2;
      }
    } else if (strcmp(argv[i], "--residents") == 0 && i + 1 < argc) {
      char *end;
      residents = strtoll(argv[++i], &end, 10);
      if (*end || residents < 1 || residents > 20000000) {
        fprintf(stderr, "jingwu seed: --residents takes a number from 1 to 20000000\n");
        return 2;
      }
    } else if (strcmp(argv[i], "--reports") == 0 && i + 1 < argc) {
      char *end;
      reports = strtoll(argv[++i], &end, 10);
      if (*end || reports < 1 || reports > 10000000) {
        fprintf(stderr, "jingwu seed: --reports takes a number from 1 to 10000000\n");
        return 2;
      }
    } else {
      fprintf(stderr, "jingwu seed: use jingwu seed --demo [--violations N] [--residents N] [--reports N]\n");
      return 2;
    }
  }
  if (!demo && !violations && !residents && !reports) {
    fprintf(stderr, "jingwu seed: use jingwu seed --demo [--violations N]\n");
    return 2;
  }
  if (open_db(app) < 0) return 1;
  struct jw_error err = {0};
  /* --violations alone also loads the demo first: the generated violations
   * hang off the demo bureau's traffic detachment. */
  enum jw_code rc = jw_seed_demo(app->db, app->cfg.tz_offset_min, stdout, &err);
  if (rc == JW_OK && violations) rc = jw_traffic_seed_violations(app->db, violations, stdout, &err);
  if (rc == JW_OK && residents)
    rc = jw_community_seed_residents(app->db, residents, app->cfg.tz_offset_min, stdout, &err);
  if (rc == JW_OK && reports) {
    struct jw_conn *rc_conn = jw_db_conn(app->db, &err);
    rc = rc_conn ? jw_report_seed_bulk(rc_conn, reports, &err) : err.code;
    if (rc == JW_OK) printf("seed: %lld generated citizen reports\n", reports);
  }
  /* The demo pays through the sandbox cashier. */
  struct jw_conn *c = rc == JW_OK ? jw_db_conn(app->db, &err) : NULL;
  if (rc == JW_OK) rc = c ? jw_pay_channel_set(c, "sandbox", 1, &err) : err.code;
  if (rc != JW_OK) fprintf(stderr, "jingwu seed: %s\n", err.detail);
  jw_db_close(app->db);
  return rc == JW_OK ? 0 : 1;
}

/* Reads one line from standard input without its newline. */
static int read_password(char *buf, size_t n) {
  if (!fgets(buf, (int)n, stdin)) return -1;
  buf[strcspn(buf, "\r\n")] = '\0';
  return 0;
}

/* jingwu user disable|enable LOGIN: the operator's switch, the only way an
 * administrator account (sysadmin, secadmin, auditor) is disabled. */
static int user_disable(struct jw_app *app, const char *login, int disabled) {
  if (open_db(app) < 0) return 1;
  struct jw_error err = {0};
  int rc = 1;
  struct jw_conn *c = jw_db_conn(app->db, &err);
  if (!c || jw_user_set_disabled(c, login, disabled, &err) != JW_OK)
    fprintf(stderr, "jingwu user %s: %s\n", disabled ? "disable" : "enable", err.detail);
  else {
    printf("user: %s %s\n", login, disabled ? "disabled" : "enabled");
    rc = 0;
  }
  jw_db_close(app->db);
  return rc;
}

static int cmd_user(struct jw_app *app, int argc, char **argv) {
  const char *role = NULL, *login = NULL, *name = NULL;
  long long unit = 0;
  if (argc == 2 && (strcmp(argv[0], "disable") == 0 || strcmp(argv[0], "enable") == 0))
    return user_disable(app, argv[1], argv[0][0] == 'd');
  if (argc < 1 || strcmp(argv[0], "add") != 0) {
    fprintf(stderr,
            "jingwu user: use jingwu user add --role ROLE --login NAME [--unit ID] [--name NAME]"
            " or jingwu user disable|enable LOGIN\n");
    return 2;
  }
  for (int i = 1; i < argc; i += 2) {
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) {
      fprintf(stderr, "jingwu user add: %s needs a value\n", argv[i]);
      return 2;
    }
    if (strcmp(argv[i], "--role") == 0)
      role = v;
    else if (strcmp(argv[i], "--login") == 0)
      login = v;
    else if (strcmp(argv[i], "--name") == 0)
      name = v;
    else if (strcmp(argv[i], "--unit") == 0)
      unit = atoll(v);
    else {
      fprintf(stderr, "jingwu user add: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (!role || !login || jw_role_parse(role) <= 0) {
    fprintf(stderr,
            "jingwu user add: --role must be a staff role (auxiliary, officer, station_chief, unit_admin,"
            " sysadmin, secadmin, auditor) and --login is required\n");
    return 2;
  }
  char password[256];
  if (read_password(password, sizeof password) != 0) {
    fprintf(stderr, "jingwu user add: give the password on standard input\n");
    return 2;
  }
  const char *why = jw_password_weakness(password, login);
  if (why) {
    fprintf(stderr, "jingwu user add: the password %s\n", why);
    return 2;
  }
  if (open_db(app) < 0) return 1;
  struct jw_error err = {0};
  struct jw_arena a = {0};
  int rc = 1;
  struct jw_conn *c = jw_db_conn(app->db, &err);
  const char *path;
  if (!c) {
    fprintf(stderr, "jingwu user add: %s\n", err.detail);
  } else if (unit && jw_unit_path(c, &a, unit, &path, &err) != JW_OK) {
    fprintf(stderr, "jingwu user add: there is no unit %lld\n", unit);
  } else {
    struct jw_new_user u = {.kind = "staff",
                            .role = role,
                            .login = login,
                            .name = name ? name : login,
                            .password = password,
                            .unit_id = unit};
    int64_t id = 0;
    if (jw_user_create(c, &a, &u, &id, &err) != JW_OK) {
      fprintf(stderr, "jingwu user add: %s\n", err.detail);
    } else {
      printf("user: created %s account %s (id %lld)\n", role, login, (long long)id);
      rc = 0;
    }
  }
  jw_arena_free(&a);
  jw_db_close(app->db);
  return rc;
}

static int cmd_audit(struct jw_app *app, int argc, char **argv) {
  if (argc != 1 || strcmp(argv[0], "verify") != 0) {
    fprintf(stderr, "jingwu audit: use jingwu audit verify\n");
    return 2;
  }
  if (open_db(app) < 0) return 1;
  struct jw_error err = {0};
  struct jw_audit_check chk;
  struct jw_conn *c = jw_db_conn(app->db, &err);
  int rc = 1;
  if (!c || jw_audit_verify(c, app->cfg.audit_anchor, &chk, &err) != JW_OK) {
    fprintf(stderr, "jingwu audit verify: %s\n", err.detail);
  } else if (!chk.ok) {
    printf("audit: BROKEN at row %lld (%lld rows verified before it): %s\n", (long long)chk.broken_at,
           (long long)chk.rows, chk.problem);
  } else {
    printf("audit: ok, %lld rows, %lld anchors%s\n", (long long)chk.rows, (long long)chk.anchors,
           !chk.anchor_file ? " (no anchor file: a cut at the end cannot be seen)"
           : chk.foreign    ? " (and lines of another key, ignored)"
                            : "");
    rc = 0;
  }
  jw_db_close(app->db);
  return rc;
}

/* Reads all of path (at most max bytes) into *out (malloc'd, NUL-added); -1 with a message printed. */
static long read_file(const char *path, size_t max, char **out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "jingwu: cannot open %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t cap = 65536, n = 0;
  char *buf = jw_xmalloc(cap + 1);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n > max) break;
    if (n == cap) {
      cap *= 2;
      buf = jw_xrealloc(buf, cap + 1);
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (bad || n > max) {
    fprintf(stderr, "jingwu: %s: %s\n", path, bad ? "read error" : "too large");
    free(buf);
    return -1;
  }
  buf[n] = '\0';
  *out = buf;
  return (long)n;
}

static void yuan(int64_t cents, char out[32]) {
  if (cents < 0)
    snprintf(out, 32, "-");
  else
    snprintf(out, 32, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

/* jingwu payments reconcile|statement --channel C --date D [--file F] */
static int cmd_reconcile(struct jw_app *app, int statement, int argc, char **argv) {
  const char *channel = NULL, *date = NULL, *file = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--channel") == 0)
      channel = argv[i + 1];
    else if (strcmp(argv[i], "--date") == 0)
      date = argv[i + 1];
    else if (strcmp(argv[i], "--file") == 0 && !statement)
      file = argv[i + 1];
    else
      channel = date = NULL;
  }
  if (argc % 2 == 0 || !channel || !date || (!statement && !file)) {
    fprintf(stderr, statement ? "jingwu payments statement: use --channel sandbox --date YYYY-MM-DD\n"
                              : "jingwu payments reconcile: use --channel C --date YYYY-MM-DD --file statement.csv\n");
    return 2;
  }
  char *csv = NULL;
  long n = 0;
  if (file && (n = read_file(file, JW_RECON_MAX_BYTES, &csv)) < 0) return 1;
  if (open_db(app) < 0) {
    free(csv);
    return 1;
  }
  struct jw_error err = {0};
  struct jw_arena a = {0};
  struct jw_conn *c = jw_db_conn(app->db, &err);
  int rc = 1;
  if (!c) {
    fprintf(stderr, "jingwu payments: %s\n", err.detail);
  } else if (statement) {
    char *text = NULL;
    if (jw_pay_statement(c, channel, date, app->cfg.tz_offset_min, &a, &text, &err) != JW_OK) {
      fprintf(stderr, "jingwu payments statement: %s%s%s\n", err.nfields ? err.fields[0].field : "",
              err.nfields ? " " : "", err.nfields ? err.fields[0].message : err.detail);
    } else {
      fputs(text, stdout);
      rc = 0;
    }
  } else {
    struct jw_recon_report r = {0};
    enum jw_code done = jw_pay_reconcile(c, channel, date, csv, (size_t)n, app->cfg.tz_offset_min, &a, &r, &err);
    /* The command line's reconciliations are in the audit log as the console's are (actor "cli"). */
    const struct jw_pay_actor cli = {0, "cli", ""};
    struct jw_error aerr = {0};
    char sha256[65];
    if (jw_pay_reconcile_audit(c, &cli, channel, date, file, csv, (size_t)n, done, &r,
                               err.nfields ? err.fields[0].message : err.detail, sha256, &aerr) != JW_OK) {
      fprintf(stderr, "jingwu payments reconcile: not recorded in the audit log: %s\n", aerr.detail);
      done = JW_E_DB;
    }
    if (done != JW_OK) {
      if (err.code != JW_OK)
        fprintf(stderr, "jingwu payments reconcile: %s%s%s\n", err.nfields ? err.fields[0].field : "",
                err.nfields ? " " : "", err.nfields ? err.fields[0].message : err.detail);
    } else {
      char ours[32], theirs[32];
      yuan(r.ours_cents, ours);
      yuan(r.theirs_cents, theirs);
      printf("reconcile %s %s: %ld statement rows, %ld matched, %zu difference(s); ours %s yuan, theirs %s yuan\n",
             r.channel, r.date, r.rows, r.matched, r.nlines, ours, theirs);
      for (size_t i = 0; i < r.nlines; i++) {
        const struct jw_recon_line *x = &r.lines[i];
        yuan(x->ours_cents, ours);
        yuan(x->theirs_cents, theirs);
        printf("%-14s %-22s ours %-10s theirs %-10s", jw_recon_kind_names[x->kind], x->order_id[0] ? x->order_id : "-",
               ours, theirs);
        if (x->row) printf(" row %ld", x->row);
        if (x->note[0]) printf(" (%s)", x->note);
        putchar('\n');
      }
      rc = r.nlines ? 1 : 0;
    }
  }
  jw_arena_free(&a);
  free(csv);
  jw_db_close(app->db);
  return rc;
}

/* jingwu payments check | channel NAME on|off | reconcile … | statement … */
static int cmd_payments(struct jw_app *app, int argc, char **argv) {
  if (argc >= 1 && (strcmp(argv[0], "reconcile") == 0 || strcmp(argv[0], "statement") == 0))
    return cmd_reconcile(app, strcmp(argv[0], "statement") == 0, argc, argv);
  int check = argc == 1 && strcmp(argv[0], "check") == 0;
  int channel =
      argc == 3 && strcmp(argv[0], "channel") == 0 && (strcmp(argv[2], "on") == 0 || strcmp(argv[2], "off") == 0);
  if (!check && !channel) {
    fprintf(stderr, "jingwu payments: use jingwu payments check, or jingwu payments channel NAME on|off\n");
    return 2;
  }
  struct jw_error err = {0};
  /* A channel is turned on only with its settings (the same flags and
   * JINGWU_* variables serve reads). */
  if (channel && jw_pay_configure(&app->cfg, &err) != JW_OK) {
    fprintf(stderr, "jingwu payments channel: %s\n", err.detail);
    return 1;
  }
  if (open_db(app) < 0) return 1;
  struct jw_conn *c = jw_db_conn(app->db, &err);
  int rc = 1;
  if (!c) {
    fprintf(stderr, "jingwu payments: %s\n", err.detail);
  } else if (channel) {
    if (jw_pay_channel_set(c, argv[1], strcmp(argv[2], "on") == 0, &err) != JW_OK)
      fprintf(stderr, "jingwu payments channel: %s\n", err.detail);
    else {
      printf("payments: channel %s %s\n", argv[1], argv[2]);
      rc = 0;
    }
  } else {
    struct jw_pay_problem problems[50];
    int n = 0;
    if (jw_pay_check(c, problems, 50, &n, &err) != JW_OK) {
      fprintf(stderr, "jingwu payments check: %s\n", err.detail);
    } else if (n) {
      for (int i = 0; i < n && i < 50; i++) printf("payments: %s\n", problems[i].what);
      if (n > 50) printf("payments: … and %d more\n", n - 50);
      printf("payments: %d difference(s)\n", n);
    } else {
      printf("payments: ok, the ledger balances and matches the orders\n");
      rc = 0;
    }
  }
  jw_db_close(app->db);
  return rc;
}

static int cmd_routes(void) {
  for (int i = 0; i < jw_app_routes_count; i++)
    printf("%s %s\n", jw_method_names[jw_app_routes[i].method], jw_app_routes[i].pattern);
  return 0;
}

int main(int argc, char **argv) {
  struct jw_app app = {0};
  jw_config_defaults(&app.cfg);
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *cmd = argv[1];
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    }
  int n = jw_config_flags(&app.cfg, argc - 2, argv + 2);
  if (n < 0) return 2;
  char **rest = argv + 2;
  if (strcmp(cmd, "serve") == 0) return cmd_serve(&app, n, rest);
  if (strcmp(cmd, "migrate") == 0) return cmd_migrate(&app, n, rest);
  if (strcmp(cmd, "seed") == 0) return cmd_seed(&app, n, rest);
  if (strcmp(cmd, "user") == 0) return cmd_user(&app, n, rest);
  if (strcmp(cmd, "audit") == 0) return cmd_audit(&app, n, rest);
  if (strcmp(cmd, "payments") == 0) return cmd_payments(&app, n, rest);
  if (strcmp(cmd, "routes") == 0) return cmd_routes();
  fprintf(stderr, "jingwu: unknown command %s (see jingwu --help)\n", cmd);
  return 2;
}
