/* ss-capture.h - a capture file read into a model, in the background.
 *
 * Runs ui/core's SsLoader a slice at a time from an idle source on the main
 * loop, so the window stays responsive and the connection list fills while
 * the file loads. After each slice the list of SsConnItem rows is brought up
 * to date: new connections are appended, grown ones refreshed.
 */
#pragma once

#include <gio/gio.h>

#include "ss-loader.h"

G_BEGIN_DECLS

#define SS_TYPE_CAPTURE (ss_capture_get_type ())
#define SS_CAPTURE_ERROR (ss_capture_error_quark ())

typedef enum {
  SS_CAPTURE_ERROR_OPEN,     /* the file cannot be opened as a capture */
  SS_CAPTURE_ERROR_UNUSABLE, /* it opened, but nothing in it could be decoded */
} SsCaptureError;

/* Frames read in one slice of the main loop, unless set otherwise. */
#define SS_CAPTURE_DEFAULT_SLICE 20000

G_DECLARE_FINAL_TYPE (SsCapture, ss_capture, SS, CAPTURE, GObject)

GQuark              ss_capture_error_quark      (void);
SsCapture          *ss_capture_new              (GFile               *file);
GFile              *ss_capture_get_file         (SsCapture           *self);
void                ss_capture_set_slice_frames (SsCapture           *self,
                                                 guint                frames);
void                ss_capture_load_async       (SsCapture           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean            ss_capture_load_finish      (SsCapture           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean            ss_capture_get_loading      (SsCapture           *self);
guint64             ss_capture_get_frames       (SsCapture           *self);
guint64             ss_capture_get_file_size    (SsCapture           *self);
guint64             ss_capture_get_bytes_read   (SsCapture           *self);
GListModel         *ss_capture_get_connections  (SsCapture           *self);
guint               ss_capture_get_n_problems   (SsCapture           *self);
guint               ss_capture_get_n_tcp        (SsCapture           *self);
const SsLoadReport *ss_capture_get_report       (SsCapture           *self);
/* The model the rows come from (NULL before loading); valid as long as the
 * capture, and it grows while loading. */
const SsModel      *ss_capture_get_model        (SsCapture           *self);
char               *ss_capture_dup_notes        (SsCapture           *self);

G_END_DECLS
