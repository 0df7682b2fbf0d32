/* ss-link.c - link layers down to the IP header.
 *
 * LINKTYPE_* values from https://www.tcpdump.org/linktypes.html.
 * Ethernet II / IEEE 802.3 with LLC and SNAP (IEEE 802.2), VLAN tags
 * (IEEE 802.1Q, 802.1ad and the old QinQ types 0x9100/0x9200, any
 * stacking), MPLS label stacks (RFC 3032; the payload guessed from its first
 * nibble, as tshark does), PPPoE sessions (RFC 2516), PPP (RFC 1661, in
 * HDLC-like framing RFC 1662), Cisco HDLC, Cisco FabricPath (ethertype
 * 0x8903), BSD loopback (NULL/LOOP), Linux cooked captures (SLL, SLL2),
 * NFLOG (Linux nfnetlink_log TLVs), IEEE 802.11 data frames with radiotap
 * and PPI headers, IP over InfiniBand (RFC 4391, libpcap's 44-byte header),
 * ARCNET (Linux, RFC 1201/1051), Juniper Ethernet, Apple PKTAP.
 */
#include "ss-dissect-private.h"

/* Ethertypes. */
enum {
  ETH_IPV4       = 0x0800,
  ETH_IPV6       = 0x86DD,
  ETH_VLAN       = 0x8100,
  ETH_QINQ       = 0x88A8,
  ETH_QINQ_OLD   = 0x9100,
  ETH_QINQ_9200  = 0x9200,
  ETH_MPLS_UC    = 0x8847,
  ETH_MPLS_MC    = 0x8848,
  ETH_PPPOE_S    = 0x8864,
  ETH_FABRICPATH = 0x8903,
  ETH_TEB        = 0x6558, /* transparent Ethernet bridging (GRE) */
};

/* PPP protocol numbers (RFC 1700, IANA ppp-numbers). */
enum {
  PPP_IPV4     = 0x0021,
  PPP_IPV6     = 0x0057,
  PPP_MPLS_UC  = 0x0281,
  PPP_MPLS_MC  = 0x0283,
};

typedef struct {
  uint32_t    linktype;
  const char *name;
} LinkName;

static const LinkName link_names[] = {
  { SS_LINKTYPE_NULL, "BSD loopback (NULL)" },
  { SS_LINKTYPE_ETHERNET, "Ethernet" },
  { SS_LINKTYPE_PPP, "PPP" },
  { SS_LINKTYPE_RAW_12, "Raw IP" },
  { SS_LINKTYPE_RAW_14, "Raw IP" },
  { SS_LINKTYPE_PPP_HDLC, "PPP in HDLC-like framing" },
  { SS_LINKTYPE_PPP_ETHER, "PPPoE" },
  { SS_LINKTYPE_RAW, "Raw IP" },
  { SS_LINKTYPE_C_HDLC, "Cisco HDLC" },
  { SS_LINKTYPE_IEEE802_11, "IEEE 802.11" },
  { SS_LINKTYPE_LOOP, "OpenBSD loopback (LOOP)" },
  { SS_LINKTYPE_LINUX_SLL, "Linux cooked (SLL)" },
  { SS_LINKTYPE_IEEE802_11_RADIOTAP, "IEEE 802.11 with radiotap" },
  { SS_LINKTYPE_ARCNET_LINUX, "ARCNET (Linux)" },
  { SS_LINKTYPE_JUNIPER_ETHER, "Juniper Ethernet" },
  { SS_LINKTYPE_PPI, "PPI" },
  { SS_LINKTYPE_IPV4, "Raw IPv4" },
  { SS_LINKTYPE_IPV6, "Raw IPv6" },
  { SS_LINKTYPE_NFLOG, "Linux NFLOG" },
  { SS_LINKTYPE_IPOIB, "IP over InfiniBand" },
  { SS_LINKTYPE_PKTAP, "Apple PKTAP" },
  { SS_LINKTYPE_LINUX_SLL2, "Linux cooked (SLL2)" },
};

