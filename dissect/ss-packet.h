/* ss-packet.h - what the dissector makes of one frame.
 *
 * Plain structs, filled by ss_dissector_dissect() (ss-dissect.h) and read by
 * the model (ss-model.h). A frame may carry several transport headers: a
 * VXLAN frame has the outer UDP header and the inner TCP one; an ICMP error
 * quotes the header of the packet it complains about. Each becomes one SsL4,
 * outermost first, as tshark counts them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How far dissection got. SS_TRUNCATED: the capture ran out (caplen < what
 * the headers say; snap length or a cut file). SS_MALFORMED: a field
 * contradicts the header or the protocol (IPv4 IHL < 5, TCP data offset < 5,
 * UDP length < 8 ...). The UI and the CLI report the two apart. */
typedef enum {
  SS_OK = 0,
  SS_TRUNCATED,
  SS_MALFORMED,
  SS_UNSUPPORTED, /* link type (or encapsulation) we do not decode */
} SsStatus;

typedef struct {
  uint8_t family; /* 4 or 6; 0 = unset */
  uint8_t bytes[16]; /* IPv4 in the first 4 bytes, the rest zero */
} SsAddr;

typedef struct {
  SsAddr   addr;
  uint16_t port;
} SsEndpoint;

enum {
  SS_IPPROTO_ICMP   = 1,
  SS_IPPROTO_TCP    = 6,
  SS_IPPROTO_UDP    = 17,
  SS_IPPROTO_ICMPV6 = 58,
};

/* TCP header flags, as on the wire (th_flags plus the NS/AE bit as 0x100). */
enum {
  SS_TCP_FIN = 0x01,
  SS_TCP_SYN = 0x02,
  SS_TCP_RST = 0x04,
  SS_TCP_PSH = 0x08,
  SS_TCP_ACK = 0x10,
  SS_TCP_URG = 0x20,
  SS_TCP_ECE = 0x40,
  SS_TCP_CWR = 0x80,
  SS_TCP_AE  = 0x100,
};

/* Which TCP options were present (SsTcpInfo.opts). */
enum {
  SS_TCPOPT_MSS       = 1 << 0,
  SS_TCPOPT_WSCALE    = 1 << 1,
  SS_TCPOPT_SACK_PERM = 1 << 2,
  SS_TCPOPT_SACK      = 1 << 3,
  SS_TCPOPT_TS        = 1 << 4,
  SS_TCPOPT_TFO       = 1 << 5, /* kind 34, or 254 with magic 0xF989 */
  SS_TCPOPT_MPTCP     = 1 << 6, /* kind 30 */
  SS_TCPOPT_MD5       = 1 << 7, /* kind 19 */
  SS_TCPOPT_AO        = 1 << 8, /* kind 29 */
  SS_TCPOPT_BAD       = 1 << 15, /* an option ran past the header or had a bad length */
};

#define SS_TCP_MAX_SACK 4

typedef struct {
  uint32_t seq, ack;
  uint16_t flags;      /* SS_TCP_* */
  uint16_t window;     /* raw, unscaled */
  uint16_t urgent;
  uint8_t  hdr_len;    /* data offset * 4 */
  uint16_t opts;       /* SS_TCPOPT_* present */
  uint16_t mss;
  uint8_t  wscale;
  uint8_t  n_sack;
  uint8_t  mptcp_subtype;
  uint32_t sack_left[SS_TCP_MAX_SACK], sack_right[SS_TCP_MAX_SACK];
  uint32_t ts_val, ts_ecr;
  bool     short_segment; /* the header is longer than what the wire holds
                           * of the IP payload ("Short segment"): its length
                           * is unknown, so it is numbered, not analysed */
} SsTcpInfo;

typedef struct {
  uint16_t length;     /* the UDP length field */
  bool     has_dns;    /* port 53 or 5353 with a DNS header (RFC 1035 4.1.1) */
  uint16_t dns_id;     /* its ID */
  uint16_t dns_flags;  /* its flags word (QR is 0x8000) */
} SsUdpInfo;

/* One transport header of a frame. */
typedef struct {
  uint8_t    proto;        /* SS_IPPROTO_TCP or SS_IPPROTO_UDP */
  uint8_t    depth;        /* IP headers enclosing it: 1 normal, 2+ tunnelled */
  bool       in_icmp_error;/* quoted inside an ICMP/ICMPv6 error */
  bool       partial;      /* header cut short (quoted or truncated): only
                            * the ports (and for TCP maybe seq) are known */
  uint8_t    icmp_type, icmp_code; /* the error that quoted it */
  SsEndpoint src, dst;
  /* The innermost IP header's facts, for the sender's send-order marks. */
  uint8_t    ip_ttl;       /* hop limit for IPv6 */
  uint8_t    ip_ecn;       /* the two ECN bits */
  bool       ip_df;
  uint16_t   ip_id;        /* IPv4 only */
  uint32_t   payload_len;  /* TCP: segment length (IP length - headers);
                            * UDP: length field - 8 */
  uint32_t   payload_caplen; /* how much of the payload the capture holds */
  uint32_t   payload_offset; /* where the payload starts in the frame
                              * (UINT32_MAX when it is in a reassembled buffer) */
  union {
    SsTcpInfo tcp;
    SsUdpInfo udp;
  };
} SsL4;

#define SS_PACKET_MAX_L4 16

typedef struct {
  SsStatus    status;       /* the worst thing met while dissecting */
  const char *problem;      /* static text saying what, for status != SS_OK */
  uint32_t    problem_offset; /* byte offset in the frame where it was met */
  bool        fragment_held;  /* an IP fragment kept for reassembly; its
                               * datagram shows up in a later frame */
  bool        reassembled;    /* the L4 of this frame comes from a datagram
                               * completed by this frame's fragment */
  uint8_t     n_l4;
  SsL4        l4[SS_PACKET_MAX_L4];
} SsPacket;

/* "10.0.0.1:443" or "[2001:db8::1]:443" (RFC 5952), NUL-terminated.
 * Returns the length written (as snprintf). */
#define SS_ENDPOINT_STRLEN 56
int  ss_endpoint_format (const SsEndpoint *ep, char *buf, size_t size);
int  ss_addr_format (const SsAddr *addr, char *buf, size_t size);
bool ss_addr_equal (const SsAddr *a, const SsAddr *b);
bool ss_endpoint_equal (const SsEndpoint *a, const SsEndpoint *b);
/* Total order (address, then port): the lower endpoint is side A of a key. */
int  ss_endpoint_compare (const SsEndpoint *a, const SsEndpoint *b);
