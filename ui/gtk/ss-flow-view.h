/* ss-flow-view.h - SsFlowWidget: the flow-and-congestion graph of one TCP
 * connection, drawn by ui/render/ (ss-flow-render.h), with its controls.
 *
 * For one direction of data at a time (the one with more payload unless
 * the user picks the other): the receive window, the bytes in flight, the
 * estimated congestion window, retransmissions, window-full points and
 * zero-window stalls, against time. Ctrl+scroll zooms in time around the
 * pointer, a drag pans, 0 resets (so do the buttons); a cursor line follows
 * the ladder's current event, and a click on the graph makes the nearest
 * event the ladder's current one. UDP, or no connection: a message.
 *
 * Actions (on the widget): flow.direction ("c2s" / "s2c"),
 * flow.other-direction (d), flow.fit (scale to the bytes in flight),
 * flow.zoom-in (+), flow.zoom-out (-), flow.zoom-reset (0).
 */
#pragma once

#include <gtk/gtk.h>

#include "ss-flow-render.h"
#include "ss-ladder-view.h"
#include "ss-model.h"

G_BEGIN_DECLS

#define SS_TYPE_FLOW_WIDGET (ss_flow_widget_get_type ())

G_DECLARE_FINAL_TYPE (SsFlowWidget, ss_flow_widget, SS, FLOW_WIDGET, GtkWidget)

GtkWidget        *ss_flow_widget_new           (void);
/* Shows connection conn_index (0-based) of model (borrowed: it must live
 * as long as it is shown); model NULL shows nothing. Reads the connection
 * again from the start, picks the direction with more data, and shows the
 * whole connection. */
void              ss_flow_widget_set_conn      (SsFlowWidget   *self,
                                                const SsModel  *model,
                                                gsize           conn_index);
/* Reads the events the model added since (keeps the zoom). */
void              ss_flow_widget_refresh       (SsFlowWidget   *self);
/* The ladder whose current event the cursor follows and a click sets
 * (borrowed, weak); NULL for none. */
void              ss_flow_widget_set_ladder    (SsFlowWidget   *self,
                                                SsLadderWidget *ladder);
SsDir             ss_flow_widget_get_direction (SsFlowWidget   *self);
void              ss_flow_widget_set_direction (SsFlowWidget   *self,
                                                SsDir           dir);
/* The event under the cursor line, G_MAXSIZE for none ("current"). */
gsize             ss_flow_widget_get_current   (SsFlowWidget   *self);
/* The time range shown, ns since the connection's first event. */
void              ss_flow_widget_get_range     (SsFlowWidget   *self,
                                                gint64         *t0,
                                                gint64         *t1);
/* Zooms by factor (< 1 in) around x (the graph's coordinates; negative:
 * the middle); 1 / factor out. */
void              ss_flow_widget_zoom          (SsFlowWidget   *self,
                                                double          factor,
                                                double          x);
void              ss_flow_widget_reset_zoom    (SsFlowWidget   *self);
/* Where event index is drawn: x in the graph's coordinates; FALSE when
 * it is out of view or there is none. */
gboolean          ss_flow_widget_get_event_x   (SsFlowWidget   *self,
                                                gsize           index,
                                                double         *x);
/* The graph (a GtkDrawingArea, which takes the clicks). */
GtkWidget        *ss_flow_widget_get_graph     (SsFlowWidget   *self);
/* The sentence shown instead of a graph, NULL when a graph is shown. */
const char       *ss_flow_widget_get_message   (SsFlowWidget   *self);
/* The graph's data (NULL with no connection). */
const SsFlowData *ss_flow_widget_get_data      (SsFlowWidget   *self);

G_END_DECLS