const char *
ss_linktype_name (uint32_t linktype)
{
  for (size_t i = 0; i < sizeof link_names / sizeof link_names[0]; i++)
    if (link_names[i].linktype == linktype)
      return link_names[i].name;
  return NULL;
}

/* IEEE 802.2 LLC; with SNAP (AA AA 03, OUI 0) it carries an ethertype. */
static void
llc_dissect (SsCtx    *ctx,
             SsCursor *c,
             uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t dsap, ssap, ctrl;
  uint8_t oui[3];
  uint16_t type;

  if (!ss_cursor_read_u8 (c, &dsap) || !ss_cursor_read_u8 (c, &ssap)
      || !ss_cursor_read_u8 (c, &ctrl))
    {
      ss_ctx_cut_header (ctx, &start, 3, "LLC header cut short by the capture",
                         "LLC header longer than the frame");
      return;
    }
  if (dsap != 0xAA || ssap != 0xAA || ctrl != 0x03)
    return; /* not SNAP: STP, NetBIOS, IPX ... no IP here */
  if (!ss_cursor_read_bytes (c, oui, sizeof oui) || !ss_cursor_read_be16 (c, &type))
    {
      ss_ctx_cut_header (ctx, &start, 8, "SNAP header cut short by the capture",
                         "SNAP header longer than the frame");
      return;
    }
  /* OUI 00-00-00 is an ethertype; 00-00-F8 is Cisco's (also ethertypes). */
  if (oui[0] == 0 && oui[1] == 0 && (oui[2] == 0 || oui[2] == 0xF8))
    ss_ethertype_dissect (ctx, type, c, depth);
}

/* MPLS label stack entries up to the bottom of stack, then the payload as
 * tshark guesses it: IPv4 or IPv6 from its first nibble. */
static void
mpls_dissect (SsCtx    *ctx,
              SsCursor *c,
              uint8_t   depth)
{
  for (;;)
    {
      SsCursor start = *c;
      uint32_t entry;

      if (!ss_cursor_read_be32 (c, &entry))
        {
          ss_ctx_cut_header (ctx, &start, 4, "MPLS label stack cut short by the capture",
                             "MPLS label stack longer than the frame");
          return;
        }
      if (entry & 0x100) /* bottom of stack */
        break;
    }

  ss_ip_dissect_any (ctx, c, depth);
}

/* A PPP protocol number and what follows it. */
static void
ppp_proto_dissect (SsCtx    *ctx,
                   uint16_t  proto,
                   SsCursor *c,
                   uint8_t   depth)
{
  switch (proto)
    {
    case PPP_IPV4:
      ss_ip_dissect (ctx, c, depth, 0);
      break;
    case PPP_IPV6:
      ss_ip_dissect (ctx, c, depth, 6);
      break;
    case PPP_MPLS_UC:
    case PPP_MPLS_MC:
      mpls_dissect (ctx, c, depth);
      break;
    default:
      break; /* LCP, IPCP, CHAP, compressed data ...: no IP to follow */
    }
}

/* Cisco HDLC: address, control, then an ethertype. */
static void
chdlc_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t type;

  if (!ss_cursor_skip (c, 2) || !ss_cursor_read_be16 (c, &type))
    {
      ss_ctx_cut_header (ctx, &start, 4, "Cisco HDLC header cut short by the capture",
                         "Cisco HDLC header longer than the frame");
      return;
    }
  ss_ethertype_dissect (ctx, type, c, depth);
}

/* PPP, optionally in HDLC-like framing (FF 03), with a 1- or 2-byte
 * protocol field (RFC 1661 section 6.5: an odd first byte is the whole
 * field). Frames that start with a Cisco HDLC address go there instead, as
 * tshark's ppp_hdlc does. */
