/* ss-cli-output.c - JSON Lines and number formatting for synscope-cli. */
#include "ss-cli.h"

#include <inttypes.h>
#include <string.h>

void
ss_json_begin (SsJsonLine *j, FILE *out)
{
  j->out = out;
  j->first = true;
  fputc ('{', out);
}

void
ss_json_end (SsJsonLine *j)
{
  fputs ("}\n", j->out);
}

static void
put_string (FILE *out, const char *s)
{
  fputc ('"', out);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"':  fputs ("\\\"", out); break;
        case '\\': fputs ("\\\\", out); break;
        case '\n': fputs ("\\n", out); break;
        case '\r': fputs ("\\r", out); break;
        case '\t': fputs ("\\t", out); break;
        default:
          if (*p < 0x20)
            fprintf (out, "\\u%04x", *p);
          else
            fputc (*p, out);
        }
    }
  fputc ('"', out);
}

static void
put_key (SsJsonLine *j, const char *key)
{
  if (!j->first)
    fputc (',', j->out);
  j->first = false;
  put_string (j->out, key);
  fputc (':', j->out);
}

void
ss_json_str (SsJsonLine *j, const char *key, const char *value)
{
  put_key (j, key);
  put_string (j->out, value);
}

void
ss_json_u64 (SsJsonLine *j, const char *key, uint64_t value)
{
  put_key (j, key);
  fprintf (j->out, "%" PRIu64, value);
}

void
ss_json_bool (SsJsonLine *j, const char *key, bool value)
{
  put_key (j, key);
  fputs (value ? "true" : "false", j->out);
}

void
ss_json_null (SsJsonLine *j, const char *key)
{
  put_key (j, key);
  fputs ("null", j->out);
}

void
ss_json_seconds (SsJsonLine *j, const char *key, int64_t ns)
{
  char buf[32];

  ss_format_seconds (buf, sizeof buf, ns, 9);
  put_key (j, key);
  fputs (buf, j->out);
}

void
ss_format_seconds (char *buf, size_t size, int64_t ns, int decimals)
{
  static const int64_t scale[] = { 1000000000, 100000000, 10000000, 1000000,
                                   100000, 10000, 1000, 100, 10, 1 };
  const char *sign = "";
  uint64_t mag;

  if (decimals < 0)
    decimals = 0;
  if (decimals > 9)
    decimals = 9;
  if (ns < 0)
    {
      sign = "-";
      mag = (uint64_t) -(ns + 1) + 1;
    }
  else
    mag = (uint64_t) ns;

  /* Round to the number of decimals asked for. */
  uint64_t unit = (uint64_t) scale[decimals];
  mag = (mag / unit) + ((mag % unit) * 2 >= unit ? 1 : 0);
  uint64_t per_second = 1000000000u / unit;

  if (decimals == 0)
    snprintf (buf, size, "%s%" PRIu64, sign, mag);
  else
    snprintf (buf, size, "%s%" PRIu64 ".%0*" PRIu64, sign,
              mag / per_second, decimals, mag % per_second);
}

void
ss_format_completeness (char *buf, size_t size, uint8_t c)
{
  /* Wireshark's order: RST FIN DATA ACK SYN-ACK SYN. */
  snprintf (buf, size, "%c%c%c%c%c%c",
            (c & SS_COMPLETE_RST) ? 'R' : '-',
            (c & SS_COMPLETE_FIN) ? 'F' : '-',
            (c & SS_COMPLETE_DATA) ? 'D' : '-',
            (c & SS_COMPLETE_ACK) ? 'A' : '-',
            (c & SS_COMPLETE_SYNACK) ? 'S' : '-',
            (c & SS_COMPLETE_SYN) ? 'S' : '-');
}
