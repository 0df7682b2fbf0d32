/* test-tcp-analysis.c - the TCP analysis engine on hand-built segments.
 *
 * Each case feeds a connection segment by segment (relative sequence
 * numbers turned into absolute ones from each side's ISN) and checks the
 * exact set of analysis flags of every segment, so a flag that appears or
 * disappears anywhere fails. The rules are in docs/analysis-rules.md; the
 * first cases are the crafted captures of ANCHORS.md Appendix A, whose
 * Wireshark verdicts are quoted there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-tcp-analysis.h"

enum {
  S_ = SS_TCP_SYN, A_ = SS_TCP_ACK, F_ = SS_TCP_FIN, R_ = SS_TCP_RST,
  P_ = SS_TCP_PSH, E_ = SS_TCP_ECE, W_ = SS_TCP_CWR,
};
enum { C = SS_DIR_C2S, S = SS_DIR_S2C };

#define RETR  SS_AN_RETRANSMISSION
#define FAST  SS_AN_FAST_RETRANSMISSION
#define SPUR  SS_AN_SPURIOUS_RETRANSMISSION
#define OOO   SS_AN_OUT_OF_ORDER
#define LOST  SS_AN_LOST_SEGMENT
#define ALOST SS_AN_ACK_LOST_SEGMENT
#define DUP   SS_AN_DUPLICATE_ACK
#define ZW    SS_AN_ZERO_WINDOW
#define ZWP   SS_AN_ZERO_WINDOW_PROBE
#define ZWPA  SS_AN_ZERO_WINDOW_PROBE_ACK
#define KA    SS_AN_KEEP_ALIVE
#define KAA   SS_AN_KEEP_ALIVE_ACK
#define WUPD  SS_AN_WINDOW_UPDATE
#define WFULL SS_AN_WINDOW_FULL
#define TIMED SS_AN_BY_TIMING

#define NO_ID (-1)  /* IPv6: no IP ID */

/* One segment: relative seq and ack, time in microseconds. */
typedef struct {
  int      dir;
  int64_t  us;
  uint16_t flags;
  uint32_t seq, ack, len;
  uint16_t win;
  uint32_t expect;     /* SS_AN_* the segment must get, exactly */
  int32_t  tsval;      /* TCP timestamp option when > 0 */
  int32_t  ipid;       /* IPv4 with this ID when >= 0; IPv6 when NO_ID */
  uint16_t opts;       /* more SS_TCPOPT_* */
  uint16_t mss;
  uint8_t  wscale;
  uint8_t  n_sack;
  uint32_t sack[2][2]; /* relative [left, right) */
} Seg;

typedef struct {
  SsTcpAnalysis *a;
  uint32_t       isn[2];
  uint32_t       frame;
} Conv;

static void
conv_init (Conv *cv, uint32_t isn_c, uint32_t isn_s)
{
  cv->a = ss_tcp_analysis_new ();
  assert_non_null (cv->a);
  cv->isn[C] = isn_c;
  cv->isn[S] = isn_s;
  cv->frame = 0;
}

static void
conv_done (Conv *cv)
{
  ss_tcp_analysis_free (cv->a);
  cv->a = NULL;
}

static SsTcpVerdict
feed (Conv *cv, const Seg *s)
{
  SsL4 l4;
  SsTcpVerdict v;
  int peer = 1 - s->dir;

  memset (&l4, 0, sizeof l4);
  l4.proto = SS_IPPROTO_TCP;
  l4.depth = 1;
  if (s->ipid >= 0)
    {
      l4.src.addr.family = l4.dst.addr.family = 4;
      l4.ip_id = (uint16_t) s->ipid;
    }
  else
    l4.src.addr.family = l4.dst.addr.family = 6;
  l4.payload_len = l4.payload_caplen = s->len;
  l4.tcp.seq = cv->isn[s->dir] + s->seq;
  l4.tcp.ack = (s->flags & A_) != 0 ? cv->isn[peer] + s->ack : 0;
  l4.tcp.flags = s->flags;
  l4.tcp.window = s->win;
  l4.tcp.hdr_len = 20;
  l4.tcp.opts = s->opts;
  l4.tcp.mss = s->mss;
  l4.tcp.wscale = s->wscale;
  if (s->tsval > 0)
    {
      l4.tcp.opts |= SS_TCPOPT_TS;
      l4.tcp.ts_val = (uint32_t) s->tsval;
    }
  if (s->n_sack > 0)
    {
      l4.tcp.opts |= SS_TCPOPT_SACK;
      l4.tcp.n_sack = s->n_sack;
      for (unsigned i = 0; i < s->n_sack && i < 2; i++)
        {
          l4.tcp.sack_left[i] = cv->isn[peer] + s->sack[i][0];
          l4.tcp.sack_right[i] = cv->isn[peer] + s->sack[i][1];
        }
    }
  cv->frame++;
  ss_tcp_analysis_segment (cv->a, (SsDir) s->dir, cv->frame, s->us * 1000, &l4, &v);
  return v;
}

static void
flags_str (uint32_t an, char *buf, size_t size)
{
  size_t n = 0;

  buf[0] = '\0';
  for (int i = 0; i < SS_AN_N_FLAGS; i++)
    if ((an & (1u << i)) != 0 && n < size)
      n += (size_t) snprintf (buf + n, size - n, "%s%s", n ? "," : "",
                              ss_tcp_analysis_flag_name (1u << i));
  if (n == 0)
    snprintf (buf, size, "-");
}

/* Feeds segs and checks each one's flags; verdicts go to out when given. */
static void
run (Conv *cv, const Seg *segs, size_t n, SsTcpVerdict *out)
{
  for (size_t i = 0; i < n; i++)
    {
      SsTcpVerdict v = feed (cv, &segs[i]);
      if (out != NULL)
        out[i] = v;
      if (v.analysis != segs[i].expect)
        {
          char got[256], want[256];
          flags_str (v.analysis, got, sizeof got);
          flags_str (segs[i].expect, want, sizeof want);
          print_error ("frame %u: got %s, want %s\n", cv->frame, got, want);
          fail ();
        }
    }
}

