/* test-fold.c - ui/render/: folding bulk data and the two spacings.
 *
 * Connections made here (Ethernet + IPv4 + TCP frames fed to the loader, so
 * the model's own states and analysis flags decide): a handshake, R plain
 * data/ACK segments, a teardown, sometimes a retransmission in the middle.
 * Checked: the plain-event rule on hand-made events; runs of 11 plain
 * events do not fold and runs of 12 do, keeping two at each end; the
 * handshake, the teardown, state changes and flagged segments are never
 * hidden (also over every connection of data/sample.pcap); unfolding and
 * folding again; even against timed spacing with blocks; one event and no
 * layout; the block's words; the drawn block row by its pixels; and a
 * connection of 100,000 segments folded into one block, drawn a screenful
 * at a time and unfolded, each in bounded time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-ladder-label.h"
#include "ss-ladder-render.h"
#include "ss-render-test.h"

#define WIDTH 900
#define PAYLOAD_MAX 1000

typedef struct {
  SsRenderFeed f;
  uint32_t     cseq, sseq;   /* next sequence number each way (absolute) */
} Conn;

/* A frame with len payload bytes and window 65535, fed to the model dt_us
 * after the one before. */
static void
send_seg (Conn *c, bool c2s, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len, int64_t dt_us)
{
  assert_true (len <= PAYLOAD_MAX);
  ss_render_feed_tcp (&c->f, dt_us * 1000, c2s, flags, seq, ack, 0xffff, len);
}

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_PSH 0x08
#define F_ACK 0x10

static void
conn_begin (Conn *c)
{
  memset (c, 0, sizeof *c);
  ss_render_feed_open (&c->f);
  c->cseq = 1000;
  c->sseq = 5000;
  send_seg (c, true, F_SYN, c->cseq, 0, 0, 0);
  send_seg (c, false, F_SYN | F_ACK, c->sseq, c->cseq + 1, 0, 1000);
  c->cseq++;
  c->sseq++;
  send_seg (c, true, F_ACK, c->cseq, c->sseq, 0, 1000);
}

/* n plain events: the server's data and the client's ACKs in turn, dt_us
 * apart. */
static void
conn_bulk (Conn *c, size_t n, uint32_t len, int64_t dt_us)
{
  for (size_t i = 0; i < n; i++)
    if (i % 2 == 0)
      {
        send_seg (c, false, F_PSH | F_ACK, c->sseq, c->cseq, len, dt_us);
        c->sseq += len;
      }
    else
      send_seg (c, true, F_ACK, c->cseq, c->sseq, 0, dt_us);
}

/* The server sends its last segment again: a retransmission. */
static void
conn_retransmit (Conn *c, uint32_t len)
{
  send_seg (c, false, F_PSH | F_ACK, c->sseq - len, c->cseq, len, 300000);
}

static void
conn_end (Conn *c)
{
  send_seg (c, true, F_FIN | F_ACK, c->cseq, c->sseq, 0, 1000);
  c->cseq++;
  send_seg (c, false, F_FIN | F_ACK, c->sseq, c->cseq, 0, 1000);
  c->sseq++;
  send_seg (c, true, F_ACK, c->cseq, c->sseq, 0, 1000);
  ss_loader_free (c->f.feed);
  c->f.feed = NULL;
  assert_int_equal (ss_model_n_conns (c->f.m), 1);
}

static SsLadderLayout *
layout (const SsModel *m, bool even, bool fold)
{
  SsLadderOptions o = { .even = even, .fold = fold };
  SsLadderLayout *l = ss_ladder_layout_new_with (m, 0, &o);

  assert_non_null (l);
  return l;
}

static SsEvent
tcp_event (uint16_t flags, SsTcpState cs, SsTcpState ss)
{
  SsEvent e;

  memset (&e, 0, sizeof e);
  e.kind = SS_EVENT_TCP;
  e.tcp_flags = flags;
  e.client_state = cs;
  e.server_state = ss;
  e.peer_event = UINT32_MAX;
  return e;
}

