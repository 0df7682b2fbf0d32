/* The real synscope window capturing live traffic (issue 5), under Xvfb in
 * a network namespace made by test-live-window.py, which also makes the
 * traffic from the other namespace. The window is driven through its
 * actions (win.capture-start, win.stop-capture, win.save-to), so the
 * capture dialog is not needed; the dialog's filter check is tested on its
 * own. The two programs take turns through files in $SS_LIVE_DIR:
 *   we write "capturing" -> it makes the TCP and UDP exchanges -> "traffic-done"
 *   we write "flood"     -> it sends UDP at 10,000 packets/s  -> "flood-done"
 *   we write "remove-link" -> it deletes the veth               (the last test)
 *
 * Environment: SS_CLI (synscope-cli), SS_LIVE_DIR, SS_LIVE_IFACE (the veth
 * here), SS_LIVE_PEER (the other side's address), SS_LIVE_HTTP_PORT,
 * SS_LIVE_UDP_PORT, SS_LIVE_FLOWS (UDP flows of the flood), SS_SOURCE_ROOT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ss-capture-dialog.h"
#include "ss-gui-test.h"
#include "ss-window-live.h"

#define WAIT_MS   20000
#define SETTLE_MS 50

typedef struct {
  SsApplication *app;
  const char    *dir;
  const char    *iface;
  const char    *peer;
  const char    *cli;
  guint          http_port;
  guint          udp_port;
  guint          flows;
} Fixture;

/* Main loop helpers */

static gboolean
wait_until (SsGuiDone done, gpointer data)
{
  return ss_gui_wait_until_ms (done, data, WAIT_MS);
}

static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

static gboolean
capturing (gpointer data)
{
  return ss_window_get_capturing (data);
}

static gboolean
not_capturing (gpointer data)
{
  return !ss_window_get_capturing (data);
}

