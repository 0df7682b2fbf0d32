/* test-pcapng-write.c - unit tests of the pcapng writer
 * (capture/ss-pcapng-write.c): files are written, then read back with our
 * own reader (SsSource over ss-pcapng.c) and with libpcap.
 *
 * Block layouts from draft-ietf-opsawg-pcapng: SHB 4.1, IDB 4.2, EPB 4.3,
 * ISB 4.6.
 */
#define _DEFAULT_SOURCE   /* u_char, which <pcap.h> uses */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ss-pcapng-write.h"
#include "ss-source.h"

typedef struct {
  char            path[64];
  FILE           *fp;
  SsPcapngWriter *w;
} Out;

static void
out_open (Out *o)
{
  char errbuf[256];
  int fd;

  snprintf (o->path, sizeof o->path, "/tmp/ss-test-write-XXXXXX");
  fd = mkstemp (o->path);
  assert_true (fd >= 0);
  o->fp = fdopen (fd, "wb");
  assert_non_null (o->fp);
  o->w = ss_pcapng_writer_new (o->fp, o->path, errbuf, sizeof errbuf);
  assert_non_null (o->w);
}

/* Closes the writer and opens the file with our reader. */
static SsSource *
out_reopen (Out *o)
{
  char errbuf[SS_ERRBUF_SIZE];
  SsSource *src;

  assert_true (ss_pcapng_writer_flush (o->w));
  assert_null (ss_pcapng_writer_error (o->w));
  ss_pcapng_writer_free (o->w);
  o->w = NULL;
  assert_int_equal (fclose (o->fp), 0);
  o->fp = NULL;
  src = ss_source_open_file (o->path, errbuf, sizeof errbuf);
  if (src == NULL)
    fail_msg ("%s", errbuf);
  assert_int_equal (ss_source_format (src), SS_FORMAT_PCAPNG);
  return src;
}

static void
out_remove (Out *o)
{
  unlink (o->path);
}

static void
test_no_packets (void **state)
{
  Out o;
  SsRecord rec;
  SsSource *src;

  (void) state;
  out_open (&o);
  /* the Section Header Block alone */
  src = out_reopen (&o);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_null (ss_source_error (src));
  ss_source_close (src);
  out_remove (&o);

  /* and with an interface */
  out_open (&o);
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 1, 262144, "eth0"), 0);
  src = out_reopen (&o);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_null (ss_source_error (src));
  assert_int_equal (ss_source_count (src), 0);
  ss_source_close (src);
  out_remove (&o);
}

static void
test_packets_read_back (void **state)
{
  /* lengths: 0, 1, 3 (padding), 4, 65535 */
  static const uint32_t lens[] = { 0, 1, 3, 4, 65535 };
  static uint8_t big[65535];
  const size_t n = sizeof lens / sizeof lens[0];
  const int64_t ts0 = 1700000000123456789;   /* needs all 64 bits of ns */
  Out o;
  SsRecord rec;
  SsSource *src;

  (void) state;
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = (uint8_t) (i * 7 + 1);
  out_open (&o);
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 1, 65535, "veth0"), 0);
  for (size_t i = 0; i < n; i++)
    assert_true (ss_pcapng_writer_packet (o.w, 0, ts0 + (int64_t) i, big, lens[i], lens[i] + 10));
  src = out_reopen (&o);
  for (size_t i = 0; i < n; i++)
    {
      assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
      assert_int_equal (rec.ts_ns, ts0 + (int64_t) i);
      assert_int_equal (rec.linktype, 1);
      assert_int_equal (rec.interface_id, 0);
      assert_int_equal (rec.caplen, lens[i]);
      assert_int_equal (rec.wirelen, lens[i] + 10);
      if (lens[i] > 0)
        assert_memory_equal (rec.data, big, lens[i]);
    }
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_null (ss_source_error (src));
  ss_source_close (src);
  out_remove (&o);
}

