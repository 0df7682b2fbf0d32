/* ss-window.c - the main window (see ss-window.h).
 *
 * Opening a capture hands it to an SsCapture, which reads it in slices from
 * the main loop; the list (a GtkColumnView over the capture's rows, filtered
 * by the search entry and the quick filters, sorted by the column view's
 * sorter) fills while it loads. What went wrong shows in a banner with the
 * sentences synscope-cli prints; what was read is kept.
 */
#define G_LOG_DOMAIN "synscope-window"

#include "ss-window-private.h"

#include "ss-conn-columns.h"
#include "ss-event-words.h"
#include "ss-text.h"

G_DEFINE_FINAL_TYPE (SsWindow, ss_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SHOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SS_RECENT_MAX 10

static const char *const show_names[] = {
  [SS_SHOW_ALL]      = "all",
  [SS_SHOW_TCP]      = "tcp",
  [SS_SHOW_UDP]      = "udp",
  [SS_SHOW_PROBLEMS] = "problems",
  [SS_SHOW_REFUSED]         = "refused",
  [SS_SHOW_NO_ANSWER]       = "no-answer",
  [SS_SHOW_RESET]           = "reset",
  [SS_SHOW_ICMP_ERROR]      = "icmp-error",
  [SS_SHOW_RETRANSMISSIONS] = "retransmissions",
  [SS_SHOW_ZERO_WINDOW]     = "zero-window",
};

const char *
_ss_show_to_string (SsShow show)
{
  if ((guint) show >= G_N_ELEMENTS (show_names))
    return show_names[SS_SHOW_ALL];
  return show_names[show];
}

gboolean
_ss_show_from_string (const char *str,
                      SsShow     *show)
{
  for (guint i = 0; i < G_N_ELEMENTS (show_names); i++)
    if (g_strcmp0 (str, show_names[i]) == 0)
      {
        *show = (SsShow) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
_ss_show_trouble (SsShow     show,
                  SsTrouble *trouble)
{
  switch (show)
    {
    case SS_SHOW_REFUSED:
    case SS_SHOW_NO_ANSWER:
    case SS_SHOW_RESET:
    case SS_SHOW_ICMP_ERROR:
    case SS_SHOW_RETRANSMISSIONS:
    case SS_SHOW_ZERO_WINDOW:
      *trouble = (SsTrouble) (show - SS_SHOW_REFUSED);
      return TRUE;
    case SS_SHOW_ALL:
    case SS_SHOW_TCP:
    case SS_SHOW_UDP:
    case SS_SHOW_PROBLEMS:
    default:
      return FALSE;
    }
}

char *
_ss_plural (guint64     n,
            const char *one,
            const char *many)
{
  char num[32];

  ss_text_count (num, sizeof num, n);
  return g_strdup_printf ("%s %s", num, n == 1 ? one : many);
}

static void
ss_window_update_status (SsWindow *self)
{
  g_autofree char *conns = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *frames = NULL;
  g_autoptr(GString) text = NULL;
  char num[32];
  guint n_rows, n_conns;

  if (self->capture == NULL)
    {
      gtk_label_set_text (self->status_label, "No capture open.");
      return;
    }

  n_conns = g_list_model_get_n_items (ss_capture_get_connections (self->capture));
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  conns = _ss_plural (n_conns, "connection", "connections");
  ss_text_count (num, sizeof num, ss_capture_get_n_problems (self->capture));
  problems = g_strdup_printf ("%s with problems", num);
  frames = _ss_plural (ss_capture_get_frames (self->capture), "frame", "frames");

  text = g_string_new (NULL);
  if (ss_capture_get_loading (self->capture))
    g_string_append (text, "Loading: ");
  else if (ss_capture_get_capturing (self->capture))
    g_string_append (text, "Capturing: ");
  g_string_append_printf (text, "%s, %s, %s", conns, problems, frames);
  if (n_rows != n_conns)
    {
      ss_text_count (num, sizeof num, n_rows);
      g_string_append_printf (text, "; %s shown", num);
    }
  if (self->load_note != NULL)
    g_string_append_printf (text, " (%s)", self->load_note);
  gtk_label_set_text (self->status_label, text->str);
}

static void
ss_window_show_banner (SsWindow   *self,
                       gboolean    error,
                       const char *text)
{
  gtk_label_set_text (self->banner_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), text);
  gtk_image_set_from_icon_name (self->banner_icon,
                                error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (error)
    {
      gtk_widget_add_css_class (self->banner, "error");
      gtk_widget_remove_css_class (self->banner, "warning");
    }
  else
    {
      gtk_widget_add_css_class (self->banner, "warning");
      gtk_widget_remove_css_class (self->banner, "error");
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

void
_ss_window_show_banner (SsWindow   *self,
                        gboolean    error,
                        const char *text)
{
  ss_window_show_banner (self, error, text);
}

void
_ss_window_dismiss_banner (SsWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
ss_window_update_progress (SsWindow *self)
{
  g_autofree char *text = NULL;
  char num[32];

  if (self->capture == NULL || !ss_capture_get_loading (self->capture))
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      return;
    }

  /* How far into the file the loader is; a stream of unknown size (standard
   * input) only shows that it moves. */
  guint64 size = ss_capture_get_file_size (self->capture);
  guint64 done = ss_capture_get_bytes_read (self->capture);
  ss_text_count (num, sizeof num, ss_capture_get_frames (self->capture));
  text = g_strdup_printf ("Reading… %s frames", num);
  gtk_progress_bar_set_text (self->progress_bar, text);
  if (size > 0 && done > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) size));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

static void
ss_window_frames_cb (SsWindow  *self,
                     GParamSpec *pspec,
                     SsCapture *capture)
{
  (void) pspec;
  if (capture != self->capture)
    return;
  ss_window_update_progress (self);
  ss_window_update_status (self);
  ss_ladder_widget_refresh (self->ladder);
  _ss_window_overview_refresh (self);
  _ss_window_flow_frames (self);
  _ss_window_tsg_refresh (self);
}

static void
ss_window_rows_changed_cb (SsWindow   *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  (void) position;
  (void) removed;
  (void) added;
  (void) model;
  ss_window_update_status (self);
}

/* The ladder and the event pane */

static const SsConn *
ss_window_ladder_conn (SsWindow *self)
{
  SsConnItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? ss_conn_item_get_conn (item) : NULL;
}

static void
ss_window_scroll_to_current (SsWindow *self)
{
  GtkAdjustment *adj;
  gsize current;
  double top, bottom, value, page;

  if (self->ladder_scroll == NULL || self->ladder == NULL)
    return; /* disposed */
  adj = gtk_scrolled_window_get_vadjustment (self->ladder_scroll);
  current = ss_ladder_widget_get_current (self->ladder);
  if (!ss_ladder_widget_get_row (self->ladder, current, &top, &bottom))
    return;
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (page <= 0)
    return;
  if (top < value)
    gtk_adjustment_set_value (adj, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (adj, MIN (top, bottom - page));
}

#define SS_BYTES_SHOWN 4096

/* The frame's bytes, read back from the file (the model keeps only where
 * they are), as a hex dump. */
static void
ss_window_update_bytes (SsWindow      *self,
                        const SsEvent *ev)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree guint8 *bytes = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *title = NULL;
  gsize want, got = 0;
  int len;

  if (ev == NULL || ev->file_offset == G_MAXUINT64 || ev->caplen == 0 || self->capture == NULL)
    {
      gtk_label_set_text (self->bytes_label, ev == NULL ? "" : "The bytes cannot be read back (the capture was not read from a file).");
      gtk_expander_set_label (self->bytes_expander, "Bytes");
      return;
    }
  want = MIN (ev->caplen, SS_BYTES_SHOWN);
  bytes = g_malloc (want);
  in = g_file_read (ss_capture_get_file (self->capture), NULL, NULL);
  if (in == NULL
      || !g_seekable_seek (G_SEEKABLE (in), (goffset) ev->file_offset, G_SEEK_SET, NULL, NULL)
      || !g_input_stream_read_all (G_INPUT_STREAM (in), bytes, want, &got, NULL, NULL)
      || got != want)
    {
      gtk_label_set_text (self->bytes_label, "The bytes cannot be read back: the file changed or is gone.");
      gtk_expander_set_label (self->bytes_expander, "Bytes");
      return;
    }
  len = ss_event_hex_dump (bytes, got, NULL, 0);
  dump = g_malloc ((gsize) len + 1);
  ss_event_hex_dump (bytes, got, dump, (gsize) len + 1);
  gtk_label_set_text (self->bytes_label, dump);
  if (got < ev->caplen)
    title = g_strdup_printf ("Bytes (the first %" G_GSIZE_FORMAT " of %u)", got, ev->caplen);
  else
    title = g_strdup_printf ("Bytes (%u)", ev->caplen);
  gtk_expander_set_label (self->bytes_expander, title);
}

static void
ss_window_update_event (SsWindow *self)
{
  const SsConn *conn = ss_window_ladder_conn (self);
  const SsModel *model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;
  gsize current = ss_ladder_widget_get_current (self->ladder);
  SsEvent ev, prev;
  gboolean have_prev = FALSE;
  char text[1024], client[128], server[128];

  if (conn == NULL || model == NULL || current == G_MAXSIZE
      || !ss_model_get_event (model, conn->id - 1, current, &ev))
    {
      gtk_label_set_text (self->event_label, "");
      gtk_label_set_text (self->client_state_label, "");
      gtk_label_set_text (self->server_state_label, "");
      ss_window_update_bytes (self, NULL);
      return;
    }
  if (current > 0)
    have_prev = ss_model_get_event (model, conn->id - 1, current - 1, &prev);

  {
    char words[900];
    char num[32];

    ss_event_words (&ev, words, sizeof words);
    g_snprintf (num, sizeof num, "%u", ev.frame);
    g_snprintf (text, sizeof text, "Event %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT ", frame %s: %s",
                current + 1, ss_ladder_widget_get_n_events (self->ladder), num, words);
  }
  ss_event_state_words (conn->proto, &ev, have_prev ? &prev : NULL, TRUE, client, sizeof client);
  ss_event_state_words (conn->proto, &ev, have_prev ? &prev : NULL, FALSE, server, sizeof server);
  gtk_label_set_text (self->event_label, text);
  gtk_label_set_text (self->client_state_label, client);
  gtk_label_set_text (self->server_state_label, server);
  ss_window_update_bytes (self, &ev);
}

static gboolean
ss_window_scroll_idle_cb (gpointer data)
{
  SsWindow *self = data;

  ss_window_scroll_to_current (self);
  return G_SOURCE_REMOVE;
}

static void
ss_window_current_cb (SsWindow       *self,
                      GParamSpec     *pspec,
                      SsLadderWidget *ladder)
{
  (void) pspec;
  (void) ladder;
  ss_window_update_event (self);
  ss_window_scroll_to_current (self);
  /* After a new connection the adjustment learns its size at the next
   * allocation. */
  g_idle_add_full (G_PRIORITY_LOW, ss_window_scroll_idle_cb, g_object_ref (self), g_object_unref);
}

void
_ss_window_step (SsWindow *self,
                 int       delta,
                 gboolean  anomaly)
{
  const SsConn *conn = ss_window_ladder_conn (self);
  const SsModel *model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;
  gsize n = ss_ladder_widget_get_n_events (self->ladder);
  gsize current = ss_ladder_widget_get_current (self->ladder);

  if (conn == NULL || model == NULL || n == 0)
    return;
  if (current == G_MAXSIZE)
    current = 0;

  if (anomaly)
    {
      SsEvent ev;

      for (gsize i = current; delta > 0 ? i + 1 < n : i > 0; )
        {
          i = delta > 0 ? i + 1 : i - 1;
          if (ss_model_get_event (model, conn->id - 1, i, &ev) && ev.analysis != 0)
            {
              ss_ladder_widget_set_current (self->ladder, i);
              return;
            }
        }
      gtk_widget_error_bell (GTK_WIDGET (self));
      _ss_window_ladder_note (self, delta > 0 ? "No later event with an analysis flag"
                                              : "No earlier event with an analysis flag");
      return;
    }

  if (delta == G_MININT)
    current = 0;
  else if (delta == G_MAXINT)
    current = n - 1;
  else if (delta < 0)
    current = current >= (gsize) -delta ? current - (gsize) -delta : 0;
  else
    current = MIN (n - 1, current + (gsize) delta);
  ss_ladder_widget_set_current (self->ladder, current);
}

static void
ss_window_selected_cb (SsWindow           *self,
                       GParamSpec         *pspec,
                       GtkSingleSelection *selection)
{
  const SsConn *conn;

  (void) pspec;
  ss_conn_details_set_item (self->details, gtk_single_selection_get_selected_item (selection));
  conn = ss_window_ladder_conn (self);
  if (conn != NULL && self->capture != NULL && ss_capture_get_model (self->capture) != NULL)
    ss_ladder_widget_set_conn (self->ladder, ss_capture_get_model (self->capture), conn->id - 1);
  else
    ss_ladder_widget_set_conn (self->ladder, NULL, 0);
  ss_window_update_event (self);
  _ss_window_overview_selected (self);
  _ss_window_flow_selected (self);
  _ss_window_tsg_selected (self);
}

static gboolean
ss_window_search_match (gpointer item,
                        gpointer user_data)
{
  SsWindow *self = user_data;

  return ss_conn_item_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static gboolean
ss_window_show_match (gpointer item,
                      gpointer user_data)
{
  SsWindow *self = user_data;
  const SsConn *conn = ss_conn_item_get_conn (item);
  SsTrouble trouble;

  switch (self->show)
    {
    case SS_SHOW_TCP:
      return conn->proto == SS_PROTO_TCP;
    case SS_SHOW_UDP:
      return conn->proto == SS_PROTO_UDP;
    case SS_SHOW_PROBLEMS:
      return ss_conn_item_is_problem (item);
    case SS_SHOW_REFUSED:
    case SS_SHOW_NO_ANSWER:
    case SS_SHOW_RESET:
    case SS_SHOW_ICMP_ERROR:
    case SS_SHOW_RETRANSMISSIONS:
    case SS_SHOW_ZERO_WINDOW:
      /* the overview strip asks the same (ss-window-overview.c) */
      return _ss_show_trouble (self->show, &trouble) && ss_trouble_keep (trouble, conn);
    case SS_SHOW_ALL:
    default:
      return TRUE;
    }
}

static void
ss_window_search_changed_cb (SsWindow       *self,
                             GtkSearchEntry *entry)
{
  (void) entry;
  gtk_filter_changed (self->search_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* The Problem menu's button names the kind of trouble shown, if one is. */
static void
ss_window_update_problem_button (SsWindow *self)
{
  SsTrouble trouble;

  if (_ss_show_trouble (self->show, &trouble))
    gtk_menu_button_set_label (self->problem_button, ss_trouble_label (trouble));
  else
    gtk_menu_button_set_label (self->problem_button, "Problem");
}

void
_ss_window_set_show (SsWindow *self,
                     SsShow    show)
{
  if (self->show == show)
    return;
  self->show = show;
  gtk_filter_changed (self->show_filter, GTK_FILTER_CHANGE_DIFFERENT);
  ss_window_update_problem_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW]);
}

void
_ss_window_focus_search (SsWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
_ss_window_select_conn (SsWindow *self,
                        guint     id)
{
  GListModel *rows = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SsConnItem) item = g_list_model_get_item (rows, i);

      if (ss_conn_item_get_id (item) == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* GTK 4.8 has no gtk_column_view_scroll_to(): ask its list. */
          for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->conn_view));
               child != NULL;
               child = gtk_widget_get_next_sibling (child))
            if (GTK_IS_LIST_VIEW (child))
              gtk_widget_activate_action (child, "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Recent files */

static const char *
ss_mime_type (const SsLoadReport *report)
{
  if (report != NULL && report->format == SS_FORMAT_PCAPNG)
    return "application/x-pcapng";
  return "application/vnd.tcpdump.pcap";
}

static void
ss_window_add_recent (SsWindow  *self,
                      SsCapture *capture)
{
  g_autofree char *uri = g_file_get_uri (ss_capture_get_file (capture));
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) ss_mime_type (ss_capture_get_report (capture)),
    .app_name = (char *) (g_get_application_name () != NULL ? g_get_application_name () : "Synscope"),
    .app_exec = (char *) "synscope %u", /* the program that opens it, whoever runs us */
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (self->recent_manager, uri, &data);
}

static int
ss_recent_newest_first (gconstpointer a,
                        gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (ib), gtk_recent_info_get_modified (ia));
}

static void
ss_window_rebuild_recent (SsWindow *self)
{
  GList *infos = gtk_recent_manager_get_items (self->recent_manager);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  const char *app_name = g_get_application_name ();

  g_menu_remove_all (self->recent_section);
  for (GList *l = infos; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, app_name))
        g_ptr_array_add (mine, info);
    }
  g_ptr_array_sort (mine, ss_recent_newest_first);

  for (guint i = 0; i < mine->len && i < SS_RECENT_MAX; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (mine, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "win.open-uri", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_section, item);
    }
  if (mine->len == 0)
    g_menu_append (self->recent_section, "No recent captures", "win.no-recent");

  g_list_free_full (infos, (GDestroyNotify) gtk_recent_info_unref);
}

static void
ss_window_recent_changed_cb (SsWindow         *self,
                             GtkRecentManager *manager)
{
  (void) manager;
  ss_window_rebuild_recent (self);
}

/* Loading */

static void
ss_window_load_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SsCapture *capture = SS_CAPTURE (object);
  g_autoptr(SsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  gboolean ok;

  ok = ss_capture_load_finish (capture, result, &error);
  if (capture != self->capture)
    return; /* replaced by another file */

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load_note, g_free);
  notes = ss_capture_dup_notes (capture);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->load_note = g_strdup ("loading cancelled: the rest of the file was not read");
      if (notes != NULL)
        ss_window_show_banner (self, FALSE, notes);
    }
  else if (!ok)
    {
      ss_window_show_banner (self, TRUE, error->message);
      if (g_error_matches (error, SS_CAPTURE_ERROR, SS_CAPTURE_ERROR_OPEN))
        gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }
  else
    {
      const SsLoadReport *report = ss_capture_get_report (capture);

      ss_window_add_recent (self, capture);
      if (notes != NULL)
        ss_window_show_banner (self, FALSE, notes);
      else if (report != NULL && report->frames == 0)
        ss_window_show_banner (self, FALSE, "the capture holds no packets");
    }

  ss_window_update_progress (self);
  ss_window_update_status (self);
  _ss_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
