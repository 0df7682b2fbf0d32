/* ss-dissect.h - bytes in, transport headers out.
 *
 * One SsDissector per capture: it owns the state that lives across frames
 * (IPv4/IPv6 fragment reassembly, with bounded memory) and nothing global.
 */
#pragma once

#include "ss-packet.h"

/* LINKTYPE_* values (https://www.tcpdump.org/linktypes.html), which is what
 * pcapng stores and what capture/ hands over for pcap files too. */
enum {
  SS_LINKTYPE_NULL          = 0,
  SS_LINKTYPE_ETHERNET      = 1,
  SS_LINKTYPE_PPP           = 9,
  SS_LINKTYPE_RAW           = 101,
  SS_LINKTYPE_C_HDLC        = 104,
  SS_LINKTYPE_IEEE802_11    = 105,
  SS_LINKTYPE_LOOP          = 108,
  SS_LINKTYPE_LINUX_SLL     = 113,
  SS_LINKTYPE_PPI           = 192,
  SS_LINKTYPE_IEEE802_11_RADIOTAP = 127,
  SS_LINKTYPE_IPV4          = 228,
  SS_LINKTYPE_IPV6          = 229,
  SS_LINKTYPE_NFLOG         = 239,
  SS_LINKTYPE_LINUX_SLL2    = 276,
};

typedef struct SsDissector SsDissector;

SsDissector *ss_dissector_new (void);
void         ss_dissector_free (SsDissector *d);

/* Dissects one frame into *out (overwritten). data holds caplen bytes of a
 * frame that was wirelen bytes on the wire. ts_ns (nanoseconds since the
 * epoch) is used to expire old fragments. Pointers into *out stay valid
 * until the next call. Never reads outside data[0..caplen). */
SsStatus ss_dissector_dissect (SsDissector   *d,
                               uint32_t       linktype,
                               int64_t        ts_ns,
                               const uint8_t *data,
                               uint32_t       caplen,
                               uint32_t       wirelen,
                               SsPacket      *out);

/* "Ethernet", "Linux cooked (SLL2)" ...; NULL for a link type we do not decode. */
const char *ss_linktype_name (uint32_t linktype);
