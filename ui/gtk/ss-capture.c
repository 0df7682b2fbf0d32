/* ss-capture.c - a capture read into a model: a file in slices, or a live
 * capture fed as it comes (ss-capture.h).
 *
 * The bytes are read and decoded by ui/core (SsLoader, SsLiveStream:
 * capture/ and dissect/); nothing here looks at packet bytes.
 *
 * Live, three things run at once and the capture ends when all three have:
 *   - the reader thread: SsLiveStream on the helper's pcapng pipe, which
 *     copies every byte to the spool; each record is copied into a bounded
 *     queue (when it is full the thread waits, the pipe fills and the
 *     kernel counts the drops, as it would for a slow reader);
 *   - the status pipe, watched from the main loop: ready, stats (drops),
 *     done, error lines;
 *   - the helper process (a child watch), or, when capturing in-process,
 *     the producer thread that plays the helper's part over the same two
 *     pipes, so the rest is the same code.
 * A tick on the main loop every SS_CAPTURE_TICK_MS feeds the queued
 * records to the loader and refreshes the rows that changed.
 */
#define G_LOG_DOMAIN "synscope-capture"

#include "ss-capture.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ss-conn-item.h"
#include "ss-live.h"
#include "ss-live-stream.h"
#include "ss-model.h"
#include "ss-pcapng-write.h"
#include "ss-report.h"

/* Changed rows closer together than this are refreshed as one range. */
#define SS_CAPTURE_MERGE_GAP 16
/* Past this many separate ranges, one range from the first to the last. */
#define SS_CAPTURE_MAX_RANGES 32
/* Connections taken from ss_model_take_changed at a time. */
#define SS_CAPTURE_CHANGED_BATCH 256

/* Live: how often queued records are fed and the rows refreshed. */
#define SS_CAPTURE_TICK_MS 100
/* Records fed in one tick at most (the rest wait for the next). */
#define SS_CAPTURE_FEED_MAX 50000
/* The queue between the reader thread and the main loop. */
#define SS_CAPTURE_QUEUE_MAX_BYTES (64u * 1024u * 1024u)
#define SS_CAPTURE_QUEUE_MAX_RECORDS 200000u
/* In-process capture: a "stats" line at most this often, as the helper. */
#define SS_CAPTURE_STATS_INTERVAL_US 250000

/* One record waiting to be fed, with its bytes. */
typedef struct {
  SsRecord rec;
  guint8   bytes[];
} SsQueued;

/* What the reader thread shares with the capture (refcounted: either may
 * go first). */
typedef struct {
  gatomicrefcount  ref;
  GMutex           lock;
  GCond            cond;
  GQueue           queue;        /* of SsQueued */
  gsize            queued_bytes;
  gboolean         abandoned;    /* the capture is gone: read on to the end, keep nothing */
  gboolean         ended;        /* the stream ended (the thread is finishing) */
  char            *error;        /* why it ended early, or NULL */
  int              data_fd;      /* the thread's until it ends */
  int              spool_fd;
} SsLiveShared;

/* In-process capture: what the producer thread shares with the capture. */
typedef struct {
  gatomicrefcount  ref;
  GMutex           lock;
  SsSource        *src;          /* NULL once the thread closed it */
  FILE            *out;          /* pcapng, to the data pipe */
  FILE            *status;       /* status lines, to the status pipe */
  char            *iface;
} SsDirect;

struct _SsCapture
{
  GObject       parent_instance;

  GFile        *file;
  guint64       file_size;
  guint         slice_frames;

  SsModel      *model;
  SsLoader     *loader;
  SsLoadReport  report;
  gboolean      have_report;
  gboolean      loading;
  guint         idle_id;

  GListStore   *store; /* of SsConnItem, in model order */
  GPtrArray    *items; /* the same items, for quick access */
  guint         n_problems;
  guint         n_tcp;

  /* live */
  gboolean      live;
  char         *iface;
  char         *filter;
  int           snaplen;
  gboolean      promisc;
  gboolean      capturing;
  gboolean      stop_requested;
  gboolean      closed;
  char         *spool_path;   /* deleted by close and finalize */
  char         *helper_path;
  GTask        *task;         /* the capture_async in progress */
  GCancellable *cancellable;
  gulong        cancelled_id;
  guint         tick_id;
  SsLiveShared *shared;
  SsDirect     *direct;
  gboolean      in_process;   /* no helper: the device is read here */
  GPid          pid;          /* the helper; 0 when in-process */
  guint         child_watch_id;
  gboolean      child_done;
  int           status_fd;
  guint         status_id;
  GString      *status_line;  /* a status line still coming */
  gboolean      status_done;
  gboolean      reader_done;
  gboolean      have_drops;
  guint64       kernel_drops;
  guint64       iface_drops;
  SsCaptureError status_code; /* for status_error */
  char         *status_error; /* the helper's own words */
  char         *exit_error;   /* how the helper ended, when badly */
};

G_DEFINE_FINAL_TYPE (SsCapture, ss_capture, G_TYPE_OBJECT)

G_DEFINE_QUARK (ss-capture-error-quark, ss_capture_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  PROP_FRAMES,
  PROP_CAPTURING,
  PROP_DROPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ss_capture_stop_loader (SsCapture *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->loader != NULL)
    {
      self->report = *ss_loader_get_report (self->loader);
      self->have_report = TRUE;
      g_clear_pointer (&self->loader, ss_loader_free);
    }
}

