/* test-flow.c - ui/render/ss-flow-render: the flow-and-congestion graph.
 *
 * Edge cases first: no events, one event, UDP (a message instead of a
 * graph), zero durations. Then the estimate on hand-made event sequences:
 * it follows the bytes in flight up, is cut at a retransmission (once per
 * recovery, not by a spurious one), stays put during the recovery and grows
 * again after it; zero-window stalls from the zero window to the window
 * update (or still open); what held the sender back. Then the graph of a
 * connection of the corpus with a zero window and retransmissions
 * (ndpi__ipp.pcap, connection 2), drawn into an image, written as a PNG and
 * read back, checked by region: the receive window's blue and the bytes in
 * flight's green where the data says, the stall shaded, the retransmission
 * marked, the limit strip, the cursor band, a blank corner. Last, a
 * connection grown in two steps gives what one read gives, and one of
 * 100,000 segments is built once and drawn a screenful at a time quickly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ss-flow-render.h"
#include "ss-render-test.h"

#define MS 1000000LL

/* A TCP event; times in ms. */
static SsEvent
ev (double ms, SsDir dir, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint32_t win,
    uint32_t in_flight, uint32_t analysis)
{
  SsEvent e;

  memset (&e, 0, sizeof e);
  e.kind = SS_EVENT_TCP;
  e.ts_ns = 1700000000000000000LL + (int64_t) (ms * 1e6);
  e.dir = dir;
  e.tcp_flags = flags;
  e.seq = seq;
  e.ack = ack;
  e.len = len;
  e.win = win;
  e.in_flight = in_flight;
  e.analysis = analysis;
  e.rtt_ns = -1;
  e.peer_event = UINT32_MAX;
  return e;
}

static void
add (SsFlowData *d, SsEvent e)
{
  ss_flow_data_append (d, &e);
}

/* A handshake at 0, 1 and 2 ms: client window 64000, server 30000. */
static void
handshake (SsFlowData *d)
{
  add (d, ev (0, SS_DIR_C2S, SS_TCP_SYN, 0, 0, 0, 64000, 0, 0));
  add (d, ev (1, SS_DIR_S2C, SS_TCP_SYN | SS_TCP_ACK, 0, 1, 0, 30000, 0, 0));
  add (d, ev (2, SS_DIR_C2S, SS_TCP_ACK, 1, 1, 0, 64000, 0, 0));
}

static SsFlowSample
at (const SsFlowData *d, SsDir dir, double ms)
{
  SsFlowSample s;

  assert_true (ss_flow_data_sample (d, dir, (int64_t) (ms * 1e6), &s));
  return s;
}

static cairo_surface_t *
draw (const SsFlowData *d, const SsFlowView *v)
{
  cairo_surface_t *img = ss_render_test_image_new ((int) v->width, (int) v->height);
  cairo_t *cr = cairo_create (img);

  ss_flow_render (cr, d, v);
  ss_render_test_image_done (cr, img);
  return img;
}

/* The best match to colour among the pixels x, y-r .. y+r. */
static int
nearest (cairo_surface_t *s, int x, int y, int r, uint32_t colour)
{
  int best = 1000;

  for (int dy = -r; dy <= r; dy++)
    {
      int d = ss_render_test_distance (ss_render_test_pixel (s, x, y + dy), colour);

      best = d < best ? d : best;
    }
  return best;
}

/* Edge cases */

static void
test_empty (void **state)
{
  SsFlowData *d = ss_flow_data_new ();
  SsFlowSample s;
  SsFlowSpan sp;
  SsFlowView v = { .width = 600, .height = 300, .current = SIZE_MAX };
  SsFlowGeom g;
  cairo_surface_t *img;

  (void) state;
  assert_non_null (d);
  assert_int_equal (ss_flow_data_n_events (d), 0);
  assert_false (ss_flow_data_is_tcp (d));
  assert_int_equal (ss_flow_data_duration (d), 0);
  assert_int_equal (ss_flow_data_event_at (d, 0), SIZE_MAX);
  assert_false (ss_flow_data_sample (d, SS_DIR_C2S, 0, &s));
  assert_int_equal (s.in_flight, 0);
  assert_int_equal (ss_flow_data_n_marks (d, SS_DIR_S2C), 0);
  assert_null (ss_flow_data_get_mark (d, SS_DIR_C2S, 0));
  assert_false (ss_flow_data_get_stall (d, SS_DIR_C2S, 0, &sp));
  assert_int_equal (ss_flow_data_main_dir (d), SS_DIR_C2S);
  ss_flow_geometry (d, &v, &g);
  assert_true (g.t1 - g.t0 >= SS_FLOW_MIN_SPAN);
  assert_true (g.y_max > 0 && g.bottom > g.top && g.right > g.left);

  /* a message, not a graph: the middle has text, the window's blue
   * appears nowhere */
  img = draw (d, &v);
  {
    int ink = 0, blue = 0;

    for (int y = 0; y < 300; y++)
      for (int x = 0; x < 600; x++)
        {
          ink += ss_render_test_pixel (img, x, y) != 0xffffff;
          blue += ss_render_test_distance (ss_render_test_pixel (img, x, y), SS_FLOW_RWND_RGB) < 40;
        }
    assert_true (ink > 50);
    assert_int_equal (blue, 0);
  }
  cairo_surface_destroy (img);

  /* NULL everywhere */
  ss_flow_data_append (NULL, NULL);
  ss_flow_data_append (d, NULL);
  assert_false (ss_flow_data_sync (NULL, NULL, 0));
  assert_false (ss_flow_data_sync (d, NULL, 0));
  assert_int_equal (ss_flow_data_n_events (NULL), 0);
  assert_false (ss_flow_data_sample (NULL, SS_DIR_C2S, 0, &s));
  ss_flow_render (NULL, d, &v);
  ss_flow_render_message (NULL, 10, 10, false, "x");
  ss_flow_data_free (NULL);
  ss_flow_data_free (d);
}

