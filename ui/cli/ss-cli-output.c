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

/* JSON string: runs of plain characters are written in one go (this is
 * the hot path of every --json command). */
static void
put_string (FILE *out, const char *s)
{
  const char *run = s;

  fputc ('"', out);
  for (const char *p = s; *p; p++)
    {
      unsigned char ch = (unsigned char) *p;

      if (ch >= 0x20 && ch != '"' && ch != '\\')
        continue;
      if (p > run)
        fwrite (run, 1, (size_t) (p - run), out);
      run = p + 1;
      switch (ch)
        {
        case '"':  fputs ("\\\"", out); break;
        case '\\': fputs ("\\\\", out); break;
        case '\n': fputs ("\\n", out); break;
        case '\r': fputs ("\\r", out); break;
        case '\t': fputs ("\\t", out); break;
        default:
          fprintf (out, "\\u%04x", ch);
        }
    }
  if (*run)
    fputs (run, out);
  fputc ('"', out);
}

/* A number without printf. */
static void
put_u64 (FILE *out, uint64_t v)
{
  char buf[24];
  size_t n = sizeof buf;

  do
    {
      buf[--n] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  fwrite (buf + n, 1, sizeof buf - n, out);
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
  put_u64 (j->out, value);
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

void
ss_json_strv (SsJsonLine        *j,
              const char        *key,
              const char *const *values,
              size_t             n)
{
  put_key (j, key);
  fputc ('[', j->out);
  for (size_t i = 0; i < n; i++)
    {
      if (i > 0)
        fputc (',', j->out);
      put_string (j->out, values[i]);
    }
  fputc (']', j->out);
}

void
ss_json_i64 (SsJsonLine *j,
             const char *key,
             int64_t     value)
{
  put_key (j, key);
  fprintf (j->out, "%" PRId64, value);
}

static const struct {
  uint16_t    bit;
  char        letter;
  const char *word;
} tcp_flag_names[] = {
  { SS_TCP_SYN, 'S', "SYN" },
  { SS_TCP_FIN, 'F', "FIN" },
  { SS_TCP_RST, 'R', "RST" },
  { SS_TCP_PSH, 'P', "PSH" },
  { SS_TCP_ACK, 'A', "ACK" },
  { SS_TCP_URG, 'U', "URG" },
  { SS_TCP_ECE, 'E', "ECE" },
  { SS_TCP_CWR, 'C', "CWR" },
  { SS_TCP_AE,  'N', "AE" },
};

void
ss_format_tcp_flags (char *buf, size_t size, uint16_t flags)
{
  size_t n = 0;

  if (size == 0)
    return;
  for (size_t i = 0; i < sizeof tcp_flag_names / sizeof tcp_flag_names[0]; i++)
    if ((flags & tcp_flag_names[i].bit) && n + 1 < size)
      buf[n++] = tcp_flag_names[i].letter;
  buf[n] = '\0';
}

void
ss_json_seconds_v (SsJsonLine    *j,
                   const char    *key,
                   const int64_t *ns,
                   size_t         n)
{
  char buf[32];

  put_key (j, key);
  fputc ('[', j->out);
  for (size_t i = 0; i < n; i++)
    {
      ss_format_seconds (buf, sizeof buf, ns[i], 9);
      fprintf (j->out, "%s%s", i > 0 ? "," : "", buf);
    }
  fputc (']', j->out);
}
