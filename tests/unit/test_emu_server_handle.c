/* One request through agw_emu_handle, without sockets: what the emulator echoes is always
 * UTF-8 (and well-formed XML with Format=XML), and a parameter that is not UTF-8 is refused
 * with InvalidParameter before anything is stored. The checks of well-formedness here are
 * written independently of emulator/model/utf8.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "clock.h"
#include "handle.h"
#include "pe.h"
#include "rpc.h"

static const char seed[] =
    "{\"access_keys\":[{\"id\":\"testid\",\"secret\":\"testsecret\",\"account\":\"a\"}],"
    "\"groups\":[{\"GroupId\":\"927d50c0f2e54b359919923d908bb015\",\"GroupName\":\"group_one\"}],"
    "\"behaviour\":{\"groups_per_region\":0}}";

static struct agw_emu_ctx X;
static struct agw_emu_outcome O;
static int nonce_n;

/* Well-formed UTF-8 by the RFC 3629 table of valid byte sequences. */
static int utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t k;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c <= 0x7F)
            k = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            k = 2;
        else if (c == 0xE0)
            k = 3, lo = 0xA0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            k = 3;
        else if (c == 0xED)
            k = 3, hi = 0x9F;
        else if (c == 0xF0)
            k = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            k = 4;
        else if (c == 0xF4)
            k = 4, hi = 0x8F;
        else
            return 0;
        if (i + k > n) return 0;
        for (size_t j = 1; j < k; j++) {
            unsigned char b = p[i + j];
            if (j == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
        }
        i += k;
    }
    return 1;
}

/* No character XML 1.0 cannot carry: C0 controls other than tab, LF, CR; U+FFFE, U+FFFF. */
static int xml_chars_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') return 0;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) return 0;
    }
    return 1;
}

/* Signs op (name, value, ... NULL) as an RPC GET and handles it; host NULL: no Host. */
static int call(const char *action, const char *format, const char *host, ...)
{
    struct agw_params p;
    agw_params_init(&p);
    va_list ap;
    va_start(ap, host);
    for (const char *k; (k = va_arg(ap, const char *)) != NULL;)
        agw_params_add(&p, k, va_arg(ap, const char *));
    va_end(ap);
    if (format) agw_params_add(&p, "Format", format);
    char ts[21], nonce[32];
    agw_clock_iso8601(agw_clock_now(), ts);
    snprintf(nonce, sizeof nonce, "nonce-%d", ++nonce_n);
    struct agw_rpc_request rr = {.method = "GET",
                                 .action = action,
                                 .version = "2016-07-14",
                                 .format = format,
                                 .timestamp = ts,
                                 .nonce = nonce,
                                 .access_key_id = "testid",
                                 .access_key_secret = "testsecret"};
    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    CHECK(agw_rpc_sign_request(&rr, &p, &out) == 0);
    agw_rpc_output_free(&out);
    struct agw_buf uri;
    agw_buf_init(&uri, 0);
    agw_buf_appends(&uri, "/?");
    for (size_t i = 0; i < p.n; i++) {
        if (i) agw_buf_appendc(&uri, '&');
        agw_pe_appends(&uri, p.v[i].name);
        agw_buf_appendc(&uri, '=');
        agw_pe_appends(&uri, p.v[i].value);
    }
    struct agw_params h;
    agw_params_init(&h);
    if (host) agw_params_add(&h, "Host", host);
    struct agw_emu_request rq = {.method = "GET", .raw_uri = agw_buf_str(&uri), .headers = &h};
    agw_emu_outcome_free(&O);
    agw_emu_outcome_init(&O);
    agw_emu_handle(&X, &rq, &O);
    agw_buf_free(&uri);
    agw_params_free(&h);
    agw_params_free(&p);
    const char *body = agw_buf_str(&O.body);
    CHECKF(utf8_ok(body, O.body.len), "%s: the answer is UTF-8: %s", action, body);
    if (format) CHECKF(xml_chars_ok(body), "%s: only XML characters: %s", action, body);
    return O.status;
}

static const char *body(void)
{
    return agw_buf_str(&O.body);
}

static long group_count(void)
{
    call("DescribeApiGroups", NULL, NULL, NULL);
    cJSON *j = cJSON_Parse(body());
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "TotalCount");
    long n = cJSON_IsNumber(t) ? (long)t->valuedouble : -1;
    cJSON_Delete(j);
    return n;
}

