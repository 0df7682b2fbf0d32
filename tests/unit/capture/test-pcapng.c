/* test-pcapng.c - unit tests of the pcapng reader (capture/ss-pcapng.c)
 * and of format detection, on files built in memory (fmemopen).
 *
 * Block layouts from draft-ietf-opsawg-pcapng: SHB 4.1, IDB 4.2, EPB 4.3,
 * SPB 4.4, NRB 4.5, ISB 4.6, DSB 4.7, Custom Block 4.8, Packet Block
 * (obsolete) appendix A.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-pcapng.h"
#include "ss-source.h"

/* A file being built: blocks in either byte order. */
typedef struct {
  uint8_t *data;
  size_t   len;
  size_t   alloc;
  bool     be;
  /* Where each record block ends (for the truncation tests). */
  size_t   record_end[64];
  size_t   n_records;
  size_t   shb_end;
  /* Where every block ends. */
  size_t   block_end[128];
  size_t   n_blocks;
} Buf;

static void
buf_init (Buf *b)
{
  memset (b, 0, sizeof *b);
  b->alloc = 4096;
  b->data = calloc (1, b->alloc);
  assert_non_null (b->data);
}

static void
buf_free (Buf *b)
{
  free (b->data);
}

static void
put_bytes (Buf        *b,
           const void *p,
           size_t      n)
{
  while (b->len + n > b->alloc)
    {
      b->alloc *= 2;
      b->data = realloc (b->data, b->alloc);
      assert_non_null (b->data);
    }
  if (n)
    memcpy (b->data + b->len, p, n);
  b->len += n;
}

static void
put8 (Buf     *b,
      uint8_t  v)
{
  put_bytes (b, &v, 1);
}

static void
put16 (Buf      *b,
       uint16_t  v)
{
  uint8_t x[2];

  if (b->be)
    {
      x[0] = (uint8_t) (v >> 8);
      x[1] = (uint8_t) v;
    }
  else
    {
      x[0] = (uint8_t) v;
      x[1] = (uint8_t) (v >> 8);
    }
  put_bytes (b, x, 2);
}

static void
put32 (Buf      *b,
       uint32_t  v)
{
  if (b->be)
    {
      put16 (b, (uint16_t) (v >> 16));
      put16 (b, (uint16_t) v);
    }
  else
    {
      put16 (b, (uint16_t) v);
      put16 (b, (uint16_t) (v >> 16));
    }
}

static void
put64 (Buf      *b,
       uint64_t  v)
{
  if (b->be)
    {
      put32 (b, (uint32_t) (v >> 32));
      put32 (b, (uint32_t) v);
    }
  else
    {
      put32 (b, (uint32_t) v);
      put32 (b, (uint32_t) (v >> 32));
    }
}

static void
pad4 (Buf *b)
{
  while (b->len % 4)
    put8 (b, 0);
}

static void
set32_at (Buf      *b,
          size_t    at,
          uint32_t  v)
{
  size_t save = b->len;

  b->len = at;
  put32 (b, v);
  b->len = save;
}

static size_t
blk_begin (Buf      *b,
           uint32_t  type)
{
  size_t start = b->len;

  put32 (b, type);
  put32 (b, 0);   /* patched by blk_end () */
  return start;
}

static void
blk_end (Buf    *b,
         size_t  start)
{
  uint32_t total;

  pad4 (b);
  total = (uint32_t) (b->len - start + 4);
  put32 (b, total);
  set32_at (b, start + 4, total);
  if (b->n_blocks < sizeof b->block_end / sizeof b->block_end[0])
    b->block_end[b->n_blocks++] = b->len;
}

static void
opt (Buf        *b,
     uint16_t    code,
     uint16_t    len,
     const void *value)
{
  put16 (b, code);
  put16 (b, len);
  put_bytes (b, value, len);
  pad4 (b);
}

static void
opt_end (Buf *b)
{
  put16 (b, 0);
  put16 (b, 0);
}

static void
shb_version (Buf      *b,
             bool      be,
             uint16_t  major,
             uint16_t  minor)
{
  size_t s;

  b->be = be;
  s = blk_begin (b, 0x0A0D0D0Au);
  put32 (b, 0x1A2B3C4Du);
  put16 (b, major);
  put16 (b, minor);
  put64 (b, UINT64_MAX);   /* section length: unknown */
  opt (b, 4, 7, "synscop");   /* shb_userappl */
  opt_end (b);
  blk_end (b, s);
  if (b->shb_end == 0)
    b->shb_end = b->len;
}

static void
shb (Buf  *b,
     bool  be)
{
  shb_version (b, be, 1, 0);
}

/* tsresol < 0: no if_tsresol option. */
static void
idb_full (Buf      *b,
          uint16_t  linktype,
          uint32_t  snaplen,
          int       tsresol,
          bool      has_tsoffset,
          int64_t   tsoffset)
{
  size_t s = blk_begin (b, 1);

  put16 (b, linktype);
  put16 (b, 0);
  put32 (b, snaplen);
  opt (b, 2, 4, "eth0");   /* if_name */
  if (tsresol >= 0)
    {
      uint8_t r = (uint8_t) tsresol;

      opt (b, 9, 1, &r);
    }
  if (has_tsoffset)
    {
      put16 (b, 14);
      put16 (b, 8);
      put64 (b, (uint64_t) tsoffset);
    }
  opt_end (b);
  blk_end (b, s);
}