static void ss_capture_live_teardown (SsCapture *self);

static void
ss_capture_dispose (GObject *object)
{
  SsCapture *self = SS_CAPTURE (object);

  ss_capture_live_teardown (self);
  ss_capture_stop_loader (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ss_capture_parent_class)->dispose (object);
}

static void
ss_capture_finalize (GObject *object)
{
  SsCapture *self = SS_CAPTURE (object);

  if (self->spool_path != NULL)
    g_unlink (self->spool_path);
  g_clear_pointer (&self->model, ss_model_free);
  g_clear_object (&self->file);
  g_free (self->iface);
  g_free (self->filter);
  g_free (self->spool_path);
  g_free (self->helper_path);
  g_free (self->status_error);
  g_free (self->exit_error);

  G_OBJECT_CLASS (ss_capture_parent_class)->finalize (object);
}

static void
ss_capture_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SsCapture *self = SS_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_FRAMES:
      g_value_set_uint64 (value, ss_capture_get_frames (self));
      break;
    case PROP_CAPTURING:
      g_value_set_boolean (value, self->capturing);
      break;
    case PROP_DROPS:
      g_value_set_uint64 (value, self->kernel_drops + self->iface_drops);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_capture_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SsCapture *self = SS_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_capture_class_init (SsCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ss_capture_dispose;
  object_class->finalize = ss_capture_finalize;
  object_class->get_property = ss_capture_get_property;
  object_class->set_property = ss_capture_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Notified after each slice: the list and the counts have moved on. */
  properties[PROP_FRAMES] =
    g_param_spec_uint64 ("frames", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Live: whether packets may still come. */
  properties[PROP_CAPTURING] =
    g_param_spec_boolean ("capturing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Live: packets dropped by the kernel and the interface, as last told. */
  properties[PROP_DROPS] =
    g_param_spec_uint64 ("drops", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ss_capture_init (SsCapture *self)
{
  self->slice_frames = SS_CAPTURE_DEFAULT_SLICE;
  self->store = g_list_store_new (SS_TYPE_CONN_ITEM);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->status_fd = -1;
}

/**
 * ss_capture_new:
 * @file: the capture file (a local file)
 *
 * Returns: (transfer full): a capture, not loaded yet
 */
SsCapture *
ss_capture_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SS_TYPE_CAPTURE, "file", file, NULL);
}

/**
 * ss_capture_get_file:
 *
 * Returns: (transfer none): the file
 */
GFile *
ss_capture_get_file (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return self->file;
}

void
ss_capture_set_slice_frames (SsCapture *self,
                             guint      frames)
{
  g_return_if_fail (SS_IS_CAPTURE (self));
  self->slice_frames = frames > 0 ? frames : SS_CAPTURE_DEFAULT_SLICE;
}

static void
ss_capture_splice_range (SsCapture *self,
                         guint      start,
                         guint      end)
{
  g_list_store_splice (self->store, start, end - start,
                       &self->items->pdata[start], end - start);
}

/* Brings the rows up to date with the model: refreshes the rows whose
 * connection changed (re-inserting them so sorting and filtering see the
 * new values) and appends the new connections. Only the connections
 * ss_model_take_changed names are looked at, so the cost follows what
 * changed, not the size of the capture. */
static void
ss_capture_sync (SsCapture *self)
{
  guint n_items = self->items->len;
  size_t n_conns = ss_model_n_conns (self->model);
  size_t changed[SS_CAPTURE_CHANGED_BATCH];
  size_t n_changed;
  guint ranges[SS_CAPTURE_MAX_RANGES][2];
  guint n_ranges = 0;
  gboolean too_many = FALSE;
  guint first_changed = G_MAXUINT, last_changed = 0;

  do
    {
      n_changed = ss_model_take_changed (self->model, changed, G_N_ELEMENTS (changed));
      for (size_t k = 0; k < n_changed; k++)
        {
          guint i;
          SsConnItem *item;
          gboolean was_problem;

          if (changed[k] >= n_items)
            continue;   /* new: appended below */
          i = (guint) changed[k];
          item = g_ptr_array_index (self->items, i);
          was_problem = ss_conn_item_is_problem (item);
          if (!ss_conn_item_update (item, ss_model_get_conn (self->model, i)))
            continue;
          if (was_problem && !ss_conn_item_is_problem (item))
            self->n_problems--;
          else if (!was_problem && ss_conn_item_is_problem (item))
            self->n_problems++;
          if (first_changed == G_MAXUINT)
            first_changed = i;
          last_changed = i;
          if (too_many)
            continue;
          if (n_ranges > 0 && i - ranges[n_ranges - 1][1] <= SS_CAPTURE_MERGE_GAP)
            ranges[n_ranges - 1][1] = i + 1;
          else if (n_ranges < SS_CAPTURE_MAX_RANGES)
            {
              ranges[n_ranges][0] = i;
              ranges[n_ranges][1] = i + 1;
              n_ranges++;
            }
          else
            too_many = TRUE;
        }
    }
  while (n_changed == G_N_ELEMENTS (changed));

  if (too_many)
    ss_capture_splice_range (self, first_changed, last_changed + 1);
  else
    for (guint r = 0; r < n_ranges; r++)
      ss_capture_splice_range (self, ranges[r][0], ranges[r][1]);

  if (n_conns > n_items)
    {
      gint64 origin = ss_loader_get_report (self->loader)->first_ts_ns;

      for (size_t i = n_items; i < n_conns; i++)
        {
          SsConnItem *item = ss_conn_item_new (ss_model_get_conn (self->model, i), origin);

          if (ss_conn_item_is_problem (item))
            self->n_problems++;
          if (ss_conn_item_get_conn (item)->proto == SS_PROTO_TCP)
            self->n_tcp++;
          g_ptr_array_add (self->items, item);
        }
      g_list_store_splice (self->store, n_items, 0,
                           &self->items->pdata[n_items], self->items->len - n_items);
    }
}

static void
ss_capture_set_loading (SsCapture *self,
                        gboolean   loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
ss_capture_finish (SsCapture *self,
                   GTask     *task)
{
  ss_capture_stop_loader (self);
  ss_capture_set_loading (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (ss_load_report_unusable (&self->report))
    {
      char text[SS_ERRBUF_SIZE + 128];

      ss_report_format_unusable (&self->report, text, sizeof text);
      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_UNUSABLE,
                               "%s", text);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
ss_capture_slice (gpointer data)
{
  GTask *task = data;
  SsCapture *self = g_task_get_source_object (task);
  SsLoadState state;

  if (g_task_return_error_if_cancelled (task))
    {
      /* Keep what was read. */
      self->idle_id = 0;
      ss_capture_stop_loader (self);
      ss_capture_set_loading (self, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
      return G_SOURCE_REMOVE;
    }

  state = ss_loader_run (self->loader, self->slice_frames);
  ss_capture_sync (self);

  if (state == SS_LOAD_MORE)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
      return G_SOURCE_CONTINUE;
    }

  self->idle_id = 0;
  ss_capture_finish (self, task);
  return G_SOURCE_REMOVE;
}

static void
ss_capture_hash_key (guint8 key[16])
{
  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (key + i, &r, 4);
    }
}

void
ss_capture_load_async (SsCapture           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = NULL;
  char errbuf[SS_ERRBUF_SIZE];
  guint8 key[16];

  g_return_if_fail (SS_IS_CAPTURE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ss_capture_load_async);

  if (self->model != NULL || self->loading || self->live)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               self->live ? "a live capture is not loaded from a file"
                                          : "this capture was already loaded");
      return;
    }

  path = g_file_get_path (self->file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);

      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_OPEN,
                               "cannot open %s: only local files can be read", uri);
      return;
    }

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    self->file_size = (guint64) g_file_info_get_size (info);

  ss_capture_hash_key (key);
  self->model = ss_model_new (key);
  if (self->model == NULL)
    {
      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_OPEN,
                               "out of memory");
      return;
    }

  self->loader = ss_loader_open (path, self->model, errbuf, sizeof errbuf);
  if (self->loader == NULL)
    {
      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_OPEN,
                               "%s", errbuf);
      return;
    }

  ss_capture_set_loading (self, TRUE);
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ss_capture_slice,
                                   g_steal_pointer (&task), g_object_unref);
}