void
ss_ppp_dissect (SsCtx    *ctx,
                SsCursor *c,
                uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t b0, b1;
  uint16_t proto;
  size_t need = 0;

  if (!ss_ctx_enter (ctx, c))
    return;
  if (!ss_cursor_peek_u8 (c, 0, &b0))
    {
      ss_ctx_cut_header (ctx, &start, 1, "PPP header cut short by the capture",
                         "PPP header longer than the frame");
      return;
    }
  if (b0 == 0x0F || b0 == 0x8F)
    {
      chdlc_dissect (ctx, c, depth);
      return;
    }
  if (b0 == 0xFF)
    need = 2; /* address and control */
  ss_cursor_skip (c, need);
  if (!ss_cursor_read_u8 (c, &b0))
    {
      ss_ctx_cut_header (ctx, &start, need + 1, "PPP header cut short by the capture",
                         "PPP header longer than the frame");
      return;
    }
  if (b0 & 1)
    {
      proto = b0;
    }
  else
    {
      if (!ss_cursor_read_u8 (c, &b1))
        {
          ss_ctx_cut_header (ctx, &start, need + 2, "PPP header cut short by the capture",
                             "PPP header longer than the frame");
          return;
        }
      proto = (uint16_t) ((b0 << 8) | b1);
    }
  ppp_proto_dissect (ctx, proto, c, depth);
}

/* PPPoE session stage (RFC 2516 section 4): ver/type, code, session id,
 * length, then a PPP protocol field. */
static void
pppoe_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t session, len, proto;
  uint8_t vt, code;

  if (!ss_cursor_read_u8 (c, &vt) || !ss_cursor_read_u8 (c, &code)
      || !ss_cursor_read_be16 (c, &session) || !ss_cursor_read_be16 (c, &len))
    {
      ss_ctx_cut_header (ctx, &start, 6, "PPPoE header cut short by the capture",
                         "PPPoE header longer than the frame");
      return;
    }
  (void) session;
  if (vt != 0x11 || code != 0)
    return; /* not a version 1 session frame */
  ss_cursor_limit (c, len);
  if (!ss_cursor_read_be16 (c, &proto))
    {
      SsCursor here = *c;
      if (len < 2)
        ss_ctx_problem (ctx, SS_MALFORMED, "PPPoE length too short for PPP", &here);
      else
        ss_ctx_cut_header (ctx, &start, 8, "PPPoE header cut short by the capture",
                           "PPPoE header longer than the frame");
      return;
    }
  ppp_proto_dissect (ctx, proto, c, depth);
}

void
ss_ethertype_dissect (SsCtx    *ctx,
                      uint16_t  ethertype,
                      SsCursor *c,
                      uint8_t   depth)
{
  uint16_t type = ethertype;

  /* VLAN tags: each one consumes 4 bytes, so the loop ends with the frame. */
  for (;;)
    {
      SsCursor start = *c;
      uint16_t tci;

      switch (type)
        {
        case ETH_IPV4:
          ss_ip_dissect (ctx, c, depth, 0);
          return;
        case ETH_IPV6:
          ss_ip_dissect (ctx, c, depth, 6);
          return;
        case ETH_VLAN:
        case ETH_QINQ:
        case ETH_QINQ_OLD:
        case ETH_QINQ_9200:
          if (!ss_cursor_read_be16 (c, &tci) || !ss_cursor_read_be16 (c, &type))
            {
              ss_ctx_cut_header (ctx, &start, 4, "VLAN tag cut short by the capture",
                                 "VLAN tag longer than the frame");
              return;
            }
          ctx->vlan_id = tci & 0x0FFF;
          continue;
        case ETH_MPLS_UC:
        case ETH_MPLS_MC:
          mpls_dissect (ctx, c, depth);
          return;
        case ETH_PPPOE_S:
          pppoe_dissect (ctx, c, depth);
          return;
        case ETH_FABRICPATH:
          /* Cisco FabricPath: the outer addresses were the 12 bytes before
           * the ethertype; FTAG and TTL follow, then the original frame.
           * tshark takes the last 4 bytes of the frame for an FCS, which
           * can cut the inner packet short: we do the same. */
          if (!ss_cursor_skip (c, 2))
            {
              ss_ctx_cut_header (ctx, &start, 2, "FabricPath header cut short by the capture",
                                 "FabricPath header longer than the frame");
              return;
            }
          {
            uint32_t rep = ss_ctx_reported (ctx, c);
            if (rep >= 4 && ss_cursor_remaining (c) > rep - 4)
              ss_cursor_limit (c, rep - 4);
            else if (rep >= 4)
              ctx->wire_trim = 4;
          }
          ss_eth_dissect (ctx, c, depth);
          return;
        case ETH_TEB:
          ss_eth_dissect (ctx, c, depth);
          return;
        default:
          if (type <= 1500)
            {
              /* IEEE 802.3 length field: LLC follows. */
              ss_cursor_limit (c, type);
              llc_dissect (ctx, c, depth);
            }
          return; /* ARP, LLDP, IPX ...: nothing for us */
        }
    }
}

