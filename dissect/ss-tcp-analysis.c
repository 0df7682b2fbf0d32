/* ss-tcp-analysis.c - what happened to each TCP segment, from the evidence.
 *
 * RFC 9293 (TCP: sequence space, serial comparisons), RFC 7323 (window
 * scale, timestamps), RFC 2018 (SACK), RFC 5681 (duplicate ACKs, fast
 * retransmit), RFC 6298 (Karn's rule), RFC 3168 (ECN negotiation),
 * RFC 6864 (IPv4 ID). Flag names and, where no better evidence exists, the
 * rules of Wireshark's tcp_analyze_sequence_number() (epan/dissectors/
 * packet-tcp.c, 4.0). Every rule, and every place it differs from
 * Wireshark's, is written down in docs/analysis-rules.md.
 *
 * Per direction the state holds: the highest sequence sent (nextseq), the
 * last ACK and window this side sent, its duplicate-ACK run, the last
 * cumulative ACK it sent (what the peer's data is acknowledged up to), the
 * send-order marks of the segment that set nextseq (TSval, IP ID) and
 * whether this side's IP IDs count up, and one segment being timed for an
 * RTT sample. The ranges below nextseq that were never seen (holes), the
 * SACKed ranges above the cumulative ACK and the end of a zero-window
 * probe live in a small block allocated only when a connection first has
 * any; the common connection never allocates after _new.
 */
#include "ss-tcp-analysis.h"

#include <stdlib.h>
#include <string.h>

#include "ss-tcp-analysis-ranges.h"

/* Wireshark's constants (packet-tcp.c). */
#define SS_OOO_DEFAULT_NS   3000000   /* out-of-order window without iRTT */
#define SS_FAST_RETRANS_NS  20000000  /* dup ACK to fast retransmission */
/* IP IDs "count up": consecutive packets of a sender differ by 1..this. */
#define SS_IPID_STEP_MAX    1024
#define SS_IPID_SCORE_MAX   15
#define SS_IPID_SCORE_OK    4

enum {
  DF_BASE       = 1 << 0,  /* base known */
  DF_BASE_SYN   = 1 << 1,  /* base is the ISN of a SYN we saw */
  DF_NEXTSEQ    = 1 << 2,  /* nextseq known */
  DF_LASTACK    = 1 << 3,  /* lastack / last_ts known */
  DF_CUMACK     = 1 << 4,  /* cumack known (an ACK-flagged segment seen) */
  DF_WINDOW     = 1 << 5,  /* window known */
  DF_WINDOW_SYN = 1 << 6,  /* ... and it came with a SYN (never scaled) */
  DF_HI_TS      = 1 << 7,  /* hi_tsval valid */
  DF_HI_IPID    = 1 << 8,  /* hi_ipid valid (IPv4) */
  DF_IPID_SEEN  = 1 << 9,  /* last_ipid valid */
  DF_LAST_KA    = 1 << 10, /* the last segment was a keep-alive */
  DF_LAST_ZWP   = 1 << 11, /* the last segment was a zero-window probe */
  DF_RTT        = 1 << 12, /* a segment is being timed */
  DF_PROBE      = 1 << 13, /* extra->probe_end valid */
  DF_FIN        = 1 << 14, /* sent a FIN (it is the last unit of nextseq) */
};

typedef struct {
  int64_t  nextseq_ts;  /* when the segment that set nextseq was seen */
  int64_t  last_ts;     /* when this side's last segment was seen */
  int64_t  rtt_ts;      /* when the timed segment was seen */
  uint32_t base;        /* relative numbers count from here */
  uint32_t nextseq;     /* highest seq + len (+1 for SYN/FIN) seen */
  uint32_t lastack;     /* ACK field of this side's last segment */
  uint32_t cumack;      /* last ACK this side sent with the ACK flag */
  uint32_t hi_tsval;    /* TSval of the segment that set nextseq */
  uint32_t nondup_frame;/* last segment whose ACK was not a duplicate */
  uint32_t rtt_end;     /* the timed segment ends here */
  uint16_t flags;       /* DF_* */
  uint16_t window;      /* raw window of the last segment */
  uint16_t hi_ipid, last_ipid;
  uint16_t dupacks;     /* length of the current duplicate-ACK run */
  uint8_t  rfc_dupacks; /* ... counting only those sent while the peer had
                         * data outstanding (RFC 5681 2, "duplicate ACK"),
                         * up to 255 */
  uint8_t  ipid_score;  /* how sure we are this side's IP IDs count up */
} SsTcpDirState;

