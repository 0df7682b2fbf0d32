/* ss-loader.h - reads a capture into a model, a slice at a time.
 *
 * The one loop every front end runs: source -> dissector -> model. The CLI
 * runs it to the end; the window runs it in slices so the list fills while
 * the file loads. It also gathers what went wrong into an SsLoadReport, so
 * each front end words it its own way.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "ss-model.h"
#include "ss-source.h"

#define SS_LOADER_MAX_LINKTYPES 8

typedef struct {
  SsFormat format;
  uint64_t frames;           /* records read, numbered as tshark numbers frames */
  uint64_t non_packet_frames;/* of which not packets (pcapng Custom Blocks) */
  uint64_t bytes_read;       /* how far into the file the last record ended
                              * (0 when the source is not a seekable file) */
  int64_t  first_ts_ns;      /* timestamp of the first packet */
  bool     have_first_ts;
  bool     stopped;          /* the source stopped on an error (file cut short ...) */
  char     stop_reason[SS_ERRBUF_SIZE];
  char     warning[SS_ERRBUF_SIZE]; /* the source's first non-fatal oddity, or "" */

  /* Link types we do not decode, with how many frames had each. */
  uint32_t unsupported_linktypes[SS_LOADER_MAX_LINKTYPES];
  uint64_t unsupported_frames[SS_LOADER_MAX_LINKTYPES];
  uint32_t n_unsupported_linktypes;

  /* The first frame the dissector found cut short or malformed. */
  uint64_t truncated, malformed;
  uint64_t first_truncated_frame, first_malformed_frame;
  const char *first_truncated_problem, *first_malformed_problem;
} SsLoadReport;

typedef enum {
  SS_LOAD_MORE,    /* call ss_loader_run again */
  SS_LOAD_DONE,    /* the whole capture is in the model */
  SS_LOAD_STOPPED, /* the source stopped early; what came before is in the model */
} SsLoadState;

typedef struct SsLoader SsLoader;

/* Opens path ("-" = standard input) to be read into model (borrowed; it must
 * outlive the loader). NULL with a sentence in errbuf when it cannot. */
SsLoader    *ss_loader_open (const char *path, SsModel *model, char *errbuf, size_t errbuf_size);
/* Reads up to max_frames more frames (0 = until the end). */
SsLoadState  ss_loader_run (SsLoader *loader, uint64_t max_frames);
const SsLoadReport *ss_loader_get_report (const SsLoader *loader);
void         ss_loader_free (SsLoader *loader);

/* Live capture: a loader with no source, fed one record at a time (the
 * front end reads the records itself). NULL with a sentence in errbuf. */
SsLoader    *ss_loader_new_feed (SsModel *model, char *errbuf, size_t errbuf_size);
/* Dissects rec into the model as the next frame and returns its number
 * (1-based); the report counts it as ss_loader_run does. */
uint64_t     ss_loader_feed (SsLoader *loader, const SsRecord *rec);

/* Whether nothing usable came out of the capture: no frame read, or every
 * frame of a link type we cannot decode. */
bool         ss_load_report_unusable (const SsLoadReport *report);
