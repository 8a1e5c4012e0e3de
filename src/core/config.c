/* config.c — the table of settings and its three sources. */
#include "core/config.h"

#include <stdlib.h>
#include <string.h>

enum kind { STR, INT, LONG, BOOL, PWHASH, LEVEL, OFFSET, WINDOW };

/* The longest window (WINDOW) in seconds: the rate and page-view windows are
 * counted in rows that the housekeeping keeps for less than a day, and a
 * window start is `now - now % window`, so a window must be shorter than a day. */
#define WINDOW_MAX 86399

struct setting {
  const char *flag; /* without the leading -- */
  const char *env;
  const char *def;
  enum kind kind;
  size_t off;
  size_t size; /* for STR */
  const char *help;
};

#define S(field) offsetof(struct jw_config, field), sizeof(((struct jw_config *)0)->field)
#define I(field) offsetof(struct jw_config, field), 0

static const struct setting settings[] = {
    {"listen", "JINGWU_LISTEN", "127.0.0.1:8080", STR, S(listen), "address and port to serve on"},
    {"db", "JINGWU_DB", "sqlite:./data/jingwu.db", STR, S(db_url),
     "database: sqlite:PATH, postgres://… or a libpq keyword string"},
    {"web", "JINGWU_WEB", "./web/dist", STR, S(web_dir), "directory of the built web front-end"},
    {"threads", "JINGWU_THREADS", "0", INT, I(threads), "worker threads (0: one per core)"},
    {"secret-file", "JINGWU_SECRET_FILE", "./data/secret.key", STR, S(secret_file),
     "file with the key that encrypts ID numbers (created 0600 if absent)"},
    {"run-as", "JINGWU_RUN_AS", "", STR, S(run_as),
     "when started as root, become this user after binding the port (it must own the data directory)"},
    {"sms-log", "JINGWU_SMS_LOG", "./data/sms.log", STR, S(sms_log), "file the log SMS driver appends messages to"},
    {"upload-dir", "JINGWU_UPLOAD_DIR", "./data/uploads", STR, S(upload_dir),
     "directory uploaded files are stored in, named by their SHA-256 (keep it outside the web root)"},
    {"max-body", "JINGWU_MAX_BODY", "1048576", LONG, I(max_body), "largest JSON request body, bytes"},
    {"max-upload", "JINGWU_MAX_UPLOAD", "10485760", LONG, I(max_upload), "largest upload body, bytes"},
    {"conn-timeout", "JINGWU_CONN_TIMEOUT", "30", INT, I(conn_timeout), "idle connection timeout, seconds"},
    {"per-ip-conns", "JINGWU_PER_IP_CONNS", "32", INT, I(per_ip_conns),
     "connections any client address may hold however full the table (more while it has room:"
     " a quarter of the free slots); trusted proxies exempt"},
    {"max-conns", "JINGWU_MAX_CONNS", "4096", INT, I(max_conns),
     "open connections in all (lowered to fit the open-file limit, which is raised to its hard limit)"},
    {"header-timeout", "JINGWU_HEADER_TIMEOUT", "10", INT, I(header_timeout),
     "seconds a new connection has to send its request headers (then closed)"},
    {"body-timeout", "JINGWU_BODY_TIMEOUT", "60", INT, I(body_timeout),
     "seconds a request may take from its headers to the last byte of its body, however it trickles"
     " (then the connection is closed; 0: no limit)"},
    {"max-inflight", "JINGWU_MAX_INFLIGHT", "67108864", LONG, I(max_inflight),
     "bytes all request bodies being received may hold together (more: 503)"},
    {"offload-threads", "JINGWU_OFFLOAD_THREADS", "2", INT, I(offload_threads),
     "threads that hash passwords (sign-in, sign-up, password changes) off the HTTP threads"},
    {"offload-queue", "JINGWU_OFFLOAD_QUEUE", "32", INT, I(offload_queue),
     "requests that may wait for those threads (more: 503 with Retry-After)"},
    {"trusted-proxies", "JINGWU_TRUSTED_PROXIES", "", STR, S(trusted_proxies),
     "comma-separated addresses/networks of reverse proxies whose X-Forwarded-For / X-Real-IP is believed"},
    {"metrics-allow", "JINGWU_METRICS_ALLOW", "127.0.0.0/8,::1", STR, S(metrics_allow),
     "comma-separated addresses/networks that may read /metrics (others get 404)"},
    {"login-ip-limit", "JINGWU_LOGIN_IP_LIMIT", "60", INT, I(login_ip_limit),
     "sign-in and sign-up attempts per client address per 10 minutes"},
    {"cookie-secure", "JINGWU_COOKIE_SECURE", "0", BOOL, I(cookie_secure),
     "mark session cookies Secure (set when served over TLS)"},
    {"tz-offset", "JINGWU_TZ_OFFSET", "480", OFFSET, I(tz_offset_min),
     "the bureau's UTC offset in minutes, -720 to 840 (Asia/Shanghai: 480)"},
    {"pwhash", "JINGWU_PWHASH", "interactive", PWHASH, I(pwhash),
     "password hashing cost: interactive, moderate, or min (tests only)"},
    {"log-level", "JINGWU_LOG_LEVEL", "info", LEVEL, I(log_level), "debug, info, warn or error"},
    {"access-log", "JINGWU_ACCESS_LOG", "1", BOOL, I(access_log), "log one line per request"},
    {"upload-daily-bytes", "JINGWU_UPLOAD_DAILY_BYTES", "52428800", LONG, I(upload_daily_bytes),
     "bytes one account may upload per day"},
    {"upload-daily-files", "JINGWU_UPLOAD_DAILY_FILES", "100", INT, I(upload_daily_files),
     "files one account may upload per day"},
    {"upload-unattached-bytes", "JINGWU_UPLOAD_UNATTACHED_BYTES", "31457280", LONG, I(upload_unattached_bytes),
     "bytes of uploads one account may hold that no application uses"},
    {"upload-keep-hours", "JINGWU_UPLOAD_KEEP_HOURS", "24", INT, I(upload_keep_hours),
     "hours an upload no application uses is kept before it is removed"},
    {"app-open-per-item", "JINGWU_APP_OPEN_PER_ITEM", "5", INT, I(app_open_per_item),
     "open applications one citizen may have for one item"},
    {"app-daily", "JINGWU_APP_DAILY", "20", INT, I(app_daily), "applications one citizen may make per day"},
    {"sms-max-attempts", "JINGWU_SMS_MAX_ATTEMPTS", "6", INT, I(sms_max_attempts),
     "tries of one SMS before it is given up"},
    {"sms-retry-secs", "JINGWU_SMS_RETRY_SECS", "30", INT, I(sms_retry_secs),
     "wait before the first retry of a failed SMS, doubled on each further failure"},
    {"page-view-window", "JINGWU_PAGE_VIEW_WINDOW", "1800", WINDOW, I(page_view_window),
     "seconds within which a visitor's repeated loads of a page count once, 1 to 86399 (less than a day)"},
    {"page-view-ip-limit", "JINGWU_PAGE_VIEW_IP_LIMIT", "100", INT, I(page_view_ip_limit),
     "page views one client address may add per window"},
    {"page-view-flush", "JINGWU_PAGE_VIEW_FLUSH", "1", INT, I(page_view_flush),
     "seconds between counts of the page views batched in memory (the public figure lags by at most this; "
     "the graceful stop counts the rest)"},
    {"stats-ttl", "JINGWU_STATS_TTL", "60", INT, I(stats_ttl),
     "seconds the public statistics (GET /api/v1/stats/overview) are served from memory before being computed again "
     "(0: computed on every request)"},
    {"cleanup-interval", "JINGWU_CLEANUP_INTERVAL", "60", INT, I(cleanup_interval),
     "seconds between deletions of expired sessions and old rate-limit counters"},
    {"audit-anchor", "JINGWU_AUDIT_ANCHOR", "./data/audit.anchor", STR, S(audit_anchor),
     "append-only file the audit chain's head is written to every minute; `audit verify` checks against it"},
    {"alipay-app-id", "JINGWU_ALIPAY_APP_ID", "", STR, S(alipay_app_id),
     "the alipay channel's APPID on Alipay Open Platform (empty: the channel is not configured)"},
    {"alipay-private-key", "JINGWU_ALIPAY_PRIVATE_KEY", "", STR, S(alipay_private_key),
     "PEM file of the application private key requests are signed with (RSA2; mode 0600)"},
    {"alipay-public-key", "JINGWU_ALIPAY_PUBLIC_KEY", "", STR, S(alipay_public_key),
     "PEM file of Alipay's public key notifications and answers are verified with (mode 0600)"},
    {"alipay-gateway", "JINGWU_ALIPAY_GATEWAY", "https://openapi.alipay.com/gateway.do", STR, S(alipay_gateway),
     "Alipay's gateway (the sandbox: https://openapi-sandbox.dl.alipaydev.com/gateway.do)"},
    {"alipay-notify-url", "JINGWU_ALIPAY_NOTIFY_URL", "", STR, S(alipay_notify_url),
     "public address of POST /api/v1/payments/notify/alipay, sent with each order"},
    {"alipay-return-url", "JINGWU_ALIPAY_RETURN_URL", "", STR, S(alipay_return_url),
     "address Alipay's cashier sends the payer back to (the result page)"},
    {"alipay-wap", "JINGWU_ALIPAY_WAP", "0", BOOL, I(alipay_wap),
     "1: the mobile cashier (alipay.trade.wap.pay); 0: the computer one (alipay.trade.page.pay)"},
    {"public-url", "JINGWU_PUBLIC_URL", "http://127.0.0.1:8080", STR, S(public_url),
     "the address the public reaches this server at (scheme, host, port, no trailing slash): receipts' QR codes"
     " link to its /receipts/verify page"},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static int apply(struct jw_config *cfg, const struct setting *s, const char *v) {
  char *base = (char *)cfg + s->off;
  char *end = NULL;
  switch (s->kind) {
  case STR:
    if (strlen(v) >= s->size) return -1;
    strcpy(base, v);
    return 0;
  case INT: {
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000) return -1;
    *(int *)base = (int)n;
    return 0;
  }
  case OFFSET: { /* UTC offsets run from -12:00 to +14:00 */
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < -720 || n > 840) return -1;
    *(int *)base = (int)n;
    return 0;
  }
  case WINDOW: {
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 1 || n > WINDOW_MAX) return -1;
    *(int *)base = (int)n;
    return 0;
  }
  case LONG: {
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < 0) return -1;
    *(long *)base = n;
    return 0;
  }
  case BOOL:
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
      *(int *)base = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
      *(int *)base = 0;
    else
      return -1;
    return 0;
  case PWHASH:
    if (strcmp(v, "min") == 0)
      *(enum jw_pwhash_level *)base = JW_PWHASH_MIN;
    else if (strcmp(v, "interactive") == 0)
      *(enum jw_pwhash_level *)base = JW_PWHASH_INTERACTIVE;
    else if (strcmp(v, "moderate") == 0)
      *(enum jw_pwhash_level *)base = JW_PWHASH_MODERATE;
    else
      return -1;
    return 0;
  case LEVEL: {
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++)
      if (strcmp(v, levels[i]) == 0) {
        *(int *)base = i;
        return 0;
      }
    return -1;
  }
  }
  return -1;
}