/* What only some connections need. */
typedef struct {
  SsSeqRanges holes[2];   /* never-seen ranges below nextseq */
  SsSeqRanges sacked[2];  /* ranges of side d's data the peer SACKed */
  uint32_t    probe_end[2];
} SsTcpExtra;

struct SsTcpAnalysis {
  SsTcpDirState  d[2];
  SsTcpExtra    *x;          /* NULL until needed */
  int64_t        mru_syn_ts; /* the most recent SYN (no ACK); -1 none */
  SsTcpHandshake hs;
  bool           no_in_flight; /* ss_tcp_analysis_set_in_flight (a, false) */
};

static const char *const flag_names[SS_AN_N_FLAGS] = {
  "retransmission", "fast_retransmission", "spurious_retransmission",
  "out_of_order", "lost_segment", "ack_lost_segment", "duplicate_ack",
  "zero_window", "zero_window_probe", "zero_window_probe_ack", "keep_alive",
  "keep_alive_ack", "window_update", "window_full", "reused_ports",
  "by_timing",
};

static const char *const counter_names[SS_AN_N_FLAGS] = {
  "retransmissions", "fast_retransmissions", "spurious_retransmissions",
  "out_of_orders", "lost_segments", "ack_lost_segments", "duplicate_acks",
  "zero_windows", "zero_window_probes", "zero_window_probe_acks",
  "keep_alives", "keep_alive_acks", "window_updates", "window_fulls",
  "reused_ports", "by_timing",
};

static int
flag_index (uint32_t bit)
{
  if (bit == 0 || (bit & (bit - 1)) != 0)
    return -1;
  for (int i = 0; i < SS_AN_N_FLAGS; i++)
    if (bit == (1u << i))
      return i;
  return -1;
}

const char *
ss_tcp_analysis_flag_name (uint32_t bit)
{
  int i = flag_index (bit);
  return i < 0 ? NULL : flag_names[i];
}

const char *
ss_tcp_analysis_counter_name (uint32_t bit)
{
  int i = flag_index (bit);
  return i < 0 ? NULL : counter_names[i];
}

SsTcpAnalysis *
ss_tcp_analysis_new (void)
{
  SsTcpAnalysis *a = calloc (1, sizeof *a);
  if (a == NULL)
    return NULL;
  a->hs.wscale[0] = a->hs.wscale[1] = -1;
  a->hs.handshake_rtt_ns = -1;
  a->mru_syn_ts = -1;
  return a;
}

static void
extra_clear (SsTcpExtra *x, int d)
{
  ss_seq_ranges_clear (&x->holes[d]);
  ss_seq_ranges_clear (&x->sacked[d]);
}

void
ss_tcp_analysis_set_in_flight (SsTcpAnalysis *a,
                               bool           on)
{
  if (a != NULL)
    a->no_in_flight = !on;
}

void
ss_tcp_analysis_free (SsTcpAnalysis *a)
{
  if (a == NULL)
    return;
  if (a->x != NULL)
    {
      extra_clear (a->x, 0);
      extra_clear (a->x, 1);
      free (a->x);
    }
  free (a);
}

const SsTcpHandshake *
ss_tcp_analysis_get_handshake (const SsTcpAnalysis *a)
{
  return &a->hs;
}

#define SWAP(T, x, y) do { T tmp_ = (x); (x) = (y); (y) = tmp_; } while (0)

void
ss_tcp_analysis_swap_dirs (SsTcpAnalysis *a)
{
  SsTcpHandshake *hs = &a->hs;

  SWAP (SsTcpDirState, a->d[0], a->d[1]);
  if (a->x != NULL)
    {
      SWAP (SsSeqRanges, a->x->holes[0], a->x->holes[1]);
      SWAP (SsSeqRanges, a->x->sacked[0], a->x->sacked[1]);
      SWAP (uint32_t, a->x->probe_end[0], a->x->probe_end[1]);
    }
  SWAP (bool, hs->syn_seen[0], hs->syn_seen[1]);
  SWAP (uint32_t, hs->isn[0], hs->isn[1]);
  SWAP (bool, hs->isn_known[0], hs->isn_known[1]);
  SWAP (uint16_t, hs->mss[0], hs->mss[1]);
  SWAP (int8_t, hs->wscale[0], hs->wscale[1]);
  SWAP (bool, hs->sack_perm[0], hs->sack_perm[1]);
  SWAP (bool, hs->ts_offered[0], hs->ts_offered[1]);
}