/* The rule on hand-made events. */
static void
test_plain_rule (void **state)
{
  SsEvent est = tcp_event (SS_TCP_ACK, SS_TCP_ESTABLISHED, SS_TCP_ESTABLISHED);
  SsEvent e = est, prev = est, udp, icmp;

  (void) state;
  assert_true (ss_ladder_event_plain (&e, &prev));
  assert_false (ss_ladder_event_plain (&e, NULL));           /* the first event */
  assert_false (ss_ladder_event_plain (NULL, &prev));
  e.tcp_flags = SS_TCP_SYN | SS_TCP_ACK;
  assert_false (ss_ladder_event_plain (&e, &prev));
  e.tcp_flags = SS_TCP_FIN | SS_TCP_ACK;
  assert_false (ss_ladder_event_plain (&e, &prev));
  e.tcp_flags = SS_TCP_RST;
  assert_false (ss_ladder_event_plain (&e, &prev));
  e = est;
  e.analysis = SS_AN_RETRANSMISSION;
  assert_false (ss_ladder_event_plain (&e, &prev));
  e.analysis = SS_AN_WINDOW_UPDATE;
  assert_false (ss_ladder_event_plain (&e, &prev));
  /* a state change, or any state but ESTABLISHED */
  e = est;
  prev.server_state = SS_TCP_SYN_RECEIVED;
  assert_false (ss_ladder_event_plain (&e, &prev));
  prev = est;
  prev.server_assumed = true;
  assert_false (ss_ladder_event_plain (&e, &prev));
  e.server_assumed = true;
  assert_true (ss_ladder_event_plain (&e, &prev));           /* mid-stream bulk */
  e = tcp_event (SS_TCP_ACK, SS_TCP_CLOSE_WAIT, SS_TCP_FIN_WAIT_2);
  prev = e;
  assert_false (ss_ladder_event_plain (&e, &prev));          /* data after a FIN */

  memset (&udp, 0, sizeof udp);
  udp.kind = SS_EVENT_UDP;
  udp.peer_event = UINT32_MAX;
  prev = udp;
  assert_true (ss_ladder_event_plain (&udp, &prev));
  udp.udp_role = SS_UDP_DNS | SS_UDP_REQUEST;
  assert_false (ss_ladder_event_plain (&udp, &prev));
  icmp = udp;
  icmp.kind = SS_EVENT_ICMP_ERROR;
  assert_false (ss_ladder_event_plain (&icmp, &prev));
  assert_false (ss_ladder_event_plain (&est, &prev));        /* after another kind */
}

/* Every hidden event is plain; the handshake (0..2) and the teardown (the
 * last three) are never hidden. */
static void
assert_rule_kept (const SsModel *m, size_t ci, const SsLadderLayout *l)
{
  SsEvent e, prev;
  size_t n = ss_ladder_layout_n_events (l);

  for (size_t i = 0; i < n; i++)
    {
      assert_true (ss_model_get_event (m, ci, i, &e));
      if (ss_ladder_layout_hidden (l, i))
        {
          size_t k = ss_ladder_layout_fold_of (l, i);
          const SsLadderFold *f = ss_ladder_layout_get_fold (l, k);

          assert_true (i > 0);
          assert_non_null (f);
          assert_true (f->folded);
          assert_true (ss_model_get_event (m, ci, i - 1, &prev));
          assert_true (ss_ladder_event_plain (&e, &prev));
          assert_int_equal (e.analysis, 0);
          assert_int_equal (e.tcp_flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST), 0);
          /* the events kept at each end of its run are plain too */
          assert_true (f->first >= SS_LADDER_FOLD_KEEP + 1);
          for (size_t j = f->first - SS_LADDER_FOLD_KEEP; j < f->first; j++)
            {
              SsEvent a, b;

              assert_true (ss_model_get_event (m, ci, j, &a));
              assert_true (ss_model_get_event (m, ci, j - 1, &b));
              assert_true (ss_ladder_event_plain (&a, &b));
              assert_false (ss_ladder_layout_hidden (l, j));
            }
        }
      if (e.analysis != 0 || (e.kind == SS_EVENT_TCP && (e.tcp_flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST))))
        assert_false (ss_ladder_layout_hidden (l, i));
    }
}

/* Runs of 11 plain events stay; 12 fold into a block of 8 with 2 drawn at
 * each end. */
