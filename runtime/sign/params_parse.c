#include "params.h"

#include <string.h>

#include "pe.h"

/* Decodes one name or value into scratch (emptied first). -1 on a bad escape or a NUL. */
static int decode(struct agw_buf *scratch, const char *s, size_t n)
{
    agw_buf_reset(scratch);
    if (agw_pe_decode(scratch, s, n, 1) != 0) return -1;
    if (memchr(scratch->data, '\0', scratch->len)) return -1;
    return 0;
}

int agw_params_parse_urlencoded(struct agw_params *p, const char *s, size_t n)
{
    size_t n0 = p->n;
    struct agw_buf name, value;
    agw_buf_init(&name, 0);
    agw_buf_init(&value, 0);
    int rc = 0;
    size_t i = 0;
    while (i < n && rc == 0) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t end = amp ? (size_t)(amp - s) : n;
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t name_end = eq ? (size_t)(eq - s) : end;
            size_t value_start = eq ? name_end + 1 : end;
            if (decode(&name, s + i, name_end - i) != 0 ||
                decode(&value, s + value_start, end - value_start) != 0 ||
                agw_params_addn(p, name.data, name.len, value.data, value.len) != 0)
                rc = -1;
        }
        i = end + 1;
    }
    agw_buf_wipe_free(&name);
    agw_buf_wipe_free(&value);
    if (rc != 0) agw_params_truncate(p, n0);
    return rc;
}
