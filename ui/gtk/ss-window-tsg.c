/* ss-window-tsg.c - the window's time-sequence graph page ("tsg" in the
 * view stack): the graph of the selected connection (SsTsgWidget) under a
 * row of its own controls (whose data, zoom), its cursor on the ladder's
 * current event, and a click on a segment stepping the ladder to it.
 */
#define G_LOG_DOMAIN "synscope-window-tsg"

#include "ss-window-private.h"

#include "ss-tsg-view.h"

/* The toggles for "the client's data" and "the server's data". */
#define SS_TSG_CLIENT_KEY "ss-tsg-client-toggle"
#define SS_TSG_SERVER_KEY "ss-tsg-server-toggle"

static void
ss_window_tsg_current_cb (SsWindow       *self,
                          GParamSpec     *pspec,
                          SsLadderWidget *ladder)
{
  (void) pspec;
  if (self->tsg != NULL)
    ss_tsg_widget_set_cursor (self->tsg, ss_ladder_widget_get_current (ladder));
}

static void
ss_window_tsg_activated_cb (SsWindow    *self,
                            guint64      index,
                            SsTsgWidget *tsg)
{
  (void) tsg;
  if (self->ladder != NULL && index < G_MAXSIZE)
    ss_ladder_widget_set_current (self->ladder, (gsize) index);
}

static void
ss_window_tsg_toggled_cb (GtkToggleButton *button,
                          SsTsgWidget     *tsg)
{
  gpointer dir = g_object_get_data (G_OBJECT (button), "ss-tsg-dir");

  if (gtk_toggle_button_get_active (button))
    ss_tsg_widget_set_direction (tsg, (SsDir) GPOINTER_TO_UINT (dir));
}

static void
ss_window_tsg_direction_cb (GtkWidget   *page,
                            GParamSpec  *pspec,
                            SsTsgWidget *tsg)
{
  const char *key = ss_tsg_widget_get_direction (tsg) == SS_DIR_C2S ? SS_TSG_CLIENT_KEY : SS_TSG_SERVER_KEY;

  (void) pspec;
  gtk_toggle_button_set_active (g_object_get_data (G_OBJECT (page), key), TRUE);
}

static void
ss_window_tsg_zoom_in_cb (SsTsgWidget *tsg,
                          GtkButton   *button)
{
  (void) button;
  ss_tsg_widget_zoom (tsg, 1.25, 1.25);
}

static void
ss_window_tsg_zoom_out_cb (SsTsgWidget *tsg,
                           GtkButton   *button)
{
  (void) button;
  ss_tsg_widget_zoom (tsg, 0.8, 0.8);
}

static void
ss_window_tsg_reset_cb (SsTsgWidget *tsg,
                        GtkButton   *button)
{
  (void) button;
  ss_tsg_widget_reset_zoom (tsg);
}

static GtkWidget *
ss_window_tsg_button (const char  *icon,
                      const char  *tooltip,
                      GCallback    cb,
                      SsTsgWidget *tsg)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (b, tooltip);
  g_signal_connect_object (b, "clicked", cb, tsg, G_CONNECT_SWAPPED);
  return b;
}

static GtkWidget *
ss_window_tsg_toggle (const char  *label,
                      const char  *tooltip,
                      SsDir        dir,
                      SsTsgWidget *tsg)
{
  GtkWidget *t = gtk_toggle_button_new_with_label (label);

  gtk_widget_set_tooltip_text (t, tooltip);
  g_object_set_data (G_OBJECT (t), "ss-tsg-dir", GUINT_TO_POINTER ((guint) dir));
  g_signal_connect_object (t, "toggled", G_CALLBACK (ss_window_tsg_toggled_cb), tsg, 0);
  return t;
}

void
_ss_window_tsg_init (SsWindow *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->view_stack, "tsg");
  GtkWidget *bar, *linked, *client, *server, *hint;

  g_return_if_fail (GTK_IS_BOX (page));

  self->tsg = SS_TSG_WIDGET (ss_tsg_widget_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->tsg), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->tsg), TRUE);

  /* the graph's own controls, above it */
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (bar, "ss-toolbar");
  linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (linked, "linked");
  client = ss_window_tsg_toggle ("Client's Data", "The client's data, and the server's ACKs, window and SACKs (D switches)",
                                 SS_DIR_C2S, self->tsg);
  server = ss_window_tsg_toggle ("Server's Data", "The server's data, and the client's ACKs, window and SACKs (D switches)",
                                 SS_DIR_S2C, self->tsg);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (server), GTK_TOGGLE_BUTTON (client));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (client), TRUE);
  gtk_box_append (GTK_BOX (linked), client);
  gtk_box_append (GTK_BOX (linked), server);
  gtk_box_append (GTK_BOX (bar), linked);
  g_object_set_data (G_OBJECT (page), SS_TSG_CLIENT_KEY, client);
  g_object_set_data (G_OBJECT (page), SS_TSG_SERVER_KEY, server);

  linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (linked, "linked");
  gtk_box_append (GTK_BOX (linked), ss_window_tsg_button ("zoom-out-symbolic", "Zoom out (-; Ctrl+scroll)",
                                                          G_CALLBACK (ss_window_tsg_zoom_out_cb), self->tsg));
  gtk_box_append (GTK_BOX (linked), ss_window_tsg_button ("zoom-fit-best-symbolic", "Show all of it (0)",
                                                          G_CALLBACK (ss_window_tsg_reset_cb), self->tsg));
  gtk_box_append (GTK_BOX (linked), ss_window_tsg_button ("zoom-in-symbolic", "Zoom in (+; Ctrl+scroll)",
                                                          G_CALLBACK (ss_window_tsg_zoom_in_cb), self->tsg));
  gtk_box_append (GTK_BOX (bar), linked);

  hint = gtk_label_new ("Drag to pan, Shift+drag to zoom into a rectangle; click a segment to step the ladder to it.");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_ellipsize (GTK_LABEL (hint), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_tooltip_text (hint, "Zoom: Ctrl+scroll, + and -, X and Shift+X (time), Y and Shift+Y (sequence), "
                               "Shift+drag or drag with the right button; pan: drag, scroll (Shift+scroll for time), "
                               "Shift+arrows; 0 shows all; D switches whose data. Left, Right, Home, End, N and "
                               "Shift+N step the ladder as everywhere.");
  gtk_box_append (GTK_BOX (bar), hint);

  gtk_box_append (GTK_BOX (page), bar);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->tsg));

  g_signal_connect_object (self->tsg, "notify::direction", G_CALLBACK (ss_window_tsg_direction_cb), page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tsg, "event-activated", G_CALLBACK (ss_window_tsg_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ladder, "notify::current", G_CALLBACK (ss_window_tsg_current_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_ss_window_tsg_selected (SsWindow *self)
{
  SsConnItem *item;
  const SsModel *model;

  if (self->tsg == NULL)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;
  if (item != NULL && model != NULL)
    ss_tsg_widget_set_conn (self->tsg, model, ss_conn_item_get_conn (item)->id - 1);
  else
    ss_tsg_widget_set_conn (self->tsg, NULL, 0);
  ss_tsg_widget_set_cursor (self->tsg, ss_ladder_widget_get_current (self->ladder));
}

void
_ss_window_tsg_refresh (SsWindow *self)
{
  if (self->tsg != NULL)
    ss_tsg_widget_refresh (self->tsg);
}