static void
test_fold_threshold (void **state)
{
  Conn c;
  SsLadderLayout *l;
  const SsLadderFold *f;
  double top, bottom, top2, bottom2;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, SS_LADDER_FOLD_RUN - 1, 100, 1000);
  conn_end (&c);
  l = layout (c.f.m, false, true);
  assert_int_equal (ss_ladder_layout_n_events (l), 3 + SS_LADDER_FOLD_RUN - 1 + 3);
  assert_int_equal (ss_ladder_layout_n_folds (l), 0);
  for (size_t i = 0; i < ss_ladder_layout_n_events (l); i++)
    {
      assert_false (ss_ladder_layout_hidden (l, i));
      assert_int_equal (ss_ladder_layout_fold_of (l, i), SIZE_MAX);
    }
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);

  conn_begin (&c);
  conn_bulk (&c, SS_LADDER_FOLD_RUN, 100, 1000);
  conn_end (&c);
  l = layout (c.f.m, false, true);
  assert_int_equal (ss_ladder_layout_n_events (l), 3 + SS_LADDER_FOLD_RUN + 3);
  assert_int_equal (ss_ladder_layout_n_folds (l), 1);
  assert_null (ss_ladder_layout_get_fold (l, 1));
  f = ss_ladder_layout_get_fold (l, 0);
  assert_non_null (f);
  assert_true (f->folded);
  assert_int_equal (f->first, 3 + SS_LADDER_FOLD_KEEP);
  assert_int_equal (f->last, 3 + SS_LADDER_FOLD_RUN - 1 - SS_LADDER_FOLD_KEEP);
  assert_int_equal (f->last - f->first + 1, SS_LADDER_FOLD_MIN);
  assert_int_equal (f->c2s + f->s2c, SS_LADDER_FOLD_MIN);
  assert_int_equal (f->s2c, SS_LADDER_FOLD_MIN / 2);
  assert_int_equal (f->bytes, (uint64_t) SS_LADDER_FOLD_MIN / 2 * 100);
  assert_int_equal (f->duration_ns, (int64_t) (SS_LADDER_FOLD_MIN - 1) * 1000000);
  assert_int_equal (f->frame_first, f->first + 1);
  assert_int_equal (f->frame_last, f->last + 1);
  for (size_t i = 0; i < ss_ladder_layout_n_events (l); i++)
    {
      bool in = i >= f->first && i <= f->last;

      assert_int_equal (ss_ladder_layout_hidden (l, i), in);
      assert_int_equal (ss_ladder_layout_fold_of (l, i), in ? 0 : SIZE_MAX);
    }
  /* one row for the block: every event in it answers with it */
  ss_ladder_layout_row (l, f->first, &top, &bottom);
  ss_ladder_layout_row (l, f->last, &top2, &bottom2);
  assert_true (top == top2 && bottom == bottom2);
  assert_int_equal (ss_ladder_layout_event_at (l, (top + bottom) / 2), f->first);
  assert_true (ss_ladder_layout_event_y (l, f->first - 1) < top);
  assert_true (ss_ladder_layout_event_y (l, f->last + 1) >= bottom);
  assert_rule_kept (c.f.m, 0, l);
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);
}

/* A retransmission splits a run; the flagged segment, the handshake and the
 * teardown stay drawn; ss_ladder_layout_new () folds nothing. */
static void
test_fold_flagged (void **state)
{
  Conn c;
  SsLadderLayout *l, *plain;
  size_t flagged = SIZE_MAX;
  SsEvent e;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, 30, 500, 1000);
  conn_retransmit (&c, 500);
  conn_bulk (&c, 30, 500, 1000);
  conn_end (&c);
  l = layout (c.f.m, false, true);
  for (size_t i = 0; i < ss_ladder_layout_n_events (l); i++)
    if (ss_model_get_event (c.f.m, 0, i, &e) && e.analysis != 0)
      {
        assert_int_equal (flagged, SIZE_MAX);  /* one flagged segment */
        flagged = i;
      }
  assert_int_equal (flagged, 3 + 30);
  assert_int_equal (ss_ladder_layout_n_folds (l), 2);
  assert_true (ss_ladder_layout_get_fold (l, 0)->last < flagged);
  assert_true (ss_ladder_layout_get_fold (l, 1)->first > flagged);
  assert_false (ss_ladder_layout_hidden (l, flagged));
  assert_rule_kept (c.f.m, 0, l);

  /* the exports' layout: the same blocks, none folded */
  plain = ss_ladder_layout_new (c.f.m, 0, false);
  assert_non_null (plain);
  assert_int_equal (ss_ladder_layout_n_folds (plain), 2);
  for (size_t i = 0; i < ss_ladder_layout_n_events (plain); i++)
    assert_false (ss_ladder_layout_hidden (plain, i));
  assert_true (ss_ladder_layout_height (plain) > ss_ladder_layout_height (l));
  ss_ladder_layout_free (plain);
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);
}