static void
test_one_event (void **state)
{
  SsFlowData *d = ss_flow_data_new ();
  SsFlowView v = { .width = 640, .height = 320, .current = 0 };
  SsFlowSample s;
  SsFlowGeom g;
  cairo_surface_t *img;

  (void) state;
  add (d, ev (5, SS_DIR_C2S, SS_TCP_SYN, 0, 0, 0, 64000, 0, 0));
  assert_int_equal (ss_flow_data_n_events (d), 1);
  assert_true (ss_flow_data_is_tcp (d));
  assert_int_equal (ss_flow_data_duration (d), 0);
  assert_int_equal (ss_flow_data_event_time (d, 0), 0);
  assert_int_equal (ss_flow_data_event_at (d, -5), 0);
  assert_int_equal (ss_flow_data_event_at (d, 999999), 0);
  /* the SYN's window is the receive window for the server's data */
  s = at (d, SS_DIR_S2C, 0);
  assert_true (s.has_rwnd);
  assert_int_equal (s.rwnd, 64000);
  s = at (d, SS_DIR_C2S, 0);
  assert_false (s.has_rwnd);
  assert_int_equal (s.cwnd, 0);
  assert_false (ss_flow_data_sample (d, SS_DIR_C2S, -1, &s));

  /* zero duration: a minimal span, drawn without error, both ways, dark */
  ss_flow_geometry (d, &v, &g);
  assert_int_equal (g.t1 - g.t0, SS_FLOW_MIN_SPAN);
  img = draw (d, &v);
  cairo_surface_destroy (img);
  v.dir = SS_DIR_S2C;
  v.dark = true;
  v.title = "one SYN";
  img = draw (d, &v);
  cairo_surface_destroy (img);
  /* smaller than the minimum size: drawn at the minimum, clipped */
  v.width = 50;
  v.height = 20;
  img = draw (d, &v);
  cairo_surface_destroy (img);
  ss_flow_data_free (d);
}

static void
test_udp (void **state)
{
  SsModel *m = ss_render_test_load_sample ();
  SsFlowData *d = ss_flow_data_new ();
  const SsConn *c = ss_model_get_conn (m, 4);
  SsFlowView v = { .width = 640, .height = 320, .current = 0 };
  SsFlowSample s;
  cairo_surface_t *img;
  int blue = 0;

  (void) state;
  assert_non_null (c);
  assert_int_equal (c->proto, SS_PROTO_UDP);
  assert_true (ss_flow_data_sync (d, m, 4));
  assert_int_equal (ss_flow_data_n_events (d), c->n_events);
  assert_false (ss_flow_data_is_tcp (d));
  assert_false (ss_flow_data_sample (d, SS_DIR_C2S, 0, &s));
  /* nothing new: no change */
  assert_false (ss_flow_data_sync (d, m, 4));
  img = draw (d, &v);
  for (int y = 0; y < 320; y++)
    for (int x = 0; x < 640; x++)
      blue += ss_render_test_distance (ss_render_test_pixel (img, x, y), SS_FLOW_RWND_RGB) < 40;
  assert_int_equal (blue, 0);
  cairo_surface_destroy (img);

  /* another connection starts again; one out of range empties */
  assert_true (ss_flow_data_sync (d, m, 0));
  assert_true (ss_flow_data_is_tcp (d));
  assert_int_equal (ss_flow_data_n_events (d), ss_model_get_conn (m, 0)->n_events);
  assert_true (ss_flow_data_sync (d, m, 999));
  assert_int_equal (ss_flow_data_n_events (d), 0);
  ss_flow_data_free (d);
  ss_model_free (m);
}

/* The estimate */

