/* test-render.c - ui/render/: the ladder's words and its drawing.
 *
 * The words (ss-ladder-label.h) on hand-made events, buffers of 0 and 1
 * bytes first; then the ladder of data/sample.pcap connection 1 drawn into
 * an image, written as a PNG, read back, and checked by region: the
 * lifelines are dark, the current event's row has the highlight colour,
 * the state lane shows colour, a far-off margin stays blank; the layout's
 * range queries, an empty and a past-the-end viewport, even spacing; a
 * connection of 100,000 segments (made here, fed to the loader) laid out
 * once and drawn a screenful at a time, each screenful touching only the
 * rows it shows.
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

#include "ss-ladder-label.h"
#include "ss-ladder-render.h"
#include "ss-render-test.h"

#define WIDTH 900

static SsModel *
load_sample (void)
{
  SsModel *m = ss_render_test_load_sample ();

  assert_true (ss_model_n_conns (m) >= 7);
  return m;
}

static SsEvent
tcp_event (uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint32_t win)
{
  SsEvent e;

  memset (&e, 0, sizeof e);
  e.kind = SS_EVENT_TCP;
  e.tcp_flags = flags;
  e.seq = seq;
  e.ack = ack;
  e.len = len;
  e.win = win;
  e.peer_event = UINT32_MAX;
  return e;
}

static void
test_label_small_buffers (void **state)
{
  SsEvent e = tcp_event (SS_TCP_SYN, 0, 0, 0, 64240);
  char buf[4] = "xyz";

  (void) state;
  ss_ladder_label (NULL, 0, &e, buf, 0);
  assert_string_equal (buf, "xyz");
  ss_ladder_label (NULL, 0, &e, buf, 1);
  assert_string_equal (buf, "");
  ss_ladder_label (NULL, 0, &e, buf, sizeof buf);
  assert_string_equal (buf, "SYN");
  ss_ladder_flag_words (buf, 0, SS_TCP_SYN);
  ss_ladder_flag_words (buf, 2, SS_TCP_SYN);
  assert_string_equal (buf, "");
  assert_null (ss_ladder_mark (&e, 0, buf, 0));
}

static void
test_label_tcp (void **state)
{
  char buf[SS_LADDER_LABEL_LEN], word[48];
  SsEvent syn = tcp_event (SS_TCP_SYN, 0, 0, 0, 64240);
  SsEvent data = tcp_event (SS_TCP_PSH | SS_TCP_ACK, 1, 1, 12, 64512);
  SsEvent none = tcp_event (0, 5, 0, 0, 0xffff);

  (void) state;
  ss_ladder_label (NULL, 0, &syn, buf, sizeof buf);
  assert_string_equal (buf, "SYN seq=0 win=64240");
  ss_ladder_label (NULL, 0, &data, buf, sizeof buf);
  assert_string_equal (buf, "PSH,ACK seq=1 ack=1 len=12 win=64512");
  ss_ladder_label (NULL, 0, &none, buf, sizeof buf);
  assert_string_equal (buf, "no flags seq=5 win=65535");

  assert_null (ss_ladder_mark (&data, 0, word, sizeof word));
  data.analysis = SS_AN_RETRANSMISSION | SS_AN_DUPLICATE_ACK;
  assert_non_null (ss_ladder_mark (&data, 0, word, sizeof word));
  assert_null (strchr (word, '_'));
  assert_non_null (ss_ladder_mark (&data, 1, word, sizeof word));
  assert_null (ss_ladder_mark (&data, 2, word, sizeof word));

  ss_ladder_state (buf, sizeof buf, SS_TCP_LISTEN, true);
  assert_string_equal (buf, "LISTEN?");
  ss_ladder_state (buf, sizeof buf, SS_TCP_TIME_WAIT, false);
  assert_string_equal (buf, "TIME_WAIT");
  assert_true (ss_ladder_starts_closed (&syn));
  assert_false (ss_ladder_starts_closed (&data));
}

static void
test_label_udp_icmp (void **state)
{
  SsModel *m = load_sample ();
  char buf[SS_LADDER_LABEL_LEN];
  SsEvent e;

  (void) state;
  /* connection 5: DNS; 6: a datagram and the ICMP error it drew */
  assert_true (ss_model_get_event (m, 4, 0, &e));
  ss_ladder_label (m, 4, &e, buf, sizeof buf);
  assert_string_equal (buf, "DNS query 0x5301 len=38 (request #1)");
  assert_true (ss_model_get_event (m, 4, 1, &e));
  ss_ladder_label (m, 4, &e, buf, sizeof buf);
  assert_string_equal (buf, "DNS response 0x5301 len=54 (reply to #1, frame 39)");
  assert_true (ss_model_get_event (m, 5, 1, &e));
  ss_ladder_label (m, 5, &e, buf, sizeof buf);
  assert_string_equal (buf, "ICMP port unreachable");
  ss_model_free (m);
}

