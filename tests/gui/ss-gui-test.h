/* ss-gui-test.h - what the tests of the real window share (under Xvfb):
 * starting the application and a window, running the main loop until
 * something holds, finding widgets and their event controllers, and
 * rendering the window or one widget to a texture whose pixels are read
 * once and then indexed, widget coordinates mapped into it exactly (the
 * window drawn at its real size, its decoration margin included).
 * The helpers fail the running cmocka test on what they cannot do.
 */
#pragma once

#include <gtk/gtk.h>

#include "ss-application.h"
#include "ss-window.h"

G_BEGIN_DECLS

/* How long a wait may take before the test fails. */
#define SS_GUI_WAIT_MS 60000

typedef gboolean (*SsGuiDone) (gpointer data);

/* Iterates the main loop until done(data) or ms pass; FALSE on time out. */
gboolean        ss_gui_wait_until_ms   (SsGuiDone    done,
                                        gpointer     data,
                                        guint        ms);
gboolean        ss_gui_wait_until      (SsGuiDone    done,
                                        gpointer     data);
/* Runs the main loop for ms (lets filters, redraws, timers run). */
void            ss_gui_spin            (guint        ms);

/* Conditions for the waits. */
gboolean        ss_gui_flag_set        (gpointer     flag);    /* gboolean * */
gboolean        ss_gui_loaded          (gpointer     window);  /* SsWindow * */
gboolean        ss_gui_mapped          (gpointer     widget);  /* and wider than 0 */

/* gtk_init_check (), prgname set first when not NULL, and GTK 4.8's leak of
 * a GDateTime each time it trims recent files by age avoided; FALSE (and
 * says so) without a display. */
gboolean        ss_gui_init            (const char  *prgname);
/* g_build_filename ($var, first, ...) of a file that is there; NULL, said
 * on stderr, when var is not set or the file is missing. */
char           *ss_gui_env_file        (const char  *var,
                                        const char  *first,
                                        ...) G_GNUC_NULL_TERMINATED;
/* $SS_GUI_OUTPUT (or "."), made if missing. */
char           *ss_gui_outdir          (void);
/* Removes dir and the files in it. */
void            ss_gui_rmdir           (const char  *dir);

/* The string value of key in one of synscope-cli's flat JSON objects (a
 * line of --json output); NULL when absent or not a string. */
char           *ss_gui_json_str        (const char  *line,
                                        const char  *key);

/* A registered non-unique SsApplication; NULL (said on stderr) if not. */
SsApplication  *ss_gui_app_new         (void);
/* A new window of the default size width x height, presented. */
SsWindow       *ss_gui_window_new      (SsApplication *app,
                                        int            width,
                                        int            height);
/* Destroys *window and lets the main loop run settle_ms; FALSE (and says
 * so) if the window was not freed. */
gboolean        ss_gui_window_close    (SsWindow    **window,
                                        guint         settle_ms);

/* What a test group's setup does: ss_gui_init (prgname), *outdir from
 * ss_gui_outdir (), *app from ss_gui_app_new (), *window a new window of
 * width x height; FALSE (said on stderr) when one of them fails. */
gboolean        ss_gui_start           (const char     *prgname,
                                        int             width,
                                        int             height,
                                        SsApplication **app,
                                        SsWindow      **window,
                                        char          **outdir);
/* What its teardown does: ss_gui_window_close (window, settle_ms) when
 * there is one, then frees *app and *outdir; FALSE if the window was not
 * freed. */
gboolean        ss_gui_stop            (SsApplication **app,
                                        SsWindow      **window,
                                        char          **outdir,
                                        guint           settle_ms);

/* Opens path in the window and waits for the load to end, then settles. */
void            ss_gui_open_and_wait   (SsWindow    *window,
                                        const char  *path,
                                        guint        settle_ms);
/* win.select-conn id, then settles. */
void            ss_gui_select_conn     (SsWindow    *window,
                                        guint        id,
                                        guint        settle_ms);

/* The first widget of type under root (root included), or NULL. */
GtkWidget      *ss_gui_find_widget     (GtkWidget   *root,
                                        GType        type);
/* The same, failing the test when there is none. */
GtkWidget      *ss_gui_get_widget      (GtkWidget   *root,
                                        GType        type);
/* The widget's first event controller of type (borrowed); fails the test
 * when there is none. */
gpointer        ss_gui_get_controller  (GtkWidget   *widget,
                                        GType        type);

/* A widget as drawn on screen: its texture and its pixels, read once. */
typedef struct {
  GdkTexture *texture;
  guchar     *px;      /* B, G, R, A, as gdk_texture_download () gives */
  int         width;
  int         height;
  GtkWidget  *widget;  /* what was drawn (not a reference) */
  double      ox, oy;  /* where the widget's (0, 0) is in the texture */
} SsGuiShot;

/* Waits for widget to be mapped, settles, renders it: a window at its
 * surface's real size (the decoration margin included), another widget at
 * its own size; saved as dir/name (a PNG) when name is not NULL. */
SsGuiShot      *ss_gui_shot_new        (GtkWidget   *widget,
                                        guint        settle_ms,
                                        const char  *dir,
                                        const char  *name);
/* Saves the shot as dir/name (a PNG). */
void            ss_gui_shot_save       (const SsGuiShot *shot,
                                        const char      *dir,
                                        const char      *name);
void            ss_gui_shot_free       (SsGuiShot   *shot);
/* The colour (0xRRGGBB) at texture pixel x, y, which must be in it. */
guint32         ss_gui_shot_pixel      (const SsGuiShot *shot,
                                        int              x,
                                        int              y);
/* The texture pixel of point x, y of widget (the shot's widget or one
 * inside it); FALSE if it falls outside the texture. */
gboolean        ss_gui_shot_point      (const SsGuiShot *shot,
                                        GtkWidget       *widget,
                                        double           x,
                                        double           y,
                                        int             *tx,
                                        int             *ty);
/* The colour at point x, y of widget; the point must be in the shot. */
guint32         ss_gui_shot_pixel_at   (const SsGuiShot *shot,
                                        GtkWidget       *widget,
                                        double           x,
                                        double           y);
/* widget's area in the texture, clipped to it: [x0, x1) x [y0, y1). */
void            ss_gui_shot_area       (const SsGuiShot *shot,
                                        GtkWidget       *widget,
                                        int             *x0,
                                        int             *y0,
                                        int             *x1,
                                        int             *y1);

/* The share of widget's pixels on its row y (widget coordinates) whose
 * channels are each within tolerance of rgb (0xRRGGBB). */
double          ss_gui_shot_row_share  (const SsGuiShot *shot,
                                        GtkWidget       *widget,
                                        double           y,
                                        guint32          rgb,
                                        int              tolerance);

/* Sum of the channels' differences of two 0xRRGGBB colours. */
int             ss_gui_rgb_distance    (guint32      a,
                                        guint32      b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SsGuiShot, ss_gui_shot_free)

G_END_DECLS
