/* test-overview.c - ui/render/ss-overview-render.h: the overview strip.
 *
 * Edge cases first (no model, an empty model, nothing shown); then the
 * phases of recorded connections (tests/data/states: a normal open and
 * close, refused, reset, an unanswered SYN, mid-stream, UDP with and
 * without reply) and of hand-made records; lane packing on connections
 * built here with known times; an overview updated slice by slice while a
 * corpus capture loads equals one built at the end, and read each event
 * once; drawn regions (the handshake colour at the start of a known
 * connection, the reset mark, the outcome mark, the background between);
 * hit testing; and 100,000 built connections drawn from per-column counts
 * in a bounded number of rectangles.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-render-test.h"
#include "ss-outcome.h"
#include "ss-overview-render.h"

static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static SsModel *
load_state (const char *name)
{
  char rel[256];

  snprintf (rel, sizeof rel, "tests/data/states/%s.pcap", name);
  return ss_render_test_load_env ("SS_SOURCE_ROOT", rel);
}

static SsOverview *
overview_of (const SsModel *m)
{
  SsOverview *ov = ss_overview_new (ss_overview_outcome_classify, NULL);

  assert_non_null (ov);
  ss_overview_update (ov, m);
  return ov;
}

static int64_t
event_ts (const SsModel *m, size_t conn, size_t i)
{
  SsEvent e;

  assert_true (ss_model_get_event (m, conn, i, &e));
  return e.ts_ns;
}

/* Frames built here: Ethernet + IPv4 + TCP or UDP, client 10.a.b.c:port,
 * server 192.0.2.2:80 (RFC 791, RFC 9293, RFC 768). */
typedef struct {
  SsLoader *feed;
  uint8_t   buf[64];
} Feed;

static void
frame (Feed *f, int64_t ts, uint32_t client, uint16_t port, bool c2s, bool udp, uint8_t flags)
{
  static const uint8_t server[4] = { 192, 0, 2, 2 };
  uint8_t cl[4] = { 10, (uint8_t) (client >> 16), (uint8_t) (client >> 8), (uint8_t) client };
  uint8_t *b = f->buf;
  uint16_t sport = c2s ? port : 80, dport = c2s ? 80 : port;
  size_t len = udp ? 14 + 20 + 8 + 4 : 14 + 20 + 20;
  SsRecord rec;

  memset (b, 0, sizeof f->buf);
  b[12] = 0x08;
  b[14] = 0x45;
  b[16] = 0;
  b[17] = (uint8_t) (len - 14);
  b[22] = 64;
  b[23] = udp ? 17 : 6;
  memcpy (b + 26, c2s ? cl : server, 4);
  memcpy (b + 30, c2s ? server : cl, 4);
  b[34] = (uint8_t) (sport >> 8);
  b[35] = (uint8_t) sport;
  b[36] = (uint8_t) (dport >> 8);
  b[37] = (uint8_t) dport;
  if (udp)
    {
      b[39] = 12;               /* UDP length */
    }
  else
    {
      /* seq 1000 (client) / 5000 (server); ack the peer's ISN + 1 */
      uint32_t seq = c2s ? 1000 : 5000, ack = c2s ? 5001 : 1001;

      if ((flags & 0x02) == 0)
        seq++;
      for (int k = 0; k < 4; k++)
        {
          b[38 + k] = (uint8_t) (seq >> (24 - 8 * k));
          b[42 + k] = (flags & 0x10) ? (uint8_t) (ack >> (24 - 8 * k)) : 0;
        }
      b[46] = 0x50;
      b[47] = flags;
      b[48] = 0xff;
      b[49] = 0xff;
    }
  memset (&rec, 0, sizeof rec);
  rec.linktype = 1;
  rec.data = b;
  rec.caplen = (uint32_t) len;
  rec.wirelen = (uint32_t) len;
  rec.data_offset = UINT64_MAX;
  rec.ts_ns = ts;
  ss_loader_feed (f->feed, &rec);
}

#define MS 1000000LL
#define T0 1700000000000000000LL

enum { SYN = 0x02, SYNACK = 0x12, ACK = 0x10, FINACK = 0x11, RST = 0x04, RSTACK = 0x14 };

/* Edge cases */

static void
test_empty (void **state)
{
  SsModel *m = ss_model_new (key);
  SsOverview *ov = ss_overview_new (NULL, NULL);
  SsOverviewView view;
  SsOverviewStats stats;
  SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 80);
  cairo_t *cr = cairo_create (img);
  char words[256];
  int64_t t0, t1;

  (void) state;
  /* NULL everywhere */
  assert_false (ss_overview_update (NULL, m));
  assert_false (ss_overview_update (ov, NULL));
  assert_int_equal (ss_overview_n_conns (NULL), 0);
  assert_null (ss_overview_get_conn (NULL, 0));
  assert_int_equal (ss_overview_pack (NULL, SS_OVERVIEW_SHOW_ALL, 0), 0);
  assert_int_equal (ss_overview_conn_spans (NULL, spans), 0);
  ss_overview_free (NULL);
  ss_overview_clear (NULL);

  /* an empty model */
  assert_false (ss_overview_update (ov, m));
  assert_int_equal (ss_overview_n_conns (ov), 0);
  assert_null (ss_overview_get_conn (ov, 0));
  assert_false (ss_overview_time_range (ov, &t0, &t1));
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 0), 0);
  ss_overview_view_init (&view, ov, 300, 80);
  assert_true (view.t1 > view.t0);
  assert_int_equal (view.selected, SIZE_MAX);
  ss_overview_render (cr, ov, &view, &stats);
  assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
  assert_int_equal (stats.n_rects, 0);
  assert_int_equal (stats.n_rows, 0);
  assert_int_equal (ss_overview_conn_at (ov, &view, 100, 40), SIZE_MAX);
  ss_overview_describe (ov, &view, words, sizeof words);
  assert_string_equal (words, "No connections.");

  /* sizes of 0 and 1 px, a selection that does not exist */
  view.selected = 5;
  ss_overview_render_selection (cr, ov, &view);
  view.width = 0;
  ss_overview_render (cr, ov, &view, NULL);
  view.width = 1;
  view.height = 1;
  ss_overview_render (cr, ov, &view, NULL);
  assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
  ss_overview_describe (ov, &view, words, 1);
  assert_string_equal (words, "");

  cairo_destroy (cr);
  cairo_surface_destroy (img);
  ss_overview_free (ov);
  ss_model_free (m);
}