/* The client sends 1000-byte segments; the server acknowledges. */
static void
test_estimate_growth (void **state)
{
  SsFlowData *d = ss_flow_data_new ();
  SsFlowSample s;

  (void) state;
  handshake (d);
  add (d, ev (10, SS_DIR_C2S, SS_TCP_ACK, 1, 1, 1000, 64000, 1000, 0));
  add (d, ev (11, SS_DIR_C2S, SS_TCP_ACK, 1001, 1, 1000, 64000, 2000, 0));
  s = at (d, SS_DIR_C2S, 11.5);
  assert_int_equal (s.in_flight, 2000);
  assert_int_equal (s.cwnd, 2000);
  assert_int_equal (s.rwnd, 30000);
  assert_int_equal (s.limit, SS_FLOW_LIMIT_CWND);
  /* the ACK of the first brings the bytes in flight down, not the estimate */
  add (d, ev (20, SS_DIR_S2C, SS_TCP_ACK, 1, 1001, 0, 30000, 0, 0));
  s = at (d, SS_DIR_C2S, 20);
  assert_int_equal (s.in_flight, 1000);
  assert_int_equal (s.cwnd, 2000);
  add (d, ev (21, SS_DIR_C2S, SS_TCP_ACK, 2001, 1, 1000, 64000, 2000, 0));
  add (d, ev (21.1, SS_DIR_C2S, SS_TCP_ACK, 3001, 1, 1000, 64000, 3000, 0));
  add (d, ev (30, SS_DIR_S2C, SS_TCP_ACK, 1, 4001, 0, 30000, 0, 0));
  s = at (d, SS_DIR_C2S, 30);
  assert_int_equal (s.in_flight, 0);
  assert_int_equal (s.cwnd, 3000);
  assert_int_equal (s.limit, SS_FLOW_LIMIT_NONE);
  /* earlier values stay as they were */
  assert_int_equal (at (d, SS_DIR_C2S, 10.5).cwnd, 1000);
  assert_int_equal (at (d, SS_DIR_C2S, 5).cwnd, 0);
  assert_int_equal (ss_flow_data_payload (d, SS_DIR_C2S), 4000);
  assert_int_equal (ss_flow_data_payload (d, SS_DIR_S2C), 0);
  assert_int_equal (ss_flow_data_main_dir (d), SS_DIR_C2S);
  assert_int_equal (ss_flow_data_max_segment (d, SS_DIR_C2S), 1000);
  /* the server sent no data: its side has no estimate */
  assert_int_equal (at (d, SS_DIR_S2C, 30).cwnd, 0);
  assert_int_equal (at (d, SS_DIR_S2C, 30).rwnd, 64000);
  /* the nearest event to a time */
  assert_int_equal (ss_flow_data_event_at (d, 10 * MS + 400000), 3);
  assert_int_equal (ss_flow_data_event_at (d, 10 * MS + 600000), 4);
  assert_int_equal (ss_flow_data_event_at (d, 25 * MS), 7);
  assert_int_equal (ss_flow_data_event_time (d, 4), 11 * MS);
  ss_flow_data_free (d);
}