static void
idb (Buf      *b,
     uint16_t  linktype,
     uint32_t  snaplen)
{
  idb_full (b, linktype, snaplen, -1, false, 0);
}

static void
fill (uint8_t *p,
      size_t   n,
      uint8_t  seed)
{
  size_t i;

  for (i = 0; i < n; i++)
    p[i] = (uint8_t) (seed + i * 7);
}

static void
epb (Buf      *b,
     uint32_t  if_id,
     uint64_t  ts,
     uint32_t  caplen,
     uint32_t  wirelen,
     uint8_t   seed)
{
  uint8_t data[2048];
  size_t s = blk_begin (b, 6);

  assert_true (caplen <= sizeof data);
  fill (data, caplen, seed);
  put32 (b, if_id);
  put32 (b, (uint32_t) (ts >> 32));
  put32 (b, (uint32_t) ts);
  put32 (b, caplen);
  put32 (b, wirelen);
  put_bytes (b, data, caplen);
  pad4 (b);
  opt (b, 2, 4, "\x01\x00\x00\x00");   /* epb_flags: inbound */
  opt_end (b);
  blk_end (b, s);
  b->record_end[b->n_records++] = b->len;
}

static void
pb (Buf      *b,
    uint16_t  if_id,
    uint64_t  ts,
    uint32_t  caplen,
    uint32_t  wirelen,
    uint8_t   seed)
{
  uint8_t data[2048];
  size_t s = blk_begin (b, 2);

  fill (data, caplen, seed);
  put16 (b, if_id);
  put16 (b, 0);   /* drops count */
  put32 (b, (uint32_t) (ts >> 32));
  put32 (b, (uint32_t) ts);
  put32 (b, caplen);
  put32 (b, wirelen);
  put_bytes (b, data, caplen);
  blk_end (b, s);
  b->record_end[b->n_records++] = b->len;
}

static void
spb (Buf      *b,
     uint32_t  wirelen,
     uint32_t  in_block,
     uint8_t   seed)
{
  uint8_t data[2048];
  size_t s = blk_begin (b, 3);

  fill (data, in_block, seed);
  put32 (b, wirelen);
  put_bytes (b, data, in_block);
  blk_end (b, s);
  b->record_end[b->n_records++] = b->len;
}

static void
isb (Buf      *b,
     uint32_t  if_id,
     uint64_t  ifrecv,
     uint64_t  ifdrop)
{
  size_t s = blk_begin (b, 5);

  put32 (b, if_id);
  put32 (b, 0);
  put32 (b, 1000);
  opt (b, 1, 5, "stats");   /* comment */
  put16 (b, 4);
  put16 (b, 8);
  put64 (b, ifrecv);
  put16 (b, 5);
  put16 (b, 8);
  put64 (b, ifdrop);
  opt_end (b);
  blk_end (b, s);
}

static void
nrb (Buf *b)
{
  size_t s = blk_begin (b, 4);

  put16 (b, 1);   /* nrb_record_ipv4 */
  put16 (b, 13);
  put_bytes (b, "\xc0\x00\x02\x01" "host.test", 13);
  pad4 (b);
  put16 (b, 0);
  put16 (b, 0);
  blk_end (b, s);
}

static void
raw_block (Buf        *b,
           uint32_t    type,
           const void *body,
           size_t      n)
{
  size_t s = blk_begin (b, type);

  put_bytes (b, body, n);
  blk_end (b, s);
}

static void
cb (Buf        *b,
    const char *text)
{
  size_t s = blk_begin (b, 0x00000BADu);

  put32 (b, 32473);   /* Private Enterprise Number (example) */
  put_bytes (b, text, strlen (text));
  blk_end (b, s);
  b->record_end[b->n_records++] = b->len;
}

/* Opens the first n bytes of b (all if n == SIZE_MAX) as a stream. */
static FILE *
mem_open (const Buf *b,
          size_t     n)
{
  FILE *fp;

  if (n == SIZE_MAX)
    n = b->len;
  if (n == 0)
    {
      fp = tmpfile ();   /* fmemopen () may refuse a size of 0 */
      assert_non_null (fp);
      return fp;
    }
  fp = fmemopen (b->data, n, "rb");
  assert_non_null (fp);
  return fp;
}

typedef struct {
  FILE     *fp;
  SsPcapng *r;
  char      err[SS_ERRBUF_SIZE];
} Reader;

static bool
reader_open (Reader    *rd,
             const Buf *b,
             size_t     n)
{
  rd->err[0] = '\0';
  rd->fp = mem_open (b, n);
  rd->r = ss_pcapng_new (rd->fp, NULL, 0, true, rd->err, sizeof rd->err);
  if (rd->r == NULL)
    {
      assert_true (rd->err[0] != '\0');
      fclose (rd->fp);
      rd->fp = NULL;
    }
  return rd->r != NULL;
}

static void
reader_close (Reader *rd)
{
  ss_pcapng_free (rd->r);
  if (rd->fp)
    fclose (rd->fp);
}