_ss_window_cancel_load (SsWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Shows capture (taken) in place of what the window showed, a file or a
 * live capture: the one before is cancelled or closed (a live capture's
 * spool file is deleted). Whatever follows the capture shown hooks in here. */
void
_ss_window_set_capture (SsWindow   *self,
                        SsCapture  *capture,
                        const char *title,
                        const char *subtitle)
{
  g_autoptr(SsCapture) old = g_steal_pointer (&self->capture);

  _ss_window_cancel_load (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load_note, g_free);
  ss_ladder_widget_set_conn (self->ladder, NULL, 0);
  if (old != NULL)
    {
      g_signal_handlers_disconnect_by_data (old, self);
      ss_capture_close (old);
    }
  _ss_window_dismiss_banner (self);

  self->capture = capture;
  if (self->slice_frames > 0)
    ss_capture_set_slice_frames (self->capture, self->slice_frames);
  g_signal_connect_object (self->capture, "notify::frames",
                           G_CALLBACK (ss_window_frames_cb), self, G_CONNECT_SWAPPED);
  gtk_filter_list_model_set_model (self->filter_model,
                                   ss_capture_get_connections (self->capture));

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_stack_set_visible_child_name (self->main_stack, "capture");
}

void
ss_window_open (SsWindow *self,
                GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *parse_name = NULL;

  g_return_if_fail (SS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  parse_name = g_file_get_parse_name (file);
  _ss_window_set_capture (self, ss_capture_new (file), name, parse_name);

  self->cancellable = g_cancellable_new ();
  ss_capture_load_async (self->capture, self->cancellable, ss_window_load_cb, g_object_ref (self));
  _ss_window_overview_set_capture (self);

  ss_window_update_progress (self);
  ss_window_update_status (self);
  _ss_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Drag and drop */

static gboolean
ss_window_drop_cb (SsWindow      *self,
                   const GValue  *value,
                   double         x,
                   double         y,
                   GtkDropTarget *target)
{
  GFile *file = NULL;

  (void) x;
  (void) y;
  (void) target;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        file = files->data;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  ss_window_open (self, file);
  return TRUE;
}

/* GObject */

static void
ss_window_dispose (GObject *object)
{
  SsWindow *self = SS_WINDOW (object);

  _ss_window_play_dispose (self);
  _ss_window_live_dispose (self);
  _ss_window_cancel_load (self);
  g_clear_object (&self->cancellable);
  if (self->ladder != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ladder, self);
      ss_ladder_widget_set_conn (self->ladder, NULL, 0);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  _ss_window_export_dispose (self);
  if (self->recent_manager != NULL)
    g_clear_signal_handler (&self->recent_changed_handler, self->recent_manager);
  self->recent_manager = NULL;
  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_clear_object (&self->capture);
  _ss_window_overview_set_capture (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SS_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->show_filter);
  g_clear_pointer (&self->load_note, g_free);

  G_OBJECT_CLASS (ss_window_parent_class)->dispose (object);
}

static void
ss_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SsWindow *self = SS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, ss_window_get_loading (self));
      break;
    case PROP_SHOW:
      g_value_set_string (value, _ss_show_to_string (self->show));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SsWindow *self = SS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      {
        SsShow show;

        if (_ss_show_from_string (g_value_get_string (value), &show))
          _ss_window_set_show (self, show);
        else
          g_warning ("unknown filter '%s'", g_value_get_string (value));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_window_class_init (SsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ss_window_dispose;
  object_class->get_property = ss_window_get_property;
  object_class->set_property = ss_window_set_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Which rows the quick filters let through: "all", "tcp", "udp", "problems". */
  properties[PROP_SHOW] =
    g_param_spec_string ("show", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SS_TYPE_CONN_DETAILS);
  g_type_ensure (SS_TYPE_LADDER_WIDGET);
  g_type_ensure (SS_TYPE_FLOW_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/synscope/Synscope/ss-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SsWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, conn_view);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, details);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, overview_box);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, problem_button);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, view_bar);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, ladder_scroll);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, ladder);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, flow);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, event_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, client_state_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, server_state_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, bytes_expander);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SsWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, ss_window_search_changed_cb);

  _ss_window_class_actions_init (klass);
  _ss_window_class_play_init (klass);
  _ss_window_class_live_init (klass);
}

