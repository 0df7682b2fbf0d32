/* ss-export.h - one connection's ladder written out: a PNG, an SVG or a
 * PDF drawn by ss-ladder-render.h on cairo's surfaces, or a Mermaid
 * sequenceDiagram text (https://mermaid.js.org/syntax/sequenceDiagram.html).
 *
 * Plain C with cairo (no GTK, no GLib): `synscope-cli export` and the
 * window's Export Ladder call the same code, so both write the same file.
 *
 *   png      one image, cut at SS_EXPORT_PNG_MAX px (cairo's limit; the
 *            result says so)
 *   svg      the whole ladder, with a <title> (the connection) and a <desc>
 *            (one line per event) for screen readers and search
 *   pdf      the whole ladder, in pages of at most SS_EXPORT_PDF_PAGE pt,
 *            broken between rows
 *   mermaid  participants C and S with their ip:port, one "->>" message per
 *            event with the ladder's label, a note where an endpoint's TCP
 *            state (RFC 9293) changes
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ss-model.h"

/* The largest PNG cairo makes, px a side. */
#define SS_EXPORT_PNG_MAX  32767.0
/* The tallest PDF page, pt (A4 is 842; viewers take up to 14400). */
#define SS_EXPORT_PDF_PAGE 1800.0
/* The picture's width unless told otherwise, px. */
#define SS_EXPORT_WIDTH    900.0

typedef enum {
  SS_EXPORT_PNG,
  SS_EXPORT_SVG,
  SS_EXPORT_PDF,
  SS_EXPORT_MERMAID,
} SsExportFormat;

#define SS_EXPORT_N_FORMATS 4

typedef struct {
  SsExportFormat format;
  bool           even;     /* one row per event; otherwise spaced by time */
  double         width;    /* px, at least SS_LADDER_MIN_WIDTH */
  size_t         current;  /* the highlighted event (0-based), SIZE_MAX for none */
  bool           dark;     /* light on dark */
  const char    *creator;  /* the PDF's Creator ("synscope-cli 0.1.0"), or NULL */
} SsExportOptions;

typedef enum {
  SS_EXPORT_OK = 0,
  SS_EXPORT_ERROR_WRITE,   /* the file could not be opened or written: errno in err */
  SS_EXPORT_ERROR_DRAW,    /* cairo could not draw: its status in cairo */
  SS_EXPORT_ERROR_MEMORY,  /* out of memory */
  SS_EXPORT_ERROR_CONN,    /* no such connection in the model */
} SsExportError;

typedef struct {
  SsExportError  error;
  int            err;      /* errno of a failed open or write, 0 when unknown */
  cairo_status_t cairo;    /* of SS_EXPORT_ERROR_DRAW */
  double         height;   /* the whole ladder, px (pictures) */
  bool           png_cut;  /* the PNG stops at SS_EXPORT_PNG_MAX px */
} SsExportResult;

/* Defaults: width SS_EXPORT_WIDTH, nothing highlighted, light, rows spaced
 * by time. */
void        ss_export_options_init      (SsExportOptions *opts,
                                         SsExportFormat   format);

/* "png", "svg", "pdf", "mermaid". */
const char *ss_export_format_name       (SsExportFormat   format);
/* ".png", ".svg", ".pdf", ".mmd". */
const char *ss_export_format_extension  (SsExportFormat   format);
/* From a name as ss_export_format_name() gives it; false when unknown. */
bool        ss_export_format_from_name  (const char      *name,
                                         SsExportFormat  *format);
/* From a file name's extension, in any case: .png, .svg, .pdf, .mmd or
 * .mermaid; false when it has none of them. */
bool        ss_export_format_from_path  (const char      *path,
                                         SsExportFormat  *format);

/* Writes connection conn_index (0-based) of m to fp (left open, flushed).
 * On failure fills result (which may be NULL) and returns false; what was
 * written stays written. */
bool        ss_export_write             (FILE                  *fp,
                                         const SsModel         *m,
                                         size_t                 conn_index,
                                         const SsExportOptions *opts,
                                         SsExportResult        *result);
/* The same into the file at path (created or replaced). On failure a file
 * this call created is removed, so no half-written file is left. */
bool        ss_export_save              (const char            *path,
                                         const SsModel         *m,
                                         size_t                 conn_index,
                                         const SsExportOptions *opts,
                                         SsExportResult        *result);

/* What went wrong, in words for a person: "cannot write 'OUT': No space
 * left on device", "cannot draw the png: invalid matrix", "out of memory",
 * "there is no such connection". path may be NULL ("the file"). */
void        ss_export_error_text        (const SsExportResult  *result,
                                         SsExportFormat         format,
                                         const char            *path,
                                         char                  *buf,
                                         size_t                 size);

/* The connection in one line: "Connection 1: TCP stream 0, 192.0.2.1:55982
 * -> 192.0.2.2:80, closed by server". */
void        ss_export_describe_conn     (const SsConn          *conn,
                                         char                  *buf,
                                         size_t                 size);
