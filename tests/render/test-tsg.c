/* test-tsg.c - ui/render/ss-tsg-render.h: the time-sequence graph.
 *
 * Edge cases first: no connection, a UDP flow, a connection of one SYN,
 * zero and absurd ranges, tiny, huge and inverted views; a short made-up
 * connection with a zero window, FIN and RST; roles that turn after a
 * mid-stream start. Then a real capture with a fast retransmission,
 * retransmissions and SACK blocks (zeek's retransmit-fast009.pcap from the
 * shared corpus: a download whose client SACKs the holes), drawn into an
 * image and checked by region: the I-beam of a known segment at its
 * computed place has the data colour, the fast retransmission and the
 * retransmission theirs, the ACK line, the window line and a SACK block are
 * where the model puts them, the legend shows every colour, the cursor's
 * highlight sits on its segment, and a click finds the segment and an ACK
 * back. Every marked segment of four corpus connections has its class's
 * colour. Last, a connection of 100,000 segments (made here, fed to the
 * loader) built in one pass, extended as it grows, and drawn zoomed out and
 * zoomed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "ss-render-test.h"
#include "ss-tsg-render.h"

#define W 1000
#define H 700

static SsModel *
load_fast009 (void)
{
  return ss_render_test_load_env ("SS_CORPUS", "tcp/zeek__retransmit-fast009.pcap");
}

static cairo_surface_t *
draw (const SsModel *m, const SsTsgData *d, const SsTsgView *v)
{
  int w = v->width > 0 && v->width < 4000 ? (int) v->width : 100;
  int h = v->height > 0 && v->height < 4000 ? (int) v->height : 100;
  cairo_surface_t *img = ss_render_test_image_new (w, h);
  cairo_t *cr = cairo_create (img);

  ss_tsg_render (cr, m, d, v);
  ss_render_test_image_done (cr, img);
  {
    /* SS_TSG_OUT=DIR keeps every drawing, for a look by hand */
    const char *dir = getenv ("SS_TSG_OUT");
    char path[4096];

    if (dir != NULL && *dir != '\0')
      {
        snprintf (path, sizeof path, "%s/tsg-%dx%d-%g-%g-%d.png", dir, w, h, v->t0, v->s1, (int) v->dir);
        cairo_surface_write_to_png (img, path);
      }
  }
  return img;
}

static uint32_t
rgb_of (SsTsgColour k, bool dark)
{
  uint8_t c[3];

  ss_tsg_colour (k, dark, c);
  return (uint32_t) c[0] << 16 | (uint32_t) c[1] << 8 | c[2];
}

/* Pixels of colour want (give or take antialiasing) in the rectangle. */
static int
count_colour (cairo_surface_t *s, int x0, int y0, int x1, int y1, uint32_t want)
{
  int n = 0;

  x0 = x0 < 0 ? 0 : x0;
  y0 = y0 < 0 ? 0 : y0;
  x1 = x1 >= cairo_image_surface_get_width (s) ? cairo_image_surface_get_width (s) - 1 : x1;
  y1 = y1 >= cairo_image_surface_get_height (s) ? cairo_image_surface_get_height (s) - 1 : y1;
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      n += ss_render_test_distance (ss_render_test_pixel (s, x, y), want) < 24;
  return n;
}

/* Pixels unlike the background in the rectangle. */
static int
count_ink (cairo_surface_t *s, int x0, int y0, int x1, int y1, uint32_t bg)
{
  int area = (x1 - x0 + 1) * (y1 - y0 + 1);

  return area - count_colour (s, x0, y0, x1, y1, bg);
}

static void
plot (const SsTsgView *v, int *x0, int *y0, int *x1, int *y1)
{
  double x, y, w, h;

  ss_tsg_plot_rect (v, &x, &y, &w, &h);
  *x0 = (int) ceil (x);
  *y0 = (int) ceil (y);
  *x1 = (int) floor (x + w) - 1;
  *y1 = (int) floor (y + h) - 1;
}

static void
test_colours (void **state)
{
  (void) state;
  /* every colour differs from every other and from the background */
  for (int dark = 0; dark < 2; dark++)
    for (int a = 0; a < SS_TSG_N_COLOURS; a++)
      {
        assert_true (ss_render_test_distance (rgb_of ((SsTsgColour) a, dark), dark ? 0x1f1f21 : 0xffffff) > 150);
        assert_true (strlen (ss_tsg_colour_name ((SsTsgColour) a)) > 0);
        for (int b = a + 1; b < SS_TSG_N_COLOURS; b++)
          if (ss_render_test_distance (rgb_of ((SsTsgColour) a, dark), rgb_of ((SsTsgColour) b, dark)) < 60)
            fail_msg ("colours %s and %s are too alike", ss_tsg_colour_name ((SsTsgColour) a),
                      ss_tsg_colour_name ((SsTsgColour) b));
      }
  assert_string_equal (ss_tsg_colour_name (SS_TSG_N_COLOURS), "");
  assert_int_equal (ss_tsg_segment_class (0), SS_TSG_DATA);
  assert_int_equal (ss_tsg_segment_class (SS_AN_DUPLICATE_ACK | SS_AN_WINDOW_UPDATE), SS_TSG_DATA);
  assert_int_equal (ss_tsg_segment_class (SS_AN_RETRANSMISSION), SS_TSG_RETRANSMISSION);
  assert_int_equal (ss_tsg_segment_class (SS_AN_FAST_RETRANSMISSION), SS_TSG_FAST_RETRANSMISSION);
  assert_int_equal (ss_tsg_segment_class (SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION),
                    SS_TSG_FAST_RETRANSMISSION);
  assert_int_equal (ss_tsg_segment_class (SS_AN_SPURIOUS_RETRANSMISSION), SS_TSG_SPURIOUS_RETRANSMISSION);
  assert_int_equal (ss_tsg_segment_class (SS_AN_OUT_OF_ORDER | SS_AN_BY_TIMING), SS_TSG_OUT_OF_ORDER);
}