#define W 65535
#define N_OF(x) (sizeof (x) / sizeof ((x)[0]))

/* ---- ANCHORS.md Appendix A ------------------------------------------- */

/* The crafted capture: hole 101..200 filled after hole_us; no send-order
 * mark unless tsval_fill / ipid are used. */
static void
appendix_a (int64_t fill_us, uint32_t fill_expect)
{
  Conv cv;
  const Seg segs[] = {
    { C, 0,      S_,        0,   0,   0,   W, 0 },
    { S, 10000,  S_ | A_,   0,   1,   0,   W, 0 },
    { C, 20000,  A_,        1,   1,   0,   W, 0 },
    { C, 21000,  A_ | P_,   1,   1,   100, W, 0 },
    { C, 21500,  A_ | P_,   201, 1,   100, W, LOST },
    { C, 21500 + fill_us, A_ | P_, 101, 1, 100, W, fill_expect },
    { S, 70000,  A_,        1,   301, 0,   W, 0 },
    { C, 120000, A_ | P_,   201, 1,   100, W, SPUR },
    { C, 121000, A_ | P_,   401, 1,   100, W, LOST },
    { S, 122000, A_,        1,   301, 0,   W, DUP },
    { S, 122100, A_,        1,   301, 0,   W, DUP },
    { S, 122200, A_,        1,   301, 0,   W, DUP },
    { C, 123000, A_ | P_,   301, 1,   100, W, FAST | TIMED },
    { S, 124000, A_,        1,   501, 0,   W, 0 },
    { C, 125000, F_ | A_,   501, 1,   0,   W, 0 },
    { S, 126000, F_ | A_,   1,   502, 0,   W, 0 },
    { C, 127000, A_,        502, 2,   0,   W, 0 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 1000, 5000);
  run (&cv, segs, N_OF (segs), v);
  /* Dup ACK 7#1..#3 */
  for (int i = 9; i <= 11; i++)
    {
      assert_int_equal (v[i].related_frame, 7);
      assert_int_equal (v[i].dup_ack_n, i - 8);
    }
  assert_int_equal (ss_tcp_analysis_get_handshake (cv.a)->handshake_rtt_ns, 20000000);
  conv_done (&cv);
}

/* File A: 1 ms after the highest segment, less than the 20 ms iRTT:
 * Wireshark says out-of-order, and so do we, by timing. */
static void
test_appendix_a_file_a (void **state)
{
  (void) state;
  appendix_a (1000, OOO | TIMED);
}

/* File B: 40 ms later: retransmission, by timing. */
static void
test_appendix_a_file_b (void **state)
{
  (void) state;
  appendix_a (40000, RETR | TIMED);
}

/* The same hole fill with TCP timestamps: the TSval decides, whatever the
 * timing. A later TSval = sent after the highest segment = retransmission
 * (even 1 ms later); an earlier one = reordered by the network (even 40 ms
 * later). */
static void
hole_fill_tsval (int64_t fill_us, int32_t fill_tsval, uint32_t fill_expect)
{
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0, 0,   W, 0, .tsval = 100 },
    { S, 10000, S_ | A_, 0,   1, 0,   W, 0, .tsval = 7000 },
    { C, 20000, A_,      1,   1, 0,   W, 0, .tsval = 120 },
    { C, 21000, A_ | P_, 1,   1, 100, W, 0, .tsval = 121 },
    { C, 21500, A_ | P_, 201, 1, 100, W, LOST, .tsval = 121 },
    { C, 21500 + fill_us, A_ | P_, 101, 1, 100, W, fill_expect, .tsval = fill_tsval },
  };

  conv_init (&cv, 0x12345678, 0x9abcdef0);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

static void
test_tsval_later_is_retransmission (void **state)
{
  (void) state;
  hole_fill_tsval (1000, 122, RETR);
}

static void
test_tsval_earlier_is_out_of_order (void **state)
{
  (void) state;
  hole_fill_tsval (40000, 120, OOO);
}

/* An equal TSval (same clock tick) says nothing: timing decides. */
static void
test_tsval_equal_falls_back_to_timing (void **state)
{
  (void) state;
  hole_fill_tsval (1000, 121, OOO | TIMED);
  hole_fill_tsval (40000, 121, RETR | TIMED);
}

/* The same with IPv4 IP IDs of a sender that counts up. */
static void
hole_fill_ipid (int64_t fill_us, const int32_t ids[9], uint32_t fill_expect)
{
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0, 0,   W, 0, .ipid = ids[0] },
    { S, 10000, S_ | A_, 0,   1, 0,   W, 0, .ipid = ids[1] },
    { C, 20000, A_,      1,   1, 0,   W, 0, .ipid = ids[2] },
    { C, 21000, A_ | P_, 1,   1, 100, W, 0, .ipid = ids[3] },
    { C, 21100, A_ | P_, 101, 1, 100, W, 0, .ipid = ids[4] },
    { C, 21200, A_ | P_, 201, 1, 100, W, 0, .ipid = ids[5] },
    /* 301..400 missing */
    { C, 21500, A_ | P_, 401, 1, 100, W, LOST, .ipid = ids[6] },
    { C, 21500 + fill_us, A_ | P_, 301, 1, 100, W, fill_expect, .ipid = ids[7] },
    { C, 90000, A_ | P_, 501, 1, 100, W, 0, .ipid = ids[8] },
  };

  conv_init (&cv, 0xfffff000, 77);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

