/* The real synscope window under Xvfb: the application's own SsApplication
 * and SsWindow, driven through their actions, checked by what the widgets
 * show and by rendered pixels, against synscope-cli's JSON for the same file.
 *
 * Run by run-under-xvfb.sh (its own X server). Environment: SS_CLI (the
 * synscope-cli program), SS_CORPUS (../shared/pcaps), SS_GUI_CAPTURE (the
 * capture to open, default tcp/pcapplusplus__many-protocols.pcap in the
 * corpus), SS_GUI_OUTPUT (where to write the rendered PNGs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gtk/gtk.h>

#include "ss-conn-columns.h"
#include "ss-gui-test.h"
#include "ss-ladder-render.h"
#include "ss-overview-view.h"

#define SETTLE_MS 50

typedef struct {
  SsApplication *app;
  SsWindow      *window;
  char          *capture;   /* the file */
  GPtrArray     *cli_lines; /* synscope-cli connections --json, one a line */
  char          *tmpdir;
  char          *outdir;
} Fixture;

static guint64
json_u64 (const char *line, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":", key);
  const char *p = strstr (line, pat);

  assert_non_null (p);
  return g_ascii_strtoull (p + strlen (pat), NULL, 10);
}

/* Whether the key is there with the value null. */
static gboolean
json_is_null (const char *line, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":null", key);

  return strstr (line, pat) != NULL;
}

/* The CLI's handshake_rtt ("0.000042000", seconds with nine decimals) as
 * the list words it: milliseconds, three decimals, rounded half up; ""
 * when null or absent (UDP). Worked out here in integers, apart from the
 * window's ss_text_millis. */
static char *
cli_rtt_ms (const char *line)
{
  const char *p = strstr (line, "\"handshake_rtt\":");
  guint64 secs, frac, ns, us;
  char *end;

  if (p == NULL || json_is_null (line, "handshake_rtt"))
    return g_strdup ("");
  p += strlen ("\"handshake_rtt\":");
  secs = g_ascii_strtoull (p, &end, 10);
  assert_int_equal (*end, '.');
  assert_true (strspn (end + 1, "0123456789") == 9);
  frac = g_ascii_strtoull (end + 1, NULL, 10);
  ns = secs * 1000000000u + frac;
  us = (ns + 500) / 1000;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%03u", us / 1000, (guint) (us % 1000));
}

/* The analysis counters that mean trouble (the Anomalies column), summed
 * from the CLI's fields; -1 for UDP (the CLI prints none). */
static gint64
cli_anomalies (const char *line)
{
  static const char *const keys[] = {
    "retransmissions", "fast_retransmissions", "spurious_retransmissions",
    "out_of_orders", "lost_segments", "ack_lost_segments", "duplicate_acks",
    "zero_windows",
  };
  gint64 sum = 0;

  if (strstr (line, "\"retransmissions\":") == NULL)
    return -1;
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    sum += (gint64) json_u64 (line, keys[k]);
  return sum;
}

/* The Problems filter's rule, said again from the CLI's fields: REJ, S0,
 * RSTO, RSTR, RSTOS0, RSTRH; OTH with a RST; UDP with an ICMP error. */
static gboolean
cli_is_problem (const char *line)
{
  static const char *const states[] = { "REJ", "S0", "RSTO", "RSTR", "RSTOS0", "RSTRH" };
  g_autofree char *proto = ss_gui_json_str (line, "proto");
  g_autofree char *state = ss_gui_json_str (line, "conn_state");

  assert_non_null (state);
  if (g_strcmp0 (proto, "udp") == 0 && json_u64 (line, "icmp_errors") > 0)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (state, states[i]) == 0)
      return TRUE;
  return g_strcmp0 (state, "OTH") == 0 && g_strcmp0 (proto, "tcp") == 0
         && !json_is_null (line, "rst_by");
}

static const char *
cli_line_of (Fixture *f, guint id)
{
  for (guint i = 0; i < f->cli_lines->len; i++)
    {
      const char *line = g_ptr_array_index (f->cli_lines, i);

      if (json_u64 (line, "id") == id)
        return line;
    }
  fail_msg ("no connection %u in the CLI's output", id);
  return NULL;
}

static char *
run_cli (const char *path, char **err_out)
{
  const char *cli = g_getenv ("SS_CLI");
  const char *argv[] = { cli, "connections", "--json", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  int status = 0;

  assert_non_null (cli);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    fail_msg ("cannot run %s: %s", cli, error->message);
  if (err_out != NULL)
    *err_out = err;
  else
    g_free (err);
  return out;
}

/* Lets pending work (filters, redraws) run. */
static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (ss_window_get_rows (f->window));
}

static SsConnItem *
row (Fixture *f, guint i)
{
  SsConnItem *item = g_list_model_get_item (ss_window_get_rows (f->window), i);

  g_object_unref (item); /* the model keeps it */
  return item;
}

static void
show (Fixture *f, const char *what)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show", "s", what));
  settle ();
}

/* The share of pixels in the widget's area that stand out from its most
 * common colour (text, lines): 0 for a blank area. */
static double
ink (const SsGuiShot *shot, GtkWidget *widget)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 bg = 0;
  guint best = 0, total = 0, inked = 0;
  int x0, y0, x1, y1;

  ss_gui_shot_area (shot, widget, &x0, &y0, &x1, &y1);
  assert_true (x1 - x0 > 10 && y1 - y0 > 10);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 v = ss_gui_shot_pixel (shot, x, y);
        guint n;

        n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (v))) + 1;
        g_hash_table_insert (counts, GUINT_TO_POINTER (v), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            bg = v;
          }
      }
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        total++;
        if (ss_gui_rgb_distance (ss_gui_shot_pixel (shot, x, y), bg) > 120)
          inked++;
      }
  return (double) inked / total;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  const char *corpus = g_getenv ("SS_CORPUS");
  const char *capture = g_getenv ("SS_GUI_CAPTURE");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  if (!ss_gui_start (NULL, 1280, 760, &f->app, &f->window, &f->outdir))
    return -1;

  if (capture != NULL && *capture != '\0')
    f->capture = g_strdup (capture);
  else if (corpus != NULL)
    f->capture = g_build_filename (corpus, "tcp", "pcapplusplus__many-protocols.pcap", NULL);
  if (f->capture == NULL || !g_file_test (f->capture, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "no capture to open (SS_CORPUS=%s)\n", corpus ? corpus : "(unset)");
      return -1;
    }
  f->tmpdir = g_dir_make_tmp ("synscope-gui-XXXXXX", &error);
  if (f->tmpdir == NULL)
    return -1;

  out = run_cli (f->capture, NULL);
  f->cli_lines = g_ptr_array_new_with_free_func (g_free);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] == '{')
        g_ptr_array_add (f->cli_lines, g_strdup (lines[i]));
  }
  if (f->cli_lines->len == 0)
    {
      fprintf (stderr, "synscope-cli found no connection in %s\n", f->capture);
      return -1;
    }

  *state = f;
  return 0;
}

