/* ss-ladder-view.h - SsLadderWidget: the ladder of one connection, drawn by ui/render/
 * (ss-ladder-render.h) so the window and the exports look the same.
 *
 * The widget is as tall as the diagram; put it in a GtkScrolledWindow.
 * Only the rows in the visible part are drawn. A click on an arrow makes
 * its event the current one. Rows are spaced by time or evenly ("even");
 * long runs of bulk data fold into one block row each ("fold", on by
 * default; the rule is in ss-ladder-render.h). A click on a folded block
 * unfolds it, and so does making one of its events current (stepping
 * visits every event): the current event is never hidden in a block.
 */
#pragma once

#include <gtk/gtk.h>

#include "ss-ladder-render.h"
#include "ss-model.h"

G_BEGIN_DECLS

#define SS_TYPE_LADDER_WIDGET (ss_ladder_widget_get_type ())

G_DECLARE_FINAL_TYPE (SsLadderWidget, ss_ladder_widget, SS, LADDER_WIDGET, GtkWidget)

GtkWidget *ss_ladder_widget_new          (void);
/* Shows connection conn_index (0-based) of model (borrowed: it must live as
 * long as it is shown); model NULL shows nothing. The current event is
 * reset to the first; "conn-changed" is emitted first. */
void       ss_ladder_widget_set_conn     (SsLadderWidget  *self,
                                        const SsModel *model,
                                        gsize          conn_index);
/* Re-reads the connection after the model grew (keeps the current event
 * and the blocks unfolded). */
void       ss_ladder_widget_refresh      (SsLadderWidget  *self);
gsize      ss_ladder_widget_get_n_events (SsLadderWidget  *self);
/* The current event, G_MAXSIZE for none ("current" property, as guint64). */
gsize      ss_ladder_widget_get_current  (SsLadderWidget  *self);
/* Makes event index current, unfolding the block that holds it. */
void       ss_ladder_widget_set_current  (SsLadderWidget  *self,
                                        gsize          index);
/* The diagram's y range of event index's row (for scrolling it into view). */
gboolean   ss_ladder_widget_get_row      (SsLadderWidget  *self,
                                        gsize          index,
                                        double        *top,
                                        double        *bottom);
/* One row per event ("even" property), or rows spaced by time. */
gboolean   ss_ladder_widget_get_even     (SsLadderWidget  *self);
void       ss_ladder_widget_set_even     (SsLadderWidget  *self,
                                        gboolean       even);
/* Whether long runs of bulk data fold ("fold" property): turning it on
 * folds every block again (but the current event's). */
gboolean   ss_ladder_widget_get_fold     (SsLadderWidget  *self);
void       ss_ladder_widget_set_fold     (SsLadderWidget  *self,
                                        gboolean       fold);
/* Unfolds the block holding event index; FALSE when it is in none or the
 * block is not folded. */
gboolean   ss_ladder_widget_unfold       (SsLadderWidget  *self,
                                        gsize          index);
/* The layout shown (its folds, rows), NULL with nothing shown; borrowed,
 * valid until the next change. */
const SsLadderLayout *ss_ladder_widget_get_layout (SsLadderWidget *self);

G_END_DECLS