/* The extra block, allocated on first use; NULL when memory is short (the
 * analysis then knows of no holes, SACKs or probes, and goes on). */
static SsTcpExtra *
extra (SsTcpAnalysis *a)
{
  if (a->x == NULL)
    a->x = calloc (1, sizeof *a->x);
  return a->x;
}

static bool
holes_overlap (const SsTcpAnalysis *a, int d, uint32_t lo, uint32_t hi)
{
  return a->x != NULL && a->x->holes[d].n > 0 && ss_seq_ranges_overlaps (&a->x->holes[d], lo, hi);
}

/* ---- handshake ---------------------------------------------------------- */

/* Handshake facts from a SYN or SYN-ACK sent by side d. */
static void
note_syn (SsTcpAnalysis *a, int d, int64_t ts_ns, const SsTcpInfo *t)
{
  SsTcpHandshake *hs = &a->hs;
  bool synack = (t->flags & SS_TCP_ACK) != 0;

  if (!hs->isn_known[d])
    {
      hs->isn[d] = t->seq;
      hs->isn_known[d] = true;
    }
  if (synack && !hs->isn_known[1 - d])
    {
      hs->isn[1 - d] = t->ack - 1;
      hs->isn_known[1 - d] = true;
    }
  hs->mss[d] = (t->opts & SS_TCPOPT_MSS) != 0 ? t->mss : 0;
  /* RFC 7323 2.3: a shift above 14 is used as 14 */
  hs->wscale[d] = (t->opts & SS_TCPOPT_WSCALE) != 0
                  ? (int8_t) (t->wscale > 14 ? 14 : t->wscale) : -1;
  hs->sack_perm[d] = (t->opts & SS_TCPOPT_SACK_PERM) != 0;
  hs->ts_offered[d] = (t->opts & SS_TCPOPT_TS) != 0;
  hs->wscale_agreed = hs->wscale[0] >= 0 && hs->wscale[1] >= 0;

  if (!synack)
    {
      hs->syn_seen[d] = true;
      a->mru_syn_ts = ts_ns;
      if (d == SS_DIR_C2S)
        {
          if (hs->syn_tries < 8)
            hs->syn_ts_ns[hs->syn_tries] = ts_ns;
          if (hs->syn_tries < UINT32_MAX)
            hs->syn_tries++;
        }
      /* RFC 3168 6.1.1: an ECN-setup SYN has ECE and CWR */
      if ((t->flags & (SS_TCP_ECE | SS_TCP_CWR)) == (SS_TCP_ECE | SS_TCP_CWR))
        hs->ecn_offered = true;
    }
  else
    {
      hs->synack_seen = true;
      /* ... and an ECN-setup SYN-ACK has ECE without CWR */
      if (hs->ecn_offered && (t->flags & (SS_TCP_ECE | SS_TCP_CWR)) == SS_TCP_ECE)
        hs->ecn_agreed = true;
    }
}

/* Do we know how windows are scaled? Only with both halves of the
 * handshake: then scaled by the sender's shift when both offered one. */
static bool
scale_known (const SsTcpAnalysis *a)
{
  return (a->hs.syn_seen[0] || a->hs.syn_seen[1]) && a->hs.synack_seen;
}

static uint32_t
scaled_window (const SsTcpAnalysis *a, int d, uint16_t raw, bool from_syn)
{
  if (from_syn || !a->hs.wscale_agreed)
    return raw;
  return (uint32_t) raw << a->hs.wscale[d];
}

/* Side d starts its sequence space again at isn (a SYN with a new ISN). */
static void
rebase (SsTcpAnalysis *a, int d, uint32_t isn)
{
  SsTcpDirState *f = &a->d[d];

  if (a->x != NULL)
    extra_clear (a->x, d);
  f->flags &= (uint16_t) ~(DF_NEXTSEQ | DF_HI_TS | DF_HI_IPID | DF_RTT | DF_PROBE
                           | DF_FIN | DF_LAST_KA | DF_LAST_ZWP);
  f->flags |= DF_BASE | DF_BASE_SYN;
  f->base = isn;
  a->hs.isn[d] = isn;
  a->hs.isn_known[d] = true;
  /* what the peer acknowledged was in the old numbering */
  a->d[1 - d].flags &= (uint16_t) ~DF_CUMACK;
}

