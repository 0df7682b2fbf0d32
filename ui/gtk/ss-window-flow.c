/* ss-window-flow.c - the window's "Flow & congestion" page: the graph of
 * the selected TCP connection (SsFlowWidget, ss-flow-view.h), whose cursor
 * follows the ladder's current event and whose clicks set it. The window
 * calls in when the selection changes and when the model grows.
 */
#define G_LOG_DOMAIN "synscope-window-flow"

#include "ss-window-private.h"

void
_ss_window_flow_init (SsWindow *self)
{
  ss_flow_widget_set_ladder (self->flow, self->ladder);
}

/* Another connection (or none): read it from the start. */
void
_ss_window_flow_selected (SsWindow *self)
{
  SsConnItem *item;
  const SsConn *conn;
  const SsModel *model;

  if (self->flow == NULL || self->selection == NULL)
    return; /* disposed */
  item = gtk_single_selection_get_selected_item (self->selection);
  conn = item != NULL ? ss_conn_item_get_conn (item) : NULL;
  model = self->capture != NULL ? ss_capture_get_model (self->capture) : NULL;
  if (conn != NULL && model != NULL)
    ss_flow_widget_set_conn (self->flow, model, conn->id - 1);
  else
    ss_flow_widget_set_conn (self->flow, NULL, 0);
}

/* The model grew: add the new events of the connection shown. */
void
_ss_window_flow_frames (SsWindow *self)
{
  if (self->flow != NULL)
    ss_flow_widget_refresh (self->flow);
}