gboolean
ss_capture_load_finish (SsCapture     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ss_capture_get_loading (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  return self->loading;
}

guint64
ss_capture_get_frames (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), 0);

  if (self->loader != NULL)
    return ss_loader_get_report (self->loader)->frames;
  if (self->have_report)
    return self->report.frames;
  return 0;
}

/**
 * ss_capture_get_bytes_read:
 *
 * Returns: how far into the file loading has got, in bytes (0 when the
 *   source is not a seekable file, or before the first frame)
 */
guint64
ss_capture_get_bytes_read (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), 0);

  if (self->loader != NULL)
    return ss_loader_get_report (self->loader)->bytes_read;
  if (self->have_report)
    return self->report.bytes_read;
  return 0;
}

guint64
ss_capture_get_file_size (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), 0);
  return self->file_size;
}

/**
 * ss_capture_get_connections:
 *
 * Returns: (transfer none): a #GListModel of #SsConnItem, in order of
 *   their first frame
 */
GListModel *
ss_capture_get_connections (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return G_LIST_MODEL (self->store);
}

guint
ss_capture_get_n_problems (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), 0);
  return self->n_problems;
}

guint
ss_capture_get_n_tcp (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), 0);
  return self->n_tcp;
}

const SsModel *
ss_capture_get_model (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return self->model;
}

/**
 * ss_capture_get_report:
 *
 * Returns: (transfer none) (nullable): what the loader met, once loading
 *   has ended (finished, stopped or cancelled); %NULL before
 */
const SsLoadReport *
ss_capture_get_report (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return self->have_report ? &self->report : NULL;
}

/**
 * ss_capture_dup_notes:
 *
 * Returns: (transfer full) (nullable): the load's non-fatal notes, one
 *   sentence a line, or %NULL when there are none or loading has not ended
 */
char *
ss_capture_dup_notes (SsCapture *self)
{
  int n;
  char *text;

  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);

  if (!self->have_report)
    return NULL;
  n = ss_report_format_notes (&self->report, NULL, 0);
  if (n <= 0)
    return NULL;
  text = g_malloc ((gsize) n + 1);
  ss_report_format_notes (&self->report, text, (size_t) n + 1);
  return text;
}