static void test_invalid_utf8_refused(void)
{
    long before = group_count();
    static const char *const bad[] = {
        "ab\xff\xfe",         /* not UTF-8 at all */
        "ab\xc0\xaf",         /* overlong '/' */
        "ab\xed\xa0\x80",     /* a surrogate */
        "ab\xf4\x90\x80\x80", /* above U+10FFFF */
        "ab\xe4\xbe",         /* cut short */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(call("CreateApiGroup", NULL, NULL, "GroupName", bad[i], NULL) == 400);
        CHECK_STR(O.code, "InvalidParameter");
        CHECK_HAS(body(), "The specified parameter \\\"GroupName\\\" is not valid UTF-8.");
        CHECK(call("CreateApiGroup", "XML", NULL, "GroupName", "group_x", "Description", bad[i],
                   NULL) == 400);
        CHECK_HAS(body(), "<Code>InvalidParameter</Code>");
    }
    CHECK(call("CreateApiGroup", NULL, NULL, "GroupName", "group_y", "\xff\xfe", "1", NULL) == 400);
    CHECK_HAS(body(), "The name of a parameter is not valid UTF-8.");
    CHECK(group_count() == before);
    /* well-formed multi-byte text is fine */
    CHECK(call("CreateApiGroup", NULL, NULL, "GroupName", "gr\xc3\xa9up_\xe4\xbe\x8b",
               "Description", "\xf0\x9f\x98\x80", NULL) == 200);
    CHECK(group_count() == before + 1);
}

static void test_echoes_repaired(void)
{
    /* the Host header is echoed as HostId with its odd bytes percent-encoded */
    CHECK(call("DescribeApiGroup", NULL, "api\xff\xfe<x>\x01:8080", "GroupId", "nope", NULL) ==
          400);
    CHECK_HAS(body(), "\"HostId\":\"api%FF%FE<x>%01\"");
    CHECK(call("DescribeApiGroup", "XML", "api\xff<x>", "GroupId", "nope", NULL) == 400);
    CHECK_HAS(body(), "<HostId>api%FF&lt;x&gt;</HostId>");

    /* control characters: escaped in JSON, replaced in XML (which cannot carry them) */
    CHECK(call("CreateApiGroup", "XML", NULL, "GroupName", "group_ctl", "Description",
               "a\x01"
               "b\rc\td",
               NULL) == 200);
    CHECK_HAS(body(), "<Description>a\xef\xbf\xbd"
                      "b&#13;c\td</Description>");
    CHECK(call("CreateApiGroup", NULL, NULL, "GroupName", "group_ctl2", "Description", "a\x01z",
               NULL) == 200);
    CHECK_HAS(body(), "\"Description\":\"a\\u0001z\"");
    CHECK(call("CreateApiGroup", "XML", NULL, "GroupName", "bad\x02name", NULL) == 400);
    CHECK_STR(O.code, "InvalidGroupName");
    CHECK_HAS(body(), "bad\xef\xbf\xbdname");

    /* a message that cuts a value to a length does not leave half a character */
    char name[200] = "a";
    for (int i = 0; i < 60; i++)
        strcat(name, "\xc3\xa9");
    CHECK(call("CreateApiGroup", NULL, NULL, "GroupName", name, NULL) == 400);
    CHECK_STR(O.code, "InvalidGroupName");
}

int main(void)
{
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_emu_model_open(&X.model, seed, strlen(seed), NULL, NULL, &err) != 0) {
        fprintf(stderr, "model: %s\n", err.message);
        return 1;
    }
    pthread_mutex_init(&X.model_mu, NULL);
    X.nonces = agw_emu_nonce_new(0, 0);
    CHECK(agw_emu_faults_parse(NULL, 0, &X.faults, &err) == 0);
    snprintf(X.region, sizeof X.region, "cn-hangzhou");
    agw_emu_outcome_init(&O);
    test_invalid_utf8_refused();
    test_echoes_repaired();
    agw_emu_outcome_free(&O);
    agw_emu_faults_free(X.faults);
    agw_emu_nonce_free(X.nonces);
    pthread_mutex_destroy(&X.model_mu);
    agw_emu_model_free(X.model);
    return check_report();
}
