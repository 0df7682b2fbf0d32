/* ss-window-live.h - the window's live capture and Save As, as the tests
 * and other front ends reach them (ss-window-live.c).
 *
 * Actions (ss-window-live.c installs them):
 *   win.capture          the capture dialog (Ctrl+K)
 *   win.capture-start    "(ss)": interface and filter ("" for none): starts
 *                        at once, with whole packets and promiscuous mode
 *   win.stop-capture     stops; everything captured stays
 *   win.save-as          a file chooser (Ctrl+Shift+S)
 *   win.save-to          "s": a path; saves without asking
 */
#pragma once

#include "ss-capture-dialog.h"
#include "ss-window.h"

G_BEGIN_DECLS

/* Starts a live capture in this window in place of what it showed. */
void             ss_window_start_capture      (SsWindow            *self,
                                               const SsLiveOptions *opts);
gboolean         ss_window_get_capturing      (SsWindow            *self);
/* Whether a Save As is still copying. */
gboolean         ss_window_get_saving         (SsWindow            *self);
/* The last save's outcome: TRUE when it worked; FALSE with its reason in
 * *error (NULL when nothing was saved yet). */
gboolean         ss_window_get_save_result    (SsWindow            *self,
                                               const char         **error);
/* The header bar's title and subtitle, one a line. */
char            *ss_window_dup_header_text    (SsWindow            *self);
/* The capture dialog while it is open, else NULL. */
SsCaptureDialog *ss_window_get_capture_dialog (SsWindow            *self);

G_END_DECLS