/* ---- send-order marks ---------------------------------------------------- */

static void
note_ipid (SsTcpDirState *f, const SsL4 *l4)
{
  if (l4->src.addr.family != 4)
    return;
  if ((f->flags & DF_IPID_SEEN) != 0)
    {
      uint16_t step = (uint16_t) (l4->ip_id - f->last_ipid);
      if (step >= 1 && step <= SS_IPID_STEP_MAX)
        {
          if (f->ipid_score < SS_IPID_SCORE_MAX)
            f->ipid_score++;
        }
      else if (step == 0)
        f->ipid_score = 0;
      else if (step < (uint16_t) (0 - SS_IPID_STEP_MAX))
        f->ipid_score = f->ipid_score > 4 ? (uint8_t) (f->ipid_score - 4) : 0;
      /* a small step back is a reordered packet: no news */
    }
  f->last_ipid = l4->ip_id;
  f->flags |= DF_IPID_SEEN;
}

/* Was this segment sent after the one that set nextseq (+1), before it
 * (-1), or do the sender's marks not say (0)? TSval first, then the IP ID
 * of a sender whose IDs count up. An equal mark (same clock tick) says
 * nothing. */
static int
send_order (const SsTcpDirState *f, const SsL4 *l4)
{
  const SsTcpInfo *t = &l4->tcp;

  if ((t->opts & SS_TCPOPT_TS) != 0 && (f->flags & DF_HI_TS) != 0)
    {
      int32_t dt = (int32_t) (t->ts_val - f->hi_tsval);
      if (dt > 0)
        return 1;
      if (dt < 0)
        return -1;
    }
  if (l4->src.addr.family == 4 && (f->flags & DF_HI_IPID) != 0
      && f->ipid_score >= SS_IPID_SCORE_OK)
    {
      int16_t di = (int16_t) (uint16_t) (l4->ip_id - f->hi_ipid);
      if (di > 0)
        return 1;
      if (di < 0)
        return -1;
    }
  return 0;
}

/* ---- one segment --------------------------------------------------------- */

/* Everything one segment needs to be judged. */
typedef struct {
  const SsL4      *l4;
  const SsTcpInfo *t;
  int              d;
  uint32_t         frame;
  int64_t          ts;
  uint32_t         seq, ack, len, end;
  uint16_t         win;
  uint16_t         flags; /* SS_TCP_* */
} SsSeg;

#define SEG_SYN(s)  (((s)->flags & SS_TCP_SYN) != 0)
#define SEG_FIN(s)  (((s)->flags & SS_TCP_FIN) != 0)
#define SEG_RST(s)  (((s)->flags & SS_TCP_RST) != 0)
#define SEG_ACK(s)  (((s)->flags & SS_TCP_ACK) != 0)
#define SEG_SFR(s)  (((s)->flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST)) != 0)

/* Was data of the peer r outstanding beyond this ACK when it was sent?
 * Either the peer had sent beyond it, or the ACK's SACK blocks say the
 * receiver holds data beyond it (the capture may have started later). */
static bool
peer_has_outstanding (const SsTcpDirState *r, const SsSeg *s)
{
  if ((r->flags & DF_NEXTSEQ) != 0 && ss_seq_lt (s->ack, r->nextseq))
    return true;
  if ((s->t->opts & SS_TCPOPT_SACK) != 0)
    for (unsigned i = 0; i < s->t->n_sack && i < SS_TCP_MAX_SACK; i++)
      if (ss_seq_gt (s->t->sack_left[i], s->ack))
        return true;
  return false;
}

/* The flags about windows, keep-alives, gaps and duplicate ACKs, from
 * Wireshark's rules. Returns SS_AN_* bits. */
