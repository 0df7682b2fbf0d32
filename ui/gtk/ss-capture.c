/* ss-capture.c - a capture file read into a model, in slices (ss-capture.h).
 *
 * The bytes are read and decoded by ui/core (SsLoader: capture/ and
 * dissect/); nothing here looks at packet bytes.
 */
#define G_LOG_DOMAIN "synscope-capture"

#include "ss-capture.h"

#include <string.h>

#include "ss-conn-item.h"
#include "ss-model.h"
#include "ss-report.h"

/* Changed rows closer together than this are refreshed as one range. */
#define SS_CAPTURE_MERGE_GAP 16
/* Past this many separate ranges, one range from the first to the last. */
#define SS_CAPTURE_MAX_RANGES 32

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
};

G_DEFINE_FINAL_TYPE (SsCapture, ss_capture, G_TYPE_OBJECT)

G_DEFINE_QUARK (ss-capture-error-quark, ss_capture_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  PROP_FRAMES,
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

static void
ss_capture_dispose (GObject *object)
{
  SsCapture *self = SS_CAPTURE (object);

  ss_capture_stop_loader (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ss_capture_parent_class)->dispose (object);
}

static void
ss_capture_finalize (GObject *object)
{
  SsCapture *self = SS_CAPTURE (object);

  g_clear_pointer (&self->model, ss_model_free);
  g_clear_object (&self->file);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ss_capture_init (SsCapture *self)
{
  self->slice_frames = SS_CAPTURE_DEFAULT_SLICE;
  self->store = g_list_store_new (SS_TYPE_CONN_ITEM);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
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
 * connection grew (re-inserting them so sorting and filtering see the new
 * values) and appends the new connections. */
static void
ss_capture_sync (SsCapture *self)
{
  guint n_items = self->items->len;
  size_t n_conns = ss_model_n_conns (self->model);
  guint ranges[SS_CAPTURE_MAX_RANGES][2];
  guint n_ranges = 0;
  gboolean too_many = FALSE;
  guint first_changed = G_MAXUINT, last_changed = 0;

  for (guint i = 0; i < n_items && i < n_conns; i++)
    {
      if (!ss_conn_item_update (g_ptr_array_index (self->items, i),
                                ss_model_get_conn (self->model, i)))
        continue;
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

  if (too_many)
    ss_capture_splice_range (self, first_changed, last_changed + 1);
  else
    for (guint r = 0; r < n_ranges; r++)
      ss_capture_splice_range (self, ranges[r][0], ranges[r][1]);

  if (n_conns > n_items)
    {
      gint64 origin = ss_loader_get_report (self->loader)->first_ts_ns;

      for (size_t i = n_items; i < n_conns; i++)
        g_ptr_array_add (self->items,
                         ss_conn_item_new (ss_model_get_conn (self->model, i), origin));
      g_list_store_splice (self->store, n_items, 0,
                           &self->items->pdata[n_items], self->items->len - n_items);
    }

  self->n_problems = 0;
  self->n_tcp = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      SsConnItem *item = g_ptr_array_index (self->items, i);

      if (ss_conn_item_is_problem (item))
        self->n_problems++;
      if (ss_conn_item_get_conn (item)->proto == SS_PROTO_TCP)
        self->n_tcp++;
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

  if (self->model != NULL || self->loading)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "this capture was already loaded");
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
