/* ss-pcapng-write.h - writes pcapng (draft-ietf-opsawg-pcapng).
 *
 * One Section Header Block, one Interface Description Block per interface
 * (snap length, if_tsresol 9: nanoseconds), Enhanced Packet Blocks, and
 * Interface Statistics Blocks with the drop counts. Host byte order, as the
 * format allows.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct SsPcapngWriter SsPcapngWriter;

/* Writes the Section Header Block to fp (borrowed: the caller closes it).
 * NULL with a sentence in errbuf on failure. */
SsPcapngWriter *ss_pcapng_writer_new (FILE *fp, const char *name,
                                      char *errbuf, size_t errbuf_size);
/* Adds an interface; returns its id (0, 1, ...) or -1 on error. name may
 * be NULL. */
int   ss_pcapng_writer_add_interface (SsPcapngWriter *w, uint32_t linktype,
                                      uint32_t snaplen, const char *name);
bool  ss_pcapng_writer_packet (SsPcapngWriter *w, uint32_t interface_id,
                               int64_t ts_ns, const uint8_t *data,
                               uint32_t caplen, uint32_t wirelen);
/* An Interface Statistics Block: isb_ifrecv, isb_ifdrop, isb_osdrop
 * (UINT64_MAX: left out). */
bool  ss_pcapng_writer_stats (SsPcapngWriter *w, uint32_t interface_id,
                              int64_t ts_ns, uint64_t ifrecv,
                              uint64_t ifdrop, uint64_t osdrop);
bool  ss_pcapng_writer_flush (SsPcapngWriter *w);
/* After a failed call: one sentence ("cannot write out.pcapng: No space
 * left on device"). */
const char *ss_pcapng_writer_error (const SsPcapngWriter *w);
void  ss_pcapng_writer_free (SsPcapngWriter *w);
