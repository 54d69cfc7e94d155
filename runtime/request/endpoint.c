#include "endpoint.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fail(struct agw_err *err, const char *text, const char *why, const char *what)
{
    agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint", "endpoint '%.200s': %s%.200s%s", text, why,
                what ? what : "", what ? "'" : "");
    return -1;
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

/* "'c'" for a printable character, "byte 0xNN" for another (never echoed raw) */
static int bad_char(struct agw_err *err, const char *text, const char *where, unsigned char c)
{
    if (c >= 0x20 && c < 0x7f)
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint",
                    "endpoint '%.200s': %s cannot hold character '%c'", text, where, c);
    else
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint",
                    "endpoint '%.200s': %s cannot hold byte 0x%02x", text, where, c);
    return -1;
}

static int ipv6_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
           c == '.';
}

/* port: decimal 1..65535, nothing else. libcurl refuses the rest only when the request is
 * sent, as "URL using bad/illegal format", and takes an empty port as the default one. */
static int check_port(const char *text, const char *p, size_t n, struct agw_err *err)
{
    char shown[64];
    snprintf(shown, sizeof shown, "%.*s", (int)(n < 40 ? n : 40), p);
    if (n == 0) return fail(err, text, "no port after ':' (give 1 to 65535, or no ':')", NULL);
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9' || v > 65535) {
            v = -1;
            break;
        }
        v = v * 10 + (p[i] - '0');
    }
    if (v < 1 || v > 65535)
        return fail(err, text, "the port must be a number from 1 to 65535, got port '", shown);
    return 0;
}

int agw_endpoint_parse(const char *text, struct agw_endpoint *out, struct agw_err *err)
{
    if (!text || !*text) {
        agw_err_set(err, AGW_ERR_CONFIG, "InvalidEndpoint", "the endpoint is empty");
        return -1;
    }
    const char *p = text;
    const char *scheme = "https";
    if (strncasecmp(p, "https://", 8) == 0) {
        p += 8;
    } else if (strncasecmp(p, "http://", 7) == 0) {
        scheme = "http";
        p += 7;
    } else if (strstr(p, "://")) {
        return fail(err, text, "only http:// and https:// are supported", NULL);
    }
    /* the authority ends at the first '/', '?' or '#'; only a lone trailing '/' may follow */
    size_t n = strcspn(p, "/?#");
    if (p[n] == '?' || p[n] == '#' || (p[n] == '/' && p[n + 1] != '\0'))
        return fail(err, text, "a path or query is not allowed (CloudAPI is served at /)", NULL);
    if (n >= sizeof out->host) return fail(err, text, "the host is too long", NULL);

    size_t hlen; /* the host part, brackets included */
    if (p[0] == '[') {
        const char *close = memchr(p, ']', n);
        if (!close) return fail(err, text, "an IPv6 address needs its closing ']'", NULL);
        hlen = (size_t)(close - p) + 1;
        if (hlen == 2) return fail(err, text, "no host", NULL);
        for (size_t i = 1; i + 1 < hlen; i++) {
            if (!ipv6_char(p[i]))
                return bad_char(err, text, "an IPv6 address", (unsigned char)p[i]);
        }
        if (hlen < n && p[hlen] != ':')
            return fail(err, text, "only ':PORT' may come after ']'", NULL);
    } else {
        hlen = strcspn(p, ":/?#");
        if (hlen > n) hlen = n;
        if (hlen == 0) return fail(err, text, "no host", NULL);
        for (size_t i = 0; i < hlen; i++) {
            if (!name_char(p[i])) return bad_char(err, text, "a host", (unsigned char)p[i]);
        }
    }
    if (hlen < n && check_port(text, p + hlen + 1, n - hlen - 1, err) != 0) return -1;
    snprintf(out->scheme, sizeof out->scheme, "%s", scheme);
    memcpy(out->host, p, n);
    out->host[n] = '\0';
    return 0;
}