static gboolean
not_saving (gpointer data)
{
  return !ss_window_get_saving (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Waits for the other program's file name in $SS_LIVE_DIR. */
static void
wait_for_peer (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  if (!ss_gui_wait_until_ms (file_exists, path, 60000))
    fail_msg ("test-live-window.py did not write %s", name);
}

static void
tell_peer (Fixture *f, const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  assert_true (g_file_set_contents (path, "", 0, NULL));
}

/* Windows */

static SsWindow *
new_window (Fixture *f)
{
  return ss_gui_window_new (f->app, 1280, 760);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
close_window (SsWindow *w)
{
  g_object_add_weak_pointer (G_OBJECT (w), (gpointer *) &w);
  gtk_window_destroy (GTK_WINDOW (w));
  if (!ss_gui_wait_until_ms (pointer_cleared, &w, 5000))
    fail_msg ("the window was not freed within 5 s of gtk_window_destroy()");
  settle ();
}

/* With SS_LIVE_SHOTS=DIR, saves what the window (or dialog) shows as
 * DIR/name.png, to look at. */
static void
shot (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("SS_LIVE_SHOTS");

  if (dir != NULL)
    ss_gui_shot_free (ss_gui_shot_new (widget, SETTLE_MS, dir, name));
}

static guint
n_rows (SsWindow *w)
{
  return g_list_model_get_n_items (ss_window_get_rows (w));
}

typedef struct {
  SsWindow *w;
  guint     n;
} RowsAtLeast;

static gboolean
rows_at_least (gpointer data)
{
  RowsAtLeast *r = data;

  return n_rows (r->w) >= r->n;
}

static char *
spool_path (SsWindow *w)
{
  SsCapture *capture = ss_window_get_capture (w);

  assert_non_null (capture);
  assert_non_null (ss_capture_get_file (capture));
  return g_file_get_path (ss_capture_get_file (capture));
}

static void
start (SsWindow *w, const char *iface, const char *filter)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.capture-start", "(ss)", iface, filter));
}

static void
stop (SsWindow *w)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.stop-capture", NULL));
  assert_true (wait_until (not_capturing, w));
  settle ();
}

static void
save_to (SsWindow *w, const char *path)
{
  const char *error = NULL;

  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.save-to", "s", path));
  assert_true (wait_until (not_saving, w));
  if (!ss_window_get_save_result (w, &error))
    fail_msg ("saving failed: %s", error ? error : "(no reason)");
  assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
assert_no_banner (SsWindow *w)
{
  g_autofree char *banner = ss_window_dup_banner_text (w);

  if (banner != NULL)
    fail_msg ("unexpected banner: %s", banner);
}

static char *
banner_text (SsWindow *w)
{
  char *banner = ss_window_dup_banner_text (w);

  if (banner == NULL)
    fail_msg ("no banner");
  return banner;
}

static gboolean
banner_shown (gpointer data)
{
  g_autofree char *banner = ss_window_dup_banner_text (data);

  return banner != NULL;
}

static void
assert_contains (const char *text, const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    fail_msg ("'%s' does not contain '%s'", text ? text : "(null)", part);
}

/* The packets count in the header ("Capturing on X\n1,234 packets, ..."). */
static guint64
header_packets (SsWindow *w)
{
  g_autofree char *header = ss_window_dup_header_text (w);
  const char *nl = strchr (header, '\n');
  guint64 n = 0;

  assert_non_null (nl);
  for (const char *p = nl + 1; *p != '\0' && *p != ' '; p++)
    if (*p >= '0' && *p <= '9')
      n = n * 10 + (guint64) (*p - '0');
  return n;
}

/* A UDP datagram from a fresh socket (a new flow each time) or from *fd. */
static void
send_udp (const char *addr, guint port, int *fd)
{
  struct sockaddr_in to = { 0 };
  int s = fd != NULL && *fd >= 0 ? *fd : socket (AF_INET, SOCK_DGRAM, 0);

  assert_true (s >= 0);
  to.sin_family = AF_INET;
  to.sin_port = htons ((guint16) port);
  assert_int_equal (inet_pton (AF_INET, addr, &to.sin_addr), 1);
  assert_true (sendto (s, "synscope", 8, 0, (struct sockaddr *) &to, sizeof to) == 8);
  if (fd != NULL)
    *fd = s;
  else
    close (s);
}

/* The CLI's flat JSON objects */

static guint64
json_u64 (const char *line, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":", key);
  const char *p = strstr (line, pat);

  assert_non_null (p);
  return g_ascii_strtoull (p + strlen (pat), NULL, 10);
}

/* synscope-cli connections --json path, one object a line. */
static GPtrArray *
cli_connections (Fixture *f, const char *path)
{
  const char *argv[] = { f->cli, "connections", "--json", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    fail_msg ("cannot run %s: %s", f->cli, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    fail_msg ("synscope-cli connections %s failed: %s", path, err);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == '{')
      g_ptr_array_add (result, g_strdup (lines[i]));
  return result;
}

/* The saved capture reads back with the CLI to the connections the window
 * shows: same ids, protocols, endpoints and packet counts. */
static void
assert_same_as_cli (Fixture *f, SsWindow *w, const char *path)
{
  g_autoptr(GPtrArray) lines = cli_connections (f, path);
  GListModel *conns = ss_capture_get_connections (ss_window_get_capture (w));
  guint n = g_list_model_get_n_items (conns);

  assert_int_equal (lines->len, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SsConnItem) item = g_list_model_get_item (conns, i);
      const SsConn *c = ss_conn_item_get_conn (item);
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *proto = ss_gui_json_str (line, "proto");
      g_autofree char *client = ss_gui_json_str (line, "client");
      g_autofree char *server = ss_gui_json_str (line, "server");

      assert_int_equal (json_u64 (line, "id"), c->id);
      assert_string_equal (proto, c->proto == SS_PROTO_TCP ? "tcp" : "udp");
      assert_string_equal (client, ss_conn_item_get_client_text (item));
      assert_string_equal (server, ss_conn_item_get_server_text (item));
      assert_int_equal (json_u64 (line, "packets"), c->packets);
    }
}

/* The row whose server ends in ":port", or NULL. */
static SsConnItem *
row_with_server_port (SsWindow *w, guint port)
{
  GListModel *rows = ss_window_get_rows (w);
  g_autofree char *suffix = g_strdup_printf (":%u", port);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(SsConnItem) item = g_list_model_get_item (rows, i);

      if (g_str_has_suffix (ss_conn_item_get_server_text (item), suffix))
        return item;   /* the list keeps it */
    }
  return NULL;
}

