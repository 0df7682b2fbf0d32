/* Tests of ss-outcome.c: what the window adds to the model's outcome (the
 * problem class from Zeek's conn_state, the anomaly count from the
 * tcp.analysis.* counters, the details pane's sentences), on hand-made
 * SsConn values and on the connections of data/sample.pcap (path given as
 * the first argument) and of the corpus's tcp/ndpi__ipp.pcap (the second).
 * Also the filters for one kind of trouble each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ss-loader.h"
#include "ss-outcome.h"

static SsConn
tcp_conn (SsConnState state)
{
  SsConn c;

  memset (&c, 0, sizeof c);
  c.id = 1;
  c.proto = SS_PROTO_TCP;
  c.conn_state = state;
  c.handshake_rtt_ns = -1;
  c.teardown.first_fin_dir = -1;
  c.teardown.rst_dir = -1;
  return c;
}

static SsConn
udp_conn (SsConnState state, uint32_t icmp)
{
  SsConn c;

  memset (&c, 0, sizeof c);
  c.id = 2;
  c.proto = SS_PROTO_UDP;
  c.conn_state = state;
  c.icmp_errors = icmp;
  c.teardown.first_fin_dir = -1;
  c.teardown.rst_dir = -1;
  return c;
}

static void
test_problem_tcp (void **state)
{
  static const struct { SsConnState s; SsProblem p; } cases[] = {
    { SS_CONN_STATE_OTH,    SS_PROBLEM_NONE },
    { SS_CONN_STATE_S0,     SS_PROBLEM_NO_ANSWER },
    { SS_CONN_STATE_S1,     SS_PROBLEM_NONE },
    { SS_CONN_STATE_SF,     SS_PROBLEM_NONE },
    { SS_CONN_STATE_REJ,    SS_PROBLEM_REFUSED },
    { SS_CONN_STATE_S2,     SS_PROBLEM_NONE },
    { SS_CONN_STATE_S3,     SS_PROBLEM_NONE },
    { SS_CONN_STATE_RSTO,   SS_PROBLEM_RESET },
    { SS_CONN_STATE_RSTR,   SS_PROBLEM_RESET },
    { SS_CONN_STATE_RSTOS0, SS_PROBLEM_RESET },
    { SS_CONN_STATE_RSTRH,  SS_PROBLEM_RESET },
    { SS_CONN_STATE_SH,     SS_PROBLEM_NONE },
    { SS_CONN_STATE_SHR,    SS_PROBLEM_NONE },
  };
  (void) state;

  assert_int_equal (sizeof cases / sizeof cases[0], SS_CONN_N_STATES);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      SsConn c = tcp_conn (cases[i].s);

      assert_int_equal (ss_problem_classify (&c), cases[i].p);
    }

  /* Flag counts are not looked at: a RST counted but an SF state is SF
   * (Zeek: RST after both FINs), a SYN without SYN-ACK but S1 is S1. */
  {
    SsConn c = tcp_conn (SS_CONN_STATE_SF);

    c.rst = 3;
    c.completeness = SS_COMPLETE_RST;
    c.teardown.rst_seen = true;
    c.teardown.rst_cause = SS_RST_AFTER_CLOSE;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
    c = tcp_conn (SS_CONN_STATE_S1);
    c.syn = 1;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  }
  /* OTH: a reset when the teardown saw a RST (a mid-stream RST). */
  {
    SsConn c = tcp_conn (SS_CONN_STATE_OTH);

    c.teardown.rst_seen = true;
    c.teardown.rst_cause = SS_RST_MIDSTREAM;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_RESET);
  }
  /* S0 with an ICMP error that came instead of the SYN-ACK. */
  {
    SsConn c = tcp_conn (SS_CONN_STATE_S0);

    c.icmp_errors = 1;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_ICMP_ERROR);
    /* An ICMP error quoting an established connection is no problem. */
    c.conn_state = SS_CONN_STATE_SF;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  }
  /* A conn_state out of range is not a problem, and does not crash. */
  {
    SsConn c = tcp_conn ((SsConnState) SS_CONN_N_STATES);

    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
    c.conn_state = (SsConnState) 1000;
    assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  }
}

