/* ss-window-live.c - the window's live capture and Save As
 * (ss-window-live.h).
 *
 * Capture (Ctrl+K) opens SsCaptureDialog; its Start, or win.capture-start,
 * puts a live SsCapture in the window (_ss_window_set_capture, as opening
 * a file does): the list, the ladder and the other views follow it as it
 * grows. While it runs the header bar says what is captured and counts
 * packets and drops (updated with every feed, at most 100 ms apart), and
 * the Stop button shows. Errors (no permission, a bad filter, the interface
 * gone, the helper crashed) go to the banner; what was captured stays.
 *
 * Save As copies the capture's file: for a live capture its spool (the
 * pcapng stream as the helper wrote it, with the drop counts at its end),
 * once the capture has stopped; for a file opened from disk the file as it
 * is, byte for byte (a pcap stays pcap). The spool is deleted when another
 * capture replaces it, when the window closes, when the application shuts
 * down, and on SIGINT / SIGTERM (which then quit).
 */
#define G_LOG_DOMAIN "synscope-window-live"

#include "ss-window-live.h"

#include <signal.h>

#include <glib-unix.h>

#include "ss-text.h"
#include "ss-window-private.h"

struct _SsWindowLive
{
  SsCaptureDialog      *dialog;           /* weak: it destroys itself */
  GtkWidget            *capture_button;
  GtkWidget            *stop_button;
  GtkFileChooserNative *save_chooser;
  GCancellable         *save_cancellable;
  gboolean              saving;
  gboolean              have_save_result;
  char                 *save_error;       /* the last save's failure */
  char                 *saved_as;         /* where saved_capture was saved */
  SsCapture            *saved_capture;    /* weak */
  guint                 sigint_id;
  guint                 sigterm_id;
  gboolean              shutdown_hooked;
};

/* Header */

static void
ss_window_live_update_header (SsWindow *self)
{
  SsWindowLive *live = self->live;
  SsCapture *capture = self->capture;
  g_autofree char *title = NULL;
  g_autofree char *packets = NULL;
  g_autoptr(GString) sub = NULL;
  guint64 kernel = 0, iface = 0;
  gboolean capturing;

  if (live == NULL || capture == NULL || self->title_label == NULL)
    return;
  if (!ss_capture_get_live (capture))
    {
      /* a file: its path, and the copy saved */
      GFile *file = ss_capture_get_file (capture);
      g_autofree char *parse_name = g_file_get_parse_name (file);

      if (live->saved_as == NULL || live->saved_capture != capture)
        gtk_label_set_text (self->subtitle_label, parse_name);
      else
        {
          g_autofree char *text = g_strdup_printf ("%s · a copy saved as %s", parse_name, live->saved_as);

          gtk_label_set_text (self->subtitle_label, text);
        }
      return;
    }

  capturing = ss_capture_get_capturing (capture);
  title = g_strdup_printf (capturing ? "Capturing on %s" : "Capture on %s (stopped)",
                           ss_capture_get_interface (capture));
  packets = _ss_plural (ss_capture_get_frames (capture), "packet", "packets");
  sub = g_string_new (packets);
  if (ss_capture_get_drops (capture, &kernel, &iface))
    {
      char num[32];
      g_autofree char *tip = NULL;

      ss_text_count (num, sizeof num, kernel + iface);
      g_string_append_printf (sub, ", %s dropped", num);
      tip = g_strdup_printf ("Dropped by the kernel (its capture buffer was full): %" G_GUINT64_FORMAT
                             "; dropped by the interface: %" G_GUINT64_FORMAT, kernel, iface);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), tip);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), NULL);
  if (ss_capture_get_filter (capture) != NULL)
    g_string_append_printf (sub, " · filter: %s", ss_capture_get_filter (capture));
  if (!capturing)
    {
      if (live->saved_as != NULL && live->saved_capture == capture)
        g_string_append_printf (sub, " · saved as %s", live->saved_as);
      else if (ss_capture_get_file (capture) != NULL)
        g_string_append (sub, " · not saved");
    }
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, sub->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
_ss_window_live_update_actions (SsWindow *self)
{
  SsWindowLive *live = self->live;
  SsCapture *capture = self->capture;
  gboolean capturing = capture != NULL && ss_capture_get_capturing (capture);
  gboolean can_save;

  if (live == NULL)
    return;
  can_save = capture != NULL
             && !ss_capture_get_loading (capture)
             && !capturing
             && !live->saving
             && ss_capture_get_file (capture) != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-capture", capturing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-to", can_save);
  if (live->stop_button != NULL)
    gtk_widget_set_visible (live->stop_button, capturing);
}