/* Unfolding a block gives the unfolded layout back, row for row; folding
 * it again the folded one. */
static void
test_unfold (void **state)
{
  Conn c;
  SsLadderLayout *l, *open;
  double folded_h, y_after;
  size_t n;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, 40, 200, 1000);
  conn_end (&c);
  l = layout (c.f.m, false, true);
  open = layout (c.f.m, false, false);
  n = ss_ladder_layout_n_events (l);
  assert_int_equal (ss_ladder_layout_n_folds (l), 1);
  folded_h = ss_ladder_layout_height (l);
  y_after = ss_ladder_layout_event_y (l, n - 1);
  assert_true (folded_h < ss_ladder_layout_height (open));

  assert_false (ss_ladder_layout_set_folded (l, 1, false));   /* out of range */
  assert_false (ss_ladder_layout_set_folded (l, 0, true));    /* already */
  assert_true (ss_ladder_layout_set_folded (l, 0, false));
  assert_false (ss_ladder_layout_get_fold (l, 0)->folded);
  assert_true (ss_ladder_layout_height (l) == ss_ladder_layout_height (open));
  for (size_t i = 0; i < n; i++)
    {
      assert_false (ss_ladder_layout_hidden (l, i));
      assert_true (ss_ladder_layout_event_y (l, i) == ss_ladder_layout_event_y (open, i));
      if (i > 0)
        assert_true (ss_ladder_layout_event_y (l, i) > ss_ladder_layout_event_y (l, i - 1));
    }
  /* the block still says where it is: fold_of, but not hidden */
  assert_int_equal (ss_ladder_layout_fold_of (l, 10), 0);

  assert_true (ss_ladder_layout_set_folded (l, 0, true));
  assert_true (ss_ladder_layout_height (l) == folded_h);
  assert_true (ss_ladder_layout_event_y (l, n - 1) == y_after);
  ss_ladder_layout_fold_all (l, false);
  assert_true (ss_ladder_layout_height (l) == ss_ladder_layout_height (open));
  ss_ladder_layout_fold_all (l, true);
  assert_true (ss_ladder_layout_height (l) == folded_h);
  ss_ladder_layout_fold_all (NULL, true);
  ss_ladder_layout_free (open);
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);
}

/* Even spacing: every drawn row the same step (a block row its own); timed
 * spacing opens up at a pause. Switching gives the other layout exactly. */