static void
ss_window_init (SsWindow *self)
{
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  ss_conn_columns_add (self->conn_view);

  self->search_filter = GTK_FILTER (gtk_custom_filter_new (ss_window_search_match, self, NULL));
  self->show_filter = GTK_FILTER (gtk_custom_filter_new (ss_window_show_match, self, NULL));
  {
    GtkEveryFilter *every = gtk_every_filter_new ();

    gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (self->show_filter));
    gtk_multi_filter_append (GTK_MULTI_FILTER (every), g_object_ref (self->search_filter));
    self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (every));
  }
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->conn_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->conn_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (ss_window_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (ss_window_rows_changed_cb), self, G_CONNECT_SWAPPED);

  _ss_window_add_step_keys (self);
  g_signal_connect_object (self->ladder, "notify::current",
                           G_CALLBACK (ss_window_current_cb), self, G_CONNECT_SWAPPED);
  _ss_window_play_init (self);
  _ss_window_overview_init (self);
  _ss_window_live_init (self);
  _ss_window_flow_init (self);
  _ss_window_tsg_init (self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (ss_window_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->recent_manager = gtk_recent_manager_get_default ();
  self->recent_changed_handler =
    g_signal_connect_object (self->recent_manager, "changed",
                             G_CALLBACK (ss_window_recent_changed_cb), self, G_CONNECT_SWAPPED);
  ss_window_rebuild_recent (self);

  ss_window_update_status (self);
  _ss_window_update_actions (self);
}

SsWindow *
ss_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SS_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ss_window_get_capture:
 *
 * Returns: (transfer none) (nullable): the capture shown
 */
SsCapture *
ss_window_get_capture (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return self->capture;
}

gboolean
ss_window_get_loading (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), FALSE);
  return self->capture != NULL && ss_capture_get_loading (self->capture);
}

