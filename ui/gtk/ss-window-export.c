/* ss-window-export.c - Export Ladder: the selected connection's ladder
 * written to a PNG, SVG, PDF or Mermaid file by ui/render/ss-export.c,
 * the code `synscope-cli export` uses, so both write the same file.
 *
 * win.export (Ctrl+E, the main menu) asks for a file name in a save dialog
 * (GtkFileChooserNative) with a filter per format; the name's extension
 * decides the format, or else the chosen filter (whose extension is then
 * added). win.export-to ("s", a path; the format from its extension) does
 * the writing: the dialog's answer goes through it, and tests call it; a
 * connection of more than SS_EXPORT_THREAD_EVENTS events is written on a
 * worker thread once the file has loaded, and "exported" tells when.
 * The picture is the window's ladder (its spacing, by time or even, and
 * its current event highlighted) with every event drawn (no folds), in the
 * light style, SS_EXPORT_WIDTH px wide. What goes wrong (no connection
 * selected, a name without a known extension, a file that cannot be
 * written) shows in the window's banner.
 */
#define G_LOG_DOMAIN "synscope-window-export"

#include "ss-window-private.h"

#include "ss-export.h"

#define SS_EXPORT_FORMAT_KEY "ss-export-format"

static const struct {
  SsExportFormat     format;
  const char        *name;
  const char        *mime_type;
  const char *const  patterns[3];
} export_filters[] = {
  { SS_EXPORT_PNG,     "PNG image (.png)",         "image/png",       { "*.png", "*.PNG", NULL } },
  { SS_EXPORT_SVG,     "SVG image (.svg)",         "image/svg+xml",   { "*.svg", "*.SVG", NULL } },
  { SS_EXPORT_PDF,     "PDF document (.pdf)",      "application/pdf", { "*.pdf", "*.PDF", NULL } },
  { SS_EXPORT_MERMAID, "Mermaid diagram (.mmd)",   NULL,              { "*.mmd", "*.mermaid", NULL } },
};

/* The connection the ladder shows, and the model it is in; FALSE when
 * none is selected. */
static gboolean
ss_window_export_source (SsWindow       *self,
                         const SsModel **model,
                         guint          *id)
{
  SsConnItem *item = gtk_single_selection_get_selected_item (self->selection);

  *model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;
  if (item == NULL || *model == NULL)
    return FALSE;
  *id = ss_conn_item_get_id (item);
  return *id > 0 && *id <= ss_model_n_conns (*model);
}

/* One export: what to write, where, and how it went. */
typedef struct {
  SsCapture       *capture;   /* holds the model while a thread writes */
  guint            id;
  char            *path;
  SsExportOptions  opts;
  SsExportResult   result;
  gboolean         ok;
} SsExportJob;

static void
ss_export_job_free (gpointer data)
{
  SsExportJob *job = data;

  g_clear_object (&job->capture);
  g_free (job->path);
  g_free (job);
}

static void
ss_window_export_failed (SsWindow   *self,
                         const char *text)
{
  g_free (self->export_error);
  self->export_error = g_strdup (text);
  _ss_window_show_banner (self, TRUE, text);
}

/* "exported" (path, success) after each win.export-to, written or not. */
static void
ss_window_export_emit (SsWindow   *self,
                       const char *path,
                       gboolean    ok)
{
  g_signal_emit_by_name (self, "exported", path, ok);
}

/* Says how job went: a failure in the banner, a PNG cut short as a
 * warning; a success takes away the banner of an earlier failed export. */