/* No connection, an index out of range, a UDP flow: a message in the
 * middle, nothing in the plot, no crash. */
static void
test_no_graph (void **state)
{
  SsModel *m = ss_render_test_load_sample ();
  SsTsgView v = { .width = 640, .height = 400, .t0 = 0, .t1 = 1, .s0 = 0, .s1 = 100, .cursor = 3 };
  cairo_surface_t *img;
  size_t udp = SIZE_MAX;
  double t0, t1, s0, s1, t, a, b;

  (void) state;
  assert_null (ss_tsg_data_new (NULL, 0));
  assert_null (ss_tsg_data_new (m, ss_model_n_conns (m)));
  assert_false (ss_tsg_data_update (NULL, m));
  assert_int_equal (ss_tsg_data_n_events (NULL), 0);
  assert_int_equal (ss_tsg_data_n_segments (NULL, SS_DIR_C2S), 0);
  assert_false (ss_tsg_data_fit (NULL, SS_DIR_C2S, &t0, &t1, &s0, &s1));
  assert_int_equal (ss_tsg_event_at (NULL, &v, 100, 100), SIZE_MAX);
  ss_tsg_data_free (NULL);

  /* no connection: a message across the middle */
  img = draw (m, NULL, &v);
  assert_true (count_ink (img, 20, 190, 620, 210, 0xffffff) > 50);
  assert_int_equal (count_ink (img, 0, 0, 639, 120, 0xffffff), 0);
  cairo_surface_destroy (img);
  img = draw (NULL, NULL, &v);
  cairo_surface_destroy (img);

  for (size_t i = 0; i < ss_model_n_conns (m); i++)
    if (ss_model_get_conn (m, i)->proto == SS_PROTO_UDP)
      {
        udp = i;
        break;
      }
  assert_true (udp != SIZE_MAX);
  {
    SsTsgData *d = ss_tsg_data_new (m, udp);

    assert_non_null (d);
    assert_false (ss_tsg_data_is_tcp (d));
    assert_int_equal (ss_tsg_data_conn_index (d), udp);
    assert_false (ss_tsg_data_fit (d, SS_DIR_C2S, &t0, &t1, &s0, &s1));
    assert_false (ss_tsg_data_event_place (d, SS_DIR_C2S, 0, &t, &a, &b));
    assert_int_equal (ss_tsg_event_at (d, &v, 300, 200), SIZE_MAX);
    assert_false (ss_tsg_data_update (d, m));
    img = draw (m, d, &v);
    assert_true (count_ink (img, 20, 190, 620, 210, 0xffffff) > 50);
    assert_int_equal (count_ink (img, 0, 0, 639, 120, 0xffffff), 0);
    assert_int_equal (count_ink (img, 0, 280, 639, 399, 0xffffff), 0);
    cairo_surface_destroy (img);
    ss_tsg_data_free (d);
  }
  ss_model_free (m);
}

/* The I-beam of event i: a column of colour want at its place. */
static void
assert_beam (cairo_surface_t *img, const SsTsgData *d, const SsTsgView *v, size_t i, uint32_t want)
{
  double t, s0, s1;
  int x, ya, yb, n;

  assert_true (ss_tsg_data_event_place (d, v->dir, i, &t, &s0, &s1));
  x = (int) floor (ss_tsg_x_of (v, t));
  ya = (int) ceil (ss_tsg_y_of (v, s1)) + 1;
  yb = (int) floor (ss_tsg_y_of (v, s0)) - 1;
  assert_true (yb - ya > 4);
  n = count_colour (img, x - 1, ya, x + 1, yb, want);
  if (n < yb - ya)
    fail_msg ("event %zu: %d of %d pixels of #%06x near x=%d, y=%d..%d (middle #%06x)", i, n, yb - ya + 1,
              want, x, ya, yb, ss_render_test_pixel (img, x, (ya + yb) / 2));
}

/* A connection of one SYN: the client's graph has the SYN's beam at
 * 0..1, the server's says it sent nothing; zero duration still gives a
 * range. */