void
ss_window_set_slice_frames (SsWindow *self,
                            guint     frames)
{
  g_return_if_fail (SS_IS_WINDOW (self));
  self->slice_frames = frames;
  if (self->capture != NULL)
    ss_capture_set_slice_frames (self->capture, frames);
}

/**
 * ss_window_get_rows:
 *
 * Returns: (transfer none): the rows shown, a #GListModel of #SsConnItem
 */
GListModel *
ss_window_get_rows (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/**
 * ss_window_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected connection
 */
SsConnItem *
ss_window_get_selected (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

char *
ss_window_dup_status_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return g_strdup (gtk_label_get_text (self->status_label));
}

/**
 * ss_window_dup_banner_text:
 *
 * Returns: (transfer full) (nullable): the banner's text, %NULL when it is hidden
 */
char *
ss_window_dup_banner_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return g_strdup (gtk_label_get_text (self->banner_label));
}

char *
ss_window_dup_details_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return ss_conn_details_dup_text (self->details);
}

/**
 * ss_window_get_ladder:
 *
 * Returns: (transfer none): the ladder of the selected connection
 */
SsLadderWidget *
ss_window_get_ladder (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return self->ladder;
}

/* The current event's index in the ladder, G_MAXSIZE for none. */
gsize
ss_window_get_current_event (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), G_MAXSIZE);
  return ss_ladder_widget_get_current (self->ladder);
}

char *
ss_window_dup_event_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return g_strdup (gtk_label_get_text (self->event_label));
}

char *
ss_window_dup_state_text (SsWindow *self,
                          gboolean  client)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return g_strdup (gtk_label_get_text (client ? self->client_state_label : self->server_state_label));
}

char *
ss_window_dup_bytes_text (SsWindow *self)
{
  g_return_val_if_fail (SS_IS_WINDOW (self), NULL);
  return g_strdup (gtk_label_get_text (self->bytes_label));
}
