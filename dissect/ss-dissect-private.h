/* ss-dissect-private.h - what the protocol decoders of dissect/ share.
 *
 * Not for use outside dissect/ and its tests. One SsCtx lives on the stack
 * of ss_dissector_dissect() for the length of one frame; every decoder gets
 * it, a cursor over its own bytes and the number of IP headers enclosing
 * those bytes. Decoders never return errors: they record the first problem
 * in the SsPacket (ss_ctx_problem) and stop descending.
 */
#pragma once

#include "ss-cursor.h"
#include "ss-dissect.h"

/* IP headers one frame may nest (IP-in-IP, GRE, VXLAN, ICMP quotes ...). A
 * deeper packet is reported as malformed, so a crafted capture cannot make
 * the decoders recurse without end. */
#define SS_MAX_IP_DEPTH 8

/* Encapsulations below IP (Ethernet in VXLAN, FabricPath, PPP ...) one frame
 * may nest. Each one consumes bytes, so this only bounds the recursion. */
#define SS_MAX_ENCAP 24

/* LINKTYPE_* values we decode besides those in ss-dissect.h. */
enum {
  SS_LINKTYPE_RAW_12        = 12,  /* DLT_RAW, as most libpcaps number it */
  SS_LINKTYPE_RAW_14        = 14,  /* DLT_RAW on OpenBSD */
  SS_LINKTYPE_PPP_HDLC      = 50,  /* PPP_SERIAL */
  SS_LINKTYPE_PPP_ETHER     = 51,  /* PPPoE without Ethernet */
  SS_LINKTYPE_ARCNET_LINUX  = 129,
  SS_LINKTYPE_JUNIPER_ETHER = 178,
  SS_LINKTYPE_IPOIB         = 242,
  SS_LINKTYPE_PKTAP         = 258,
};

typedef struct SsFragTable SsFragTable;

struct SsDissector {
  SsFragTable *frag;
  bool         no_fast;   /* ss_dissector_set_fast_path (d, false) */
};

/* ss-fast.c: the common frame (Ethernet, maybe one 802.1Q tag, IPv4 not
 * fragmented or IPv6 without extension headers, TCP with its whole header)
 * in one pass, into *pkt (already reset by ss_dissector_dissect), exactly as
 * the general path would. false when the frame is anything else: *pkt must
 * then be reset again and the general path run. */
bool ss_fast_dissect (SsPacket      *pkt,
                      const uint8_t *data,
                      uint32_t       caplen,
                      uint32_t       wirelen);
/* Whether ss_dissector_dissect tries ss_fast_dissect first (yes by
 * default); the tests turn it off to compare the two. */
void ss_dissector_set_fast_path (SsDissector *d,
                                 bool         on);

/* The facts of the IP header that encloses a transport header. */
typedef struct {
  SsAddr   src, dst;
  uint8_t  depth;         /* IP headers enclosing the payload, this one included */
  uint8_t  ttl;           /* hop limit for IPv6 */
  uint8_t  ecn;
  bool     df;
  uint16_t id;            /* IPv4 only */
  uint32_t payload_len;   /* payload bytes the header declares, clamped to the
                           * frame on the wire (tshark's reported length); in
                           * an ICMP quote, what the quoted header declares */
  bool     fragment;      /* first fragment of a datagram not reassembled:
                           * the payload is only a part of the datagram */
  bool     in_icmp_error; /* this header is quoted inside an ICMP error */
  uint8_t  icmp_type, icmp_code;
} SsIpInfo;

/* Per-frame state of one ss_dissector_dissect() call. */
typedef struct {
  SsDissector   *d;
  SsPacket      *pkt;
  const uint8_t *frame;
  uint32_t       caplen;
  uint32_t       wirelen;
  int64_t        ts_ns;
  uint16_t       vlan_id;      /* the last 802.1Q tag met (fragment keys) */
  uint8_t        encap;        /* encapsulations entered so far */
  uint8_t        wire_trim;    /* bytes at the end of the wire frame that a
                                * link layer took for itself (an FCS) */
  bool           in_reasm;     /* reading a reassembled datagram */
  uint32_t       reasm_offset; /* frame offset of the fragment that completed it */
} SsCtx;

/* ss-dissect.c */
void      ss_ctx_problem (SsCtx          *ctx,
                          SsStatus        status,
                          const char     *problem,
                          const SsCursor *at);
void      ss_ctx_cut (SsCtx          *ctx,
                      const SsCursor *at,
                      size_t          need,
                      uint32_t        reported,
                      const char     *truncated,
                      const char     *malformed);
uint32_t  ss_ctx_offset (const SsCtx    *ctx,
                         const SsCursor *c);
uint32_t  ss_ctx_reported (const SsCtx    *ctx,
                           const SsCursor *c);
/* ss_ctx_cut for a header that starts at `start` and needed `need` bytes
 * of the packet it belongs to. */