static int
teardown_group (void **state)
{
  Fixture *f = *state;

  if (f == NULL)
    return 0;
  if (!ss_gui_stop (&f->app, &f->window, &f->outdir, SETTLE_MS))
    return -1;
  ss_gui_rmdir (f->tmpdir);
  g_clear_pointer (&f->cli_lines, g_ptr_array_unref);
  g_free (f->tmpdir);
  g_free (f->capture);
  g_free (f);
  return 0;
}

static guint
cli_count (Fixture *f, const char *proto)
{
  guint n = 0;

  for (guint i = 0; i < f->cli_lines->len; i++)
    {
      g_autofree char *p = ss_gui_json_str (g_ptr_array_index (f->cli_lines, i), "proto");

      if (proto == NULL || g_strcmp0 (p, proto) == 0)
        n++;
    }
  return n;
}

/* The list fills while loading, and ends with the CLI's connections. */
static void
test_load (void **state)
{
  Fixture *f = *state;
  g_autoptr(GFile) file = g_file_new_for_path (f->capture);
  g_autofree char *status = NULL;
  g_autofree char *expected = NULL;
  guint rows_while_loading = 0;
  guint slices = 0;

  ss_window_set_slice_frames (f->window, 200);
  ss_window_open (f->window, file);
  assert_true (ss_window_get_loading (f->window));
  while (ss_window_get_loading (f->window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (ss_window_get_loading (f->window))
        {
          rows_while_loading = MAX (rows_while_loading, n_rows (f));
          slices++;
        }
    }
  settle ();
  assert_true (rows_while_loading > 0);
  assert_true (rows_while_loading < f->cli_lines->len);

  assert_int_equal (n_rows (f), f->cli_lines->len);
  /* Sorted by id: the row order is the CLI's. */
  for (guint i = 0; i < n_rows (f); i++)
    {
      const char *line = g_ptr_array_index (f->cli_lines, i);
      g_autofree char *client = ss_gui_json_str (line, "client");
      g_autofree char *server = ss_gui_json_str (line, "server");
      SsConnItem *item = row (f, i);
      const SsConn *c = ss_conn_item_get_conn (item);

      assert_int_equal (ss_conn_item_get_id (item), json_u64 (line, "id"));
      assert_string_equal (ss_conn_item_get_client_text (item), client);
      assert_string_equal (ss_conn_item_get_server_text (item), server);
      assert_int_equal (c->packets, json_u64 (line, "packets"));
      assert_int_equal (c->bytes, json_u64 (line, "bytes"));
      assert_int_equal (c->first_frame, json_u64 (line, "first_frame"));
      assert_int_equal (c->last_frame, json_u64 (line, "last_frame"));

      /* The columns that say what happened, as the CLI says it. */
      {
        g_autofree char *outcome = ss_gui_json_str (line, "outcome");
        g_autofree char *state_name = ss_gui_json_str (line, "conn_state");
        g_autofree char *history = ss_gui_json_str (line, "history");
        g_autofree char *rtt = cli_rtt_ms (line);
        g_autofree char *want_tip = NULL;
        gint64 anomalies = cli_anomalies (line);
        char cell[256], tip[256];

        assert_non_null (outcome);
        assert_true (ss_conn_columns_cell_text (item, "outcome", cell, sizeof cell));
        assert_string_equal (cell, outcome);
        assert_string_equal (ss_conn_item_get_outcome_text (item), outcome);
        assert_true (ss_conn_columns_cell_tooltip (item, "outcome", tip, sizeof tip));
        assert_true (g_str_has_prefix (tip, outcome));

        assert_true (ss_conn_columns_cell_text (item, "state", cell, sizeof cell));
        assert_string_equal (cell, state_name);
        assert_true (ss_conn_columns_cell_tooltip (item, "state", tip, sizeof tip));
        want_tip = g_strdup_printf ("\nHistory: %s", *history ? history : "(none)");
        assert_true (g_str_has_suffix (tip, want_tip));

        assert_true (ss_conn_columns_cell_text (item, "rtt", cell, sizeof cell));
        assert_string_equal (cell, rtt);

        assert_true (ss_conn_columns_cell_text (item, "anomalies", cell, sizeof cell));
        if (anomalies < 0)
          assert_string_equal (cell, "");
        else
          {
            g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, anomalies);
            g_autofree char *digits = g_strdup (cell);
            char *o = digits;

            for (const char *p = cell; *p; p++)
              if (*p != ',')
                *o++ = *p;
            *o = '\0';
            assert_string_equal (digits, want);
            assert_int_equal (ss_conn_item_get_anomalies (item), anomalies);
          }
        assert_int_equal (ss_conn_item_is_problem (item), cli_is_problem (line));
      }
    }
  assert_false (ss_conn_columns_cell_text (row (f, 0), "no-such-column", (char[8]) { 0 }, 8));

  status = ss_window_dup_status_text (f->window);
  expected = g_strdup_printf ("%u connections, ", f->cli_lines->len);
  assert_non_null (strstr (status, expected));
  assert_non_null (strstr (status, " frames"));
  assert_null (strstr (status, "Loading"));
  assert_null (ss_window_dup_banner_text (f->window));
}