static void
test_ipid_later_is_retransmission (void **state)
{
  static const int32_t ids[9] = { 100, 9, 101, 102, 103, 104, 106, 107, 108 };
  (void) state;
  hole_fill_ipid (1000, ids, RETR);
}

static void
test_ipid_earlier_is_out_of_order (void **state)
{
  static const int32_t ids[9] = { 100, 9, 101, 102, 103, 104, 106, 105, 107 };
  (void) state;
  hole_fill_ipid (40000, ids, OOO);
}

/* IDs that do not count up (random, or all zero) are no mark: timing. */
static void
test_ipid_random_or_zero_is_no_mark (void **state)
{
  static const int32_t rnd[9] = { 5000, 9, 61000, 12, 33333, 45001, 201, 34000, 9999 };
  static const int32_t zero[9] = { 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  (void) state;
  /* with these ids an "earlier"/"later" reading would give OOO at 40 ms
   * (34000 < 201 + 2^16 ...); timing gives retransmission */
  hole_fill_ipid (40000, rnd, RETR | TIMED);
  hole_fill_ipid (1000, zero, OOO | TIMED);
}

/* Wraparound IP IDs still compare in 16-bit serial order. */
static void
test_ipid_wraps (void **state)
{
  static const int32_t ids[9] = { 65530, 9, 65531, 65532, 65533, 65534, 0, 65535, 1 };
  (void) state;
  hole_fill_ipid (40000, ids, OOO);
}

/* ---- retransmission family ------------------------------------------- */

/* Three duplicate ACKs for 101, then 101..200 again (all of it seen
 * before): fast retransmission, no timing needed. 201..300 resent later is
 * a plain retransmission; 2 dup ACKs then a resend 300 ms later (an RTO,
 * past 20 ms + iRTT) is a plain retransmission too. */
static void
test_fast_retransmission (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,      S_,      0,   0,   0,   W, 0 },
    { S, 10000,  S_ | A_, 0,   1,   0,   W, 0 },
    { C, 20000,  A_,      1,   1,   0,   W, 0 },
    { C, 21000,  A_ | P_, 1,   1,   100, W, 0 },
    { C, 21100,  A_ | P_, 101, 1,   100, W, 0 },
    { C, 21200,  A_ | P_, 201, 1,   100, W, 0 },
    { C, 21300,  A_ | P_, 301, 1,   100, W, 0 },
    { S, 40000,  A_,      1,   101, 0,   W, 0 },
    { S, 40100,  A_,      1,   101, 0,   W, DUP },
    { S, 40200,  A_,      1,   101, 0,   W, DUP },
    { S, 40300,  A_,      1,   101, 0,   W, DUP },
    { C, 41000,  A_ | P_, 101, 1,   100, W, FAST },
    { C, 41100,  A_ | P_, 201, 1,   100, W, RETR },
    { S, 60000,  A_,      1,   301, 0,   W, 0 },
    { S, 60100,  A_,      1,   301, 0,   W, DUP },
    { S, 60200,  A_,      1,   301, 0,   W, DUP },
    { C, 360000, A_ | P_, 301, 1,   100, W, RETR },
    { S, 380000, A_,      1,   401, 0,   W, 0 },
    /* seen where the receiver is: 401..500 lost upstream, three dup ACKs
     * leave, and the fast retransmission arrives one RTT (30 ms) later:
     * past Wireshark's 20 ms, within 20 ms + iRTT */
    { C, 381000, A_ | P_, 501, 1,   100, W, LOST },
    { S, 381500, A_,      1,   401, 0,   W, DUP },
    { S, 382000, A_,      1,   401, 0,   W, DUP },
    { S, 382500, A_,      1,   401, 0,   W, DUP },
    { C, 412500, A_ | P_, 401, 1,   100, W, FAST | TIMED },
    { S, 413000, A_,      1,   601, 0,   W, 0 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 1, 2);
  run (&cv, segs, N_OF (segs), v);
  assert_int_equal (v[8].dup_ack_n, 1);
  assert_int_equal (v[10].dup_ack_n, 3);
  assert_int_equal (v[10].related_frame, 8);
  assert_int_equal (v[16].related_frame, 0);
  conv_done (&cv);
}

/* Copies of a pure ACK sent while nothing was outstanding are duplicate
 * ACKs (Wireshark's flag) but ask for nothing: the copy of the next data
 * segment is a plain retransmission (rule rfc-dupack). Duplicate ACKs whose
 * SACK blocks show data held beyond them do count, even before any of that
 * data was captured. */
static void
test_dup_acks_need_outstanding_data (void **state)
{
  Conv cv;
  const Seg copies[] = {
    { C, 0,     S_,      0, 0, 0,   W, 0 },
    { S, 10000, S_ | A_, 0, 1, 0,   W, 0 },
    { C, 20000, A_,      1, 1, 0,   W, 0 },
    { C, 20000, A_,      1, 1, 0,   W, DUP },
    { C, 20000, A_,      1, 1, 0,   W, DUP },
    { S, 25000, A_ | P_, 1, 1, 100, W, 0 },
    { S, 25000, A_ | P_, 1, 1, 100, W, RETR },
  };
  const Seg sacked[] = {
    { S, 0,    A_,      1,   1, 0,   W, 0,   .n_sack = 1, .sack = { { 101, 201 } } },
    { S, 100,  A_,      1,   1, 0,   W, DUP, .n_sack = 1, .sack = { { 101, 301 } } },
    { S, 200,  A_,      1,   1, 0,   W, DUP, .n_sack = 1, .sack = { { 101, 401 } } },
    { C, 300,  A_ | P_, 401, 1, 100, W, 0 },
    { C, 5000, A_ | P_, 1,   1, 100, W, FAST },
  };

  (void) state;
  conv_init (&cv, 7, 9);
  run (&cv, copies, N_OF (copies), NULL);
  conv_done (&cv);
  conv_init (&cv, 7, 9);
  run (&cv, sacked, N_OF (sacked), NULL);
  conv_done (&cv);
}

