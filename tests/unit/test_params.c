/* The parameter list: ownership, lookups, the raw-name stable sort both schemes sign in,
 * and the urlencoded parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "params.h"
#include "rpc.h"

/* "name=value" entries joined by '|', for compact comparisons. */
static const char *dump(const struct agw_params *p)
{
    static char s[4096];
    size_t k = 0;
    s[0] = '\0';
    for (size_t i = 0; i < p->n; i++)
        k += (size_t)snprintf(s + k, sizeof s - k, "%s%s=%s", i ? "|" : "", p->v[i].name,
                              p->v[i].value);
    return s;
}

static void test_basics(void)
{
    struct agw_params p;
    agw_params_init(&p);
    CHECK(p.n == 0 && agw_params_get(&p, "a") == NULL);
    CHECK(agw_params_add(&p, "b", "2") == 0);
    CHECK(agw_params_add(&p, "a", "1") == 0);
    CHECK(agw_params_add(&p, "a", "again") == 0);
    CHECK(agw_params_add(&p, "empty", NULL) == 0); /* NULL value means "" */
    CHECK(agw_params_add(&p, NULL, "x") == -1);
    CHECK(agw_params_addn(&p, "cut-here", 3, "value-cut", 5) == 0);
    CHECK_STR(dump(&p), "b=2|a=1|a=again|empty=|cut=value");
    CHECK_STR(agw_params_get(&p, "a"), "1");
    CHECK(agw_params_get(&p, "A") == NULL);
    CHECK(agw_params_set(&p, "a", "one") == 0); /* first match only */
    CHECK(agw_params_set(&p, "new", "n") == 0); /* appends */
    CHECK_STR(dump(&p), "b=2|a=one|a=again|empty=|cut=value|new=n");

    struct agw_params h;
    agw_params_init(&h);
    CHECK(agw_params_add(&h, "Content-Type", "text/plain") == 0);
    CHECK(agw_params_add(&h, "x-acs-date", "d") == 0);
    CHECK_STR(agw_params_get_ci(&h, "content-type"), "text/plain");
    CHECK_STR(agw_params_get_ci(&h, "X-ACS-DATE"), "d");
    CHECK(agw_params_get_ci(&h, "content-typ") == NULL);
    CHECK(agw_params_get_ci(&h, "content-type-x") == NULL);

    CHECK(agw_params_remove(&p, "a") == 2);
    CHECK(agw_params_remove(&p, "zzz") == 0);
    CHECK_STR(dump(&p), "b=2|empty=|cut=value|new=n");

    CHECK(agw_params_extend(&p, &h) == 0);
    CHECK(agw_params_extend(&p, &p) == 0); /* self-extend copies what was there */
    CHECK(p.n == 12);
    agw_params_truncate(&p, 2);
    CHECK_STR(dump(&p), "b=2|empty=");
    agw_params_truncate(&p, 10); /* no-op */
    CHECK(p.n == 2);

    /* Many entries (growth), then free; free leaves it reusable; free(NULL) is fine. */
    for (int i = 0; i < 1000; i++) {
        char name[16];
        snprintf(name, sizeof name, "k%d", i);
        CHECK(agw_params_add(&p, name, "v") == 0);
    }
    CHECK(p.n == 1002);
    agw_params_free(&p);
    CHECK(p.n == 0 && p.v == NULL);
    CHECK(agw_params_add(&p, "again", "ok") == 0);
    agw_params_free(&p);
    agw_params_free(&h);
    agw_params_free(NULL);
}