/* Phases */

static void
assert_spans (const SsOverviewConn *c, size_t n, const SsOverviewPhase *want)
{
  SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];
  size_t got = ss_overview_conn_spans (c, spans);

  if (got != n)
    fail_msg ("%zu spans, want %zu", got, n);
  for (size_t k = 0; k < n; k++)
    {
      assert_int_equal (spans[k].phase, want[k]);
      assert_true (spans[k].t0 <= spans[k].t1);
      if (k > 0)
        assert_int_equal (spans[k].t0, spans[k - 1].t1);
    }
  assert_int_equal (spans[0].t0, c->start_ns);
  assert_int_equal (spans[n - 1].t1, c->end_ns);
}

static void
test_phases_recorded (void **state)
{
  (void) state;

  /* a normal open and close: handshake to the ACK that synchronizes the
   * server (event 3), established to the first FIN (event 6), closing to
   * the end */
  {
    SsModel *m = load_state ("close-client");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_CLOSING };

    assert_int_equal (ss_overview_n_conns (ov), 1);
    assert_int_equal (c->start_ns, event_ts (m, 0, 0));
    assert_int_equal (c->end_ns, event_ts (m, 0, 8));
    assert_int_equal (c->open_ns, event_ts (m, 0, 2));
    assert_int_equal (c->fin_ns, event_ts (m, 0, 5));
    assert_int_equal (c->rst_ns, SS_OVERVIEW_NEVER);
    assert_int_equal (c->n_read, 9);
    assert_int_equal (c->outcome, SS_OVERVIEW_OUTCOME_NONE);
    assert_spans (c, 3, want);
    assert_int_equal (ss_overview_phase_at (c, event_ts (m, 0, 1)), SS_OVERVIEW_HANDSHAKE);
    assert_int_equal (ss_overview_phase_at (c, event_ts (m, 0, 3)), SS_OVERVIEW_ESTABLISHED);
    assert_int_equal (ss_overview_phase_at (c, event_ts (m, 0, 7)), SS_OVERVIEW_CLOSING);
    /* clamped outside its span */
    assert_int_equal (ss_overview_phase_at (c, INT64_MIN), SS_OVERVIEW_HANDSHAKE);
    assert_int_equal (ss_overview_phase_at (c, INT64_MAX), SS_OVERVIEW_CLOSING);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* refused: a handshake that ends in a RST, the RST a mark at the end */
  {
    SsModel *m = load_state ("refused");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_RESET };
    SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];

    assert_int_equal (c->open_ns, SS_OVERVIEW_NEVER);
    assert_int_equal (c->rst_ns, event_ts (m, 0, 1));
    assert_int_equal (c->outcome, SS_OVERVIEW_OUTCOME_REFUSED);
    assert_spans (c, 2, want);
    ss_overview_conn_spans (c, spans);
    assert_int_equal (spans[1].t0, spans[1].t1);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* reset while established */
  {
    SsModel *m = load_state ("rst-abort");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_RESET };

    assert_int_equal (c->open_ns, event_ts (m, 0, 2));
    assert_int_equal (c->rst_ns, event_ts (m, 0, 8));
    assert_int_equal (c->fin_ns, SS_OVERVIEW_NEVER);
    assert_int_equal (c->outcome, SS_OVERVIEW_OUTCOME_RESET);
    assert_spans (c, 3, want);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* an unanswered SYN (four tries over 7 s): handshake to the end */
  {
    SsModel *m = load_state ("no-answer");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE };

    assert_int_equal (c->end_ns - c->start_ns, 7000 * MS);
    assert_int_equal (c->open_ns, SS_OVERVIEW_NEVER);
    assert_int_equal (c->outcome, SS_OVERVIEW_OUTCOME_NO_ANSWER);
    assert_spans (c, 1, want);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* mid-stream: both ends assumed ESTABLISHED from the start, no handshake */
  {
    SsModel *m = load_state ("midstream");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_CLOSING };

    assert_int_equal (c->open_ns, c->start_ns);
    assert_spans (c, 2, want);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* a SYN answered by ICMP port unreachable */
  {
    SsModel *m = load_state ("syn-icmp");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE };

    assert_true ((c->flags & SS_OVERVIEW_CONN_ICMP) != 0);
    assert_int_equal (c->outcome, SS_OVERVIEW_OUTCOME_ICMP_ERROR);
    assert_spans (c, 1, want);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* UDP: DNS with replies is a flow; a datagram answered by ICMP, a
   * failed one, with or without the window's classes */
  {
    SsModel *m = load_state ("udp-dns");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    const SsOverviewPhase want[] = { SS_OVERVIEW_FLOW };

    assert_int_equal (c->proto, SS_PROTO_UDP);
    assert_true ((c->flags & SS_OVERVIEW_CONN_REPLY) != 0);
    assert_spans (c, 1, want);
    assert_int_equal (c->end_ns - c->start_ns, 40 * MS);
    ss_overview_free (ov);
    ss_model_free (m);
  }
  for (int with_classes = 0; with_classes < 2; with_classes++)
    {
      SsModel *m = load_state ("udp-unreachable");
      SsOverview *ov = ss_overview_new (with_classes ? ss_overview_outcome_classify : NULL, NULL);
      const SsOverviewConn *c;
      const SsOverviewPhase want[] = { SS_OVERVIEW_FLOW_FAILED };

      ss_overview_update (ov, m);
      c = ss_overview_get_conn (ov, 0);
      assert_true ((c->flags & SS_OVERVIEW_CONN_ICMP) != 0);
      assert_int_equal (c->outcome, with_classes ? SS_OVERVIEW_OUTCOME_ICMP_ERROR : SS_OVERVIEW_OUTCOME_NONE);
      assert_spans (c, 1, want);
      assert_int_equal (ss_overview_phase_at (c, c->start_ns), SS_OVERVIEW_FLOW_FAILED);
      ss_overview_free (ov);
      ss_model_free (m);
    }
}

