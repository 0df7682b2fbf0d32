/* ss-filter.h - checks a BPF capture filter without opening a device.
 *
 * pcap_compile(3PCAP) on a "dead" handle (pcap_open_dead) of the link type
 * the interface will most likely have, so a front end can say what is wrong
 * with a filter before any capture starts, with no privilege. The helper
 * still compiles the filter again on the real device, and says so when
 * that fails.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Whether filter (pcap-filter(7)) compiles for interface iface ("any"
 * gets Linux cooked headers, every other name Ethernet). NULL or "" is no
 * filter, which is fine. false with the compiler's reason in errbuf, in the
 * same words the capture itself uses ("bad capture filter 'tcp port':
 * syntax error"). */
bool ss_filter_check (const char *iface,
                      const char *filter,
                      char       *errbuf,
                      size_t      errbuf_size);