/* Up to 10 segments in flight, then a fast retransmission. */
static void
test_estimate_loss (void **state)
{
  SsFlowData *d = ss_flow_data_new ();
  const SsFlowMark *mk;
  SsFlowSample s;
  uint32_t seq = 1;

  (void) state;
  handshake (d);
  for (int k = 0; k < 10; k++, seq += 1000)
    add (d, ev (10 + k * 0.1, SS_DIR_C2S, SS_TCP_ACK, seq, 1, 1000, 64000, (uint32_t) (k + 1) * 1000, 0));
  assert_int_equal (at (d, SS_DIR_C2S, 12).cwnd, 10000);
  /* duplicate ACKs for byte 1001 (the second segment was lost) */
  for (int k = 0; k < 3; k++)
    add (d, ev (20 + k * 0.1, SS_DIR_S2C, SS_TCP_ACK, 1, 1001, 0, 30000, 0, k ? SS_AN_DUPLICATE_ACK : 0));
  s = at (d, SS_DIR_C2S, 20.5);
  assert_int_equal (s.in_flight, 9000);
  assert_int_equal (s.cwnd, 10000);
  /* the fast retransmission cuts it to half the bytes in flight */
  add (d, ev (21, SS_DIR_C2S, SS_TCP_ACK, 1001, 1, 1000, 64000, 9000,
              SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION));
  s = at (d, SS_DIR_C2S, 21);
  assert_int_equal (s.cwnd, 4500);
  assert_int_equal (ss_flow_data_n_marks (d, SS_DIR_C2S), 1);
  mk = ss_flow_data_get_mark (d, SS_DIR_C2S, 0);
  assert_int_equal (mk->kind, SS_FLOW_MARK_FAST_RETRANSMISSION);
  assert_int_equal (mk->t, 21 * MS);
  assert_int_equal (mk->bytes, 9000);
  assert_int_equal (mk->event, 16);
  /* in the recovery: new data and another retransmission move nothing */
  add (d, ev (21.5, SS_DIR_C2S, SS_TCP_ACK, seq, 1, 1000, 64000, 10000, 0));
  seq += 1000;
  add (d, ev (22, SS_DIR_C2S, SS_TCP_ACK, 3001, 1, 1000, 64000, 10000, SS_AN_RETRANSMISSION));
  s = at (d, SS_DIR_C2S, 22);
  assert_int_equal (s.cwnd, 4500);
  assert_int_equal (s.in_flight, 10000);
  assert_int_equal (ss_flow_data_n_marks (d, SS_DIR_C2S), 2);
  assert_int_equal (ss_flow_data_get_mark (d, SS_DIR_C2S, 1)->kind, SS_FLOW_MARK_RETRANSMISSION);
  /* a partial ACK (below the recovery point 10001) keeps the recovery */
  add (d, ev (30, SS_DIR_S2C, SS_TCP_ACK, 1, 3001, 0, 30000, 0, 0));
  add (d, ev (30.1, SS_DIR_C2S, SS_TCP_ACK, seq, 1, 1000, 64000, 9000, 0));
  seq += 1000;
  assert_int_equal (at (d, SS_DIR_C2S, 30.1).cwnd, 4500);
  /* the ACK past it ends the recovery: the estimate follows again */
  add (d, ev (40, SS_DIR_S2C, SS_TCP_ACK, 1, 11001, 0, 30000, 0, 0));
  assert_int_equal (at (d, SS_DIR_C2S, 40).in_flight, 1000);
  for (int k = 0; k < 6; k++, seq += 1000)
    add (d, ev (41 + k * 0.1, SS_DIR_C2S, SS_TCP_ACK, seq, 1, 1000, 64000, (uint32_t) (k + 2) * 1000, 0));
  s = at (d, SS_DIR_C2S, 42);
  assert_int_equal (s.in_flight, 7000);
  assert_int_equal (s.cwnd, 7000);
  /* a spurious retransmission is marked, and cuts nothing */
  add (d, ev (43, SS_DIR_C2S, SS_TCP_ACK, 12001, 1, 1000, 64000, 7000, SS_AN_SPURIOUS_RETRANSMISSION));
  assert_int_equal (at (d, SS_DIR_C2S, 43).cwnd, 7000);
  assert_int_equal (ss_flow_data_get_mark (d, SS_DIR_C2S, 2)->kind, SS_FLOW_MARK_SPURIOUS_RETRANSMISSION);
  /* the next loss cuts again, not under two segments */
  add (d, ev (50, SS_DIR_C2S, SS_TCP_ACK, 12001, 1, 1000, 64000, 1000, SS_AN_RETRANSMISSION));
  assert_int_equal (at (d, SS_DIR_C2S, 50).cwnd, 2000);
  /* keep-alives and zero-window probes are no loss */
  ss_flow_data_free (d);

  d = ss_flow_data_new ();
  handshake (d);
  add (d, ev (10, SS_DIR_C2S, SS_TCP_ACK, 1, 1, 1000, 64000, 1000, 0));
  add (d, ev (11, SS_DIR_S2C, SS_TCP_ACK, 1, 1001, 0, 30000, 0, 0));
  add (d, ev (20, SS_DIR_C2S, SS_TCP_ACK, 1000, 1, 1, 64000, 1, SS_AN_KEEP_ALIVE | SS_AN_RETRANSMISSION));
  assert_int_equal (at (d, SS_DIR_C2S, 20).cwnd, 1000);
  assert_int_equal (ss_flow_data_n_marks (d, SS_DIR_C2S), 0);
  ss_flow_data_free (d);
}

/* The server's window closes and opens again. */
static void
test_zero_window (void **state)
{
  SsFlowData *d = ss_flow_data_new ();
  SsFlowSpan sp;
  SsFlowSample s;

  (void) state;
  handshake (d);
  add (d, ev (10, SS_DIR_C2S, SS_TCP_ACK, 1, 1, 1000, 64000, 1000, 0));
  add (d, ev (10.1, SS_DIR_C2S, SS_TCP_ACK, 1001, 1, 1000, 64000, 2000, SS_AN_WINDOW_FULL));
  s = at (d, SS_DIR_C2S, 10.1);
  assert_int_equal (s.limit, SS_FLOW_LIMIT_RWND);
  add (d, ev (20, SS_DIR_S2C, SS_TCP_ACK, 1, 2001, 0, 0, 0, SS_AN_ZERO_WINDOW));
  add (d, ev (30, SS_DIR_C2S, SS_TCP_ACK, 2001, 1, 1, 64000, 1, SS_AN_ZERO_WINDOW_PROBE));
  add (d, ev (30.2, SS_DIR_S2C, SS_TCP_ACK, 1, 2001, 0, 0, 0, SS_AN_ZERO_WINDOW | SS_AN_ZERO_WINDOW_PROBE_ACK));
  assert_int_equal (ss_flow_data_n_stalls (d, SS_DIR_C2S), 1);
  assert_true (ss_flow_data_get_stall (d, SS_DIR_C2S, 0, &sp));
  assert_true (sp.open);
  assert_int_equal (sp.t0, 20 * MS);
  assert_int_equal (sp.t1, ss_flow_data_duration (d));
  s = at (d, SS_DIR_C2S, 25);
  assert_true (s.stalled);
  assert_int_equal (s.rwnd, 0);
  assert_int_equal (s.limit, SS_FLOW_LIMIT_RWND);
  /* the window update ends it */
  add (d, ev (40, SS_DIR_S2C, SS_TCP_ACK, 1, 2002, 0, 8000, 0, SS_AN_WINDOW_UPDATE));
  assert_true (ss_flow_data_get_stall (d, SS_DIR_C2S, 0, &sp));
  assert_false (sp.open);
  assert_int_equal (sp.t0, 20 * MS);
  assert_int_equal (sp.t1, 40 * MS);
  assert_false (at (d, SS_DIR_C2S, 40).stalled);
  assert_false (at (d, SS_DIR_C2S, 19).stalled);
  assert_true (at (d, SS_DIR_C2S, 39.9).stalled);
  assert_int_equal (at (d, SS_DIR_C2S, 40).limit, SS_FLOW_LIMIT_NONE);
  /* a second stall, and the other direction has none */
  add (d, ev (50, SS_DIR_S2C, SS_TCP_ACK, 1, 2002, 0, 0, 0, SS_AN_ZERO_WINDOW));
  add (d, ev (60, SS_DIR_S2C, SS_TCP_ACK, 1, 2002, 0, 100, 0, SS_AN_WINDOW_UPDATE));
  assert_int_equal (ss_flow_data_n_stalls (d, SS_DIR_C2S), 2);
  assert_true (ss_flow_data_get_stall (d, SS_DIR_C2S, 1, &sp));
  assert_int_equal (sp.t0, 50 * MS);
  assert_int_equal (sp.t1, 60 * MS);
  assert_true (at (d, SS_DIR_C2S, 55).stalled);
  assert_false (at (d, SS_DIR_C2S, 45).stalled);
  assert_int_equal (ss_flow_data_n_stalls (d, SS_DIR_S2C), 0);
  /* a RST's window is no zero window */
  add (d, ev (70, SS_DIR_S2C, SS_TCP_RST, 1, 0, 0, 0, 0, 0));
  assert_int_equal (ss_flow_data_n_stalls (d, SS_DIR_C2S), 2);
  assert_int_equal (at (d, SS_DIR_C2S, 70).rwnd, 100);
  ss_flow_data_free (d);
}

