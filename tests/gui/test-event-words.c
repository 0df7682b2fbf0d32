/* The event pane's words (ui/gtk/ss-event-words.c): one event of a
 * connection in plain words, and each endpoint's state change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ss-event-words.h"
#include "ss-packet.h"
#include "ss-tcp-analysis.h"
#include "ss-udp-exchange.h"

static SsEvent
tcp_event (SsDir dir, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint32_t win)
{
  SsEvent ev;

  memset (&ev, 0, sizeof ev);
  ev.kind = SS_EVENT_TCP;
  ev.dir = dir;
  ev.tcp_flags = flags;
  ev.seq = seq;
  ev.ack = ack;
  ev.len = len;
  ev.win = win;
  ev.rtt_ns = -1;
  ev.peer_event = UINT32_MAX;
  return ev;
}

static void
test_syn (void **state)
{
  SsEvent ev = tcp_event (SS_DIR_C2S, SS_TCP_SYN, 0, 0, 0, 64240);
  char buf[512];
  int n;

  (void) state;
  n = ss_event_words (&ev, buf, sizeof buf);
  assert_int_equal (n, (int) strlen (buf));
  assert_string_equal (buf, "The client asks to open a connection: SYN, initial sequence number 0 (relative), window 64240.");
}

static void
test_synack (void **state)
{
  SsEvent ev = tcp_event (SS_DIR_S2C, SS_TCP_SYN | SS_TCP_ACK, 0, 1, 0, 65160);
  char buf[512];

  (void) state;
  ss_event_words (&ev, buf, sizeof buf);
  assert_non_null (strstr (buf, "The server accepts: SYN-ACK"));
  assert_non_null (strstr (buf, "acknowledging byte 1, window 65160."));
}

static void
test_data_and_ack (void **state)
{
  SsEvent data = tcp_event (SS_DIR_C2S, SS_TCP_PSH | SS_TCP_ACK, 1, 1, 64, 64512);
  SsEvent one = tcp_event (SS_DIR_C2S, SS_TCP_ACK, 1, 1, 1, 64512);
  SsEvent ack = tcp_event (SS_DIR_S2C, SS_TCP_ACK, 1, 65, 0, 65536);
  char buf[512];

  (void) state;
  ss_event_words (&data, buf, sizeof buf);
  assert_string_equal (buf, "The client sends 64 bytes of data (sequence 1 to 64) and acknowledges everything up to byte 1, window 64512.");
  ss_event_words (&one, buf, sizeof buf);
  assert_non_null (strstr (buf, "sends 1 byte of data (sequence 1 to 1)"));
  ss_event_words (&ack, buf, sizeof buf);
  assert_string_equal (buf, "The server acknowledges everything up to byte 65, window 65536.");
}

static void
test_fin_rst (void **state)
{
  SsEvent fin = tcp_event (SS_DIR_C2S, SS_TCP_FIN | SS_TCP_ACK, 65, 262, 0, 64512);
  SsEvent rst = tcp_event (SS_DIR_S2C, SS_TCP_RST | SS_TCP_ACK, 0, 1, 0, 0);
  SsEvent bare = tcp_event (SS_DIR_S2C, 0, 0, 0, 0, 0);
  char buf[512];

  (void) state;
  ss_event_words (&fin, buf, sizeof buf);
  assert_true (strncmp (buf, "The client closes its side: FIN.", 32) == 0);
  assert_non_null (strstr (buf, "up to byte 262."));
  ss_event_words (&rst, buf, sizeof buf);
  assert_true (strncmp (buf, "The server resets the connection: RST.", 38) == 0);
  ss_event_words (&bare, buf, sizeof buf);
  assert_non_null (strstr (buf, "without ACK, data or flags"));
}

static void
test_analysis (void **state)
{
  SsEvent ev = tcp_event (SS_DIR_C2S, SS_TCP_ACK, 1, 1, 100, 500);
  SsEvent zw = tcp_event (SS_DIR_S2C, SS_TCP_ACK, 1, 101, 0, 0);
  char buf[512];

  (void) state;
  ev.analysis = SS_AN_RETRANSMISSION | SS_AN_BY_TIMING;
  ss_event_words (&ev, buf, sizeof buf);
  assert_non_null (strstr (buf, "\nRetransmission: these bytes were sent before."));
  assert_non_null (strstr (buf, "decided by timing"));
  assert_null (strstr (buf, "Duplicate"));
  zw.analysis = SS_AN_ZERO_WINDOW;
  ss_event_words (&zw, buf, sizeof buf);
  assert_non_null (strstr (buf, "the sender must wait"));
}

static void
test_udp_icmp (void **state)
{
  SsEvent q;
  SsEvent icmp;
  char buf[512];

  (void) state;
  memset (&q, 0, sizeof q);
  q.kind = SS_EVENT_UDP;
  q.dir = SS_DIR_C2S;
  q.len = 33;
  q.udp_role = SS_UDP_REQUEST | SS_UDP_DNS | SS_UDP_ANSWERED;
  q.dns_id = 4660;
  q.exchange = 1;
  ss_event_words (&q, buf, sizeof buf);
  assert_string_equal (buf, "The client sends a DNS query (ID 4660): a datagram of 33 bytes.\nIt opens request 1, which is answered.");

  memset (&icmp, 0, sizeof icmp);
  icmp.kind = SS_EVENT_ICMP_ERROR;
  icmp.dir = SS_DIR_S2C;
  icmp.icmp_type = 3;
  icmp.icmp_code = 3;
  ss_event_words (&icmp, buf, sizeof buf);
  assert_string_equal (buf, "An ICMP error comes back to the client: port unreachable: nothing listens there (type 3, code 3).");
  icmp.icmp_v6 = true;
  icmp.icmp_type = 1;
  icmp.icmp_code = 4;
  ss_event_words (&icmp, buf, sizeof buf);
  assert_non_null (strstr (buf, "ICMPv6 error"));
  assert_non_null (strstr (buf, "port unreachable"));
}

/* Short buffers: cut, terminated, and the full length returned. */
static void
test_short_buffer (void **state)
{
  SsEvent ev = tcp_event (SS_DIR_C2S, SS_TCP_SYN, 0, 0, 0, 64240);
  char full[512];
  char buf[8];
  int n;

  (void) state;
  n = ss_event_words (&ev, full, sizeof full);
  memset (buf, 'x', sizeof buf);
  assert_int_equal (ss_event_words (&ev, buf, sizeof buf), n);
  assert_string_equal (buf, "The cli");
  assert_int_equal (ss_event_words (&ev, NULL, 0), n);
  ev.analysis = 0xffffffffu;
  n = ss_event_words (&ev, buf, sizeof buf);
  assert_true (n > 500);
  assert_int_equal (ss_event_words (&ev, buf, 1), n);
  assert_string_equal (buf, "");
}