void
ss_eth_dissect (SsCtx    *ctx,
                SsCursor *c,
                uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t type;

  if (!ss_ctx_enter (ctx, c))
    return;
  if (!ss_cursor_skip (c, 12) || !ss_cursor_read_be16 (c, &type))
    {
      ss_ctx_cut_header (ctx, &start, 14, "Ethernet header cut short by the capture",
                         "Ethernet header longer than the frame");
      return;
    }
  ss_ethertype_dissect (ctx, type, c, depth);
}

/* IEEE 802.11 (IEEE Std 802.11-2020 section 9.3.2): only data frames carry
 * IP, behind LLC/SNAP. datapad: radiotap says the header is padded to 4.
 * swap_fc: the two frame control bytes are swapped (Cisco CAPWAP). */
static void
wlan_dissect_full (SsCtx    *ctx,
                   SsCursor *c,
                   uint8_t   depth,
                   bool      datapad,
                   bool      swap_fc)
{
  SsCursor start = *c;
  uint16_t fc = 0;
  uint8_t type, subtype, flags;
  size_t hdr = 24;

  if (!ss_ctx_enter (ctx, c))
    return;
  if (!(swap_fc ? ss_cursor_read_be16 (c, &fc) : ss_cursor_read_le16 (c, &fc)))
    {
      ss_ctx_cut_header (ctx, &start, 2, "IEEE 802.11 header cut short by the capture",
                         "IEEE 802.11 header longer than the frame");
      return;
    }
  type = (fc >> 2) & 0x3;
  subtype = (fc >> 4) & 0xF;
  flags = (uint8_t) (fc >> 8);
  if (type != 2)
    return; /* management or control frame */
  if (subtype & 0x4)
    return; /* null data, CF-Ack/Poll without data */
  if ((flags & 0x03) == 0x03)
    hdr += 6; /* ToDS and FromDS: a fourth address */
  if (subtype & 0x8)
    {
      hdr += 2; /* QoS control */
      if (flags & 0x80)
        hdr += 4; /* +HTC */
    }
  if (datapad)
    hdr = (hdr + 3) & ~(size_t) 3;
  *c = start;
  if (!ss_cursor_skip (c, hdr))
    {
      ss_ctx_cut_header (ctx, &start, hdr, "IEEE 802.11 header cut short by the capture",
                         "IEEE 802.11 header longer than the frame");
      return;
    }
  if (flags & 0x40)
    return; /* protected: the payload is encrypted */
  llc_dissect (ctx, c, depth);
}

void
ss_wlan_dissect (SsCtx    *ctx,
                 SsCursor *c,
                 uint8_t   depth,
                 bool      swap_fc)
{
  wlan_dissect_full (ctx, c, depth, false, swap_fc);
}

/* Radiotap (https://www.radiotap.org): version, pad, length, present
 * bitmaps; only the Flags field matters here (data padding). */
