/* The parts of live capture that need no device and no privilege: the
 * helper's status lines, the permission sentence, the filter check, the
 * stream reader that copies to the spool (ui/core/ss-live-stream.h), and
 * starting a helper (here a shell script that reports what it was given).
 */
#define _GNU_SOURCE   /* mkstemp, fdopen in strict C11 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ss-filter.h"
#include "ss-live-stream.h"
#include "ss-live.h"
#include "ss-pcapng-write.h"

/* Status lines */

static void
test_status_lines (void **state)
{
  SsLiveStatus st;

  (void) state;
  assert_true (ss_live_parse_status ("ready linktype=1 snaplen=262144", &st));
  assert_int_equal (st.kind, SS_LIVE_STATUS_READY);
  assert_int_equal (st.linktype, 1);
  assert_int_equal (st.snaplen, 262144);

  assert_true (ss_live_parse_status ("stats packets=10 recv=12 drop=2 ifdrop=0", &st));
  assert_int_equal (st.kind, SS_LIVE_STATUS_STATS);
  assert_int_equal (st.packets, 10);
  assert_int_equal (st.recv, 12);
  assert_int_equal (st.drop, 2);
  assert_int_equal (st.ifdrop, 0);

  assert_true (ss_live_parse_status ("done packets=18446744073709551615 recv=0 drop=0 ifdrop=7", &st));
  assert_int_equal (st.kind, SS_LIVE_STATUS_DONE);
  assert_true (st.packets == UINT64_MAX);
  assert_int_equal (st.ifdrop, 7);

  assert_true (ss_live_parse_status ("error permission: no permission to capture on eth0", &st));
  assert_int_equal (st.kind, SS_LIVE_STATUS_ERROR);
  assert_int_equal (st.error, SS_LIVE_ERR_PERMISSION);
  assert_string_equal (st.text, "no permission to capture on eth0");
  assert_true (ss_live_parse_status ("error filter: bad capture filter 'x': syntax error", &st));
  assert_int_equal (st.error, SS_LIVE_ERR_FILTER);
  assert_true (ss_live_parse_status ("error device: there is no interface 'x'", &st));
  assert_int_equal (st.error, SS_LIVE_ERR_NO_DEVICE);
  assert_true (ss_live_parse_status ("error other: ", &st));
  assert_int_equal (st.error, SS_LIVE_ERR_OTHER);
  assert_string_equal (st.text, "");

  /* what is not a status line */
  assert_false (ss_live_parse_status ("", &st));
  assert_int_equal (st.kind, SS_LIVE_STATUS_UNKNOWN);
  assert_false (ss_live_parse_status (NULL, &st));
  assert_false (ss_live_parse_status ("ready", &st));
  assert_false (ss_live_parse_status ("stats packets=1 recv=1", &st));
  assert_false (ss_live_parse_status ("done packets=x recv=0 drop=0 ifdrop=0", &st));
  assert_false (ss_live_parse_status ("error nonsense: what", &st));
  assert_false (ss_live_parse_status ("error permission", &st));
}

static void
test_permission_message (void **state)
{
  char buf[1024];

  (void) state;
  ss_live_permission_message ("/opt/bin/synscope-capture", "no permission to capture on eth0", buf, sizeof buf);
  assert_string_equal (buf, "no permission to capture on eth0: run it as root, or grant the capture "
                       "helper its capabilities once with 'sudo setcap cap_net_raw,cap_net_admin=eip "
                       "/opt/bin/synscope-capture'");
  /* a short buffer is cut, still a string */
  ss_live_permission_message ("/x", "why", buf, 8);
  assert_int_equal (strlen (buf), 7);
}