static void
test_one_event (void **state)
{
  SsRenderFeed f;
  SsTsgData *d;
  SsTsgView v = { .width = 640, .height = 400, .cursor = 0 };
  double t, a, b;
  cairo_surface_t *img;
  int x0, y0, x1, y1;

  (void) state;
  ss_render_feed_open (&f);
  ss_render_feed_tcp (&f, 0, true, 0x02, 1000, 0, 64240, 0);
  d = ss_tsg_data_new (f.m, 0);
  assert_non_null (d);
  assert_true (ss_tsg_data_is_tcp (d));
  assert_int_equal (ss_tsg_data_n_events (d), 1);
  assert_int_equal (ss_tsg_data_n_segments (d, SS_DIR_C2S), 1);
  assert_int_equal (ss_tsg_data_n_segments (d, SS_DIR_S2C), 0);
  assert_int_equal (ss_tsg_data_default_dir (d), SS_DIR_C2S);
  assert_true (ss_tsg_data_fit (d, SS_DIR_C2S, &v.t0, &v.t1, &v.s0, &v.s1));
  assert_true (v.t1 > v.t0 && v.s1 > v.s0);
  assert_true (v.s0 < 0 && v.s1 > 1);
  assert_true (ss_tsg_data_event_place (d, SS_DIR_C2S, 0, &t, &a, &b));
  assert_true (t == 0 && a == 0 && b == 1);
  assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, 0, &t, &a, &b));
  assert_false (ss_tsg_data_event_place (d, SS_DIR_C2S, 1, &t, &a, &b));

  img = draw (f.m, d, &v);
  assert_beam (img, d, &v, 0, rgb_of (SS_TSG_DATA, false));
  cairo_surface_destroy (img);
  assert_int_equal (ss_tsg_event_at (d, &v, ss_tsg_x_of (&v, 0), ss_tsg_y_of (&v, 0.5)), 0);

  /* the other way: the server sent nothing, said in the plot */
  v.dir = SS_DIR_S2C;
  assert_true (ss_tsg_data_fit (d, SS_DIR_S2C, &v.t0, &v.t1, &v.s0, &v.s1));
  img = draw (f.m, d, &v);
  plot (&v, &x0, &y0, &x1, &y1);
  assert_true (count_ink (img, x0 + 10, (y0 + y1) / 2 - 8, x1 - 10, (y0 + y1) / 2 + 8, 0xffffff) > 50);
  assert_int_equal (count_colour (img, x0, y0, x1, y1, rgb_of (SS_TSG_DATA, false)), 0);
  cairo_surface_destroy (img);

  /* a direction that does not exist */
  v.dir = (SsDir) 7;
  img = draw (f.m, d, &v);
  cairo_surface_destroy (img);
  assert_int_equal (ss_tsg_event_at (d, &v, 100, 100), SIZE_MAX);
  assert_false (ss_tsg_data_fit (d, (SsDir) 7, &v.t0, &v.t1, &v.s0, &v.s1));

  ss_tsg_data_free (d);
  ss_render_feed_close (&f);
}

/* A short connection: the server's window closes (a zero-window diamond at
 * its ACK), the client ends with FIN and then RST (an x at its sequence
 * number). */
static void
test_marks (void **state)
{
  SsRenderFeed f;
  SsTsgData *d;
  SsTsgView v = { .width = 900, .height = 600, .dir = SS_DIR_C2S, .cursor = SIZE_MAX };
  size_t zero = SIZE_MAX, fin = SIZE_MAX, rst = SIZE_MAX;
  cairo_surface_t *img;
  SsEvent e;

  (void) state;
  ss_render_feed_open (&f);
  ss_render_feed_tcp (&f, 0, true, 0x02, 1000, 0, 64240, 0);              /* SYN */
  ss_render_feed_tcp (&f, 1000000, false, 0x12, 5000, 1001, 65535, 0);    /* SYN-ACK */
  ss_render_feed_tcp (&f, 1000000, true, 0x10, 1001, 5001, 64240, 0);     /* ACK */
  ss_render_feed_tcp (&f, 1000000, true, 0x18, 1001, 5001, 64240, 1000);  /* 1000 bytes */
  ss_render_feed_tcp (&f, 1000000, false, 0x10, 5001, 2001, 0, 0);        /* window closed */
  ss_render_feed_tcp (&f, 20000000, false, 0x10, 5001, 2001, 65535, 0);   /* open again */
  ss_render_feed_tcp (&f, 1000000, true, 0x11, 2001, 5001, 64240, 0);     /* FIN */
  ss_render_feed_tcp (&f, 1000000, true, 0x04, 2002, 0, 0, 0);            /* RST */
  d = ss_tsg_data_new (f.m, 0);
  assert_non_null (d);
  for (size_t i = 0; ss_model_get_event (f.m, 0, i, &e); i++)
    {
      if (e.dir == SS_DIR_S2C && e.win == 0)
        zero = i;
      if (e.tcp_flags & SS_TCP_FIN)
        fin = i;
      if (e.tcp_flags & SS_TCP_RST)
        rst = i;
    }
  assert_true (zero != SIZE_MAX && fin != SIZE_MAX && rst != SIZE_MAX);
  assert_true (ss_tsg_data_fit (d, SS_DIR_C2S, &v.t0, &v.t1, &v.s0, &v.s1));
  img = draw (f.m, d, &v);
  {
    double t, s0, s1;
    int x, y;

    /* the diamond: 4.5 px around its ACK's corner */
    assert_true (ss_tsg_data_event_place (d, SS_DIR_C2S, zero, &t, &s0, &s1));
    assert_true (s0 == 1001);
    x = (int) lround (ss_tsg_x_of (&v, t));
    y = (int) lround (ss_tsg_y_of (&v, s0));
    if (count_colour (img, x - 3, y - 3, x + 3, y + 3, rgb_of (SS_TSG_ZERO_WINDOW, false)) < 8)
      fail_msg ("no zero-window mark at %d, %d", x, y);
    /* the FIN's one byte, after the data */
    assert_true (ss_tsg_data_event_place (d, SS_DIR_C2S, fin, &t, &s0, &s1));
    assert_true (s0 == 1001 && s1 == 1002);
    x = (int) floor (ss_tsg_x_of (&v, t));
    y = (int) lround (ss_tsg_y_of (&v, s0));
    assert_true (count_colour (img, x - 1, y - 3, x + 1, y + 3, rgb_of (SS_TSG_DATA, false)) >= 2);
    /* the RST's x */
    assert_true (ss_tsg_data_event_place (d, SS_DIR_C2S, rst, &t, &s0, &s1));
    x = (int) lround (ss_tsg_x_of (&v, t));
    y = (int) lround (ss_tsg_y_of (&v, s0));
    if (count_colour (img, x - 5, y - 5, x + 5, y + 5, rgb_of (SS_TSG_MARK, false)) < 6)
      fail_msg ("no RST mark at %d, %d", x, y);
    assert_int_equal (ss_tsg_event_at (d, &v, x, y), rst);
  }
  cairo_surface_destroy (img);
  ss_tsg_data_free (d);
  ss_render_feed_close (&f);
}

