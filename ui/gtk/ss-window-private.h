/* ss-window-private.h - what ss-window.c and ss-window-actions.c share. */
#pragma once

#include "ss-capture.h"
#include "ss-conn-details.h"
#include "ss-ladder-view.h"
#include "ss-window.h"

G_BEGIN_DECLS

typedef enum {
  SS_SHOW_ALL = 0,
  SS_SHOW_TCP,
  SS_SHOW_UDP,
  SS_SHOW_PROBLEMS,
} SsShow;

struct _SsWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template children */
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkImage             *banner_icon;
  GtkLabel             *banner_label;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkStack             *main_stack;
  GtkSearchEntry       *search_entry;
  GtkBox               *overview_box;   /* holds the overview strip */
  GtkColumnView        *conn_view;
  SsConnDetails        *details;
  GtkBox               *view_bar;       /* the view switcher and each view's controls */
  GtkStack             *view_stack;     /* the views of the selected connection */
  GtkScrolledWindow    *ladder_scroll;
  SsLadderWidget       *ladder;
  GtkLabel             *event_label;
  GtkLabel             *client_state_label;
  GtkLabel             *server_state_label;
  GtkExpander          *bytes_expander;
  GtkLabel             *bytes_label;
  GtkLabel             *status_label;
  GMenu                *recent_section;

  /* The list: capture rows -> filter -> sort (by the column view) -> selection */
  GtkFilter            *search_filter;
  GtkFilter            *show_filter;
  GtkFilterListModel   *filter_model;
  GtkSortListModel     *sort_model;
  GtkSingleSelection   *selection;

  SsCapture            *capture;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GtkRecentManager     *recent_manager;
  gulong                recent_changed_handler;
  SsShow                show;
  guint                 slice_frames;
  char                 *load_note;  /* said after the counts: "loading cancelled ..." */
};

void     _ss_window_class_actions_init (SsWindowClass *klass);
void     _ss_window_update_actions     (SsWindow      *self);
void     _ss_window_add_step_keys      (SsWindow      *self);
void     _ss_window_open_dialog        (SsWindow      *self);
void     _ss_window_cancel_load        (SsWindow      *self);
void     _ss_window_dismiss_banner     (SsWindow      *self);
void     _ss_window_set_show           (SsWindow      *self,
                                        SsShow         show);
gboolean _ss_window_select_conn        (SsWindow      *self,
                                        guint          id);
void     _ss_window_focus_search       (SsWindow      *self);
/* Steps the ladder's current event: by delta (-1, +1), to the first
 * (G_MININT) or last (G_MAXINT), or to the next (+1) / previous (-1)
 * event with an analysis flag when anomaly. */
void     _ss_window_step               (SsWindow      *self,
                                        int            delta,
                                        gboolean       anomaly);

const char *_ss_show_to_string (SsShow show);
gboolean    _ss_show_from_string (const char *str,
                                  SsShow     *show);

G_END_DECLS