static void
test_filter_check (void **state)
{
  char why[512];

  (void) state;
  assert_true (ss_filter_check ("eth0", NULL, why, sizeof why));
  assert_true (ss_filter_check ("eth0", "", why, sizeof why));
  assert_string_equal (why, "");
  assert_true (ss_filter_check ("eth0", "tcp port 443 or udp", why, sizeof why));
  assert_true (ss_filter_check ("any", "host 192.0.2.1", why, sizeof why));
  assert_true (ss_filter_check (NULL, "ip6", why, sizeof why));
  assert_false (ss_filter_check ("eth0", "tcp port", why, sizeof why));
  assert_non_null (strstr (why, "bad capture filter 'tcp port': "));
  assert_non_null (strstr (why, "syntax error"));
  assert_false (ss_filter_check ("eth0", "host 999.0.0.1", why, sizeof why));
  assert_false (ss_filter_check ("eth0", "port 70000", why, sizeof why));
}

/* The stream and its spool */

typedef struct {
  uint32_t caplen;
  uint8_t  fill;
} Packet;

static const Packet packets[] = {
  { 60, 0x11 }, { 0, 0 }, { 1, 0x22 }, { 1514, 0x33 }, { 61, 0x44 },
};

/* A pcapng stream as the helper writes it, in a file: its fd (at 0) and size. */
static int
write_stream (bool with_stats, off_t *size)
{
  char path[] = "/tmp/ss-live-parts-XXXXXX";
  char errbuf[256];
  int fd = mkstemp (path);
  FILE *fp;
  SsPcapngWriter *w;
  uint8_t data[1514];
  struct stat st;

  assert_true (fd >= 0);
  unlink (path);
  fp = fdopen (dup (fd), "w");
  assert_non_null (fp);
  w = ss_pcapng_writer_new (fp, "test", errbuf, sizeof errbuf);
  assert_non_null (w);
  assert_int_equal (ss_pcapng_writer_add_interface (w, 1, 262144, "veth0"), 0);
  for (size_t i = 0; i < sizeof packets / sizeof packets[0]; i++)
    {
      memset (data, packets[i].fill, sizeof data);
      assert_true (ss_pcapng_writer_packet (w, 0, 1000000000 + (int64_t) i, data,
                                            packets[i].caplen, packets[i].caplen + 4));
    }
  if (with_stats)
    assert_true (ss_pcapng_writer_stats (w, 0, 2000000000, 5, 1, 2));
  assert_true (ss_pcapng_writer_flush (w));
  ss_pcapng_writer_free (w);
  fclose (fp);
  assert_int_equal (fstat (fd, &st), 0);
  *size = st.st_size;
  assert_int_equal (lseek (fd, 0, SEEK_SET), 0);
  return fd;
}

static int
spool_file (void)
{
  char path[] = "/tmp/ss-live-spool-XXXXXX";
  int fd = mkstemp (path);

  assert_true (fd >= 0);
  unlink (path);
  return fd;
}

static void
test_stream_spool (void **state)
{
  char errbuf[1024];
  off_t size = 0;
  int in = write_stream (true, &size);
  int spool = spool_file ();
  SsLiveStream *s = ss_live_stream_new (in, spool, errbuf, sizeof errbuf);
  SsInterfaceStats stats;
  SsRecord rec;
  size_t n = 0;

  (void) state;
  assert_non_null (s);
  while (ss_live_stream_next (s, &rec) == SS_NEXT_OK)
    {
      uint8_t back[1514];

      assert_true (n < sizeof packets / sizeof packets[0]);
      assert_int_equal (rec.caplen, packets[n].caplen);
      assert_int_equal (rec.wirelen, packets[n].caplen + 4);
      assert_int_equal (rec.linktype, 1);
      assert_true (rec.ts_ns == 1000000000 + (int64_t) n);
      assert_true (rec.data_offset != UINT64_MAX);
      /* the record's bytes are already in the spool, where it says */
      assert_true (ss_live_stream_spooled (s) >= rec.data_offset + rec.caplen);
      assert_int_equal (pread (spool, back, rec.caplen, (off_t) rec.data_offset), (ssize_t) rec.caplen);
      for (uint32_t k = 0; k < rec.caplen; k++)
        assert_int_equal (back[k], packets[n].fill);
      if (rec.caplen > 0)
        assert_memory_equal (back, rec.data, rec.caplen);
      n++;
    }
  assert_int_equal (n, sizeof packets / sizeof packets[0]);
  assert_string_equal (ss_live_stream_error (s), "");
  /* every byte of the stream is in the spool, the statistics too */
  assert_true (ss_live_stream_spooled (s) == (uint64_t) size);
  assert_true (lseek (spool, 0, SEEK_END) == size);
  assert_true (ss_live_stream_stats (s, &stats));
  assert_true (stats.ifrecv == 5 && stats.ifdrop == 1 && stats.osdrop == 2);
  ss_live_stream_free (s);   /* closes in */
  assert_true (fcntl (in, F_GETFD) == -1 && errno == EBADF);
  close (spool);
}