static void
test_spacing (void **state)
{
  Conn c;
  SsLadderLayout *timed, *even, *l;
  double step, block_step = 0;
  size_t n, pause = 3 + 20;
  SsEvent e;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, 20, 100, 100);
  conn_retransmit (&c, 100);    /* 0.3 s later, flagged: drawn */
  conn_bulk (&c, 20, 100, 100);
  conn_end (&c);
  timed = layout (c.f.m, false, true);
  even = layout (c.f.m, true, true);
  n = ss_ladder_layout_n_events (even);
  assert_true (ss_ladder_layout_get_even (even));
  assert_false (ss_ladder_layout_get_even (timed));
  assert_int_equal (ss_ladder_layout_n_folds (even), 2);
  assert_true (ss_model_get_event (c.f.m, 0, pause, &e));
  assert_true (e.analysis != 0);
  assert_false (ss_ladder_layout_hidden (timed, pause));
  assert_false (ss_ladder_layout_hidden (timed, pause - 1));

  step = ss_ladder_layout_event_y (even, 1) - ss_ladder_layout_event_y (even, 0);
  assert_true (step > 0);
  for (size_t i = 1; i < n; i++)
    {
      double d = ss_ladder_layout_event_y (even, i) - ss_ladder_layout_event_y (even, i - 1);

      assert_true (ss_model_get_event (c.f.m, 0, i - 1, &e));
      if (ss_ladder_layout_hidden (even, i) && ss_ladder_layout_hidden (even, i - 1))
        assert_true (d == 0);                 /* one row for the block */
      else if (ss_ladder_layout_hidden (even, i - 1))
        {
          /* below a block row: every block row is as tall */
          assert_true (d > 0 && d != step);
          assert_true (block_step == 0 || d == block_step);
          block_step = d;
        }
      else if (e.analysis == 0)
        assert_true (d == step);              /* rows without badges */
    }
  assert_true (block_step > 0);
  /* timed: the 0.3 s pause opens the row up; the 0.1 ms steps do not */
  assert_true (ss_ladder_layout_event_y (timed, pause) - ss_ladder_layout_event_y (timed, pause - 1)
               > ss_ladder_layout_event_y (even, pause) - ss_ladder_layout_event_y (even, pause - 1));
  assert_true (ss_ladder_layout_event_y (timed, 4) - ss_ladder_layout_event_y (timed, 3)
               == ss_ladder_layout_event_y (even, 4) - ss_ladder_layout_event_y (even, 3));
  assert_true (ss_ladder_layout_height (timed) > ss_ladder_layout_height (even));

  /* switching re-places the rows as a new layout would */
  l = layout (c.f.m, false, true);
  ss_ladder_layout_set_even (l, true);
  for (size_t i = 0; i < n; i++)
    assert_true (ss_ladder_layout_event_y (l, i) == ss_ladder_layout_event_y (even, i));
  assert_true (ss_ladder_layout_height (l) == ss_ladder_layout_height (even));
  ss_ladder_layout_set_even (l, false);
  for (size_t i = 0; i < n; i++)
    assert_true (ss_ladder_layout_event_y (l, i) == ss_ladder_layout_event_y (timed, i));
  ss_ladder_layout_set_even (NULL, true);
  assert_false (ss_ladder_layout_get_even (NULL));
  ss_ladder_layout_free (l);
  ss_ladder_layout_free (even);
  ss_ladder_layout_free (timed);
  ss_model_free (c.f.m);
}

/* One event (a lone SYN); no connection at all; the NULL layout. */
static void
test_edges (void **state)
{
  Conn c;
  SsLadderLayout *l;
  static const uint8_t key[16] = { 9 };
  SsModel *empty = ss_model_new (key);

  (void) state;
  memset (&c, 0, sizeof c);
  ss_render_feed_open (&c.f);
  c.f.ts = 1;
  send_seg (&c, true, F_SYN, 1, 0, 0, 0);
  ss_loader_free (c.f.feed);
  for (int k = 0; k < 4; k++)
    {
      l = layout (c.f.m, k & 1, k & 2);
      assert_int_equal (ss_ladder_layout_n_events (l), 1);
      assert_int_equal (ss_ladder_layout_n_folds (l), 0);
      assert_false (ss_ladder_layout_hidden (l, 0));
      assert_false (ss_ladder_layout_hidden (l, 1));
      assert_int_equal (ss_ladder_layout_fold_of (l, 0), SIZE_MAX);
      assert_true (ss_ladder_layout_height (l) > ss_ladder_layout_event_y (l, 0));
      {
        SsLadderView view = { .width = WIDTH, .y1 = ss_ladder_layout_height (l), .current = 0,
                              .interactive = true };
        cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, 400);
        cairo_t *cr = cairo_create (img);

        ss_ladder_render (cr, c.f.m, l, &view);
        assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (img);
      }
      ss_ladder_layout_free (l);
    }
  /* 0 events: there is no connection to lay out */
  assert_null (ss_ladder_layout_new_with (empty, 0, NULL));
  assert_null (ss_ladder_layout_new_with (NULL, 0, NULL));
  l = ss_ladder_layout_new_with (c.f.m, 0, NULL);   /* NULL options: timed, unfolded */
  assert_non_null (l);
  assert_false (ss_ladder_layout_get_even (l));
  ss_ladder_layout_free (l);
  assert_int_equal (ss_ladder_layout_n_folds (NULL), 0);
  assert_null (ss_ladder_layout_get_fold (NULL, 0));
  assert_int_equal (ss_ladder_layout_fold_of (NULL, 0), SIZE_MAX);
  assert_false (ss_ladder_layout_hidden (NULL, 0));
  assert_false (ss_ladder_layout_set_folded (NULL, 0, false));
  ss_model_free (empty);
  ss_model_free (c.f.m);
}

