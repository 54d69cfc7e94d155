/* Replays every SDK-captured SetDomain request of signing-vectors.json (docs/signing.md 8.4) byte
 * for byte against the emulator, with its clock frozen at the vector's timestamp and a seed holding
 * the vector's keys, group and DNS: the signature checks must pass. Then the same bytes again:
 * the nonce is now used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "clock.h"
#include "server.h"
#include "test_emu_server_client.h"

#define HOST "apigateway.cn-hangzhou.aliyuncs.com"

static const char seed[] =
    "{\"access_keys\":["
    "{\"id\":\"testid\",\"secret\":\"testsecret\",\"account\":\"a\"},"
    "{\"id\":\"LTAI5tExampleKeyId\",\"secret\":\"ExampleSecret/+=&*~ key\",\"account\":\"a\"},"
    "{\"id\":\"STS.NUgYrLnoC37mZZCNnAbez2yf\",\"secret\":\"stsSecret\","
    "\"security_token\":\"CAIS+token/with+plus=and&amp~tilde*star\",\"account\":\"a\"}],"
    "\"groups\":[{\"GroupId\":\"927d50c0f2e54b359919923d908bb015\",\"GroupName\":\"demo_group\","
    "\"account\":\"a\"}],"
    "\"dns\":{\"api.demo.com\":{\"cname\":"
    "\"927d50c0f2e54b359919923d908bb015-cn-hangzhou.alicloudapi.com\"}},"
    "\"icp_filed\":[\"demo.com\"]}";

/* Codes that mean the gateway refused the request before the API ran. */
static int auth_error(const char *code)
{
    static const char *const codes[] = {"SignatureDoesNotMatch",       "IncompleteSignature",
                                        "InvalidTimeStamp.Expired",    "InvalidTimeStamp.Format",
                                        "InvalidAccessKeyId.NotFound", "SignatureNonceUsed",
                                        "MissingSecurityToken",        "InvalidParameter",
                                        "InvalidSignatureMethod",      "InvalidApi.NotFound"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0) return 1;
    return strncmp(code, "InvalidSecurityToken", 20) == 0 || strncmp(code, "Missing", 7) == 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void send_capture(CURL *h, const char *base, const cJSON *wire, struct tc_resp *r)
{
    const cJSON *hdrs = cJSON_GetObjectItemCaseSensitive(wire, "headers");
    struct curl_slist *sl = NULL;
    int chunked = 0, has_accept = 0, has_ct = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, hdrs)
    {
        const char *n = it->string;
        if (strcasecmp(n, "transfer-encoding") == 0) chunked = 1;
        if (strcasecmp(n, "connection") == 0 || strcasecmp(n, "content-length") == 0) continue;
        has_accept |= strcasecmp(n, "accept") == 0;
        has_ct |= strcasecmp(n, "content-type") == 0;
        char line[2048];
        snprintf(line, sizeof line, "%s: %s", n, it->valuestring);
        sl = curl_slist_append(sl, line);
    }
    if (!has_accept) sl = curl_slist_append(sl, "Accept:");
    if (!has_ct) sl = curl_slist_append(sl, "Content-Type:");
    sl = curl_slist_append(sl, "Expect:");
    char url[4096];
    snprintf(url, sizeof url, "%s%s", base, str(wire, "url"));
    const char *body = str(wire, "body");
    tc_send_raw(h, str(wire, "method"), url, sl, body, body ? strlen(body) : 0, chunked, r);
    curl_slist_free_all(sl);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s signing-vectors.json\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *vectors = cJSON_Parse(text);
    if (!cJSON_IsArray(vectors)) {
        fprintf(stderr, "cannot parse %s\n", argv[1]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    int replayed = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors)
    {
        const cJSON *wire = cJSON_GetObjectItemCaseSensitive(v, "wire_capture");
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
        const char *name = str(v, "name");
        if (!wire || !in || !str(in, "host") || strcmp(str(in, "host"), HOST) != 0) continue;
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(in, "query");
        const cJSON *bp = cJSON_GetObjectItemCaseSensitive(in, "body_params");
        const cJSON *wh = cJSON_GetObjectItemCaseSensitive(wire, "headers");
        const char *action = str(wh, "x-acs-action");
        if (!action) action = str(q, "Action");
        if (!action) action = str(bp, "Action");
        if (!action || strcmp(action, "SetDomain") != 0) continue;
        const char *ts = str(in, "timestamp");
        if (!ts) ts = str(q, "Timestamp");
        if (!ts) ts = str(bp, "Timestamp");
        time_t t = 0;
        if (!ts || agw_clock_parse_iso8601(ts, &t) != 0) {
            CHECK(0, "%s: no timestamp", name);
            continue;
        }

        struct agw_emu_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.seed_json = seed;
        cfg.seed_len = strlen(seed);
        cfg.fixed_clock = (int64_t)t;
        struct agw_emu_server *s = NULL;
        struct agw_err err;
        agw_err_clear(&err);
        if (agw_emu_server_start(&cfg, &s, &err) != 0) {
            fprintf(stderr, "start: %s\n", err.message);
            return 1;
        }
        struct tc_resp r;
        tc_resp_init(&r);
        send_capture(h, agw_emu_server_url(s), wire, &r);
        CHECK(r.cc == CURLE_OK && r.status > 0, "%s: no answer (%d)", name, (int)r.cc);
        CHECK(!auth_error(r.code), "%s: refused by the gateway checks: %ld %s", name, r.status,
              agw_buf_str(&r.body));
        /* the plain ones bind api.demo.com to the seeded group: a full success */
        const char *gid = str(q, "GroupId") ? str(q, "GroupId") : str(bp, "GroupId");
        const char *dom = str(q, "DomainName") ? str(q, "DomainName") : str(bp, "DomainName");
        if (gid && dom && strcmp(gid, "927d50c0f2e54b359919923d908bb015") == 0 &&
            strcmp(dom, "api.demo.com") == 0)
            CHECK(r.status == 200, "%s: %ld %s", name, r.status, agw_buf_str(&r.body));
        printf("%-40s %ld %s\n", name, r.status, r.code[0] ? r.code : "(ok)");
        tc_resp_free(&r);

        tc_resp_init(&r);
        send_capture(h, agw_emu_server_url(s), wire, &r);
        CHECK(r.status == 400 && strcmp(r.code, "SignatureNonceUsed") == 0, "%s replayed: %ld %s",
              name, r.status, agw_buf_str(&r.body));
        tc_resp_free(&r);
        agw_emu_server_stop(s);
        replayed++;
    }
    CHECK(replayed >= 12, "replayed %d captured requests", replayed);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    cJSON_Delete(vectors);
    if (tc_failures)
        fprintf(stderr, "%d check(s) failed\n", tc_failures);
    else
        printf("ok: %d captured requests replayed\n", replayed);
    return tc_failures ? 1 : 0;
}