static void
test_layout (void **state)
{
  SsModel *m = load_sample ();
  SsLadderLayout *l, *even;
  size_t first, last;

  (void) state;
  assert_null (ss_ladder_layout_new (m, 7, false));
  assert_null (ss_ladder_layout_new (m, SIZE_MAX, false));
  l = ss_ladder_layout_new (m, 0, false);
  assert_non_null (l);
  assert_int_equal (ss_ladder_layout_n_events (l), 12);
  for (size_t i = 1; i < 12; i++)
    assert_true (ss_ladder_layout_event_y (l, i) > ss_ladder_layout_event_y (l, i - 1));
  assert_true (ss_ladder_layout_height (l) > ss_ladder_layout_event_y (l, 11));

  /* the whole diagram, nothing, a window over events 3..5 */
  assert_true (ss_ladder_layout_range (l, 0, ss_ladder_layout_height (l), &first, &last));
  assert_int_equal (first, 0);
  assert_int_equal (last, 11);
  assert_false (ss_ladder_layout_range (l, 0, 10, &first, &last));
  assert_false (ss_ladder_layout_range (l, ss_ladder_layout_height (l), ss_ladder_layout_height (l) + 500,
                                        &first, &last));
  assert_true (ss_ladder_layout_range (l, ss_ladder_layout_event_y (l, 3), ss_ladder_layout_event_y (l, 5),
                                       &first, &last));
  assert_int_equal (first, 3);
  assert_int_equal (last, 5);
  assert_int_equal (ss_ladder_layout_event_at (l, ss_ladder_layout_event_y (l, 4)), 4);
  assert_int_equal (ss_ladder_layout_event_at (l, 1), SIZE_MAX);

  /* even spacing: every gap the same; the timed layout opens up at the
   * 2.7 ms pause before event 5 */
  even = ss_ladder_layout_new (m, 0, true);
  assert_non_null (even);
  for (size_t i = 2; i < 12; i++)
    assert_true (ss_ladder_layout_event_y (even, i) - ss_ladder_layout_event_y (even, i - 1)
                 == ss_ladder_layout_event_y (even, 1) - ss_ladder_layout_event_y (even, 0));
  assert_true (ss_ladder_layout_event_y (l, 5) - ss_ladder_layout_event_y (l, 4)
               > ss_ladder_layout_event_y (l, 4) - ss_ladder_layout_event_y (l, 3));
  ss_ladder_layout_free (even);
  ss_ladder_layout_free (l);
  ss_ladder_layout_free (NULL);
  ss_model_free (m);
}

static void
test_draw (void **state)
{
  SsModel *m = load_sample ();
  SsLadderLayout *l = ss_ladder_layout_new (m, 0, false);
  SsLadderView view = { .width = WIDTH, .current = 3 };
  cairo_surface_t *img, *back;
  cairo_t *cr;
  char path[] = "/tmp/ss-test-render-XXXXXX";
  int fd, h, dark_c = 0, dark_s = 0, rows = 0;
  const uint32_t highlight = SS_LADDER_HIGHLIGHT_R << 16 | SS_LADDER_HIGHLIGHT_G << 8 | SS_LADDER_HIGHLIGHT_B;
  double yc;
  int xc = (int) ss_ladder_client_x (WIDTH), xs = (int) ss_ladder_server_x (WIDTH);

  (void) state;
  assert_non_null (l);
  h = (int) ss_ladder_layout_height (l);
  view.y1 = h;
  img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, h);
  cr = cairo_create (img);
  ss_ladder_render (cr, m, l, &view);
  assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* through a PNG file and back */
  fd = mkstemp (path);
  assert_true (fd >= 0);
  close (fd);
  assert_int_equal (cairo_surface_write_to_png (img, path), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (img);
  back = cairo_image_surface_create_from_png (path);
  unlink (path);
  assert_int_equal (cairo_surface_status (back), CAIRO_STATUS_SUCCESS);
  assert_int_equal (cairo_image_surface_get_width (back), WIDTH);
  assert_int_equal (cairo_image_surface_get_height (back), h);
  cairo_surface_flush (back);

  /* the lifelines run dark from the first event to the last */
  for (int y = (int) ss_ladder_layout_event_y (l, 0); y < (int) ss_ladder_layout_event_y (l, 11); y++)
    {
      rows++;
      dark_c += ss_render_test_luminance (ss_render_test_pixel (back, xc, y)) < 100;
      dark_s += ss_render_test_luminance (ss_render_test_pixel (back, xs, y)) < 100;
    }
  assert_true (dark_c > rows * 9 / 10);
  assert_true (dark_s > rows * 9 / 10);

  /* the current event's row, at the left margin and between the lanes,
   * has the highlight colour; other rows' margins are white */
  yc = ss_ladder_layout_event_y (l, 3);
  assert_int_equal (ss_render_test_pixel (back, 3, (int) yc), highlight);
  assert_int_equal (ss_render_test_pixel (back, WIDTH - 3, (int) yc - 8), highlight);
  assert_int_equal (ss_render_test_pixel (back, 3, (int) ss_ladder_layout_event_y (l, 7)), 0xffffff);
  /* the client's state lane is coloured (ESTABLISHED) at event 6 */
  {
    uint32_t lane = ss_render_test_pixel (back, xc - 7, (int) ss_ladder_layout_event_y (l, 6));
    assert_true (lane != 0xffffff && ((lane >> 8) & 0xff) > ((lane >> 16) & 0xff));
  }
  /* the arrows are drawn: the middle of the ladder has ink at event 0 */
  {
    int ink = 0;
    for (int y = (int) ss_ladder_layout_event_y (l, 0) - 4; y < (int) ss_ladder_layout_event_y (l, 0) + 18; y++)
      ink += ss_render_test_luminance (ss_render_test_pixel (back, (xc + xs) / 2, y)) < 200;
    assert_true (ink > 0);
  }
  cairo_surface_destroy (back);
  ss_ladder_layout_free (l);
  ss_model_free (m);
}