static void
test_stream_no_spool (void **state)
{
  char errbuf[1024];
  off_t size = 0;
  int in = write_stream (false, &size);
  SsLiveStream *s = ss_live_stream_new (in, -1, errbuf, sizeof errbuf);
  SsInterfaceStats stats;
  SsRecord rec;
  size_t n = 0;

  (void) state;
  assert_non_null (s);
  while (ss_live_stream_next (s, &rec) == SS_NEXT_OK)
    n++;
  assert_int_equal (n, sizeof packets / sizeof packets[0]);
  assert_true (ss_live_stream_spooled (s) == 0);
  assert_false (ss_live_stream_stats (s, &stats));
  ss_live_stream_free (s);
}

static void
test_stream_cut (void **state)
{
  char errbuf[1024];
  off_t size = 0;
  int in = write_stream (false, &size);
  int spool = spool_file ();
  SsLiveStream *s;
  SsRecord rec;
  SsNextResult res;
  size_t n = 0;

  (void) state;
  /* the helper died in the middle of its last packet */
  assert_int_equal (ftruncate (in, size - 10), 0);
  s = ss_live_stream_new (in, spool, errbuf, sizeof errbuf);
  assert_non_null (s);
  while ((res = ss_live_stream_next (s, &rec)) == SS_NEXT_OK)
    n++;
  assert_int_equal (res, SS_NEXT_ERROR);
  assert_int_equal (n, sizeof packets / sizeof packets[0] - 1);
  assert_non_null (strstr (ss_live_stream_error (s), "the capture stream broke off: "));
  ss_live_stream_free (s);
  close (spool);
}

static void
test_stream_empty (void **state)
{
  char errbuf[1024];
  int p[2];

  (void) state;
  /* the helper failed before its first byte */
  assert_int_equal (pipe (p), 0);
  close (p[1]);
  assert_null (ss_live_stream_new (p[0], -1, errbuf, sizeof errbuf));
  assert_non_null (strstr (errbuf, "the capture stream broke off: "));
  /* not pcapng */
  assert_int_equal (pipe (p), 0);
  assert_int_equal (write (p[1], "hello, this is not a capture", 28), 28);
  close (p[1]);
  assert_null (ss_live_stream_new (p[0], -1, errbuf, sizeof errbuf));
}

static void
test_stream_spool_fails (void **state)
{
  char errbuf[1024];
  off_t size = 0;
  int in = write_stream (false, &size);
  int ro = open ("/dev/null", O_RDONLY);

  (void) state;
  /* a spool that cannot be written stops the stream and says why */
  assert_true (ro >= 0);
  assert_null (ss_live_stream_new (in, ro, errbuf, sizeof errbuf));
  assert_non_null (strstr (errbuf, "cannot write the capture's spool file: "));
  close (ro);
}

/* Starting a helper */

static char *
read_all (int fd)
{
  static char buf[8192];
  size_t got = 0;
  ssize_t n;

  while ((n = read (fd, buf + got, sizeof buf - 1 - got)) > 0)
    got += (size_t) n;
  buf[got] = '\0';
  return buf;
}