static void
test_words (void **state)
{
  SsLadderFold f;
  char buf[128];
  char small[8];

  (void) state;
  memset (&f, 0, sizeof f);
  f.first = 10;
  f.last = 151;
  f.bytes = 203000;
  f.duration_ns = 400000000;
  ss_ladder_fold_words (&f, SS_PROTO_TCP, buf, sizeof buf);
  assert_string_equal (buf, "142 segments, 203 kB, 0.4 s");
  f.last = 10;
  f.bytes = 1;
  f.duration_ns = 0;
  ss_ladder_fold_words (&f, SS_PROTO_UDP, buf, sizeof buf);
  assert_string_equal (buf, "1 datagram, 1 byte, 0 \xc2\xb5s");
  f.bytes = 1500;
  f.duration_ns = 4200000;
  ss_ladder_fold_words (&f, SS_PROTO_TCP, buf, sizeof buf);
  assert_string_equal (buf, "1 segment, 1.5 kB, 4 ms");
  f.bytes = 2500000;
  f.duration_ns = 61000000000LL;
  ss_ladder_fold_words (&f, SS_PROTO_TCP, buf, sizeof buf);
  assert_string_equal (buf, "1 segment, 2.5 MB, 61 s");
  f.bytes = UINT64_MAX;
  f.duration_ns = INT64_MAX;
  assert_true (ss_ladder_fold_words (&f, SS_PROTO_TCP, buf, sizeof buf) > 0);
  ss_ladder_fold_words (&f, SS_PROTO_TCP, small, sizeof small);
  assert_int_equal (strlen (small), sizeof small - 1);
  f.duration_ns = -5;   /* a clock that went back */
  f.bytes = 0;
  ss_ladder_fold_words (&f, SS_PROTO_TCP, buf, sizeof buf);
  assert_string_equal (buf, "1 segment, 0 bytes, 0 \xc2\xb5s");
}

/* The dark pixels of row band [y0, y1) between x0 and x1. */
static int
ink (cairo_surface_t *s, int x0, int x1, int y0, int y1)
{
  int n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += ss_render_test_luminance (ss_render_test_pixel (s, x, y)) < 128;
  return n;
}

static cairo_surface_t *
draw (const SsModel *m, const SsLadderLayout *l, size_t current)
{
  int h = (int) ss_ladder_layout_height (l);
  SsLadderView view = { .width = WIDTH, .y1 = h, .current = current, .interactive = true };
  cairo_surface_t *img = ss_render_test_image_new (WIDTH, h);
  cairo_t *cr = cairo_create (img);

  ss_ladder_render (cr, m, l, &view);
  ss_render_test_image_done (cr, img);
  return img;
}

/* The block row: a light box between the lifelines with words in it, no
 * arrow heads at the lifelines; the highlight on it when its event is
 * current; the arrows back once unfolded. */
static void
test_draw_block (void **state)
{
  Conn c;
  SsLadderLayout *l;
  const SsLadderFold *f;
  cairo_surface_t *img;
  double top, bottom;
  int xc = (int) ss_ladder_client_x (WIDTH), xs = (int) ss_ladder_server_x (WIDTH);
  const uint32_t highlight = SS_LADDER_HIGHLIGHT_R << 16 | SS_LADDER_HIGHLIGHT_G << 8 | SS_LADDER_HIGHLIGHT_B;
  int mid, words, arrows_folded, arrows_open;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, 60, 1000, 1000);
  conn_end (&c);
  l = layout (c.f.m, true, true);
  f = ss_ladder_layout_get_fold (l, 0);
  assert_non_null (f);
  ss_ladder_layout_row (l, f->first, &top, &bottom);
  mid = (int) ((top + bottom) / 2);

  img = draw (c.f.m, l, 0);
  /* the box's fill (light grey, not white), just inside its left end */
  {
    uint32_t fill = ss_render_test_pixel (img, xc + 20, mid);

    assert_true (fill != 0xffffff);
    assert_true (ss_render_test_luminance (fill) > 200);
  }
  /* its words in the middle */
  words = ink (img, xc + 40, xs - 40, mid - 6, mid + 6);
  assert_true (words > 20);
  /* the margin is not highlighted (event 0 is current) */
  assert_int_equal (ss_render_test_pixel (img, 3, mid), 0xffffff);
  /* next to the server's lifeline: no arrow heads in the block row */
  arrows_folded = ink (img, xs - 12, xs - 2, (int) top + 2, (int) bottom - 2);
  cairo_surface_destroy (img);

  /* current inside the block: its row is highlighted */
  img = draw (c.f.m, l, f->first + 3);
  assert_int_equal (ss_render_test_pixel (img, 3, mid), highlight);
  cairo_surface_destroy (img);

  /* unfolded: arrows (and their heads at the server) where the box was */
  assert_true (ss_ladder_layout_set_folded (l, 0, false));
  img = draw (c.f.m, l, 0);
  arrows_open = ink (img, xs - 12, xs - 2, (int) top + 2, (int) bottom - 2);
  print_message ("# ink by the server's lifeline: folded %d, unfolded %d\n", arrows_folded, arrows_open);
  assert_true (arrows_open > arrows_folded + 10);
  cairo_surface_destroy (img);
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);
}