/* Live capture */

static SsLiveShared *
ss_live_shared_ref (SsLiveShared *sh)
{
  g_atomic_ref_count_inc (&sh->ref);
  return sh;
}

static void
ss_live_shared_unref (SsLiveShared *sh)
{
  if (!g_atomic_ref_count_dec (&sh->ref))
    return;
  g_queue_clear_full (&sh->queue, g_free);
  g_free (sh->error);
  g_mutex_clear (&sh->lock);
  g_cond_clear (&sh->cond);
  g_free (sh);
}

/* The reader thread: the pcapng stream into the spool and the queue. */
static gpointer
ss_capture_reader_thread (gpointer data)
{
  SsLiveShared *sh = data;
  char errbuf[SS_ERRBUF_SIZE + 128];
  SsLiveStream *stream;
  SsNextResult res = SS_NEXT_ERROR;

  stream = ss_live_stream_new (sh->data_fd, sh->spool_fd, errbuf, sizeof errbuf);
  sh->data_fd = -1;   /* the stream has it now */
  while (stream != NULL)
    {
      SsRecord rec;
      SsQueued *q;
      gboolean keep;

      res = ss_live_stream_next (stream, &rec);
      if (res != SS_NEXT_OK)
        break;
      q = g_malloc (sizeof *q + rec.caplen);
      q->rec = rec;
      if (rec.caplen > 0)
        memcpy (q->bytes, rec.data, rec.caplen);
      q->rec.data = q->bytes;

      g_mutex_lock (&sh->lock);
      while (!sh->abandoned
             && (sh->queued_bytes >= SS_CAPTURE_QUEUE_MAX_BYTES
                 || sh->queue.length >= SS_CAPTURE_QUEUE_MAX_RECORDS))
        g_cond_wait (&sh->cond, &sh->lock);
      keep = !sh->abandoned;
      if (keep)
        {
          g_queue_push_tail (&sh->queue, q);
          sh->queued_bytes += rec.caplen;
        }
      g_mutex_unlock (&sh->lock);
      if (!keep)
        g_free (q);   /* read on to the end: the helper is finishing */
    }

  g_mutex_lock (&sh->lock);
  if (stream == NULL)
    sh->error = g_strdup (errbuf);
  else if (res == SS_NEXT_ERROR)
    sh->error = g_strdup (ss_live_stream_error (stream));
  sh->ended = TRUE;
  g_mutex_unlock (&sh->lock);

  ss_live_stream_free (stream);
  if (sh->spool_fd >= 0)
    close (sh->spool_fd);
  sh->spool_fd = -1;
  ss_live_shared_unref (sh);
  return NULL;
}

static SsDirect *
ss_direct_ref (SsDirect *d)
{
  g_atomic_ref_count_inc (&d->ref);
  return d;
}

static void
ss_direct_unref (SsDirect *d)
{
  if (!g_atomic_ref_count_dec (&d->ref))
    return;
  g_assert (d->src == NULL);
  if (d->out != NULL)
    fclose (d->out);
  if (d->status != NULL)
    fclose (d->status);
  g_mutex_clear (&d->lock);
  g_free (d->iface);
  g_free (d);
}

/* In-process capture (privileged, no helper): this thread plays the
 * helper's part, capture/helper/ss-capture-main.c's loop, writing pcapng
 * and status lines to the same two pipes. */
static gpointer
ss_capture_direct_thread (gpointer data)
{
  SsDirect *d = data;
  char errbuf[SS_ERRBUF_SIZE];
  SsPcapngWriter *w;
  sigset_t pipe_set;
  guint64 packets = 0, recv = 0, drop = 0, ifdrop = 0;
  gint64 next_stats_us = 0;

  /* a reader gone is EPIPE here, not a SIGPIPE for the whole program */
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, NULL);

  w = ss_pcapng_writer_new (d->out, "the capture pipe", errbuf, sizeof errbuf);
  if (w == NULL
      || ss_pcapng_writer_add_interface (w, ss_source_live_linktype (d->src),
                                         (guint32) ss_source_live_snaplen (d->src), d->iface) != 0
      || !ss_pcapng_writer_flush (w))
    {
      const char *why = w != NULL ? ss_pcapng_writer_error (w) : errbuf;

      fprintf (d->status, "error other: %s\n",
               why != NULL ? why : "this link type cannot be saved in pcapng");
      goto out;
    }
  fprintf (d->status, "ready linktype=%u snaplen=%d\n",
           ss_source_live_linktype (d->src), ss_source_live_snaplen (d->src));

  for (;;)
    {
      SsRecord rec;
      SsNextResult res = ss_source_next (d->src, &rec);
      gint64 now;

      if (res == SS_NEXT_EOF)
        break;
      if (res == SS_NEXT_ERROR)
        {
          fprintf (d->status, "error other: %s\n", ss_source_error (d->src));
          break;
        }
      packets++;
      if (!ss_pcapng_writer_packet (w, 0, rec.ts_ns, rec.data, rec.caplen, rec.wirelen)
          || !ss_pcapng_writer_flush (w))
        break;
      now = g_get_monotonic_time ();
      if (now >= next_stats_us)
        {
          if (ss_source_live_stats (d->src, &recv, &drop, &ifdrop))
            fprintf (d->status, "stats packets=%" G_GUINT64_FORMAT " recv=%" G_GUINT64_FORMAT
                     " drop=%" G_GUINT64_FORMAT " ifdrop=%" G_GUINT64_FORMAT "\n",
                     packets, recv, drop, ifdrop);
          next_stats_us = now + SS_CAPTURE_STATS_INTERVAL_US;
        }
    }
  if (ss_source_live_stats (d->src, &recv, &drop, &ifdrop))
    {
      ss_pcapng_writer_stats (w, 0, g_get_real_time () * 1000, recv, ifdrop, drop);
      ss_pcapng_writer_flush (w);
    }
  fprintf (d->status, "done packets=%" G_GUINT64_FORMAT " recv=%" G_GUINT64_FORMAT
           " drop=%" G_GUINT64_FORMAT " ifdrop=%" G_GUINT64_FORMAT "\n",
           packets, recv, drop, ifdrop);

