/* ss-interfaces.c - the capture devices, from pcap_findalldevs(3PCAP).
 *
 * Only IPv4 and IPv6 addresses are kept (link-layer addresses are not
 * shown); flags are PCAP_IF_UP, PCAP_IF_RUNNING and PCAP_IF_LOOPBACK.
 */
#define _DEFAULT_SOURCE   /* u_char and friends, which <pcap.h> uses */
#include "ss-interfaces.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static bool
format_sockaddr (const struct sockaddr *sa, int *family, char *buf, size_t size)
{
  buf[0] = '\0';
  if (sa == NULL)
    return false;
  if (sa->sa_family == AF_INET)
    {
      struct sockaddr_in sin;

      memcpy (&sin, sa, sizeof sin);
      *family = AF_INET;
      return inet_ntop (AF_INET, &sin.sin_addr, buf, (socklen_t) size) != NULL;
    }
  if (sa->sa_family == AF_INET6)
    {
      struct sockaddr_in6 sin6;

      memcpy (&sin6, sa, sizeof sin6);
      *family = AF_INET6;
      return inet_ntop (AF_INET6, &sin6.sin6_addr, buf, (socklen_t) size) != NULL;
    }
  return false;
}

static bool
fill_iface (SsIface *out, const pcap_if_t *dev)
{
  size_t n = 0;

  out->name = strdup (dev->name);
  out->description = dev->description ? strdup (dev->description) : NULL;
  if (out->name == NULL || (dev->description != NULL && out->description == NULL))
    return false;
  out->up = (dev->flags & PCAP_IF_UP) != 0;
  out->running = (dev->flags & PCAP_IF_RUNNING) != 0;
  out->loopback = (dev->flags & PCAP_IF_LOOPBACK) != 0;

  for (const pcap_addr_t *a = dev->addresses; a != NULL; a = a->next)
    n++;
  if (n == 0)
    return true;
  out->addrs = calloc (n, sizeof *out->addrs);
  if (out->addrs == NULL)
    return false;
  for (const pcap_addr_t *a = dev->addresses; a != NULL; a = a->next)
    {
      SsIfaceAddr *ia = &out->addrs[out->n_addrs];
      int family = 0, mask_family = 0;

      if (!format_sockaddr (a->addr, &family, ia->addr, sizeof ia->addr))
        continue;
      ia->family = family;
      format_sockaddr (a->netmask, &mask_family, ia->netmask, sizeof ia->netmask);
      out->n_addrs++;
    }
  return true;
}

bool
ss_iface_list_get (SsIfaceList *list, char *errbuf, size_t errbuf_size)
{
  char pcap_err[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *devs = NULL;
  size_t n = 0, i = 0;

  memset (list, 0, sizeof *list);
  if (pcap_findalldevs (&devs, pcap_err) != 0)
    {
      snprintf (errbuf, errbuf_size, "cannot list the capture interfaces: %s", pcap_err);
      return false;
    }
  for (const pcap_if_t *d = devs; d != NULL; d = d->next)
    n++;
  if (n > 0)
    {
      list->ifaces = calloc (n, sizeof *list->ifaces);
      if (list->ifaces == NULL)
        goto oom;
    }
  for (const pcap_if_t *d = devs; d != NULL; d = d->next, i++)
    {
      list->n_ifaces = i + 1;
      if (!fill_iface (&list->ifaces[i], d))
        goto oom;
    }
  pcap_freealldevs (devs);
  return true;

oom:
  pcap_freealldevs (devs);
  ss_iface_list_clear (list);
  snprintf (errbuf, errbuf_size, "out of memory listing the capture interfaces");
  return false;
}

void
ss_iface_list_clear (SsIfaceList *list)
{
  for (size_t i = 0; i < list->n_ifaces; i++)
    {
      free (list->ifaces[i].name);
      free (list->ifaces[i].description);
      free (list->ifaces[i].addrs);
    }
  free (list->ifaces);
  list->ifaces = NULL;
  list->n_ifaces = 0;
}
