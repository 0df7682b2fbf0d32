/* test-source.c - unit tests of SsSource (capture/ss-source.c and
 * capture/ss-source-pcap.c): opening and detection, classic pcap through
 * libpcap (us, ns, big-endian, "modified"), pcapng files, standard input
 * and named pipes, truncated files. Uses the tiny captures in data/ (made by
 * data/gen-captures.py) and temporary files cut from them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ss-source.h"

#ifndef SS_TEST_DATA_DIR
# error "SS_TEST_DATA_DIR must name tests/unit/capture/data"
#endif

#define US_TS1 INT64_C (1700000000123456000)
#define NS_TS1 INT64_C (1700000000123456789)
#define TS2    INT64_C (1700000001000005000)
#define TS3    INT64_C (4026531840999999000)   /* seconds >= 2^31 */

typedef struct {
  char    path[512];
  uint8_t *data;
  size_t  len;
} Blob;

static void
data_path (char       *out,
           size_t      out_size,
           const char *name)
{
  snprintf (out, out_size, "%s/%s", SS_TEST_DATA_DIR, name);
}

static void
blob_load (Blob       *b,
           const char *name)
{
  FILE *fp;
  long n;

  data_path (b->path, sizeof b->path, name);
  fp = fopen (b->path, "rb");
  if (fp == NULL)
    fail_msg ("cannot open %s: %s", b->path, strerror (errno));
  assert_int_equal (fseek (fp, 0, SEEK_END), 0);
  n = ftell (fp);
  assert_true (n > 0);
  rewind (fp);
  b->len = (size_t) n;
  b->data = malloc (b->len);
  assert_non_null (b->data);
  assert_int_equal (fread (b->data, 1, b->len, fp), b->len);
  fclose (fp);
}

static void
blob_free (Blob *b)
{
  free (b->data);
}

/* Writes n bytes to a new temporary file; its name goes to path. */
static void
write_temp (char          *path,
            size_t         path_size,
            const void    *data,
            size_t         n)
{
  const char *dir = getenv ("TMPDIR");
  int fd;

  snprintf (path, path_size, "%s/ss-test-source-XXXXXX", dir && *dir ? dir : "/tmp");
  fd = mkstemp (path);
  assert_true (fd >= 0);
  if (n)
    assert_int_equal (write (fd, data, n), (ssize_t) n);
  close (fd);
}

static void
assert_contains (const char *s,
                 const char *part)
{
  if (s == NULL || strstr (s, part) == NULL)
    fail_msg ("\"%s\" does not contain \"%s\"", s ? s : "(null)", part);
}

/* ---- opening ---- */

static void
expect_open_error (const char *path,
                   const char *want)
{
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src = ss_source_open_file (path, err, sizeof err);

  if (src != NULL)
    {
      ss_source_close (src);
      fail_msg ("%s opened; wanted \"%s\"", path, want);
    }
  assert_contains (err, want);
}