out:
  ss_pcapng_writer_free (w);
  g_mutex_lock (&d->lock);
  /* the end of both pipes: the reader and the status watch see it */
  fclose (d->out);
  d->out = NULL;
  fclose (d->status);
  d->status = NULL;
  ss_source_close (d->src);
  d->src = NULL;
  g_mutex_unlock (&d->lock);
  ss_direct_unref (d);
  return NULL;
}

static SsCaptureError
ss_capture_error_from_live (SsLiveError err)
{
  switch (err)
    {
    case SS_LIVE_ERR_PERMISSION:
      return SS_CAPTURE_ERROR_PERMISSION;
    case SS_LIVE_ERR_FILTER:
      return SS_CAPTURE_ERROR_FILTER;
    case SS_LIVE_ERR_NO_DEVICE:
      return SS_CAPTURE_ERROR_DEVICE;
    case SS_LIVE_OK:
    case SS_LIVE_ERR_OTHER:
    default:
      return SS_CAPTURE_ERROR_FAILED;
    }
}

/* Opens the device here and starts the producer thread; its ends of the
 * two pipes in *data_fd and *status_fd. */
static gboolean
ss_capture_start_direct (SsCapture           *self,
                         const SsLiveOptions *opts,
                         int                 *data_fd,
                         int                 *status_fd,
                         GError             **error)
{
  g_autoptr(GThread) thread = NULL;
  char errbuf[SS_ERRBUF_SIZE];
  int data[2] = { -1, -1 }, st[2] = { -1, -1 };
  SsLiveError err;
  SsSource *src;
  SsDirect *d;

  src = ss_source_open_live (opts, &err, errbuf, sizeof errbuf);
  if (src == NULL)
    {
      g_set_error (error, SS_CAPTURE_ERROR, ss_capture_error_from_live (err), "%s", errbuf);
      return FALSE;
    }
  if (!g_unix_open_pipe (data, FD_CLOEXEC, error) || !g_unix_open_pipe (st, FD_CLOEXEC, error))
    {
      for (int i = 0; i < 2; i++)
        if (data[i] >= 0)
          close (data[i]);
      ss_source_close (src);
      return FALSE;
    }
  d = g_new0 (SsDirect, 1);
  g_atomic_ref_count_init (&d->ref);
  g_mutex_init (&d->lock);
  d->src = src;
  d->iface = g_strdup (opts->iface);
  d->out = fdopen (data[1], "w");
  d->status = fdopen (st[1], "w");
  if (d->out == NULL || d->status == NULL)
    {
      g_set_error (error, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_FAILED,
                   "cannot capture on %s: %s", opts->iface, g_strerror (errno));
      if (d->out == NULL)
        close (data[1]);
      if (d->status == NULL)
        close (st[1]);
      close (data[0]);
      close (st[0]);
      ss_source_close (g_steal_pointer (&d->src));
      ss_direct_unref (d);
      return FALSE;
    }
  setvbuf (d->status, NULL, _IOLBF, 0);
  thread = g_thread_try_new ("synscope-live", ss_capture_direct_thread, ss_direct_ref (d), error);
  if (thread == NULL)
    {
      ss_source_close (g_steal_pointer (&d->src));
      ss_direct_unref (d);   /* the thread's */
      ss_direct_unref (d);   /* closes out and status */
      close (data[0]);
      close (st[0]);
      return FALSE;
    }
  self->direct = d;
  *data_fd = data[0];
  *status_fd = st[0];
  return TRUE;
}

static void
ss_capture_set_capturing (SsCapture *self,
                          gboolean   capturing)
{
  if (self->capturing == capturing)
    return;
  self->capturing = capturing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURING]);
}