/* Records made by hand: every order of open, FIN and RST; zero lengths. */
static void
test_phases_built (void **state)
{
  SsOverviewConn c;
  SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];

  (void) state;
  memset (&c, 0, sizeof c);
  c.proto = SS_PROTO_TCP;
  c.open_ns = c.fin_ns = c.rst_ns = SS_OVERVIEW_NEVER;

  /* one event, nothing else: one span of length 0 */
  c.start_ns = c.end_ns = 100;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE };
    assert_spans (&c, 1, want);
  }
  /* a lone RST (mid-stream) */
  c.rst_ns = 100;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_RESET };
    assert_spans (&c, 1, want);
  }
  /* open, FIN, RST all before the end, then the RST at the end */
  c.end_ns = 200;
  c.open_ns = 120;
  c.fin_ns = 150;
  c.rst_ns = 180;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_CLOSING,
                                     SS_OVERVIEW_RESET };
    assert_spans (&c, 4, want);
  }
  c.rst_ns = 200;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_CLOSING,
                                     SS_OVERVIEW_RESET };
    assert_spans (&c, 4, want);
    ss_overview_conn_spans (&c, spans);
    assert_int_equal (spans[3].t0, 200);
  }
  /* a RST before the FIN: reset from the RST on */
  c.rst_ns = 140;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_RESET };
    assert_spans (&c, 3, want);
  }
  /* a FIN before both ends synchronized */
  c.rst_ns = SS_OVERVIEW_NEVER;
  c.open_ns = 170;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_CLOSING };
    assert_spans (&c, 2, want);
  }
  /* marks at the same time, and at the start */
  c.open_ns = c.fin_ns = 150;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_CLOSING };
    assert_spans (&c, 2, want);
  }
  c.open_ns = 100;
  c.fin_ns = SS_OVERVIEW_NEVER;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_ESTABLISHED };
    assert_spans (&c, 1, want);
  }
  /* huge times */
  c.start_ns = INT64_MIN + 1;
  c.end_ns = INT64_MAX - 1;
  c.open_ns = 0;
  {
    const SsOverviewPhase want[] = { SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED };
    assert_spans (&c, 2, want);
  }
  /* no events yet */
  c.start_ns = c.end_ns = SS_OVERVIEW_NEVER;
  assert_int_equal (ss_overview_conn_spans (&c, spans), 0);

  /* names and colours: each distinct */
  for (int p = 0; p < SS_OVERVIEW_N_PHASES; p++)
    {
      assert_true (strlen (ss_overview_phase_name ((SsOverviewPhase) p)) > 0);
      for (int q = 0; q < p; q++)
        assert_true (ss_overview_phase_rgb ((SsOverviewPhase) p, false)
                     != ss_overview_phase_rgb ((SsOverviewPhase) q, false));
    }
  assert_string_equal (ss_overview_phase_name (SS_OVERVIEW_N_PHASES), "");
  assert_string_equal (ss_overview_outcome_name (SS_OVERVIEW_OUTCOME_REFUSED), "refused");
  assert_string_equal (ss_overview_outcome_name (SS_OVERVIEW_N_OUTCOMES), "");
}

/* Lanes */


/* A test for SS_OVERVIEW_SHOW_CUSTOM: keeps connections 1, 3, 5 (odd ids)
 * or 2, 4, 6, checks that it is given the model's SsConn, counts calls. */
typedef struct {
  const SsModel *model;
  bool           odd;
  size_t         asked;
} KeepLog;