static void
radiotap_dissect (SsCtx    *ctx,
                  SsCursor *c,
                  uint8_t   depth)
{
  SsCursor start = *c;
  SsCursor hdr;
  uint8_t version, pad, rflags = 0;
  uint16_t len;
  uint32_t present, first_present;
  size_t n_words = 1;

  if (!ss_cursor_read_u8 (c, &version) || !ss_cursor_read_u8 (c, &pad)
      || !ss_cursor_read_le16 (c, &len) || !ss_cursor_read_le32 (c, &first_present))
    {
      ss_ctx_cut_header (ctx, &start, 8, "radiotap header cut short by the capture",
                         "radiotap header longer than the frame");
      return;
    }
  (void) pad;
  if (version != 0 || len < 8)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "radiotap header with a bad version or length", &start);
      return;
    }
  *c = start;
  if (!ss_cursor_sub (c, len, &hdr))
    {
      ss_ctx_cut_header (ctx, &start, len, "radiotap header cut short by the capture",
                         "radiotap header longer than the frame");
      return;
    }

  /* Skip the extended present bitmaps, then find the Flags field: it is
   * the first field after TSFT (8 bytes, aligned to 8). */
  ss_cursor_skip (&hdr, 8);
  present = first_present;
  while (present & 0x80000000u)
    {
      if (!ss_cursor_read_le32 (&hdr, &present))
        {
          ss_ctx_problem (ctx, SS_MALFORMED, "radiotap present bitmaps run past the header", &start);
          return;
        }
      n_words++;
    }
  if (first_present & 0x2)
    {
      size_t pos = 4 + 4 * n_words;
      if (first_present & 0x1)
        pos = ((pos + 7) & ~(size_t) 7) + 8;
      if (ss_cursor_seek (&hdr, pos))
        ss_cursor_read_u8 (&hdr, &rflags);
    }

  if (rflags & 0x10)
    {
      /* FCS at the end: keep it out of the 802.11 payload. */
      size_t rem = ss_cursor_remaining (c);
      if (rem >= 4 && ss_ctx_reported (ctx, c) == rem)
        ss_cursor_limit (c, rem - 4);
    }
  wlan_dissect_full (ctx, c, depth, (rflags & 0x20) != 0, false);
}

/* PPI (Per-Packet Information, CACE): version, flags, length, DLT. */
static void
ppi_dissect (SsCtx    *ctx,
             SsCursor *c,
             uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t version, flags;
  uint16_t len;
  uint32_t dlt;

  if (!ss_cursor_read_u8 (c, &version) || !ss_cursor_read_u8 (c, &flags)
      || !ss_cursor_read_le16 (c, &len) || !ss_cursor_read_le32 (c, &dlt))
    {
      ss_ctx_cut_header (ctx, &start, 8, "PPI header cut short by the capture",
                         "PPI header longer than the frame");
      return;
    }
  (void) flags;
  if (len < 8)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "PPI header length is less than 8", &start);
      return;
    }
  *c = start;
  if (!ss_cursor_skip (c, len))
    {
      ss_ctx_cut_header (ctx, &start, len, "PPI header cut short by the capture",
                         "PPI header longer than the frame");
      return;
    }
  switch (dlt)
    {
    case SS_LINKTYPE_ETHERNET:
      ss_eth_dissect (ctx, c, depth);
      break;
    case SS_LINKTYPE_IEEE802_11:
      ss_wlan_dissect (ctx, c, depth, false);
      break;
    default:
      ss_ctx_problem (ctx, SS_UNSUPPORTED, "PPI carries a link type synscope does not decode", &start);
      break;
    }
}

/* Linux SLL (16 bytes) and SLL2 (20 bytes) share the protocol values. */
static void
sll_protocol_dissect (SsCtx    *ctx,
                      uint16_t  hatype,
                      uint16_t  protocol,
                      SsCursor *c)
{
  switch (hatype)
    {
    case 803: /* ARPHRD_IEEE80211_RADIOTAP */
      radiotap_dissect (ctx, c, 0);
      return;
    case 824: /* ARPHRD_NETLINK */
      return;
    default:
      break;
    }
  if (protocol == 0x0004)
    llc_dissect (ctx, c, 0); /* LINUX_SLL_P_802_2 */
  else if (protocol >= 0x0600)
    ss_ethertype_dissect (ctx, protocol, c, 0);
  /* else 0x0001 (Novell 802.3), CAN, ...: no IP */
}

