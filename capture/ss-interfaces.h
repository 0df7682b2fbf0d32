/* ss-interfaces.h - the capture devices, as plain structs.
 *
 * Wraps libpcap's pcap_findalldevs(3PCAP) so front ends never include
 * <pcap.h>.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define SS_IFACE_ADDRLEN 64  /* an IPv6 address in text, with a scope */

typedef struct {
  int  family;               /* AF_INET or AF_INET6 */
  char addr[SS_IFACE_ADDRLEN];
  char netmask[SS_IFACE_ADDRLEN]; /* "" when unknown */
} SsIfaceAddr;

typedef struct {
  char        *name;
  char        *description;  /* NULL when libpcap has none */
  SsIfaceAddr *addrs;
  size_t       n_addrs;
  bool         up, running, loopback;
} SsIface;

typedef struct {
  SsIface *ifaces;
  size_t   n_ifaces;
} SsIfaceList;

/* Fills list (free it with ss_iface_list_clear). false with a sentence in
 * errbuf when libpcap cannot list the devices. */
bool ss_iface_list_get (SsIfaceList *list, char *errbuf, size_t errbuf_size);
void ss_iface_list_clear (SsIfaceList *list);