static bool
keep_odd (const SsConn *conn, void *data)
{
  KeepLog *log = data;

  assert_ptr_equal (conn, ss_model_get_conn (log->model, conn->id - 1));
  log->asked++;
  return (conn->id % 2 == 1) == log->odd;
}
static void
test_pack (void **state)
{
  SsModel *m = ss_model_new (key);
  char errbuf[256];
  Feed f = { .feed = ss_loader_new_feed (m, errbuf, sizeof errbuf) };
  SsOverview *ov = ss_overview_new (ss_overview_outcome_classify, NULL);

  (void) state;
  assert_non_null (f.feed);
  /* A 0-10 ms, B 5-15, C 11-20, D 16-30 (frames in time order); E a
   * refused attempt at 40 ms; F a UDP datagram without reply at 41 ms */
  frame (&f, T0, 1, 1000, true, false, SYN);                       /* A */
  frame (&f, T0 + MS / 10, 1, 1000, false, false, SYNACK);
  frame (&f, T0 + MS / 5, 1, 1000, true, false, ACK);
  frame (&f, T0 + 5 * MS, 2, 1000, true, false, SYN);              /* B */
  frame (&f, T0 + 10 * MS, 1, 1000, true, false, RST);             /* A ends */
  frame (&f, T0 + 11 * MS, 3, 1000, true, false, SYN);             /* C */
  frame (&f, T0 + 15 * MS, 2, 1000, true, false, SYN);             /* B ends */
  frame (&f, T0 + 16 * MS, 4, 1000, true, false, SYN);             /* D */
  frame (&f, T0 + 20 * MS, 3, 1000, true, false, SYN);             /* C ends */
  frame (&f, T0 + 30 * MS, 4, 1000, true, false, SYN);             /* D ends */
  frame (&f, T0 + 40 * MS, 5, 1000, true, false, SYN);             /* E */
  frame (&f, T0 + 40 * MS + 100, 5, 1000, false, false, RSTACK);
  frame (&f, T0 + 41 * MS, 6, 1000, true, true, 0);                /* F */
  ss_loader_free (f.feed);
  assert_true (ss_overview_update (ov, m));
  assert_int_equal (ss_overview_n_conns (ov), 6);

  /* first fit, no gap */
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 0), 2);
  assert_int_equal (ss_overview_n_shown (ov), 6);
  assert_int_equal (ss_overview_get_conn (ov, 0)->lane, 0);
  assert_int_equal (ss_overview_get_conn (ov, 1)->lane, 1);
  assert_int_equal (ss_overview_get_conn (ov, 2)->lane, 0);
  assert_int_equal (ss_overview_get_conn (ov, 3)->lane, 1);
  assert_int_equal (ss_overview_get_conn (ov, 4)->lane, 0);
  assert_int_equal (ss_overview_get_conn (ov, 5)->lane, 0);
  /* a gap of 2 ms: C (11 ms) cannot follow A (10 ms) */
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 2 * MS), 3);
  assert_int_equal (ss_overview_get_conn (ov, 2)->lane, 2);
  assert_int_equal (ss_overview_get_conn (ov, 3)->lane, 0);
  /* the quick filters: TCP, UDP, problems (A and E reset/refused, B C D
   * unanswered, F no reply) */
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_UDP, 0), 1);
  assert_int_equal (ss_overview_n_shown (ov), 1);
  assert_int_equal (ss_overview_get_conn (ov, 0)->lane, UINT32_MAX);
  assert_int_equal (ss_overview_get_conn (ov, 5)->lane, 0);
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_TCP, 0), 2);
  assert_int_equal (ss_overview_n_shown (ov), 5);
  assert_int_equal (ss_overview_get_conn (ov, 5)->lane, UINT32_MAX);
  assert_int_equal (ss_overview_get_conn (ov, 4)->outcome, SS_OVERVIEW_OUTCOME_REFUSED);
  assert_int_equal (ss_overview_get_conn (ov, 0)->outcome, SS_OVERVIEW_OUTCOME_RESET);
  assert_int_equal (ss_overview_get_conn (ov, 1)->outcome, SS_OVERVIEW_OUTCOME_NO_ANSWER);
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_PROBLEMS, 0), 2);
  assert_int_equal (ss_overview_n_shown (ov), 6);
  /* the caller's test (the window's filters for one kind of trouble):
   * none without one; asked of each connection once, by the model's
   * SsConn; what it keeps is packed as any other filter */
  assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 0);
  assert_int_equal (ss_overview_n_shown (ov), 0);
  {
    KeepLog log = { .model = m, .odd = true };

    ss_overview_set_keep (ov, keep_odd, &log);
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 1);
    assert_int_equal (log.asked, 6);
    assert_int_equal (ss_overview_n_shown (ov), 3);
    for (size_t i = 0; i < 6; i++)
      assert_int_equal (ss_overview_get_conn (ov, i)->lane == UINT32_MAX, i % 2 == 1);
    log.odd = false;
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 1);
    assert_int_equal (ss_overview_n_shown (ov), 3);
    assert_int_equal (ss_overview_get_conn (ov, 0)->lane, UINT32_MAX);
    assert_int_equal (ss_overview_get_conn (ov, 1)->lane, 0);
    /* the other modes do not ask */
    log.asked = 0;
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 0), 2);
    assert_int_equal (log.asked, 0);
    /* forgotten with the model: nothing to ask about */
    ss_overview_clear (ov);
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 0);
    assert_int_equal (log.asked, 0);
    assert_true (ss_overview_update (ov, m));
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 1);
    assert_int_equal (ss_overview_n_shown (ov), 3);
    ss_overview_set_keep (ov, NULL, NULL);
    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_CUSTOM, 0), 0);
  }

  /* many lanes: 200 connections all open at once need 200 lanes, and the
   * lanes are given lowest first */
  {
    SsModel *m2 = ss_model_new (key);
    Feed g = { .feed = ss_loader_new_feed (m2, errbuf, sizeof errbuf) };
    SsOverview *ov2 = ss_overview_new (NULL, NULL);

    for (uint32_t k = 0; k < 200; k++)
      frame (&g, T0 + k * 1000, k, 2000, true, false, SYN);
    for (uint32_t k = 0; k < 200; k++)
      frame (&g, T0 + MS + k * 1000, k, 2000, true, false, SYN);
    /* one more after all ended goes back to lane 0 */
    frame (&g, T0 + 2 * MS, 999, 2000, true, false, SYN);
    ss_loader_free (g.feed);
    ss_overview_update (ov2, m2);
    assert_int_equal (ss_overview_pack (ov2, SS_OVERVIEW_SHOW_ALL, 0), 200);
    for (size_t k = 0; k < 200; k++)
      assert_int_equal (ss_overview_get_conn (ov2, k)->lane, k);
    assert_int_equal (ss_overview_get_conn (ov2, 200)->lane, 0);
    ss_overview_free (ov2);
    ss_model_free (m2);
  }

  ss_overview_free (ov);
  ss_model_free (m);
}

