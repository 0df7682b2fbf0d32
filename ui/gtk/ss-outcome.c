/* ss-outcome.c - what the window adds to a connection's outcome
 * (see ss-outcome.h).
 *
 * Everything here reads what the model decided: Zeek's conn_state
 * (zeek/zeek scripts/base/protocols/conn/main.zeek, whose descriptions
 * ss_conn_state_meaning repeats), the teardown facts (RFC 9293 3.6
 * closing, 3.5.3 reset) and the tcp.analysis.* counters (Wireshark's
 * names, dissect/ss-tcp-analysis.h). Nothing is worked out again from
 * flag counts.
 */
#include "ss-outcome.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ss-text.h"

#define MIN_U32(a, b) ((a) < (b) ? (a) : (b))
#define MAX_U32(a, b) ((a) > (b) ? (a) : (b))

static const char *const problem_labels[SS_PROBLEM_N] = {
  [SS_PROBLEM_NONE]       = "",
  [SS_PROBLEM_REFUSED]    = "refused",
  [SS_PROBLEM_NO_ANSWER]  = "no answer",
  [SS_PROBLEM_RESET]      = "reset",
  [SS_PROBLEM_ICMP_ERROR] = "ICMP error",
};

/* Problems come from conn_state: REJ = refused; S0 = no answer (or the ICMP
 * error that came instead); RSTO, RSTR, RSTOS0 and RSTRH = reset. Zeek
 * calls a connection OTH when its originator reset it before the
 * responder was seen to be active (a mid-stream RST); the model's teardown
 * facts still saw that RST, and the window lists it as a reset too. SF
 * stays normal even with a RST after both FINs (Zeek's view: the
 * connection was closed first). UDP: an ICMP error came back, or S0 (no
 * datagram came back). */
SsProblem
ss_problem_classify (const SsConn *conn)
{
  if (conn->proto == SS_PROTO_UDP)
    {
      if (conn->icmp_errors > 0)
        return SS_PROBLEM_ICMP_ERROR;
      return conn->conn_state == SS_CONN_STATE_S0 ? SS_PROBLEM_NO_ANSWER : SS_PROBLEM_NONE;
    }

  switch (conn->conn_state)
    {
    case SS_CONN_STATE_REJ:
      return SS_PROBLEM_REFUSED;
    case SS_CONN_STATE_S0:
      return conn->icmp_errors > 0 ? SS_PROBLEM_ICMP_ERROR : SS_PROBLEM_NO_ANSWER;
    case SS_CONN_STATE_RSTO:
    case SS_CONN_STATE_RSTR:
    case SS_CONN_STATE_RSTOS0:
    case SS_CONN_STATE_RSTRH:
      return SS_PROBLEM_RESET;
    case SS_CONN_STATE_OTH:
      return conn->teardown.rst_seen ? SS_PROBLEM_RESET : SS_PROBLEM_NONE;
    case SS_CONN_STATE_S1:
    case SS_CONN_STATE_SF:
    case SS_CONN_STATE_S2:
    case SS_CONN_STATE_S3:
    case SS_CONN_STATE_SH:
    case SS_CONN_STATE_SHR:
    default:
      return SS_PROBLEM_NONE;
    }
}

const char *
ss_problem_label (SsProblem problem)
{
  if ((unsigned) problem >= SS_PROBLEM_N)
    return "";
  return problem_labels[problem];
}

SsOverviewOutcome
ss_overview_outcome_classify (const SsConn *conn,
                              void         *user_data)
{
  (void) user_data;
  if (conn == NULL)
    return SS_OVERVIEW_OUTCOME_NONE;
  switch (ss_problem_classify (conn))
    {
    case SS_PROBLEM_REFUSED:
      return SS_OVERVIEW_OUTCOME_REFUSED;
    case SS_PROBLEM_NO_ANSWER:
      return SS_OVERVIEW_OUTCOME_NO_ANSWER;
    case SS_PROBLEM_RESET:
      return SS_OVERVIEW_OUTCOME_RESET;
    case SS_PROBLEM_ICMP_ERROR:
      return SS_OVERVIEW_OUTCOME_ICMP_ERROR;
    case SS_PROBLEM_NONE:
    case SS_PROBLEM_N:
    default:
      return ss_conn_anomalies (conn) > 0 ? SS_OVERVIEW_OUTCOME_ANOMALIES : SS_OVERVIEW_OUTCOME_NONE;
    }
}