static void
test_problem_udp (void **state)
{
  SsConn c;
  (void) state;

  c = udp_conn (SS_CONN_STATE_S0, 0);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NO_ANSWER);
  c = udp_conn (SS_CONN_STATE_SF, 0);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  c = udp_conn (SS_CONN_STATE_SHR, 0);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  c = udp_conn (SS_CONN_STATE_OTH, 0);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
  /* Any ICMP error, even with replies. */
  c = udp_conn (SS_CONN_STATE_SF, 1);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_ICMP_ERROR);
  c = udp_conn (SS_CONN_STATE_S0, UINT32_MAX);
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_ICMP_ERROR);
  /* TCP's teardown facts mean nothing for UDP. */
  c = udp_conn (SS_CONN_STATE_OTH, 0);
  c.teardown.rst_seen = true;
  assert_int_equal (ss_problem_classify (&c), SS_PROBLEM_NONE);
}

static void
test_problem_labels (void **state)
{
  (void) state;

  assert_string_equal (ss_problem_label (SS_PROBLEM_NONE), "");
  for (int p = SS_PROBLEM_NONE + 1; p < SS_PROBLEM_N; p++)
    assert_true (strlen (ss_problem_label ((SsProblem) p)) > 0);
  assert_string_equal (ss_problem_label (SS_PROBLEM_REFUSED), "refused");
  assert_string_equal (ss_problem_label (SS_PROBLEM_N), "");
  assert_string_equal (ss_problem_label ((SsProblem) 1000), "");
}

static void
test_anomalies (void **state)
{
  SsConn c = tcp_conn (SS_CONN_STATE_SF);
  (void) state;

  assert_int_equal (ss_conn_anomalies (&c), 0);
  /* One of every flag: only the eight trouble flags count. */
  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    c.counters[k] = 1;
  assert_int_equal (ss_conn_anomalies (&c), 8);
  memset (c.counters, 0, sizeof c.counters);
  c.counters[0] = 3;  /* retransmissions */
  c.counters[3] = 1;  /* out of order */
  c.counters[6] = 2;  /* duplicate ACKs */
  c.counters[7] = 1;  /* zero windows */
  c.counters[10] = 5; /* keep-alives: not trouble */
  c.counters[12] = 9; /* window updates: not trouble */
  assert_int_equal (ss_conn_anomalies (&c), 7);
  /* The sum does not wrap at 32 bits. */
  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    c.counters[k] = UINT32_MAX;
  assert_true (ss_conn_anomalies (&c) == 8 * (uint64_t) UINT32_MAX);
  /* UDP has none, whatever the array holds. */
  c.proto = SS_PROTO_UDP;
  assert_int_equal (ss_conn_anomalies (&c), 0);
}

static void
test_analysis_describe (void **state)
{
  SsConn c = tcp_conn (SS_CONN_STATE_SF);
  char buf[512];
  char small[8];
  (void) state;

  ss_analysis_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "nothing unusual");

  c.counters[0] = 3;
  c.counters[3] = 1;
  ss_analysis_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "3 retransmissions, 1 out of order");

  memset (c.counters, 0, sizeof c.counters);
  c.counters[6] = 1;
  c.counters[7] = 2;
  c.counters[15] = 4;
  ss_analysis_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "1 duplicate ACK, 2 zero windows, 4 decided by timing");

  /* Every counter the CLI names has words, singular and plural. */
  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    {
      memset (c.counters, 0, sizeof c.counters);
      assert_non_null (ss_tcp_analysis_counter_name (1u << k));
      c.counters[k] = 1;
      assert_true (ss_analysis_describe (&c, buf, sizeof buf) > 2);
      assert_true (strncmp (buf, "1 ", 2) == 0);
      assert_null (strstr (buf, "(null)"));
      c.counters[k] = UINT32_MAX;
      ss_analysis_describe (&c, buf, sizeof buf);
      assert_true (strncmp (buf, "4294967295 ", 11) == 0);
    }

  /* Cut short, never past the buffer; returns the whole length. */
  memset (c.counters, 0, sizeof c.counters);
  c.counters[0] = 3;
  c.counters[3] = 1;
  assert_int_equal (ss_analysis_describe (&c, small, sizeof small),
                    (int) strlen ("3 retransmissions, 1 out of order"));
  assert_string_equal (small, "3 retra");
  assert_int_equal (ss_analysis_describe (&c, NULL, 0),
                    (int) strlen ("3 retransmissions, 1 out of order"));
  small[0] = 'x';
  ss_analysis_describe (&c, small, 0);
  assert_int_equal (small[0], 'x');

  /* UDP: the counters are not TCP's. */
  c.proto = SS_PROTO_UDP;
  ss_analysis_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "nothing unusual");
}