/* What held the sender back: the receive window when the bytes in flight
 * come within a segment of it, its own window when they reach the
 * estimate with room left in the receive window. */
static void
test_limits (void **state)
{
  SsFlowData *d = ss_flow_data_new ();

  (void) state;
  handshake (d);
  add (d, ev (10, SS_DIR_C2S, SS_TCP_ACK, 1, 1, 1000, 64000, 1000, 0));
  assert_int_equal (at (d, SS_DIR_C2S, 10).limit, SS_FLOW_LIMIT_CWND);
  add (d, ev (20, SS_DIR_S2C, SS_TCP_ACK, 1, 1001, 0, 2500, 0, 0));
  add (d, ev (21, SS_DIR_C2S, SS_TCP_ACK, 1001, 1, 1000, 64000, 1000, 0));
  /* 1000 + 1000 <= 2500, and under the estimate of 1000 + a segment */
  assert_int_equal (at (d, SS_DIR_C2S, 21).limit, SS_FLOW_LIMIT_CWND);
  add (d, ev (21.1, SS_DIR_C2S, SS_TCP_ACK, 2001, 1, 1000, 64000, 2000, 0));
  /* 2000 + 1000 > 2500: the receive window */
  assert_int_equal (at (d, SS_DIR_C2S, 21.1).limit, SS_FLOW_LIMIT_RWND);
  add (d, ev (30, SS_DIR_S2C, SS_TCP_ACK, 1, 3001, 0, 60000, 0, 0));
  add (d, ev (31, SS_DIR_C2S, SS_TCP_ACK, 3001, 1, 100, 64000, 100, 0));
  /* little in flight, far under both: nothing held it back */
  assert_int_equal (at (d, SS_DIR_C2S, 31).limit, SS_FLOW_LIMIT_NONE);
  assert_int_equal (at (d, SS_DIR_C2S, 31).cwnd, 2000);
  ss_flow_data_free (d);
}

/* The corpus connection */

static SsModel *
load_ipp (size_t *conn_index)
{
  SsModel *m = ss_render_test_load_env ("SS_CORPUS", "tcp/ndpi__ipp.pcap");

  /* connection 2: an IPP upload held back by the printer's window, with a
   * zero window, a retransmission and 60 window-full segments */
  *conn_index = 1;
  assert_true (ss_model_n_conns (m) > 1);
  assert_int_equal (ss_model_get_conn (m, 1)->proto, SS_PROTO_TCP);
  assert_true (ss_model_get_conn (m, 1)->counters[7] > 0);   /* zero windows */
  assert_true (ss_model_get_conn (m, 1)->counters[0] > 0);   /* retransmissions */
  return m;
}

