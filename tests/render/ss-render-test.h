/* ss-render-test.h - what the render tests share: a capture loaded into a
 * model, TCP frames made up and fed to a loader, an image surface to draw
 * into, and its pixels and colours read back. Plain C with cmocka: the
 * helpers fail the running test (cmocka's asserts) on what they cannot do.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "ss-loader.h"
#include "ss-model.h"

/* The first frame's time of a feed: 2023-11-14, in ns. */
#define SS_RENDER_TEST_T0 1700000000000000000LL

/* The largest payload a fed frame carries. */
#define SS_RENDER_TEST_PAYLOAD_MAX 2000

/* The whole file into a new model (fails the test if it cannot be read). */
SsModel         *ss_render_test_load          (const char *path);
/* $var/rel into a new model; fails the test when var is not set. */
SsModel         *ss_render_test_load_env      (const char *var,
                                               const char *rel);
/* $SS_SOURCE_ROOT/data/sample.pcap. */
SsModel         *ss_render_test_load_sample   (void);

/* An RGB24 image to draw into, and its end: cr checked,
 * destroyed, the image flushed for reading. */
cairo_surface_t *ss_render_test_image_new     (int width,
                                               int height);
void             ss_render_test_image_done    (cairo_t         *cr,
                                               cairo_surface_t *img);

/* The colour (0xRRGGBB) at x, y; the point must be in the image. */
uint32_t         ss_render_test_pixel         (cairo_surface_t *img,
                                               int              x,
                                               int              y);
/* Sum of the channels' differences: 0 for the same colour. */
int              ss_render_test_distance      (uint32_t a,
                                               uint32_t b);
/* 0 (black) to 255 (white). */
int              ss_render_test_luminance     (uint32_t rgb);

double           ss_render_test_now_ms        (void);

/* An Ethernet + IPv4 (RFC 791) + TCP (RFC 9293) header, 54 bytes, into
 * buf: 192.0.2.1:40000 (c2s) to 192.0.2.2:80, the IP total length counting
 * len payload bytes (not written). */
size_t           ss_render_test_tcp_header    (uint8_t *buf,
                                               bool     c2s,
                                               uint8_t  flags,
                                               uint32_t seq,
                                               uint32_t ack,
                                               uint16_t win,
                                               uint32_t len);

/* A model fed frame by frame, as a live capture or a file read in slices. */
typedef struct {
  SsModel  *m;
  SsLoader *feed;
  int64_t   ts;            /* the last frame's time */
  bool      headers_only;  /* the payload not captured (caplen 54) */
  uint8_t   frame[54 + SS_RENDER_TEST_PAYLOAD_MAX];
} SsRenderFeed;

void             ss_render_feed_open          (SsRenderFeed *f);
/* A TCP frame dt_ns after the one before, len zero bytes of payload. */
void             ss_render_feed_tcp           (SsRenderFeed *f,
                                               int64_t       dt_ns,
                                               bool          c2s,
                                               uint8_t       flags,
                                               uint32_t      seq,
                                               uint32_t      ack,
                                               uint16_t      win,
                                               uint32_t      len);
/* Frees the loader (if still open) and the model. */
void             ss_render_feed_close         (SsRenderFeed *f);