static uint32_t
judge_flow (SsTcpAnalysis *a, const SsSeg *s, SsTcpVerdict *out)
{
  SsTcpDirState *f = &a->d[s->d];
  SsTcpDirState *r = &a->d[1 - s->d];
  bool nxt_ok = (f->flags & DF_NEXTSEQ) != 0;
  uint32_t an = 0;

  /* zero-window probe: one byte exactly at nextseq into a closed window
   * (a longer segment there is data sent before the sender learnt of the
   * zero window) */
  if (s->len == 1 && !(SEG_SYN (s) || SEG_RST (s)) && nxt_ok && s->seq == f->nextseq
      && (r->flags & DF_WINDOW) != 0 && r->window == 0)
    return SS_AN_ZERO_WINDOW_PROBE;

  if (s->win == 0 && !SEG_SFR (s))
    an |= SS_AN_ZERO_WINDOW;

  /* a gap: bytes between nextseq and seq never seen (unless a zero-window
   * probe carried them) */
  if (nxt_ok && ss_seq_gt (s->seq, f->nextseq) && !SEG_RST (s))
    {
      bool probed = (f->flags & DF_PROBE) != 0 && a->x != NULL
                    && ss_seq_le (s->seq, a->x->probe_end[s->d]);
      if (!probed)
        an |= SS_AN_LOST_SEGMENT;
    }

  if ((s->len == 0 || s->len == 1) && nxt_ok && s->seq == f->nextseq - 1 && !SEG_SFR (s))
    an |= SS_AN_KEEP_ALIVE;

  bool same_place = s->len == 0 && !SEG_SFR (s)
                    && nxt_ok && s->seq == f->nextseq
                    && (f->flags & DF_LASTACK) != 0 && s->ack == f->lastack
                    && (f->flags & DF_WINDOW) != 0;

  if (same_place && s->win != 0 && s->win != f->window)
    an |= SS_AN_WINDOW_UPDATE;

  if (s->len > 0 && !SEG_SFR (s) && scale_known (a)
      && (r->flags & (DF_WINDOW | DF_LASTACK)) == (DF_WINDOW | DF_LASTACK)
      && s->seq + s->len == r->lastack + scaled_window (a, 1 - s->d, r->window,
                                                        (r->flags & DF_WINDOW_SYN) != 0))
    an |= SS_AN_WINDOW_FULL;

  if (same_place && s->win == f->window)
    {
      if (s->win != 0 && (r->flags & DF_LAST_KA) != 0)
        an |= SS_AN_KEEP_ALIVE_ACK;
      else if (s->win == 0 && (r->flags & DF_LAST_ZWP) != 0)
        an |= SS_AN_ZERO_WINDOW_PROBE_ACK;
      else if (s->win != 0)
        {
          if (f->dupacks < UINT16_MAX)
            f->dupacks++;
          if (peer_has_outstanding (r, s) && f->rfc_dupacks < UINT8_MAX)
            f->rfc_dupacks++;
          an |= SS_AN_DUPLICATE_ACK;
          out->dup_ack_n = f->dupacks;
          out->related_frame = f->nondup_frame;
        }
    }
  return an;
}

/* What an ACK says of the peer's data: ACKed-unseen, holes and SACK
 * blocks it settles, and an RTT sample. Returns SS_AN_* bits. */
static uint32_t
note_ack (SsTcpAnalysis *a, const SsSeg *s, SsTcpVerdict *out)
{
  SsTcpDirState *f = &a->d[s->d];
  SsTcpDirState *r = &a->d[1 - s->d];
  int pd = 1 - s->d;
  uint32_t an = 0;
  bool advances = (f->flags & DF_CUMACK) == 0 || ss_seq_gt (s->ack, f->cumack);

  if (advances && (r->flags & DF_NEXTSEQ) != 0)
    {
      /* the newly acknowledged bytes must all have been seen */
      uint32_t from = (f->flags & DF_CUMACK) != 0 ? f->cumack : s->ack;
      uint32_t seen_end = r->nextseq;
      if ((r->flags & DF_PROBE) != 0 && a->x != NULL
          && ss_seq_gt (a->x->probe_end[pd], seen_end))
        seen_end = a->x->probe_end[pd];
      if (ss_seq_gt (s->ack, seen_end) || holes_overlap (a, pd, from, s->ack))
        an |= SS_AN_ACK_LOST_SEGMENT;
    }
  if (advances && a->x != NULL)
    {
      if (a->x->holes[pd].v != NULL)
        ss_seq_ranges_remove_below (&a->x->holes[pd], s->ack);
      if (a->x->sacked[pd].v != NULL)
        ss_seq_ranges_remove_below (&a->x->sacked[pd], s->ack);
    }
  /* the latest cumulative ACK, not the highest: a receiver never takes one
   * back, so a lower one means the higher one was bogus */
  f->cumack = s->ack;
  f->flags |= DF_CUMACK;

  if ((s->t->opts & SS_TCPOPT_SACK) != 0)
    for (unsigned i = 0; i < s->t->n_sack && i < SS_TCP_MAX_SACK; i++)
      {
        uint32_t lo = s->t->sack_left[i], hi = s->t->sack_right[i];
        /* blocks above the cumulative ACK and within 1 GiB of it (a D-SACK
         * below it, or garbage, is no scoreboard entry) */
        if (ss_seq_gt (lo, f->cumack) && ss_seq_lt (lo, hi)
            && hi - f->cumack < (1u << 30) && extra (a) != NULL)
          ss_seq_ranges_add (&a->x->sacked[pd], lo, hi);
      }

  /* RTT: the ACK that first covers the timed segment */
  if ((r->flags & DF_RTT) != 0 && ss_seq_ge (s->ack, r->rtt_end))
    {
      out->rtt_ns = s->ts - r->rtt_ts;
      r->flags &= (uint16_t) ~DF_RTT;
    }
  return an;
}