static void
test_draw_corpus (void **state)
{
  size_t ci;
  SsModel *m = load_ipp (&ci);
  SsFlowData *d = ss_flow_data_new ();
  SsFlowView v = { .width = 900, .height = 420, .current = SIZE_MAX, .title = "ndpi__ipp.pcap, connection 2" };
  SsFlowGeom g;
  SsFlowSample s;
  SsFlowSpan sp;
  const SsFlowMark *loss = NULL;
  size_t n_full = 0;
  cairo_surface_t *img, *back;
  char path[] = "/tmp/ss-test-flow-XXXXXX";
  int fd, x, y;
  int64_t t_mid, t_stall;
  const char *outdir = getenv ("SS_FLOW_OUTPUT");

  (void) state;
  assert_true (ss_flow_data_sync (d, m, ci));
  assert_int_equal (ss_flow_data_main_dir (d), SS_DIR_C2S);
  v.dir = ss_flow_data_main_dir (d);
  assert_int_equal (ss_flow_data_n_stalls (d, SS_DIR_C2S), 1);
  assert_true (ss_flow_data_get_stall (d, SS_DIR_C2S, 0, &sp));
  assert_false (sp.open);
  for (size_t k = 0; k < ss_flow_data_n_marks (d, SS_DIR_C2S); k++)
    {
      const SsFlowMark *mk = ss_flow_data_get_mark (d, SS_DIR_C2S, k);

      if (mk->kind == SS_FLOW_MARK_RETRANSMISSION && loss == NULL)
        loss = mk;
      n_full += mk->kind == SS_FLOW_MARK_WINDOW_FULL;
    }
  assert_non_null (loss);
  assert_int_equal (n_full, ss_model_get_conn (m, ci)->counters[13]);
  /* the retransmission came before the zero window */
  assert_true (loss->t < sp.t0);

  /* 0.42 s in: the printer advertises 3064 bytes, 2896 are in flight
   * (the sample values come from the model's events) */
  t_mid = 420 * MS;
  s = at (d, SS_DIR_C2S, 420);
  assert_true (s.has_rwnd);
  assert_int_equal (s.rwnd, 3064);
  assert_int_equal (s.in_flight, 2896);
  assert_false (s.stalled);
  t_stall = (sp.t0 + sp.t1) / 2;
  assert_true (at (d, SS_DIR_C2S, (double) t_stall / 1e6).stalled);
  assert_int_equal (at (d, SS_DIR_C2S, (double) t_stall / 1e6).rwnd, 0);
  /* the retransmission cut the estimate: lower after it than before */
  assert_true (at (d, SS_DIR_C2S, (double) loss->t / 1e6).cwnd
               < at (d, SS_DIR_C2S, (double) loss->t / 1e6 - 1).cwnd);
  /* from the most in flight (two 2,896-byte segments) to two of the
   * printer's 1,460-byte MSS (docs/analysis-rules.md, section 6) */
  assert_int_equal (at (d, SS_DIR_C2S, (double) loss->t / 1e6 - 1).cwnd, 5792);
  assert_int_equal (at (d, SS_DIR_C2S, (double) loss->t / 1e6).cwnd, 2920);
  assert_int_equal (sp.t1 - sp.t0, 212494000);
  /* mostly held back by the printer's window: the flow control */
  assert_int_equal (at (d, SS_DIR_C2S, 200).limit, SS_FLOW_LIMIT_RWND);

  img = draw (d, &v);
  fd = mkstemp (path);
  assert_true (fd >= 0);
  close (fd);
  assert_int_equal (cairo_surface_write_to_png (img, path), CAIRO_STATUS_SUCCESS);
  if (outdir != NULL)
    {
      char out[4096];

      snprintf (out, sizeof out, "%s/flow-ipp.png", outdir);
      cairo_surface_write_to_png (img, out);
    }
  cairo_surface_destroy (img);
  back = cairo_image_surface_create_from_png (path);
  unlink (path);
  assert_int_equal (cairo_surface_status (back), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (back);

  ss_flow_geometry (d, &v, &g);
  /* the receive window's blue at 3064 bytes, the bytes in flight's green
   * at 2896, 0.42 s in */
  x = (int) ss_flow_x_of_time (&g, t_mid);
  y = (int) (ss_flow_y_of_bytes (&g, 3064) + 0.5);
  print_message ("# at x %d: window y %d, in flight y %.1f\n", x, y, ss_flow_y_of_bytes (&g, 2896));
  assert_true (nearest (back, x, y, 1, SS_FLOW_RWND_RGB) < 60);
  assert_true (nearest (back, x, (int) (ss_flow_y_of_bytes (&g, 2896) + 0.5), 1, SS_FLOW_FLIGHT_RGB) < 60);
  /* and no blue at 2000 bytes, where no line is */
  assert_true (nearest (back, x, (int) ss_flow_y_of_bytes (&g, 2000), 0, SS_FLOW_RWND_RGB) > 150);

  /* the stall is shaded red over white, high up where no line is */
  {
    uint32_t p = ss_render_test_pixel (back, (int) ss_flow_x_of_time (&g, t_stall), (int) g.top + 30);
    int r = (p >> 16) & 0xff, gg = (p >> 8) & 0xff, b = p & 0xff;

    assert_true (r > 200 && r - gg > 15 && r - b > 15);
    /* not before it (white, or a grey grid line) */
    p = ss_render_test_pixel (back, (int) ss_flow_x_of_time (&g, t_mid), (int) g.top + 30);
    assert_true (abs ((int) ((p >> 16) & 0xff) - (int) (p & 0xff)) < 10 && ((p >> 8) & 0xff) > 200);
  }
  /* the retransmission's red mark */
  assert_true (ss_render_test_distance (ss_render_test_pixel (back, (int) (ss_flow_x_of_time (&g, loss->t) + 0.5),
                                (int) (ss_flow_y_of_bytes (&g, loss->bytes) + 0.5)), SS_FLOW_LOSS_RGB) < 60);
  /* the limit strip is blue (the receive window) 0.2 s in */
  {
    uint32_t p = ss_render_test_pixel (back, (int) ss_flow_x_of_time (&g, 200 * MS), (int) ((g.strip_top + g.strip_bottom) / 2));

    assert_true ((p & 0xff) > ((p >> 16) & 0xff) + 60);
  }
  /* the left margin under the labels stays blank */
  assert_int_equal (ss_render_test_pixel (back, 3, (int) g.bottom - 3), 0xffffff);
  cairo_surface_destroy (back);

  /* the cursor band at an event */
  {
    size_t cur = ss_flow_data_event_at (d, t_mid);
    int cx;

    v.current = cur;
    img = draw (d, &v);
    cx = (int) (ss_flow_x_of_time (&g, ss_flow_data_event_time (d, cur)) + 0.5);
    assert_int_equal (ss_render_test_pixel (img, cx - 2, (int) g.top + 6), SS_FLOW_CURSOR_RGB);
    assert_true (ss_render_test_distance (ss_render_test_pixel (img, cx + 12, (int) g.top + 6), SS_FLOW_CURSOR_RGB) > 30);
    cairo_surface_destroy (img);
  }

  /* zoomed into the stall: the whole plot width is shaded, the labels and
   * the lines stay inside the plot */
  v.t0 = sp.t0 + (sp.t1 - sp.t0) / 4;
  v.t1 = sp.t1 - (sp.t1 - sp.t0) / 4;
  v.current = SIZE_MAX;
  ss_flow_geometry (d, &v, &g);
  assert_int_equal (g.t0, v.t0);
  img = draw (d, &v);
  {
    uint32_t p1 = ss_render_test_pixel (img, (int) g.left + 5, (int) g.top + 30);
    uint32_t p2 = ss_render_test_pixel (img, (int) g.right - 5, (int) g.top + 30);

    assert_true (((p1 >> 16) & 0xff) - (p1 & 0xff) > 15);
    assert_true (((p2 >> 16) & 0xff) - (p2 & 0xff) > 15);
  }
  cairo_surface_destroy (img);
  ss_flow_data_free (d);
  ss_model_free (m);
}

/* Views: every part of the connection, beyond its end, the other
 * direction, dark, fitted to the bytes in flight, narrow. */
static void
test_draw_viewports (void **state)
{
  size_t ci;
  SsModel *m = load_ipp (&ci);
  SsFlowData *d = ss_flow_data_new ();
  int64_t dur;
  SsFlowGeom g1, g2;

  (void) state;
  ss_flow_data_sync (d, m, ci);
  dur = ss_flow_data_duration (d);
  for (int k = 0; k < 8; k++)
    {
      SsFlowView v = {
        .width = k % 3 == 0 ? 500 : 900, .height = 300, .dir = k % 2 ? SS_DIR_S2C : SS_DIR_C2S,
        .t0 = dur * k / 8, .t1 = dur * k / 8 + dur / 5 + (k == 7 ? dur : 0), .current = (size_t) k * 30,
        .fit_flight = k % 4 == 1, .dark = k % 4 == 2,
      };
      cairo_surface_t *img = draw (d, &v);

      cairo_surface_destroy (img);
    }
  /* fitted to the bytes in flight: the window does not set the scale */
  {
    SsFlowView v = { .width = 900, .height = 400, .dir = SS_DIR_S2C, .current = SIZE_MAX };

    ss_flow_geometry (d, &v, &g1);
    v.fit_flight = true;
    ss_flow_geometry (d, &v, &g2);
    assert_true (g2.y_max < g1.y_max);
  }
  ss_flow_data_free (d);
  ss_model_free (m);
}

/* Frames for a model that grows */

/* A frame 100 us after the one before, its payload not captured. */
static void
put (SsRenderFeed *f, bool c2s, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint16_t win)
{
  ss_render_feed_tcp (f, 100000, c2s, flags, seq, ack, win, len);
}

/* A bulk upload of n rounds of 4 segments and an ACK, a segment sent
 * again every 50 rounds, the server's window shut for a while every 200. */
static void
upload (SsRenderFeed *f, uint32_t from, uint32_t to)
{
  const uint32_t cisn = 1000, sisn = 5000, mss = 1000;

  for (uint32_t r = from; r < to; r++)
    {
      uint32_t base = cisn + 1 + r * 4 * mss;

      if (r == 0)
        {
          put (f, true, 0x02, cisn, 0, 0, 65535);
          put (f, false, 0x12, sisn, cisn + 1, 0, 65535);
          put (f, true, 0x10, cisn + 1, sisn + 1, 0, 65535);
        }
      for (uint32_t k = 0; k < 4; k++)
        put (f, true, 0x10, base + k * mss, sisn + 1, mss, 65535);
      if (r % 50 == 49)
        {
          put (f, false, 0x10, sisn + 1, base + mss, 0, 65535);
          put (f, false, 0x10, sisn + 1, base + mss, 0, 65535);
          put (f, false, 0x10, sisn + 1, base + mss, 0, 65535);
          put (f, true, 0x10, base + mss, sisn + 1, mss, 65535);
        }
      if (r % 200 == 199)
        {
          put (f, false, 0x10, sisn + 1, base + 4 * mss, 0, 0);
          f->ts += 20000000;
          put (f, false, 0x10, sisn + 1, base + 4 * mss, 0, 65535);
        }
      else
        put (f, false, 0x10, sisn + 1, base + 4 * mss, 0, 65535);
    }
}

/* A feed whose model is the caller's (*m). */
static SsRenderFeed *
feed_new (SsModel **m)
{
  SsRenderFeed *f = calloc (1, sizeof *f);

  assert_non_null (f);
  ss_render_feed_open (f);
  f->headers_only = true;
  *m = f->m;
  return f;
}

static void
feed_free (SsRenderFeed *f)
{
  ss_loader_free (f->feed);
  free (f);
}

/* Read while it grows, or once at the end: the same graph. */
static void
test_grow (void **state)
{
  SsModel *m;
  SsRenderFeed *f = feed_new (&m);
  SsFlowData *grown = ss_flow_data_new ();
  SsFlowData *once = ss_flow_data_new ();
  int64_t dur;

  (void) state;
  upload (f, 0, 150);
  assert_int_equal (ss_model_n_conns (m), 1);
  assert_true (ss_flow_data_sync (grown, m, 0));
  assert_false (ss_flow_data_sync (grown, m, 0));
  upload (f, 150, 420);
  assert_true (ss_flow_data_sync (grown, m, 0));
  assert_true (ss_flow_data_sync (once, m, 0));
  assert_int_equal (ss_flow_data_n_events (grown), ss_model_n_events (m, 0));
  assert_int_equal (ss_flow_data_n_events (grown), ss_flow_data_n_events (once));
  assert_int_equal (ss_flow_data_n_marks (grown, SS_DIR_C2S), ss_flow_data_n_marks (once, SS_DIR_C2S));
  assert_true (ss_flow_data_n_marks (once, SS_DIR_C2S) >= 8);
  assert_int_equal (ss_flow_data_n_stalls (once, SS_DIR_C2S), 2);
  dur = ss_flow_data_duration (once);
  for (int k = 0; k <= 100; k++)
    {
      SsFlowSample a, b;

      assert_true (ss_flow_data_sample (grown, SS_DIR_C2S, dur * k / 100, &a));
      assert_true (ss_flow_data_sample (once, SS_DIR_C2S, dur * k / 100, &b));
      assert_memory_equal (&a, &b, sizeof a);
    }
  ss_flow_data_free (grown);
  ss_flow_data_free (once);
  feed_free (f);
  ss_model_free (m);
}

#define BIG_ROUNDS 20000   /* 5 events a round and more: over 100,000 */

static void
test_big (void **state)
{
  SsModel *m;
  SsRenderFeed *f = feed_new (&m);
  SsFlowData *d = ss_flow_data_new ();
  double t, build_ms, worst = 0;
  int64_t dur;
  size_t n;

  (void) state;
  upload (f, 0, BIG_ROUNDS);
  n = ss_model_n_events (m, 0);
  assert_true (n >= 100000);
  t = ss_render_test_now_ms ();
  assert_true (ss_flow_data_sync (d, m, 0));
  build_ms = ss_render_test_now_ms () - t;
  assert_int_equal (ss_flow_data_n_events (d), n);
  dur = ss_flow_data_duration (d);
  for (int k = 0; k <= 20; k++)
    {
      /* the whole connection, then screenfuls of a 20th */
      SsFlowView v = {
        .width = 900, .height = 400, .current = (size_t) k * 5000,
        .t0 = k == 0 ? 0 : dur * (k - 1) / 20, .t1 = k == 0 ? 0 : dur * k / 20,
      };
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 400);
      cairo_t *cr = cairo_create (img);

      t = ss_render_test_now_ms ();
      ss_flow_render (cr, d, &v);
      t = ss_render_test_now_ms () - t;
      worst = t > worst ? t : worst;
      assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (img);
    }
  print_message ("# %zu events: built in %.1f ms, a 900x400 view drawn in at most %.1f ms\n", n, build_ms, worst);
  /* loose bounds (sanitizer builds) */
  assert_true (build_ms < 2000);
  assert_true (worst < 250);
  ss_flow_data_free (d);
  feed_free (f);
  ss_model_free (m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_one_event),
    cmocka_unit_test (test_udp),
    cmocka_unit_test (test_estimate_growth),
    cmocka_unit_test (test_estimate_loss),
    cmocka_unit_test (test_zero_window),
    cmocka_unit_test (test_limits),
    cmocka_unit_test (test_draw_corpus),
    cmocka_unit_test (test_draw_viewports),
    cmocka_unit_test (test_grow),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests_name ("flow", tests, NULL, NULL);
}