/* Every connection of data/sample.pcap keeps the rule, folded. */
static void
test_sample (void **state)
{
  SsModel *m = ss_render_test_load_sample ();

  (void) state;
  for (size_t ci = 0; ci < ss_model_n_conns (m); ci++)
    {
      SsLadderOptions o = { .fold = true };
      SsLadderLayout *l = ss_ladder_layout_new_with (m, ci, &o);

      assert_non_null (l);
      assert_rule_kept (m, ci, l);
      ss_ladder_layout_free (l);
    }
  ss_model_free (m);
}

#define BIG_N 100000

/* 100,000 data/ACK segments fold into one block: a short diagram whose
 * screenfuls draw in bounded time although the block holds nearly every
 * event; unfolding re-places the rows without reading the model. */
static void
test_big (void **state)
{
  Conn c;
  SsLadderLayout *l;
  const SsLadderFold *f;
  double t, layout_ms, unfold_ms, worst = 0;

  (void) state;
  conn_begin (&c);
  conn_bulk (&c, BIG_N, 100, 50);
  conn_end (&c);
  t = ss_render_test_now_ms ();
  l = layout (c.f.m, false, true);
  layout_ms = ss_render_test_now_ms () - t;
  assert_int_equal (ss_ladder_layout_n_folds (l), 1);
  f = ss_ladder_layout_get_fold (l, 0);
  assert_int_equal (f->last - f->first + 1, BIG_N - 2 * SS_LADDER_FOLD_KEEP);
  assert_true (ss_ladder_layout_height (l) < 2000);

  for (int k = 0; k < 4; k++)
    {
      double y0 = k * 150.0;
      SsLadderView view = { .width = 900, .y0 = y0, .y1 = y0 + 700, .current = (size_t) k * 30000,
                            .interactive = true };
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 700);
      cairo_t *cr = cairo_create (img);

      t = ss_render_test_now_ms ();
      ss_ladder_render (cr, c.f.m, l, &view);
      t = ss_render_test_now_ms () - t;
      worst = t > worst ? t : worst;
      assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (img);
    }
  t = ss_render_test_now_ms ();
  assert_true (ss_ladder_layout_set_folded (l, 0, false));
  unfold_ms = ss_render_test_now_ms () - t;
  assert_true (ss_ladder_layout_height (l) > BIG_N * 30.0);
  print_message ("# %d events folded: layout %.1f ms, a screenful at most %.1f ms, unfold %.2f ms\n",
                 BIG_N, layout_ms, worst, unfold_ms);
  /* loose bounds (sanitizer builds) */
  assert_true (worst < 250);
  assert_true (unfold_ms < 200);
  ss_ladder_layout_free (l);
  ss_model_free (c.f.m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_plain_rule),
    cmocka_unit_test (test_fold_threshold),
    cmocka_unit_test (test_fold_flagged),
    cmocka_unit_test (test_unfold),
    cmocka_unit_test (test_spacing),
    cmocka_unit_test (test_edges),
    cmocka_unit_test (test_words),
    cmocka_unit_test (test_draw_block),
    cmocka_unit_test (test_sample),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests_name ("fold", tests, NULL, NULL);
}
