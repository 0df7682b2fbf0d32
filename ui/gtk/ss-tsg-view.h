/* ss-tsg-view.h - SsTsgWidget: the time-sequence graph of one TCP
 * connection, drawn by ui/render/ (ss-tsg-render.h).
 *
 * One direction's data at a time ("direction"; at first the one that
 * carried more payload). Zoom with Ctrl+scroll (around the pointer), + and
 * -, x / Shift+X (time only), y / Shift+Y (sequence only) (around the
 * cursor), or Shift+drag a rectangle (or drag with the secondary button);
 * pan by dragging or scrolling (Shift+scroll for time), or Shift+arrows; 0
 * shows all of it again; d switches the direction. The keys avoid the
 * ladder's (arrows, Home, End, Space, n, N, e, f, [ and ]), which the
 * window keeps for stepping.
 *
 * The cursor ("cursor") marks an event: the window keeps it on the
 * ladder's current event and pans to it when it leaves the view. A click
 * on a segment or on an ACK's corner emits "event-activated" with its
 * index.
 */
#pragma once

#include <gtk/gtk.h>

#include "ss-model.h"
#include "ss-tsg-render.h"

G_BEGIN_DECLS

#define SS_TYPE_TSG_WIDGET (ss_tsg_widget_get_type ())

G_DECLARE_FINAL_TYPE (SsTsgWidget, ss_tsg_widget, SS, TSG_WIDGET, GtkWidget)

GtkWidget *ss_tsg_widget_new           (void);
/* Shows connection conn_index (0-based) of model (borrowed: it must live
 * as long as it is shown); model NULL shows nothing. It starts in its
 * default direction, zoomed to show all of it. */
void       ss_tsg_widget_set_conn      (SsTsgWidget   *self,
                                        const SsModel *model,
                                        gsize          conn_index);
/* Reads what the model gained (keeps the zoom, unless it shows all). */
void       ss_tsg_widget_refresh       (SsTsgWidget   *self);
/* Whose data ("direction", SsDir as guint). */
SsDir      ss_tsg_widget_get_direction (SsTsgWidget   *self);
void       ss_tsg_widget_set_direction (SsTsgWidget   *self,
                                        SsDir          dir);
/* The cursor's event ("cursor", G_MAXUINT64 for none): set it, and the
 * view pans to show it. */
gsize      ss_tsg_widget_get_cursor    (SsTsgWidget   *self);
void       ss_tsg_widget_set_cursor    (SsTsgWidget   *self,
                                        gsize          index);
/* Zooms by factors (> 1 in) around the cursor's event when it is in
 * view (so + and - zoom in on the ladder's current event), else around the
 * middle of the view. */
void       ss_tsg_widget_zoom          (SsTsgWidget   *self,
                                        double         time_factor,
                                        double         seq_factor);
/* Shows all of the direction again. */
void       ss_tsg_widget_reset_zoom    (SsTsgWidget   *self);
/* The view as it is drawn at the widget's size (for tests and the
 * window's words); FALSE with no TCP connection shown. */
gboolean   ss_tsg_widget_get_view      (SsTsgWidget   *self,
                                        SsTsgView     *view);
/* Where event index sits in the widget (its I-beam's middle, or its ACK
 * corner); FALSE when it is not a TCP event of the connection. */
gboolean   ss_tsg_widget_event_point   (SsTsgWidget   *self,
                                        gsize          index,
                                        double        *x,
                                        double        *y);

G_END_DECLS
