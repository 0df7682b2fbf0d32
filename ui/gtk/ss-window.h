/* ss-window.h - the main window: a capture's connections and their facts. */
#pragma once

#include <gtk/gtk.h>

#include "ss-capture.h"
#include "ss-conn-item.h"
#include "ss-ladder-view.h"

G_BEGIN_DECLS

#define SS_TYPE_WINDOW (ss_window_get_type ())

G_DECLARE_FINAL_TYPE (SsWindow, ss_window, SS, WINDOW, GtkApplicationWindow)

SsWindow   *ss_window_new              (GtkApplication *application);
/* Opens file in this window, replacing (and if needed cancelling) what was
 * loading or shown. Loading continues in slices on the main loop. */
void        ss_window_open             (SsWindow       *self,
                                        GFile          *file);
SsCapture  *ss_window_get_capture      (SsWindow       *self);
gboolean    ss_window_get_loading      (SsWindow       *self);
/* Frames read per slice of the main loop (SS_CAPTURE_DEFAULT_SLICE). */
void        ss_window_set_slice_frames (SsWindow       *self,
                                        guint           frames);
/* The rows as the list shows them: filtered and sorted. */
GListModel *ss_window_get_rows         (SsWindow       *self);
SsConnItem *ss_window_get_selected     (SsWindow       *self);
/* What the window shows, read back from its widgets. */
char       *ss_window_dup_status_text  (SsWindow       *self);
char       *ss_window_dup_banner_text  (SsWindow       *self);
char       *ss_window_dup_details_text (SsWindow       *self);
/* The ladder of the selected connection, its current event (G_MAXSIZE for
 * none), the event pane's words and one endpoint's state label. */
SsLadderWidget *ss_window_get_ladder    (SsWindow       *self);
gsize       ss_window_get_current_event (SsWindow       *self);
char       *ss_window_dup_event_text   (SsWindow       *self);
char       *ss_window_dup_state_text   (SsWindow       *self,
                                        gboolean        client);
/* The current event's bytes as a hex dump, read back from the file. */
char       *ss_window_dup_bytes_text   (SsWindow       *self);

G_END_DECLS