static void
assert_contains (const char *s,
                 const char *part)
{
  if (s == NULL || strstr (s, part) == NULL)
    fail_msg ("\"%s\" does not contain \"%s\"", s ? s : "(null)", part);
}

static void
assert_data (const SsRecord *rec,
             uint32_t        n,
             uint8_t         seed)
{
  uint8_t want[2048];

  fill (want, n, seed);
  assert_int_equal (rec->caplen, n);
  assert_memory_equal (rec->data, want, n);
}

#define TS_2023 UINT64_C (1700000000123456)   /* microseconds */

/* ---- detection ---- */

static void
test_detect (void **state)
{
  static const struct {
    uint8_t  m[4];
    SsFormat f;
  } cases[] = {
    { { 0xa1, 0xb2, 0xc3, 0xd4 }, SS_FORMAT_PCAP },
    { { 0xd4, 0xc3, 0xb2, 0xa1 }, SS_FORMAT_PCAP },
    { { 0xa1, 0xb2, 0x3c, 0x4d }, SS_FORMAT_PCAP },
    { { 0x4d, 0x3c, 0xb2, 0xa1 }, SS_FORMAT_PCAP },
    { { 0xa1, 0xb2, 0xcd, 0x34 }, SS_FORMAT_PCAP },
    { { 0x34, 0xcd, 0xb2, 0xa1 }, SS_FORMAT_PCAP },
    { { 0x0a, 0x0d, 0x0d, 0x0a }, SS_FORMAT_PCAPNG },
    { { 0x3c, 0x21, 0x44, 0x4f }, SS_FORMAT_UNKNOWN },   /* "<!DO" */
    { { 0x00, 0x00, 0x00, 0x00 }, SS_FORMAT_UNKNOWN },
    { { 0xff, 0xff, 0xff, 0xff }, SS_FORMAT_UNKNOWN },
    { { 0xa1, 0xb2, 0xc3, 0xd5 }, SS_FORMAT_UNKNOWN },
    { { 0x0a, 0x0d, 0x0d, 0x0b }, SS_FORMAT_UNKNOWN },
    { { 0xa1, 0x2b, 0x3c, 0x4d }, SS_FORMAT_UNKNOWN },   /* NAVTEL: libpcap does not read it */
  };
  size_t i;

  (void) state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal (ss_format_detect (cases[i].m), cases[i].f);
  assert_int_equal (ss_format_detect (NULL), SS_FORMAT_UNKNOWN);
  assert_string_equal (ss_format_name (SS_FORMAT_PCAP), "pcap");
  assert_string_equal (ss_format_name (SS_FORMAT_PCAPNG), "pcapng");
  assert_string_equal (ss_format_name (SS_FORMAT_UNKNOWN), "unknown");
}

/* ---- one small file, both byte orders ---- */

static void
check_basic (bool be)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t epb_start;

  buf_init (&b);
  shb (&b, be);
  idb (&b, 1, 65535);
  epb_start = b.len;
  epb (&b, 0, TS_2023, 60, 60, 1);
  epb (&b, 0, TS_2023 + 1, 61, 1514, 2);

  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.ts_ns, INT64_C (1700000000123456000));
  assert_int_equal (rec.linktype, 1);
  assert_int_equal (rec.wirelen, 60);
  assert_int_equal (rec.interface_id, 0);
  assert_int_equal (rec.data_offset, epb_start + 28);
  assert_data (&rec, 60, 1);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.ts_ns, INT64_C (1700000000123457000));
  assert_int_equal (rec.wirelen, 1514);
  assert_data (&rec, 61, 2);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);   /* stays at the end */
  assert_string_equal (ss_pcapng_get_error (rd.r), "");
  assert_null (ss_pcapng_get_warning (rd.r));
  reader_close (&rd);
  buf_free (&b);
}

static void
test_basic_le (void **state)
{
  (void) state;
  check_basic (false);
}

static void
test_basic_be (void **state)
{
  (void) state;
  check_basic (true);
}

static void
test_data_offset (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t epb_start;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  epb_start = b.len;
  epb (&b, 0, 0, 10, 10, 3);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.data_offset, epb_start + 28);
  assert_memory_equal (b.data + rec.data_offset, rec.data, 10);
  reader_close (&rd);

  /* The same stream with its first bytes already consumed (standard
   * input): same records, no offsets. */
  rd.fp = fmemopen (b.data + 4, b.len - 4, "rb");
  assert_non_null (rd.fp);
  rd.r = ss_pcapng_new (rd.fp, b.data, 4, false, rd.err, sizeof rd.err);
  assert_non_null (rd.r);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.data_offset, UINT64_MAX);
  assert_data (&rec, 10, 3);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  reader_close (&rd);
  buf_free (&b);
}

/* ---- timestamps ---- */

static int64_t
one_ts (int      tsresol,
        bool     has_off,
        int64_t  off,
        uint64_t units,
        bool    *warned)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  int64_t ts;

  buf_init (&b);
  shb (&b, false);
  idb_full (&b, 1, 0, tsresol, has_off, off);
  epb (&b, 0, units, 4, 4, 0);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  ts = rec.ts_ns;
  *warned = ss_pcapng_get_warning (rd.r) != NULL;
  reader_close (&rd);
  buf_free (&b);
  return ts;
}