/* Retransmission, fast retransmission, spurious retransmission or
 * out-of-order, for a segment that takes sequence space (data, SYN, FIN).
 * an holds the flags found so far. Returns SS_AN_* bits to add. */
static uint32_t
judge_resend (SsTcpAnalysis *a, const SsSeg *s, uint32_t an)
{
  SsTcpDirState *f = &a->d[s->d];
  SsTcpDirState *r = &a->d[1 - s->d];
  bool nxt_ok = (f->flags & DF_NEXTSEQ) != 0;
  bool below = nxt_ok && ss_seq_lt (s->seq, f->nextseq);
  uint32_t res = 0;

  /* data that starts on a probed byte and goes on is new data (Wireshark's
   * exception after a zero-window probe) */
  if (s->len > 1 && nxt_ok && s->seq == f->nextseq - 1)
    below = false;

  /* spurious: the peer had acknowledged all of it, cumulatively or by
   * SACK. A bare SYN or FIN only when seen before: the first copy of a SYN
   * may be captured after the SYN-ACK that answers it. */
  bool acked = false;
  if ((r->flags & DF_CUMACK) != 0)
    {
      acked = ss_seq_le (s->end, r->cumack);
      if (!acked && a->x != NULL && a->x->sacked[s->d].n > 0)
        {
          uint32_t lo = ss_seq_lt (s->seq, r->cumack) ? r->cumack : s->seq;
          acked = ss_seq_ranges_covers (&a->x->sacked[s->d], lo, s->end);
        }
    }
  if (acked && (an & SS_AN_ZERO_WINDOW_PROBE) == 0 && (s->len > 0 || below))
    res = SS_AN_SPURIOUS_RETRANSMISSION;
  else if (below)
    {
      uint32_t hi = ss_seq_lt (s->end, f->nextseq) ? s->end : f->nextseq;
      bool fills_hole = holes_overlap (a, s->d, s->seq, hi);
      int64_t irtt = a->hs.handshake_rtt_ns > 0 ? a->hs.handshake_rtt_ns : 0;
      /* fast: the peer's duplicate ACKs asked for exactly this byte, and
       * this came within 20 ms (+ one RTT, for a capture near the
       * receiver) of its last ACK */
      bool fast = r->rfc_dupacks >= 2 && r->lastack == s->seq
                  && (r->flags & DF_LASTACK) != 0
                  && s->ts - r->last_ts < SS_FAST_RETRANS_NS + irtt;
      /* every byte seen before: a copy. Else the sender's marks say
       * whether the hole was filled by a later send or a reordered one. */
      int order = fills_hole ? send_order (f, s->l4) : 1;

      if (order > 0)
        res = fast ? SS_AN_FAST_RETRANSMISSION : SS_AN_RETRANSMISSION;
      else if (order < 0)
        res = SS_AN_OUT_OF_ORDER;
      else
        {
          /* no mark: Wireshark's timer (out-of-order when within the iRTT,
           * or 3 ms, of the highest segment and not ending where it
           * ended) */
          int64_t thres = irtt > 0 ? irtt : SS_OOO_DEFAULT_NS;
          res = SS_AN_BY_TIMING;
          if (fast)
            res |= SS_AN_FAST_RETRANSMISSION;
          else if (s->ts - f->nextseq_ts < thres && f->nextseq != s->end)
            res |= SS_AN_OUT_OF_ORDER;
          else
            res |= SS_AN_RETRANSMISSION;
        }
    }

  /* Karn: no RTT sample from a segment sent more than once */
  if ((res & (SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION
              | SS_AN_SPURIOUS_RETRANSMISSION | SS_AN_BY_TIMING)) != 0
      && (f->flags & DF_RTT) != 0 && ss_seq_lt (s->seq, f->rtt_end))
    f->flags &= (uint16_t) ~DF_RTT;
  return res;
}