static void
test_states (void **state)
{
  SsEvent syn = tcp_event (SS_DIR_C2S, SS_TCP_SYN, 0, 0, 0, 64240);
  SsEvent synack = tcp_event (SS_DIR_S2C, SS_TCP_SYN | SS_TCP_ACK, 0, 1, 0, 65160);
  SsEvent mid = tcp_event (SS_DIR_C2S, SS_TCP_ACK, 1, 1, 10, 100);
  SsEvent udp;
  char buf[128];

  (void) state;
  syn.client_state = SS_TCP_SYN_SENT;
  syn.server_state = SS_TCP_LISTEN;
  syn.server_assumed = true;
  synack.client_state = SS_TCP_ESTABLISHED;
  synack.server_state = SS_TCP_SYN_RECEIVED;

  ss_event_state_words (SS_PROTO_TCP, &syn, NULL, true, buf, sizeof buf);
  assert_string_equal (buf, "client: CLOSED \u2192 SYN_SENT");
  ss_event_state_words (SS_PROTO_TCP, &syn, NULL, false, buf, sizeof buf);
  assert_string_equal (buf, "server: LISTEN? (no change)");
  ss_event_state_words (SS_PROTO_TCP, &synack, &syn, true, buf, sizeof buf);
  assert_string_equal (buf, "client: SYN_SENT \u2192 ESTABLISHED");
  ss_event_state_words (SS_PROTO_TCP, &synack, &syn, false, buf, sizeof buf);
  assert_string_equal (buf, "server: LISTEN? \u2192 SYN_RECEIVED");

  /* Mid-stream: nothing before it, the assumed state stays. */
  mid.client_state = mid.server_state = SS_TCP_ESTABLISHED;
  mid.client_assumed = mid.server_assumed = true;
  ss_event_state_words (SS_PROTO_TCP, &mid, NULL, true, buf, sizeof buf);
  assert_string_equal (buf, "client: ESTABLISHED? (no change)");

  memset (&udp, 0, sizeof udp);
  udp.kind = SS_EVENT_ICMP_ERROR;
  ss_event_state_words (SS_PROTO_UDP, &udp, NULL, false, buf, sizeof buf);
  assert_string_equal (buf, "server: no state (UDP)");
  assert_int_equal (ss_event_state_words (SS_PROTO_UDP, &udp, NULL, true, NULL, 0),
                    (int) strlen ("client: no state (UDP)"));
}

static void
test_hex_dump (void **state)
{
  uint8_t bytes[20];
  char buf[256];
  char small[10];
  int n;

  (void) state;
  for (size_t i = 0; i < sizeof bytes; i++)
    bytes[i] = (uint8_t) (0x41 + i);
  bytes[1] = 0x00;
  bytes[2] = 0xff;
  assert_int_equal (ss_event_hex_dump (bytes, 0, buf, sizeof buf), 0);
  assert_string_equal (buf, "");
  ss_event_hex_dump (bytes, 1, buf, sizeof buf);
  assert_string_equal (buf, "0000  41                                                A");
  n = ss_event_hex_dump (bytes, sizeof bytes, buf, sizeof buf);
  assert_int_equal (n, (int) strlen (buf));
  assert_string_equal (buf,
                       "0000  41 00 ff 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  A..DEFGHIJKLMNOP\n"
                       "0010  51 52 53 54                                       QRST");
  assert_int_equal (ss_event_hex_dump (bytes, sizeof bytes, small, sizeof small), n);
  assert_string_equal (small, "0000  41 ");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_short_buffer),
    cmocka_unit_test (test_syn),
    cmocka_unit_test (test_synack),
    cmocka_unit_test (test_data_and_ack),
    cmocka_unit_test (test_fin_rst),
    cmocka_unit_test (test_analysis),
    cmocka_unit_test (test_udp_icmp),
    cmocka_unit_test (test_states),
    cmocka_unit_test (test_hex_dump),
  };

  return cmocka_run_group_tests_name ("event-words", tests, NULL, NULL);
}
