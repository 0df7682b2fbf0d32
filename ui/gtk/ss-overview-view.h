/* ss-overview-view.h - SsOverviewWidget: the overview strip, every
 * connection of the capture across capture time as a Gantt of phases
 * (handshake, established, closing, reset; UDP flows), drawn by ui/render/
 * (ss-overview-render.h).
 *
 * It reads the model as it grows (only what was added since the last
 * refresh) and redraws at most five times a second while it grows; the
 * drawing of the connections is kept and only the selection is drawn
 * again when it changes. The tooltip names the connection under the
 * pointer; a click on a bar emits "conn-activated" with its index; the
 * wheel zooms around the pointer, Shift+wheel moves, a double-click shows
 * the whole capture.
 */
#pragma once

#include <gtk/gtk.h>

#include "ss-model.h"
#include "ss-overview-render.h"

G_BEGIN_DECLS

#define SS_TYPE_OVERVIEW_WIDGET (ss_overview_widget_get_type ())

G_DECLARE_FINAL_TYPE (SsOverviewWidget, ss_overview_widget, SS, OVERVIEW_WIDGET, GtkWidget)

GtkWidget        *ss_overview_widget_new          (void);
/* Shows the connections of model (borrowed: it must live as long as it is
 * shown; NULL shows none) and forgets what was read before. */
void              ss_overview_widget_set_model    (SsOverviewWidget *self,
                                                   const SsModel    *model);
const SsModel    *ss_overview_widget_get_model    (SsOverviewWidget *self);
/* Reads what the model added since the last call. */
void              ss_overview_widget_refresh      (SsOverviewWidget *self);
/* Time 0 of the axis and the tooltip (the capture's first frame). */
void              ss_overview_widget_set_origin   (SsOverviewWidget *self,
                                                   gint64            origin_ns);
/* The highlighted connection (0-based index), G_MAXSIZE for none. */
void              ss_overview_widget_set_selected (SsOverviewWidget *self,
                                                   gsize             conn_index);
gsize             ss_overview_widget_get_selected (SsOverviewWidget *self);
/* Which connections it shows (the window's quick filters). */
void              ss_overview_widget_set_show     (SsOverviewWidget *self,
                                                   SsOverviewShow    show);
/* The test of SS_OVERVIEW_SHOW_CUSTOM (ss_overview_set_keep; data is
 * borrowed): packs again at the next drawing even when keep and data are
 * the ones it had, so call it when what keep says changed. */
void              ss_overview_widget_set_keep     (SsOverviewWidget *self,
                                                   SsOverviewKeep    keep,
                                                   gpointer          data);
/* Zooms by factor (below 1: in) around x (widget pixels), within the
 * capture; the lanes stay. The wheel does this; unzoom (a double-click)
 * shows the whole capture again. */
void              ss_overview_widget_zoom         (SsOverviewWidget *self,
                                                   double            factor,
                                                   double            x);
void              ss_overview_widget_unzoom       (SsOverviewWidget *self);
gboolean          ss_overview_widget_get_zoomed   (SsOverviewWidget *self);
/* The strip as drawn (packed for the current size), and its view: where
 * a connection's bar is (ss_overview_conn_rect), for tests. */
const SsOverview *ss_overview_widget_get_overview (SsOverviewWidget *self);
void              ss_overview_widget_get_view     (SsOverviewWidget *self,
                                                   SsOverviewView   *view);
/* What the last drawing did (for tests). */
void              ss_overview_widget_get_stats    (SsOverviewWidget *self,
                                                   SsOverviewStats  *stats);
/* The tooltip's text at (x, y) in widget pixels. */
char             *ss_overview_widget_dup_text_at  (SsOverviewWidget *self,
                                                   double            x,
                                                   double            y);

G_END_DECLS