/* Moves side d's sequence state past this segment. */
static void
advance (SsTcpAnalysis *a, const SsSeg *s, uint32_t an)
{
  SsTcpDirState *f = &a->d[s->d];
  bool nxt_ok = (f->flags & DF_NEXTSEQ) != 0;
  bool takes_seq = s->len > 0 || SEG_SYN (s) || SEG_FIN (s);

  if ((an & SS_AN_ZERO_WINDOW_PROBE) != 0)
    {
      /* a probe does not move nextseq (Wireshark); its bytes are
       * remembered so an ACK of them, or data after them, is no gap */
      if (extra (a) != NULL)
        {
          a->x->probe_end[s->d] = s->end;
          f->flags |= DF_PROBE;
        }
      return;
    }

  if (!nxt_ok || ss_seq_gt (s->end, f->nextseq))
    {
      if (nxt_ok && ss_seq_gt (s->seq, f->nextseq) && !SEG_RST (s))
        {
          uint32_t from = f->nextseq;
          if ((f->flags & DF_PROBE) != 0 && a->x != NULL
              && ss_seq_gt (a->x->probe_end[s->d], from))
            from = ss_seq_lt (a->x->probe_end[s->d], s->seq) ? a->x->probe_end[s->d] : s->seq;
          if (ss_seq_lt (from, s->seq) && extra (a) != NULL)
            ss_seq_ranges_add (&a->x->holes[s->d], from, s->seq);
        }
      f->nextseq = s->end;
      f->nextseq_ts = s->ts;
      f->flags |= DF_NEXTSEQ;
      f->flags &= (uint16_t) ~(DF_HI_TS | DF_HI_IPID | DF_PROBE);
      if ((s->t->opts & SS_TCPOPT_TS) != 0)
        {
          f->hi_tsval = s->t->ts_val;
          f->flags |= DF_HI_TS;
        }
      if (s->l4->src.addr.family == 4)
        {
          f->hi_ipid = s->l4->ip_id;
          f->flags |= DF_HI_IPID;
        }
      /* time this one unless one is being timed, or it lies beyond a gap
       * (its ACK would wait for the gap to be filled) */
      if (takes_seq && !SEG_RST (s) && (f->flags & DF_RTT) == 0
          && (an & SS_AN_LOST_SEGMENT) == 0)
        {
          f->rtt_end = s->end;
          f->rtt_ts = s->ts;
          f->flags |= DF_RTT;
        }
      if (SEG_FIN (s))
        f->flags |= DF_FIN;
      else if (s->len > 0)
        f->flags &= (uint16_t) ~DF_FIN;
    }
  if (takes_seq && a->x != NULL && a->x->holes[s->d].n > 0)
    ss_seq_ranges_remove (&a->x->holes[s->d], s->seq, s->end);
}

/* The first sequence number of side f not yet acknowledged by r. */
static uint32_t
snd_una (const SsTcpDirState *f, const SsTcpDirState *r)
{
  if ((r->flags & DF_CUMACK) != 0)
    return r->cumack;
  return (f->flags & DF_BASE_SYN) != 0 ? f->base : f->base + 1;
}

static uint32_t
bytes_in_flight (const SsTcpAnalysis *a, int d)
{
  const SsTcpDirState *f = &a->d[d];
  const SsTcpDirState *r = &a->d[1 - d];

  if ((f->flags & DF_NEXTSEQ) == 0)
    return 0;
  uint32_t una = snd_una (f, r);
  if (!ss_seq_gt (f->nextseq, una))
    return 0;
  uint32_t n = f->nextseq - una;
  /* SYN and FIN take a sequence number but are not bytes */
  if ((f->flags & DF_BASE_SYN) != 0 && ss_seq_le (una, f->base) && n > 0)
    n--;
  if ((f->flags & DF_FIN) != 0 && n > 0)
    n--;
  uint32_t sacked = a->x != NULL ? ss_seq_ranges_bytes_from (&a->x->sacked[d], una) : 0;
  return sacked < n ? n - sacked : 0;
}

