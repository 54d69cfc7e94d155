/* The emulator's HTTP front, in process on 127.0.0.1 port 0: both signature schemes, GET and
 * POST (query and form body), STS, the gateway's rejections, XML, faults, stats, the log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "server.h"
#include "test_emu_server_client.h"

#define GID "927d50c0f2e54b359919923d908bb015"
#define TOKEN "CAIS+tok/en=with&odd~chars*"

static const char seed[] =
    "{\"access_keys\":["
    "{\"id\":\"testid\",\"secret\":\"testsecret\",\"account\":\"acct\"},"
    "{\"id\":\"STS.testsid\",\"secret\":\"stsSecret\",\"security_token\":\"" TOKEN "\","
    "\"account\":\"acct\"}],"
    "\"groups\":[{\"GroupId\":\"" GID "\",\"GroupName\":\"group_one\",\"region\":\"cn-hangzhou\","
    "\"account\":\"acct\"}],"
    "\"dns\":{\"*.demo.com\":{\"cname\":\"" GID "-cn-hangzhou.alicloudapi.com\"}},"
    "\"icp_filed\":[\"demo.com\"],"
    "\"behaviour\":{\"domains_per_group\":0}}";

static struct agw_emu_server *start(const char *faults, uint64_t fseed, const char *log)
{
    struct agw_emu_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.seed_json = seed;
    cfg.seed_len = strlen(seed);
    cfg.fault_spec = faults;
    cfg.fault_seed = fseed;
    cfg.log_path = log;
    struct agw_emu_server *s = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_emu_server_start(&cfg, &s, &err) != 0) {
        fprintf(stderr, "server start failed: %s: %s\n", err.code, err.message);
        exit(1);
    }
    return s;
}

static struct agw_params op_params(const char *domain)
{
    struct agw_params p;
    agw_params_init(&p);
    agw_params_add(&p, "GroupId", GID);
    agw_params_add(&p, "DomainName", domain);
    return p;
}

/* One call with defaults: V3, POST, key testid. */
static struct tc_call base_call(struct agw_emu_server *s, const struct agw_params *op)
{
    struct tc_call c;
    memset(&c, 0, sizeof c);
    c.base = agw_emu_server_url(s);
    c.method = "POST";
    c.scheme = TC_V3;
    c.key_id = "testid";
    c.secret = "testsecret";
    c.op = op;
    return c;
}

static void expect(CURL *h, const struct tc_call *c, long status, const char *code,
                   const char *what)
{
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send(h, c, &r);
    CHECK(r.cc == CURLE_OK, "%s: curl %d", what, (int)r.cc);
    CHECK(r.status == status, "%s: status %ld, want %ld: %s", what, r.status, status,
          agw_buf_str(&r.body));
    CHECK(strcmp(r.code, code ? code : "") == 0, "%s: code '%s', want '%s'", what, r.code,
          code ? code : "");
    tc_resp_free(&r);
}