static void
test_tsresol (void **state)
{
  bool w;

  (void) state;
  /* default 10^-6 */
  assert_int_equal (one_ts (-1, false, 0, TS_2023, &w), INT64_C (1700000000123456000));
  assert_false (w);
  /* 10^-9 */
  assert_int_equal (one_ts (9, false, 0, UINT64_C (1700000000123456789), &w),
                    INT64_C (1700000000123456789));
  /* 10^-0: seconds */
  assert_int_equal (one_ts (0, false, 0, 5, &w), INT64_C (5000000000));
  /* 10^-3 */
  assert_int_equal (one_ts (3, false, 0, 1500, &w), INT64_C (1500000000));
  /* 2^-10: 5.5 s = 5632 units */
  assert_int_equal (one_ts (0x80 | 10, false, 0, 5632, &w), INT64_C (5500000000));
  /* 2^-10: one unit = 976562.5 ns, truncated */
  assert_int_equal (one_ts (0x80 | 10, false, 0, 1, &w), INT64_C (976562));
  /* 2^-30 and 2^-0 */
  assert_int_equal (one_ts (0x80 | 30, false, 0, UINT64_C (3) << 30 | (UINT64_C (1) << 29), &w),
                    INT64_C (3500000000));
  assert_int_equal (one_ts (0x80, false, 0, 7, &w), INT64_C (7000000000));
  /* 2^-64 and 2^-127: everything below a second */
  assert_int_equal (one_ts (0x80 | 64, false, 0, UINT64_C (1) << 63, &w), INT64_C (500000000));
  assert_int_equal (one_ts (0x80 | 127, false, 0, UINT64_MAX, &w), 0);
  /* 10^-12, 10^-19, 10^-20 and 10^-127 */
  assert_int_equal (one_ts (12, false, 0, UINT64_C (1500000000000), &w), INT64_C (1500000000));
  assert_int_equal (one_ts (19, false, 0, UINT64_C (15000000000000000000), &w),
                    INT64_C (1500000000));
  assert_int_equal (one_ts (20, false, 0, UINT64_MAX, &w), INT64_C (184467440));
  assert_int_equal (one_ts (127, false, 0, UINT64_MAX, &w), 0);
  assert_false (w);
}

static void
test_tsoffset (void **state)
{
  bool w;

  (void) state;
  assert_int_equal (one_ts (9, true, 1000, 1500000000, &w), INT64_C (1001500000000));
  assert_int_equal (one_ts (9, true, -100, UINT64_C (1500000000123456789), &w),
                    INT64_C (1499999900123456789));
  /* before 1970 */
  assert_int_equal (one_ts (9, true, -10, 500000000, &w), INT64_C (-9500000000));
  assert_false (w);
}

static void
test_ts_out_of_range (void **state)
{
  bool w;

  (void) state;
  /* 2^64 - 1 microseconds: year 586524 */
  assert_int_equal (one_ts (-1, false, 0, UINT64_MAX, &w), INT64_MAX);
  assert_true (w);
  /* seconds resolution, far past 2262 */
  assert_int_equal (one_ts (0, false, 0, UINT64_C (9223372037), &w), INT64_MAX);
  assert_true (w);
  /* just inside */
  assert_int_equal (one_ts (9, false, 0, (uint64_t) INT64_MAX, &w), INT64_MAX);
  assert_false (w);
  /* offsets at the extremes */
  assert_int_equal (one_ts (0, true, INT64_MAX, 1, &w), INT64_MAX);
  assert_true (w);
  assert_int_equal (one_ts (0, true, INT64_MIN, 0, &w), INT64_MIN);
  assert_true (w);
  assert_int_equal (one_ts (0, true, INT64_MIN, UINT64_MAX, &w), INT64_MAX);
  assert_true (w);
  /* 2^63 + 5 seconds, minus 2^63 */
  assert_int_equal (one_ts (0, true, INT64_MIN, UINT64_C (0x8000000000000005), &w),
                    INT64_C (5000000000));
  assert_false (w);
  /* the earliest representable instant */
  assert_int_equal (one_ts (9, true, -9223372037, 145224192, &w), INT64_MIN);
  assert_false (w);
  assert_int_equal (one_ts (9, true, -9223372037, 145224191, &w), INT64_MIN);
  assert_true (w);
}

/* ---- sections and interfaces ---- */