static void
ss_window_export_report (SsWindow    *self,
                         SsExportJob *job)
{
  g_autofree char *display = g_filename_display_name (job->path);
  g_autofree char *banner = NULL;

  if (self->banner_label == NULL)
    return; /* the window is gone */
  if (!job->ok)
    {
      g_autofree char *text = NULL;
      char why[1200];

      ss_export_error_text (&job->result, job->opts.format, display, why, sizeof why);
      text = g_strdup_printf ("Connection %u was not exported: %s.", job->id, why);
      ss_window_export_failed (self, text);
      return;
    }

  g_debug ("connection %u exported to %s (%s)", job->id, display, ss_export_format_name (job->opts.format));
  banner = ss_window_dup_banner_text (self);
  if (banner != NULL && g_strcmp0 (banner, self->export_error) == 0)
    _ss_window_dismiss_banner (self);
  g_clear_pointer (&self->export_error, g_free);
  if (job->result.png_cut)
    {
      g_autofree char *text =
        g_strdup_printf ("The PNG of connection %u stops at %.0f pixels, where a PNG ends; "
                         "the ladder is %.0f pixels tall. SVG and PDF hold it all.",
                         job->id, SS_EXPORT_PNG_MAX, job->result.height);

      _ss_window_show_banner (self, FALSE, text);
    }
}

static void
ss_window_export_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  SsExportJob *job = task_data;

  (void) source_object;
  (void) cancellable;
  job->ok = ss_export_save (job->path, ss_capture_get_model (job->capture), job->id - 1,
                            &job->opts, &job->result);
  g_task_return_boolean (task, TRUE);
}

static void
ss_window_export_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  SsWindow *self = SS_WINDOW (object);
  SsExportJob *job = g_task_get_task_data (G_TASK (result));

  (void) user_data;
  g_assert (self->exports > 0);
  if (--self->exports == 0 && self->banner_label != NULL)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  ss_window_export_report (self, job);
  ss_window_export_emit (self, job->path, job->ok);
}

/* Connections with more events are written on a worker thread (an SVG
 * takes about a second for 8,000 events), once the capture has loaded: the
 * model no longer changes then, and the job holds it. */
#define SS_EXPORT_THREAD_EVENTS 1000

/* Writes the selected connection to path, the format from its extension. */
static void
ss_window_export_to (SsWindow   *self,
                     const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  const SsModel *model;
  SsExportFormat format;
  SsExportJob *job;
  guint id = 0;

  if (!ss_window_export_source (self, &model, &id))
    {
      ss_window_export_failed (self, "Nothing was exported: select a connection first.");
      ss_window_export_emit (self, path, FALSE);
      return;
    }
  if (!ss_export_format_from_path (path, &format))
    {
      g_autofree char *text =
        g_strdup_printf ("Nothing was exported: the name “%s” does not end in .png, .svg, .pdf or .mmd, "
                         "so the format is not known.", display);

      ss_window_export_failed (self, text);
      ss_window_export_emit (self, path, FALSE);
      return;
    }

  job = g_new0 (SsExportJob, 1);
  job->capture = g_object_ref (self->capture);
  job->id = id;
  job->path = g_strdup (path);
  ss_export_options_init (&job->opts, format);
  job->opts.current = ss_ladder_widget_get_current (self->ladder);
  job->opts.even = ss_ladder_widget_get_even (self->ladder);
  job->opts.creator = "synscope " SS_VERSION;

  if (!ss_capture_get_loading (self->capture) && ss_model_n_events (model, id - 1) > SS_EXPORT_THREAD_EVENTS)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, ss_window_export_done_cb, NULL);

      g_task_set_source_tag (task, ss_window_export_to);
      g_task_set_task_data (task, job, ss_export_job_free);
      if (self->exports++ == 0)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "progress");
      g_task_run_in_thread (task, ss_window_export_thread);
      return;
    }

  /* While the file loads the model grows on this thread: write it here. */
  job->ok = ss_export_save (job->path, model, id - 1, &job->opts, &job->result);
  ss_window_export_report (self, job);
  ss_window_export_emit (self, path, job->ok);
  ss_export_job_free (job);
}

