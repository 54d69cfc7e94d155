/* The server-side checks of emulator/server/verify.c without sockets: the timestamp's form
 * and the RPC SignatureDoesNotMatch message, whose server string to sign shows every secret
 * parameter (by exact name) as ***. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "clock.h"
#include "rpc.h"
#include "verify.h"

#define TOKEN "CAIS+real/token=value"
#define NOW 1704067200 /* 2024-01-01T00:00:00Z */

static const struct agw_emu_key sts = {
    .id = "STS.key", .secret = "stsSecret", .security_token = TOKEN, .account = "a"};

static const struct agw_emu_key *lookup(void *ctx, const char *id)
{
    (void)ctx;
    return strcmp(id, sts.id) == 0 ? &sts : NULL;
}

/* Signs params as an RPC client would (optionally corrupting the signature) and verifies. */
static int verify(struct agw_params *p, const char *ts, int corrupt, struct agw_emu_auth *a)
{
    struct agw_rpc_request rr = {.method = "POST",
                                 .action = "SetDomainCertificate",
                                 .version = "2016-07-14",
                                 .timestamp = ts,
                                 .nonce = "n1",
                                 .access_key_id = sts.id,
                                 .access_key_secret = sts.secret,
                                 .security_token = TOKEN};
    struct agw_rpc_output out;
    agw_rpc_output_init(&out);
    CHECK(agw_rpc_sign_request(&rr, p, &out) == 0);
    agw_rpc_output_free(&out);
    if (corrupt) agw_params_set(p, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    struct agw_params none;
    agw_params_init(&none);
    struct agw_emu_wire w = {
        .method = "POST", .query = p, .params = p, .headers = &none, .now = NOW};
    memset(a, 0, sizeof *a);
    agw_buf_init(&a->message, 0);
    return agw_emu_verify(&w, lookup, NULL, a);
}

static void test_mismatch_masks_by_name(void)
{
    struct agw_params p;
    agw_params_init(&p);
    /* sorts before SecurityToken, and its encoded name ends with SecurityToken%3D */
    agw_params_add(&p, "MySecurityToken", "visible-value");
    agw_params_add(&p, "GroupId", "g");
    agw_params_add(&p, "CertificatePrivateKey", "PRIVATEKEYBYTES");
    struct agw_emu_auth a;
    CHECK(verify(&p, "2024-01-01T00:00:00Z", 0, &a) == 0);
    agw_buf_free(&a.message);
    CHECK(verify(&p, "2024-01-01T00:00:00Z", 1, &a) == -1);
    const char *m = agw_buf_str(&a.message);
    CHECK_STR(a.code, "SignatureDoesNotMatch");
    CHECK_HAS(m, "server string to sign is:POST&%2F&");
    CHECKF(!strstr(m, "CAIS") && !strstr(m, "real") && !strstr(m, "PRIVATEKEYBYTES"),
           "no secret in %s", m);
    CHECK_HAS(m, "%26SecurityToken%3D%252A%252A%252A%26");
    CHECK_HAS(m, "CertificatePrivateKey%3D%252A%252A%252A%26");
    CHECK_HAS(m, "MySecurityToken%3Dvisible-value%26");
    agw_buf_free(&a.message);
    agw_params_free(&p);
}

static void test_timestamps(void)
{
    static const struct {
        const char *ts;
        const char *code; /* NULL: accepted */
    } cases[] = {
        {"2024-01-01T00:00:00Z", NULL},
        {"2023-12-31T23:59:59Z", NULL},
        {"2024-01-01T00:00:60Z", "InvalidTimeStamp.Format"}, /* no leap second in UTC text */
        {"2023-12-31T23:59:60Z", "InvalidTimeStamp.Format"},
        {"2024-01-01T00:60:00Z", "InvalidTimeStamp.Format"},
        {"2024-01-01T24:00:00Z", "InvalidTimeStamp.Format"},
        {"2024-02-30T00:00:00Z", "InvalidTimeStamp.Format"},
        {"2024-01-01T00:00:00.000Z", "InvalidTimeStamp.Format"},
        {"2024-01-01T00:16:00Z", "InvalidTimeStamp.Expired"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct agw_params p;
        agw_params_init(&p);
        agw_params_add(&p, "GroupId", "g");
        struct agw_emu_auth a;
        int rc = verify(&p, cases[i].ts, 0, &a);
        if (cases[i].code)
            CHECKF(rc == -1 && strcmp(a.code, cases[i].code) == 0, "%s: %s", cases[i].ts, a.code);
        else
            CHECKF(rc == 0, "%s accepted: %s %s", cases[i].ts, a.code, agw_buf_str(&a.message));
        agw_buf_free(&a.message);
        agw_params_free(&p);
    }
    time_t t;
    CHECK(agw_clock_parse_iso8601("2016-12-31T23:58:60Z", &t) == -1);
    CHECK(agw_clock_parse_iso8601("2016-12-31T23:59:59Z", &t) == 0 && t == 1483228799);
}

int main(void)
{
    test_mismatch_masks_by_name();
    test_timestamps();
    return check_report();
}