static void
test_open_errors (void **state)
{
  char path[512], want[700];

  (void) state;
  expect_open_error ("/nonexistent/x.pcap", "cannot open /nonexistent/x.pcap: No such file or directory");
  expect_open_error (SS_TEST_DATA_DIR, "is a directory, not a capture file");
  expect_open_error ("", "no capture file was named");
  assert_null (ss_source_open_file (NULL, NULL, 0));

  write_temp (path, sizeof path, "", 0);
  snprintf (want, sizeof want, "%s is empty (0 bytes), not a capture file", path);
  expect_open_error (path, want);
  unlink (path);

  write_temp (path, sizeof path, "\xd4\xc3\xb2", 3);
  snprintf (want, sizeof want, "%s is too short to be a capture file (3 bytes)", path);
  expect_open_error (path, want);
  unlink (path);

  write_temp (path, sizeof path, "\x0a", 1);
  snprintf (want, sizeof want, "%s is too short to be a capture file (1 byte)", path);
  expect_open_error (path, want);
  unlink (path);

  write_temp (path, sizeof path, "<!DOCTYPE html>", 15);
  snprintf (want, sizeof want, "%s is not a capture file (it starts with bytes 3c 21 44 4f)", path);
  expect_open_error (path, want);
  unlink (path);

  /* pcap magic, then 8 bytes: cut inside the file header */
  write_temp (path, sizeof path, "\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00", 12);
  snprintf (want, sizeof want, "%s ends inside its 24-byte pcap file header (it has only 12 bytes)", path);
  expect_open_error (path, want);
  unlink (path);

  /* pcapng magic, then not enough for a Section Header Block */
  write_temp (path, sizeof path, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c", 10);
  expect_open_error (path, "the file ends in the middle of a Section Header Block at byte 0");
  unlink (path);
}

static void
test_pcap_bad_header (void **state)
{
  char path[512];
  Blob b;

  (void) state;
  blob_load (&b, "tiny-us-le.pcap");
  b.data[6] = 5;   /* version 2.5 */
  write_temp (path, sizeof path, b.data, b.len);
  expect_open_error (path, "libpcap cannot read its pcap file header: unsupported pcap savefile version 2.5");
  unlink (path);
  blob_free (&b);
}

static void
test_null_arguments (void **state)
{
  SsRecord rec;

  (void) state;
  assert_int_equal (ss_source_next (NULL, &rec), SS_NEXT_ERROR);
  assert_null (ss_source_error (NULL));
  assert_null (ss_source_warning (NULL));
  assert_int_equal (ss_source_format (NULL), SS_FORMAT_UNKNOWN);
  assert_int_equal (ss_source_count (NULL), 0);
  assert_int_equal (ss_source_n_stats (NULL), 0);
  assert_null (ss_source_get_stats (NULL, 0));
  ss_source_close (NULL);
}

/* ---- reading whole files ---- */

typedef struct {
  int64_t  ts[3];
  uint32_t linktype;
  uint64_t offset[3];   /* UINT64_MAX: not known (a stream) */
} Expect;

static const uint32_t tiny_caplen[3] = { 60, 74, 98 };

/* Reads src to its end and checks the three tiny records against the bytes
 * of the file they came from. */
static void
check_tiny (SsSource     *src,
            const Blob   *b,
            const Expect *e,
            SsFormat      format)
{
  static const uint64_t pcap_offsets[3] = { 40, 116, 206 };
  SsRecord rec;
  int i;

  assert_non_null (src);
  assert_int_equal (ss_source_format (src), format);
  for (i = 0; i < 3; i++)
    {
      assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
      assert_int_equal (rec.ts_ns, e->ts[i]);
      assert_int_equal (rec.linktype, e->linktype);
      assert_int_equal (rec.caplen, tiny_caplen[i]);
      assert_int_equal (rec.wirelen, tiny_caplen[i]);
      assert_int_equal (rec.interface_id, 0);
      assert_int_equal (rec.data_offset, e->offset[i]);
      if (e->offset[i] != UINT64_MAX)
        {
          assert_true (e->offset[i] + rec.caplen <= b->len);
          assert_memory_equal (rec.data, b->data + e->offset[i], rec.caplen);
        }
      else if (format == SS_FORMAT_PCAP)
        assert_memory_equal (rec.data, b->data + pcap_offsets[i], rec.caplen);
      assert_int_equal (ss_source_count (src), (uint64_t) i + 1);
    }
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);   /* stays at the end */
  assert_int_equal (ss_source_count (src), 3);
  assert_null (ss_source_error (src));
  assert_null (ss_source_warning (src));
}

static void
check_tiny_file (const char   *name,
                 const Expect *e,
                 SsFormat      format)
{
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  Blob b;

  blob_load (&b, name);
  src = ss_source_open_file (b.path, err, sizeof err);
  if (src == NULL)
    fail_msg ("%s: %s", name, err);
  check_tiny (src, &b, e, format);
  assert_int_equal (ss_source_n_stats (src), 0);
  ss_source_close (src);
  blob_free (&b);
}