static void test_success_shapes(struct agw_emu_server *s, CURL *h)
{
    struct agw_params op = op_params("api.demo.com");
    struct tc_call c = base_call(s, &op);
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    CHECK(r.status == 200, "V3 POST query: %ld %s", r.status, agw_buf_str(&r.body));
    CHECK(strcmp(r.ctype, "application/json;charset=utf-8") == 0, "ctype %s", r.ctype);
    CHECK(strncmp(agw_buf_str(&r.body), "{\"RequestId\":\"", 14) == 0, "RequestId first: %s",
          agw_buf_str(&r.body));
    cJSON *j = cJSON_Parse(agw_buf_str(&r.body));
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(j, "RequestId");
    CHECK(cJSON_IsString(rid) && strlen(rid->valuestring) == 36 &&
              strcmp(rid->valuestring, r.request_id) == 0,
          "RequestId is a UUID echoed in x-acs-request-id");
    const cJSON *dn = cJSON_GetObjectItemCaseSensitive(j, "DomainName");
    CHECK(cJSON_IsString(dn) && strcmp(dn->valuestring, "api.demo.com") == 0, "DomainName");
    char first_id[64];
    snprintf(first_id, sizeof first_id, "%s", r.request_id);
    cJSON_Delete(j);
    tc_resp_free(&r);

    /* every transport shape */
    const struct {
        const char *method;
        enum tc_scheme scheme;
        int form;
        const char *what;
    } shapes[] = {{"GET", TC_V3, 0, "V3 GET"},
                  {"POST", TC_V3, 1, "V3 POST form"},
                  {"GET", TC_RPC, 0, "RPC GET"},
                  {"POST", TC_RPC, 0, "RPC POST query"},
                  {"POST", TC_RPC, 1, "RPC POST form"}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        c = base_call(s, &op);
        c.method = shapes[i].method;
        c.scheme = shapes[i].scheme;
        c.form = shapes[i].form;
        tc_resp_init(&r);
        tc_send(h, &c, &r);
        CHECK(r.status == 200, "%s: %ld %s", shapes[i].what, r.status, agw_buf_str(&r.body));
        CHECK(strcmp(r.request_id, first_id) != 0, "%s: a new RequestId", shapes[i].what);
        CHECK(r.connects == 0, "%s: keep-alive (connection reused)", shapes[i].what);
        tc_resp_free(&r);
    }

    /* XML */
    c = base_call(s, &op);
    c.scheme = TC_RPC;
    c.method = "GET";
    c.format = "XML";
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    CHECK(r.status == 200, "XML: %ld", r.status);
    CHECK(strcmp(r.ctype, "text/xml;charset=utf-8") == 0, "XML ctype %s", r.ctype);
    CHECK(strstr(agw_buf_str(&r.body), "<SetDomainResponse><RequestId>") &&
              strstr(agw_buf_str(&r.body), "<DomainName>api.demo.com</DomainName>") &&
              strstr(agw_buf_str(&r.body), "</SetDomainResponse>"),
          "XML body %s", agw_buf_str(&r.body));
    tc_resp_free(&r);
    c.corrupt = 1;
    c.format = "xml"; /* case-insensitive */
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    CHECK(r.status == 400 && strcmp(r.code, "SignatureDoesNotMatch") == 0 &&
              strstr(agw_buf_str(&r.body), "<Error><RequestId>") &&
              strstr(agw_buf_str(&r.body), "<Recommend>") &&
              strcmp(r.ctype, "text/xml;charset=utf-8") == 0,
          "XML error %s", agw_buf_str(&r.body));
    tc_resp_free(&r);

    /* DescribeApiGroup lists the domain as repeated XML elements */
    struct agw_params gp;
    agw_params_init(&gp);
    agw_params_add(&gp, "GroupId", GID);
    c = base_call(s, &gp);
    c.action = "DescribeApiGroup";
    c.format = "XML";
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    CHECK(r.status == 200 && strstr(agw_buf_str(&r.body), "<DomainItem>"),
          "DescribeApiGroup XML: %s", agw_buf_str(&r.body));
    tc_resp_free(&r);
    agw_params_free(&gp);
    agw_params_free(&op);
}