/* Data the peer already acknowledged (cumulatively or by SACK) is a
 * spurious retransmission; data seen but not acknowledged is a
 * retransmission. */
static void
test_spurious_retransmission (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0,   0,   W, 0, .opts = SS_TCPOPT_SACK_PERM },
    { S, 10000, S_ | A_, 0,   1,   0,   W, 0, .opts = SS_TCPOPT_SACK_PERM },
    { C, 20000, A_,      1,   1,   0,   W, 0 },
    { C, 21000, A_ | P_, 1,   1,   100, W, 0 },
    { C, 21100, A_ | P_, 101, 1,   100, W, 0 },
    { C, 21200, A_ | P_, 201, 1,   100, W, 0 },
    { S, 40000, A_,      1,   101, 0,   W, 0, .n_sack = 1, .sack = { { 201, 301 } } },
    { C, 90000, A_ | P_, 1,   1,   100, W, SPUR },
    { C, 90100, A_ | P_, 201, 1,   100, W, SPUR },
    { C, 90200, A_ | P_, 101, 1,   100, W, RETR },
    { C, 90300, A_ | P_, 151, 1,   100, W, RETR },
    { S, 99000, A_,      1,   301, 0,   W, 0 },
    { C, 99500, A_ | P_, 101, 1,   200, W, SPUR },
  };

  conv_init (&cv, 4000000000u, 3);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

/* ---- keep-alive, zero window, window update, window full ------------- */

static void
test_keep_alive (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,        S_,      0,   0,   0,   W, 0 },
    { S, 10000,    S_ | A_, 0,   1,   0,   W, 0 },
    { C, 20000,    A_,      1,   1,   0,   W, 0 },
    { C, 21000,    A_ | P_, 1,   1,   100, W, 0 },
    { S, 30000,    A_,      1,   101, 0,   W, 0 },
    { C, 7200000,  A_,      100, 1,   0,   W, KA },
    { S, 7210000,  A_,      1,   101, 0,   W, KAA },
    { C, 7275000,  A_,      100, 1,   1,   W, KA },   /* with its garbage byte */
    { S, 7285000,  A_,      1,   101, 0,   W, KAA },
    /* the client sent nothing since: still an answer to its keep-alive */
    { S, 7286000,  A_,      1,   101, 0,   W, KAA },
  };

  conv_init (&cv, 10, 20);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

static void
test_zero_window_probe (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,      S_,      0,   0,   0,    W, 0 },
    { S, 10000,  S_ | A_, 0,   1,   0,    W, 0 },
    { C, 20000,  A_,      1,   1,   0,    W, 0 },
    { C, 21000,  A_ | P_, 1,   1,   100,  W, 0 },
    { S, 30000,  A_,      1,   101, 0,    0, ZW },
    { C, 230000, A_,      101, 1,   1,    W, ZWP },
    { S, 240000, A_,      1,   101, 0,    0, ZW | ZWPA },
    { C, 640000, A_,      101, 1,   1,    W, ZWP },
    { S, 650000, A_,      1,   101, 0,    0, ZW | ZWPA },
    { S, 700000, A_,      1,   101, 0,    8192, WUPD },
    /* the probed byte again, with the rest: not a retransmission */
    { C, 710000, A_ | P_, 101, 1,   500,  W, 0 },
    { S, 720000, A_,      1,   601, 0,    0, ZW },
    /* a probe the receiver takes (its ACK moves past the byte) */
    { C, 920000, A_,      601, 1,   1,    W, ZWP },
    { S, 930000, A_,      1,   602, 0,    0, ZW },
    { S, 990000, A_,      1,   602, 0,    4096, WUPD },
    /* the sender goes on after the probed byte: no gap */
    { C, 995000, A_ | P_, 602, 1,   100,  W, 0 },
    { S, 999000, A_,      1,   702, 0,    4096, 0 },
  };

  conv_init (&cv, 100, 200);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

/* Window full: data up to the peer's last ACK + its window, scaled when
 * both SYNs carried the option. */
static void
test_window_full (void **state)
{
  (void) state;
  Conv cv;
  const Seg scaled[] = {
    { C, 0,     S_,      0,   0,   0,   64, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 7 },
    { S, 10000, S_ | A_, 0,   1,   0,   64, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 2 },
    { C, 20000, A_,      1,   1,   0,   64, 0 },
    { S, 20500, A_,      1,   1,   0,   100, WUPD },   /* 100 << 2 = 400 */
    { C, 21000, A_ | P_, 1,   1,   300, W, 0 },
    { C, 21100, A_ | P_, 301, 1,   100, W, WFULL },
    { S, 40000, A_,      1,   401, 0,   100, 0 },
    { C, 41000, A_ | P_, 401, 1,   399, W, 0 },
  };
  const Seg unscaled[] = {
    { C, 0,     S_,      0,   0,   0,   64, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 7 },
    { S, 10000, S_ | A_, 0,   1,   0,   64, 0 },
    { C, 20000, A_,      1,   1,   0,   64, 0 },
    { S, 20500, A_,      1,   1,   0,   100, WUPD },
    { C, 21000, A_ | P_, 1,   1,   100, W, WFULL },
  };
  SsTcpVerdict v[N_OF (scaled)];

  conv_init (&cv, 1, 2);
  run (&cv, scaled, N_OF (scaled), v);
  assert_true (ss_tcp_analysis_get_handshake (cv.a)->wscale_agreed);
  assert_int_equal (v[3].window, 400);
  assert_int_equal (v[2].window, 64 << 7);
  assert_int_equal (v[0].window, 64);  /* a SYN's window is never scaled */
  assert_int_equal (v[1].window, 64);
  conv_done (&cv);

  conv_init (&cv, 1, 2);
  run (&cv, unscaled, N_OF (unscaled), v);
  assert_false (ss_tcp_analysis_get_handshake (cv.a)->wscale_agreed);
  assert_int_equal (v[2].window, 64);
  assert_int_equal (v[3].window, 100);
  conv_done (&cv);
}

