/* agw_wipe_*: the bytes are zeroed in place, the free functions free (ASan and valgrind
 * see a leak or a double free) and NULL is a no-op for each. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wipe.h"

int main(void)
{
    char s[] = "secret-token";
    size_t n = strlen(s);
    agw_wipe_str(s);
    int zero = 1;
    for (size_t i = 0; i < n; i++)
        zero &= s[i] == '\0';
    CHECKF(zero, "every byte of the string is zeroed");
    CHECK(s[n] == '\0');

    agw_wipe_str(NULL);
    agw_wipe_free(NULL);
    agw_wipe_free_n(NULL, 16);

    char *d = malloc(8);
    CHECK(d != NULL);
    if (d) memcpy(d, "abcdefg", 8);
    agw_wipe_free(d);

    unsigned char *b = malloc(4);
    CHECK(b != NULL);
    if (b) memcpy(b, "\0k\0y", 4); /* NULs inside: the length, not strlen, is wiped */
    agw_wipe_free_n(b, 4);
    return check_report();
}
