/* ss-outcome.c - a connection's outcome in plain words (see ss-outcome.h).
 *
 * RFC 9293 3.5 (opening and closing), 3.5.3 (reset); RFC 792 / RFC 4443
 * (ICMP errors). Wireshark's tcp.completeness bits for the spelled-out list.
 */
#include "ss-outcome.h"

#include <stdio.h>

static const char *const outcome_labels[SS_OUTCOME_N] = {
  [SS_OUTCOME_REFUSED]        = "refused",
  [SS_OUTCOME_NO_ANSWER]      = "no answer",
  [SS_OUTCOME_NO_HANDSHAKE]   = "no SYN-ACK",
  [SS_OUTCOME_RESET]          = "reset",
  [SS_OUTCOME_CLOSED]         = "closed",
  [SS_OUTCOME_HALF_CLOSED]    = "half-closed",
  [SS_OUTCOME_OPEN]           = "open",
  [SS_OUTCOME_MIDSTREAM]      = "open, no handshake seen",
  [SS_OUTCOME_UDP_ONE_WAY]    = "one way",
  [SS_OUTCOME_UDP_EXCHANGE]   = "request and reply",
  [SS_OUTCOME_UDP_TWO_WAY]    = "both ways",
  [SS_OUTCOME_UDP_ICMP_ERROR] = "ICMP error returned",
};

SsOutcome
ss_outcome_classify (const SsConn *conn)
{
  if (conn->proto == SS_PROTO_UDP)
    {
      if (conn->icmp_errors > 0)
        return SS_OUTCOME_UDP_ICMP_ERROR;
      if (conn->packets_c2s > 0 && conn->packets_s2c > 0)
        return conn->packets_c2s == 1 && conn->packets_s2c == 1
               ? SS_OUTCOME_UDP_EXCHANGE : SS_OUTCOME_UDP_TWO_WAY;
      return SS_OUTCOME_UDP_ONE_WAY;
    }

  bool syn = conn->syn > 0 || (conn->completeness & SS_COMPLETE_SYN) != 0;
  bool synack = conn->synack > 0 || (conn->completeness & SS_COMPLETE_SYNACK) != 0;
  bool rst = conn->rst > 0 || (conn->completeness & SS_COMPLETE_RST) != 0;

  if (rst)
    return syn && !synack ? SS_OUTCOME_REFUSED : SS_OUTCOME_RESET;
  if (syn && !synack)
    return conn->packets_s2c == 0 ? SS_OUTCOME_NO_ANSWER : SS_OUTCOME_NO_HANDSHAKE;
  if (conn->fin >= 2)
    return SS_OUTCOME_CLOSED;
  if (conn->fin == 1 || (conn->completeness & SS_COMPLETE_FIN) != 0)
    return SS_OUTCOME_HALF_CLOSED;
  if (syn || synack)
    return SS_OUTCOME_OPEN;
  return SS_OUTCOME_MIDSTREAM;
}

const char *
ss_outcome_label (SsOutcome outcome)
{
  if ((unsigned) outcome >= SS_OUTCOME_N)
    return "unknown";
  return outcome_labels[outcome];
}

int
ss_outcome_describe (const SsConn *conn, char *buf, size_t size)
{
  SsOutcome outcome = ss_outcome_classify (conn);
  const char *label = ss_outcome_label (outcome);

  switch (outcome)
    {
    case SS_OUTCOME_NO_ANSWER:
    case SS_OUTCOME_REFUSED:
      if (conn->syn > 1)
        return snprintf (buf, size, "%s, %u SYN tries", label, (unsigned) conn->syn);
      break;
    case SS_OUTCOME_UDP_ICMP_ERROR:
      if (conn->icmp_errors > 1)
        return snprintf (buf, size, "%u ICMP errors returned", (unsigned) conn->icmp_errors);
      break;
    case SS_OUTCOME_NO_HANDSHAKE:
    case SS_OUTCOME_RESET:
    case SS_OUTCOME_CLOSED:
    case SS_OUTCOME_HALF_CLOSED:
    case SS_OUTCOME_OPEN:
    case SS_OUTCOME_MIDSTREAM:
    case SS_OUTCOME_UDP_ONE_WAY:
    case SS_OUTCOME_UDP_EXCHANGE:
    case SS_OUTCOME_UDP_TWO_WAY:
    case SS_OUTCOME_N:
    default:
      break;
    }
  return snprintf (buf, size, "%s", label);
}

bool
ss_outcome_is_problem (SsOutcome outcome)
{
  switch (outcome)
    {
    case SS_OUTCOME_REFUSED:
    case SS_OUTCOME_NO_ANSWER:
    case SS_OUTCOME_NO_HANDSHAKE:
    case SS_OUTCOME_RESET:
    case SS_OUTCOME_UDP_ICMP_ERROR:
      return true;
    case SS_OUTCOME_CLOSED:
    case SS_OUTCOME_HALF_CLOSED:
    case SS_OUTCOME_OPEN:
    case SS_OUTCOME_MIDSTREAM:
    case SS_OUTCOME_UDP_ONE_WAY:
    case SS_OUTCOME_UDP_EXCHANGE:
    case SS_OUTCOME_UDP_TWO_WAY:
    case SS_OUTCOME_N:
    default:
      return false;
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
  size_t len = 0;
  int total = 0;

  if (size > 0)
    buf[0] = '\0';
  if ((completeness & 63) == 0)
    return snprintf (buf, size, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");

  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    {
      if ((completeness & parts[i].bit) == 0)
        continue;
      int n = snprintf (len < size ? buf + len : NULL, len < size ? size - len : 0,
                        "%s%s", total > 0 ? ", " : "", parts[i].name);
      if (n < 0)
        return n;
      total += n;
      len += (size_t) n;
    }
  int n = snprintf (len < size ? buf + len : NULL, len < size ? size - len : 0, " seen");
  return n < 0 ? n : total + n;
}