static void
test_two_interfaces_and_stats (void **state)
{
  static const uint8_t pkt[] = { 0x45, 0, 0, 20 };
  const SsInterfaceStats *st;
  Out o;
  SsRecord rec;
  SsSource *src;

  (void) state;
  out_open (&o);
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 1, 262144, "eth0"), 0);
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 101, 0xffff, NULL), 1);
  assert_true (ss_pcapng_writer_packet (o.w, 1, 5, pkt, sizeof pkt, sizeof pkt));
  assert_true (ss_pcapng_writer_stats (o.w, 0, 6, 10, 0, 3));
  assert_true (ss_pcapng_writer_stats (o.w, 1, 7, 0xffffffffffffull, UINT64_MAX, UINT64_MAX));
  src = out_reopen (&o);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (rec.interface_id, 1);
  assert_int_equal (rec.linktype, 101);
  assert_int_equal (rec.ts_ns, 5);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_null (ss_source_error (src));
  assert_int_equal (ss_source_n_stats (src), 2);
  st = ss_source_get_stats (src, 0);
  assert_non_null (st);
  assert_int_equal (st->interface_id, 0);
  assert_int_equal (st->ifrecv, 10);
  assert_int_equal (st->ifdrop, 0);
  assert_int_equal (st->osdrop, 3);
  st = ss_source_get_stats (src, 1);
  assert_non_null (st);
  assert_int_equal (st->interface_id, 1);
  assert_int_equal (st->ifrecv, 0xffffffffffffull);
  assert_true (st->ifdrop == UINT64_MAX);
  assert_true (st->osdrop == UINT64_MAX);
  ss_source_close (src);
  out_remove (&o);
}

static void
test_bad_calls (void **state)
{
  static const uint8_t pkt[4] = { 0 };
  Out o;

  (void) state;
  out_open (&o);
  /* a link type pcapng cannot hold (16 bits) */
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 0x10000, 100, NULL), -1);
  assert_null (ss_pcapng_writer_error (o.w));
  assert_false (ss_pcapng_writer_stats (o.w, 0, 0, 1, 1, 1));
  /* a packet on an interface that does not exist */
  assert_false (ss_pcapng_writer_packet (o.w, 0, 0, pkt, sizeof pkt, sizeof pkt));
  assert_non_null (ss_pcapng_writer_error (o.w));
  assert_false (ss_pcapng_writer_flush (o.w));
  ss_pcapng_writer_free (o.w);
  fclose (o.fp);
  out_remove (&o);
}

static void
test_write_error (void **state)
{
  static uint8_t pkt[8192];
  char errbuf[256];
  SsPcapngWriter *w;
  FILE *fp;
  bool ok = true;

  (void) state;
  fp = fopen ("/dev/full", "wb");
  if (fp == NULL)
    skip ();
  w = ss_pcapng_writer_new (fp, "/dev/full", errbuf, sizeof errbuf);
  if (w != NULL)
    {
      if (ss_pcapng_writer_add_interface (w, 1, 65535, NULL) != 0)
        ok = false;
      for (int i = 0; ok && i < 64; i++)
        ok = ss_pcapng_writer_packet (w, 0, i, pkt, sizeof pkt, sizeof pkt);
      if (ok)
        ok = ss_pcapng_writer_flush (w);
      assert_false (ok);
      assert_non_null (ss_pcapng_writer_error (w));
      assert_non_null (strstr (ss_pcapng_writer_error (w), "cannot write /dev/full"));
      ss_pcapng_writer_free (w);
    }
  else
    assert_non_null (strstr (errbuf, "/dev/full"));
  fclose (fp);
}

/* libpcap reads what we write too (one link type, nanoseconds). */
static void
test_libpcap_reads_it (void **state)
{
  static const uint8_t pkt[] = { 1, 2, 3, 4, 5 };
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *hdr;
  const u_char *data;
  pcap_t *p;
  Out o;

  (void) state;
  out_open (&o);
  assert_int_equal (ss_pcapng_writer_add_interface (o.w, 1, 65535, "eth0"), 0);
  assert_true (ss_pcapng_writer_packet (o.w, 0, 1700000000987654321, pkt, sizeof pkt, 60));
  assert_true (ss_pcapng_writer_stats (o.w, 0, 1700000001000000000, 1, 0, 0));
  ss_source_close (out_reopen (&o));
  p = pcap_open_offline_with_tstamp_precision (o.path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == NULL)
    fail_msg ("%s", errbuf);
  assert_int_equal (pcap_datalink (p), DLT_EN10MB);
  assert_int_equal (pcap_snapshot (p), 65535);
  assert_int_equal (pcap_next_ex (p, &hdr, &data), 1);
  assert_int_equal (hdr->ts.tv_sec, 1700000000);
  assert_int_equal (hdr->ts.tv_usec, 987654321);
  assert_int_equal (hdr->caplen, sizeof pkt);
  assert_int_equal (hdr->len, 60);
  assert_memory_equal (data, pkt, sizeof pkt);
  /* the end of a savefile (pcap_next_ex(3PCAP)) */
  assert_int_equal (pcap_next_ex (p, &hdr, &data), PCAP_ERROR_BREAK);
  pcap_close (p);
  out_remove (&o);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_no_packets),
    cmocka_unit_test (test_packets_read_back),
    cmocka_unit_test (test_two_interfaces_and_stats),
    cmocka_unit_test (test_bad_calls),
    cmocka_unit_test (test_write_error),
    cmocka_unit_test (test_libpcap_reads_it),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