static void
test_filters (void **state)
{
  Fixture *f = *state;
  guint all = f->cli_lines->len;
  guint problems = 0;
  GListModel *every = ss_capture_get_connections (ss_window_get_capture (f->window));

  show (f, "tcp");
  assert_int_equal (n_rows (f), cli_count (f, "tcp"));
  for (guint i = 0; i < n_rows (f); i++)
    assert_int_equal (ss_conn_item_get_conn (row (f, i))->proto, SS_PROTO_TCP);
  {
    g_autofree char *status = ss_window_dup_status_text (f->window);
    g_autofree char *shown = g_strdup_printf ("; %u shown", cli_count (f, "tcp"));

    assert_non_null (strstr (status, shown));
  }

  show (f, "udp");
  assert_int_equal (n_rows (f), cli_count (f, "udp"));
  for (guint i = 0; i < n_rows (f); i++)
    assert_int_equal (ss_conn_item_get_conn (row (f, i))->proto, SS_PROTO_UDP);

  /* Problems: the CLI's conn_state says which (cli_is_problem). */
  for (guint i = 0; i < f->cli_lines->len; i++)
    if (cli_is_problem (g_ptr_array_index (f->cli_lines, i)))
      problems++;
  assert_int_equal (g_list_model_get_n_items (every), all);
  show (f, "problems");
  assert_true (problems > 0);
  assert_int_equal (n_rows (f), problems);
  for (guint i = 0; i < n_rows (f); i++)
    {
      SsConnItem *item = row (f, i);

      assert_true (ss_conn_item_is_problem (item));
      assert_true (cli_is_problem (cli_line_of (f, ss_conn_item_get_id (item))));
    }

  show (f, "all");
  assert_int_equal (n_rows (f), all);
}

/* The filters for one kind of trouble each (win.show "refused" ...
 * "zero-window"), said again from the CLI's fields. */
static const char *const trouble_targets[] = {
  "refused", "no-answer", "reset", "icmp-error", "retransmissions", "zero-window",
};
static const char *const trouble_labels[] = {
  "Refused", "No answer", "Reset", "ICMP error", "Retransmissions", "Zero window",
};

static gboolean
cli_state_is (const char *line, const char *const *states, gsize n)
{
  g_autofree char *state = ss_gui_json_str (line, "conn_state");

  assert_non_null (state);
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (state, states[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A counter the CLI prints for TCP only: 0 when absent (UDP). */
static guint64
cli_counter (const char *line, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":", key);

  return strstr (line, pat) != NULL ? json_u64 (line, key) : 0;
}

static gboolean
cli_keeps (const char *line, const char *target)
{
  static const char *const s0[] = { "S0" };
  static const char *const rej[] = { "REJ" };
  static const char *const resets[] = { "RSTO", "RSTR", "RSTOS0", "RSTRH" };
  static const char *const oth[] = { "OTH" };
  g_autofree char *proto = ss_gui_json_str (line, "proto");
  gboolean udp = g_strcmp0 (proto, "udp") == 0;
  gboolean icmp = json_u64 (line, "icmp_errors") > 0;

  if (g_strcmp0 (target, "refused") == 0)
    return !udp && cli_state_is (line, rej, 1);
  if (g_strcmp0 (target, "no-answer") == 0)
    return !icmp && cli_state_is (line, s0, 1);
  if (g_strcmp0 (target, "reset") == 0)
    return !udp && (cli_state_is (line, resets, G_N_ELEMENTS (resets))
                    || (cli_state_is (line, oth, 1) && !json_is_null (line, "rst_by")));
  if (g_strcmp0 (target, "icmp-error") == 0)
    return icmp && (udp || cli_state_is (line, s0, 1));
  if (g_strcmp0 (target, "retransmissions") == 0)
    return cli_counter (line, "retransmissions") + cli_counter (line, "fast_retransmissions")
           + cli_counter (line, "spurious_retransmissions") > 0;
  if (g_strcmp0 (target, "zero-window") == 0)
    return cli_counter (line, "zero_windows") > 0;
  fail_msg ("no rule for %s", target);
  return FALSE;
}

/* The first menu button under root labelled label (NULL: without a
 * label), or NULL. */
static GtkMenuButton *
find_menu_button (GtkWidget *root, const char *label)
{
  if (GTK_IS_MENU_BUTTON (root)
      && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (root)), label) == 0)
    return GTK_MENU_BUTTON (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *b = find_menu_button (c, label);

      if (b != NULL)
        return b;
    }
  return NULL;
}

/* Each filter for one kind of trouble, on captures that have each kind:
 * the rows shown are exactly the connections the CLI's fields say, the
 * overview strip packs exactly those, and the Problem button names it.
 * The four problem kinds together are the Problems filter. */
