/* ss-dissect.c - one frame in, its transport headers out.
 *
 * Sets up the per-frame context, hands the bytes to the link layer
 * (ss-link.c; the common Ethernet/IP/TCP frame first to ss-fast.c) and
 * keeps the bookkeeping every decoder shares: the first
 * problem met (SS_TRUNCATED apart from SS_MALFORMED, as tcpdump and
 * Wireshark tell "the capture ran out" from "the packet contradicts
 * itself"), the transport header slots, and the nesting bound.
 */
#include "ss-dissect-private.h"

#include <stdlib.h>
#include <string.h>

SsDissector *
ss_dissector_new (void)
{
  SsDissector *d = calloc (1, sizeof *d);

  if (d == NULL)
    return NULL;
  d->frag = ss_frag_table_new ();
  if (d->frag == NULL)
    {
      free (d);
      return NULL;
    }
  return d;
}

void
ss_dissector_set_fast_path (SsDissector *d,
                            bool         on)
{
  if (d != NULL)
    d->no_fast = !on;
}

void
ss_dissector_free (SsDissector *d)
{
  if (d == NULL)
    return;
  ss_frag_table_free (d->frag);
  free (d);
}

SsStatus
ss_dissector_dissect (SsDissector   *d,
                      uint32_t       linktype,
                      int64_t        ts_ns,
                      const uint8_t *data,
                      uint32_t       caplen,
                      uint32_t       wirelen,
                      SsPacket      *out)
{
  SsCtx ctx;
  SsCursor c;

  if (out == NULL)
    return SS_MALFORMED;
  out->status = SS_OK;
  out->problem = NULL;
  out->problem_offset = 0;
  out->fragment_held = false;
  out->reassembled = false;
  out->n_l4 = 0;

  if (data == NULL)
    caplen = 0;

  /* the common frame in one pass (ss-fast.c); anything else from the start */
  if (linktype == SS_LINKTYPE_ETHERNET && (d == NULL || !d->no_fast))
    {
      if (ss_fast_dissect (out, data, caplen, wirelen))
        return out->status;
      out->status = SS_OK;
      out->problem = NULL;
      out->problem_offset = 0;
      out->n_l4 = 0;
    }

  memset (&ctx, 0, sizeof ctx);
  ctx.d = d;
  ctx.pkt = out;
  ctx.frame = data;
  ctx.caplen = caplen;
  ctx.wirelen = wirelen < caplen ? caplen : wirelen;
  ctx.ts_ns = ts_ns;

  c = ss_cursor_init (data, caplen);
  ss_link_dissect (&ctx, linktype, &c);

  return out->status;
}

/* Records the first problem of the frame; later ones are ignored, since
 * they usually follow from the first. */
void
ss_ctx_problem (SsCtx          *ctx,
                SsStatus        status,
                const char     *problem,
                const SsCursor *at)
{
  if (ctx->pkt->status != SS_OK)
    return;
  ctx->pkt->status = status;
  ctx->pkt->problem = problem;
  ctx->pkt->problem_offset = at != NULL ? ss_ctx_offset (ctx, at) : 0;
}

/* A header at `at` needs `need` bytes and the cursor holds fewer. When the
 * wire had them (reported >= need) the capture ran out: SS_TRUNCATED.
 * Otherwise the packet is shorter than its own header: SS_MALFORMED. */
void
ss_ctx_cut (SsCtx          *ctx,
            const SsCursor *at,
            size_t          need,
            uint32_t        reported,
            const char     *truncated,
            const char     *malformed)
{
  if (reported >= need)
    ss_ctx_problem (ctx, SS_TRUNCATED, truncated, at);
  else
    ss_ctx_problem (ctx, SS_MALFORMED, malformed, at);
}

uint32_t
ss_ctx_offset (const SsCtx    *ctx,
               const SsCursor *c)
{
  if (ctx->in_reasm || ctx->frame == NULL)
    return ctx->reasm_offset;
  return (uint32_t) (ss_cursor_here (c) - ctx->frame);
}

/* What tshark calls the reported length: the bytes the wire had from the
 * cursor's position on. A cursor that runs to the end of the captured frame
 * also owns what the snap length cut off. */
uint32_t
ss_ctx_reported (const SsCtx    *ctx,
                 const SsCursor *c)
{
  size_t rem = ss_cursor_remaining (c);

  if (!ctx->in_reasm && ctx->frame != NULL
      && c->base + c->len == ctx->frame + ctx->caplen)
    {
      rem += ctx->wirelen - ctx->caplen;
      rem = rem > ctx->wire_trim ? rem - ctx->wire_trim : 0;
    }
  return rem > UINT32_MAX ? UINT32_MAX : (uint32_t) rem;
}

/* Takes the next transport header slot and fills in what the enclosing IP
 * header says. NULL when the frame has no slot left. */
SsL4 *
ss_ctx_add_l4 (SsCtx          *ctx,
               const SsIpInfo *ip,
               uint8_t         proto,
               const SsCursor *at)
{
  SsL4 *l4;

  if (ctx->pkt->n_l4 >= SS_PACKET_MAX_L4)
    {
      ss_ctx_problem (ctx, SS_UNSUPPORTED,
                      "more transport headers in the frame than synscope keeps", at);
      return NULL;
    }

  l4 = &ctx->pkt->l4[ctx->pkt->n_l4++];
  memset (l4, 0, sizeof *l4);
  l4->proto = proto;
  l4->depth = ip->depth;
  l4->in_icmp_error = ip->in_icmp_error;
  l4->icmp_type = ip->icmp_type;
  l4->icmp_code = ip->icmp_code;
  l4->src.addr = ip->src;
  l4->dst.addr = ip->dst;
  l4->ip_ttl = ip->ttl;
  l4->ip_ecn = ip->ecn;
  l4->ip_df = ip->df;
  l4->ip_id = ip->id;
  return l4;
}

/* Counts one more encapsulation; false (and a problem) past the bound. */
bool
ss_ctx_enter (SsCtx          *ctx,
              const SsCursor *at)
{
  if (ctx->encap >= SS_MAX_ENCAP)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "encapsulations nested too deeply", at);
      return false;
    }
  ctx->encap++;
  return true;
}

void
ss_ctx_cut_header (SsCtx          *ctx,
                   const SsCursor *start,
                   size_t          need,
                   const char     *truncated,
                   const char     *malformed)
{
  ss_ctx_cut (ctx, start, need, ss_ctx_reported (ctx, start), truncated, malformed);
}