/* Tests */

/* The dialog's check: the compiler's reason, and Start insensitive. */
static void
test_filter_check (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  SsCaptureDialog *dialog;
  g_autofree char *reason = NULL;
  g_autofree char *any_reason = NULL;

  assert_false (ss_capture_dialog_check_filter (f->iface, "tcp port", &reason));
  assert_contains (reason, "bad capture filter 'tcp port'");
  assert_contains (reason, "syntax error");
  assert_true (ss_capture_dialog_check_filter (f->iface, "", NULL));
  assert_true (ss_capture_dialog_check_filter (f->iface, NULL, NULL));
  assert_true (ss_capture_dialog_check_filter (f->iface, "tcp port 8080 or udp", NULL));
  assert_false (ss_capture_dialog_check_filter ("any", "host 999.1.2.3", &any_reason));
  assert_non_null (any_reason);

  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.capture", NULL));
  settle ();
  dialog = ss_window_get_capture_dialog (w);
  assert_non_null (dialog);
  assert_true (ss_capture_dialog_get_n_interfaces (dialog) >= 1);
  assert_true (ss_capture_dialog_select_interface (dialog, f->iface));
  assert_string_equal (ss_capture_dialog_get_interface (dialog), f->iface);
  assert_false (ss_capture_dialog_select_interface (dialog, "ss-no-such0"));

  ss_capture_dialog_set_filter (dialog, "tcp port");
  assert_false (ss_capture_dialog_get_can_start (dialog));
  assert_contains (ss_capture_dialog_get_filter_message (dialog), "syntax error");
  shot (GTK_WIDGET (dialog), "capture-dialog.png");
  assert_false (ss_capture_dialog_start (dialog));   /* refused: it stays open */
  assert_non_null (ss_window_get_capture_dialog (w));
  assert_false (ss_window_get_capturing (w));

  ss_capture_dialog_set_filter (dialog, "udp port 9");
  assert_true (ss_capture_dialog_get_can_start (dialog));
  assert_contains (ss_capture_dialog_get_filter_message (dialog), "only the packets it matches");
  ss_capture_dialog_set_filter (dialog, "");
  assert_true (ss_capture_dialog_get_can_start (dialog));
  assert_contains (ss_capture_dialog_get_filter_message (dialog), "every packet");

  gtk_window_close (GTK_WINDOW (dialog));
  settle ();
  assert_null (ss_window_get_capture_dialog (w));
  assert_null (ss_window_get_capture (w));
  close_window (w);
}

/* TCP and UDP from the other namespace: the rows come while capturing, the
 * ladder and the bytes work, Stop keeps everything, the saved pcapng reads
 * back to the same connections, and the spool goes with the window. */