/* Updated slice by slice while a capture loads = built once at the end;
 * every event read once. */
static void
check_incremental (const char *dir, const char *name, uint64_t slice)
{
  const char *root = getenv (dir);
  char path[4096], errbuf[256];
  SsModel *m = ss_model_new (key);
  SsLoader *loader;
  SsOverview *grown = ss_overview_new (ss_overview_outcome_classify, NULL), *fresh = ss_overview_new (ss_overview_outcome_classify, NULL);
  uint64_t total = 0;
  int slices = 0;

  assert_non_null (root);
  snprintf (path, sizeof path, "%s/%s", root, name);
  loader = ss_loader_open (path, m, errbuf, sizeof errbuf);
  if (loader == NULL)
    fail_msg ("%s: %s", path, errbuf);
  while (ss_loader_run (loader, slice) == SS_LOAD_MORE)
    {
      ss_overview_update (grown, m);
      /* packing between updates does not disturb them */
      ss_overview_pack (grown, SS_OVERVIEW_SHOW_ALL, 0);
      slices++;
    }
  ss_loader_free (loader);
  ss_overview_update (grown, m);
  assert_false (ss_overview_update (grown, m)); /* nothing new */
  ss_overview_update (fresh, m);
  assert_true (slices > 3);

  assert_int_equal (ss_overview_n_conns (grown), ss_model_n_conns (m));
  assert_int_equal (ss_overview_n_conns (fresh), ss_model_n_conns (m));
  for (size_t i = 0; i < ss_model_n_conns (m); i++)
    {
      const SsOverviewConn *a = ss_overview_get_conn (grown, i), *b = ss_overview_get_conn (fresh, i);

      total += ss_model_n_events (m, i);
      assert_int_equal (a->start_ns, b->start_ns);
      assert_int_equal (a->end_ns, b->end_ns);
      assert_int_equal (a->open_ns, b->open_ns);
      assert_int_equal (a->fin_ns, b->fin_ns);
      assert_int_equal (a->rst_ns, b->rst_ns);
      assert_int_equal (a->n_read, b->n_read);
      assert_int_equal (a->proto, b->proto);
      assert_int_equal (a->outcome, b->outcome);
      assert_int_equal (a->flags, b->flags);
    }
  assert_int_equal (ss_overview_events_read (grown), total);
  assert_int_equal (ss_overview_events_read (fresh), total);
  /* the same lanes */
  assert_int_equal (ss_overview_pack (grown, SS_OVERVIEW_SHOW_ALL, 1000),
                    ss_overview_pack (fresh, SS_OVERVIEW_SHOW_ALL, 1000));
  for (size_t i = 0; i < ss_model_n_conns (m); i++)
    assert_int_equal (ss_overview_get_conn (grown, i)->lane, ss_overview_get_conn (fresh, i)->lane);
  print_message ("# %s: %zu connections, %" PRIu64 " events, %d slices, %zu lanes\n", name,
                 ss_model_n_conns (m), total, slices, ss_overview_n_lanes (fresh));

  /* cleared, it reads everything again */
  ss_overview_clear (grown);
  assert_int_equal (ss_overview_n_conns (grown), 0);
  assert_true (ss_overview_update (grown, m));
  assert_int_equal (ss_overview_events_read (grown), total);
  ss_overview_free (grown);
  ss_overview_free (fresh);
  ss_model_free (m);
}

static void
test_incremental (void **state)
{
  (void) state;
  check_incremental ("SS_SOURCE_ROOT", "data/sample.pcap", 5);
  check_incremental ("SS_CORPUS", "tcp/pcapplusplus__many-protocols.pcap", 97);
  check_incremental ("SS_CORPUS", "tcp/ndpi__synscan.pcap", 500);
}

/* Drawing */

#define PLOT_W 1000
#define IMG_W  (PLOT_W + 2 * 4 + 2)
#define IMG_H  60