/* Windows are scaled only when both SYNs carry the option; without the
 * handshake, never. */
static void
test_window_scaling (void **state)
{
  (void) state;
  Conv cv;
  const Seg both[] = {
    { C, 0,     S_,      0, 0, 0, 1000, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 7 },
    { S, 10000, S_ | A_, 0, 1, 0, 2000, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 8 },
    { C, 20000, A_,      1, 1, 0, 100,  0 },
    { S, 30000, A_,      1, 1, 0, 100,  WUPD },
  };
  const Seg midstream[] = {
    { C, 0,     A_ | P_, 1, 1, 10, 100, 0, .opts = SS_TCPOPT_WSCALE, .wscale = 7 },
    { S, 10000, A_,      1, 11, 0, 100, 0 },
  };
  SsTcpVerdict v[4];
  const SsTcpHandshake *hs;

  conv_init (&cv, 0xffffffff, 0);
  run (&cv, both, N_OF (both), v);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_int_equal (hs->wscale[C], 7);
  assert_int_equal (hs->wscale[S], 8);
  assert_true (hs->wscale_agreed);
  assert_int_equal (v[0].window, 1000);
  assert_int_equal (v[1].window, 2000);
  assert_int_equal (v[2].window, 100 << 7);
  assert_int_equal (v[3].window, 100 << 8);
  /* relative numbers, ISN 0xffffffff: the ACK is 1 */
  assert_int_equal (v[2].rel_seq, 1);
  assert_int_equal (v[1].rel_ack, 1);
  conv_done (&cv);

  conv_init (&cv, 500, 600);
  run (&cv, midstream, N_OF (midstream), v);
  assert_int_equal (v[0].window, 100);
  assert_int_equal (v[1].window, 100);
  /* without a SYN the first segment is 1, as in Wireshark */
  assert_int_equal (v[0].rel_seq, 1);
  assert_int_equal (v[1].rel_seq, 1);
  assert_int_equal (v[1].rel_ack, 11);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_int_equal (hs->wscale[C], -1);
  assert_false (hs->wscale_agreed);
  assert_int_equal (hs->handshake_rtt_ns, -1);
  conv_done (&cv);
}

/* ---- gaps -------------------------------------------------------------- */

static void
test_lost_segment_and_ack_of_unseen (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0,   0,   W, 0 },
    { S, 10000, S_ | A_, 0,   1,   0,   W, 0 },
    { C, 20000, A_,      1,   1,   0,   W, 0 },
    { C, 21000, A_ | P_, 1,   1,   100, W, 0 },
    /* 101..200 never captured */
    { C, 21200, A_ | P_, 201, 1,   100, W, LOST },
    /* the receiver had it: its ACK covers the hole */
    { S, 40000, A_,      1,   301, 0,   W, ALOST },
    /* 301..400 never captured either, and acknowledged */
    { S, 41000, A_,      1,   401, 0,   W, ALOST },
    /* once is enough: the same ACK again is a duplicate, not news */
    { S, 41100, A_,      1,   401, 0,   W, DUP },
    /* the sender goes on at 401: a gap at our nextseq (301) */
    { C, 42000, A_ | P_, 401, 1,   100, W, LOST },
    { S, 60000, A_,      1,   501, 0,   W, 0 },
    /* a pure ACK beyond nextseq is a gap too (Wireshark does the same) */
    { S, 61000, A_,      50,  501, 0,   W, LOST },
    /* RST is never a gap */
    { C, 62000, R_ | A_, 9000, 1,  0,   W, 0 },
  };

  conv_init (&cv, 70000, 90000);
  run (&cv, segs, N_OF (segs), NULL);
  conv_done (&cv);
}

/* ---- wraparound -------------------------------------------------------- */

/* ISN 60 below 2^32: the data crosses 0 at relative 61. Every comparison
 * must be modulo 2^32. */
static void
test_wraparound (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,      S_,      0,   0,   0,   W, 0, .tsval = 10 },
    { S, 10000,  S_ | A_, 0,   1,   0,   W, 0, .tsval = 50 },
    { C, 20000,  A_,      1,   1,   0,   W, 0, .tsval = 20 },
    { C, 21000,  A_ | P_, 1,   1,   50,  W, 0, .tsval = 21 },
    { C, 21100,  A_ | P_, 51,  1,   50,  W, 0, .tsval = 21 },   /* crosses 2^32 */
    /* 101..150 reordered: sent before 151..200 */
    { C, 21300,  A_ | P_, 151, 1,   50,  W, LOST, .tsval = 22 },
    { C, 45000,  A_ | P_, 101, 1,   50,  W, OOO, .tsval = 21 },
    { S, 50000,  A_,      1,   201, 0,   W, 0, .tsval = 60 },
    /* 201..250 lost, 251.. sent, then 201 retransmitted */
    { C, 51000,  A_ | P_, 251, 1,   50,  W, LOST, .tsval = 31 },
    { S, 60000,  A_,      1,   201, 0,   W, DUP, .tsval = 61 },
    { S, 60100,  A_,      1,   201, 0,   W, DUP, .tsval = 61 },
    { C, 60500,  A_ | P_, 201, 1,   50,  W, FAST, .tsval = 40 },
    { S, 80000,  A_,      1,   301, 0,   W, 0, .tsval = 80 },
    { C, 81000,  A_ | P_, 101, 1,   50,  W, SPUR, .tsval = 41 },
    { C, 82000,  A_ | P_, 1,   1,   300, W, SPUR, .tsval = 42 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 0xffffffc4u, 0xfffffffeu);
  run (&cv, segs, N_OF (segs), v);
  assert_int_equal (v[4].rel_seq, 51);
  assert_int_equal (v[7].rel_ack, 201);
  assert_int_equal (v[11].rel_seq, 201);
  conv_done (&cv);
}