void
ss_tcp_analysis_segment (SsTcpAnalysis *a,
                         SsDir          dir,
                         uint32_t       frame_no,
                         int64_t        ts_ns,
                         const SsL4    *l4,
                         SsTcpVerdict  *out)
{
  SsSeg s;
  SsTcpDirState *f, *r;
  uint32_t an;

  memset (out, 0, sizeof *out);
  out->rtt_ns = -1;

  s.l4 = l4;
  s.t = &l4->tcp;
  s.d = dir == SS_DIR_S2C ? 1 : 0;
  s.frame = frame_no;
  s.ts = ts_ns;
  s.seq = s.t->seq;
  s.ack = s.t->ack;
  s.len = l4->payload_len;
  s.win = s.t->window;
  s.flags = s.t->flags;
  s.end = s.seq + s.len + ((s.flags & (SS_TCP_SYN | SS_TCP_FIN)) != 0 ? 1 : 0);
  f = &a->d[s.d];
  r = &a->d[1 - s.d];

  if (l4->partial || s.t->short_segment)
    {
      /* only the ports (maybe seq) are known, or the segment's length is
       * not (a header longer than the wire held): number it, judge nothing,
       * as tshark does */
      if ((f->flags & DF_BASE) != 0)
        out->rel_seq = s.seq - f->base;
      if ((r->flags & DF_BASE) != 0)
        out->ack_base = r->base;
      return;
    }

  /* handshake facts and relative numbering (Wireshark's: from the ISN, or
   * so that the first segment seen is 1) */
  if (SEG_SYN (&s))
    {
      note_syn (a, s.d, ts_ns, s.t);
      /* a SYN with another ISN starts this side's numbering over: what came
       * before was a stray segment or another attempt */
      if ((f->flags & DF_BASE) != 0 && f->base != s.seq)
        rebase (a, s.d, s.seq);
      f->flags |= DF_BASE_SYN;
    }
  if ((f->flags & DF_BASE) == 0)
    {
      f->base = SEG_SYN (&s) ? s.seq : s.seq - 1;
      f->flags |= DF_BASE;
    }
  if (SEG_ACK (&s) && (r->flags & DF_BASE) == 0)
    {
      r->base = s.ack - 1;
      r->flags |= DF_BASE;
    }
  out->rel_seq = s.seq - f->base;
  out->rel_ack = SEG_ACK (&s) ? s.ack - r->base : 0;
  if ((r->flags & DF_BASE) != 0)
    out->ack_base = r->base;
  out->window = scale_known (a) ? scaled_window (a, s.d, s.win, SEG_SYN (&s)) : s.win;

  /* tshark's tcp.analysis.initial_rtt: the most recent SYN to the first
   * pure ACK after it */
  if ((s.t->flags & (SS_TCP_SYN | SS_TCP_ACK)) == SS_TCP_ACK
      && a->mru_syn_ts >= 0 && a->hs.handshake_rtt_ns < 0)
    a->hs.handshake_rtt_ns = ts_ns - a->mru_syn_ts;

  an = judge_flow (a, &s, out);
  if ((f->flags & DF_LASTACK) == 0 || s.ack != f->lastack)
    {
      f->nondup_frame = frame_no;
      f->dupacks = 0;
      f->rfc_dupacks = 0;
    }
  if (SEG_ACK (&s))
    an |= note_ack (a, &s, out);
  if ((s.len > 0 || SEG_SYN (&s) || SEG_FIN (&s)) && (an & SS_AN_KEEP_ALIVE) == 0)
    an |= judge_resend (a, &s, an);
  advance (a, &s, an);

  f->window = s.win;
  f->flags |= DF_WINDOW;
  if (SEG_SYN (&s))
    f->flags |= DF_WINDOW_SYN;
  else
    f->flags &= (uint16_t) ~DF_WINDOW_SYN;
  f->lastack = s.ack;
  f->last_ts = ts_ns;
  f->flags |= DF_LASTACK;
  f->flags &= (uint16_t) ~(DF_LAST_KA | DF_LAST_ZWP);
  if ((an & SS_AN_KEEP_ALIVE) != 0)
    f->flags |= DF_LAST_KA;
  if ((an & SS_AN_ZERO_WINDOW_PROBE) != 0)
    f->flags |= DF_LAST_ZWP;
  note_ipid (f, l4);

  /* tshark gives up on a data offset below 5 before it shows the analysis
   * (the state still moves on, as here) */
  out->analysis = s.t->hdr_len < 20 ? 0 : an;
  if (!a->no_in_flight)
    out->in_flight = bytes_in_flight (a, s.d);
}