static void
ss_capture_status_line (SsCapture  *self,
                        const char *line)
{
  SsLiveStatus st;

  if (!ss_live_parse_status (line, &st))
    {
      g_debug ("unknown status line from the capture: %s", line);
      return;
    }
  switch (st.kind)
    {
    case SS_LIVE_STATUS_STATS:
    case SS_LIVE_STATUS_DONE:
      if (!self->have_drops || st.drop != self->kernel_drops || st.ifdrop != self->iface_drops)
        {
          self->have_drops = TRUE;
          self->kernel_drops = st.drop;
          self->iface_drops = st.ifdrop;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPS]);
        }
      break;
    case SS_LIVE_STATUS_ERROR:
      if (self->status_error == NULL)
        {
          char text[SS_ERRBUF_SIZE + 512];

          if (st.error == SS_LIVE_ERR_PERMISSION)
            ss_live_permission_message (self->helper_path, st.text, text, sizeof text);
          else if (g_str_has_prefix (st.text, "capture stopped: "))
            /* while capturing (the interface went away ...): say which */
            g_snprintf (text, sizeof text, "the capture on %s stopped: %s", self->iface,
                        st.text + strlen ("capture stopped: "));
          else
            g_strlcpy (text, st.text, sizeof text);
          self->status_error = g_strdup (text);
          self->status_code = ss_capture_error_from_live (st.error);
        }
      break;
    case SS_LIVE_STATUS_READY:
    case SS_LIVE_STATUS_UNKNOWN:
    default:
      break;
    }
}

#define SS_CAPTURE_STATUS_LINE_MAX 4096

static gboolean
ss_capture_status_cb (gint         fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  SsCapture *self = user_data;
  char buf[4096];

  (void) condition;
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n > 0)
        {
          for (ssize_t i = 0; i < n; i++)
            {
              if (buf[i] == '\n')
                {
                  ss_capture_status_line (self, self->status_line->str);
                  g_string_truncate (self->status_line, 0);
                }
              else if (self->status_line->len < SS_CAPTURE_STATUS_LINE_MAX)
                g_string_append_c (self->status_line, buf[i]);
            }
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return G_SOURCE_CONTINUE;
      break;   /* the end, or an error: no more status */
    }
  if (self->status_line->len > 0)
    ss_capture_status_line (self, self->status_line->str);
  g_string_truncate (self->status_line, 0);
  close (fd);
  self->status_fd = -1;
  self->status_id = 0;
  self->status_done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
ss_capture_reap_cb (GPid     pid,
                    gint     wait_status,
                    gpointer user_data)
{
  (void) pid;
  (void) wait_status;
  (void) user_data;
}

static void
ss_capture_child_cb (GPid     pid,
                     gint     wait_status,
                     gpointer user_data)
{
  SsCapture *self = user_data;

  (void) pid;
  self->child_watch_id = 0;
  self->pid = 0;
  self->child_done = TRUE;
  if (WIFSIGNALED (wait_status))
    self->exit_error = g_strdup_printf ("the capture helper stopped unexpectedly (%s); "
                                        "the packets captured before are kept",
                                        g_strsignal (WTERMSIG (wait_status)));
  else if (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) != 0)
    self->exit_error = g_strdup_printf ("the capture helper failed (exit status %d)",
                                        WEXITSTATUS (wait_status));
}

/* Feeds up to max queued records to the loader; returns how many. Notes
 * when the reader has ended and everything it read was fed. */
static guint
ss_capture_feed (SsCapture *self,
                 guint      max)
{
  SsLiveShared *sh = self->shared;
  GQueue batch = G_QUEUE_INIT;
  SsQueued *q;
  guint n = 0;

  if (sh == NULL || self->loader == NULL)
    return 0;
  g_mutex_lock (&sh->lock);
  if (sh->queue.length <= max)
    {
      batch = sh->queue;
      g_queue_init (&sh->queue);
      sh->queued_bytes = 0;
    }
  else
    while (g_queue_get_length (&batch) < max && (q = g_queue_pop_head (&sh->queue)) != NULL)
      {
        sh->queued_bytes -= q->rec.caplen;
        g_queue_push_tail (&batch, q);
      }
  if (sh->ended && sh->queue.length == 0)
    self->reader_done = TRUE;
  g_cond_broadcast (&sh->cond);
  g_mutex_unlock (&sh->lock);

  while ((q = g_queue_pop_head (&batch)) != NULL)
    {
      ss_loader_feed (self->loader, &q->rec);
      g_free (q);
      n++;
    }
  return n;
}

static void
ss_capture_disconnect_cancellable (SsCapture *self)
{
  if (self->cancellable != NULL)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->cancellable);
}

/* Everything has ended: the last records, the rows, the report, and the
 * answer to capture_async. */