static void
test_sections_and_interfaces (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb_full (&b, 1, 96, 9, false, 0);         /* Ethernet, ns */
  idb_full (&b, 113, 0, -1, false, 0);       /* Linux SLL, us */
  idb_full (&b, 101, 128, 0x80 | 10, true, 100);   /* raw IP, 2^-10, +100 s */
  epb (&b, 1, 2000000, 50, 50, 10);
  epb (&b, 0, 3000000000, 90, 90, 11);
  epb (&b, 2, 1024, 70, 70, 12);
  shb (&b, true);                            /* new section, other byte order */
  idb (&b, 0, 0);                            /* BSD loopback */
  epb (&b, 0, 4000000, 30, 30, 13);
  shb (&b, false);
  idb (&b, 228, 0);                          /* raw IPv4 */
  epb (&b, 0, 5000000, 20, 20, 14);

  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, 113);
  assert_int_equal (rec.interface_id, 1);
  assert_int_equal (rec.ts_ns, INT64_C (2000000000));
  assert_data (&rec, 50, 10);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, 1);
  assert_int_equal (rec.interface_id, 0);
  assert_int_equal (rec.ts_ns, INT64_C (3000000000));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, 101);
  assert_int_equal (rec.interface_id, 2);
  assert_int_equal (rec.ts_ns, INT64_C (101000000000));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, 0);
  assert_int_equal (rec.interface_id, 0);
  assert_int_equal (rec.ts_ns, INT64_C (4000000000));
  assert_data (&rec, 30, 13);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, 228);
  assert_int_equal (rec.ts_ns, INT64_C (5000000000));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  assert_null (ss_pcapng_get_warning (rd.r));
  reader_close (&rd);
  buf_free (&b);
}

static void
test_section_resets_interfaces (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  idb (&b, 1, 0);
  epb (&b, 1, 0, 10, 10, 1);
  shb (&b, true);
  idb (&b, 1, 0);
  epb (&b, 1, 0, 10, 10, 2);   /* interface 1 was in the previous section */

  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "packet 2");
  assert_contains (ss_pcapng_get_error (rd.r), "interface 1");
  assert_contains (ss_pcapng_get_error (rd.r), "only 1 interface");
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);   /* stays stopped */
  reader_close (&rd);
  buf_free (&b);
}

static void
test_no_interface (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  epb (&b, 0, 0, 10, 10, 1);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "no Interface Description Block");
  reader_close (&rd);
  buf_free (&b);

  /* An SHB alone, or with Custom Blocks only, is a valid file. */
  buf_init (&b);
  shb (&b, false);
  cb (&b, "hello");
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, SS_LINKTYPE_NONE);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  reader_close (&rd);
  buf_free (&b);
}

static void
test_interface_out_of_range (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  epb (&b, 0, 0, 10, 10, 1);
  epb (&b, 0xffffffffu, 0, 10, 10, 2);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "interface 4294967295");
  reader_close (&rd);
  buf_free (&b);
}

/* ---- the other block types ---- */

static void
test_spb (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t spb_start;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 96);
  epb (&b, 0, 7000000, 40, 40, 1);
  spb_start = b.len;
  spb (&b, 314, 316, 2);   /* snap length 96 wins */
  spb (&b, 50, 52, 3);     /* original length wins over the padding */
  spb (&b, 500, 80, 4);    /* block holds only 80 */

  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.caplen, 96);
  assert_int_equal (rec.wirelen, 314);
  assert_int_equal (rec.interface_id, 0);
  assert_int_equal (rec.linktype, 1);
  assert_int_equal (rec.ts_ns, INT64_C (7000000000));   /* the record before's */
  assert_int_equal (rec.data_offset, spb_start + 12);
  assert_data (&rec, 96, 2);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.caplen, 50);
  assert_int_equal (rec.wirelen, 50);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.caplen, 80);
  assert_int_equal (rec.wirelen, 500);
  assert_data (&rec, 80, 4);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  reader_close (&rd);
  buf_free (&b);

  /* an SPB needs interface 0 */
  buf_init (&b);
  shb (&b, false);
  spb (&b, 10, 12, 1);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "Simple Packet Block");
  reader_close (&rd);
  buf_free (&b);
}

static void
test_packet_block (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, true);
  idb (&b, 1, 0);
  idb (&b, 105, 0);
  pb (&b, 1, 2500000, 33, 40, 5);
  pb (&b, 2, 0, 33, 40, 6);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.interface_id, 1);
  assert_int_equal (rec.linktype, 105);
  assert_int_equal (rec.ts_ns, INT64_C (2500000000));
  assert_int_equal (rec.wirelen, 40);
  assert_data (&rec, 33, 5);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "Packet Block at byte");
  reader_close (&rd);
  buf_free (&b);
}