static void
ss_window_live_changed_cb (SsWindow   *self,
                           GParamSpec *pspec,
                           SsCapture  *capture)
{
  (void) pspec;
  if (capture != self->capture)
    return;
  ss_window_live_update_header (self);
  _ss_window_live_update_actions (self);
}

char *
ss_window_dup_header_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->title_label),
                          gtk_widget_get_visible (GTK_WIDGET (self->subtitle_label))
                          ? gtk_label_get_text (self->subtitle_label) : "");
}

/* Capturing */

static void
ss_window_live_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  SsCapture *capture = SS_CAPTURE (object);
  g_autoptr(SsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ss_capture_capture_finish (capture, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED)
      && capture == self->capture)
    _ss_window_show_banner (self, TRUE, error->message);
  if (capture != self->capture)
    return;
  ss_window_live_update_header (self);
  _ss_window_live_update_actions (self);
}

/* The spool goes with the capture: when the application shuts down, and
 * on SIGINT or SIGTERM (which then quit it). */
static void
ss_window_live_close_capture (SsWindow *self)
{
  if (self->capture != NULL)
    ss_capture_close (self->capture);
}

static void
ss_window_live_unhook_signals (SsWindowLive *live)
{
  g_clear_handle_id (&live->sigint_id, g_source_remove);
  g_clear_handle_id (&live->sigterm_id, g_source_remove);
}

static gboolean
ss_window_live_signal_cb (gpointer user_data)
{
  SsWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* both go (this one with its G_SOURCE_REMOVE): a second signal is the
   * default one */
  ss_window_live_unhook_signals (self->live);
  ss_window_live_close_capture (self);
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
ss_window_live_hook_exit (SsWindow *self)
{
  SsWindowLive *live = self->live;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL && !live->shutdown_hooked)
    {
      g_signal_connect_object (app, "shutdown", G_CALLBACK (ss_window_live_close_capture),
                               self, G_CONNECT_SWAPPED);
      live->shutdown_hooked = TRUE;
    }
  ss_window_live_unhook_signals (live);
  live->sigint_id = g_unix_signal_add (SIGINT, ss_window_live_signal_cb, self);
  live->sigterm_id = g_unix_signal_add (SIGTERM, ss_window_live_signal_cb, self);
}