static SsExportFormat
ss_window_export_filter_format (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser); /* (transfer none) */
  gpointer data = filter != NULL ? g_object_get_data (G_OBJECT (filter), SS_EXPORT_FORMAT_KEY) : NULL;

  return data != NULL ? (SsExportFormat) (GPOINTER_TO_INT (data) - 1) : SS_EXPORT_PNG;
}

static void
ss_window_export_response_cb (SsWindow             *self,
                              int                   response,
                              GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      SsExportFormat format;

      if (path == NULL)
        ss_window_export_failed (self, "Nothing was exported: the ladder can only be saved to a local file.");
      else
        {
          if (!ss_export_format_from_path (path, &format))
            {
              char *with_ext;

              format = ss_window_export_filter_format (GTK_FILE_CHOOSER (chooser));
              with_ext = g_strconcat (path, ss_export_format_extension (format), NULL);
              g_free (path);
              path = with_ext;
            }
          gtk_widget_activate_action (GTK_WIDGET (self), "win.export-to", "s", path);
        }
    }
  /* The dialog is kept (hidden) for the next export: destroyed now, GTK
   * 4.8's file chooser would report the folder listing it cancels in an
   * error dialog of its own ("The folder contents could not be
   * displayed"). */
}


static void
ss_window_export_dialog (SsWindow *self)
{
  g_autofree char *name = NULL;
  GtkFileChooser *chooser;
  const SsModel *model;
  guint id = 0;

  if (!ss_window_export_source (self, &model, &id))
    {
      ss_window_export_failed (self, "Nothing was exported: select a connection first.");
      return;
    }
  if (self->export_chooser != NULL)
    {
      chooser = GTK_FILE_CHOOSER (self->export_chooser);
      if (gtk_native_dialog_get_visible (GTK_NATIVE_DIALOG (self->export_chooser)))
        {
          gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
          return;
        }
      /* Shown again: the same folder and filter, this connection's name. */
      name = g_strdup_printf ("connection-%u%s", id,
                              ss_export_format_extension (ss_window_export_filter_format (chooser)));
      gtk_file_chooser_set_current_name (chooser, name);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
      return;
    }

  self->export_chooser = gtk_file_chooser_native_new ("Export Ladder", GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      "_Export", "_Cancel");
  chooser = GTK_FILE_CHOOSER (self->export_chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (export_filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, export_filters[i].name);
      if (export_filters[i].mime_type != NULL)
        gtk_file_filter_add_mime_type (filter, export_filters[i].mime_type);
      for (gsize k = 0; export_filters[i].patterns[k] != NULL; k++)
        gtk_file_filter_add_pattern (filter, export_filters[i].patterns[k]);
      g_object_set_data (G_OBJECT (filter), SS_EXPORT_FORMAT_KEY,
                         GINT_TO_POINTER ((int) export_filters[i].format + 1));
      gtk_file_chooser_add_filter (chooser, filter);
      if (i == 0)
        gtk_file_chooser_set_filter (chooser, filter);
    }
  /* The name proposed; the filter picked later decides the extension
   * only when the name has none of the four. */
  name = g_strdup_printf ("connection-%u.png", id);
  gtk_file_chooser_set_current_name (chooser, name);
  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (ss_window_export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

static void
ss_window_action_export (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  (void) action_name;
  (void) param;
  ss_window_export_dialog (SS_WINDOW (widget));
}

static void
ss_window_action_export_to (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  (void) action_name;
  ss_window_export_to (SS_WINDOW (widget), g_variant_get_string (param, NULL));
}

void
_ss_window_class_export_init (SsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * SsWindow::exported:
   * @path: the file
   * @success: whether it was written
   *
   * After each win.export-to, when the file is written (on a worker
   * thread for a large connection) or could not be.
   */
  g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "win.export", NULL, ss_window_action_export);
  gtk_widget_class_install_action (widget_class, "win.export-to", "s", ss_window_action_export_to);
}

void
_ss_window_export_dispose (SsWindow *self)
{
  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);
  g_clear_pointer (&self->export_error, g_free);
}