static void
test_capture_traffic (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *spool = NULL;
  g_autofree char *saved = g_build_filename (f->dir, "saved.pcapng", NULL);
  g_autofree char *header = NULL;
  RowsAtLeast two = { w, 2 };
  SsConnItem *http, *udp;

  start (w, f->iface, "tcp or udp");
  assert_true (wait_until (capturing, w));
  spool = spool_path (w);
  assert_true (g_file_test (spool, G_FILE_TEST_IS_REGULAR));
  header = ss_window_dup_header_text (w);
  assert_contains (header, "Capturing on ");
  assert_contains (header, f->iface);
  assert_contains (header, "filter: tcp or udp");
  settle ();
  tell_peer (f, "capturing");
  wait_for_peer (f, "traffic-done");

  /* the connections are listed while the capture runs */
  assert_true (ss_gui_wait_until_ms (rows_at_least, &two, 2000));
  assert_true (ss_window_get_capturing (w));
  http = row_with_server_port (w, f->http_port);
  udp = row_with_server_port (w, f->udp_port);
  assert_non_null (http);
  assert_non_null (udp);
  assert_int_equal (ss_conn_item_get_conn (http)->proto, SS_PROTO_TCP);
  assert_int_equal (ss_conn_item_get_conn (udp)->proto, SS_PROTO_UDP);
  assert_true (header_packets (w) >= 12);
  g_clear_pointer (&header, g_free);
  header = ss_window_dup_header_text (w);
  assert_contains (header, " packets, 0 dropped");
  print_message ("# while capturing: %s\n", header);

  /* the ladder, the words and the bytes (read back from the spool) */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.select-conn", "u",
                                           ss_conn_item_get_id (http)));
  settle ();
  assert_true (ss_ladder_widget_get_n_events (ss_window_get_ladder (w)) >= 6);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.event-next", NULL));
  settle ();
  {
    g_autofree char *event = ss_window_dup_event_text (w);
    g_autofree char *bytes = ss_window_dup_bytes_text (w);

    assert_contains (event, "Event 2 of");
    assert_true (strlen (bytes) > 40);
    assert_true (strstr (bytes, "cannot be read back") == NULL);
  }
  shot (GTK_WIDGET (w), "live-capturing.png");
  /* no saving while capturing: the file would end in the middle */
  {
    g_autofree char *early = g_build_filename (f->dir, "early.pcapng", NULL);

    gtk_widget_activate_action (GTK_WIDGET (w), "win.save-to", "s", early);
    settle ();
    assert_false (g_file_test (early, G_FILE_TEST_EXISTS));
  }

  /* Stop keeps everything */
  stop (w);
  assert_no_banner (w);
  assert_true (n_rows (w) >= 2);
  g_clear_pointer (&header, g_free);
  header = ss_window_dup_header_text (w);
  assert_contains (header, "(stopped)");
  assert_contains (header, "not saved");
  {
    g_autofree char *status = ss_window_dup_status_text (w);

    assert_true (g_str_has_prefix (status, "Capturing") == FALSE);
  }

  save_to (w, saved);
  g_clear_pointer (&header, g_free);
  header = ss_window_dup_header_text (w);
  assert_contains (header, "saved as ");
  assert_same_as_cli (f, w, saved);

  close_window (w);
  assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
}

static gboolean
stall_tick (gpointer data)
{
  gint64 *last = data;
  gint64 now = g_get_monotonic_time ();

  if (now - last[0] > last[1])
    last[1] = now - last[0];
  last[0] = now;
  return G_SOURCE_CONTINUE;
}

static int
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* 10,000 UDP packets a second over 100 flows from the other namespace:
 * every flow is listed while it lasts, a new flow started from here in the
 * middle of it is listed within 250 ms (the median of 5; the worst within
 * a second, for a busy machine), the main loop keeps turning, and the
 * header counts the packets. */
#define N_PROBES 5

