/* Which host names a certificate's DNS name covers (runtime/cert/names.c). Label unit. */
#include <string.h>

#include "check.h"
#include "names.h"

int main(void)
{
    static const struct {
        const char *pattern, *host;
        int covers;
    } cases[] = {
        {"api.example.com", "api.example.com", 1},
        {"API.Example.com", "api.EXAMPLE.com", 1},
        {"api.example.com.", "api.example.com", 1}, /* a trailing dot on the certificate */
        {"api.example.com", "www.example.com", 0},
        {"example.com", "api.example.com", 0},
        {"*.example.com", "api.example.com", 1},
        {"*.example.com", "API.example.COM", 1},
        {"*.example.com", "example.com", 0},     /* one label, not none */
        {"*.example.com", "a.b.example.com", 0}, /* one label, not two */
        {"*.example.com", "*.example.com", 1},   /* a wildcard domain: the same wildcard */
        {"*.example.com", "*.b.example.com", 0},
        {"*.b.example.com", "*.example.com", 0},
        {"api.example.com", "*.example.com", 0},
        {"*.com", "example.com", 0},             /* never a single-label suffix */
        {"a*.example.com", "ab.example.com", 0}, /* only a whole label */
        {"*a.example.com", "ba.example.com", 0},
        {"a.*.example.com", "a.b.example.com", 0}, /* only the left-most label */
        {"*.*.example.com", "a.b.example.com", 0},
        {"*", "localhost", 0},
        {"", "", 0},
        {"*.example.com", ".example.com", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = agw_cert_name_covers(cases[i].pattern, strlen(cases[i].pattern), cases[i].host);
        CHECKF(got == cases[i].covers, "'%s' covers '%s': want %d, got %d", cases[i].pattern,
               cases[i].host, cases[i].covers, got);
    }
    /* a name with a NUL inside ("api.example.com\0.evil.com") covers nothing */
    CHECK(!agw_cert_name_covers("api.example.com\0.evil.com", 25, "api.example.com"));
    return check_report();
}
