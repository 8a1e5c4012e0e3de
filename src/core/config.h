/*
 * config.h — settings from flags, then JINGWU_* environment, then defaults.
 * One table in config.c lists every setting once; --help prints it.
 */
#ifndef JW_CONFIG_H
#define JW_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "core/crypto.h"

struct jw_config {
  char listen[64]; /* host:port */
  char db_url[512];
  char web_dir[256];
  char secret_file[256];
  char run_as[64];      /* user to become after binding, when started as root */
  char sms_log[256];    /* where the log-file SMS driver writes */
  char upload_dir[256]; /* where uploaded files are kept, under their SHA-256 (outside the web root) */
  int threads;
  long max_body;             /* bytes of a JSON body */
  long max_upload;           /* bytes of a raw (upload) body */
  int conn_timeout;          /* seconds a connection may stay idle */
  int per_ip_conns;          /* open connections one address may hold (fewer as the table fills) */
  int max_conns;             /* open connections in all (lowered to fit the open-file limit) */
  int header_timeout;        /* seconds a new connection has to send its first request's headers */
  int body_timeout;          /* seconds a request may take from its headers to the end of its body */
  long max_inflight;         /* bytes all request bodies in flight may hold together */
  int offload_threads;       /* threads that run password hashing off the HTTP threads */
  int offload_queue;         /* requests that may wait for them (then 503) */
  char trusted_proxies[512]; /* addresses/networks whose X-Forwarded-For / X-Real-IP is believed */
  char metrics_allow[512];   /* addresses/networks /metrics answers */
  int login_ip_limit;        /* login/sign-up attempts one address may make per 10 minutes */
  int cookie_secure;         /* 1: Secure cookies (behind TLS) */
  int tz_offset_min;         /* the bureau's UTC offset in minutes (Asia/Shanghai = 480) */
  enum jw_pwhash_level pwhash;
  int log_level;                /* 0 debug … 3 error */
  int access_log;               /* 1: one line per request */
  long upload_daily_bytes;      /* bytes one account may upload per (local) day */
  int upload_daily_files;       /* files one account may upload per day */
  long upload_unattached_bytes; /* bytes of uploads no application uses that one account may hold */
  int upload_keep_hours;        /* age after which an upload no application uses is removed */
  int app_open_per_item;        /* open applications per citizen and item */
  int app_daily;                /* applications per citizen and day */
  int sms_max_attempts;         /* tries of one SMS before it is given up */
  int sms_retry_secs;           /* first retry delay of a failed SMS (doubled each time) */
  int page_view_window;         /* seconds in which a visitor's page loads count once */
  int page_view_ip_limit;       /* page views one address may add per window */
  int page_view_flush;          /* seconds between counts of the in-memory page-view batch */
  int stats_ttl;                /* seconds the public statistics are cached (0: not cached) */

  /* Seconds between sweeps of expired sessions and old rate-limit rows. */
  int cleanup_interval;

  char audit_anchor[256]; /* append-only file the audit chain's head is anchored to ("" = none) */

  /* The alipay payment channel (all empty: not configured). */
  char alipay_app_id[40];       /* the application's APPID on Alipay Open Platform */
  char alipay_private_key[256]; /* PEM file of our application private key (mode 0600) */
  char alipay_public_key[256];  /* PEM file of Alipay's public key (mode 0600) */
  char alipay_gateway[256];     /* https://openapi.alipay.com/gateway.do */
  char alipay_notify_url[256];  /* our public address of POST /api/v1/payments/notify/alipay */
  char alipay_return_url[256];  /* where Alipay's cashier sends the payer back */
  int alipay_wap;               /* 1: the mobile cashier (alipay.trade.wap.pay), 0: the PC one (page.pay) */
  char public_url[256]; /* the address the public reaches this server at, for links printed on paper (receipts' QR
                           codes) */
};

/* Fills cfg with defaults, then JINGWU_* variables. */
void jw_config_defaults(struct jw_config *cfg);

/*
 * Applies the flags in argv[0..argc) that name settings (--listen X or
 * --listen=X). Flags it does not know are left for the caller: their
 * indexes are compacted to the front of argv and the count returned.
 * Returns -1 (message printed) on a bad value.
 */
int jw_config_flags(struct jw_config *cfg, int argc, char **argv);

/* Prints every setting: flag, variable, default, meaning. */
void jw_config_help(FILE *out);

#endif
