/* ss-cli.h - shared pieces of synscope-cli. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ss-loader.h"
#include "ss-model.h"

#define SS_CLI_NAME "synscope-cli"

/* Exit statuses (DESIGN.md: 0 success, 2 unusable input). */
enum {
  SS_EXIT_OK = 0,
  SS_EXIT_FAILURE = 1,
  SS_EXIT_USAGE = 2,
  SS_EXIT_BAD_INPUT = 2,
};

/* A capture read into a model, with what went wrong on the way. */
typedef struct {
  SsModel     *model;
  SsLoadReport report;
} SsCliCapture;

/* Reads path into cap. On unusable input prints one line on stderr and
 * returns false; otherwise prints the non-fatal notes (file cut short,
 * unsupported link types, truncated or malformed packets) on stderr. */
bool ss_cli_capture_load (SsCliCapture *cap, const char *path);
/* The same; events false when the command shows only connections (the
 * model then keeps no events: ss_model_set_keep_events). */
bool ss_cli_capture_load_full (SsCliCapture *cap, const char *path, bool events);
void ss_cli_capture_clear (SsCliCapture *cap);
/* 16 random bytes for the model's flow-table hash key. */
void ss_cli_hash_key (uint8_t key[16]);

int  ss_cli_connections (int argc, char **argv);
int  ss_cli_events (int argc, char **argv);
int  ss_cli_ladder (int argc, char **argv);
int  ss_cli_export (int argc, char **argv);
int  ss_cli_interfaces (int argc, char **argv);
int  ss_cli_capture (int argc, char **argv);

/* One connection as 'connections' prints it (shared with 'capture').
 * first_ts_ns: the capture's first packet, which START counts from. */
void ss_cli_print_conn_json (const SsModel *model, int64_t first_ts_ns, size_t i, const SsConn *c);
/* The table's header and one row, with fixed column widths (for rows
 * printed as connections end). */
void ss_cli_print_conn_header (void);
void ss_cli_print_conn_line (int64_t first_ts_ns, const SsConn *c);

/* Parses "--conn ID" (argv[*i] is "--conn", or "--conn=ID"); on success
 * stores the id (1-based), advances *i past it and returns true; on error
 * prints a line on stderr and returns false. */
bool ss_cli_parse_conn (const char *cmd, int argc, char **argv, int *i, uint32_t *id);
/* Loads path into cap and, when conn is not 0, checks that connection
 * exists. Returns SS_EXIT_OK, or (with one line printed on stderr and cap
 * cleared) the exit status the command should return. */
int  ss_cli_load_conn (SsCliCapture *cap, const char *path, uint32_t conn);

/* One JSON object a line. */
typedef struct {
  FILE *out;
  bool  first;
} SsJsonLine;

void ss_json_begin (SsJsonLine *j, FILE *out);
void ss_json_end (SsJsonLine *j);
void ss_json_str (SsJsonLine *j, const char *key, const char *value);
void ss_json_u64 (SsJsonLine *j, const char *key, uint64_t value);
void ss_json_bool (SsJsonLine *j, const char *key, bool value);
void ss_json_null (SsJsonLine *j, const char *key);
/* Nanoseconds as seconds with nine decimals, exact (no floating point). */
void ss_json_seconds (SsJsonLine *j, const char *key, int64_t ns);

/* "12.345678901" into buf, as ss_json_seconds writes it; decimals 0..9. */
void ss_format_seconds (char *buf, size_t size, int64_t ns, int decimals);
/* Wireshark's tcp.completeness.str: "RFDASS", a '-' for each bit not set. */
void ss_format_completeness (char *buf, size_t size, uint8_t completeness);
/* TCP flags as one letter each, in the order S F R P A U E C N ("S", "SA",
 * "PA", "FA", "FPA", "RA"; "" for none). */
void ss_format_tcp_flags (char *buf, size_t size, uint16_t flags);
/* A JSON array of strings. */
void ss_json_strv (SsJsonLine *j, const char *key, const char *const *values, size_t n);
void ss_json_i64 (SsJsonLine *j, const char *key, int64_t value);
/* A JSON array of durations, in seconds as ss_json_seconds writes them. */
void ss_json_seconds_v (SsJsonLine *j, const char *key, const int64_t *ns, size_t n);