static void
sll_dissect (SsCtx    *ctx,
             SsCursor *c)
{
  SsCursor start = *c;
  uint16_t pkttype, hatype, halen, protocol;

  if (!ss_cursor_read_be16 (c, &pkttype) || !ss_cursor_read_be16 (c, &hatype)
      || !ss_cursor_read_be16 (c, &halen) || !ss_cursor_skip (c, 8)
      || !ss_cursor_read_be16 (c, &protocol))
    {
      ss_ctx_cut_header (ctx, &start, 16, "Linux cooked header cut short by the capture",
                         "Linux cooked header longer than the frame");
      return;
    }
  (void) pkttype;
  (void) halen;
  sll_protocol_dissect (ctx, hatype, protocol, c);
}

static void
sll2_dissect (SsCtx    *ctx,
              SsCursor *c)
{
  SsCursor start = *c;
  uint16_t protocol, hatype;

  if (!ss_cursor_read_be16 (c, &protocol) || !ss_cursor_skip (c, 6)
      || !ss_cursor_read_be16 (c, &hatype) || !ss_cursor_skip (c, 10))
    {
      ss_ctx_cut_header (ctx, &start, 20, "Linux cooked v2 header cut short by the capture",
                         "Linux cooked v2 header longer than the frame");
      return;
    }
  sll_protocol_dissect (ctx, hatype, protocol, c);
}

/* BSD loopback: a 4-byte address family in the writer's byte order (NULL)
 * or network order (LOOP). Both orders are accepted: a value with the high
 * half set is taken as byte-swapped. */
static void
null_dissect (SsCtx    *ctx,
              SsCursor *c)
{
  SsCursor start = *c;
  uint32_t af;
  uint16_t first;

  if (ss_cursor_peek_be16 (c, 0, &first) && first == 0xFF03)
    {
      ss_ppp_dissect (ctx, c, 0);
      return;
    }
  if (!ss_cursor_read_le32 (c, &af))
    {
      ss_ctx_cut_header (ctx, &start, 4, "loopback header cut short by the capture",
                         "loopback header longer than the frame");
      return;
    }
  if (af & 0xFFFF0000u)
    af = ((af & 0xFF) << 24) | ((af & 0xFF00) << 8) | ((af >> 8) & 0xFF00) | (af >> 24);
  switch (af)
    {
    case 2:  /* AF_INET */
      ss_ip_dissect (ctx, c, 0, 0);
      break;
    case 24: /* AF_INET6: NetBSD, OpenBSD, BSD/OS */
    case 28: /* FreeBSD, DragonFly */
    case 30: /* Darwin */
      ss_ip_dissect (ctx, c, 0, 6);
      break;
    default:
      if (af > 1500)
        ss_ethertype_dissect (ctx, (uint16_t) af, c, 0);
      break; /* OSI, IPX, AppleTalk ... */
    }
}

/* NFLOG: family, version, resource id, then TLVs (little-endian length
 * including the 4-byte TLV header, type; values padded to 4 bytes). The
 * packet is in NFULA_PAYLOAD (9). */
static void
nflog_dissect (SsCtx    *ctx,
               SsCursor *c)
{
  SsCursor start = *c;
  uint8_t family, version;

  if (!ss_cursor_read_u8 (c, &family) || !ss_cursor_read_u8 (c, &version)
      || !ss_cursor_skip (c, 2))
    {
      ss_ctx_cut_header (ctx, &start, 4, "NFLOG header cut short by the capture",
                         "NFLOG header longer than the frame");
      return;
    }

  while (ss_cursor_remaining (c) > 0)
    {
      SsCursor tlv = *c;
      SsCursor value;
      uint16_t len, type;

      if (!ss_cursor_read_le16 (c, &len) || !ss_cursor_read_le16 (c, &type))
        {
          ss_ctx_cut_header (ctx, &tlv, 4, "NFLOG TLV cut short by the capture",
                             "NFLOG TLV longer than the frame");
          return;
        }
      if (len < 4)
        {
          ss_ctx_problem (ctx, SS_MALFORMED, "NFLOG TLV length is less than 4", &tlv);
          return;
        }
      if ((type & 0x7FFF) == 9)
        {
          /* The packet: what the capture holds of it (the snap length may
           * have cut it; the IP layer tells). */
          value = *c;
          ss_cursor_limit (&value, len - 4u);
          ss_ip_dissect (ctx, &value, 0, family == 10 ? 6 : 0);
          return;
        }
      if (!ss_cursor_skip (c, len - 4u))
        {
          ss_ctx_cut_header (ctx, &tlv, len, "NFLOG TLV cut short by the capture",
                             "NFLOG TLV longer than the frame");
          return;
        }
      /* values are padded to a multiple of 4 bytes */
      ss_cursor_skip (c, ((len + 3u) & ~3u) - len);
    }
}