static void
test_spawn (void **state)
{
  char script[] = "/tmp/ss-fake-helper-XXXXXX";
  char errbuf[1024];
  SsLiveOptions opts = { .iface = "veth0", .filter = "tcp port 80", .snaplen = 96,
                         .promisc = false, .buffer_size = 1048576 };
  SsLiveHelper h;
  int fd = mkstemp (script), wstatus = 0;
  const char *text =
    "#!/bin/sh\n"
    "echo \"args $*\" >&3\n"
    /* a descriptor of ours that is not close-on-exec does not reach it */
    "if [ -e /proc/$$/fd/20 ]; then echo 'fd20 open' >&3; else echo 'fd20 closed' >&3; fi\n"
    "printf 'pcapng' \n";
  FILE *fp;
  char *status, *data;

  (void) state;
  assert_true (fd >= 0);
  fp = fdopen (fd, "w");
  fputs (text, fp);
  fclose (fp);
  chmod (script, 0755);
  assert_true (ss_live_helper_usable (script));
  assert_false (ss_live_helper_usable ("/nonexistent/synscope-capture"));
  assert_false (ss_live_helper_usable (""));

  assert_int_equal (dup2 (STDERR_FILENO, 20), 20);   /* inheritable */
  assert_true (ss_live_spawn_helper (script, &opts, 25, &h, errbuf, sizeof errbuf));
  close (20);
  assert_true (h.pid > 0);
  assert_true (fcntl (h.data_fd, F_GETFD) & FD_CLOEXEC);
  assert_true (fcntl (h.status_fd, F_GETFD) & FD_CLOEXEC);
  data = strdup (read_all (h.data_fd));
  status = read_all (h.status_fd);
  assert_non_null (strstr (status, "args -i veth0 -f tcp port 80 -c 25 -s 96 -B 1048576 --no-promisc\n"));
  assert_non_null (strstr (status, "fd20 closed\n"));
  assert_string_equal (data, "pcapng");
  free (data);
  assert_int_equal (waitpid (h.pid, &wstatus, 0), h.pid);
  assert_true (WIFEXITED (wstatus) && WEXITSTATUS (wstatus) == 0);
  close (h.data_fd);
  close (h.status_fd);

  /* no interface; a helper that cannot be run */
  opts.iface = "";
  assert_false (ss_live_spawn_helper (script, &opts, 0, &h, errbuf, sizeof errbuf));
  assert_string_equal (errbuf, "no interface was named");
  opts.iface = "veth0";
  assert_false (ss_live_spawn_helper ("/nonexistent/synscope-capture", &opts, 0, &h, errbuf, sizeof errbuf));
  assert_non_null (strstr (errbuf, "cannot run /nonexistent/synscope-capture: "));
  unlink (script);
}

static void
test_find_helper (void **state)
{
  char buf[4096];

  (void) state;
  setenv ("SYNSCOPE_CAPTURE", "/somewhere/else", 1);
  assert_string_equal (ss_live_find_helper (buf, sizeof buf), "/somewhere/else");
  unsetenv ("SYNSCOPE_CAPTURE");
  /* the build tree's, or the installed one: a path to synscope-capture */
  assert_non_null (strstr (ss_live_find_helper (buf, sizeof buf), "synscope-capture"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_status_lines),
    cmocka_unit_test (test_permission_message),
    cmocka_unit_test (test_filter_check),
    cmocka_unit_test (test_stream_spool),
    cmocka_unit_test (test_stream_no_spool),
    cmocka_unit_test (test_stream_cut),
    cmocka_unit_test (test_stream_empty),
    cmocka_unit_test (test_stream_spool_fails),
    cmocka_unit_test (test_spawn),
    cmocka_unit_test (test_find_helper),
  };

  signal (SIGPIPE, SIG_IGN);
  return cmocka_run_group_tests_name ("live-parts", tests, NULL, NULL);
}
