/* ss-window-private.h - what ss-window.c and ss-window-actions.c share. */
#pragma once

#include "ss-capture.h"
#include "ss-conn-details.h"
#include "ss-flow-view.h"
#include "ss-ladder-view.h"
#include "ss-outcome.h"
#include "ss-overview-view.h"
#include "ss-tsg-view.h"
#include "ss-window.h"

G_BEGIN_DECLS

typedef struct _SsPlayer SsPlayer;
typedef struct _SsWindowLive SsWindowLive;

typedef enum {
  SS_SHOW_ALL = 0,
  SS_SHOW_TCP,
  SS_SHOW_UDP,
  SS_SHOW_PROBLEMS,
  /* one kind of trouble each (the Problem menu): SS_SHOW_REFUSED + the
   * SsTrouble (ss-outcome.h), in its order */
  SS_SHOW_REFUSED,
  SS_SHOW_NO_ANSWER,
  SS_SHOW_RESET,
  SS_SHOW_ICMP_ERROR,
  SS_SHOW_RETRANSMISSIONS,
  SS_SHOW_ZERO_WINDOW,
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
  GtkMenuButton        *problem_button; /* the filters for one kind of trouble */
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
  SsPlayer             *player;     /* ss-window-play.c */
  SsWindowLive         *live;       /* ss-window-live.c */
  GtkFileChooserNative *export_chooser; /* ss-window-export.c */
  char                 *export_error;   /* the banner of the last failed export */
  guint                 exports;        /* running on worker threads */
  SsOverviewWidget     *overview;   /* ss-window-overview.c, in overview_box */
  SsFlowWidget         *flow;       /* ss-window-flow.c, the "flow" page of view_stack */
  SsTsgWidget          *tsg;        /* ss-window-tsg.c, the "tsg" page of view_stack */
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
void     _ss_window_show_banner        (SsWindow      *self,
                                        gboolean       error,
                                        const char    *text);
/* ss-window-export.c: win.export, win.export-to */
void     _ss_window_class_export_init  (SsWindowClass *klass);
void     _ss_window_export_dispose     (SsWindow      *self);
/* Steps the ladder's current event: by delta (-1, +1), to the first
 * (G_MININT) or last (G_MAXINT), or to the next (+1) / previous (-1)
 * event with an analysis flag when anomaly. */
void     _ss_window_step               (SsWindow      *self,
                                        int            delta,
                                        gboolean       anomaly);

/* ss-window-play.c: win.play, win.play-speed, win.play-slower,
 * win.play-faster, win.even-spacing, win.fold-bulk and the ladder's note. */
void     _ss_window_class_play_init    (SsWindowClass *klass);
void     _ss_window_play_init          (SsWindow      *self);
void     _ss_window_play_dispose       (SsWindow      *self);
/* Shows note over the ladder for a few seconds (NULL: none). */
void     _ss_window_ladder_note        (SsWindow      *self,
                                        const char    *note);

/* ss-window-overview.c: the overview strip, kept up with the capture
 * (opened or closed: set_capture; grown: refresh) and the selection. */
void     _ss_window_overview_init        (SsWindow      *self);
void     _ss_window_overview_set_capture (SsWindow      *self);
void     _ss_window_overview_refresh     (SsWindow      *self);
void     _ss_window_overview_selected    (SsWindow      *self);

/* ss-window-flow.c: the flow-and-congestion graph of the selected
 * connection, following the ladder (selected: another connection; frames:
 * the model grew). */
void     _ss_window_flow_init          (SsWindow      *self);
void     _ss_window_flow_selected      (SsWindow      *self);
void     _ss_window_flow_frames        (SsWindow      *self);

/* ss-window-tsg.c: the time-sequence graph of the selected connection,
 * its cursor on the ladder's current event (selected: another
 * connection; refresh: the model grew). */
void     _ss_window_tsg_init           (SsWindow      *self);
void     _ss_window_tsg_selected       (SsWindow      *self);
void     _ss_window_tsg_refresh        (SsWindow      *self);

/* ss-window.c: shows capture (taken) in place of what was shown. */
void     _ss_window_set_capture        (SsWindow      *self,
                                        SsCapture     *capture,
                                        const char    *title,
                                        const char    *subtitle);
/* ss-window-live.c: win.capture, win.capture-start, win.stop-capture,
 * win.save-as, win.save-to, the header-bar buttons and the header while
 * capturing (ss-window-live.h). */
void     _ss_window_class_live_init    (SsWindowClass *klass);
void     _ss_window_live_init          (SsWindow      *self);
void     _ss_window_live_dispose       (SsWindow      *self);
void     _ss_window_live_update_actions (SsWindow     *self);

const char *_ss_show_to_string (SsShow show);
gboolean    _ss_show_from_string (const char *str,
                                  SsShow     *show);
/* The kind of trouble show keeps; FALSE for all, TCP, UDP and problems. */
gboolean    _ss_show_trouble     (SsShow      show,
                                  SsTrouble  *trouble);

/* "1 frame", "50,000 frames": n grouped by threes and one or many
 * (transfer full). */
char       *_ss_plural           (guint64     n,
                                  const char *one,
                                  const char *many);

G_END_DECLS