/* IP over InfiniBand as libpcap writes it: 20-byte destination and source
 * hardware addresses, ethertype, 2 reserved bytes. */
static void
ipoib_dissect (SsCtx    *ctx,
               SsCursor *c)
{
  SsCursor start = *c;
  uint16_t type;

  if (!ss_cursor_skip (c, 40) || !ss_cursor_read_be16 (c, &type) || !ss_cursor_skip (c, 2))
    {
      ss_ctx_cut_header (ctx, &start, 44, "IPoIB header cut short by the capture",
                         "IPoIB header longer than the frame");
      return;
    }
  ss_ethertype_dissect (ctx, type, c, 0);
}

/* Linux ARCNET: source, destination, 2-byte offset, then an RFC 1201
 * header (protocol, split flag, 2-byte sequence; an exception packet adds 4
 * bytes) or an RFC 1051 one (protocol only). */
static void
arcnet_dissect (SsCtx    *ctx,
                SsCursor *c)
{
  SsCursor start = *c;
  uint8_t proto, flag;

  if (!ss_cursor_skip (c, 4) || !ss_cursor_read_u8 (c, &proto))
    {
      ss_ctx_cut_header (ctx, &start, 5, "ARCNET header cut short by the capture",
                         "ARCNET header longer than the frame");
      return;
    }
  if (proto != 0xF0 && proto != 0xF1)
    {
      if (!ss_cursor_read_u8 (c, &flag)
          || (flag == 0xFF && !ss_cursor_skip (c, 4))
          || !ss_cursor_skip (c, 2))
        {
          ss_ctx_cut_header (ctx, &start, 8, "ARCNET header cut short by the capture",
                             "ARCNET header longer than the frame");
          return;
        }
    }
  switch (proto)
    {
    case 0xD4: /* ARC_P_IP (RFC 1201) */
    case 0xF0: /* ARC_P_IP_RFC1051 */
      ss_ip_dissect (ctx, c, 0, 4);
      break;
    case 0xC4: /* ARC_P_INET6 */
      ss_ip_dissect (ctx, c, 0, 6);
      break;
    default:
      break; /* ARP, RARP, IPX ... */
    }
}

/* Juniper: "MGC", flags; with the extension flag a 2-byte length of TLVs
 * follows. Without the "no L2" flag an Ethernet frame follows. */
static void
juniper_ether_dissect (SsCtx    *ctx,
                       SsCursor *c)
{
  SsCursor start = *c;
  uint8_t magic[3];
  uint8_t flags;
  uint16_t ext_len;

  if (!ss_cursor_read_bytes (c, magic, 3) || !ss_cursor_read_u8 (c, &flags))
    {
      ss_ctx_cut_header (ctx, &start, 4, "Juniper header cut short by the capture",
                         "Juniper header longer than the frame");
      return;
    }
  if (magic[0] != 'M' || magic[1] != 'G' || magic[2] != 'C')
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "Juniper header without its magic", &start);
      return;
    }
  if (flags & 0x80)
    {
      if (!ss_cursor_read_be16 (c, &ext_len) || !ss_cursor_skip (c, ext_len))
        {
          ss_ctx_cut_header (ctx, &start, 6, "Juniper header cut short by the capture",
                             "Juniper header longer than the frame");
          return;
        }
    }
  if (flags & 0x02)
    {
      /* no L2 header: a 4-byte cookie, then IP */
      if (!ss_cursor_skip (c, 4))
        return;
      ss_ip_dissect (ctx, c, 0, 0);
      return;
    }
  ss_eth_dissect (ctx, c, 0);
}