static void
test_trouble_filters (void **state)
{
  Fixture *f = *state;
  const char *root = g_getenv ("SS_SOURCE_ROOT");
  const char *corpus = g_getenv ("SS_CORPUS");
  g_autofree char *sample = g_build_filename (root ? root : ".", "data", "sample.pcap", NULL);
  g_autofree char *ipp = g_build_filename (corpus ? corpus : ".", "tcp", "ndpi__ipp.pcap", NULL);
  const char *paths[] = { f->capture, sample, ipp };
  guint seen[G_N_ELEMENTS (trouble_targets)] = { 0 };
  SsOverviewWidget *overview;
  GtkMenuButton *button;

  overview = SS_OVERVIEW_WIDGET (ss_gui_get_widget (GTK_WIDGET (f->window), SS_TYPE_OVERVIEW_WIDGET));
  button = find_menu_button (GTK_WIDGET (f->window), "Problem");
  assert_non_null (button);

  for (gsize p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      guint n_lines = 0, problems = 0, kinds = 0;

      assert_true (g_file_test (paths[p], G_FILE_TEST_IS_REGULAR));
      out = run_cli (paths[p], NULL);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] == '{')
          {
            n_lines++;
            if (cli_is_problem (lines[i]))
              problems++;
          }
      assert_true (n_lines > 0);
      ss_gui_open_and_wait (f->window, paths[p], SETTLE_MS);
      show (f, "all");
      assert_int_equal (n_rows (f), n_lines);

      for (gsize t = 0; t < G_N_ELEMENTS (trouble_targets); t++)
        {
          g_autofree gboolean *want = g_new0 (gboolean, n_lines + 1);
          g_autofree char *show_now = NULL;
          const SsOverview *ov;
          guint n_want = 0;

          for (guint i = 0; lines[i] != NULL; i++)
            if (lines[i][0] == '{' && cli_keeps (lines[i], trouble_targets[t]))
              {
                guint64 id = json_u64 (lines[i], "id");

                assert_true (id >= 1 && id <= n_lines);
                want[id] = TRUE;
                n_want++;
              }

          show (f, trouble_targets[t]);
          g_object_get (f->window, "show", &show_now, NULL);
          assert_string_equal (show_now, trouble_targets[t]);
          assert_string_equal (gtk_menu_button_get_label (button), trouble_labels[t]);

          /* the list: exactly those */
          assert_int_equal (n_rows (f), n_want);
          for (guint i = 0; i < n_rows (f); i++)
            assert_true (want[ss_conn_item_get_id (row (f, i))]);

          /* the strip: exactly those too */
          ov = ss_overview_widget_get_overview (overview);
          assert_int_equal (ss_overview_n_shown (ov), n_want);
          assert_int_equal (ss_overview_n_conns (ov), n_lines);
          for (guint i = 0; i < n_lines; i++)
            assert_int_equal (ss_overview_get_conn (ov, i)->lane != UINT32_MAX, want[i + 1]);

          seen[t] += n_want;
          if (t < 4)
            kinds += n_want;
        }
      /* one kind each: together the Problems filter */
      assert_int_equal (kinds, problems);

      show (f, "problems");
      assert_int_equal (n_rows (f), problems);
      assert_string_equal (gtk_menu_button_get_label (button), "Problem");
      assert_int_equal (ss_overview_n_shown (ss_overview_widget_get_overview (overview)), problems);
    }
  /* every kind was there to be found */
  for (gsize t = 0; t < G_N_ELEMENTS (trouble_targets); t++)
    if (seen[t] == 0)
      fail_msg ("no connection with %s in the captures", trouble_targets[t]);

  /* an unknown target changes nothing */
  show (f, "zero-window");
  {
    guint n = n_rows (f);
    g_autofree char *show_now = NULL;

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show", "s", "no-such-filter");
    settle ();
    g_object_get (f->window, "show", &show_now, NULL);
    assert_string_equal (show_now, "zero-window");
    assert_int_equal (n_rows (f), n);
  }
  show (f, "all");
  assert_string_equal (gtk_menu_button_get_label (button), "Problem");
}

static void
test_search (void **state)
{
  Fixture *f = *state;
  GtkWidget *entry = ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  const char *line = g_ptr_array_index (f->cli_lines, f->cli_lines->len - 1);
  g_autofree char *client = ss_gui_json_str (line, "client");
  guint expected = 0;

  assert_non_null (entry);
  for (guint i = 0; i < f->cli_lines->len; i++)
    {
      const char *l = g_ptr_array_index (f->cli_lines, i);
      g_autofree char *c = ss_gui_json_str (l, "client");
      g_autofree char *s = ss_gui_json_str (l, "server");

      if (strstr (c, client) != NULL || strstr (s, client) != NULL)
        expected++;
    }
  assert_true (expected >= 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), client);
  /* GtkSearchEntry waits a moment before it says the text changed. */
  ss_gui_spin (400);
  assert_int_equal (n_rows (f), expected);

  /* A port, as digits: matches either end's port exactly. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "53");
  ss_gui_spin (400);
  assert_true (n_rows (f) > 0);
  for (guint i = 0; i < n_rows (f); i++)
    {
      const SsConn *c = ss_conn_item_get_conn (row (f, i));

      assert_true (c->client.port == 53 || c->server.port == 53 || c->id == 53);
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  ss_gui_spin (400);
  assert_int_equal (n_rows (f), f->cli_lines->len);
}

static void
test_sort (void **state)
{
  Fixture *f = *state;
  GtkColumnView *view = GTK_COLUMN_VIEW (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) packets = NULL;
  g_autoptr(GtkColumnViewColumn) id = NULL;
  g_autoptr(GtkColumnViewColumn) anomalies = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (c), "Packets") == 0)
        packets = g_object_ref (c);
      if (g_strcmp0 (gtk_column_view_column_get_title (c), "ID") == 0)
        id = g_object_ref (c);
      if (g_strcmp0 (gtk_column_view_column_get_title (c), "Anomalies") == 0)
        anomalies = g_object_ref (c);
    }
  assert_non_null (packets);
  assert_non_null (id);
  assert_non_null (anomalies);

  gtk_column_view_sort_by_column (view, packets, GTK_SORT_DESCENDING);
  settle ();
  assert_int_equal (n_rows (f), f->cli_lines->len);
  for (guint i = 1; i < n_rows (f); i++)
    assert_true (ss_conn_item_get_conn (row (f, i - 1))->packets
                 >= ss_conn_item_get_conn (row (f, i))->packets);

  /* Anomalies, most first: TCP by the sum, UDP (blank) last. */
  gtk_column_view_sort_by_column (view, anomalies, GTK_SORT_DESCENDING);
  settle ();
  assert_int_equal (n_rows (f), f->cli_lines->len);
  for (guint i = 1; i < n_rows (f); i++)
    {
      const SsConn *a = ss_conn_item_get_conn (row (f, i - 1));
      const SsConn *b = ss_conn_item_get_conn (row (f, i));

      if (a->proto == SS_PROTO_TCP && b->proto == SS_PROTO_TCP)
        assert_true (ss_conn_item_get_anomalies (row (f, i - 1))
                     >= ss_conn_item_get_anomalies (row (f, i)));
      else
        assert_false (a->proto == SS_PROTO_UDP && b->proto == SS_PROTO_TCP);
    }

  gtk_column_view_sort_by_column (view, id, GTK_SORT_ASCENDING);
  settle ();
  for (guint i = 0; i < n_rows (f); i++)
    assert_int_equal (ss_conn_item_get_id (row (f, i)), i + 1);
}

