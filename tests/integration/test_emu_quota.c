/* The emulator's quota (seed behaviour.qps_per_user) over HTTP, in process on 127.0.0.1 port 0:
 * Throttling.User (400) with x-acs-retry-after past a key's rate, a bucket per key and per
 * action, unlimited actions, the rate sustained over seconds, the quota before the injected
 * faults, and the stats hook, the C stats and the request log counting what was refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "server.h"
#include "test_emu_server_client.h"

#define GID "927d50c0f2e54b359919923d908bb015"

static const char seed[] =
    "{\"access_keys\":["
    "{\"id\":\"k1\",\"secret\":\"s1\",\"account\":\"acct\"},"
    "{\"id\":\"k2\",\"secret\":\"s2\",\"account\":\"acct\"}],"
    "\"groups\":[{\"GroupId\":\"" GID "\",\"GroupName\":\"group_one\",\"account\":\"acct\"}],"
    "\"dns\":{\"*.demo.com\":{\"cname\":\"" GID "-cn-hangzhou.alicloudapi.com\"}},"
    "\"icp_filed\":[\"demo.com\"],"
    "\"behaviour\":{\"domains_per_group\":0,"
    "\"qps_per_user\":{\"default\":5,\"SetDomain\":4,\"DescribeApiGroup\":0}}}";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct agw_emu_server *start(const char *faults, const char *log)
{
    struct agw_emu_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.seed_json = seed;
    cfg.seed_len = strlen(seed);
    cfg.fault_spec = faults;
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

struct outcome {
    long status;
    char code[96];
    long retry_after; /* -1: no header */
    char message[128];
};

static void send1(CURL *h, struct agw_emu_server *s, const char *key, const char *action,
                  struct outcome *out)
{
    struct agw_params op;
    agw_params_init(&op);
    agw_params_add(&op, "GroupId", GID);
    if (strcmp(action, "DescribeApiGroup") != 0) agw_params_add(&op, "DomainName", "a.demo.com");
    struct tc_call c;
    memset(&c, 0, sizeof c);
    c.base = agw_emu_server_url(s);
    c.method = "POST";
    c.scheme = TC_V3;
    c.action = action;
    c.key_id = key;
    c.secret = strcmp(key, "k1") == 0 ? "s1" : "s2";
    c.op = &op;
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send(h, &c, &r);
    out->status = r.status;
    snprintf(out->code, sizeof out->code, "%s", r.code);
    out->retry_after = r.retry_after[0] ? strtol(r.retry_after, NULL, 10) : -1;
    out->message[0] = '\0';
    cJSON *j = cJSON_Parse(agw_buf_str(&r.body));
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "Message");
    if (cJSON_IsString(m)) snprintf(out->message, sizeof out->message, "%s", m->valuestring);
    cJSON_Delete(j);
    tc_resp_free(&r);
    agw_params_free(&op);
}

static int is_throttled(const struct outcome *o)
{
    return o->status == 400 && strcmp(o->code, "Throttling.User") == 0;
}

static long stats_refused(struct agw_emu_server *s)
{
    CURL *h = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/__emulator/stats", agw_emu_server_url(s));
    struct tc_resp r;
    tc_resp_init(&r);
    tc_send_raw(h, "GET", url, NULL, NULL, 0, 0, &r);
    cJSON *j = cJSON_Parse(agw_buf_str(&r.body));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "quota_refused");
    long n = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
    cJSON_Delete(j);
    tc_resp_free(&r);
    curl_easy_cleanup(h);
    return n;
}

