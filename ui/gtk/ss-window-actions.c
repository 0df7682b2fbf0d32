/* ss-window-actions.c - the window's actions ("win.*" in menus, buttons,
 * shortcuts and tests): open, open-uri, cancel-load, dismiss-banner, show,
 * focus-search, select-conn, and the ladder's stepping: event-first,
 * event-previous, event-next, event-last, anomaly-previous, anomaly-next.
 * The player and the ladder's switches (win.play ...) are in
 * ss-window-play.c; their keys are here with the stepping keys.
 */
#define G_LOG_DOMAIN "synscope-window-actions"

#include "ss-window-private.h"

static void
ss_window_chooser_response_cb (SsWindow             *self,
                               int                   response,
                               GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ss_window_open (self, file);
    }
  if (self->chooser == chooser)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
      g_clear_object (&self->chooser);
    }
}

static GtkFileFilter *
ss_file_filter (const char        *name,
                const char *const *mime_types,
                const char *const *patterns)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  return filter;
}

void
_ss_window_open_dialog (SsWindow *self)
{
  static const char *const capture_types[] = {
    "application/vnd.tcpdump.pcap", "application/x-pcapng", NULL
  };
  static const char *const capture_patterns[] = {
    "*.pcap", "*.pcapng", "*.cap", "*.ntar", "*.PCAP", "*.PCAPNG", NULL
  };
  static const char *const all_patterns[] = { "*", NULL };
  g_autoptr(GtkFileFilter) captures = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new ("Open a Capture", GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               "_Open", "_Cancel");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  captures = ss_file_filter ("Captures (pcap, pcapng)", capture_types, capture_patterns);
  all = ss_file_filter ("All files", NULL, all_patterns);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), captures);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), captures);

  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (ss_window_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ss_window_action_open (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  (void) action_name;
  (void) param;
  _ss_window_open_dialog (SS_WINDOW (widget));
}

static void
ss_window_action_open_uri (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  (void) action_name;
  ss_window_open (SS_WINDOW (widget), file);
}

static void
ss_window_action_cancel_load (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  (void) action_name;
  (void) param;
  _ss_window_cancel_load (SS_WINDOW (widget));
}

static void
ss_window_action_dismiss_banner (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  (void) action_name;
  (void) param;
  _ss_window_dismiss_banner (SS_WINDOW (widget));
}

static void
ss_window_action_focus_search (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  (void) action_name;
  (void) param;
  _ss_window_focus_search (SS_WINDOW (widget));
}

static void
ss_window_action_select_conn (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  SsWindow *self = SS_WINDOW (widget);

  (void) action_name;
  if (!_ss_window_select_conn (self, g_variant_get_uint32 (param)))
    g_debug ("connection %u is not among the rows shown", g_variant_get_uint32 (param));
}

static void
ss_window_action_step (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SsWindow *self = SS_WINDOW (widget);

  (void) param;
  if (g_str_equal (action_name, "win.event-first"))
    _ss_window_step (self, G_MININT, FALSE);
  else if (g_str_equal (action_name, "win.event-previous"))
    _ss_window_step (self, -1, FALSE);
  else if (g_str_equal (action_name, "win.event-next"))
    _ss_window_step (self, 1, FALSE);
  else if (g_str_equal (action_name, "win.event-last"))
    _ss_window_step (self, G_MAXINT, FALSE);
  else if (g_str_equal (action_name, "win.anomaly-previous"))
    _ss_window_step (self, -1, TRUE);
  else if (g_str_equal (action_name, "win.anomaly-next"))
    _ss_window_step (self, 1, TRUE);
}

/* The stepping keys, caught before the list (which moves its own focus
 * with arrows, Home and End) unless a text field has the focus. */
static gboolean
ss_window_step_key_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  (void) args;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return FALSE;
  /* Space presses a focused button; elsewhere it plays (ss-window-play.c). */
  if (focus != NULL && g_str_equal (user_data, "win.play") && GTK_IS_BUTTON (focus))
    return FALSE;
  if (!gtk_widget_get_visible (GTK_WIDGET (SS_WINDOW (widget)->ladder))
      || ss_ladder_widget_get_n_events (SS_WINDOW (widget)->ladder) == 0)
    return FALSE;
  return gtk_widget_activate_action (widget, user_data, NULL);
}

void
_ss_window_add_step_keys (SsWindow *self)
{
  static const struct {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    { GDK_KEY_Home,  0,              "win.event-first" },
    { GDK_KEY_Left,  0,              "win.event-previous" },
    { GDK_KEY_Right, 0,              "win.event-next" },
    { GDK_KEY_End,   0,              "win.event-last" },
    { GDK_KEY_n,     0,              "win.anomaly-next" },
    { GDK_KEY_N,     GDK_SHIFT_MASK, "win.anomaly-previous" },
    { GDK_KEY_space,        0,       "win.play" },
    { GDK_KEY_bracketleft,  0,       "win.play-slower" },
    { GDK_KEY_bracketright, 0,       "win.play-faster" },
    { GDK_KEY_e,            0,       "win.even-spacing" },
    { GDK_KEY_f,            0,       "win.fold-bulk" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                            gtk_callback_action_new (ss_window_step_key_cb,
                                                                                     (gpointer) keys[i].action,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_ss_window_class_actions_init (SsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, ss_window_action_open);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", ss_window_action_open_uri);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, ss_window_action_cancel_load);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, ss_window_action_dismiss_banner);
  /* Stateful, from the "show" property: the quick-filter toggles follow it. */
  gtk_widget_class_install_property_action (widget_class, "win.show", "show");
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, ss_window_action_focus_search);
  gtk_widget_class_install_action (widget_class, "win.select-conn", "u", ss_window_action_select_conn);
  gtk_widget_class_install_action (widget_class, "win.event-first", NULL, ss_window_action_step);
  gtk_widget_class_install_action (widget_class, "win.event-previous", NULL, ss_window_action_step);
  gtk_widget_class_install_action (widget_class, "win.event-next", NULL, ss_window_action_step);
  gtk_widget_class_install_action (widget_class, "win.event-last", NULL, ss_window_action_step);
  gtk_widget_class_install_action (widget_class, "win.anomaly-previous", NULL, ss_window_action_step);
  gtk_widget_class_install_action (widget_class, "win.anomaly-next", NULL, ss_window_action_step);
  _ss_window_class_export_init (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show", "s", "all");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show", "s", "tcp");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show", "s", "udp");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "win.show", "s", "problems");
}

void
_ss_window_update_actions (SsWindow *self)
{
  gboolean loading = ss_window_get_loading (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", loading);
  _ss_window_live_update_actions (self);
}