static void test_sort(void)
{
    struct agw_params p;
    agw_params_init(&p);
    /* docs/signing.md 1.3: raw-name order is a-, a/, az, aé; sorting the encoded names
     * (a-, a%2F, a%C3%A9, az) would give a different signature. */
    CHECK(agw_params_add(&p, "az", "3") == 0);
    CHECK(agw_params_add(&p, "a\xc3\xa9", "4") == 0);
    CHECK(agw_params_add(&p, "a/", "2") == 0);
    CHECK(agw_params_add(&p, "a-", "1") == 0);
    struct agw_params copy;
    agw_params_init(&copy);
    CHECK(agw_params_extend(&copy, &p) == 0);
    agw_params_sort(&p);
    CHECK_STR(dump(&p), "a-=1|a/=2|az=3|a\xc3\xa9=4");

    /* The canonical query sorts the same way, on its own copy (input untouched). */
    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    CHECK(agw_rpc_sign("GET", &copy, "s", &out) == 0);
    CHECK_STR(agw_buf_str(&out.canonical_query), "a-=1&a%2F=2&az=3&a%C3%A9=4");
    CHECK_STR(dump(&copy), "az=3|a\xc3\xa9=4|a/=2|a-=1");
    agw_rpc_output_free(&out);
    agw_params_free(&copy);
    agw_params_free(&p);

    /* Upper case before lower case: SignName < SignatureMethod; prefixes first. */
    CHECK(agw_params_add(&p, "SignatureMethod", "") == 0);
    CHECK(agw_params_add(&p, "Signature", "") == 0);
    CHECK(agw_params_add(&p, "SignName", "") == 0);
    CHECK(agw_params_add(&p, "signName", "") == 0);
    agw_params_sort(&p);
    CHECK_STR(dump(&p), "SignName=|Signature=|SignatureMethod=|signName=");
    agw_params_free(&p);

    /* Stable: repeated names keep their insertion order. */
    CHECK(agw_params_add(&p, "b", "1") == 0);
    CHECK(agw_params_add(&p, "a", "x") == 0);
    CHECK(agw_params_add(&p, "b", "2") == 0);
    CHECK(agw_params_add(&p, "b", "0") == 0);
    agw_params_sort(&p);
    CHECK_STR(dump(&p), "a=x|b=1|b=2|b=0");
    agw_params_free(&p);

    /* Large enough for the merge path: sorted and stable (value = insertion index). */
    unsigned seed = 12345;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245u + 12345u;
        char name[16], value[16];
        snprintf(name, sizeof name, "n%u", (seed >> 16) % 300);
        snprintf(value, sizeof value, "%d", i);
        CHECK(agw_params_add(&p, name, value) == 0);
    }
    agw_params_sort(&p);
    int sorted = 1, stable = 1;
    for (size_t i = 1; i < p.n; i++) {
        int c = strcmp(p.v[i - 1].name, p.v[i].name);
        if (c > 0) sorted = 0;
        if (c == 0 && atoi(p.v[i - 1].value) > atoi(p.v[i].value)) stable = 0;
    }
    CHECK(p.n == 5000 && sorted && stable);
    agw_params_free(&p);
}

static void check_parse(const char *in, const char *want)
{
    struct agw_params p;
    agw_params_init(&p);
    int rc = agw_params_parse_urlencoded(&p, in, strlen(in));
    if (rc != 0 || strcmp(dump(&p), want) != 0) {
        printf("FAIL parse(\"%s\"): want \"%s\", got rc %d \"%s\"\n", in, want, rc, dump(&p));
        failures++;
    }
    agw_params_free(&p);
}

static void check_parse_error(const char *in)
{
    struct agw_params p;
    agw_params_init(&p);
    CHECK(agw_params_add(&p, "pre", "existing") == 0);
    int rc = agw_params_parse_urlencoded(&p, in, strlen(in));
    /* Fails, and leaves the list as it was. */
    if (rc != -1 || strcmp(dump(&p), "pre=existing") != 0) {
        printf("FAIL parse(\"%s\") should fail and change nothing: rc %d \"%s\"\n", in, rc,
               dump(&p));
        failures++;
    }
    agw_params_free(&p);
}

static void test_parse(void)
{
    check_parse("a=1&b=x%20y", "a=1|b=x y");
    check_parse("c=d+e&f=%2B", "c=d e|f=+");
    check_parse("", "");
    check_parse("&&a=1&&", "a=1");
    check_parse("a", "a=");
    check_parse("a=", "a=");
    check_parse("=v", "=v");
    check_parse("a=b=c", "a=b=c");
    check_parse("%41%3d=%42%26", "A==B&");
    check_parse("x=1&x=2", "x=1|x=2");
    check_parse("DomainName=b%C3%BCcher.%E4%BE%8B%E5%AD%90.com&BindStageName=a%20b*c~d",
                "DomainName=b\xc3\xbc"
                "cher.\xe4\xbe\x8b\xe5\xad\x90.com|BindStageName=a b*c~d");

    /* Only n bytes are read. */
    {
        struct agw_params p;
        agw_params_init(&p);
        CHECK(agw_params_parse_urlencoded(&p, "a=1&b=2", 3) == 0);
        CHECK_STR(dump(&p), "a=1");
        /* Appends to what is there. */
        CHECK(agw_params_parse_urlencoded(&p, "b=2", 3) == 0);
        CHECK_STR(dump(&p), "a=1|b=2");
        agw_params_free(&p);
    }

    check_parse_error("a=%G1");
    check_parse_error("a=%2");
    check_parse_error("%zz=1");
    check_parse_error("ok=1&b=%");
    check_parse_error("ok=1&bad%=1&c=3");
    check_parse_error("a=%00"); /* would be cut at the NUL */
}

int main(void)
{
    test_basics();
    test_sort();
    test_parse();
    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