static void
test_flood (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  RowsAtLeast all = { w, f->flows };
  gint64 stall[2] = { g_get_monotonic_time (), 0 };
  gint64 lat[N_PROBES];
  g_autofree char *header = NULL;
  guint tick;

  /* the window is up and drawn before the flood: its first frame is not
   * what is measured */
  assert_true (wait_until (ss_gui_mapped, w));
  settle ();
  start (w, f->iface, "udp");
  assert_true (wait_until (capturing, w));
  settle ();
  settle ();
  tick = g_timeout_add (10, stall_tick, stall);
  stall[0] = g_get_monotonic_time ();
  tell_peer (f, "flood");
  assert_true (ss_gui_wait_until_ms (rows_at_least, &all, 5000));
  for (guint i = 0; i < N_PROBES; i++)
    {
      RowsAtLeast r = { w, f->flows + i + 1 };
      gint64 t0 = g_get_monotonic_time ();

      send_udp (f->peer, 9994, NULL);
      assert_true (ss_gui_wait_until_ms (rows_at_least, &r, 5000));
      lat[i] = g_get_monotonic_time () - t0;
      ss_gui_spin (100);
    }
  assert_true (ss_window_get_capturing (w));
  wait_for_peer (f, "flood-done");
  g_source_remove (tick);
  qsort (lat, N_PROBES, sizeof lat[0], cmp_i64);
  print_message ("# flood: new flows listed after %" G_GINT64_FORMAT " ms (median), %" G_GINT64_FORMAT
                 " ms (worst); longest main-loop stall %" G_GINT64_FORMAT " ms; %u rows, %" G_GUINT64_FORMAT
                 " packets in the header\n", lat[N_PROBES / 2] / 1000, lat[N_PROBES - 1] / 1000,
                 stall[1] / 1000, n_rows (w), header_packets (w));
  assert_true (lat[N_PROBES / 2] < 250000);
  assert_true (lat[N_PROBES - 1] < 1000000);
  assert_true (stall[1] < 1000000);
  stop (w);
  assert_no_banner (w);
  header = ss_window_dup_header_text (w);
  print_message ("# flood, stopped: %s\n", header);
  assert_true (header_packets (w) >= f->flows + N_PROBES);
  assert_int_equal (n_rows (w), f->flows + N_PROBES);
  close_window (w);
}

/* A datagram sent from here is listed within 250 ms; the ladder of a
 * selected flow grows as its datagrams come; opening a file in the window
 * closes the capture and deletes its spool. */
static void
test_latency (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *spool = NULL;
  g_autofree char *sample = g_build_filename (g_getenv ("SS_SOURCE_ROOT"), "data", "sample.pcap", NULL);
  g_autoptr(GFile) sample_file = g_file_new_for_path (sample);
  gint64 worst = 0;
  int fd = -1;
  SsLadderWidget *ladder;
  gsize before;

  start (w, f->iface, "udp port 9996");
  assert_true (wait_until (capturing, w));
  spool = spool_path (w);
  settle ();
  for (guint i = 1; i <= 3; i++)
    {
      RowsAtLeast r = { w, i };
      gint64 t0 = g_get_monotonic_time ();

      send_udp (f->peer, 9996, NULL);
      assert_true (ss_gui_wait_until_ms (rows_at_least, &r, 5000));
      worst = MAX (worst, g_get_monotonic_time () - t0);
      settle ();
    }
  print_message ("# a new flow is listed within %" G_GINT64_FORMAT " ms of its datagram\n", worst / 1000);
  assert_true (worst < 250000);

  /* the ladder follows the selected flow */
  send_udp (f->peer, 9996, &fd);
  {
    RowsAtLeast r = { w, 4 };

    assert_true (ss_gui_wait_until_ms (rows_at_least, &r, 5000));
  }
  assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "win.select-conn", "u", 4));
  settle ();
  ladder = ss_window_get_ladder (w);
  before = ss_ladder_widget_get_n_events (ladder);
  assert_true (before >= 1);
  {
    gint64 t0 = g_get_monotonic_time ();

    send_udp (f->peer, 9996, &fd);
    while (ss_ladder_widget_get_n_events (ladder) == before && g_get_monotonic_time () - t0 < 5000000)
      g_main_context_iteration (NULL, TRUE);
    print_message ("# the ladder shows the next datagram after %" G_GINT64_FORMAT " ms\n",
                   (g_get_monotonic_time () - t0) / 1000);
    assert_true (ss_ladder_widget_get_n_events (ladder) > before);
    assert_true (g_get_monotonic_time () - t0 < 250000);
  }
  close (fd);

  /* another capture replaces it: the spool goes at once */
  ss_window_open (w, sample_file);
  assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
  assert_false (ss_window_get_capturing (w));
  while (ss_window_get_loading (w))
    g_main_context_iteration (NULL, TRUE);
  settle ();
  /* a file opened from disk is saved as it is, byte for byte */
  {
    g_autofree char *copy = g_build_filename (f->dir, "sample-copy.pcap", NULL);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    gsize la = 0, lb = 0;
    g_autofree char *header = NULL;

    save_to (w, copy);
    assert_true (g_file_get_contents (sample, &a, &la, NULL));
    assert_true (g_file_get_contents (copy, &b, &lb, NULL));
    assert_int_equal (la, lb);
    assert_memory_equal (a, b, la);
    header = ss_window_dup_header_text (w);
    assert_contains (header, "a copy saved as");
    assert_true (g_file_test (sample, G_FILE_TEST_EXISTS));
  }
  close_window (w);
}