static void test_burst(CURL *h, const char *log)
{
    struct agw_emu_server *s = start(NULL, log);
    struct outcome o;
    /* SetDomain at 4/s: a bucket of 4, so a burst of 10 gets 4 through, plus what refills
     * while it is sent (one more per 250 ms) */
    double t0 = now_s();
    int ok = 0, refused = 0, good_header = 0, good_message = 0;
    long last_wait = -1;
    for (int i = 0; i < 10; i++) {
        send1(h, s, "k1", "SetDomain", &o);
        if (o.status == 200) {
            ok++;
            CHECK(refused == 0 || i >= 4, "admitted after a refusal only when refilled");
        } else if (is_throttled(&o)) {
            refused++;
            good_header += o.retry_after >= 1 && o.retry_after <= 250;
            good_message += strcmp(o.message, "Request was denied due to user flow control.") == 0;
            last_wait = o.retry_after;
        } else {
            CHECK(0, "unexpected answer %ld %s", o.status, o.code);
        }
    }
    double el = now_s() - t0;
    int most = 4 + (int)(el * 4) + 1;
    CHECK(ok >= 4 && ok <= most, "burst of 10 at 4/s in %.3f s: %d admitted (4 to %d)", el, ok,
          most);
    CHECK(refused == 10 - ok && good_header == refused && good_message == refused,
          "%d refused, %d with x-acs-retry-after in 1..250 ms, %d with the message", refused,
          good_header, good_message);
    /* another key, another action: their own buckets */
    send1(h, s, "k2", "SetDomain", &o);
    CHECK(o.status == 200, "k2's own bucket: %ld %s", o.status, o.code);
    send1(h, s, "k1", "DescribeDomain", &o);
    CHECK(o.status == 200, "DescribeDomain's own bucket: %ld %s", o.status, o.code);
    /* 0 in the seed: no limit for that action, whatever the default */
    int described = 0;
    for (int i = 0; i < 30; i++) {
        send1(h, s, "k1", "DescribeApiGroup", &o);
        described += o.status == 200;
    }
    CHECK(described == 30, "DescribeApiGroup unlimited: %d of 30", described);
    /* waiting what the header said is enough */
    usleep((useconds_t)(last_wait > 0 ? last_wait : 250) * 1000 + 20000);
    send1(h, s, "k1", "SetDomain", &o);
    CHECK(o.status == 200, "after x-acs-retry-after: %ld %s", o.status, o.code);

    struct agw_emu_stats st;
    agw_emu_server_stats(s, &st);
    CHECK(st.quota_refused == (uint64_t)refused, "C stats: %llu refused, saw %d",
          (unsigned long long)st.quota_refused, refused);
    CHECK(stats_refused(s) == refused, "stats hook quota_refused");
    agw_emu_server_stop(s);

    /* the log shows each refusal as the service's answer */
    FILE *f = fopen(log, "r");
    char line[4096];
    int logged = 0;
    while (f && fgets(line, sizeof line, f))
        logged += strstr(line, "\"code\":\"Throttling.User\"") && strstr(line, "\"status\":400");
    if (f) fclose(f);
    CHECK(logged == refused, "log: %d refusals, saw %d", logged, refused);
}

/* Sent as fast as one connection goes for about 2 s, DeleteDomain (the default, 5/s) gets
 * its bucket's 5 plus 5 per second through, never more. */
static void test_sustained(CURL *h)
{
    struct agw_emu_server *s = start(NULL, NULL);
    struct outcome o;
    double t0 = now_s(), el;
    int ok = 0, other = 0;
    while ((el = now_s() - t0) < 2.0) {
        send1(h, s, "k2", "DeleteDomain", &o);
        if (o.status == 200)
            ok++;
        else if (!is_throttled(&o))
            other++;
    }
    el = now_s() - t0;
    double most = 5 + el * 5 + 1, least = el * 5;
    CHECK(other == 0 && ok >= (int)least && ok <= (int)most,
          "DeleteDomain at 5/s for %.2f s: %d admitted (%.0f to %.0f), %d other", el, ok, least,
          most, other);
    agw_emu_server_stop(s);
}

/* The quota answers before the injected faults: with 5xx on every request, the admitted ones
 * get 503 and the others Throttling.User, and only the admitted count as faulted. */
static void test_before_faults(CURL *h)
{
    struct agw_emu_server *s = start("5xx:1", NULL);
    struct outcome o;
    int unavailable = 0, refused = 0;
    for (int i = 0; i < 10; i++) {
        send1(h, s, "k1", "SetDomain", &o);
        unavailable += o.status == 503 && strcmp(o.code, "ServiceUnavailable") == 0;
        refused += is_throttled(&o);
    }
    struct agw_emu_stats st;
    agw_emu_server_stats(s, &st);
    CHECK(unavailable >= 4 && unavailable + refused == 10 &&
              st.unavailable == (uint64_t)unavailable && st.quota_refused == (uint64_t)refused,
          "5xx:1 with SetDomain at 4/s: %d 503, %d throttled (faults counted %llu)", unavailable,
          refused, (unsigned long long)st.unavailable);
    agw_emu_server_stop(s);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char log[4096];
    snprintf(log, sizeof log, "%s/emu_quota.log", dir);
    unlink(log);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    test_burst(h, log);
    test_sustained(h);
    test_before_faults(h);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    unlink(log);
    if (tc_failures)
        fprintf(stderr, "%d check(s) failed\n", tc_failures);
    else
        printf("emu_quota: all checks passed\n");
    return tc_failures ? 1 : 0;
}
