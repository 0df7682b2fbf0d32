/* ss-render-test.c - what the render tests share (see ss-render-test.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ss-render-test.h"

static const uint8_t ss_render_test_key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

SsModel *
ss_render_test_load (const char *path)
{
  char errbuf[256];
  SsModel *m = ss_model_new (ss_render_test_key);
  SsLoader *loader;

  assert_non_null (m);
  loader = ss_loader_open (path, m, errbuf, sizeof errbuf);
  if (loader == NULL)
    fail_msg ("cannot open %s: %s", path, errbuf);
  ss_loader_run (loader, 0);
  ss_loader_free (loader);
  return m;
}

SsModel *
ss_render_test_load_env (const char *var,
                         const char *rel)
{
  const char *root = getenv (var);
  char path[4096];

  if (root == NULL)
    fail_msg ("%s is not set", var);
  snprintf (path, sizeof path, "%s/%s", root, rel);
  return ss_render_test_load (path);
}

SsModel *
ss_render_test_load_sample (void)
{
  return ss_render_test_load_env ("SS_SOURCE_ROOT", "data/sample.pcap");
}

cairo_surface_t *
ss_render_test_image_new (int width,
                          int height)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  assert_int_equal (cairo_surface_status (img), CAIRO_STATUS_SUCCESS);
  return img;
}

void
ss_render_test_image_done (cairo_t         *cr,
                           cairo_surface_t *img)
{
  assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (img);
}

uint32_t
ss_render_test_pixel (cairo_surface_t *img,
                      int              x,
                      int              y)
{
  unsigned char *data = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  uint32_t v;

  assert_true (x >= 0 && y >= 0 && x < cairo_image_surface_get_width (img)
               && y < cairo_image_surface_get_height (img));
  memcpy (&v, data + (size_t) y * (size_t) stride + (size_t) x * 4, 4);
  return v & 0xffffff;
}

int
ss_render_test_distance (uint32_t a,
                         uint32_t b)
{
  return abs ((int) ((a >> 16) & 0xff) - (int) ((b >> 16) & 0xff))
         + abs ((int) ((a >> 8) & 0xff) - (int) ((b >> 8) & 0xff))
         + abs ((int) (a & 0xff) - (int) (b & 0xff));
}

int
ss_render_test_luminance (uint32_t rgb)
{
  return (int) (((rgb >> 16) & 0xff) * 30 + ((rgb >> 8) & 0xff) * 59 + (rgb & 0xff) * 11) / 100;
}

double
ss_render_test_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

size_t
ss_render_test_tcp_header (uint8_t *buf,
                           bool     c2s,
                           uint8_t  flags,
                           uint32_t seq,
                           uint32_t ack,
                           uint16_t win,
                           uint32_t len)
{
  static const uint8_t a[4] = { 192, 0, 2, 1 }, b[4] = { 192, 0, 2, 2 };
  uint16_t sport = c2s ? 40000 : 80, dport = c2s ? 80 : 40000;
  uint32_t total = 40 + len;

  memset (buf, 0, 54);
  buf[12] = 0x08;                 /* IPv4 */
  buf[14] = 0x45;
  buf[16] = (uint8_t) (total >> 8);
  buf[17] = (uint8_t) total;
  buf[22] = 64;                   /* TTL */
  buf[23] = 6;                    /* TCP */
  memcpy (buf + 26, c2s ? a : b, 4);
  memcpy (buf + 30, c2s ? b : a, 4);
  buf[34] = (uint8_t) (sport >> 8);
  buf[35] = (uint8_t) sport;
  buf[36] = (uint8_t) (dport >> 8);
  buf[37] = (uint8_t) dport;
  for (int k = 0; k < 4; k++)
    {
      buf[38 + k] = (uint8_t) (seq >> (24 - 8 * k));
      buf[42 + k] = (uint8_t) (ack >> (24 - 8 * k));
    }
  buf[46] = 0x50;                 /* data offset 5 */
  buf[47] = flags;
  buf[48] = (uint8_t) (win >> 8);
  buf[49] = (uint8_t) win;
  return 54;
}

void
ss_render_feed_open (SsRenderFeed *f)
{
  char errbuf[256];

  memset (f, 0, sizeof *f);
  f->m = ss_model_new (ss_render_test_key);
  assert_non_null (f->m);
  f->feed = ss_loader_new_feed (f->m, errbuf, sizeof errbuf);
  if (f->feed == NULL)
    fail_msg ("no feed: %s", errbuf);
  f->ts = SS_RENDER_TEST_T0;
}

void
ss_render_feed_tcp (SsRenderFeed *f,
                    int64_t       dt_ns,
                    bool          c2s,
                    uint8_t       flags,
                    uint32_t      seq,
                    uint32_t      ack,
                    uint16_t      win,
                    uint32_t      len)
{
  SsRecord rec;
  size_t n;

  assert_true (len <= SS_RENDER_TEST_PAYLOAD_MAX);
  assert_non_null (f->feed);
  n = ss_render_test_tcp_header (f->frame, c2s, flags, seq, ack, win, len);
  memset (&rec, 0, sizeof rec);
  if (!f->headers_only)
    {
      memset (f->frame + n, 0, len);
      n += len;
    }
  f->ts += dt_ns;
  rec.linktype = 1;
  rec.data = f->frame;
  rec.data_offset = UINT64_MAX;
  rec.caplen = (uint32_t) n;
  rec.wirelen = 54 + len;
  rec.ts_ns = f->ts;
  ss_loader_feed (f->feed, &rec);
}

void
ss_render_feed_close (SsRenderFeed *f)
{
  if (f->feed != NULL)
    ss_loader_free (f->feed);
  f->feed = NULL;
  ss_model_free (f->m);
  f->m = NULL;
}