/* What a setting of kind s->kind takes, for the error message: ", expected …" or "". */
static const char *expected(const struct setting *s) {
  switch (s->kind) {
  case WINDOW:
    return "; expected whole seconds from 1 to 86399: a window must be shorter than a day";
  case OFFSET:
    return "; expected minutes from -720 to 840";
  default:
    return "";
  }
}

void jw_config_defaults(struct jw_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  for (size_t i = 0; i < NSETTINGS; i++) apply(cfg, &settings[i], settings[i].def);
  for (size_t i = 0; i < NSETTINGS; i++) {
    const char *v = getenv(settings[i].env);
    if (v && *v && apply(cfg, &settings[i], v) != 0)
      fprintf(stderr, "jingwu: ignoring %s=%s (bad value%s)\n", settings[i].env, v, expected(&settings[i]));
  }
}

int jw_config_flags(struct jw_config *cfg, int argc, char **argv) {
  int kept = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const struct setting *s = NULL;
    const char *v = NULL;
    if (strncmp(a, "--", 2) == 0) {
      for (size_t k = 0; k < NSETTINGS; k++) {
        size_t n = strlen(settings[k].flag);
        if (strncmp(a + 2, settings[k].flag, n) == 0 && (a[2 + n] == '\0' || a[2 + n] == '=')) {
          s = &settings[k];
          if (a[2 + n] == '=') v = a + 3 + n;
          break;
        }
      }
    }
    if (!s) {
      argv[kept++] = argv[i];
      continue;
    }
    if (!v) {
      if (i + 1 >= argc) {
        fprintf(stderr, "jingwu: --%s needs a value\n", s->flag);
        return -1;
      }
      v = argv[++i];
    }
    if (apply(cfg, s, v) != 0) {
      fprintf(stderr, "jingwu: bad value for --%s: %s%s\n", s->flag, v, expected(s));
      return -1;
    }
  }
  return kept;
}

void jw_config_help(FILE *out) {
  fprintf(out, "Settings (flag, then environment variable, then default):\n");
  for (size_t i = 0; i < NSETTINGS; i++)
    fprintf(out, "  --%-15s %-24s %-26s %s\n", settings[i].flag, settings[i].env, settings[i].def, settings[i].help);
}