/* A window on part of the ladder, one past the end, and the dark palette
 * draw without error; the window's first pixel row is the diagram's y0. */
static void
test_draw_viewports (void **state)
{
  SsModel *m = load_sample ();
  const double ys[][2] = { { 200, 400 }, { 0, 1 }, { 5000, 5600 }, { -50, 20 } };

  (void) state;
  for (size_t conn = 0; conn < ss_model_n_conns (m); conn++)
    for (size_t k = 0; k < sizeof ys / sizeof ys[0]; k++)
      {
        SsLadderLayout *l = ss_ladder_layout_new (m, conn, k % 2 == 0);
        SsLadderView view = { .width = 300, .y0 = ys[k][0], .y1 = ys[k][1], .current = 2, .dark = k == 2 };
        cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 600);
        cairo_t *cr = cairo_create (img);

        assert_non_null (l);
        ss_ladder_render (cr, m, l, &view);
        assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_destroy (img);
        ss_ladder_layout_free (l);
      }
  ss_model_free (m);
}


#define BIG_N 100000

static void
test_big (void **state)
{
  static const uint8_t key[16] = { 0 };
  SsModel *m = ss_model_new (key);
  char errbuf[256];
  SsLoader *feed = ss_loader_new_feed (m, errbuf, sizeof errbuf);
  uint8_t frame[64];
  SsRecord rec;
  SsLadderLayout *l;
  double t, layout_ms, worst = 0;
  uint32_t cseq = 1000, sseq = 5000;

  (void) state;
  assert_non_null (feed);
  memset (&rec, 0, sizeof rec);
  rec.linktype = 1;
  rec.data = frame;
  rec.data_offset = UINT64_MAX;
  for (uint32_t i = 0; i < BIG_N; i++)
    {
      /* handshake, then ACKs back and forth (the same seq: keep-alive-free
       * plain ACKs), 100 us apart, with a 50 ms pause every 1000 */
      if (i == 0)
        rec.caplen = (uint32_t) ss_render_test_tcp_header (frame, true, 0x02, cseq, 0, 0xffff, 0);
      else if (i == 1)
        rec.caplen = (uint32_t) ss_render_test_tcp_header (frame, false, 0x12, sseq, cseq + 1, 0xffff, 0);
      else
        rec.caplen = (uint32_t) ss_render_test_tcp_header (frame, i % 2 == 0, 0x10,
                                                           i % 2 == 0 ? cseq + 1 : sseq + 1,
                                                           i % 2 == 0 ? sseq + 1 : cseq + 1, 0xffff, 0);
      rec.wirelen = 60;
      rec.ts_ns = 1700000000000000000LL + (int64_t) i * 100000 + (int64_t) (i / 1000) * 50000000;
      ss_loader_feed (feed, &rec);
    }
  ss_loader_free (feed);
  assert_int_equal (ss_model_n_conns (m), 1);
  assert_int_equal (ss_model_n_events (m, 0), BIG_N);

  t = ss_render_test_now_ms ();
  l = ss_ladder_layout_new (m, 0, false);
  layout_ms = ss_render_test_now_ms () - t;
  assert_non_null (l);
  for (int k = 0; k < 20; k++)
    {
      double y0 = ss_ladder_layout_height (l) * k / 20.0;
      SsLadderView view = { .width = 900, .y0 = y0, .y1 = y0 + 700, .current = (size_t) k * 5000 };
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 900, 700);
      cairo_t *cr = cairo_create (img);
      size_t first, last;

      assert_true (ss_ladder_layout_range (l, view.y0, view.y1, &first, &last));
      assert_true (last - first < 30);
      t = ss_render_test_now_ms ();
      ss_ladder_render (cr, m, l, &view);
      t = ss_render_test_now_ms () - t;
      worst = t > worst ? t : worst;
      assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (img);
    }
  printf ("# 100000 events: layout %.1f ms, a 900x700 screenful at most %.1f ms\n", layout_ms, worst);
  /* loose bounds (sanitizer builds): a screenful is a frame, not a file */
  assert_true (worst < 250);
  ss_ladder_layout_free (l);
  ss_model_free (m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_label_small_buffers),
    cmocka_unit_test (test_label_tcp),
    cmocka_unit_test (test_label_udp_icmp),
    cmocka_unit_test (test_layout),
    cmocka_unit_test (test_draw),
    cmocka_unit_test (test_draw_viewports),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