void
ss_window_start_capture (SsWindow            *self,
                         const SsLiveOptions *opts)
{
  SsWindowLive *live;
  SsCapture *capture;
  g_autofree char *title = NULL;

  g_return_if_fail (SS_IS_WINDOW (self));
  g_return_if_fail (opts != NULL && opts->iface != NULL && opts->iface[0] != '\0');

  live = self->live;
  g_clear_pointer (&live->saved_as, g_free);
  g_clear_pointer (&live->save_error, g_free);
  live->have_save_result = FALSE;

  capture = ss_capture_new_live (opts);
  title = g_strdup_printf ("Capturing on %s", opts->iface);
  _ss_window_set_capture (self, capture, title, "starting…");
  g_signal_connect_object (capture, "notify::frames",
                           G_CALLBACK (ss_window_live_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "notify::drops",
                           G_CALLBACK (ss_window_live_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (capture, "notify::capturing",
                           G_CALLBACK (ss_window_live_changed_cb), self, G_CONNECT_SWAPPED);
  ss_window_live_hook_exit (self);
  ss_capture_capture_async (capture, NULL, ss_window_live_done_cb, g_object_ref (self));
  /* the views that keep the model, as ss_window_open does */
  _ss_window_overview_set_capture (self);

  ss_window_live_update_header (self);
  _ss_window_update_actions (self);
}

gboolean
ss_window_get_capturing (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), FALSE);
  return self->capture != NULL && ss_capture_get_capturing (self->capture);
}

static void
ss_window_live_dialog_start_cb (SsWindow        *self,
                                const char      *iface,
                                const char      *filter,
                                guint            snaplen,
                                gboolean         promisc,
                                SsCaptureDialog *dialog)
{
  SsLiveOptions opts = {
    .iface = iface,
    .filter = filter,
    .snaplen = snaplen >= SS_CAPTURE_DIALOG_SNAPLEN ? 0 : (int) snaplen,
    .promisc = promisc,
    .buffer_size = 0,
  };

  (void) dialog;
  ss_window_start_capture (self, &opts);
}

SsCaptureDialog *
ss_window_get_capture_dialog (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return self->live != NULL ? self->live->dialog : NULL;
}

static void
ss_window_live_open_dialog (SsWindow *self)
{
  SsWindowLive *live = self->live;

  if (live->dialog == NULL)
    {
      live->dialog = ss_capture_dialog_new (GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (live->dialog), TRUE);
      g_object_add_weak_pointer (G_OBJECT (live->dialog), (gpointer *) &live->dialog);
      g_signal_connect_object (live->dialog, "start", G_CALLBACK (ss_window_live_dialog_start_cb),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (live->dialog));
}

/* Saving */

typedef struct {
  SsWindow  *self;
  SsCapture *capture;
  GFile     *dest;
} SsSave;

static void
ss_save_free (SsSave *save)
{
  g_object_unref (save->self);
  g_object_unref (save->capture);
  g_object_unref (save->dest);
  g_free (save);
}

static void
ss_window_live_save_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  SsSave *save = user_data;
  SsWindow *self = save->self;
  SsWindowLive *live = self->live;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_file_copy_finish (G_FILE (object), result, &error);

  if (live == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ss_save_free (save);
      return;   /* the window went away */
    }
  live->saving = FALSE;
  live->have_save_result = TRUE;
  g_clear_pointer (&live->save_error, g_free);
  if (!ok)
    {
      g_autofree char *where = g_file_get_parse_name (save->dest);

      live->save_error = g_strdup_printf ("cannot save the capture as %s: %s", where, error->message);
      _ss_window_show_banner (self, TRUE, live->save_error);
    }
  else if (save->capture == self->capture)
    {
      g_free (live->saved_as);
      live->saved_as = g_file_get_parse_name (save->dest);
      g_set_weak_pointer (&live->saved_capture, save->capture);
    }
  ss_window_live_update_header (self);
  _ss_window_live_update_actions (self);
  ss_save_free (save);
}

/* Copies the capture's file (a live capture's spool, or the file opened)
 * to dest, as it is. */
static void
ss_window_live_save (SsWindow *self,
                     GFile    *dest)
{
  SsWindowLive *live = self->live;
  SsCapture *capture = self->capture;
  GFile *src = capture != NULL ? ss_capture_get_file (capture) : NULL;
  SsSave *save;

  if (src == NULL || ss_capture_get_capturing (capture) || ss_capture_get_loading (capture) || live->saving)
    {
      g_clear_pointer (&live->save_error, g_free);
      live->have_save_result = TRUE;
      live->save_error = g_strdup (capture != NULL && ss_capture_get_capturing (capture)
                                   ? "stop the capture before saving it"
                                   : "there is no capture to save yet");
      _ss_window_show_banner (self, TRUE, live->save_error);
      return;
    }
  if (g_file_equal (src, dest))
    {
      g_clear_pointer (&live->save_error, g_free);
      live->have_save_result = TRUE;
      live->save_error = g_strdup ("the capture is already in that file");
      _ss_window_show_banner (self, FALSE, live->save_error);
      return;
    }
  live->saving = TRUE;
  _ss_window_live_update_actions (self);
  if (live->save_cancellable == NULL)
    live->save_cancellable = g_cancellable_new ();
  save = g_new0 (SsSave, 1);
  save->self = g_object_ref (self);
  save->capture = g_object_ref (capture);
  save->dest = g_object_ref (dest);
  g_file_copy_async (src, dest, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                     G_PRIORITY_DEFAULT, live->save_cancellable, NULL, NULL,
                     ss_window_live_save_cb, save);
}

gboolean
ss_window_get_saving (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), FALSE);
  return self->live != NULL && self->live->saving;
}

gboolean
ss_window_get_save_result (SsWindow    *self,
                           const char **error)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), FALSE);
  if (error != NULL)
    *error = self->live != NULL && self->live->have_save_result ? self->live->save_error : NULL;
  return self->live != NULL && self->live->have_save_result && self->live->save_error == NULL;
}

static void
ss_window_live_chooser_cb (SsWindow             *self,
                           int                   response,
                           GtkFileChooserNative *chooser)
{
  SsWindowLive *live = self->live;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ss_window_live_save (self, file);
    }
  if (live != NULL && live->save_chooser == chooser)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
      g_clear_object (&live->save_chooser);
    }
}

