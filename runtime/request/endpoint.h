#ifndef AGW_ENDPOINT_H
#define AGW_ENDPOINT_H

#include "err.h"

/* Where requests go: parsed from "host", "host:port", "https://host[:port][/]" or
 * "http://host[:port][/]" (the scheme in any case). host is a name (letters, digits, '.',
 * '-', '_'), an IPv4 address or a bracketed IPv6 address; port is 1 to 65535. The one
 * parser of --endpoint, apigw.client{endpoint=} and APIGW_ENDPOINT. */
struct agw_endpoint {
    char scheme[8]; /* "https" or "http" */
    char host[256]; /* host[:port], exactly as sent in the Host header */
};

/* Returns 0, or -1 with err (kind AGW_ERR_CONFIG, code "InvalidEndpoint", a message that
 * quotes text and names what is wrong). out is written only on success. */
int agw_endpoint_parse(const char *text, struct agw_endpoint *out, struct agw_err *err);

#endif
