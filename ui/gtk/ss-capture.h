/* ss-capture.h - a capture read into a model, in the background: a file,
 * or live traffic.
 *
 * A file: runs ui/core's SsLoader a slice at a time from an idle source on
 * the main loop, so the window stays responsive and the connection list
 * fills while the file loads.
 *
 * Live (ss_capture_new_live): runs the capture helper synscope-capture
 * (ui/core/ss-live.h; in-process only when this program is privileged and
 * the helper is missing), reads its pcapng stream on a thread of its own,
 * copies it to a spool file (the capture's "file": views read packet bytes
 * back from it, Save As copies it) and feeds the records to the model from
 * the main loop every 100 ms. The spool is deleted by ss_capture_close and
 * when the capture is finalized.
 *
 * After each slice or feed the list of SsConnItem rows is brought up to
 * date from ss_model_take_changed: new connections are appended, changed
 * ones refreshed; nothing else is looked at.
 */
#pragma once

#include <gio/gio.h>

#include "ss-loader.h"
#include "ss-source-live.h"

G_BEGIN_DECLS

#define SS_TYPE_CAPTURE (ss_capture_get_type ())
#define SS_CAPTURE_ERROR (ss_capture_error_quark ())

typedef enum {
  SS_CAPTURE_ERROR_OPEN,       /* the file cannot be opened as a capture */
  SS_CAPTURE_ERROR_UNUSABLE,   /* it opened, but nothing in it could be decoded */
  /* live captures */
  SS_CAPTURE_ERROR_PERMISSION, /* no permission: the sentence says how to grant it */
  SS_CAPTURE_ERROR_FILTER,     /* the filter does not compile for the device */
  SS_CAPTURE_ERROR_DEVICE,     /* no such interface */
  SS_CAPTURE_ERROR_FAILED,     /* the capture stopped: the interface went away,
                                * the helper crashed, the spool cannot be written */
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

/* Live capture. opts is copied (iface, filter; snaplen 0: whole packets). */
SsCapture          *ss_capture_new_live         (const SsLiveOptions *opts);
gboolean            ss_capture_get_live         (SsCapture           *self);
const char         *ss_capture_get_interface    (SsCapture           *self);
const char         *ss_capture_get_filter       (SsCapture           *self);
/* Starts capturing; completes when the capture has ended: TRUE after
 * ss_capture_stop (or cancellable) or the helper's own end, FALSE with an
 * SS_CAPTURE_ERROR when it could not start or stopped on an error. Either
 * way, what was captured stays in the model and the spool. */
void                ss_capture_capture_async    (SsCapture           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean            ss_capture_capture_finish   (SsCapture           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Whether packets may still come ("capturing" property). */
gboolean            ss_capture_get_capturing    (SsCapture           *self);
/* Asks the capture to end; it ends once the last packets are read. */
void                ss_capture_stop             (SsCapture           *self);
/* The drop counts as the helper last told them: by the kernel (its buffer
 * was full) and by the interface ("drops" property: their sum). FALSE while
 * not known yet. */
gboolean            ss_capture_get_drops        (SsCapture           *self,
                                                 guint64             *kernel,
                                                 guint64             *iface);
/* Whether this capture reads the device in-process (privileged, no helper). */
gboolean            ss_capture_get_direct       (SsCapture           *self);
/* Ends a live capture at once (what was fed stays) and deletes its spool
 * file; nothing for a capture file. */
void                ss_capture_close            (SsCapture           *self);

G_END_DECLS