/* Select a TCP connection with a handshake; the details say what the CLI says. */
static void
test_select (void **state)
{
  Fixture *f = *state;
  const char *line = NULL;
  guint id;
  g_autofree char *text = NULL;
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  g_autofree char *want = NULL;

  for (guint i = 0; i < f->cli_lines->len && line == NULL; i++)
    {
      const char *l = g_ptr_array_index (f->cli_lines, i);

      if (strstr (l, "\"proto\":\"tcp\"") && json_u64 (l, "syn") > 0 && json_u64 (l, "synack") > 0)
        line = l;
    }
  assert_non_null (line);
  id = (guint) json_u64 (line, "id");
  client = ss_gui_json_str (line, "client");
  server = ss_gui_json_str (line, "server");

  text = ss_window_dup_details_text (f->window);
  assert_string_equal (text, "");

  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u", id));
  settle ();
  assert_non_null (ss_window_get_selected (f->window));
  assert_int_equal (ss_conn_item_get_id (ss_window_get_selected (f->window)), id);

  g_clear_pointer (&text, g_free);
  text = ss_window_dup_details_text (f->window);
  want = g_strdup_printf ("TCP connection %u (tcp.stream %u)\n", id, (guint) json_u64 (line, "stream"));
  assert_true (g_str_has_prefix (text, want));
  g_free (want);
  want = g_strdup_printf ("Client: %s (sent the first SYN)\n", client);
  assert_non_null (strstr (text, want));
  g_free (want);
  want = g_strdup_printf ("Server: %s\n", server);
  assert_non_null (strstr (text, want));
  g_free (want);
  want = g_strdup_printf ("Frames: first %u, last %u\n", (guint) json_u64 (line, "first_frame"),
                          (guint) json_u64 (line, "last_frame"));
  assert_non_null (strstr (text, want));
  g_free (want);
  want = g_strdup_printf ("Packets: %u: %u from the client, %u from the server\n",
                          (guint) json_u64 (line, "packets"), (guint) json_u64 (line, "packets_c2s"),
                          (guint) json_u64 (line, "packets_s2c"));
  assert_non_null (strstr (text, want));
  assert_non_null (strstr (text, "Completeness: SYN, SYN-ACK, ACK"));
  assert_non_null (strstr (text, " seen\n"));
  /* What happened, in the CLI's terms. */
  {
    g_autofree char *outcome = ss_gui_json_str (line, "outcome");
    g_autofree char *state_name = ss_gui_json_str (line, "conn_state");
    g_autofree char *history = ss_gui_json_str (line, "history");
    g_autofree char *rtt = cli_rtt_ms (line);
    g_autofree char *first_fin = ss_gui_json_str (line, "first_fin");
    g_autofree char *rst_by = ss_gui_json_str (line, "rst_by");

    g_free (want);
    want = g_strdup_printf ("Outcome: %s\n", outcome);
    assert_non_null (strstr (text, want));
    g_free (want);
    want = g_strdup_printf ("Zeek state: %s (", state_name);
    assert_non_null (strstr (text, want));
    g_free (want);
    want = g_strdup_printf ("), history %s\n", history);
    assert_non_null (strstr (text, want));
    g_free (want);
    want = *rtt ? g_strdup_printf ("Handshake RTT: %s ms\n", rtt)
                : g_strdup ("Handshake RTT: none");
    assert_non_null (strstr (text, want));
    g_free (want);
    /* Every counter the CLI prints zero: nothing unusual (by_timing only
     * comes with one of them). Else the first counter the CLI names. */
    {
      static const char *const keys[] = {
        "retransmissions", "fast_retransmissions", "spurious_retransmissions",
        "out_of_orders", "lost_segments", "ack_lost_segments", "duplicate_acks",
        "zero_windows", "zero_window_probes", "zero_window_probe_acks", "keep_alives",
        "keep_alive_acks", "window_updates", "window_fulls", "reused_ports",
      };
      guint64 first = 0;

      for (gsize k = 0; k < G_N_ELEMENTS (keys) && first == 0; k++)
        first = json_u64 (line, keys[k]);
      want = first == 0 ? g_strdup ("Analysis: nothing unusual\n")
                        : g_strdup_printf ("Analysis: %" G_GUINT64_FORMAT " ", first);
      assert_non_null (strstr (text, want));
    }
    assert_non_null (strstr (text, "Teardown: "));
    if (first_fin != NULL)
      {
        g_autofree char *a = g_strdup_printf ("the %s closed first", first_fin);
        g_autofree char *b = g_strdup_printf ("only the %s closed", first_fin);

        assert_true (strstr (text, a) != NULL || strstr (text, b) != NULL
                     || strstr (text, "both sides closed at once") != NULL);
      }
    if (rst_by != NULL)
      {
        g_autofree char *r = g_strdup_printf ("RST from the %s in frame %u", rst_by,
                                              (guint) json_u64 (line, "rst_frame"));

        assert_non_null (strstr (text, r));
      }
    if (first_fin == NULL && rst_by == NULL)
      assert_non_null (strstr (text, "Teardown: no FIN or RST seen\n"));
  }

  /* The window on screen: the list and the details are drawn, not blank. */
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "window-selected.png");
    GtkWidget *view = ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW);
    GtkWidget *details = ss_gui_find_widget (GTK_WIDGET (f->window), g_type_from_name ("SsConnDetails"));
    double list_ink = ink (shot, view);
    double details_ink = ink (shot, details);

    print_message ("# ink: list %.4f, details %.4f\n", list_ink, details_ink);
    assert_true (list_ink > 0.01);
    assert_true (details_ink > 0.005);
  }

  /* Unselecting empties the pane again. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (ss_window_get_rows (f->window)),
                                     GTK_INVALID_LIST_POSITION);
  g_clear_pointer (&text, g_free);
  text = ss_window_dup_details_text (f->window);
  assert_string_equal (text, "");
}

/* Cancel keeps what was read and says so. */
static void
test_cancel (void **state)
{
  Fixture *f = *state;
  g_autoptr(GFile) file = g_file_new_for_path (f->capture);
  g_autofree char *status = NULL;
  guint kept;

  ss_window_set_slice_frames (f->window, 100);
  ss_window_open (f->window, file);
  while (ss_window_get_loading (f->window) && n_rows (f) < 5)
    g_main_context_iteration (NULL, TRUE);
  assert_true (ss_window_get_loading (f->window));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-load", NULL));
  assert_true (ss_gui_wait_until (ss_gui_loaded, f->window));
  settle ();

  kept = n_rows (f);
  assert_true (kept >= 5);
  assert_true (kept < f->cli_lines->len);
  status = ss_window_dup_status_text (f->window);
  assert_non_null (strstr (status, "loading cancelled"));
  assert_null (ss_window_dup_banner_text (f->window));
  ss_window_set_slice_frames (f->window, 0);
}