static void
ss_capture_live_finish (SsCapture *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autofree char *stream_error = NULL;
  const char *error = NULL;
  SsCaptureError code = SS_CAPTURE_ERROR_FAILED;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  while (ss_capture_feed (self, G_MAXUINT) > 0)
    ;
  if (self->loader != NULL)
    ss_capture_sync (self);
  ss_capture_stop_loader (self);
  ss_capture_disconnect_cancellable (self);
  if (self->shared != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      stream_error = g_steal_pointer (&self->shared->error);
      g_mutex_unlock (&self->shared->lock);
      g_clear_pointer (&self->shared, ss_live_shared_unref);
    }
  g_clear_pointer (&self->direct, ss_direct_unref);

  /* the helper's own words first, then how it ended, then the stream */
  if (self->status_error != NULL)
    {
      error = self->status_error;
      code = self->status_code;
    }
  else if (self->exit_error != NULL)
    error = self->exit_error;
  else if (stream_error != NULL)
    error = stream_error;

  ss_capture_set_capturing (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_new_error (task, SS_CAPTURE_ERROR, code, "%s", error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
ss_capture_tick (gpointer user_data)
{
  g_autoptr(SsCapture) self = g_object_ref (SS_CAPTURE (user_data));
  gint64 t0 = g_get_monotonic_time ();
  guint fed = ss_capture_feed (self, SS_CAPTURE_FEED_MAX);

  if (fed > 0)
    {
      gint64 t1 = g_get_monotonic_time (), t2;

      ss_capture_sync (self);
      t2 = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMES]);
      /* G_MESSAGES_DEBUG=synscope-capture: where a tick's time goes */
      g_debug ("fed %u records in %.1f ms, rows %.1f ms, views %.1f ms", fed,
               (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, (g_get_monotonic_time () - t2) / 1000.0);
    }
  if (self->tick_id == 0)
    return G_SOURCE_REMOVE;   /* closed meanwhile */
  if (self->reader_done && self->status_done && self->child_done)
    {
      self->tick_id = 0;
      ss_capture_live_finish (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ss_capture_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  (void) cancellable;
  ss_capture_stop (user_data);
}

/* A file for the stream, in $XDG_RUNTIME_DIR or else the temporary
 * directory, readable by this user only. */
static int
ss_capture_open_spool (SsCapture  *self,
                       GError    **error)
{
  const char *dirs[] = { g_getenv ("XDG_RUNTIME_DIR"), g_get_tmp_dir () };
  int saved = ENOENT;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;
      int fd;

      if (dirs[i] == NULL || !g_path_is_absolute (dirs[i]) || g_access (dirs[i], W_OK | X_OK) != 0)
        continue;
      path = g_build_filename (dirs[i], "synscope-capture-XXXXXX.pcapng", NULL);
      fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          self->spool_path = g_steal_pointer (&path);
          self->file = g_file_new_for_path (self->spool_path);
          return fd;
        }
      saved = errno;
    }
  g_set_error (error, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_FAILED,
               "cannot create a spool file for the capture in %s: %s",
               dirs[1], g_strerror (saved));
  return -1;
}

static void
ss_capture_forget_spool (SsCapture *self)
{
  if (self->spool_path != NULL)
    g_unlink (self->spool_path);
  g_clear_pointer (&self->spool_path, g_free);
}

/**
 * ss_capture_new_live:
 * @opts: the interface, filter, snap length and promiscuous mode (copied)
 *
 * Returns: (transfer full): a live capture, not started yet
 */
SsCapture *
ss_capture_new_live (const SsLiveOptions *opts)
{
  SsCapture *self;

  g_return_val_if_fail (opts != NULL && opts->iface != NULL && opts->iface[0] != '\0', NULL);

  self = g_object_new (SS_TYPE_CAPTURE, NULL);
  self->live = TRUE;
  self->iface = g_strdup (opts->iface);
  self->filter = opts->filter != NULL && opts->filter[0] != '\0' ? g_strdup (opts->filter) : NULL;
  self->snaplen = opts->snaplen > 0 ? opts->snaplen : 0;
  self->promisc = opts->promisc;
  return self;
}

void
ss_capture_capture_async (SsCapture           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  SsLiveOptions opts = { 0 };
  char path_buf[4096], errbuf[SS_ERRBUF_SIZE + 512];
  const char *helper;
  int spool_fd, data_fd = -1, status_fd = -1;
  guint8 key[16];

  g_return_if_fail (SS_IS_CAPTURE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ss_capture_capture_async);

  if (!self->live || self->model != NULL || self->closed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               self->live ? "this capture was already started"
                                          : "a capture file cannot be captured live");
      return;
    }

  opts.iface = self->iface;
  opts.filter = self->filter;
  opts.snaplen = self->snaplen;
  opts.promisc = self->promisc;
  /* buffer_size 0: capture/'s default ring (ss-source-live.c) */
  helper = ss_live_find_helper (path_buf, sizeof path_buf);
  self->helper_path = g_strdup (helper);

  /* Not privileged and no helper to run: say how to fix it, as the CLI. */
  if (!ss_live_helper_usable (helper) && !ss_live_privileged ())
    {
      char why[256];

      g_snprintf (why, sizeof why, "no permission to capture on %s (capturing needs root or "
                  "the CAP_NET_RAW capability)", self->iface);
      ss_live_permission_message (helper, why, errbuf, sizeof errbuf);
      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_PERMISSION, "%s", errbuf);
      return;
    }

  spool_fd = ss_capture_open_spool (self, &error);
  if (spool_fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ss_capture_hash_key (key);
  self->model = ss_model_new (key);
  self->loader = self->model != NULL ? ss_loader_new_feed (self->model, errbuf, sizeof errbuf) : NULL;
  if (self->loader == NULL)
    {
      close (spool_fd);
      ss_capture_forget_spool (self);
      g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_FAILED, "out of memory");
      return;
    }

  if (ss_live_helper_usable (helper))
    {
      SsLiveHelper h;

      if (!ss_live_spawn_helper (helper, &opts, 0, &h, errbuf, sizeof errbuf))
        {
          close (spool_fd);
          ss_capture_forget_spool (self);
          ss_capture_stop_loader (self);
          g_task_return_new_error (task, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_FAILED, "%s", errbuf);
          return;
        }
      self->pid = h.pid;
      data_fd = h.data_fd;
      status_fd = h.status_fd;
      self->child_watch_id = g_child_watch_add (self->pid, ss_capture_child_cb, self);
    }
  else
    {
      /* privileged and no helper: the device is opened here */
      if (!ss_capture_start_direct (self, &opts, &data_fd, &status_fd, &error))
        {
          close (spool_fd);
          ss_capture_forget_spool (self);
          ss_capture_stop_loader (self);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      self->child_done = TRUE;
      self->in_process = TRUE;
    }

  self->status_line = g_string_new (NULL);
  self->status_fd = status_fd;
  g_unix_set_fd_nonblocking (status_fd, TRUE, NULL);
  self->status_id = g_unix_fd_add (status_fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                   ss_capture_status_cb, self);

  self->shared = g_new0 (SsLiveShared, 1);
  g_atomic_ref_count_init (&self->shared->ref);
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);
  g_queue_init (&self->shared->queue);
  self->shared->data_fd = data_fd;
  self->shared->spool_fd = spool_fd;
  thread = g_thread_try_new ("synscope-reader", ss_capture_reader_thread,
                             ss_live_shared_ref (self->shared), &error);
  if (thread == NULL)
    {
      /* nobody reads: the helper ends on its closed pipe */
      ss_live_shared_unref (self->shared);
      close (data_fd);
      close (spool_fd);
      self->shared->data_fd = -1;
      self->shared->spool_fd = -1;
      self->shared->ended = TRUE;
      self->shared->error = g_strdup (error->message);
    }

  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (ss_capture_cancelled_cb),
                                                  self, NULL);
    }
  self->task = g_steal_pointer (&task);
  self->tick_id = g_timeout_add (SS_CAPTURE_TICK_MS, ss_capture_tick, self);
  ss_capture_set_capturing (self, TRUE);
}