static cairo_surface_t *
draw (const SsOverview *ov, const SsOverviewView *view, SsOverviewStats *stats)
{
  cairo_surface_t *img = ss_render_test_image_new ((int) view->width, (int) view->height);
  cairo_t *cr = cairo_create (img);

  ss_overview_render (cr, ov, view, stats);
  ss_render_test_image_done (cr, img);
  return img;
}

/* The one connection of a state capture, packed and drawn at IMG_W x IMG_H:
 * its bar's rectangle, middle row and end. */
typedef struct {
  SsModel         *m;
  SsOverview      *ov;
  SsOverviewView   view;
  SsOverviewRect   r;
  cairo_surface_t *img;
  int              y, end;
} StateBar;

static void
state_bar_draw (StateBar *b, const char *name)
{
  b->m = load_state (name);
  b->ov = overview_of (b->m);
  ss_overview_pack (b->ov, SS_OVERVIEW_SHOW_ALL, 0);
  ss_overview_view_init (&b->view, b->ov, IMG_W, IMG_H);
  assert_true (ss_overview_conn_rect (b->ov, &b->view, 0, &b->r));
  b->img = draw (b->ov, &b->view, NULL);
  b->y = (int) (b->r.y + b->r.height / 2);
  b->end = (int) (b->r.x + b->r.width);
}

static void
state_bar_free (StateBar *b)
{
  cairo_surface_destroy (b->img);
  ss_overview_free (b->ov);
  ss_model_free (b->m);
}

static void
test_draw_regions (void **state)
{
  (void) state;

  /* close-client, zoomed to its 10 ms over 1000 px: 10 us a pixel; the
   * handshake (0-1 ms) yellow, established (1-5 ms) green, closing (5-10
   * ms) blue */
  {
    SsModel *m = load_state ("close-client");
    SsOverview *ov = overview_of (m);
    const SsOverviewConn *c = ss_overview_get_conn (ov, 0);
    SsOverviewView view;
    SsOverviewStats stats;
    SsOverviewRect r, plot;
    cairo_surface_t *img;
    int y;

    assert_int_equal (ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 0), 1);
    ss_overview_view_init (&view, ov, IMG_W, IMG_H);
    assert_int_equal (view.t0, c->start_ns);
    assert_int_equal (view.t1, c->end_ns);
    ss_overview_plot_rect (&view, &plot);
    assert_true (plot.width == PLOT_W);
    assert_true (ss_overview_conn_rect (ov, &view, 0, &r));
    assert_true (r.x == plot.x && r.width == PLOT_W);
    assert_true (r.height >= 6);
    img = draw (ov, &view, &stats);
    assert_int_equal (stats.n_bars, 1);
    assert_int_equal (stats.n_aggregated, 0);
    assert_false (stats.shared_rows);
    y = (int) (r.y + r.height / 2);
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 1, y), ss_overview_phase_rgb (SS_OVERVIEW_HANDSHAKE, false));
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 95, y), ss_overview_phase_rgb (SS_OVERVIEW_HANDSHAKE, false));
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 105, y), ss_overview_phase_rgb (SS_OVERVIEW_ESTABLISHED, false));
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 495, y), ss_overview_phase_rgb (SS_OVERVIEW_ESTABLISHED, false));
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 505, y), ss_overview_phase_rgb (SS_OVERVIEW_CLOSING, false));
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 998, y), ss_overview_phase_rgb (SS_OVERVIEW_CLOSING, false));
    /* no outcome mark: white after it; white above and below the bar */
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + PLOT_W + 1, y), 0xffffff);
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 500, (int) (plot.y + plot.height) - 2), 0xffffff);
    cairo_surface_destroy (img);

    /* the hit test: the bar, its ends within 3 px, nothing above it */
    assert_int_equal (ss_overview_conn_at (ov, &view, plot.x + 500, y), 0);
    assert_int_equal (ss_overview_conn_at (ov, &view, plot.x - 2, y), 0);
    assert_int_equal (ss_overview_conn_at (ov, &view, plot.x + 500, plot.y - 3), SIZE_MAX);
    assert_int_equal (ss_overview_conn_at (ov, &view, plot.x + 500, plot.y + plot.height - 1), SIZE_MAX);

    /* dark: another background, the same phases */
    view.dark = true;
    img = draw (ov, &view, NULL);
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 105, y), ss_overview_phase_rgb (SS_OVERVIEW_ESTABLISHED, true));
    assert_true (ss_render_test_pixel (img, (int) plot.x + 500, (int) (plot.y + plot.height) - 2) != 0xffffff);
    cairo_surface_destroy (img);

    /* the selection: a band across the plot and an outline */
    view.dark = false;
    view.selected = 0;
    img = draw (ov, &view, NULL);
    assert_true (ss_render_test_pixel (img, (int) plot.x + 500, (int) (plot.y + plot.height) - 2) != 0xffffff);
    assert_int_equal (ss_render_test_pixel (img, (int) plot.x + 105, y), ss_overview_phase_rgb (SS_OVERVIEW_ESTABLISHED, false));
    cairo_surface_destroy (img);
    ss_overview_free (ov);
    ss_model_free (m);
  }

  /* rst-abort: the last column red (the RST), then the reset mark */
  {
    StateBar b;

    state_bar_draw (&b, "rst-abort");
    assert_int_equal (ss_render_test_pixel (b.img, b.end - 1, b.y), ss_overview_phase_rgb (SS_OVERVIEW_RESET, false));
    assert_int_equal (ss_render_test_pixel (b.img, b.end - 3, b.y), ss_overview_phase_rgb (SS_OVERVIEW_ESTABLISHED, false));
    assert_int_equal (ss_render_test_pixel (b.img, b.end, b.y), ss_overview_outcome_rgb (SS_OVERVIEW_OUTCOME_RESET, false));
    assert_int_equal (ss_render_test_pixel (b.img, b.end + 1, b.y), ss_overview_outcome_rgb (SS_OVERVIEW_OUTCOME_RESET, false));
    state_bar_free (&b);
  }

  /* refused: handshake, the RST in the last column, the refused mark */
  {
    StateBar b;

    state_bar_draw (&b, "refused");
    assert_int_equal (ss_render_test_pixel (b.img, (int) b.r.x, b.y), ss_overview_phase_rgb (SS_OVERVIEW_HANDSHAKE, false));
    assert_int_equal (ss_render_test_pixel (b.img, b.end - 1, b.y), ss_overview_phase_rgb (SS_OVERVIEW_RESET, false));
    assert_int_equal (ss_render_test_pixel (b.img, b.end, b.y), ss_overview_outcome_rgb (SS_OVERVIEW_OUTCOME_REFUSED, false));
    state_bar_free (&b);
  }

  /* data/sample.pcap, the whole capture: every connection has a bar that
   * is drawn, the hit test finds each at its bar's centre, the legend has
   * ink and the note fits */
  {
    SsModel *m = ss_render_test_load_env ("SS_SOURCE_ROOT", "data/sample.pcap");
    SsOverview *ov = overview_of (m);
    SsOverviewView view;
    SsOverviewStats stats;
    cairo_surface_t *img;
    char words[256];
    int ink = 0;

    /* packed as the window does: bars in a lane 3 px apart */
    ss_overview_view_init (&view, ov, 1200, 100);
    ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, ss_overview_gap_for (&view, 3));
    img = draw (ov, &view, &stats);
    if (getenv ("SS_OVERVIEW_PNG") != NULL)
      cairo_surface_write_to_png (img, "overview-sample.png");
    assert_int_equal (stats.n_bars, ss_model_n_conns (m));
    for (size_t i = 0; i < ss_model_n_conns (m); i++)
      {
        SsOverviewRect r;
        double cx, cy;

        assert_true (ss_overview_conn_rect (ov, &view, i, &r));
        cx = r.x + r.width / 2;
        cy = r.y + r.height / 2;
        assert_true (ss_render_test_pixel (img, (int) cx, (int) cy) != 0xffffff);
        assert_int_equal (ss_overview_conn_at (ov, &view, cx, cy), i);
      }
    for (int x = 0; x < 600; x++)
      ink += ss_render_test_pixel (img, x, (int) SS_OVERVIEW_HEADER_H / 2) != 0xffffff;
    assert_true (ink > 30);
    ss_overview_describe (ov, &view, words, sizeof words);
    print_message ("# sample: %s\n", words);
    assert_non_null (strstr (words, " connections in "));
    cairo_surface_destroy (img);
    ss_overview_free (ov);
    ss_model_free (m);
  }
}