void      ss_ctx_cut_header (SsCtx          *ctx,
                             const SsCursor *start,
                             size_t          need,
                             const char     *truncated,
                             const char     *malformed);
SsL4     *ss_ctx_add_l4 (SsCtx          *ctx,
                         const SsIpInfo *ip,
                         uint8_t         proto,
                         const SsCursor *at);
bool      ss_ctx_enter (SsCtx          *ctx,
                        const SsCursor *at);

/* ss-link.c */
void ss_link_dissect (SsCtx    *ctx,
                      uint32_t  linktype,
                      SsCursor *c);
void ss_eth_dissect (SsCtx    *ctx,
                     SsCursor *c,
                     uint8_t   depth);
void ss_ethertype_dissect (SsCtx    *ctx,
                           uint16_t  ethertype,
                           SsCursor *c,
                           uint8_t   depth);
void ss_ppp_dissect (SsCtx    *ctx,
                     SsCursor *c,
                     uint8_t   depth);
void ss_wlan_dissect (SsCtx    *ctx,
                      SsCursor *c,
                      uint8_t   depth,
                      bool      swap_fc);

/* ss-ip.c: version 0 = decide from the first nibble (4 or 6). */
void ss_ip_dissect (SsCtx    *ctx,
                    SsCursor *c,
                    uint8_t   depth,
                    uint8_t   version);
/* The payload of a header that names no protocol (MPLS, some tunnels):
 * IPv4 or IPv6 as its first nibble says; false, with no problem noted,
 * when it is neither (a pseudowire control word, Ethernet ...). */
bool ss_ip_dissect_any (SsCtx    *ctx,
                        SsCursor *c,
                        uint8_t   depth);
void ss_ip_dissect_quoted (SsCtx    *ctx,
                           SsCursor *c,
                           uint8_t   depth,
                           uint8_t   icmp_type,
                           uint8_t   icmp_code);
void ss_ip_payload_dissect (SsCtx          *ctx,
                            uint8_t         proto,
                            const SsIpInfo *ip,
                            SsCursor       *c);

/* ss-frag.c: bounded IPv4/IPv6 fragment reassembly. */
typedef struct {
  uint8_t  version;       /* 4 or 6 */
  uint8_t  proto;
  uint32_t id;
  uint16_t vlan_id;
  SsAddr   src, dst;
} SsFragKey;

typedef enum {
  SS_FRAG_HELD,     /* kept; the datagram is not complete yet */
  SS_FRAG_DONE,     /* this fragment completed the datagram */
  SS_FRAG_REFUSED,  /* a fragment that cannot be part of a datagram */
} SsFragResult;

/* Reassembly limits: datagrams in progress, bytes per datagram (the IP
 * payload, offsets included), bytes held in all, and how long (capture
 * time) a datagram may wait for its fragments. */
#define SS_FRAG_MAX_PENDING 64
#define SS_FRAG_MAX_DATAGRAM 65535u
#define SS_FRAG_MAX_TOTAL (1024u * 1024u)
#define SS_FRAG_TIMEOUT_NS (60 * (int64_t) 1000000000)

SsFragTable *ss_frag_table_new (void);
void         ss_frag_table_free (SsFragTable *t);
/* Adds the fragment in data (all of its remaining bytes) at byte offset
 * `offset` of the datagram; more = the MF / M bit. On SS_FRAG_DONE, *out
 * and *out_len give the whole datagram payload, owned by the table and
 * valid until the next ss_frag_add() or ss_frag_table_free(). */
SsFragResult ss_frag_add (SsFragTable     *t,
                          const SsFragKey *key,
                          int64_t          ts_ns,
                          uint32_t         offset,
                          bool             more,
                          const SsCursor  *data,
                          const uint8_t  **out,
                          uint32_t        *out_len);
size_t       ss_frag_table_n_pending (const SsFragTable *t);
size_t       ss_frag_table_bytes (const SsFragTable *t);

/* ss-tcp.c, ss-udp.c, ss-icmp.c */
/* The options of a TCP header (opts: the bytes after the fixed 20). */
void ss_tcp_options (SsTcpInfo *tcp,
                     SsCursor  *opts);
void ss_tcp_dissect (SsCtx          *ctx,
                     const SsIpInfo *ip,
                     SsCursor       *c);
void ss_udp_dissect (SsCtx          *ctx,
                     const SsIpInfo *ip,
                     SsCursor       *c);
void ss_icmp_dissect (SsCtx          *ctx,
                      const SsIpInfo *ip,
                      SsCursor       *c,
                      bool            v6);

/* ss-tunnel.c */
void ss_gre_dissect (SsCtx    *ctx,
                     SsCursor *c,
                     uint8_t   depth);
/* The payload of a UDP datagram between sport and dport: true when it was
 * taken as a tunnel (and decoded). */
bool ss_udp_tunnel_dissect (SsCtx    *ctx,
                            uint16_t  sport,
                            uint16_t  dport,
                            SsCursor *c,
                            uint8_t   depth);