static void
test_teardown_describe (void **state)
{
  SsConn c = tcp_conn (SS_CONN_STATE_S1);
  char buf[512];
  char small[5];
  (void) state;

  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "no FIN or RST seen");

  /* The server closed first, the client 28 us later. */
  c.conn_state = SS_CONN_STATE_SF;
  c.teardown.first_fin_dir = SS_DIR_S2C;
  c.teardown.fin_seen[SS_DIR_S2C] = c.teardown.fin_seen[SS_DIR_C2S] = true;
  c.teardown.fin_frame[SS_DIR_S2C] = 10;
  c.teardown.fin_frame[SS_DIR_C2S] = 11;
  c.teardown.fin_ns[SS_DIR_S2C] = 1000000000;
  c.teardown.fin_ns[SS_DIR_C2S] = 1000028000;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "the server closed first (FIN in frame 10), the client 0.028 ms later (frame 11)");

  c.teardown.simultaneous = true;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "both sides closed at once (the FINs of frames 10 and 11 crossed)");

  /* One FIN, then the other side kept sending: a half-close. */
  c = tcp_conn (SS_CONN_STATE_S2);
  c.teardown.first_fin_dir = SS_DIR_C2S;
  c.teardown.fin_seen[SS_DIR_C2S] = true;
  c.teardown.fin_frame[SS_DIR_C2S] = 4;
  c.teardown.half_close = true;
  c.teardown.half_close_bytes = 12000;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "only the client closed (FIN in frame 4); "
                            "half-close: the server sent 12,000 bytes after that FIN");

  /* A RST after a FIN. */
  c.teardown.half_close = false;
  c.teardown.rst_seen = true;
  c.teardown.rst_dir = SS_DIR_S2C;
  c.teardown.rst_frame = 9;
  c.teardown.rst_cause = SS_RST_AFTER_FIN;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "only the client closed (FIN in frame 4); "
                            "RST from the server in frame 9, after one side's FIN");

  /* Refused, and a RST whose cause is unknown. */
  c = tcp_conn (SS_CONN_STATE_REJ);
  c.teardown.rst_seen = true;
  c.teardown.rst_dir = SS_DIR_S2C;
  c.teardown.rst_frame = 2;
  c.teardown.rst_cause = SS_RST_REFUSED;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "RST from the server in frame 2, the answer to a SYN: nothing listens on the port");
  c.teardown.rst_cause = SS_RST_NONE;
  c.teardown.rst_dir = SS_DIR_C2S;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "RST from the client in frame 2");
  c.teardown.rst_cause = (SsRstCause) 99;
  ss_teardown_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "RST from the client in frame 2");

  /* Cut short; NULL and 0 only count. */
  assert_int_equal (ss_teardown_describe (&c, small, sizeof small), (int) strlen (buf));
  assert_string_equal (small, "RST ");
  assert_int_equal (ss_teardown_describe (&c, NULL, 0), (int) strlen (buf));

  /* UDP: nothing to say. */
  c = udp_conn (SS_CONN_STATE_SF, 0);
  c.teardown.rst_seen = true;
  assert_int_equal (ss_teardown_describe (&c, buf, sizeof buf), 0);
  assert_string_equal (buf, "");
}