/* The sum of conn->counters[] over flags (0 for UDP). */
static uint64_t
ss_conn_counted (const SsConn *conn,
                 uint32_t      flags)
{
  uint64_t sum = 0;

  if (conn->proto != SS_PROTO_TCP)
    return 0;
  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    if ((flags & (1u << k)) != 0)
      sum += conn->counters[k];
  return sum;
}

uint64_t
ss_conn_anomalies (const SsConn *conn)
{
  return ss_conn_counted (conn, SS_AN_TROUBLE);
}

static const struct {
  const char *name;
  const char *label;
} trouble_words[SS_TROUBLE_N] = {
  [SS_TROUBLE_REFUSED]         = { "refused",         "Refused" },
  [SS_TROUBLE_NO_ANSWER]       = { "no-answer",       "No answer" },
  [SS_TROUBLE_RESET]           = { "reset",           "Reset" },
  [SS_TROUBLE_ICMP_ERROR]      = { "icmp-error",      "ICMP error" },
  [SS_TROUBLE_RETRANSMISSIONS] = { "retransmissions", "Retransmissions" },
  [SS_TROUBLE_ZERO_WINDOW]     = { "zero-window",     "Zero window" },
};

/* The four problem classes are ss_problem_classify's, so that together
 * they keep what the Problems filter keeps; retransmissions and zero
 * windows are the model's counters (TCP only). */
bool
ss_trouble_keep (SsTrouble     trouble,
                 const SsConn *conn)
{
  if (conn == NULL)
    return false;
  switch (trouble)
    {
    case SS_TROUBLE_REFUSED:
      return ss_problem_classify (conn) == SS_PROBLEM_REFUSED;
    case SS_TROUBLE_NO_ANSWER:
      return ss_problem_classify (conn) == SS_PROBLEM_NO_ANSWER;
    case SS_TROUBLE_RESET:
      return ss_problem_classify (conn) == SS_PROBLEM_RESET;
    case SS_TROUBLE_ICMP_ERROR:
      return ss_problem_classify (conn) == SS_PROBLEM_ICMP_ERROR;
    case SS_TROUBLE_RETRANSMISSIONS:
      return ss_conn_counted (conn, SS_AN_RETRANSMISSIONS) > 0;
    case SS_TROUBLE_ZERO_WINDOW:
      return ss_conn_counted (conn, SS_AN_ZERO_WINDOW) > 0;
    case SS_TROUBLE_N:
    default:
      return false;
    }
}

const char *
ss_trouble_name (SsTrouble trouble)
{
  if ((unsigned) trouble >= SS_TROUBLE_N)
    return "";
  return trouble_words[trouble].name;
}

const char *
ss_trouble_label (SsTrouble trouble)
{
  if ((unsigned) trouble >= SS_TROUBLE_N)
    return "";
  return trouble_words[trouble].label;
}

bool
ss_trouble_from_name (const char *name,
                      SsTrouble  *trouble)
{
  if (name == NULL)
    return false;
  for (unsigned k = 0; k < SS_TROUBLE_N; k++)
    if (strcmp (name, trouble_words[k].name) == 0)
      {
        if (trouble != NULL)
          *trouble = (SsTrouble) k;
        return true;
      }
  return false;
}

/* A string built piece by piece, as snprintf: cut at size, the whole length
 * counted. */
typedef struct {
  char  *buf;
  size_t size;
  size_t len;
  bool   failed;
} SsAppend;

static void
ss_append_init (SsAppend *a, char *buf, size_t size)
{
  a->buf = buf;
  a->size = size;
  a->len = 0;
  a->failed = false;
  if (size > 0)
    buf[0] = '\0';
}