/* Privileged and no helper: the window reads the device itself. */
static void
test_in_process (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-helper", NULL);
  g_autofree char *saved = g_build_filename (f->dir, "lo.pcapng", NULL);
  g_autofree char *spool = NULL;
  RowsAtLeast one = { w, 1 };

  g_setenv ("SYNSCOPE_CAPTURE", missing, TRUE);
  start (w, "lo", "udp port 9997");
  assert_true (wait_until (capturing, w));
  assert_true (ss_capture_get_direct (ss_window_get_capture (w)));
  spool = spool_path (w);
  settle ();
  send_udp ("127.0.0.1", 9997, NULL);
  assert_true (ss_gui_wait_until_ms (rows_at_least, &one, 5000));
  stop (w);
  g_unsetenv ("SYNSCOPE_CAPTURE");
  assert_no_banner (w);
  save_to (w, saved);
  assert_same_as_cli (f, w, saved);
  close_window (w);
  assert_false (g_file_test (spool, G_FILE_TEST_EXISTS));
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

/* SIGTERM (or Ctrl-C) while capturing: the capture is closed and its spool
 * deleted (the application would then quit; this program has none
 * running). */
static void
test_signal (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *spool = NULL;

  start (w, "lo", "udp port 9993");
  assert_true (wait_until (capturing, w));
  spool = spool_path (w);
  assert_true (g_file_test (spool, G_FILE_TEST_EXISTS));
  settle ();
  raise (SIGTERM);
  assert_true (ss_gui_wait_until_ms (file_gone, spool, 5000));
  assert_true (wait_until (not_capturing, w));
  close_window (w);
}

static char *
write_script (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  assert_true (g_file_set_contents (path, text, -1, NULL));
  assert_int_equal (g_chmod (path, 0755), 0);
  return path;
}

/* The helper says it has no permission: the banner has the CLI's sentence
 * and its fix, naming the helper. */
static void
test_no_permission (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *helper = write_script (f, "fake-perm.sh",
    "#!/bin/sh\n"
    "echo \"error permission: no permission to capture on $2 (capturing needs root or the CAP_NET_RAW capability)\" >&3\n"
    "exit 2\n");
  g_autofree char *banner = NULL;
  g_autofree char *fix = g_strdup_printf ("'sudo setcap cap_net_raw,cap_net_admin=eip %s'", helper);

  g_setenv ("SYNSCOPE_CAPTURE", helper, TRUE);
  start (w, f->iface, "");
  assert_true (wait_until (not_capturing, w));
  g_unsetenv ("SYNSCOPE_CAPTURE");
  assert_true (wait_until (banner_shown, w));
  banner = banner_text (w);
  assert_contains (banner, "no permission to capture on ");
  assert_contains (banner, "run it as root, or grant the capture helper its capabilities once with");
  assert_contains (banner, fix);
  assert_int_equal (n_rows (w), 0);
  close_window (w);
}

/* The helper dies of a signal: the banner says so, and what came stays. */
static void
test_helper_crash (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *helper = write_script (f, "fake-crash.sh",
    "#!/bin/sh\n"
    "echo 'ready linktype=1 snaplen=262144' >&3\n"
    "kill -SEGV $$\n");
  g_autofree char *banner = NULL;

  g_setenv ("SYNSCOPE_CAPTURE", helper, TRUE);
  start (w, f->iface, "");
  assert_true (wait_until (not_capturing, w));
  g_unsetenv ("SYNSCOPE_CAPTURE");
  banner = banner_text (w);
  assert_contains (banner, "the capture helper stopped unexpectedly");
  assert_contains (banner, "Segmentation fault");
  close_window (w);
}

/* A filter the device refuses, through the real helper. */
static void
test_bad_filter_helper (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *banner = NULL;

  start (w, f->iface, "tcp port");
  assert_true (wait_until (not_capturing, w));
  banner = banner_text (w);
  assert_contains (banner, "bad capture filter 'tcp port'");
  assert_contains (banner, "syntax error");
  close_window (w);
}

/* The interface goes away while capturing: the banner says so, and what
 * was captured stays, to browse and save. The last test: the link is gone. */
static void
test_interface_gone (void **state)
{
  Fixture *f = *state;
  SsWindow *w = new_window (f);
  g_autofree char *saved = g_build_filename (f->dir, "gone.pcapng", NULL);
  g_autofree char *banner = NULL;
  RowsAtLeast one = { w, 1 };

  start (w, f->iface, "udp port 9995");
  assert_true (wait_until (capturing, w));
  settle ();
  send_udp (f->peer, 9995, NULL);
  assert_true (ss_gui_wait_until_ms (rows_at_least, &one, 5000));
  tell_peer (f, "remove-link");
  assert_true (wait_until (not_capturing, w));
  banner = banner_text (w);
  print_message ("# interface gone: %s\n", banner != NULL ? banner : "");
  assert_contains (banner, f->iface);
  assert_int_equal (n_rows (w), 1);
  save_to (w, saved);
  assert_same_as_cli (f, w, saved);
  close_window (w);
}

static guint
env_uint (const char *name, guint fallback)
{
  const char *v = g_getenv (name);

  return v != NULL ? (guint) g_ascii_strtoull (v, NULL, 10) : fallback;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  if (!ss_gui_init (NULL))
    return -1;
  f->dir = g_getenv ("SS_LIVE_DIR");
  f->iface = g_getenv ("SS_LIVE_IFACE");
  f->peer = g_getenv ("SS_LIVE_PEER");
  f->cli = g_getenv ("SS_CLI");
  f->http_port = env_uint ("SS_LIVE_HTTP_PORT", 8080);
  f->udp_port = env_uint ("SS_LIVE_UDP_PORT", 9999);
  f->flows = env_uint ("SS_LIVE_FLOWS", 100);
  if (f->dir == NULL || f->iface == NULL || f->peer == NULL || f->cli == NULL
      || g_getenv ("SS_SOURCE_ROOT") == NULL)
    {
      fprintf (stderr, "SS_LIVE_DIR, SS_LIVE_IFACE, SS_LIVE_PEER, SS_CLI and SS_SOURCE_ROOT are needed\n");
      return -1;
    }
  f->app = ss_gui_app_new ();
  if (f->app == NULL)
    return -1;
  *state = f;
  return 0;
}

static int
teardown_group (void **state)
{
  Fixture *f = *state;

  if (f == NULL)
    return 0;
  /* a test that failed half way leaves its window: closing it deletes its
   * spool, which test-live-window.py looks for */
  while (gtk_application_get_windows (GTK_APPLICATION (f->app)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (f->app))->data);
  settle ();
  g_clear_object (&f->app);
  g_free (f);
  return 0;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_filter_check),
    cmocka_unit_test (test_capture_traffic),
    cmocka_unit_test (test_flood),
    cmocka_unit_test (test_latency),
    cmocka_unit_test (test_in_process),
    cmocka_unit_test (test_signal),
    cmocka_unit_test (test_no_permission),
    cmocka_unit_test (test_helper_crash),
    cmocka_unit_test (test_bad_filter_helper),
    cmocka_unit_test (test_interface_gone),
  };

  /* SS_LIVE_ONLY=test_flood runs one test (when debugging) */
  if (g_getenv ("SS_LIVE_ONLY") != NULL)
    cmocka_set_test_filter (g_getenv ("SS_LIVE_ONLY"));
  return cmocka_run_group_tests_name ("live-window", tests, setup_group, teardown_group);
}