static void
test_isb_and_skipped_blocks (void **state)
{
  static const uint8_t dsb_body[] = { 0x4b, 0x53, 0x4c, 0x54, 4, 0, 0, 0, 'k', 'e', 'y', 's' };
  static const uint8_t unknown_body[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  Buf b;
  Reader rd;
  SsRecord rec;
  const SsInterfaceStats *st;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  nrb (&b);
  idb (&b, 1, 0);
  idb (&b, 1, 0);
  raw_block (&b, 0x0000000Au, dsb_body, sizeof dsb_body);   /* DSB */
  epb (&b, 0, 0, 10, 10, 1);
  raw_block (&b, 0x12345678u, unknown_body, sizeof unknown_body);
  raw_block (&b, 0x80000001u, NULL, 0);                    /* empty unknown block */
  isb (&b, 1, 1234, 5);
  cb (&b, "custom data");
  epb (&b, 1, 0, 10, 10, 2);

  /* an ISB with no counters */
  {
    size_t s = blk_begin (&b, 5);

    put32 (&b, 0);
    put32 (&b, 0);
    put32 (&b, 0);
    blk_end (&b, s);
  }

  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_data (&rec, 10, 1);
  assert_int_equal (ss_pcapng_n_stats (rd.r), 0);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  /* the Custom Block, a record of no link type */
  assert_int_equal (rec.linktype, SS_LINKTYPE_NONE);
  assert_int_equal (rec.interface_id, UINT32_MAX);
  assert_int_equal (rec.caplen, 12);   /* "custom data" + padding, as Wireshark shows it */
  assert_memory_equal (rec.data, "custom data", 11);
  assert_int_equal (ss_pcapng_n_stats (rd.r), 1);
  st = ss_pcapng_get_stats (rd.r, 0);
  assert_non_null (st);
  assert_int_equal (st->interface_id, 1);
  assert_int_equal (st->ifrecv, 1234);
  assert_int_equal (st->ifdrop, 5);
  assert_int_equal (st->osdrop, UINT64_MAX);
  assert_int_equal (st->filteraccept, UINT64_MAX);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.interface_id, 1);
  assert_data (&rec, 10, 2);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  assert_int_equal (ss_pcapng_n_stats (rd.r), 2);
  st = ss_pcapng_get_stats (rd.r, 1);
  assert_int_equal (st->ifrecv, UINT64_MAX);
  assert_null (ss_pcapng_get_stats (rd.r, 2));
  reader_close (&rd);
  buf_free (&b);
}

static void
test_snaplen_warning (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 64);
  epb (&b, 0, 0, 60, 60, 1);
  epb (&b, 0, 0, 100, 100, 2);
  epb (&b, 0, 0, 200, 200, 3);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_null (ss_pcapng_get_warning (rd.r));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_data (&rec, 100, 2);   /* kept as captured */
  assert_string_equal (ss_pcapng_get_warning (rd.r),
                       "packet 2 is longer than the snap length of its interface "
                       "(100 > 64 bytes); kept as captured");
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_data (&rec, 200, 3);
  assert_contains (ss_pcapng_get_warning (rd.r), "packet 2 ");   /* the first one stays */
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_EOF);
  reader_close (&rd);
  buf_free (&b);
}

static void
test_nflog_swapped (void **state)
{
  /* NFLOG header (family, version 0, resource id) and one TLV of length 8
   * type 1, written by a big-endian host into a big-endian section. */
  static const uint8_t be_tlv[] = { 2, 0, 0, 1, 0, 8, 0, 1, 0x08, 0x00, 0, 0 };
  Buf b;
  Reader rd;
  SsRecord rec;
  uint16_t tlv_len, tlv_type;

  (void) state;
  buf_init (&b);
  shb (&b, true);
  idb (&b, 239, 0);
  {
    size_t s = blk_begin (&b, 6);

    put32 (&b, 0);
    put32 (&b, 0);
    put32 (&b, 0);
    put32 (&b, sizeof be_tlv);
    put32 (&b, sizeof be_tlv);
    put_bytes (&b, be_tlv, sizeof be_tlv);
    blk_end (&b, s);
  }
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  /* the TLV length and type come out in this host's byte order, as libpcap
   * gives them for pcap files */
  memcpy (&tlv_len, rec.data + 4, 2);
  memcpy (&tlv_type, rec.data + 6, 2);
  assert_int_equal (tlv_len, 8);
  assert_int_equal (tlv_type, 1);
  assert_memory_equal (rec.data + 8, "\x08\x00", 2);   /* values untouched */
  reader_close (&rd);
  buf_free (&b);
}

/* ---- damaged files ---- */

static void
test_bad_shb (void **state)
{
  Buf b;
  Reader rd;

  (void) state;
  /* unknown major version */
  buf_init (&b);
  shb_version (&b, false, 2, 0);
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "version 2.0");
  buf_free (&b);

  buf_init (&b);
  shb_version (&b, true, 1, 1);
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "version 1.1");
  buf_free (&b);

  /* 1.2 is fine */
  buf_init (&b);
  shb_version (&b, true, 1, 2);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  reader_close (&rd);
  buf_free (&b);

  /* bad byte-order magic */
  buf_init (&b);
  shb (&b, false);
  b.data[8] = 0x11;
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "byte-order magic");
  buf_free (&b);

  /* not starting with an SHB (the reader alone; ss_source would not call it) */
  buf_init (&b);
  b.be = false;
  idb (&b, 1, 0);
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "Section Header Block");
  buf_free (&b);

  /* empty */
  buf_init (&b);
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "empty");
  buf_free (&b);

  /* A second section with a bad version stops there; the first stays. */
  {
    SsRecord rec;

    buf_init (&b);
    shb (&b, false);
    idb (&b, 1, 0);
    epb (&b, 0, 0, 10, 10, 1);
    shb_version (&b, false, 2, 0);
    idb (&b, 1, 0);
    epb (&b, 0, 0, 10, 10, 2);
    assert_true (reader_open (&rd, &b, SIZE_MAX));
    assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
    assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
    assert_contains (ss_pcapng_get_error (rd.r), "version 2.0");
    reader_close (&rd);
    buf_free (&b);
  }
}

/* A valid file, then one block whose leading length is total; the block's
 * body is filled with zeros and its trailer made to match (if it fits). */