/* Apple PKTAP: header length, record type, DLT (all host order, little
 * endian in practice), then the frame at the header length. */
static void
pktap_dissect (SsCtx    *ctx,
               SsCursor *c)
{
  SsCursor start = *c;
  uint32_t hdrlen, rectype, dlt;

  if (!ss_cursor_read_le32 (c, &hdrlen) || !ss_cursor_read_le32 (c, &rectype)
      || !ss_cursor_read_le32 (c, &dlt))
    {
      ss_ctx_cut_header (ctx, &start, 12, "PKTAP header cut short by the capture",
                         "PKTAP header longer than the frame");
      return;
    }
  if (hdrlen < 12)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "PKTAP header length is less than 12", &start);
      return;
    }
  *c = start;
  if (!ss_cursor_skip (c, hdrlen))
    {
      ss_ctx_cut_header (ctx, &start, hdrlen, "PKTAP header cut short by the capture",
                         "PKTAP header longer than the frame");
      return;
    }
  if (rectype != 1)
    return; /* not a packet record */
  if (dlt == SS_LINKTYPE_PKTAP || !ss_ctx_enter (ctx, c))
    return;
  ss_link_dissect (ctx, dlt, c);
}

void
ss_link_dissect (SsCtx    *ctx,
                 uint32_t  linktype,
                 SsCursor *c)
{
  SsCursor start = *c;
  uint8_t first;

  switch (linktype)
    {
    case SS_LINKTYPE_ETHERNET:
      ss_eth_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_NULL:
    case SS_LINKTYPE_LOOP:
      null_dissect (ctx, c);
      break;
    case SS_LINKTYPE_RAW:
    case SS_LINKTYPE_RAW_12:
    case SS_LINKTYPE_RAW_14:
      if (!ss_cursor_peek_u8 (c, 0, &first))
        {
          ss_ctx_cut_header (ctx, &start, 1, "IP header cut short by the capture",
                             "empty raw IP frame");
          break;
        }
      if ((first >> 4) == 4)
        ss_ip_dissect (ctx, c, 0, 4);
      else if ((first >> 4) == 6)
        ss_ip_dissect (ctx, c, 0, 6);
      else
        ss_ctx_problem (ctx, SS_MALFORMED, "raw IP frame that is neither IPv4 nor IPv6", &start);
      break;
    case SS_LINKTYPE_IPV4:
      ss_ip_dissect (ctx, c, 0, 0);
      break;
    case SS_LINKTYPE_IPV6:
      ss_ip_dissect (ctx, c, 0, 6);
      break;
    case SS_LINKTYPE_PPP:
    case SS_LINKTYPE_PPP_HDLC:
      ss_ppp_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_PPP_ETHER:
      pppoe_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_C_HDLC:
      chdlc_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_IEEE802_11:
      ss_wlan_dissect (ctx, c, 0, false);
      break;
    case SS_LINKTYPE_IEEE802_11_RADIOTAP:
      radiotap_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_PPI:
      ppi_dissect (ctx, c, 0);
      break;
    case SS_LINKTYPE_LINUX_SLL:
      sll_dissect (ctx, c);
      break;
    case SS_LINKTYPE_LINUX_SLL2:
      sll2_dissect (ctx, c);
      break;
    case SS_LINKTYPE_NFLOG:
      nflog_dissect (ctx, c);
      break;
    case SS_LINKTYPE_IPOIB:
      ipoib_dissect (ctx, c);
      break;
    case SS_LINKTYPE_ARCNET_LINUX:
      arcnet_dissect (ctx, c);
      break;
    case SS_LINKTYPE_JUNIPER_ETHER:
      juniper_ether_dissect (ctx, c);
      break;
    case SS_LINKTYPE_PKTAP:
      pktap_dissect (ctx, c);
      break;
    default:
      ss_ctx_problem (ctx, SS_UNSUPPORTED, "link type not decoded by synscope", &start);
      break;
    }
}