/* 100,000 connections (400,000 frames) 10 us apart, each 5 ms long: some
 * 500 at a time, more lanes than pixel rows. */
#define BIG_N 100000

typedef struct {
  int64_t  ts;
  uint32_t conn;
  uint8_t  step;
} Planned;

static int
planned_compare (const void *a, const void *b)
{
  const Planned *pa = a, *pb = b;

  if (pa->ts != pb->ts)
    return pa->ts < pb->ts ? -1 : 1;
  if (pa->conn != pb->conn)
    return pa->conn < pb->conn ? -1 : 1;
  return (int) pa->step - (int) pb->step;
}

static void
test_big (void **state)
{
  SsModel *m = ss_model_new (key);
  char errbuf[256];
  Feed f = { .feed = ss_loader_new_feed (m, errbuf, sizeof errbuf) };
  SsOverview *ov = ss_overview_new (ss_overview_outcome_classify, NULL);
  Planned *plan = malloc (4 * (size_t) BIG_N * sizeof *plan);
  static const int64_t offsets[4] = { 0, 100000, 200000, 5000000 };
  SsOverviewView view;
  SsOverviewStats stats;
  SsOverviewRect plot;
  cairo_surface_t *img;
  size_t n_plan = 0, lanes, updates = 0;
  uint64_t total = 0;

  (void) state;
  assert_non_null (plan);
  for (uint32_t k = 0; k < BIG_N; k++)
    for (uint8_t s = 0; s < 4; s++)
      plan[n_plan++] = (Planned) { T0 + (int64_t) k * 10000 + offsets[s], k, s };
  qsort (plan, n_plan, sizeof *plan, planned_compare);
  for (size_t i = 0; i < n_plan; i++)
    {
      /* SYN, SYN-ACK, ACK, then a FIN; every tenth refused instead */
      static const uint8_t flags[4] = { SYN, SYNACK, ACK, FINACK };
      uint32_t k = plan[i].conn;
      bool refused = k % 10 == 9;

      if (refused && plan[i].step >= 2)
        continue;
      frame (&f, plan[i].ts, k, (uint16_t) (1024 + k % 50000), plan[i].step != 1,
             false, refused && plan[i].step == 1 ? RSTACK : flags[plan[i].step]);
      /* an update every 40,000 frames, as a window does while loading */
      if (i % 40000 == 0)
        {
          ss_overview_update (ov, m);
          updates++;
        }
    }
  ss_loader_free (f.feed);
  free (plan);
  ss_overview_update (ov, m);
  assert_int_equal (ss_model_n_conns (m), BIG_N);
  for (size_t i = 0; i < BIG_N; i++)
    total += ss_model_n_events (m, i);
  assert_int_equal (ss_overview_events_read (ov), total);
  assert_int_equal (ss_overview_get_conn (ov, 9)->outcome, SS_OVERVIEW_OUTCOME_REFUSED);

  {
    double t = ss_render_test_now_ms (), t_pack, t_update;

    lanes = ss_overview_pack (ov, SS_OVERVIEW_SHOW_ALL, 0);
    t_pack = ss_render_test_now_ms () - t;
    t = ss_render_test_now_ms ();
    assert_false (ss_overview_update (ov, m));
    t_update = ss_render_test_now_ms () - t;
    /* for information only: the assertions count work, not time */
    print_message ("# pack %.1f ms, an update with nothing new %.1f ms\n", t_pack, t_update);
  }
  assert_true (lanes >= 450 && lanes <= 520);

  /* the whole capture at 1000 px: per-column counts, a rectangle at most
   * per pixel cell, in practice a few per row */
  ss_overview_view_init (&view, ov, IMG_W, 100);
  ss_overview_plot_rect (&view, &plot);
  view.selected = 50000;
  {
    double t = ss_render_test_now_ms ();

    img = draw (ov, &view, &stats);
    print_message ("# drawn in %.1f ms\n", ss_render_test_now_ms () - t);
  }
  if (getenv ("SS_OVERVIEW_PNG") != NULL)
    cairo_surface_write_to_png (img, "overview-big.png");
  print_message ("# %d connections, %zu lanes, %zu updates: %zu rows, %zu rectangles\n", BIG_N, lanes,
                 updates, stats.n_rows, stats.n_rects);
  assert_true (stats.shared_rows);
  assert_int_equal (stats.n_rows, (size_t) plot.height);
  assert_int_equal (stats.n_bars, 0);
  assert_int_equal (stats.n_aggregated, BIG_N);
  assert_true (stats.n_rects <= stats.n_rows * (size_t) (plot.width + 3) + 8);
  /* the middle of the plot is coloured, every tenth connection is
   * refused: the refused mark shows somewhere */
  {
    int marks = 0, empty = 0;

    for (int y = (int) plot.y; y < (int) (plot.y + plot.height); y++)
      for (int x = (int) plot.x + 100; x < (int) plot.x + 900; x++)
        {
          uint32_t p = ss_render_test_pixel (img, x, y);

          marks += p == ss_overview_outcome_rgb (SS_OVERVIEW_OUTCOME_REFUSED, false);
          empty += p == 0xffffff;
        }
    assert_true (marks > 0);
    assert_true (empty < 800 * 5);
  }
  cairo_surface_destroy (img);

  /* a hit in a shared row is a connection of one of its lanes that is
   * there at that time */
  {
    SsOverviewRect r;
    size_t hit;
    const SsOverviewConn *c;
    int64_t t;

    assert_true (ss_overview_conn_rect (ov, &view, 50000, &r));
    assert_true (r.height == 1);
    hit = ss_overview_conn_at (ov, &view, r.x + r.width / 2, r.y + 0.5);
    assert_true (hit != SIZE_MAX);
    c = ss_overview_get_conn (ov, hit);
    t = ss_overview_x_to_time (&view, r.x + r.width / 2);
    assert_true (c->lane * stats.n_rows / lanes == ss_overview_get_conn (ov, 50000)->lane * stats.n_rows / lanes);
    assert_true (c->start_ns <= t + 4 * (view.t1 - view.t0) / PLOT_W);
    assert_true (c->end_ns >= t - 4 * (view.t1 - view.t0) / PLOT_W);
  }

  /* zoomed on 2 ms of it: only the bars there, one by one */
  view.t0 = T0 + 500 * MS;
  view.t1 = view.t0 + 2 * MS;
  view.selected = SIZE_MAX;
  img = draw (ov, &view, &stats);
  print_message ("# zoomed on 2 ms: %zu bars, %zu rectangles\n", stats.n_bars, stats.n_rects);
  assert_true (stats.n_bars > 0 || stats.n_aggregated > 0);
  assert_true (stats.n_bars + stats.n_aggregated < 1000);
  assert_true (stats.n_rects <= 5 * 1000);
  cairo_surface_destroy (img);

  /* the problems only: the refused tenth, in fewer lanes */
  assert_true (ss_overview_pack (ov, SS_OVERVIEW_SHOW_PROBLEMS, 0) < lanes);
  assert_int_equal (ss_overview_n_shown (ov), BIG_N / 10);

  ss_overview_free (ov);
  ss_model_free (m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_phases_recorded),
    cmocka_unit_test (test_phases_built),
    cmocka_unit_test (test_pack),
    cmocka_unit_test (test_incremental),
    cmocka_unit_test (test_draw_regions),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
