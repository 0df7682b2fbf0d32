/* ss-window-overview.c - the window's overview strip (ss-overview-view.h):
 * put in overview_box, given the capture's model as it opens and grows,
 * told the selection and the quick filter, and a click on a bar selects
 * that connection in the list.
 *
 * The strip follows the quick filters (all, TCP, UDP, problems, and one
 * kind of trouble each, asked of ss_trouble_keep as the list does: a
 * repack, no walk over the list's rows) but not the search text: a bar the
 * search hides is still drawn, and clicking it clears the search.
 */
#define G_LOG_DOMAIN "synscope-window"

#include "ss-window-private.h"

static SsOverviewShow
ss_window_overview_show (SsShow show)
{
  switch (show)
    {
    case SS_SHOW_TCP:
      return SS_OVERVIEW_SHOW_TCP;
    case SS_SHOW_UDP:
      return SS_OVERVIEW_SHOW_UDP;
    case SS_SHOW_PROBLEMS:
      return SS_OVERVIEW_SHOW_PROBLEMS;
    case SS_SHOW_REFUSED:
    case SS_SHOW_NO_ANSWER:
    case SS_SHOW_RESET:
    case SS_SHOW_ICMP_ERROR:
    case SS_SHOW_RETRANSMISSIONS:
    case SS_SHOW_ZERO_WINDOW:
      return SS_OVERVIEW_SHOW_CUSTOM; /* ss_window_overview_keep */
    case SS_SHOW_ALL:
    default:
      return SS_OVERVIEW_SHOW_ALL;
    }
}

/* SS_OVERVIEW_SHOW_CUSTOM: the list's test (ss_window_show_match). */
static bool
ss_window_overview_keep (const SsConn *conn,
                         void         *data)
{
  SsWindow *self = data;
  SsTrouble trouble;

  return _ss_show_trouble (self->show, &trouble) && ss_trouble_keep (trouble, conn);
}

static void
ss_window_overview_activated_cb (SsWindow         *self,
                                 guint             conn_index,
                                 SsOverviewWidget *overview)
{
  guint id = conn_index + 1;

  (void) overview;
  if (_ss_window_select_conn (self, id))
    return;
  /* hidden from the list by the search, or by a quick filter the strip
   * did not follow yet */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  /* now, not after the entry's search delay */
  gtk_filter_changed (self->search_filter, GTK_FILTER_CHANGE_LESS_STRICT);
  if (_ss_window_select_conn (self, id))
    return;
  _ss_window_set_show (self, SS_SHOW_ALL);
  _ss_window_select_conn (self, id);
}

static void
ss_window_overview_show_cb (SsWindow   *self,
                            GParamSpec *pspec,
                            gpointer    data)
{
  (void) pspec;
  (void) data;
  if (self->overview == NULL)
    return;
  ss_overview_widget_set_show (self->overview, ss_window_overview_show (self->show));
  /* from one kind of trouble to another the mode stays custom: repack */
  ss_overview_widget_set_keep (self->overview, ss_window_overview_keep, self);
}

void
_ss_window_overview_init (SsWindow *self)
{
  self->overview = SS_OVERVIEW_WIDGET (ss_overview_widget_new ());
  gtk_box_append (self->overview_box, GTK_WIDGET (self->overview));
  /* NULL again once the template's children are gone */
  g_object_add_weak_pointer (G_OBJECT (self->overview), (gpointer *) &self->overview);
  g_signal_connect_object (self->overview, "conn-activated",
                           G_CALLBACK (ss_window_overview_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::show", G_CALLBACK (ss_window_overview_show_cb), NULL);
  ss_overview_widget_set_keep (self->overview, ss_window_overview_keep, self);
  ss_overview_widget_set_show (self->overview, ss_window_overview_show (self->show));
}

/* The axis counts from the capture's first frame, as the list's Start
 * column: its first row says where that is. */
static void
ss_window_overview_origin (SsWindow *self)
{
  GListModel *rows = ss_capture_get_connections (self->capture);
  g_autoptr(SsConnItem) first = NULL;

  if (g_list_model_get_n_items (rows) == 0)
    return;
  first = g_list_model_get_item (rows, 0);
  ss_overview_widget_set_origin (self->overview,
                                 ss_conn_item_get_conn (first)->start_ns - ss_conn_item_get_start_ns (first));
}

void
_ss_window_overview_set_capture (SsWindow *self)
{
  const SsModel *model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;

  if (self->overview == NULL)
    return;
  ss_overview_widget_set_model (self->overview, model);
  if (model != NULL)
    ss_window_overview_origin (self);
}

void
_ss_window_overview_refresh (SsWindow *self)
{
  const SsModel *model;

  if (self->overview == NULL || self->capture == NULL)
    return;
  model = ss_capture_get_model (self->capture);
  if (model != ss_overview_widget_get_model (self->overview))
    {
      _ss_window_overview_set_capture (self);
      return;
    }
  ss_overview_widget_refresh (self->overview);
  ss_window_overview_origin (self);
}

void
_ss_window_overview_selected (SsWindow *self)
{
  SsConnItem *item;

  if (self->overview == NULL)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  ss_overview_widget_set_selected (self->overview,
                                   item != NULL ? (gsize) ss_conn_item_get_id (item) - 1 : G_MAXSIZE);
}