static void
test_pcap_us_le (void **state)
{
  const Expect e = { { US_TS1, TS2, TS3 }, 1, { 40, 116, 206 } };

  (void) state;
  check_tiny_file ("tiny-us-le.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcap_us_be (void **state)
{
  const Expect e = { { US_TS1, TS2, TS3 }, 1, { 40, 116, 206 } };

  (void) state;
  check_tiny_file ("tiny-us-be.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcap_ns_le (void **state)
{
  const Expect e = { { NS_TS1, TS2, TS3 }, 1, { 40, 116, 206 } };

  (void) state;
  check_tiny_file ("tiny-ns-le.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcap_ns_be (void **state)
{
  const Expect e = { { NS_TS1, TS2, TS3 }, 1, { 40, 116, 206 } };

  (void) state;
  check_tiny_file ("tiny-ns-be.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcap_modified (void **state)
{
  /* 24-byte record headers */
  const Expect e = { { US_TS1, TS2, TS3 }, 1, { 48, 132, 230 } };

  (void) state;
  check_tiny_file ("tiny-modified.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcap_linktype (void **state)
{
  /* linktype 12 in the file is the old DLT_RAW: LINKTYPE_RAW (101) */
  const Expect e = { { US_TS1, TS2, TS3 }, 101, { 40, 116, 206 } };

  (void) state;
  check_tiny_file ("raw-dlt12.pcap", &e, SS_FORMAT_PCAP);
}

static void
test_pcapng_file (void **state)
{
  const Expect e = { { NS_TS1, TS2, TS3 }, 1, { 88, 180, 288 } };

  (void) state;
  check_tiny_file ("tiny.pcapng", &e, SS_FORMAT_PCAPNG);
}

static void
test_pcapng_stats (void **state)
{
  char err[SS_ERRBUF_SIZE] = "";
  const SsInterfaceStats *st;
  SsSource *src;
  SsRecord rec;
  Blob b;

  (void) state;
  blob_load (&b, "stats.pcapng");
  src = ss_source_open_file (b.path, err, sizeof err);
  assert_non_null (src);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (rec.ts_ns, INT64_C (1700000000000000000));
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (rec.linktype, SS_LINKTYPE_NONE);
  assert_int_equal (rec.caplen, 8);
  assert_memory_equal (rec.data, "custom!!", 8);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);   /* SPB, big-endian section */
  assert_int_equal (rec.linktype, 101);
  assert_int_equal (rec.caplen, 40);
  assert_int_equal (rec.wirelen, 60);
  assert_memory_equal (rec.data, "\x45\x00\x00\x3c", 4);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  assert_int_equal (ss_source_n_stats (src), 1);
  st = ss_source_get_stats (src, 0);
  assert_non_null (st);
  assert_int_equal (st->interface_id, 0);
  assert_int_equal (st->ifrecv, 10);
  assert_int_equal (st->ifdrop, 1);
  assert_int_equal (st->filteraccept, 9);
  assert_int_equal (st->osdrop, UINT64_MAX);
  assert_null (ss_source_get_stats (src, 1));
  ss_source_close (src);
  blob_free (&b);
}

static void
test_pcap_oversnap (void **state)
{
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  SsRecord rec;
  Blob b;

  (void) state;
  blob_load (&b, "oversnap.pcap");
  src = ss_source_open_file (b.path, err, sizeof err);
  assert_non_null (src);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_null (ss_source_warning (src));
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  /* libpcap cuts it at the snap length (64); it is kept as captured */
  assert_int_equal (rec.caplen, 100);
  assert_int_equal (rec.data_offset, 40 + 60 + 16);
  assert_memory_equal (rec.data, b.data + rec.data_offset, 100);
  assert_string_equal (ss_source_warning (src),
                       "packet 2 is longer than the snap length (100 > 64 bytes); kept as captured");
  /* with no error, ss_source_error () gives the warning */
  assert_string_equal (ss_source_error (src), ss_source_warning (src));
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (rec.caplen, 60);
  assert_int_equal (rec.data_offset, 40 + 60 + 16 + 100 + 16);
  assert_memory_equal (rec.data, b.data + rec.data_offset, 60);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_EOF);
  ss_source_close (src);
  blob_free (&b);
}

/* ---- truncated files ---- */

/* Every prefix of a tiny file: a clean open error, or every complete record
 * and then EOF (at a record boundary) or a clean error. */
static void
check_pcap_truncations (const char *name,
                        size_t      hdr_size)
{
  static const size_t record_end_16[3] = { 24 + 16 + 60, 24 + 32 + 134, 24 + 48 + 232 };
  Blob b;
  size_t n;

  blob_load (&b, name);
  for (n = 0; n < b.len; n++)
    {
      char path[512], err[SS_ERRBUF_SIZE] = "";
      size_t complete = 0, got = 0, i;
      bool boundary = n == 24;
      SsNextResult res;
      SsSource *src;
      SsRecord rec;

      for (i = 0; i < 3; i++)
        {
          size_t end = record_end_16[i] + (hdr_size - 16) * (i + 1);

          if (end <= n)
            complete++;
          if (end == n)
            boundary = true;
        }

      write_temp (path, sizeof path, b.data, n);
      src = ss_source_open_file (path, err, sizeof err);
      if (n < 24)
        {
          assert_null (src);
          if (n == 0)
            assert_contains (err, "is empty");
          else if (n < 4)
            assert_contains (err, "is too short to be a capture file");
          else
            assert_contains (err, "ends inside its 24-byte pcap file header");
          unlink (path);
          continue;
        }
      if (src == NULL)
        fail_msg ("cut at %zu: %s", n, err);
      while ((res = ss_source_next (src, &rec)) == SS_NEXT_OK)
        got++;
      if (got != complete)
        fail_msg ("cut at %zu: %zu records, want %zu", n, got, complete);
      if (boundary)
        assert_int_equal (res, SS_NEXT_EOF);
      else
        {
          assert_int_equal (res, SS_NEXT_ERROR);
          assert_contains (ss_source_error (src), "the file ends in the middle of");
          assert_int_equal (ss_source_next (src, &rec), SS_NEXT_ERROR);   /* stays stopped */
        }
      ss_source_close (src);
      unlink (path);
    }
  blob_free (&b);
}

static void
test_pcap_truncation_us_le (void **state)
{
  (void) state;
  check_pcap_truncations ("tiny-us-le.pcap", 16);
}

static void
test_pcap_truncation_ns_be (void **state)
{
  (void) state;
  check_pcap_truncations ("tiny-ns-be.pcap", 16);
}

static void
test_pcap_truncation_modified (void **state)
{
  (void) state;
  check_pcap_truncations ("tiny-modified.pcap", 24);
}

static void
expect_cut_message (const char *name,
                    size_t      n,
                    uint64_t    records,
                    const char *want)
{
  char path[512], err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  SsRecord rec;
  Blob b;

  blob_load (&b, name);
  write_temp (path, sizeof path, b.data, n);
  src = ss_source_open_file (path, err, sizeof err);
  assert_non_null (src);
  while (ss_source_next (src, &rec) == SS_NEXT_OK)
    ;
  assert_int_equal (ss_source_count (src), records);
  assert_string_equal (ss_source_error (src), want);
  ss_source_close (src);
  unlink (path);
  blob_free (&b);
}

static void
test_truncation_messages (void **state)
{
  (void) state;
  /* record 3 starts at 190: header to 206, data to 304 */
  expect_cut_message ("tiny-us-le.pcap", 250, 2,
                      "the file ends in the middle of packet 3 (at byte 250; the packet needs 304)");
  expect_cut_message ("tiny-us-le.pcap", 195, 2,
                      "the file ends in the middle of the header of packet 3 (at byte 195; "
                      "the header needs 206)");
  expect_cut_message ("tiny.pcapng", 300, 2,
                      "the file ends in the middle of packet 3 (the Enhanced Packet Block at "
                      "byte 260; the block needs 132 bytes, only 40 are left)");
}

/* ---- standard input and pipes ---- */

/* Runs the source on "-" with standard input reading from fd. */
static SsSource *
open_stdin_from (int   fd,
                 int  *saved,
                 char *err)
{
  *saved = dup (STDIN_FILENO);
  assert_true (*saved >= 0);
  assert_true (dup2 (fd, STDIN_FILENO) >= 0);
  close (fd);
  clearerr (stdin);
  return ss_source_open_file ("-", err, SS_ERRBUF_SIZE);
}

static void
restore_stdin (int saved)
{
  /* Drop what stdio may still hold of this stream (a source that stopped
   * early leaves the rest unread). */
  clearerr (stdin);
  while (fgetc (stdin) != EOF)
    ;
  assert_true (dup2 (saved, STDIN_FILENO) >= 0);
  close (saved);
  clearerr (stdin);
}

/* A pipe already holding data (small files fit in the pipe's buffer). */
static int
pipe_with (const void *data,
           size_t      n)
{
  int p[2];

  assert_int_equal (pipe (p), 0);
  if (n)
    assert_int_equal (write (p[1], data, n), (ssize_t) n);
  close (p[1]);
  return p[0];
}

static void
check_stdin_pipe (const char   *name,
                  const Expect *e,
                  SsFormat      format)
{
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  int saved;
  Blob b;

  blob_load (&b, name);
  src = open_stdin_from (pipe_with (b.data, b.len), &saved, err);
  if (src == NULL)
    {
      restore_stdin (saved);
      fail_msg ("%s on standard input: %s", name, err);
    }
  check_tiny (src, &b, e, format);
  ss_source_close (src);
  restore_stdin (saved);
  blob_free (&b);
}

static void
test_stdin_pcap (void **state)
{
  const Expect e = { { NS_TS1, TS2, TS3 }, 1, { UINT64_MAX, UINT64_MAX, UINT64_MAX } };
  const Expect u = { { US_TS1, TS2, TS3 }, 1, { UINT64_MAX, UINT64_MAX, UINT64_MAX } };

  (void) state;
  check_stdin_pipe ("tiny-ns-be.pcap", &e, SS_FORMAT_PCAP);
  check_stdin_pipe ("tiny-us-le.pcap", &u, SS_FORMAT_PCAP);
}

static void
test_stdin_pcapng (void **state)
{
  const Expect e = { { NS_TS1, TS2, TS3 }, 1, { UINT64_MAX, UINT64_MAX, UINT64_MAX } };

  (void) state;
  check_stdin_pipe ("tiny.pcapng", &e, SS_FORMAT_PCAPNG);
}

static void
test_stdin_reopened_file (void **state)
{
  const Expect e = { { US_TS1, TS2, TS3 }, 1, { UINT64_MAX, UINT64_MAX, UINT64_MAX } };
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  int saved, fd;
  Blob b;

  (void) state;
  blob_load (&b, "tiny-us-be.pcap");
  fd = open (b.path, O_RDONLY);
  assert_true (fd >= 0);
  src = open_stdin_from (fd, &saved, err);
  assert_non_null (src);
  check_tiny (src, &b, &e, SS_FORMAT_PCAP);
  ss_source_close (src);
  restore_stdin (saved);
  blob_free (&b);
}

static void
test_stdin_errors (void **state)
{
  char err[SS_ERRBUF_SIZE] = "";
  SsSource *src;
  SsRecord rec;
  int saved;
  Blob b;

  (void) state;
  src = open_stdin_from (pipe_with ("hello world", 11), &saved, err);
  restore_stdin (saved);
  assert_null (src);
  assert_string_equal (err, "standard input is not a capture file (it starts with bytes 68 65 6c 6c)");

  src = open_stdin_from (pipe_with ("", 0), &saved, err);
  restore_stdin (saved);
  assert_null (src);
  assert_string_equal (err, "standard input is empty (0 bytes), not a capture file");

  /* cut in the middle of packet 3: the first two are kept */
  blob_load (&b, "tiny-us-le.pcap");
  src = open_stdin_from (pipe_with (b.data, 250), &saved, err);
  assert_non_null (src);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_OK);
  assert_int_equal (ss_source_next (src, &rec), SS_NEXT_ERROR);
  assert_string_equal (ss_source_error (src),
                       "the file ends in the middle of packet 3 (at byte 250; the packet needs 304)");
  ss_source_close (src);
  restore_stdin (saved);

  /* the file header cut short */
  src = open_stdin_from (pipe_with (b.data, 10), &saved, err);
  restore_stdin (saved);
  assert_null (src);
  assert_string_equal (err, "standard input ends inside its 24-byte pcap file header");
  blob_free (&b);
}

static void
test_named_pipe (void **state)
{
  const Expect e = { { US_TS1, TS2, TS3 }, 1, { UINT64_MAX, UINT64_MAX, UINT64_MAX } };
  char dir[512], fifo[600], err[SS_ERRBUF_SIZE] = "";
  const char *tmp = getenv ("TMPDIR");
  SsSource *src;
  pid_t pid;
  int status;
  Blob b;

  (void) state;
  blob_load (&b, "tiny-us-le.pcap");
  snprintf (dir, sizeof dir, "%s/ss-test-fifo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  assert_non_null (mkdtemp (dir));
  snprintf (fifo, sizeof fifo, "%s/capture", dir);
  assert_int_equal (mkfifo (fifo, 0600), 0);

  pid = fork ();
  assert_true (pid >= 0);
  if (pid == 0)
    {
      int fd = open (fifo, O_WRONLY);

      if (fd < 0 || write (fd, b.data, b.len) != (ssize_t) b.len)
        _exit (1);
      close (fd);
      _exit (0);
    }
  src = ss_source_open_file (fifo, err, sizeof err);
  if (src == NULL)
    fail_msg ("%s", err);
  check_tiny (src, &b, &e, SS_FORMAT_PCAP);
  ss_source_close (src);
  assert_int_equal (waitpid (pid, &status, 0), pid);
  assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  unlink (fifo);
  rmdir (dir);
  blob_free (&b);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_open_errors),
    cmocka_unit_test (test_pcap_bad_header),
    cmocka_unit_test (test_null_arguments),
    cmocka_unit_test (test_pcap_truncation_us_le),
    cmocka_unit_test (test_pcap_truncation_ns_be),
    cmocka_unit_test (test_pcap_truncation_modified),
    cmocka_unit_test (test_truncation_messages),
    cmocka_unit_test (test_pcap_us_le),
    cmocka_unit_test (test_pcap_us_be),
    cmocka_unit_test (test_pcap_ns_le),
    cmocka_unit_test (test_pcap_ns_be),
    cmocka_unit_test (test_pcap_modified),
    cmocka_unit_test (test_pcap_linktype),
    cmocka_unit_test (test_pcap_oversnap),
    cmocka_unit_test (test_pcapng_file),
    cmocka_unit_test (test_pcapng_stats),
    cmocka_unit_test (test_stdin_pcap),
    cmocka_unit_test (test_stdin_pcapng),
    cmocka_unit_test (test_stdin_reopened_file),
    cmocka_unit_test (test_stdin_errors),
    cmocka_unit_test (test_named_pipe),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