/* A connection seen mid-stream (roles guessed: the lower port serves),
 * whose roles a SYN-ACK from the other side turns later: the prepared
 * data is read again, the same as made anew. */
static void
test_roles_turn (void **state)
{
  SsRenderFeed f;
  SsTsgData *d, *fresh;

  (void) state;
  ss_render_feed_open (&f);
  /* from port 80 first, no SYN: the 80 side is taken for the server */
  ss_render_feed_tcp (&f, 0, false, 0x18, 7000, 3000, 65535, 100);
  ss_render_feed_tcp (&f, 1000000, true, 0x10, 3000, 7100, 65535, 0);
  d = ss_tsg_data_new (f.m, 0);
  assert_non_null (d);
  assert_int_equal (ss_tsg_data_n_segments (d, SS_DIR_S2C), 1);
  assert_int_equal (ss_tsg_data_default_dir (d), SS_DIR_S2C);
  /* a SYN-ACK from the 40000 side: it is the server after all */
  ss_render_feed_tcp (&f, 1000000, true, 0x12, 9000, 7101, 65535, 0);
  ss_render_feed_tcp (&f, 1000000, false, 0x18, 7100, 3000, 65535, 50);
  assert_true (ss_tsg_data_update (d, f.m));
  fresh = ss_tsg_data_new (f.m, 0);
  assert_non_null (fresh);
  assert_int_equal (ss_tsg_data_n_events (d), ss_tsg_data_n_events (fresh));
  for (int dir = 0; dir < 2; dir++)
    assert_int_equal (ss_tsg_data_n_segments (d, (SsDir) dir), ss_tsg_data_n_segments (fresh, (SsDir) dir));
  for (size_t i = 0; i < ss_tsg_data_n_events (d); i++)
    {
      double a[3], b[3];

      assert_int_equal (ss_tsg_data_event_place (d, SS_DIR_C2S, i, &a[0], &a[1], &a[2]),
                        ss_tsg_data_event_place (fresh, SS_DIR_C2S, i, &b[0], &b[1], &b[2]));
      assert_memory_equal (a, b, sizeof a);
    }
  ss_tsg_data_free (fresh);
  ss_tsg_data_free (d);
  ss_render_feed_close (&f);
}

/* Views nobody should ask for: every one draws without a cairo error. */
static void
test_extreme_views (void **state)
{
  SsModel *m = load_fast009 ();
  SsTsgData *d = ss_tsg_data_new (m, 0);
  const double r[][4] = {
    { 0, 0, 0, 0 },                         /* nothing wide */
    { 0.2, 0.2 + 1e-12, 5000, 5000.001 },   /* zoomed in past a nanosecond and a byte */
    { -1e12, 1e12, -1e15, 1e15 },           /* zoomed out past any capture */
    { 1, 0, 100, 0 },                       /* inverted */
    { NAN, INFINITY, -INFINITY, NAN },
    { 1e300, 1e301, -1e300, 1e300 },
    { 0.20184, 0.20185, 12870, 14302 },     /* one segment fills it */
  };
  const double sizes[][2] = { { 1000, 700 }, { 10, 10 }, { 1, 1 }, { 200, 3000 }, { 3000, 90 },
                              { 0, -5 }, { NAN, INFINITY }, { 1e300, 1e300 } };

  (void) state;
  assert_non_null (d);
  for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
      for (int dir = 0; dir < 2; dir++)
        {
          SsTsgView v = { .width = sizes[k][0], .height = sizes[k][1], .t0 = r[i][0], .t1 = r[i][1],
                          .s0 = r[i][2], .s1 = r[i][3], .dir = (SsDir) dir, .cursor = (size_t) i * 5,
                          .dark = k % 2 == 1 };
          cairo_surface_t *img = draw (m, d, &v);

          cairo_surface_destroy (img);
          (void) ss_tsg_event_at (d, &v, sizes[k][0] / 2, sizes[k][1] / 2);
        }
  ss_tsg_data_free (d);
  ss_model_free (m);
}