static void
ss_window_live_save_dialog (SsWindow *self)
{
  SsWindowLive *live = self->live;
  SsCapture *capture = self->capture;
  g_autofree char *name = NULL;
  gboolean is_live;

  if (capture == NULL || ss_capture_get_file (capture) == NULL)
    return;
  if (live->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (live->save_chooser));
      return;
    }
  is_live = ss_capture_get_live (capture);
  live->save_chooser = gtk_file_chooser_native_new (is_live ? "Save the Capture"
                                                            : "Save a Copy of the Capture",
                                                    GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    "_Save", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (live->save_chooser), TRUE);
  if (is_live)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

      name = g_strdup_printf ("%s-%s.pcapng", ss_capture_get_interface (capture), stamp);
    }
  else
    name = g_file_get_basename (ss_capture_get_file (capture));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (live->save_chooser), name);
  g_signal_connect_object (live->save_chooser, "response",
                           G_CALLBACK (ss_window_live_chooser_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (live->save_chooser));
}

/* Actions */

static void
ss_window_live_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SsWindow *self = SS_WINDOW (widget);

  if (g_str_equal (action_name, "win.capture"))
    ss_window_live_open_dialog (self);
  else if (g_str_equal (action_name, "win.capture-start"))
    {
      const char *iface = NULL;
      const char *filter = NULL;
      SsLiveOptions opts = { .promisc = TRUE };

      g_variant_get (param, "(&s&s)", &iface, &filter);
      if (iface[0] == '\0')
        {
          _ss_window_show_banner (self, TRUE, "no interface was named");
          return;
        }
      opts.iface = iface;
      opts.filter = filter;
      ss_window_start_capture (self, &opts);
    }
  else if (g_str_equal (action_name, "win.stop-capture"))
    {
      if (self->capture != NULL)
        ss_capture_stop (self->capture);
    }
  else if (g_str_equal (action_name, "win.save-as"))
    ss_window_live_save_dialog (self);
  else if (g_str_equal (action_name, "win.save-to"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

      ss_window_live_save (self, file);
    }
}

void
_ss_window_class_live_init (SsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.capture", NULL, ss_window_live_action);
  gtk_widget_class_install_action (widget_class, "win.capture-start", "(ss)", ss_window_live_action);
  gtk_widget_class_install_action (widget_class, "win.stop-capture", NULL, ss_window_live_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, ss_window_live_action);
  gtk_widget_class_install_action (widget_class, "win.save-to", "s", ss_window_live_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.capture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
}

void
_ss_window_live_init (SsWindow *self)
{
  SsWindowLive *live = g_new0 (SsWindowLive, 1);
  GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (self));

  self->live = live;
  if (GTK_IS_HEADER_BAR (header))
    {
      live->capture_button = gtk_button_new_with_mnemonic ("_Capture");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (live->capture_button), "win.capture");
      gtk_widget_set_tooltip_text (live->capture_button, "Capture live traffic from an interface (Ctrl+K)");
      gtk_header_bar_pack_start (GTK_HEADER_BAR (header), live->capture_button);

      live->stop_button = gtk_button_new_with_mnemonic ("_Stop");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (live->stop_button), "win.stop-capture");
      gtk_widget_add_css_class (live->stop_button, "destructive-action");
      gtk_widget_set_tooltip_text (live->stop_button,
                                   "Stop capturing; everything captured stays, to browse and save");
      gtk_widget_set_visible (live->stop_button, FALSE);
      gtk_header_bar_pack_start (GTK_HEADER_BAR (header), live->stop_button);
    }
  _ss_window_live_update_actions (self);
}

void
_ss_window_live_dispose (SsWindow *self)
{
  SsWindowLive *live = self->live;

  if (live == NULL)
    return;
  ss_window_live_close_capture (self);
  ss_window_live_unhook_signals (live);
  if (live->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (live->dialog), (gpointer *) &live->dialog);
      gtk_window_destroy (GTK_WINDOW (live->dialog));
      live->dialog = NULL;
    }
  if (live->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (live->save_chooser));
  g_clear_object (&live->save_chooser);
  if (live->save_cancellable != NULL)
    g_cancellable_cancel (live->save_cancellable);
  g_clear_object (&live->save_cancellable);
  g_free (live->save_error);
  g_free (live->saved_as);
  g_clear_weak_pointer (&live->saved_capture);
  self->live = NULL;
  g_free (live);
}