static void
test_state_meaning (void **state)
{
  (void) state;

  for (int s = 0; s < SS_CONN_N_STATES; s++)
    {
      assert_string_not_equal (ss_conn_state_meaning (SS_PROTO_TCP, (SsConnState) s), "unknown");
      assert_true (strlen (ss_conn_state_meaning (SS_PROTO_UDP, (SsConnState) s)) > 0);
    }
  assert_string_equal (ss_conn_state_meaning (SS_PROTO_TCP, SS_CONN_STATE_SF),
                       "normal establishment and termination");
  assert_string_equal (ss_conn_state_meaning (SS_PROTO_UDP, SS_CONN_STATE_SF), "datagrams both ways");
  assert_string_equal (ss_conn_state_meaning (SS_PROTO_TCP, (SsConnState) 1000), "unknown");
}

static void
test_completeness (void **state)
{
  char buf[128];
  char small[8];
  (void) state;

  ss_completeness_describe (0, buf, sizeof buf);
  assert_string_equal (buf, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");
  ss_completeness_describe (31, buf, sizeof buf);
  assert_string_equal (buf, "SYN, SYN-ACK, ACK, data, FIN seen");
  ss_completeness_describe (SS_COMPLETE_SYN | SS_COMPLETE_RST, buf, sizeof buf);
  assert_string_equal (buf, "SYN, RST seen");
  ss_completeness_describe (SS_COMPLETE_DATA, buf, sizeof buf);
  assert_string_equal (buf, "data seen");
  /* Bits above RST are ignored. */
  ss_completeness_describe (64 | 128, buf, sizeof buf);
  assert_string_equal (buf, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");
  /* Cut short, never past the buffer; returns the whole length. */
  int n = ss_completeness_describe (63, small, sizeof small);
  assert_int_equal (n, (int) strlen ("SYN, SYN-ACK, ACK, data, FIN, RST seen"));
  assert_string_equal (small, "SYN, SY");
  assert_int_equal (ss_completeness_describe (63, NULL, 0), n);
}

/* The counter index of one SS_AN_* flag. */
static int
bit_of (uint32_t flag)
{
  int k = 0;

  while (k < SS_AN_N_FLAGS - 1 && (flag & (1u << k)) == 0)
    k++;
  return k;
}

/* The filters for one kind of trouble: the four problem classes one by
 * one, retransmissions (the whole family) and zero windows from the
 * counters, TCP only; names and labels. */
static void
test_trouble (void **state)
{
  static const SsTrouble of_problem[SS_PROBLEM_N] = {
    [SS_PROBLEM_NONE]       = SS_TROUBLE_N,
    [SS_PROBLEM_REFUSED]    = SS_TROUBLE_REFUSED,
    [SS_PROBLEM_NO_ANSWER]  = SS_TROUBLE_NO_ANSWER,
    [SS_PROBLEM_RESET]      = SS_TROUBLE_RESET,
    [SS_PROBLEM_ICMP_ERROR] = SS_TROUBLE_ICMP_ERROR,
  };
  static const char *const names[SS_TROUBLE_N] = {
    "refused", "no-answer", "reset", "icmp-error", "retransmissions", "zero-window",
  };
  (void) state;

  /* Every conn_state, with and without an ICMP error or a RST seen: each
   * problem class is kept by its filter only, and by no counter's. */
  for (int s = 0; s < SS_CONN_N_STATES; s++)
    for (int v = 0; v < 4; v++)
      {
        SsConn c = v < 2 ? tcp_conn ((SsConnState) s) : udp_conn ((SsConnState) s, 0);
        SsProblem p;

        if (v % 2 == 1)
          {
            c.icmp_errors = 1;
            c.teardown.rst_seen = true;
          }
        p = ss_problem_classify (&c);
        for (int t = 0; t < SS_TROUBLE_N; t++)
          assert_int_equal (ss_trouble_keep ((SsTrouble) t, &c), of_problem[p] == (SsTrouble) t);
      }

  /* The counters: each of the retransmission family alone is enough. */
  {
    static const uint32_t family[] = {
      SS_AN_RETRANSMISSION, SS_AN_FAST_RETRANSMISSION, SS_AN_SPURIOUS_RETRANSMISSION,
    };

    for (size_t i = 0; i < sizeof family / sizeof family[0]; i++)
      {
        SsConn c = tcp_conn (SS_CONN_STATE_SF);

        c.counters[bit_of (family[i])] = 1;
        assert_true (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, &c));
        assert_false (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, &c));
      }
  }
  {
    SsConn c = tcp_conn (SS_CONN_STATE_SF);

    /* other anomalies are not retransmissions nor zero windows */
    c.counters[bit_of (SS_AN_OUT_OF_ORDER)] = 5;
    c.counters[bit_of (SS_AN_DUPLICATE_ACK)] = 5;
    c.counters[bit_of (SS_AN_ZERO_WINDOW_PROBE)] = 5;
    c.counters[bit_of (SS_AN_WINDOW_FULL)] = 5;
    assert_false (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, &c));
    assert_false (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, &c));
    c.counters[bit_of (SS_AN_ZERO_WINDOW)] = UINT32_MAX;
    assert_true (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, &c));
    assert_false (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, &c));
    /* huge counters do not wrap */
    for (int k = 0; k < SS_AN_N_FLAGS; k++)
      c.counters[k] = UINT32_MAX;
    assert_true (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, &c));
  }
  {
    /* UDP has no TCP analysis, whatever its counters hold */
    SsConn c = udp_conn (SS_CONN_STATE_SF, 0);

    c.counters[bit_of (SS_AN_RETRANSMISSION)] = 1;
    c.counters[bit_of (SS_AN_ZERO_WINDOW)] = 1;
    assert_false (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, &c));
    assert_false (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, &c));
  }
  {
    SsConn c = tcp_conn (SS_CONN_STATE_REJ);

    assert_false (ss_trouble_keep (SS_TROUBLE_N, &c));
    assert_false (ss_trouble_keep ((SsTrouble) 99, &c));
    assert_false (ss_trouble_keep (SS_TROUBLE_REFUSED, NULL));
  }

  for (int t = 0; t < SS_TROUBLE_N; t++)
    {
      SsTrouble back = SS_TROUBLE_N;

      assert_string_equal (ss_trouble_name ((SsTrouble) t), names[t]);
      assert_true (ss_trouble_label ((SsTrouble) t)[0] != '\0');
      assert_true (ss_trouble_from_name (names[t], &back));
      assert_int_equal (back, t);
    }
  assert_string_equal (ss_trouble_label (SS_TROUBLE_NO_ANSWER), "No answer");
  assert_string_equal (ss_trouble_label (SS_TROUBLE_ZERO_WINDOW), "Zero window");
  assert_string_equal (ss_trouble_name (SS_TROUBLE_N), "");
  assert_string_equal (ss_trouble_label ((SsTrouble) -1), "");
  assert_false (ss_trouble_from_name ("problems", NULL));
  assert_false (ss_trouble_from_name ("", NULL));
  assert_false (ss_trouble_from_name (NULL, NULL));
  assert_false (ss_trouble_from_name ("Refused", NULL));
}