/* Looks for event i whose frame is frame; its index. */
static size_t
event_of_frame (const SsModel *m, uint32_t frame)
{
  SsEvent e;

  for (size_t i = 0; ss_model_get_event (m, 0, i, &e); i++)
    if (e.frame == frame)
      return i;
  fail_msg ("no event for frame %u", frame);
  return SIZE_MAX;
}

static void
test_fast009 (void **state)
{
  SsModel *m = load_fast009 ();
  SsTsgData *d = ss_tsg_data_new (m, 0);
  SsTsgView v = { .width = W, .height = H, .dir = SS_DIR_S2C, .cursor = SIZE_MAX };
  cairo_surface_t *img;
  SsEvent e;
  size_t data7, fast32, retr34, ack17, sack29;
  int x0, y0, x1, y1;

  (void) state;
  assert_non_null (d);
  assert_int_equal (ss_model_n_conns (m), 1);
  assert_int_equal (ss_tsg_data_n_events (d), 39);
  /* the server sent the data: that is the graph shown first */
  assert_int_equal (ss_tsg_data_default_dir (d), SS_DIR_S2C);
  assert_int_equal (ss_tsg_data_n_segments (d, SS_DIR_C2S) + ss_tsg_data_n_segments (d, SS_DIR_S2C), 39);

  /* all of it: 61 s (the RST comes a minute later), bytes 0..23784 */
  assert_true (ss_tsg_data_fit (d, SS_DIR_S2C, &v.t0, &v.t1, &v.s0, &v.s1));
  assert_true (v.t0 < 0 && v.t1 > 60.99 && v.t1 < 65);
  assert_true (v.s0 < 0 && v.s1 > 23784 && v.s1 < 26000);
  img = draw (m, d, &v);
  plot (&v, &x0, &y0, &x1, &y1);
  /* the data is in the first hundredth of the time */
  assert_true (count_colour (img, x0, y0, x0 + 30, y1, rgb_of (SS_TSG_DATA, false)) > 20);
  /* labels beside and under the plot, the legend above it */
  assert_true (count_ink (img, 0, y0, x0 - 8, y1, 0xffffff) > 100);
  assert_true (count_ink (img, x0, y1 + 6, x1, H - 1, 0xffffff) > 100);
  /* the legend beside it, one item per colour */
  for (int k = 0; k < SS_TSG_N_COLOURS; k++)
    if (count_colour (img, x1 + 4, y0, W - 1, y1, rgb_of ((SsTsgColour) k, false)) < 8)
      fail_msg ("the legend has no %s", ss_tsg_colour_name ((SsTsgColour) k));
  cairo_surface_destroy (img);

  /* narrow: the legend in rows above the plot */
  {
    SsTsgView n = v;

    n.width = 420;
    img = draw (m, d, &n);
    plot (&n, &x0, &y0, &x1, &y1);
    assert_true (x1 > 400);
    for (int k = 0; k < SS_TSG_N_COLOURS; k++)
      if (count_colour (img, 0, 30, 419, y0 - 4, rgb_of ((SsTsgColour) k, false)) < 8)
        fail_msg ("the legend above has no %s", ss_tsg_colour_name ((SsTsgColour) k));
    cairo_surface_destroy (img);
  }

  /* the loss and its recovery, 0.15 to 0.65 s */
  v.t0 = 0.15;
  v.t1 = 0.65;
  v.s0 = -500;
  v.s1 = 25000;
  data7 = event_of_frame (m, 7);
  fast32 = event_of_frame (m, 32);
  retr34 = event_of_frame (m, 34);
  ack17 = event_of_frame (m, 17);
  sack29 = event_of_frame (m, 29);
  assert_true (ss_model_get_event (m, 0, fast32, &e));
  assert_int_equal (e.dir, SS_DIR_S2C);
  assert_int_equal (e.seq, 12871);
  assert_int_equal (ss_tsg_segment_class (e.analysis), SS_TSG_FAST_RETRANSMISSION);
  assert_true (ss_model_get_event (m, 0, retr34, &e));
  assert_int_equal (e.seq, 18591);
  assert_true (ss_tsg_segment_class (e.analysis) != SS_TSG_DATA);
  {
    SsTsgColour retr_class = ss_tsg_segment_class (e.analysis);

    img = draw (m, d, &v);
    {
      const char *out = getenv ("SS_TSG_PNG");

      /* for a look by hand */
      if (out != NULL && *out != '\0')
        assert_int_equal (cairo_surface_write_to_png (img, out), CAIRO_STATUS_SUCCESS);
    }
    assert_beam (img, d, &v, data7, rgb_of (SS_TSG_DATA, false));
    assert_beam (img, d, &v, fast32, rgb_of (SS_TSG_FAST_RETRANSMISSION, false));
    assert_beam (img, d, &v, retr34, rgb_of (retr_class, false));
  }

  /* the ACK line: after frame 17's ACK (4291, at 0.3419 s) it runs flat
   * at 4291 until the next ACK (frame 23, 0.3794 s) */
  {
    double t, s0, s1, tn, n0, n1;
    int xa, xb, y;

    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, ack17, &t, &s0, &s1));
    assert_true (s0 == 4291 && s1 == 4291);
    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, event_of_frame (m, 23), &tn, &n0, &n1));
    xa = (int) ceil (ss_tsg_x_of (&v, t)) + 4;
    xb = (int) floor (ss_tsg_x_of (&v, tn)) - 4;
    y = (int) lround (ss_tsg_y_of (&v, 4291));
    assert_true (xb - xa > 20);
    if (count_colour (img, xa, y - 1, xb, y + 1, rgb_of (SS_TSG_ACK, false)) < xb - xa)
      fail_msg ("no ACK line at y=%d from x=%d to %d", y, xa, xb);
    /* and nothing of it far below */
    assert_int_equal (count_colour (img, xa, y + 40, xb, y + 60, rgb_of (SS_TSG_ACK, false)), 0);
  }

  /* frame 29's SACK block 14301..15731 beside its ACK */
  {
    double t, s0, s1;
    int x, ya, yb;

    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, sack29, &t, &s0, &s1));
    assert_true (s0 == 12871);
    x = (int) floor (ss_tsg_x_of (&v, t));
    ya = (int) ceil (ss_tsg_y_of (&v, 15731)) + 1;
    yb = (int) floor (ss_tsg_y_of (&v, 14301)) - 1;
    if (count_colour (img, x, ya, x + 4, yb, rgb_of (SS_TSG_SACK, false)) < yb - ya)
      fail_msg ("no SACK block at x=%d, y=%d..%d", x, ya, yb);
  }
  /* no SACK where none was sent: before frame 29 */
  {
    double t, s0, s1;

    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, sack29, &t, &s0, &s1));
    plot (&v, &x0, &y0, &x1, &y1);
    assert_int_equal (count_colour (img, x0, y0, (int) floor (ss_tsg_x_of (&v, t)) - 3, y1,
                                    rgb_of (SS_TSG_SACK, false)), 0);
  }
  cairo_surface_destroy (img);

  /* the window line (ACK + 65535) comes into a taller view */
  v.s1 = 100000;
  img = draw (m, d, &v);
  plot (&v, &x0, &y0, &x1, &y1);
  assert_true (count_colour (img, x0, y0, x1, y1, rgb_of (SS_TSG_WINDOW, false)) > 100);
  cairo_surface_destroy (img);
  v.s1 = 25000;

  /* the cursor on the fast retransmission: highlighted beside its beam */
  {
    double t, s0, s1;
    int x, y;

    v.cursor = fast32;
    img = draw (m, d, &v);
    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, fast32, &t, &s0, &s1));
    x = (int) floor (ss_tsg_x_of (&v, t));
    y = (int) lround (ss_tsg_y_of (&v, (s0 + s1) / 2));
    assert_int_equal (ss_render_test_pixel (img, x - 4, y), (uint32_t) SS_TSG_CURSOR_R << 16 | SS_TSG_CURSOR_G << 8 | SS_TSG_CURSOR_B);
    assert_beam (img, d, &v, fast32, rgb_of (SS_TSG_FAST_RETRANSMISSION, false));
    cairo_surface_destroy (img);

    /* and nowhere when it is off */
    v.cursor = SIZE_MAX;
    img = draw (m, d, &v);
    assert_int_equal (count_colour (img, 0, 0, W - 1, H - 1,
                                    (uint32_t) SS_TSG_CURSOR_R << 16 | SS_TSG_CURSOR_G << 8 | SS_TSG_CURSOR_B), 0);
    cairo_surface_destroy (img);
  }

  /* a click on the beam finds the segment; on the ACK line's corner, the
   * ACK; in an empty corner, nothing */
  {
    double t, s0, s1;

    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, fast32, &t, &s0, &s1));
    assert_int_equal (ss_tsg_event_at (d, &v, ss_tsg_x_of (&v, t) + 1, ss_tsg_y_of (&v, (s0 + s1) / 2)), fast32);
    assert_true (ss_tsg_data_event_place (d, SS_DIR_S2C, ack17, &t, &s0, &s1));
    assert_int_equal (ss_tsg_event_at (d, &v, ss_tsg_x_of (&v, t), ss_tsg_y_of (&v, s0) + 2), ack17);
    plot (&v, &x0, &y0, &x1, &y1);
    assert_int_equal (ss_tsg_event_at (d, &v, x1 - 5, y0 + 5), SIZE_MAX);
    assert_int_equal (ss_tsg_event_at (d, &v, -50, -50), SIZE_MAX);
  }

  /* the client's graph: its one request and the server's ACKs */
  v.dir = SS_DIR_C2S;
  assert_true (ss_tsg_data_fit (d, SS_DIR_C2S, &v.t0, &v.t1, &v.s0, &v.s1));
  assert_true (v.s1 > 475 && v.s1 < 600);
  img = draw (m, d, &v);
  assert_beam (img, d, &v, event_of_frame (m, 4), rgb_of (SS_TSG_DATA, false));
  cairo_surface_destroy (img);

  /* dark */
  v.dir = SS_DIR_S2C;
  v.dark = true;
  v.t0 = 0.15;
  v.t1 = 0.65;
  v.s0 = -500;
  v.s1 = 25000;
  img = draw (m, d, &v);
  assert_beam (img, d, &v, data7, rgb_of (SS_TSG_DATA, true));
  assert_beam (img, d, &v, fast32, rgb_of (SS_TSG_FAST_RETRANSMISSION, true));
  cairo_surface_destroy (img);

  ss_tsg_data_free (d);
  ss_model_free (m);
}

