#include "names.h"

#include <string.h>
#include <strings.h>

int agw_cert_name_covers(const char *pattern, size_t plen, const char *host)
{
    if (plen && pattern[plen - 1] == '.') plen--;
    if (plen == 0 || memchr(pattern, '\0', plen)) return 0;
    size_t hlen = strlen(host);
    if (plen == hlen && strncasecmp(pattern, host, plen) == 0) return 1;
    if (plen < 2 || pattern[0] != '*' || pattern[1] != '.') return 0;
    /* the suffix after "*." must itself have two labels, and no other wildcard */
    const char *suffix = pattern + 2;
    size_t slen = plen - 2;
    if (!memchr(suffix, '.', slen) || memchr(suffix, '*', slen)) return 0;
    if (host[0] == '*') return 0; /* a wildcard host needs the same wildcard: matched above */
    const char *dot = strchr(host, '.');
    if (!dot || dot == host) return 0;
    return strlen(dot + 1) == slen && strncasecmp(dot + 1, suffix, slen) == 0;
}