/* ---- RTT and bytes in flight -------------------------------------------- */

static void
test_rtt_samples_and_karn (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,      S_,      0,   0,   0,   W, 0 },
    { S, 10000,  S_ | A_, 0,   1,   0,   W, 0 },
    { C, 10500,  A_,      1,   1,   0,   W, 0 },
    { C, 11000,  A_ | P_, 1,   1,   100, W, 0 },
    { S, 31000,  A_,      1,   101, 0,   W, 0 },
    { C, 40000,  A_ | P_, 101, 1,   100, W, 0 },
    { C, 300000, A_ | P_, 101, 1,   100, W, RETR },
    { S, 320000, A_,      1,   201, 0,   W, 0 },    /* Karn: no sample */
    { C, 330000, A_ | P_, 201, 1,   100, W, 0 },
    { C, 331000, A_ | P_, 301, 1,   100, W, 0 },
    { S, 345000, A_,      1,   301, 0,   W, 0 },
    { S, 347000, A_,      1,   401, 0,   W, 0 },    /* not timed */
    { C, 350000, A_ | P_, 401, 1,   100, W, 0 },
    { S, 362000, A_,      1,   501, 0,   W, 0 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 1234, 5678);
  run (&cv, segs, N_OF (segs), v);
  assert_int_equal (v[1].rtt_ns, 10000000);  /* SYN -> SYN-ACK */
  assert_int_equal (v[2].rtt_ns, 500000);    /* SYN-ACK -> ACK */
  assert_int_equal (v[4].rtt_ns, 20000000);
  assert_int_equal (v[7].rtt_ns, -1);
  assert_int_equal (v[10].rtt_ns, 15000000);
  assert_int_equal (v[11].rtt_ns, -1);
  assert_int_equal (v[13].rtt_ns, 12000000);
  for (size_t i = 0; i < N_OF (segs); i++)
    if (i != 1 && i != 2 && i != 4 && i != 10 && i != 13)
      assert_int_equal (v[i].rtt_ns, -1);
  assert_int_equal (ss_tcp_analysis_get_handshake (cv.a)->handshake_rtt_ns, 10500000);
  conv_done (&cv);
}

static void
test_bytes_in_flight (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0,   0,   W, 0 },
    { S, 10000, S_ | A_, 0,   1,   0,   W, 0 },
    { C, 20000, A_,      1,   1,   0,   W, 0 },
    { C, 21000, A_ | P_, 1,   1,   100, W, 0 },
    { C, 21100, A_ | P_, 101, 1,   100, W, 0 },
    { S, 40000, A_,      1,   101, 0,   W, 0 },
    { C, 41000, A_ | P_, 201, 1,   100, W, 0 },
    { C, 41100, A_ | P_, 301, 1,   100, W, 0 },
    { S, 60000, A_,      1,   101, 0,   W, DUP, .n_sack = 1, .sack = { { 301, 401 } } },
    { C, 61000, F_ | A_, 401, 1,   0,   W, 0 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 1, 1);
  run (&cv, segs, N_OF (segs), v);
  assert_int_equal (v[0].in_flight, 0);   /* a SYN is not a byte */
  assert_int_equal (v[2].in_flight, 0);
  assert_int_equal (v[3].in_flight, 100);
  assert_int_equal (v[4].in_flight, 200);
  assert_int_equal (v[6].in_flight, 200);
  assert_int_equal (v[7].in_flight, 300);
  assert_int_equal (v[9].in_flight, 200); /* 300 minus 100 SACKed; FIN not a byte */
  conv_done (&cv);
}

/* The same segments with in_flight turned off: the same flags (run checks
 * them), in_flight 0, everything else as before. */
static void
test_in_flight_off (void **state)
{
  (void) state;
  Conv on, off;
  const Seg segs[] = {
    { C, 0,     S_,      0,   0,   0,   W, 0 },
    { S, 10000, S_ | A_, 0,   1,   0,   W, 0 },
    { C, 21000, A_ | P_, 1,   1,   100, W, 0 },
    { C, 21100, A_ | P_, 201, 1,   100, W, LOST },
    { S, 40000, A_,      1,   101, 0,   W, 0, .n_sack = 1, .sack = { { 201, 301 } } },
    { C, 41000, A_ | P_, 301, 1,   100, W, 0 },
  };
  SsTcpVerdict a[N_OF (segs)], b[N_OF (segs)];

  conv_init (&on, 7, 9);
  conv_init (&off, 7, 9);
  ss_tcp_analysis_set_in_flight (off.a, false);
  ss_tcp_analysis_set_in_flight (NULL, false);
  run (&on, segs, N_OF (segs), a);
  run (&off, segs, N_OF (segs), b);
  assert_int_equal (a[3].in_flight, 300); /* the hole counts: not acknowledged */
  for (size_t i = 0; i < N_OF (segs); i++)
    {
      assert_int_equal (b[i].in_flight, 0);
      assert_int_equal (a[i].rel_seq, b[i].rel_seq);
      assert_int_equal (a[i].rel_ack, b[i].rel_ack);
      assert_int_equal (a[i].window, b[i].window);
      assert_int_equal (a[i].rtt_ns, b[i].rtt_ns);
      assert_int_equal (a[i].ack_base, b[i].ack_base);
    }
  conv_done (&on);
  conv_done (&off);
}