/* Whether another segment of e's direction, a few events away, carries
 * some of e's bytes within 4 us of it (one I-beam hides the other). */
static bool
stacked (const SsModel *m, size_t conn, size_t i, const SsEvent *e)
{
  SsEvent o;

  for (size_t j = i > 3 ? i - 3 : 0; j <= i + 3; j++)
    if (j != i && ss_model_get_event (m, conn, j, &o) && o.kind == SS_EVENT_TCP && o.dir == e->dir
        && o.len > 0 && llabs (o.ts_ns - e->ts_ns) < 4000 && o.seq < e->seq + e->len && e->seq < o.seq + o.len)
      return true;
  return false;
}

/* Every marked segment of a few corpus connections (retransmissions,
 * fast, spurious, out-of-order, as the model judged them), each zoomed in
 * on: its I-beam has its class's colour. */
static void
test_classes (void **state)
{
  static const struct {
    const char *file;
    size_t      conn;
  } caps[] = {
    { "tcp/zeek__retransmit-fast009.pcap", 0 },
    { "tcp/zeek__ctu-64702-888.pcap", 0 },
    { "tcp/ndpi__reasm_segv_anon.pcapng", 1 },
    { "tcp/ndpi__ultrasurf.pcap", 1 },
  };
  unsigned seen[SS_TSG_N_COLOURS] = { 0 }, n_stacked = 0;
  const char *corpus = getenv ("SS_CORPUS");

  (void) state;
  assert_non_null (corpus);
  for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++)
    {
      char path[4096];
      SsModel *m;
      SsTsgData *d;
      SsEvent e;

      snprintf (path, sizeof path, "%s/%s", corpus, caps[k].file);
      m = ss_render_test_load (path);
      assert_true (caps[k].conn < ss_model_n_conns (m));
      d = ss_tsg_data_new (m, caps[k].conn);
      assert_non_null (d);
      for (size_t i = 0; ss_model_get_event (m, caps[k].conn, i, &e); i++)
        {
          SsTsgColour cls = ss_tsg_segment_class (e.analysis);
          SsTsgView v = { .width = 800, .height = 500, .dir = e.dir, .cursor = SIZE_MAX };
          double t, s0, s1;
          cairo_surface_t *img;

          if (e.kind != SS_EVENT_TCP || e.len == 0 || cls == SS_TSG_DATA)
            continue;
          if (stacked (m, caps[k].conn, i, &e))
            {
              /* the same bytes again at the same time (a frame captured
               * twice): drawn on top of each other, the later on top */
              n_stacked++;
              continue;
            }
          assert_true (ss_tsg_data_event_place (d, e.dir, i, &t, &s0, &s1));
          v.t0 = t - 2e-6;
          v.t1 = t + 2e-6;
          v.s0 = s0 - (s1 - s0);
          v.s1 = s1 + (s1 - s0);
          img = draw (m, d, &v);
          assert_beam (img, d, &v, i, rgb_of (cls, false));
          cairo_surface_destroy (img);
          seen[cls]++;
        }
      ss_tsg_data_free (d);
      ss_model_free (m);
    }
  print_message ("# marked segments checked: %u retransmissions, %u fast, %u spurious, %u out of order "
                 "(%u under another sent at the same time)\n",
                 seen[SS_TSG_RETRANSMISSION], seen[SS_TSG_FAST_RETRANSMISSION],
                 seen[SS_TSG_SPURIOUS_RETRANSMISSION], seen[SS_TSG_OUT_OF_ORDER], n_stacked);
  assert_true (seen[SS_TSG_RETRANSMISSION] > 0);
  assert_true (seen[SS_TSG_FAST_RETRANSMISSION] > 0);
  assert_true (seen[SS_TSG_SPURIOUS_RETRANSMISSION] > 0);
  assert_true (seen[SS_TSG_OUT_OF_ORDER] > 0);
}