/* data/sample.pcap, read by the model: the classes and sentences of its
 * seven connections (see data/README or synscope-cli connections). */
static void
test_sample (void **state)
{
  static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  static const SsProblem want[] = {
    SS_PROBLEM_NONE, SS_PROBLEM_NONE, SS_PROBLEM_NONE, SS_PROBLEM_REFUSED,
    SS_PROBLEM_NONE, SS_PROBLEM_ICMP_ERROR, SS_PROBLEM_NONE,
  };
  const char *path = *state;
  SsModel *m = ss_model_new (key);
  char err[256] = "";
  SsLoader *loader;
  char buf[512];

  assert_non_null (path);
  loader = ss_loader_open (path, m, err, sizeof err);
  if (loader == NULL)
    fail_msg ("%s: %s", path, err);
  assert_int_equal (ss_loader_run (loader, 0), SS_LOAD_DONE);
  assert_int_equal (ss_model_n_conns (m), sizeof want / sizeof want[0]);

  for (size_t i = 0; i < ss_model_n_conns (m); i++)
    {
      const SsConn *c = ss_model_get_conn (m, i);

      assert_int_equal (ss_problem_classify (c), want[i]);
      /* 4 only under Refused, 6 only under ICMP error */
      assert_int_equal (ss_trouble_keep (SS_TROUBLE_REFUSED, c), i == 3);
      assert_int_equal (ss_trouble_keep (SS_TROUBLE_ICMP_ERROR, c), i == 5);
      assert_false (ss_trouble_keep (SS_TROUBLE_NO_ANSWER, c));
      assert_false (ss_trouble_keep (SS_TROUBLE_RESET, c));
      assert_false (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, c));
      assert_false (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, c));
      assert_int_equal (ss_conn_anomalies (c), 0);
      ss_analysis_describe (c, buf, sizeof buf);
      assert_string_equal (buf, "nothing unusual");
    }

  /* 1: closed by the server, the client's FIN after it. */
  ss_teardown_describe (ss_model_get_conn (m, 0), buf, sizeof buf);
  assert_true (strncmp (buf, "the server closed first (FIN in frame ", 38) == 0);
  assert_non_null (strstr (buf, "), the client "));
  /* 4: refused. */
  ss_teardown_describe (ss_model_get_conn (m, 3), buf, sizeof buf);
  assert_string_equal (buf, "RST from the server in frame 38, the answer to a SYN: nothing listens on the port");
  /* 7: closed by the client. */
  ss_teardown_describe (ss_model_get_conn (m, 6), buf, sizeof buf);
  assert_true (strncmp (buf, "the client closed first", 23) == 0);

  ss_loader_free (loader);
  ss_model_free (m);
}