/* ack_base: what rel_ack (and SACK blocks) count from. */
static void
test_ack_base (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,     S_,      0, 0, 0,  W, 0 },
    { S, 10000, S_ | A_, 0, 1, 0,  W, 0 },
    { C, 20000, A_,      1, 1, 0,  W, 0 },
    { S, 21000, A_ | P_, 1, 1, 10, W, 0 },
  };
  SsTcpVerdict v[N_OF (segs)];

  conv_init (&cv, 1000, 0xfffffff0u);
  run (&cv, segs, N_OF (segs), v);
  assert_int_equal (v[0].ack_base, 0);            /* the server's base not known yet */
  assert_int_equal (v[1].ack_base, 1000);         /* the client's ISN */
  assert_int_equal (v[2].ack_base, 0xfffffff0u);  /* the server's */
  assert_int_equal (v[2].rel_ack, 1);
  assert_int_equal (v[3].ack_base, 1000);
  conv_done (&cv);
}

/* ---- handshake facts ---------------------------------------------------- */

static void
test_syn_retries (void **state)
{
  (void) state;
  Conv cv;
  const Seg segs[] = {
    { C, 0,       S_,      0, 0, 0, W, 0 },
    { C, 1000000, S_,      0, 0, 0, W, RETR },
    { C, 3000000, S_,      0, 0, 0, W, RETR },
    { S, 3010000, S_ | A_, 0, 1, 0, W, 0 },
    { C, 3020000, A_,      1, 1, 0, W, 0 },
  };
  const SsTcpHandshake *hs;

  conv_init (&cv, 42, 4242);
  run (&cv, segs, N_OF (segs), NULL);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_int_equal (hs->syn_tries, 3);
  assert_int_equal (hs->syn_ts_ns[0], 0);
  assert_int_equal (hs->syn_ts_ns[1], 1000000000);
  assert_int_equal (hs->syn_ts_ns[2], 3000000000);
  /* tshark's initial_rtt: from the SYN that was answered */
  assert_int_equal (hs->handshake_rtt_ns, 20000000);
  assert_true (hs->syn_seen[C]);
  assert_false (hs->syn_seen[S]);
  assert_true (hs->synack_seen);
  assert_true (hs->isn_known[C] && hs->isn_known[S]);
  assert_int_equal (hs->isn[C], 42);
  assert_int_equal (hs->isn[S], 4242);
  conv_done (&cv);
}

static void
test_options_and_ecn (void **state)
{
  (void) state;
  Conv cv;
  const Seg ecn_ok[] = {
    { C, 0,     S_ | E_ | W_, 0, 0, 0, W, 0, .opts = SS_TCPOPT_MSS | SS_TCPOPT_SACK_PERM,
      .mss = 1460, .tsval = 1 },
    { S, 10000, S_ | A_ | E_, 0, 1, 0, W, 0, .opts = SS_TCPOPT_MSS, .mss = 1400 },
    { C, 20000, A_,           1, 1, 0, W, 0 },
  };
  const Seg ecn_refused[] = {
    { C, 0,     S_ | E_ | W_,      0, 0, 0, W, 0 },
    { S, 10000, S_ | A_ | E_ | W_, 0, 1, 0, W, 0 },  /* not an ECN-setup SYN-ACK */
  };
  const Seg no_ecn[] = {
    { C, 0,     S_,           0, 0, 0, W, 0 },
    { S, 10000, S_ | A_ | E_, 0, 1, 0, W, 0 },
  };
  const SsTcpHandshake *hs;

  conv_init (&cv, 1, 2);
  run (&cv, ecn_ok, N_OF (ecn_ok), NULL);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_true (hs->ecn_offered);
  assert_true (hs->ecn_agreed);
  assert_int_equal (hs->mss[C], 1460);
  assert_int_equal (hs->mss[S], 1400);
  assert_true (hs->sack_perm[C]);
  assert_false (hs->sack_perm[S]);
  assert_true (hs->ts_offered[C]);
  assert_false (hs->ts_offered[S]);
  assert_int_equal (hs->wscale[C], -1);
  conv_done (&cv);

  conv_init (&cv, 1, 2);
  run (&cv, ecn_refused, N_OF (ecn_refused), NULL);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_true (hs->ecn_offered);
  assert_false (hs->ecn_agreed);
  conv_done (&cv);

  conv_init (&cv, 1, 2);
  run (&cv, no_ecn, N_OF (no_ecn), NULL);
  hs = ss_tcp_analysis_get_handshake (cv.a);
  assert_false (hs->ecn_offered);
  assert_false (hs->ecn_agreed);
  conv_done (&cv);
}

/* The model guesses roles from the ports until a SYN says otherwise, then
 * swaps: the state must follow, so the rest of the connection is judged as
 * if the roles had been right from the start. */
static void
test_swap_dirs (void **state)
{
  Conv cv;
  /* the same mid-stream connection: 201..300 missing, then a keep-alive,
   * then the hole filled (40 ms later: a retransmission by timing) */
  const Seg right[] = {
    { C, 0,     A_ | P_, 1,   1,   100, W, 0 },
    { S, 1000,  A_,      1,   101, 0,   W, 0 },
    { C, 2000,  A_ | P_, 201, 1,   100, W, LOST },
    { S, 3000,  A_,      1,   101, 0,   W, DUP },
    { C, 43000, A_ | P_, 101, 1,   100, W, RETR | TIMED },
    { S, 44000, A_,      1,   301, 0,   W, 0 },
  };
  SsTcpVerdict want[N_OF (right)];
  SsTcpVerdict got;

  (void) state;
  conv_init (&cv, 1000, 2000);
  run (&cv, right, N_OF (right), want);
  conv_done (&cv);

  /* the same, with the first two segments fed under the wrong roles */
  conv_init (&cv, 1000, 2000);
  for (size_t i = 0; i < N_OF (right); i++)
    {
      Seg s = right[i];
      if (i < 2)
        {
          /* wrong roles: flip the direction and the ISNs used to build it */
          uint32_t isn0 = cv.isn[0];
          cv.isn[0] = cv.isn[1];
          cv.isn[1] = isn0;
          s.dir = 1 - s.dir;
          got = feed (&cv, &s);
          cv.isn[1] = cv.isn[0];
          cv.isn[0] = isn0;
        }
      else
        {
          if (i == 2)
            ss_tcp_analysis_swap_dirs (cv.a);
          got = feed (&cv, &s);
        }
      assert_int_equal (got.analysis, want[i].analysis);
      assert_int_equal (got.rel_seq, want[i].rel_seq);
      assert_int_equal (got.rel_ack, want[i].rel_ack);
    }
  conv_done (&cv);
}