#define BIG_N 100000
#define MSS   1000

/* The client sends segments of MSS bytes, the server ACKs each (one
 * behind), 100 us apart; every 1994th frame sends the oldest unacknowledged
 * segment again (a retransmission). */
static void
feed_big (SsRenderFeed *f, uint32_t from, uint32_t to)
{
  for (uint32_t i = from; i < to; i++)
    {
      uint32_t seq = 1001 + (i - 2) / 2 * MSS;

      if (i == 0)
        ss_render_feed_tcp (f, 0, true, 0x02, 1000, 0, 65535, 0);
      else if (i == 1)
        ss_render_feed_tcp (f, 20000, false, 0x12, 5000, 1001, 65535, 0);
      else if (i % 2 == 0 && i % 997 == 0 && i > 4000)
        ss_render_feed_tcp (f, 100000, true, 0x10, seq - MSS, 5001, 65535, MSS);
      else if (i % 2 == 0)
        ss_render_feed_tcp (f, 100000, true, 0x10, seq, 5001, 65535, MSS);
      else
        ss_render_feed_tcp (f, 100000, false, 0x10, 5001, seq, 65535, 0);
    }
}

static void
test_big (void **state)
{
  SsRenderFeed f;
  SsTsgData *d, *half;
  SsTsgView v = { .width = 1200, .height = 800, .dir = SS_DIR_C2S, .cursor = BIG_N / 2 };
  double t, build_ms, full_ms = 0, zoom_ms = 0;
  cairo_surface_t *img;
  int x0, y0, x1, y1;

  (void) state;
  ss_render_feed_open (&f);
  feed_big (&f, 0, BIG_N / 2);
  half = ss_tsg_data_new (f.m, 0);
  assert_non_null (half);
  assert_int_equal (ss_tsg_data_n_events (half), BIG_N / 2);
  feed_big (&f, BIG_N / 2, BIG_N);
  assert_int_equal (ss_model_n_events (f.m, 0), BIG_N);
  /* extended: the same as made anew */
  assert_true (ss_tsg_data_update (half, f.m));
  assert_false (ss_tsg_data_update (half, f.m));
  t = ss_render_test_now_ms ();
  d = ss_tsg_data_new (f.m, 0);
  build_ms = ss_render_test_now_ms () - t;
  assert_non_null (d);
  assert_int_equal (ss_tsg_data_n_events (half), BIG_N);
  for (int dir = 0; dir < 2; dir++)
    assert_int_equal (ss_tsg_data_n_segments (half, (SsDir) dir), ss_tsg_data_n_segments (d, (SsDir) dir));
  {
    double a[4], b[4];

    assert_true (ss_tsg_data_fit (d, SS_DIR_C2S, &a[0], &a[1], &a[2], &a[3]));
    assert_true (ss_tsg_data_fit (half, SS_DIR_C2S, &b[0], &b[1], &b[2], &b[3]));
    assert_memory_equal (a, b, sizeof a);
  }
  ss_tsg_data_free (half);

  /* all of it, zoomed out: dense, a line per pixel column */
  assert_true (ss_tsg_data_fit (d, SS_DIR_C2S, &v.t0, &v.t1, &v.s0, &v.s1));
  assert_true (v.s1 > (double) BIG_N / 2 * MSS);
  for (int k = 0; k < 3; k++)
    {
      t = ss_render_test_now_ms ();
      img = draw (f.m, d, &v);
      t = ss_render_test_now_ms () - t;
      full_ms = t > full_ms ? t : full_ms;
      if (k < 2)
        cairo_surface_destroy (img);
    }
  plot (&v, &x0, &y0, &x1, &y1);
  /* the data climbs from the bottom left to the top right, and the
   * retransmissions show over it */
  assert_true (count_colour (img, x0, (y0 + y1) / 2, (x0 + x1) / 2, y1, rgb_of (SS_TSG_DATA, false)) > 100);
  assert_true (count_colour (img, (x0 + x1) / 2, y0, x1, (y0 + y1) / 2, rgb_of (SS_TSG_DATA, false)) > 100);
  assert_true (count_colour (img, x0, y0, x1, y1, rgb_of (SS_TSG_RETRANSMISSION, false)) > 20);
  cairo_surface_destroy (img);

  /* zoomed in, panning across: a screenful of 100 segments */
  for (int k = 0; k < 20; k++)
    {
      double t0 = (double) k / 20 * 9.9;
      SsTsgView z = v;

      z.t0 = t0;
      z.t1 = t0 + 0.02;
      z.s0 = (t0 / 10.0) * BIG_N / 2 * MSS - 2e4;
      z.s1 = z.s0 + 2e5;
      t = ss_render_test_now_ms ();
      img = draw (f.m, d, &z);
      t = ss_render_test_now_ms () - t;
      zoom_ms = t > zoom_ms ? t : zoom_ms;
      /* I-beams of their own, with their ends */
      plot (&z, &x0, &y0, &x1, &y1);
      assert_true (count_colour (img, x0, y0, x1, y1, rgb_of (SS_TSG_DATA, false)) > 200);
      cairo_surface_destroy (img);
    }
  printf ("# %d events: graph data %.1f ms; 1200x800, all of it at most %.1f ms, zoomed in at most %.1f ms\n",
          BIG_N, build_ms, full_ms, zoom_ms);
  /* loose bounds (sanitizer builds): a frame, not a file */
  assert_true (full_ms < 400);
  assert_true (zoom_ms < 150);
  assert_true (build_ms < 1000);

  /* a click in the middle of the dense graph finds something near */
  {
    size_t i = ss_tsg_event_at (d, &v, (x0 + x1) / 2.0, ss_tsg_y_of (&v, (v.s0 + v.s1) / 2));
    (void) i;
  }
  ss_tsg_data_free (d);
  ss_render_feed_close (&f);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_colours),
    cmocka_unit_test (test_no_graph),
    cmocka_unit_test (test_one_event),
    cmocka_unit_test (test_marks),
    cmocka_unit_test (test_roles_turn),
    cmocka_unit_test (test_extreme_views),
    cmocka_unit_test (test_fast009),
    cmocka_unit_test (test_classes),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests_name ("tsg", tests, NULL, NULL);
}