static char *
cli_stderr (const char *path)
{
  char *err = NULL;

  g_free (run_cli (path, &err));
  return err;
}

/* Not a capture: the CLI's sentence in a banner, nothing listed, no crash. */
static void
test_not_a_capture (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (f->tmpdir, "notes.txt", NULL);
  g_autofree char *banner = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  assert_true (g_file_set_contents (path, "<!DOCTYPE html>\nthis is not a capture\n", -1, NULL));
  ss_gui_open_and_wait (f->window, path, SETTLE_MS);

  banner = ss_window_dup_banner_text (f->window);
  assert_non_null (banner);
  assert_non_null (strstr (banner, "not a capture file"));
  assert_int_equal (n_rows (f), 0);

  /* The same sentence as synscope-cli prints, without its "synscope-cli: ". */
  err = cli_stderr (path);
  lines = g_strsplit (err, "\n", -1);
  assert_true (g_str_has_prefix (lines[0], "synscope-cli: "));
  assert_string_equal (banner, lines[0] + strlen ("synscope-cli: "));

  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "window-not-a-capture.png");
    GtkWidget *label = ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_REVEALER);

    assert_true (ink (shot, label) > 0.005);
  }
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.dismiss-banner", NULL));
  assert_null (ss_window_dup_banner_text (f->window));
}

/* A file cut in the middle of a packet: what came before is listed, and
 * the banner says where it stopped, in the CLI's words. */
static void
test_cut_short (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (f->tmpdir, "cut.pcap", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;
  guint cli_rows = 0;

  assert_true (g_file_get_contents (f->capture, &contents, &len, NULL));
  assert_true (len > 4000);
  assert_true (g_file_set_contents (path, contents, (gssize) (len / 3 + 7), NULL));
  ss_gui_open_and_wait (f->window, path, SETTLE_MS);

  banner = ss_window_dup_banner_text (f->window);
  assert_non_null (banner);
  assert_non_null (strstr (banner, "frames before it are kept"));

  out = run_cli (path, &err);
  for (const char *p = out; (p = strchr (p, '{')) != NULL; p++)
    cli_rows++;
  assert_true (cli_rows > 0);
  assert_int_equal (n_rows (f), cli_rows);

  /* Each line the CLI prints on stderr ("synscope-cli: FILE: sentence")
   * is a line of the banner: both word it through ui/core/ss-report. */
  prefix = g_strdup_printf ("synscope-cli: %s: ", path);
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      assert_true (g_str_has_prefix (lines[i], prefix));
      assert_non_null (strstr (banner, lines[i] + strlen (prefix)));
    }
}

static guint
cli_rows_of (const char *path)
{
  g_autofree char *out = run_cli (path, NULL);
  guint n = 0;

  for (const char *p = out; (p = strchr (p, '{')) != NULL; p++)
    n++;
  return n;
}

/* Dropping a file on the window opens it (the window's GtkDropTarget, fed
 * the file list a file manager hands over). */
static void
test_drop (void **state)
{
  Fixture *f = *state;
  const char *root = g_getenv ("SS_SOURCE_ROOT");
  g_autofree char *sample = g_build_filename (root ? root : ".", "data", "sample.pcap", NULL);
  const char *path = g_file_test (sample, G_FILE_TEST_IS_REGULAR) ? sample : f->capture;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GtkDropTarget *drop = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        drop = GTK_DROP_TARGET (c);
    }
  assert_non_null (drop);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, g_slist_prepend (NULL, g_file_new_for_path (path)));
  g_signal_emit_by_name (drop, "drop", &value, 20.0, 20.0, &handled);
  g_value_unset (&value);
  assert_true (handled);
  assert_true (ss_gui_wait_until (ss_gui_loaded, f->window));
  settle ();
  assert_int_equal (n_rows (f), cli_rows_of (path));
  assert_null (ss_window_dup_banner_text (f->window));
}

/* The menu item in Open Recent whose action is win.open-uri(uri), if any. */
static gboolean
menu_has_recent (GMenuModel *menu, const char *uri)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);

      if (section != NULL && menu_has_recent (section, uri))
        return TRUE;
      if (submenu != NULL && menu_has_recent (submenu, uri))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_strcmp0 (action, "win.open-uri") == 0)
        {
          target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_STRING);
          if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), uri) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* A capture that loaded is in Open Recent, and opens again from there. */
static void
test_recent (void **state)
{
  Fixture *f = *state;
  g_autoptr(GFile) file = g_file_new_for_path (f->capture);
  g_autofree char *uri = g_file_get_uri (file);
  /* the primary menu's button: an icon, no label (the Problem menu's has one) */
  GtkMenuButton *button = find_menu_button (GTK_WIDGET (f->window), NULL);

  assert_non_null (button);
  assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));
  assert_true (menu_has_recent (gtk_menu_button_get_menu_model (button), uri));

  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-uri", "s", uri));
  assert_true (ss_gui_wait_until (ss_gui_loaded, f->window));
  settle ();
  assert_int_equal (n_rows (f), f->cli_lines->len);
}

/* Opening another file lets go of the previous capture and its rows.
 * (LeakSanitizer cannot see a leaked GObject that ever had a signal
 * handler: GLib's handler table still points at it. Weak pointers can.) */
