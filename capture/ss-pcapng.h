/* ss-pcapng.h - our own pcapng reader (plain C over a FILE *, no libpcap).
 *
 * Implements the PCAP Next Generation capture file format
 * (draft-ietf-opsawg-pcapng, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html):
 * several sections, either byte order per section, several interfaces per
 * section with their own link type, snap length, if_tsresol and if_tsoffset;
 * Enhanced, Simple and (obsolete) Packet Blocks; Interface Statistics
 * Blocks. Name Resolution, Decryption Secrets and unknown blocks are checked
 * and skipped. Custom Blocks become records with linktype SS_LINKTYPE_NONE,
 * because Wireshark counts them as frames.
 *
 * Used by ss-source.c; kept apart so the tests can drive it from memory
 * (fmemopen) without a file.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ss-source.h"

/* The largest block we accept (libpcap and Wireshark use 16 MiB too). */
#define SS_PCAPNG_MAX_BLOCK_SIZE   (16u * 1024u * 1024u)
/* Interfaces one section may describe, and statistics blocks kept. */
#define SS_PCAPNG_MAX_INTERFACES   65536u
#define SS_PCAPNG_MAX_STATS        65536u
/* Bytes of the stream the caller may already have read. */
#define SS_PCAPNG_MAX_PREFIX       16u

typedef struct SsPcapng SsPcapng;

/* Starts reading fp (borrowed: the caller closes it after ss_pcapng_free ()).
 * prefix holds the first prefix_len bytes of the stream when the caller has
 * already consumed them (standard input), else NULL / 0. offsets_known: the
 * stream starts at byte 0 of a file, so SsRecord.data_offset can be given
 * (otherwise it is UINT64_MAX). Reads and checks the first Section Header
 * Block; on failure returns NULL and writes one sentence to errbuf.
 * (transfer full) */
SsPcapng    *ss_pcapng_new         (FILE          *fp,
                                    const uint8_t *prefix,
                                    size_t         prefix_len,
                                    bool           offsets_known,
                                    char          *errbuf,
                                    size_t         errbuf_size);
/* The next record. Custom Blocks come out as records with linktype
 * SS_LINKTYPE_NONE and interface_id UINT32_MAX; Simple Packet Blocks and
 * Custom Blocks have no timestamp of their own and get the one of the record
 * before them (0 for the first). */
SsNextResult ss_pcapng_next        (SsPcapng *reader,
                                    SsRecord *rec);
/* After SS_NEXT_ERROR: why and where (borrowed). "" otherwise. */
const char  *ss_pcapng_get_error   (const SsPcapng *reader);
/* The first non-fatal oddity (borrowed), or NULL. */
const char  *ss_pcapng_get_warning (const SsPcapng *reader);
/* Interface Statistics Blocks seen so far (interface_id is the section's own
 * interface index, as in the block). */
size_t       ss_pcapng_n_stats     (const SsPcapng *reader);
const SsInterfaceStats *ss_pcapng_get_stats (const SsPcapng *reader,
                                             size_t          i);
void         ss_pcapng_free        (SsPcapng *reader);