gboolean
ss_capture_capture_finish (SsCapture     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ss_capture_stop (SsCapture *self)
{
  g_return_if_fail (SS_IS_CAPTURE (self));

  if (!self->capturing || self->stop_requested)
    return;
  self->stop_requested = TRUE;
  if (self->pid > 0)
    kill (self->pid, SIGTERM);   /* it ends its stream and says "done" */
  if (self->direct != NULL)
    {
      /* pcap_breakloop (libpcap wakes the producer's poll); the lock only
       * keeps the source from being closed meanwhile */
      g_mutex_lock (&self->direct->lock);
      if (self->direct->src != NULL)
        ss_source_live_stop (self->direct->src);
      g_mutex_unlock (&self->direct->lock);
    }
}

/* Lets go of the helper, the threads and the pipes without waiting for
 * them: the threads read on to the end of the stream by themselves. */
static void
ss_capture_live_teardown (SsCapture *self)
{
  if (!self->live)
    return;
  ss_capture_stop (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->status_id, g_source_remove);
  if (self->status_fd >= 0)
    close (self->status_fd);
  self->status_fd = -1;
  if (self->child_watch_id != 0)
    {
      g_clear_handle_id (&self->child_watch_id, g_source_remove);
      g_child_watch_add (self->pid, ss_capture_reap_cb, NULL);   /* no zombie */
      self->pid = 0;
    }
  if (self->shared != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->abandoned = TRUE;
      g_cond_broadcast (&self->shared->cond);
      g_mutex_unlock (&self->shared->lock);
      g_clear_pointer (&self->shared, ss_live_shared_unref);
    }
  g_clear_pointer (&self->direct, ss_direct_unref);
  ss_capture_disconnect_cancellable (self);
  if (self->status_line != NULL)
    g_string_free (self->status_line, TRUE);
  self->status_line = NULL;
}

/**
 * ss_capture_close:
 *
 * Ends a live capture at once, keeping what was fed to the model, and
 * deletes its spool file. A pending ss_capture_capture_async() completes
 * with %G_IO_ERROR_CLOSED. Nothing for a capture file.
 */
void
ss_capture_close (SsCapture *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SS_IS_CAPTURE (self));

  if (!self->live || self->closed)
    return;
  g_object_ref (self);
  self->closed = TRUE;
  task = g_steal_pointer (&self->task);
  ss_capture_live_teardown (self);
  if (self->loader != NULL)
    ss_capture_sync (self);
  ss_capture_stop_loader (self);
  ss_capture_forget_spool (self);
  ss_capture_set_capturing (self, FALSE);
  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "the capture was closed");
  g_object_unref (self);
}

gboolean
ss_capture_get_live (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  return self->live;
}

const char *
ss_capture_get_interface (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return self->iface;
}

/**
 * ss_capture_get_filter:
 *
 * Returns: (nullable): the capture filter, %NULL for none
 */
const char *
ss_capture_get_filter (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), NULL);
  return self->filter;
}

gboolean
ss_capture_get_capturing (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  return self->capturing;
}

gboolean
ss_capture_get_drops (SsCapture *self,
                      guint64   *kernel,
                      guint64   *iface)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);

  if (kernel != NULL)
    *kernel = self->kernel_drops;
  if (iface != NULL)
    *iface = self->iface_drops;
  return self->have_drops;
}

gboolean
ss_capture_get_direct (SsCapture *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE (self), FALSE);
  return self->in_process;
}