static void ss_append (SsAppend *a, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
ss_append (SsAppend *a, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vsnprintf (a->len < a->size ? a->buf + a->len : NULL,
                 a->len < a->size ? a->size - a->len : 0, fmt, ap);
  va_end (ap);
  if (n < 0)
    a->failed = true;
  else
    a->len += (size_t) n;
}

static int
ss_append_end (const SsAppend *a)
{
  return a->failed ? -1 : (int) a->len;
}

/* The counters in words, by bit number. The CLI's names
 * (ss_tcp_analysis_counter_name) are JSON keys ("out_of_orders"); these are
 * the same counters said for people, singular and plural. */
static const struct {
  const char *one;
  const char *many;
} analysis_words[SS_AN_N_FLAGS] = {
  { "retransmission",              "retransmissions" },
  { "fast retransmission",         "fast retransmissions" },
  { "spurious retransmission",     "spurious retransmissions" },
  { "out of order",                "out of order" },
  { "lost segment (previous segment not captured)",
    "lost segments (previous segment not captured)" },
  { "ACK of data not captured",    "ACKs of data not captured" },
  { "duplicate ACK",               "duplicate ACKs" },
  { "zero window",                 "zero windows" },
  { "zero-window probe",           "zero-window probes" },
  { "zero-window probe ACK",       "zero-window probe ACKs" },
  { "keep-alive",                  "keep-alives" },
  { "keep-alive ACK",              "keep-alive ACKs" },
  { "window update",               "window updates" },
  { "window full",                 "window full" },
  { "SYN reusing the ports",       "SYNs reusing the ports" },
  { "decided by timing",           "decided by timing" },
};

int
ss_analysis_describe (const SsConn *conn, char *buf, size_t size)
{
  SsAppend a;
  bool any = false;

  ss_append_init (&a, buf, size);
  if (conn->proto == SS_PROTO_TCP)
    for (int k = 0; k < SS_AN_N_FLAGS; k++)
      {
        uint32_t n = conn->counters[k];

        if (n == 0)
          continue;
        ss_append (&a, "%s%lu %s", any ? ", " : "", (unsigned long) n,
                   n == 1 ? analysis_words[k].one : analysis_words[k].many);
        any = true;
      }
  if (!any)
    ss_append (&a, "nothing unusual");
  return ss_append_end (&a);
}

static const char *
side_word (int dir)
{
  return dir == SS_DIR_C2S ? "client" : "server";
}

static const char *
rst_cause_words (SsRstCause cause)
{
  switch (cause)
    {
    case SS_RST_REFUSED:
      return "the answer to a SYN: nothing listens on the port";
    case SS_RST_HANDSHAKE:
      return "during the handshake";
    case SS_RST_ABORT:
      return "the connection was aborted before any FIN";
    case SS_RST_AFTER_FIN:
      return "after one side's FIN";
    case SS_RST_AFTER_CLOSE:
      return "after both FINs";
    case SS_RST_MIDSTREAM:
      return "the first thing seen of the connection";
    case SS_RST_NONE:
    default:
      return NULL;
    }
}

int
ss_teardown_describe (const SsConn *conn, char *buf, size_t size)
{
  const SsTeardown *t = &conn->teardown;
  SsAppend a;
  bool fin = t->first_fin_dir == SS_DIR_C2S || t->first_fin_dir == SS_DIR_S2C;
  char ms[32];

  ss_append_init (&a, buf, size);
  if (conn->proto != SS_PROTO_TCP)
    return 0;

  if (fin)
    {
      int first = t->first_fin_dir;
      int other = first ^ 1;

      if (t->fin_seen[other] && t->simultaneous)
        ss_append (&a, "both sides closed at once (the FINs of frames %lu and %lu crossed)",
                   (unsigned long) MIN_U32 (t->fin_frame[0], t->fin_frame[1]),
                   (unsigned long) MAX_U32 (t->fin_frame[0], t->fin_frame[1]));
      else if (t->fin_seen[other])
        {
          ss_text_millis (ms, sizeof ms, t->fin_ns[other] - t->fin_ns[first], 3);
          ss_append (&a, "the %s closed first (FIN in frame %lu), the %s %s ms later (frame %lu)",
                     side_word (first), (unsigned long) t->fin_frame[first],
                     side_word (other), ms, (unsigned long) t->fin_frame[other]);
        }
      else
        ss_append (&a, "only the %s closed (FIN in frame %lu)",
                   side_word (first), (unsigned long) t->fin_frame[first]);
      if (t->half_close)
        {
          char bytes[32];

          ss_text_count (bytes, sizeof bytes, t->half_close_bytes);
          ss_append (&a, "; half-close: the %s sent %s bytes after that FIN",
                     side_word (other), bytes);
        }
    }
  if (t->rst_seen)
    {
      const char *cause = rst_cause_words (t->rst_cause);
      int dir = t->rst_dir == SS_DIR_S2C ? SS_DIR_S2C : SS_DIR_C2S;

      ss_append (&a, "%sRST from the %s in frame %lu%s%s", fin ? "; " : "",
                 side_word (dir), (unsigned long) t->rst_frame,
                 cause != NULL ? ", " : "", cause != NULL ? cause : "");
    }
  if (!fin && !t->rst_seen)
    ss_append (&a, "no FIN or RST seen");
  return ss_append_end (&a);
}

const char *
ss_conn_state_meaning (SsProto proto, SsConnState state)
{
  if (proto == SS_PROTO_UDP)
    switch (state)
      {
      case SS_CONN_STATE_S0:
        return "datagrams from the client only, no reply";
      case SS_CONN_STATE_SF:
        return "datagrams both ways";
      case SS_CONN_STATE_SHR:
        return "datagrams from the server only";
      case SS_CONN_STATE_OTH:
      case SS_CONN_STATE_S1:
      case SS_CONN_STATE_REJ:
      case SS_CONN_STATE_S2:
      case SS_CONN_STATE_S3:
      case SS_CONN_STATE_RSTO:
      case SS_CONN_STATE_RSTR:
      case SS_CONN_STATE_RSTOS0:
      case SS_CONN_STATE_RSTRH:
      case SS_CONN_STATE_SH:
      default:
        return "no datagram seen";
      }

  switch (state)
    {
    case SS_CONN_STATE_OTH:
      return "no SYN seen, just midstream traffic";
    case SS_CONN_STATE_S0:
      return "connection attempt seen, no reply";
    case SS_CONN_STATE_S1:
      return "connection established, not terminated";
    case SS_CONN_STATE_SF:
      return "normal establishment and termination";
    case SS_CONN_STATE_REJ:
      return "connection attempt rejected";
    case SS_CONN_STATE_S2:
      return "established, the originator closed, no reply from the responder";
    case SS_CONN_STATE_S3:
      return "established, the responder closed, no reply from the originator";
    case SS_CONN_STATE_RSTO:
      return "established, the originator aborted (sent a RST)";
    case SS_CONN_STATE_RSTR:
      return "the responder sent a RST";
    case SS_CONN_STATE_RSTOS0:
      return "the originator sent a SYN then a RST, no SYN-ACK seen";
    case SS_CONN_STATE_RSTRH:
      return "the responder sent a SYN-ACK then a RST, no SYN seen";
    case SS_CONN_STATE_SH:
      return "the originator sent a SYN then a FIN, no SYN-ACK seen";
    case SS_CONN_STATE_SHR:
      return "the responder sent a SYN-ACK then a FIN, no SYN seen";
    default:
      return "unknown";
    }
}

int
ss_completeness_describe (unsigned completeness, char *buf, size_t size)
{
  static const struct { unsigned bit; const char *name; } parts[] = {
    { SS_COMPLETE_SYN,    "SYN" },
    { SS_COMPLETE_SYNACK, "SYN-ACK" },
    { SS_COMPLETE_ACK,    "ACK" },
    { SS_COMPLETE_DATA,   "data" },
    { SS_COMPLETE_FIN,    "FIN" },
    { SS_COMPLETE_RST,    "RST" },
  };
  SsAppend a;
  bool any = false;

  ss_append_init (&a, buf, size);
  if ((completeness & 63) == 0)
    {
      ss_append (&a, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");
      return ss_append_end (&a);
    }
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    {
      if ((completeness & parts[i].bit) == 0)
        continue;
      ss_append (&a, "%s%s", any ? ", " : "", parts[i].name);
      any = true;
    }
  ss_append (&a, " seen");
  return ss_append_end (&a);
}