static void test_rejections(struct agw_emu_server *s, CURL *h)
{
    struct agw_params op = op_params("api.demo.com");
    struct tc_call c;
    for (int scheme = 0; scheme < 2; scheme++) {
        const char *sn = scheme ? "RPC" : "V3";
        char what[64];
        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.corrupt = 1;
        snprintf(what, sizeof what, "%s wrong signature", sn);
        expect(h, &c, 400, "SignatureDoesNotMatch", what);

        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.ts = time(NULL) - 16 * 60;
        snprintf(what, sizeof what, "%s stale timestamp", sn);
        expect(h, &c, 400, "InvalidTimeStamp.Expired", what);
        c.ts = time(NULL) + 16 * 60;
        snprintf(what, sizeof what, "%s future timestamp", sn);
        expect(h, &c, 400, "InvalidTimeStamp.Expired", what);
        c.ts = time(NULL) - 14 * 60;
        snprintf(what, sizeof what, "%s 14 minutes old", sn);
        expect(h, &c, 200, NULL, what);

        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.key_id = "LTAInobody";
        snprintf(what, sizeof what, "%s unknown key", sn);
        expect(h, &c, 404, "InvalidAccessKeyId.NotFound", what);

        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.action = "NoSuchAction";
        snprintf(what, sizeof what, "%s unknown action", sn);
        expect(h, &c, 404, "InvalidApi.NotFound", what);
        c.action = NULL;
        c.version = "2018-01-01";
        snprintf(what, sizeof what, "%s unknown version", sn);
        expect(h, &c, 404, "InvalidApi.NotFound", what);

        /* replay: the second use of a nonce is refused; a forged request does not burn it */
        char nonce[40];
        snprintf(nonce, sizeof nonce, "replay-nonce-%d-%ld", scheme, (long)getpid());
        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.nonce = nonce;
        c.corrupt = 1;
        snprintf(what, sizeof what, "%s forged, nonce N", sn);
        expect(h, &c, 400, "SignatureDoesNotMatch", what);
        c.corrupt = 0;
        snprintf(what, sizeof what, "%s first use of N", sn);
        expect(h, &c, 200, NULL, what);
        snprintf(what, sizeof what, "%s replay of N", sn);
        expect(h, &c, 400, "SignatureNonceUsed", what);

        /* STS */
        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.key_id = "STS.testsid";
        c.secret = "stsSecret";
        c.token = TOKEN;
        snprintf(what, sizeof what, "%s STS", sn);
        expect(h, &c, 200, NULL, what);
        c.form = 1;
        snprintf(what, sizeof what, "%s STS form", sn);
        expect(h, &c, 200, NULL, what);
        c.form = 0;
        c.token = "CAIS-another-token";
        snprintf(what, sizeof what, "%s STS token mismatch", sn);
        expect(h, &c, 400, "InvalidSecurityToken.MismatchWithAccessKey", what);
        c.token = NULL;
        snprintf(what, sizeof what, "%s STS without token", sn);
        expect(h, &c, 400, "MissingSecurityToken", what);
        c = base_call(s, &op);
        c.scheme = scheme ? TC_RPC : TC_V3;
        c.token = TOKEN;
        snprintf(what, sizeof what, "%s token with a plain key", sn);
        expect(h, &c, 400, "InvalidSecurityToken.Malformed", what);
    }

    /* the RPC mismatch message ends with the server's string to sign, token masked */
    c = base_call(s, &op);
    c.scheme = TC_RPC;
    c.corrupt = 1;
    c.key_id = "STS.testsid";
    c.secret = "stsSecret";
    c.token = TOKEN;
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    const char *m = strstr(agw_buf_str(&r.body), "server string to sign is:POST&%2F&");
    CHECK(m != NULL, "RPC message: %s", agw_buf_str(&r.body));
    CHECK(strstr(agw_buf_str(&r.body),
                 "Specified signature is not matched with our calculation.") != NULL,
          "RPC message text");
    CHECK(strstr(agw_buf_str(&r.body), "SecurityToken%3D%252A%252A%252A") != NULL &&
              strstr(agw_buf_str(&r.body), "CAIS") == NULL,
          "token masked: %s", agw_buf_str(&r.body));
    tc_resp_free(&r);
    c = base_call(s, &op);
    c.corrupt = 1;
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    CHECK(strstr(agw_buf_str(&r.body),
                 "\"Message\":\"Specified signature does not match our calculation.\""),
          "V3 message: %s", agw_buf_str(&r.body));
    CHECK(strstr(agw_buf_str(&r.body), "\"HostId\":\"127.0.0.1\"") &&
              strstr(agw_buf_str(&r.body),
                     "\"Recommend\":\"https://api.aliyun.com/"
                     "troubleshoot?q=SignatureDoesNotMatch&product=CloudAPI&requestId="),
          "error fields: %s", agw_buf_str(&r.body));
    tc_resp_free(&r);

    /* malformed body and query */
    c = base_call(s, &op);
    c.scheme = TC_RPC;
    c.form = 1;
    c.raw_body = "GroupId=%ZZ&DomainName=api.demo.com";
    expect(h, &c, 400, "InvalidParameter", "malformed form body");
    CURL *raw = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/?Action=SetDomain&GroupId=%%4", agw_emu_server_url(s));
    tc_resp_init(&r);
    tc_send_raw(raw, "GET", url, NULL, NULL, 0, 0, &r);
    CHECK(r.status == 400 && strcmp(r.code, "InvalidParameter") == 0, "malformed query: %s",
          agw_buf_str(&r.body));
    tc_resp_free(&r);

    /* missing pieces */
    snprintf(url, sizeof url, "%s/?Action=SetDomain&Version=2016-07-14&AccessKeyId=testid",
             agw_emu_server_url(s));
    tc_resp_init(&r);
    tc_send_raw(raw, "GET", url, NULL, NULL, 0, 0, &r);
    CHECK(r.status == 400 && strcmp(r.code, "MissingSignature") == 0, "missing Signature: %s",
          agw_buf_str(&r.body));
    tc_resp_free(&r);
    struct curl_slist *hl = curl_slist_append(NULL, "Authorization: ACS3-HMAC-SHA256 nonsense");
    snprintf(url, sizeof url, "%s/", agw_emu_server_url(s));
    tc_resp_init(&r);
    tc_send_raw(raw, "GET", url, hl, NULL, 0, 0, &r);
    CHECK(r.status == 400 && strcmp(r.code, "IncompleteSignature") == 0, "bad Authorization: %s",
          agw_buf_str(&r.body));
    tc_resp_free(&r);
    curl_slist_free_all(hl);
    snprintf(url, sizeof url, "%s/?Format=YAML", agw_emu_server_url(s));
    tc_resp_init(&r);
    tc_send_raw(raw, "GET", url, NULL, NULL, 0, 0, &r);
    CHECK(r.status == 400 && strcmp(r.code, "InvalidParameter.Format") == 0, "Format=YAML: %s",
          agw_buf_str(&r.body));
    tc_resp_free(&r);
    snprintf(url, sizeof url, "%s/", agw_emu_server_url(s));
    tc_resp_init(&r);
    tc_send_raw(raw, "DELETE", url, NULL, NULL, 0, 0, &r);
    CHECK(r.status == 400 && strcmp(r.code, "UnsupportedHTTPMethod") == 0, "DELETE: %s",
          agw_buf_str(&r.body));
    tc_resp_free(&r);
    curl_easy_cleanup(raw);
    agw_params_free(&op);
}