/* The corpus's tcp/ndpi__ipp.pcap (path given as the second argument):
 * connection 2 has a retransmission and a zero window (synscope-cli
 * connections), 1 and 3 neither; none is a problem. */
static void
test_ipp (void **state)
{
  static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  const char *path = *state;
  SsModel *m;
  char err[256] = "";
  SsLoader *loader;

  if (path == NULL || access (path, R_OK) != 0)
    {
      print_message ("# no corpus capture %s\n", path != NULL ? path : "(none)");
      skip ();
    }
  m = ss_model_new (key);
  loader = ss_loader_open (path, m, err, sizeof err);
  if (loader == NULL)
    fail_msg ("%s: %s", path, err);
  assert_int_equal (ss_loader_run (loader, 0), SS_LOAD_DONE);
  assert_int_equal (ss_model_n_conns (m), 3);

  for (size_t i = 0; i < ss_model_n_conns (m); i++)
    {
      const SsConn *c = ss_model_get_conn (m, i);

      assert_int_equal (ss_trouble_keep (SS_TROUBLE_RETRANSMISSIONS, c), i == 1);
      assert_int_equal (ss_trouble_keep (SS_TROUBLE_ZERO_WINDOW, c), i == 1);
      for (int t = SS_TROUBLE_REFUSED; t <= SS_TROUBLE_ICMP_ERROR; t++)
        assert_false (ss_trouble_keep ((SsTrouble) t, c));
    }

  ss_loader_free (loader);
  ss_model_free (m);
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_problem_tcp),
    cmocka_unit_test (test_problem_udp),
    cmocka_unit_test (test_problem_labels),
    cmocka_unit_test (test_anomalies),
    cmocka_unit_test (test_analysis_describe),
    cmocka_unit_test (test_teardown_describe),
    cmocka_unit_test (test_state_meaning),
    cmocka_unit_test (test_completeness),
    cmocka_unit_test (test_trouble),
    cmocka_unit_test_prestate (test_sample, argc > 1 ? argv[1] : NULL),
    cmocka_unit_test_prestate (test_ipp, argc > 2 ? argv[2] : NULL),
  };

  return cmocka_run_group_tests_name ("outcome", tests, NULL, NULL);
}