static void
test_reopen_frees (void **state)
{
  Fixture *f = *state;
  SsCapture *capture = ss_window_get_capture (f->window);
  GListModel *rows;
  gpointer item;

  assert_non_null (capture);
  rows = ss_capture_get_connections (capture);
  assert_true (g_list_model_get_n_items (rows) > 0);
  item = g_list_model_get_item (rows, 0);
  g_object_unref (item);
  /* Shown in the details pane: it has a handler on it. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u",
                                           ss_conn_item_get_id (item)));
  g_object_add_weak_pointer (G_OBJECT (capture), (gpointer *) &capture);
  g_object_add_weak_pointer (G_OBJECT (item), &item);

  ss_gui_open_and_wait (f->window, f->capture, SETTLE_MS);
  assert_null (capture);
  assert_null (item);
}

/* A capture of a link type we do not decode: the CLI's sentence, no rows. */
static void
test_unsupported_link (void **state)
{
  Fixture *f = *state;
  const char *corpus = g_getenv ("SS_CORPUS");
  g_autofree char *path = g_build_filename (corpus, "malformed",
                                            "pcapplusplus__microsecs_big_endian.pcap", NULL);
  g_autofree char *banner = NULL;
  g_autofree char *err = NULL;
  g_autofree char *prefix = NULL;

  assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  ss_gui_open_and_wait (f->window, path, SETTLE_MS);
  banner = ss_window_dup_banner_text (f->window);
  assert_non_null (banner);
  assert_int_equal (n_rows (f), 0);

  err = cli_stderr (path);
  g_strchomp (err);
  prefix = g_strdup_printf ("synscope-cli: %s: ", path);
  assert_true (g_str_has_prefix (err, prefix));
  {
    const char *sentence = err + strlen (prefix);

    /* Whether the CLI calls it fatal or a note, the window says the same. */
    if (g_str_has_prefix (sentence, "note: "))
      sentence += strlen ("note: ");
    assert_non_null (strstr (banner, sentence));
  }
}

/* Every file of the malformed corpus opens without a crash or a hang, and
 * either lists something or says what is wrong. */
static void
test_malformed_corpus (void **state)
{
  Fixture *f = *state;
  const char *corpus = g_getenv ("SS_CORPUS");
  g_autofree char *dirname = g_build_filename (corpus, "malformed", NULL);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;
  guint n = 0;

  assert_non_null (dir);
  ss_window_set_slice_frames (f->window, 7);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dirname, name, NULL);
      g_autofree char *banner = NULL;
      g_autofree char *status = NULL;

      if (!g_str_has_suffix (name, ".pcap") && !g_str_has_suffix (name, ".pcapng"))
        continue;
      ss_gui_open_and_wait (f->window, path, SETTLE_MS);
      banner = ss_window_dup_banner_text (f->window);
      status = ss_window_dup_status_text (f->window);
      /* Nothing listed and nothing wrong: a capture without TCP or UDP. */
      if (n_rows (f) == 0 && banner == NULL && !g_str_has_prefix (status, "0 connections, "))
        {
          print_message ("# %s: no rows, no banner, status '%s'\n", name, status);
          fail ();
        }
      n++;
    }
  ss_window_set_slice_frames (f->window, 0);
  print_message ("# %u malformed captures opened\n", n);
  assert_true (n > 50);
}

/* The share of pixels on widget's row y (widget coordinates) that have the
 * ladder's highlight colour. */
static double
highlight_share (const SsGuiShot *shot, GtkWidget *widget, double y)
{
  return ss_gui_shot_row_share (shot, widget, y,
                                SS_LADDER_HIGHLIGHT_R << 16 | SS_LADDER_HIGHLIGHT_G << 8 | SS_LADDER_HIGHLIGHT_B, 2);
}

static void
step (Fixture *f, const char *action, gsize want)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  assert_int_equal (ss_window_get_current_event (f->window), want);
}

static void
assert_event (Fixture *f, const char *words, const char *client, const char *server)
{
  g_autofree char *text = ss_window_dup_event_text (f->window);
  g_autofree char *c = ss_window_dup_state_text (f->window, TRUE);
  g_autofree char *s = ss_window_dup_state_text (f->window, FALSE);

  if (strstr (text, words) == NULL || g_strcmp0 (c, client) != 0 || g_strcmp0 (s, server) != 0)
    {
      print_message ("# event '%s'\n# want '%s'\n# states '%s' / '%s'\n", text, words, c, s);
      fail ();
    }
}

/* The ladder of the sample's connection 1, stepped through with the
 * window's actions: the current event, its words, both states, the
 * highlighted row on screen, and a click on an arrow. */