static void
check_bad_length (uint32_t    total,
                  const char *want)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t i;

  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  epb (&b, 0, 0, 10, 10, 1);
  put32 (&b, 6);
  put32 (&b, total);
  for (i = 0; i < 64; i++)
    put32 (&b, total);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_data (&rec, 10, 1);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), want);
  reader_close (&rd);
  buf_free (&b);
}

static void
test_block_lengths (void **state)
{
  (void) state;
  check_bad_length (0, "impossible length of 0 bytes");
  check_bad_length (8, "impossible length of 8 bytes");
  check_bad_length (11, "impossible length of 11 bytes");
  check_bad_length (13, "not a multiple of 4");
  check_bad_length (30, "not a multiple of 4");
  check_bad_length (0xffffffffu, "not a multiple of 4");
  check_bad_length (0xfffffffcu, "more than the 16 MiB");
  check_bad_length (SS_PCAPNG_MAX_BLOCK_SIZE + 4, "more than the 16 MiB");
  /* 12 is a valid length for an unknown block, but an EPB needs 32 */
  check_bad_length (12, "too short");
  check_bad_length (28, "too short");
}

static void
test_trailer_mismatch (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  epb (&b, 0, 0, 10, 10, 1);
  epb (&b, 0, 0, 10, 10, 2);
  b.data[b.len - 4] ^= 0x40;
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "differs from");
  assert_contains (ss_pcapng_get_error (rd.r), "after packet 1");
  reader_close (&rd);
  buf_free (&b);
}

static void
test_epb_caplen_past_block (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t s;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  s = b.len;
  epb (&b, 0, 0, 10, 10, 1);
  set32_at (&b, s + 20, 0xffffffffu);   /* caplen */
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "4294967295 captured bytes");
  reader_close (&rd);
  buf_free (&b);

  /* caplen exactly the room in the block (options area empty) is fine */
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  s = b.len;
  epb (&b, 0, 0, 10, 10, 1);
  set32_at (&b, s + 20, (uint32_t) (b.len - s - 32));
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (rec.caplen, b.len - s - 32);
  reader_close (&rd);
  buf_free (&b);
}

static void
test_option_past_block (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t s;

  (void) state;
  /* SHB option running past its block (like libpcap's
   * shb-option-too-long.pcapng): the option is what gets named. */
  buf_init (&b);
  shb (&b, false);
  b.data[24] = 0x30;   /* option code */
  b.data[25] = 0x30;
  b.data[26] = 0x30;   /* option length 12336 */
  b.data[27] = 0x30;
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "Section Header Block at byte 0");
  assert_contains (rd.err, "option running past its end");
  assert_contains (rd.err, "at byte 24");
  buf_free (&b);

  /* the same with the trailer broken too */
  buf_init (&b);
  shb (&b, false);
  b.data[26] = 0x30;
  b.data[27] = 0x30;
  b.data[b.len - 1] = 0x30;
  assert_false (reader_open (&rd, &b, SIZE_MAX));
  assert_contains (rd.err, "option running past its end");
  buf_free (&b);

  /* IDB option one byte too long */
  buf_init (&b);
  shb (&b, false);
  s = blk_begin (&b, 1);
  put16 (&b, 1);
  put16 (&b, 0);
  put32 (&b, 0);
  put16 (&b, 2);
  put16 (&b, 5);     /* claims 5 bytes, 4 follow */
  put_bytes (&b, "eth0", 4);
  blk_end (&b, s);
  epb (&b, 0, 0, 10, 10, 1);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "Interface Description Block at byte");
  assert_contains (ss_pcapng_get_error (rd.r), "is 5 bytes long; 4 are left");
  reader_close (&rd);
  buf_free (&b);

  /* ISB counter claiming 8 bytes with 4 left */
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  s = blk_begin (&b, 5);
  put32 (&b, 0);
  put32 (&b, 0);
  put32 (&b, 0);
  put16 (&b, 4);
  put16 (&b, 8);
  put32 (&b, 99);
  blk_end (&b, s);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "Interface Statistics Block at byte");
  assert_contains (ss_pcapng_get_error (rd.r), "is 8 bytes long; 4 are left");
  reader_close (&rd);
  buf_free (&b);
}

/* Every prefix of a valid file either reads cleanly to a block boundary or
 * stops with a clean error, keeping every complete packet before the cut. */