/* ---- API edges -------------------------------------------------------- */

static void
test_flag_names (void **state)
{
  (void) state;
  assert_string_equal (ss_tcp_analysis_flag_name (SS_AN_RETRANSMISSION), "retransmission");
  assert_string_equal (ss_tcp_analysis_flag_name (SS_AN_REUSED_PORTS), "reused_ports");
  assert_string_equal (ss_tcp_analysis_counter_name (SS_AN_DUPLICATE_ACK), "duplicate_acks");
  assert_string_equal (ss_tcp_analysis_counter_name (SS_AN_OUT_OF_ORDER), "out_of_orders");
  assert_null (ss_tcp_analysis_flag_name (0));
  assert_null (ss_tcp_analysis_flag_name (SS_AN_RETRANSMISSION | SS_AN_OUT_OF_ORDER));
  assert_null (ss_tcp_analysis_flag_name (1u << SS_AN_N_FLAGS));
  assert_null (ss_tcp_analysis_counter_name (0x80000000u));
  for (int i = 0; i < SS_AN_N_FLAGS; i++)
    {
      assert_non_null (ss_tcp_analysis_flag_name (1u << i));
      assert_non_null (ss_tcp_analysis_counter_name (1u << i));
    }
  ss_tcp_analysis_free (NULL);
}

/* A header cut short is numbered but judged on nothing; a zero-length
 * first segment and absurd lengths do not trip anything. */
static void
test_partial_and_odd_segments (void **state)
{
  Conv cv;
  SsL4 l4;
  SsTcpVerdict v;
  const Seg segs[] = {
    { C, 0,     A_, 1, 1, 0,           0,    ZW },
    { C, 1000,  A_, 1, 1, 0xffffffffu, 1000, 0 },  /* 4 GiB: wraps to 0 */
    { S, 2000,  A_, 1, 1, 0xffff,      1000, 0 },
  };

  (void) state;
  conv_init (&cv, 100, 200);
  memset (&l4, 0, sizeof l4);
  l4.proto = SS_IPPROTO_TCP;
  l4.partial = true;
  l4.tcp.seq = 5;
  ss_tcp_analysis_segment (cv.a, SS_DIR_C2S, 1, 0, &l4, &v);
  assert_int_equal (v.analysis, 0);
  assert_int_equal (v.rtt_ns, -1);
  run (&cv, segs, N_OF (segs), NULL);

  conv_done (&cv);

  /* A header longer than the wire held (short_segment): numbered, judged
   * on nothing, as tshark does; the same segment whole is a gap. */
  conv_init (&cv, 100, 200);
  memset (&l4, 0, sizeof l4);
  l4.proto = SS_IPPROTO_TCP;
  l4.tcp.flags = SS_TCP_ACK;
  l4.tcp.seq = 1000;
  l4.tcp.ack = 201;
  l4.tcp.window = 1000;
  l4.tcp.hdr_len = 20;
  l4.payload_len = 10;
  ss_tcp_analysis_segment (cv.a, SS_DIR_C2S, 1, 0, &l4, &v);
  l4.tcp.seq = 5000;
  l4.tcp.short_segment = true;
  ss_tcp_analysis_segment (cv.a, SS_DIR_C2S, 2, 0, &l4, &v);
  assert_int_equal (v.analysis, 0);
  l4.tcp.short_segment = false;
  ss_tcp_analysis_segment (cv.a, SS_DIR_C2S, 3, 0, &l4, &v);
  assert_true (v.analysis & SS_AN_LOST_SEGMENT);
  conv_done (&cv);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_appendix_a_file_a),
    cmocka_unit_test (test_appendix_a_file_b),
    cmocka_unit_test (test_tsval_later_is_retransmission),
    cmocka_unit_test (test_tsval_earlier_is_out_of_order),
    cmocka_unit_test (test_tsval_equal_falls_back_to_timing),
    cmocka_unit_test (test_ipid_later_is_retransmission),
    cmocka_unit_test (test_ipid_earlier_is_out_of_order),
    cmocka_unit_test (test_ipid_random_or_zero_is_no_mark),
    cmocka_unit_test (test_ipid_wraps),
    cmocka_unit_test (test_fast_retransmission),
    cmocka_unit_test (test_dup_acks_need_outstanding_data),
    cmocka_unit_test (test_spurious_retransmission),
    cmocka_unit_test (test_keep_alive),
    cmocka_unit_test (test_zero_window_probe),
    cmocka_unit_test (test_window_full),
    cmocka_unit_test (test_window_scaling),
    cmocka_unit_test (test_lost_segment_and_ack_of_unseen),
    cmocka_unit_test (test_wraparound),
    cmocka_unit_test (test_rtt_samples_and_karn),
    cmocka_unit_test (test_bytes_in_flight),
    cmocka_unit_test (test_in_flight_off),
    cmocka_unit_test (test_ack_base),
    cmocka_unit_test (test_syn_retries),
    cmocka_unit_test (test_options_and_ecn),
    cmocka_unit_test (test_swap_dirs),
    cmocka_unit_test (test_flag_names),
    cmocka_unit_test (test_partial_and_odd_segments),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