static int get_stats(struct agw_emu_server *s, cJSON **out)
{
    CURL *h = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/__emulator/stats", agw_emu_server_url(s));
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send_raw(h, "GET", url, NULL, NULL, 0, 0, &r);
    *out = cJSON_Parse(agw_buf_str(&r.body));
    tc_resp_free(&r);
    curl_easy_cleanup(h);
    return *out ? 0 : -1;
}

static double jnum(const cJSON *o, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b) v = cJSON_GetObjectItemCaseSensitive(v, b);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return sz * n;
}

static void test_faults(void)
{
    struct agw_params op = op_params("api.demo.com");
    CURL *h = curl_easy_init();
    struct tc_resp r;

    /* throttle:3 over 30 requests: exactly 10, each with x-acs-retry-after */
    struct agw_emu_server *s = start("throttle:3", 0, NULL);
    struct tc_call c = base_call(s, &op);
    int throttled = 0, ok = 0, retry_hdr = 0;
    for (int i = 0; i < 30; i++) {
        tc_resp_init(&r);
        tc_send(h, &c, &r);
        if (r.status == 400 && strcmp(r.code, "Throttling.User") == 0) {
            throttled++;
            retry_hdr += r.retry_after[0] != '\0';
            CHECK((i + 1) % 3 == 0, "throttled request %d", i + 1);
        } else if (r.status == 200) {
            ok++;
        }
        tc_resp_free(&r);
    }
    CHECK(throttled == 10 && ok == 20 && retry_hdr == 10, "throttle:3: %d throttled %d ok",
          throttled, ok);
    struct agw_emu_stats st;
    for (int i = 0; i < 200; i++) { /* completion runs just after the last byte is sent */
        agw_emu_server_stats(s, &st);
        if (st.inflight == 0) break;
        usleep(5000);
    }
    CHECK(st.throttle == 10 && st.requests == 30, "stats throttle %llu requests %llu",
          (unsigned long long)st.throttle, (unsigned long long)st.requests);
    cJSON *js;
    CHECK(get_stats(s, &js) == 0, "stats hook");
    CHECK(jnum(js, "requests", NULL) == 30 && jnum(js, "faults", "throttle") == 10 &&
              jnum(js, "peak_inflight", NULL) >= 1 && jnum(js, "inflight", NULL) == 0,
          "stats hook values");
    cJSON_Delete(js);
    agw_emu_server_stop(s);

    /* 5xx:2 over 10 */
    s = start("5xx:2", 0, NULL);
    c = base_call(s, &op);
    int unavailable = 0;
    for (int i = 0; i < 10; i++) {
        tc_resp_init(&r);
        tc_send(h, &c, &r);
        unavailable += r.status == 503 && strcmp(r.code, "ServiceUnavailable") == 0;
        tc_resp_free(&r);
    }
    CHECK(unavailable == 5, "5xx:2: %d", unavailable);
    agw_emu_server_stop(s);

    /* reset:2: the second request gets no answer; its nonce is used up */
    s = start("reset:2", 0, NULL);
    c = base_call(s, &op);
    expect(h, &c, 200, NULL, "reset:2 first");
    c.nonce = "reset-nonce-1";
    tc_resp_init(&r);
    /* a new connection: on a reused one curl silently retries a reset request */
    CURL *fresh = curl_easy_init();
    tc_send(fresh, &c, &r);
    curl_easy_cleanup(fresh);
    CHECK(r.cc == CURLE_RECV_ERROR || r.cc == CURLE_GOT_NOTHING, "reset: curl %d (%s)", (int)r.cc,
          curl_easy_strerror(r.cc));
    CHECK(r.status == 0 && r.body.len == 0, "reset: no answer: %ld %s", r.status,
          agw_buf_str(&r.body));
    tc_resp_free(&r);
    expect(h, &c, 400, "SignatureNonceUsed", "reset: nonce used up");
    agw_emu_server_stop(s);

    /* throttle:1: a throttled request's nonce is used up too */
    s = start("throttle:1", 0, NULL);
    c = base_call(s, &op);
    c.nonce = "throttle-nonce-1";
    expect(h, &c, 400, "Throttling.User", "throttle:1");
    expect(h, &c, 400, "SignatureNonceUsed", "throttle:1 nonce used up");
    agw_emu_server_stop(s);

    /* garbage:1: 200 and not JSON */
    s = start("garbage:1", 0, NULL);
    c = base_call(s, &op);
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    cJSON *g = cJSON_ParseWithLength(r.body.data ? r.body.data : "", r.body.len);
    CHECK(r.status == 200 && r.body.len > 0 && g == NULL, "garbage: %ld %s", r.status,
          agw_buf_str(&r.body));
    cJSON_Delete(g);
    tc_resp_free(&r);
    agw_emu_server_stop(s);

    /* probabilities are reproducible with the fault seed */
    char pattern[2][41];
    for (int run = 0; run < 2; run++) {
        s = start("throttle:p0.5", 1234, NULL);
        c = base_call(s, &op);
        for (int i = 0; i < 40; i++) {
            tc_resp_init(&r);
            tc_send(h, &c, &r);
            pattern[run][i] = r.status == 400 ? 'T' : '.';
            tc_resp_free(&r);
        }
        pattern[run][40] = '\0';
        agw_emu_server_stop(s);
    }
    int tcount = 0;
    for (int i = 0; i < 40; i++)
        tcount += pattern[0][i] == 'T';
    CHECK(strcmp(pattern[0], pattern[1]) == 0 && tcount > 5 && tcount < 35,
          "p0.5 reproducible: %s / %s", pattern[0], pattern[1]);

    /* slow:300 delays answers without blocking other connections; in flight counts them */
    s = start("slow:300", 0, NULL);
    CURLM *multi = curl_multi_init();
    CURL *hs[6];
    struct tc_resp rs[6];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    /* unsigned requests: still API requests, answered (MissingVersion) after the delay */
    for (int i = 0; i < 6; i++) {
        hs[i] = curl_easy_init();
        tc_resp_init(&rs[i]);
        char url[256];
        snprintf(url, sizeof url, "%s/?Action=SetDomain", agw_emu_server_url(s));
        curl_easy_setopt(hs[i], CURLOPT_URL, url);
        curl_easy_setopt(hs[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(hs[i], CURLOPT_TIMEOUT, 10L);
        curl_easy_setopt(hs[i], CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(multi, hs[i]);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        if (running) curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double elapsed = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    int answered = 0;
    for (int i = 0; i < 6; i++) {
        long st6 = 0;
        curl_easy_getinfo(hs[i], CURLINFO_RESPONSE_CODE, &st6);
        answered += st6 == 400;
        curl_multi_remove_handle(multi, hs[i]);
        curl_easy_cleanup(hs[i]);
        tc_resp_free(&rs[i]);
    }
    curl_multi_cleanup(multi);
    for (int i = 0; i < 200; i++) { /* completion runs just after the last byte is sent */
        agw_emu_server_stats(s, &st);
        if (st.inflight == 0) break;
        usleep(5000);
    }
    CHECK(answered == 6, "slow: %d answered", answered);
    CHECK(elapsed >= 0.29 && elapsed < 1.2, "slow: 6 parallel answers took %.3fs", elapsed);
    CHECK(st.peak_inflight >= 6 && st.slow == 6 && st.inflight == 0,
          "slow: peak in flight %llu, slow %llu", (unsigned long long)st.peak_inflight,
          (unsigned long long)st.slow);
    agw_emu_server_stop(s);
    curl_easy_cleanup(h);
    agw_params_free(&op);
}

static void test_log(void)
{
    char path[] = "/tmp/agw-emu-log-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    unlink(path); /* the server creates it */
    struct agw_emu_server *s = start(NULL, 0, path);
    struct agw_params op = op_params("api.demo.com");
    CURL *h = curl_easy_init();
    struct tc_call c = base_call(s, &op);
    c.scheme = TC_RPC;
    c.key_id = "STS.testsid";
    c.secret = "stsSecret";
    c.token = TOKEN;
    expect(h, &c, 200, NULL, "log: RPC STS");
    c.corrupt = 1;
    expect(h, &c, 400, "SignatureDoesNotMatch", "log: forged");
    agw_params_add(&op, "CertificatePrivateKey", "PRIVKEYLOGTEST");
    c.corrupt = 0;
    expect(h, &c, 200, NULL, "log: a private key sent along");
    agw_emu_server_stop(s);
    struct stat lst;
    CHECK(stat(path, &lst) == 0 && (lst.st_mode & 077) == 0, "log file mode %o",
          (unsigned)(lst.st_mode & 0777));
    curl_easy_cleanup(h);
    agw_params_free(&op);

    FILE *f = fopen(path, "r");
    char line[8192];
    int n = 0;
    while (f && fgets(line, sizeof line, f)) {
        n++;
        cJSON *j = cJSON_Parse(line);
        CHECK(j != NULL, "log line is JSON: %s", line);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "params");
        CHECK(cJSON_GetObjectItemCaseSensitive(p, "Signature") == NULL, "no Signature logged");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "SecurityToken");
        CHECK(cJSON_IsString(t) && strcmp(t->valuestring, "***") == 0, "token masked");
        CHECK(strstr(line, "CAIS") == NULL && strstr(line, "stsSecret") == NULL &&
                  strstr(line, "PRIVKEYLOGTEST") == NULL,
              "no secret: %s", line);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "verified");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "status");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(j, "scheme");
        const cJSON *ak = cJSON_GetObjectItemCaseSensitive(j, "access_key_id");
        const cJSON *us = cJSON_GetObjectItemCaseSensitive(j, "us");
        CHECK(cJSON_IsString(sc) && strcmp(sc->valuestring, "rpc") == 0, "scheme");
        CHECK(cJSON_IsString(ak) && strcmp(ak->valuestring, "STS.testsid") == 0, "key id");
        CHECK(cJSON_IsNumber(us) && us->valuedouble >= 0, "us");
        if (n == 2)
            CHECK(cJSON_IsFalse(v) && st->valuedouble == 400, "line 2 not verified 400");
        else
            CHECK(cJSON_IsTrue(v) && st->valuedouble == 200, "line %d verified 200", n);
        const cJSON *pk = cJSON_GetObjectItemCaseSensitive(p, "CertificatePrivateKey");
        CHECK(n < 3 || (cJSON_IsString(pk) && strcmp(pk->valuestring, "***") == 0),
              "private key masked");
        cJSON_Delete(j);
    }
    if (f) fclose(f);
    CHECK(n == 3, "log lines %d", n);
    unlink(path);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct agw_emu_server *s = start(NULL, 0, NULL);
    CHECK(agw_emu_server_port(s) != 0, "port read back");
    CHECK(strncmp(agw_emu_server_url(s), "http://127.0.0.1:", 17) == 0, "url %s",
          agw_emu_server_url(s));
    CHECK(strcmp(agw_emu_server_key_id(s), "testid") == 0, "first key");
    CURL *h = curl_easy_init();
    test_success_shapes(s, h);
    test_rejections(s, h);
    curl_easy_cleanup(h);
    agw_emu_server_stop(s);
    agw_emu_server_stop(NULL);
    test_faults();
    test_log();
    curl_global_cleanup();
    if (tc_failures)
        fprintf(stderr, "%d check(s) failed\n", tc_failures);
    else
        printf("ok\n");
    return tc_failures ? 1 : 0;
}
