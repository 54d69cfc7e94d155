#include "v3.h"

#include <string.h>

/* Copies [s, s + n) into dst[size] as a C string, truncated to fit. */
static void copy_part(char *dst, size_t size, const char *s, size_t n)
{
    if (!dst || size == 0) return;
    if (n >= size) n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* If s starts with prefix, returns what follows it, else NULL. */
static const char *after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

static int is_hex_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

/* The exact shape agw_v3_sign produces: "<alg> Credential=<id>,SignedHeaders=<names>,
 * Signature=<hex>", parts in this order, one space, no other spaces. The id and the header
 * list must be non-empty and comma-free; the signature is non-empty lower-case hex. */
int agw_v3_parse_authorization(const char *value, enum agw_v3_alg *alg, char *key_id,
                               size_t key_id_size, char *signed_headers, size_t sh_size,
                               char *signature, size_t sig_size)
{
    if (!value) return -1;
    enum agw_v3_alg a;
    const char *p;
    if ((p = after(value, "ACS3-HMAC-SHA256 ")) != NULL)
        a = AGW_V3_HMAC_SHA256;
    else if ((p = after(value, "ACS3-HMAC-SM3 ")) != NULL)
        a = AGW_V3_HMAC_SM3;
    else
        return -1;

    const char *id = after(p, "Credential=");
    if (!id) return -1;
    const char *id_end = strchr(id, ',');
    if (!id_end || id_end == id || memchr(id, ' ', (size_t)(id_end - id))) return -1;

    const char *sh = after(id_end, ",SignedHeaders=");
    if (!sh) return -1;
    const char *sh_end = strchr(sh, ',');
    if (!sh_end || sh_end == sh || memchr(sh, ' ', (size_t)(sh_end - sh))) return -1;

    const char *sig = after(sh_end, ",Signature=");
    if (!sig) return -1;
    size_t sig_len = strlen(sig);
    if (sig_len == 0 || !is_hex_lower(sig, sig_len)) return -1;

    if (alg) *alg = a;
    copy_part(key_id, key_id_size, id, (size_t)(id_end - id));
    copy_part(signed_headers, sh_size, sh, (size_t)(sh_end - sh));
    copy_part(signature, sig_size, sig, sig_len);
    return 0;
}