static void
check_truncations (bool be)
{
  Buf b;
  size_t n, i;

  buf_init (&b);
  shb (&b, be);
  idb_full (&b, 1, 0, 9, false, 0);
  epb (&b, 0, 1000, 60, 60, 1);
  isb (&b, 0, 1, 0);
  idb (&b, 113, 128);
  epb (&b, 1, 2000, 33, 40, 2);
  nrb (&b);
  spb (&b, 20, 20, 3);
  cb (&b, "x");
  pb (&b, 0, 3000, 7, 7, 4);
  epb (&b, 0, 4000, 0, 0, 5);

  for (n = 0; n < b.len; n++)
    {
      Reader rd;
      SsRecord rec;
      SsNextResult res;
      size_t complete = 0, got = 0;
      bool boundary = false;

      for (i = 0; i < b.n_records; i++)
        if (b.record_end[i] <= n)
          complete++;
      for (i = 0; i < b.n_blocks; i++)
        if (n == b.block_end[i])
          boundary = true;

      if (!reader_open (&rd, &b, n))
        {
          /* only a cut inside the first SHB may fail to open */
          if (n >= b.shb_end)
            fail_msg ("cut at %zu: %s", n, rd.err);
          continue;
        }
      while ((res = ss_pcapng_next (rd.r, &rec)) == SS_NEXT_OK)
        got++;
      if (got != complete)
        fail_msg ("cut at %zu: %zu records, want %zu (%s)", n, got, complete,
                  ss_pcapng_get_error (rd.r));
      /* a clean end exactly where a block ends, a clean error elsewhere */
      if (boundary)
        {
          if (res != SS_NEXT_EOF)
            fail_msg ("cut at %zu (a block boundary): %s", n, ss_pcapng_get_error (rd.r));
        }
      else
        {
          assert_int_equal (res, SS_NEXT_ERROR);
          assert_contains (ss_pcapng_get_error (rd.r), "the file ends in the middle of");
        }
      reader_close (&rd);
    }

  /* and the whole file */
  {
    Reader rd;
    SsRecord rec;
    size_t got = 0;

    assert_true (reader_open (&rd, &b, SIZE_MAX));
    while (ss_pcapng_next (rd.r, &rec) == SS_NEXT_OK)
      got++;
    assert_int_equal (got, b.n_records);
    reader_close (&rd);
  }
  buf_free (&b);
}

static void
test_truncation_le (void **state)
{
  (void) state;
  check_truncations (false);
}

static void
test_truncation_be (void **state)
{
  (void) state;
  check_truncations (true);
}

static void
test_truncation_message (void **state)
{
  Buf b;
  Reader rd;
  SsRecord rec;
  size_t start;

  (void) state;
  buf_init (&b);
  shb (&b, false);
  idb (&b, 1, 0);
  epb (&b, 0, 0, 10, 10, 1);
  start = b.len;
  epb (&b, 0, 0, 100, 100, 2);
  assert_true (reader_open (&rd, &b, b.len - 30));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  {
    char want[200];

    snprintf (want, sizeof want, "the file ends in the middle of packet 2 (the Enhanced Packet "
              "Block at byte %zu; the block needs %zu bytes, only %zu are left)",
              start, b.len - start, b.len - start - 30);
    assert_string_equal (ss_pcapng_get_error (rd.r), want);
  }
  reader_close (&rd);

  /* cut inside the next block header: 5 bytes of it */
  put32 (&b, 1);
  put8 (&b, 20);
  assert_true (reader_open (&rd, &b, SIZE_MAX));
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_OK);
  assert_int_equal (ss_pcapng_next (rd.r, &rec), SS_NEXT_ERROR);
  assert_contains (ss_pcapng_get_error (rd.r), "Interface Description Block at byte");
  assert_contains (ss_pcapng_get_error (rd.r), "after packet 2");
  assert_contains (ss_pcapng_get_error (rd.r), "only 5 bytes are left");
  reader_close (&rd);
  buf_free (&b);
}

static void
test_bad_arguments (void **state)
{
  char err[SS_ERRBUF_SIZE];
  uint8_t prefix[32] = { 0 };
  SsRecord rec;

  (void) state;
  assert_null (ss_pcapng_new (NULL, NULL, 0, false, err, sizeof err));
  assert_null (ss_pcapng_new (stdin, prefix, sizeof prefix, false, err, sizeof err));
  assert_int_equal (ss_pcapng_next (NULL, &rec), SS_NEXT_ERROR);
  assert_string_equal (ss_pcapng_get_error (NULL), "");
  assert_null (ss_pcapng_get_warning (NULL));
  assert_int_equal (ss_pcapng_n_stats (NULL), 0);
  assert_null (ss_pcapng_get_stats (NULL, 0));
  ss_pcapng_free (NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_detect),
    cmocka_unit_test (test_bad_arguments),
    cmocka_unit_test (test_bad_shb),
    cmocka_unit_test (test_block_lengths),
    cmocka_unit_test (test_trailer_mismatch),
    cmocka_unit_test (test_option_past_block),
    cmocka_unit_test (test_epb_caplen_past_block),
    cmocka_unit_test (test_interface_out_of_range),
    cmocka_unit_test (test_no_interface),
    cmocka_unit_test (test_truncation_le),
    cmocka_unit_test (test_truncation_be),
    cmocka_unit_test (test_truncation_message),
    cmocka_unit_test (test_basic_le),
    cmocka_unit_test (test_basic_be),
    cmocka_unit_test (test_data_offset),
    cmocka_unit_test (test_tsresol),
    cmocka_unit_test (test_tsoffset),
    cmocka_unit_test (test_ts_out_of_range),
    cmocka_unit_test (test_sections_and_interfaces),
    cmocka_unit_test (test_section_resets_interfaces),
    cmocka_unit_test (test_spb),
    cmocka_unit_test (test_packet_block),
    cmocka_unit_test (test_isb_and_skipped_blocks),
    cmocka_unit_test (test_snaplen_warning),
    cmocka_unit_test (test_nflog_swapped),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
