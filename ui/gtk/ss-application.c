/* ss-application.c - synscope, the GtkApplication.
 *
 * Opens files given on the command line (G_APPLICATION_HANDLES_OPEN), one
 * window a file; app.about, app.quit and the keyboard accelerators. The
 * shortcuts window is gtk/help-overlay.ui in the GResource, which
 * GtkApplication picks up as win.show-help-overlay.
 *
 * Dark or light: GTK 4.8 follows gtk-application-prefer-dark-theme in
 * GtkSettings (set by XSettings / the theme); it does not read the desktop
 * portal's color-scheme (org.freedesktop.appearance, 0 none, 1 dark,
 * 2 light), so when a session bus is there we read it and keep GtkSettings
 * in step, unless GTK_THEME forces a theme.
 */
#define G_LOG_DOMAIN "synscope-application"

#include "ss-application.h"

#include "ss-window.h"

#ifndef SS_VERSION
# define SS_VERSION "0"
#endif

#define SS_PORTAL_NAME "org.freedesktop.portal.Desktop"
#define SS_PORTAL_PATH "/org/freedesktop/portal/desktop"
#define SS_PORTAL_SETTINGS "org.freedesktop.portal.Settings"

struct _SsApplication
{
  GtkApplication  parent_instance;

  GCancellable   *cancellable;
  guint           portal_signal_id;
};

G_DEFINE_FINAL_TYPE (SsApplication, ss_application, GTK_TYPE_APPLICATION)

/* Style */

static void
ss_application_apply_color_scheme (GVariant *value)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr(GVariant) inner = g_variant_ref (value);

  /* Read answers v wrapping v; SettingChanged carries a single v. */
  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *next = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = next;
    }
  if (settings == NULL || !g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    return;
  g_object_set (settings, "gtk-application-prefer-dark-theme",
                g_variant_get_uint32 (inner) == 1, NULL);
}

static void
ss_application_portal_changed_cb (GDBusConnection *connection,
                                  const char      *sender,
                                  const char      *path,
                                  const char      *interface,
                                  const char      *signal,
                                  GVariant        *parameters,
                                  gpointer         user_data)
{
  const char *ns = NULL;
  const char *key = NULL;
  g_autoptr(GVariant) value = NULL;

  (void) connection;
  (void) sender;
  (void) path;
  (void) interface;
  (void) signal;
  (void) user_data;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &ns, &key, &value);
  if (g_strcmp0 (ns, "org.freedesktop.appearance") == 0 && g_strcmp0 (key, "color-scheme") == 0)
    ss_application_apply_color_scheme (value);
}

static void
ss_application_portal_read_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  (void) user_data;
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_debug ("no color scheme from the portal: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  ss_application_apply_color_scheme (value);
}

static void
ss_application_follow_portal (SsApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  if (bus == NULL || g_getenv ("GTK_THEME") != NULL)
    return;

  self->portal_signal_id =
    g_dbus_connection_signal_subscribe (bus, SS_PORTAL_NAME, SS_PORTAL_SETTINGS,
                                        "SettingChanged", SS_PORTAL_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        ss_application_portal_changed_cb, NULL, NULL);
  g_dbus_connection_call (bus, SS_PORTAL_NAME, SS_PORTAL_PATH, SS_PORTAL_SETTINGS, "Read",
                          g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          2000, self->cancellable, ss_application_portal_read_cb, NULL);
}

/* Actions */

static void
ss_application_about (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *const authors[] = { "The synscope developers", NULL };

  (void) action;
  (void) param;
  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "Synscope",
                         "logo-icon-name", SS_APPLICATION_ID,
                         "version", SS_VERSION,
                         "comments", "See every TCP connection and UDP flow in a capture: "
                                     "how it opened, what it carried, how it ended.",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static void
ss_application_quit (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  (void) action;
  (void) param;
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = ss_application_about },
  { .name = "quit", .activate = ss_application_quit },
};

/* GApplication */

static void
ss_application_startup (GApplication *app)
{
  SsApplication *self = SS_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = NULL;
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.capture", { "<Control>k", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.show::all", { "<Control>1", NULL } },
    { "win.show::tcp", { "<Control>2", NULL } },
    { "win.show::udp", { "<Control>3", NULL } },
    { "win.show::problems", { "<Control>4", NULL } },
  };

  G_APPLICATION_CLASS (ss_application_parent_class)->startup (app);

  /* Recent files are kept under this name. */
  if (g_get_application_name () == NULL)
    g_set_application_name ("Synscope");

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/synscope/Synscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  ss_application_follow_portal (self);
}

static void
ss_application_shutdown (GApplication *app)
{
  SsApplication *self = SS_APPLICATION (app);
  GDBusConnection *bus = g_application_get_dbus_connection (app);

  g_cancellable_cancel (self->cancellable);
  if (bus != NULL && self->portal_signal_id != 0)
    g_dbus_connection_signal_unsubscribe (bus, self->portal_signal_id);
  self->portal_signal_id = 0;

  G_APPLICATION_CLASS (ss_application_parent_class)->shutdown (app);
}

static void
ss_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ss_window_new (GTK_APPLICATION (app)));
  gtk_window_present (window);
}

static void
ss_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  (void) hint;
  for (int i = 0; i < n_files; i++)
    {
      SsWindow *window;

      /* A window showing nothing yet takes the first file. */
      if (i == 0 && SS_IS_WINDOW (active) && ss_window_get_capture (SS_WINDOW (active)) == NULL)
        window = SS_WINDOW (active);
      else
        window = ss_window_new (GTK_APPLICATION (app));
      ss_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
ss_application_dispose (GObject *object)
{
  SsApplication *self = SS_APPLICATION (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ss_application_parent_class)->dispose (object);
}

static void
ss_application_class_init (SsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ss_application_dispose;
  app_class->startup = ss_application_startup;
  app_class->shutdown = ss_application_shutdown;
  app_class->activate = ss_application_activate;
  app_class->open = ss_application_open;
}

static void
ss_application_init (SsApplication *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * ss_application_new:
 * @flags: added to %G_APPLICATION_HANDLES_OPEN
 *
 * Returns: (transfer full): the application
 */
SsApplication *
ss_application_new (GApplicationFlags flags)
{
  return g_object_new (SS_TYPE_APPLICATION,
                       "application-id", SS_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | flags,
                       NULL);
}
