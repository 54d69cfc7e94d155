#include "wipe.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void agw_wipe_str(char *s)
{
    if (s) OPENSSL_cleanse(s, strlen(s));
}

void agw_wipe_free(char *s)
{
    if (!s) return;
    OPENSSL_cleanse(s, strlen(s));
    free(s);
}

void agw_wipe_free_n(void *p, size_t n)
{
    if (!p) return;
    OPENSSL_cleanse(p, n);
    free(p);
}
