/* ss-cli-interfaces.c - synscope-cli interfaces [--json]
 *
 * The devices libpcap can capture on (pcap_findalldevs(3PCAP), through
 * capture/ss-interfaces.h): name, description, IPv4/IPv6 addresses, and
 * whether each is up, running, a loopback.
 */
#include "ss-cli.h"

#include <stdlib.h>
#include <string.h>

#include "ss-interfaces.h"

static void
print_json (const SsIface *f)
{
  const char **addrs = calloc (f->n_addrs + 1, sizeof *addrs);
  SsJsonLine j;

  ss_json_begin (&j, stdout);
  ss_json_str (&j, "name", f->name);
  if (f->description != NULL)
    ss_json_str (&j, "description", f->description);
  else
    ss_json_null (&j, "description");
  for (size_t k = 0; addrs != NULL && k < f->n_addrs; k++)
    addrs[k] = f->addrs[k].addr;
  ss_json_strv (&j, "addresses", addrs, addrs != NULL ? f->n_addrs : 0);
  ss_json_bool (&j, "up", f->up);
  ss_json_bool (&j, "running", f->running);
  ss_json_bool (&j, "loopback", f->loopback);
  ss_json_end (&j);
  free (addrs);
}

static void
print_text (const SsIface *f, int name_width)
{
  char flags[64];

  snprintf (flags, sizeof flags, "%s%s%s",
            f->up ? "up" : "down",
            f->running ? ",running" : "",
            f->loopback ? ",loopback" : "");
  if (f->n_addrs == 0 && f->description == NULL)
    printf ("%-*s  %s", name_width, f->name, flags);
  else
    printf ("%-*s  %-21s", name_width, f->name, flags);
  for (size_t k = 0; k < f->n_addrs; k++)
    printf ("%s%s", k == 0 ? "  " : ", ", f->addrs[k].addr);
  if (f->description != NULL)
    printf ("  (%s)", f->description);
  putchar ('\n');
}

int
ss_cli_interfaces (int argc, char **argv)
{
  char errbuf[512];
  SsIfaceList list;
  bool json = false;
  int width = 4;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          printf ("Usage: " SS_CLI_NAME " interfaces [--json]\n"
                  "The interfaces live capture can use: name, up/running/loopback,\n"
                  "IPv4 and IPv6 addresses, description.\n");
          return SS_EXIT_OK;
        }
      else
        {
          fprintf (stderr, SS_CLI_NAME ": interfaces: unknown argument '%s'\n", argv[i]);
          return SS_EXIT_USAGE;
        }
    }

  if (!ss_iface_list_get (&list, errbuf, sizeof errbuf))
    {
      fprintf (stderr, SS_CLI_NAME ": %s\n", errbuf);
      return SS_EXIT_FAILURE;
    }
  for (size_t i = 0; i < list.n_ifaces; i++)
    {
      int len = (int) strlen (list.ifaces[i].name);
      if (len > width)
        width = len;
    }
  if (!json)
    printf ("%-*s  %-21s  %s\n", width, "NAME", "FLAGS", "ADDRESSES (DESCRIPTION)");
  for (size_t i = 0; i < list.n_ifaces; i++)
    {
      if (json)
        print_json (&list.ifaces[i]);
      else
        print_text (&list.ifaces[i], width);
    }
  ss_iface_list_clear (&list);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, SS_CLI_NAME ": cannot write the output\n");
      return SS_EXIT_FAILURE;
    }
  return SS_EXIT_OK;
}