static void
test_ladder (void **state)
{
  Fixture *f = *state;
  const char *root = g_getenv ("SS_SOURCE_ROOT");
  g_autofree char *sample = g_build_filename (root ? root : ".", "data", "sample.pcap", NULL);
  SsLadderWidget *ladder = ss_window_get_ladder (f->window);
  double top, bottom, other_top, other_bottom;

  ss_gui_open_and_wait (f->window, sample, SETTLE_MS);
  assert_int_equal (ss_window_get_current_event (f->window), G_MAXSIZE);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u", 1));
  settle ();
  assert_int_equal (ss_ladder_widget_get_n_events (ladder), 12);
  assert_int_equal (ss_window_get_current_event (f->window), 0);
  assert_event (f, "The client asks to open a connection: SYN, initial sequence number 0 (relative), window 64240.",
                "client: CLOSED \u2192 SYN_SENT", "server: LISTEN? (no change)");

  /* Frame 1's bytes, read back from the file: after the 24-byte file
   * header and the 16-byte record header. */
  {
    g_autofree char *bytes = ss_window_dup_bytes_text (f->window);
    g_autofree char *contents = NULL;
    g_autofree char *want = NULL;
    gsize len;

    assert_true (g_file_get_contents (sample, &contents, &len, NULL));
    assert_true (len > 60);
    want = g_strdup_printf ("0000  %02x %02x %02x %02x", (guint8) contents[40], (guint8) contents[41],
                            (guint8) contents[42], (guint8) contents[43]);
    if (!g_str_has_prefix (bytes, want))
      {
        print_message ("# bytes '%.60s', want '%s'\n", bytes, want);
        fail ();
      }
    assert_non_null (strstr (bytes, "\n0010  "));
  }

  step (f, "win.event-previous", 0);
  step (f, "win.event-next", 1);
  assert_event (f, "The server accepts: SYN-ACK", "client: SYN_SENT \u2192 ESTABLISHED",
                "server: LISTEN? \u2192 SYN_RECEIVED");
  step (f, "win.event-next", 2);
  assert_event (f, "The client acknowledges everything up to byte 1", "client: ESTABLISHED (no change)",
                "server: SYN_RECEIVED \u2192 ESTABLISHED");
  step (f, "win.event-next", 3);
  assert_event (f, "The client sends 64 bytes of data", "client: ESTABLISHED (no change)",
                "server: ESTABLISHED (no change)");
  step (f, "win.event-next", 4);
  assert_event (f, "The server acknowledges everything up to byte 65", "client: ESTABLISHED (no change)",
                "server: ESTABLISHED (no change)");
  step (f, "win.event-last", 11);
  assert_event (f, "Event 12 of 12", "client: LAST_ACK \u2192 CLOSED", "server: TIME_WAIT (no change)");
  step (f, "win.event-next", 11);
  step (f, "win.event-previous", 10);
  assert_event (f, "The client closes its side: FIN", "client: CLOSE_WAIT \u2192 LAST_ACK",
                "server: FIN_WAIT_1 \u2192 TIME_WAIT");
  step (f, "win.event-first", 0);
  /* The sample has no analysis flags: n and N stay where they are. */
  step (f, "win.anomaly-next", 0);
  step (f, "win.anomaly-previous", 0);

  /* The current row is on the highlight band, another row is not. */
  step (f, "win.event-last", 11);
  settle ();
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "window-ladder.png");

    assert_true (ss_ladder_widget_get_row (ladder, 11, &top, &bottom));
    assert_true (ss_ladder_widget_get_row (ladder, 10, &other_top, &other_bottom));
    print_message ("# highlight: current row %.2f, previous row %.2f\n",
                   highlight_share (shot, GTK_WIDGET (ladder), (top + bottom) / 2),
                   highlight_share (shot, GTK_WIDGET (ladder), (other_top + other_bottom) / 2));
    assert_true (highlight_share (shot, GTK_WIDGET (ladder), (top + bottom) / 2) > 0.3);
    assert_true (highlight_share (shot, GTK_WIDGET (ladder), (other_top + other_bottom) / 2) < 0.01);
  }

  /* The keys: Left, Right, Home, End, n, Shift+N, caught before the list
   * but not while the search box has the focus. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
    static const struct { guint key; GdkModifierType mods; gsize want; } keys[] = {
      { GDK_KEY_Home, 0, 0 }, { GDK_KEY_Right, 0, 1 }, { GDK_KEY_Right, 0, 2 },
      { GDK_KEY_Left, 0, 1 }, { GDK_KEY_End, 0, 11 }, { GDK_KEY_n, 0, 11 },
      { GDK_KEY_N, GDK_SHIFT_MASK, 11 }, { GDK_KEY_Home, 0, 0 },
    };
    guint found = 0;

    gtk_widget_grab_focus (GTK_WIDGET (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW)));
    for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
          GListModel *shortcuts;

          /* The window's class shortcuts (Ctrl+O ...) are in another one. */
          if (!GTK_IS_SHORTCUT_CONTROLLER (c)
              || gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) != GTK_PHASE_CAPTURE)
            continue;
          shortcuts = G_LIST_MODEL (c);
          for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
            {
              g_autoptr(GtkShortcut) sc = g_list_model_get_item (shortcuts, j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);

              if (!GTK_IS_KEYVAL_TRIGGER (trigger)
                  /* GTK keeps Shift+N as Shift+n. */
                  || gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != gdk_keyval_to_lower (keys[k].key)
                  || gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != keys[k].mods)
                continue;
              found++;
              assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0,
                                                         GTK_WIDGET (f->window), NULL));
              assert_int_equal (ss_window_get_current_event (f->window), keys[k].want);
              /* In the search box the key is the entry's. */
              gtk_widget_grab_focus (GTK_WIDGET (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY)));
              assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0,
                                                          GTK_WIDGET (f->window), NULL));
              assert_int_equal (ss_window_get_current_event (f->window), keys[k].want);
              gtk_widget_grab_focus (GTK_WIDGET (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW)));
            }
        }
    assert_int_equal (found, G_N_ELEMENTS (keys));
  }

  /* A click on an arrow makes it current. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (ladder));
    GtkGestureClick *click = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (c))
          click = GTK_GESTURE_CLICK (c);
      }
    assert_non_null (click);
    assert_true (ss_ladder_widget_get_row (ladder, 5, &top, &bottom));
    g_signal_emit_by_name (click, "pressed", 1, 200.0, (top + bottom) / 2);
    assert_int_equal (ss_window_get_current_event (f->window), 5);
    assert_event (f, "The server sends 173 bytes of data", "client: ESTABLISHED (no change)",
                  "server: ESTABLISHED (no change)");
  }

  /* Another connection starts at its first event; UDP has no states. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u", 5));
  settle ();
  assert_int_equal (ss_window_get_current_event (f->window), 0);
  assert_event (f, "The client sends a DNS query", "client: no state (UDP)", "server: no state (UDP)");

  /* Unselecting empties the ladder and the pane. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (ss_window_get_rows (f->window)),
                                     GTK_INVALID_LIST_POSITION);
  assert_int_equal (ss_window_get_current_event (f->window), G_MAXSIZE);
  assert_event (f, "", "", "");
  {
    g_autofree char *bytes = ss_window_dup_bytes_text (f->window);

    assert_string_equal (bytes, "");
  }
  step (f, "win.event-next", G_MAXSIZE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load),
    cmocka_unit_test (test_filters),
    cmocka_unit_test (test_search),
    cmocka_unit_test (test_sort),
    cmocka_unit_test (test_select),
    cmocka_unit_test (test_cancel),
    cmocka_unit_test (test_not_a_capture),
    cmocka_unit_test (test_cut_short),
    cmocka_unit_test (test_drop),
    cmocka_unit_test (test_recent),
    cmocka_unit_test (test_reopen_frees),
    cmocka_unit_test (test_unsupported_link),
    cmocka_unit_test (test_malformed_corpus),
    cmocka_unit_test (test_ladder),
    cmocka_unit_test (test_trouble_filters),
  };

  return cmocka_run_group_tests_name ("window", tests, setup_group, teardown_group);
}
