/* The high-level signers (agw_v3_sign_request, agw_rpc_sign_request) reproduce the vectors
 * from their inputs; V3 header canonicalisation edges; agw_v3_parse_authorization.
 * Usage: test_sign_api <signing-vectors.json> */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "digest.h"
#include "rpc.h"
#include "test_sign_json.h"
#include "v3.h"

/* The headers agw_v3_sign_request signs, in the order it appends them. */
static const char *const V3_SIGNED[] = {
    "host",         "x-acs-action",          "x-acs-version",
    "x-acs-date",   "x-acs-signature-nonce", "x-acs-content-sha256",
    "content-type", "x-acs-security-token"};

static int v3_signed_index(const char *name)
{
    for (size_t i = 0; i < sizeof V3_SIGNED / sizeof V3_SIGNED[0]; i++)
        if (strcasecmp(name, V3_SIGNED[i]) == 0) return (int)i;
    return -1;
}

static int is_canonicalised(const char *name)
{
    return strcasecmp(name, "host") == 0 || strcasecmp(name, "content-type") == 0 ||
           strncasecmp(name, "x-acs-", 6) == 0;
}

/* A V3 vector the high-level signer can reproduce: it signs exactly the headers that
 * agw_v3_sign_request adds, with path "/" and a real body hash. Returns 1 when it ran. */
static int v3_request_from_vector(const cJSON *v)
{
    const char *name = agw_test_str(v, "name");
    const char *alg = agw_test_str(v, "algorithm");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(v, "expected");
    const cJSON *hdrs = cJSON_GetObjectItemCaseSensitive(in, "headers");
    if (!alg || strncmp(alg, "ACS3-", 5) != 0) return 0;
    if (cJSON_GetObjectItemCaseSensitive(in, "hashed_payload_override")) return 0;
    const char *path = agw_test_str(in, "path");
    if (!path || strcmp(path, "/") != 0) return 0;
    const cJSON *h;
    const char *content_type = NULL, *hdr_sha = NULL;
    int seen = 0;
    cJSON_ArrayForEach(h, hdrs)
    {
        if (!is_canonicalised(h->string)) continue; /* user-agent, accept: never signed */
        int i = v3_signed_index(h->string);
        if (i < 0 || (seen & (1 << i))) return 0;
        seen |= 1 << i;
        if (i == 6) content_type = h->valuestring;
        if (i == 5) hdr_sha = h->valuestring;
    }
    if ((seen & 0x3f) != 0x3f) return 0;

    struct agw_params query, headers;
    struct agw_v3_output out;
    agw_params_init(&query);
    agw_params_init(&headers);
    agw_v3_output_init(&out);
    CHECK(agw_test_add_members(&query, cJSON_GetObjectItemCaseSensitive(in, "query")) == 0);
    /* Something the caller already had: must stay unsigned and in place. */
    CHECK(agw_params_add(&headers, "x-acs-caller-extra", "not signed") == 0);
    const char *body = agw_test_str(in, "body");
    struct agw_v3_request req = {
        .alg = strcmp(alg, "ACS3-HMAC-SM3") == 0 ? AGW_V3_HMAC_SM3 : AGW_V3_HMAC_SHA256,
        .method = agw_test_str(in, "method"),
        .host = agw_test_str(in, "host"),
        .query = &query,
        .content_type = content_type,
        .body = body,
        .body_len = body ? strlen(body) : 0,
        .action = NULL, /* from the headers, below */
        .version = NULL,
        .timestamp = agw_test_str(in, "timestamp"),
        .nonce = agw_test_str(in, "nonce"),
        .access_key_id = agw_test_str(in, "access_key_id"),
        .access_key_secret = agw_test_str(in, "access_key_secret"),
        .security_token = (seen & (1 << 7)) ? agw_test_str(in, "security_token") : NULL,
    };
    cJSON_ArrayForEach(h, hdrs)
    {
        if (strcasecmp(h->string, "x-acs-action") == 0) req.action = h->valuestring;
        if (strcasecmp(h->string, "x-acs-version") == 0) req.version = h->valuestring;
    }
    int rc = agw_v3_sign_request(&req, &headers, &out);
    if (rc != 0) {
        printf("FAIL %s: agw_v3_sign_request returned %d\n", name, rc);
        failures++;
    } else {
        const char *fields[] = {"canonical_request", "hashed_payload", "string_to_sign",
                                "signed_headers",    "signature",      "authorization"};
        const char *got[] = {agw_buf_str(&out.canonical_request),
                             out.hashed_payload,
                             agw_buf_str(&out.string_to_sign),
                             agw_buf_str(&out.signed_headers),
                             out.signature,
                             agw_buf_str(&out.authorization)};
        int failures0 = failures;
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            const char *want = agw_test_str(exp, fields[i]);
            /* Every field must be present and equal. */
            if (!want || strcmp(want, got[i]) != 0) {
                printf("FAIL %s (via agw_v3_sign_request): %s\n  expected: %s\n  got:      %s\n",
                       name, fields[i], want ? want : "(none)", got[i]);
                failures++;
            }
        }
        /* The header list: the caller's entry, then the documented order, Authorization last. */
        CHECK_STR(headers.v[0].name, "x-acs-caller-extra");
        size_t k = 1;
        for (size_t i = 0; i < sizeof V3_SIGNED / sizeof V3_SIGNED[0]; i++) {
            if (!(seen & (1 << i))) continue;
            CHECK(k < headers.n && strcmp(headers.v[k].name, V3_SIGNED[i]) == 0);
            k++;
        }
        CHECK(k + 1 == headers.n);
        if (k < headers.n) {
            CHECK_STR(headers.v[k].name, "Authorization");
            CHECK_STR(headers.v[k].value, agw_test_str(exp, "authorization"));
        }
        CHECK_STR(agw_params_get(&headers, "x-acs-content-sha256"), hdr_sha);
        if (failures == failures0) printf("PASS %s via agw_v3_sign_request\n", name);
    }
    agw_v3_output_free(&out);
    agw_params_free(&headers);
    agw_params_free(&query);
    return 1;
}

static const char *const RPC_COMMON[] = {"Action",         "Version",         "Format",
                                         "AccessKeyId",    "SignatureMethod", "SignatureVersion",
                                         "SignatureNonce", "Timestamp",       "SecurityToken"};

/* A V2 vector whose parameters hold the common set agw_rpc_sign_request adds: feed it the
 * operation's own parameters and the common values, compare everything. */
static int rpc_request_from_vector(const cJSON *v)
{
    const char *name = agw_test_str(v, "name");
    const char *alg = agw_test_str(v, "algorithm");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(v, "expected");
    if (!alg || strncmp(alg, "HMAC-SHA1", 9) != 0) return 0;
    struct agw_params all, op;
    agw_params_init(&all);
    agw_params_init(&op);
    CHECK(agw_test_add_members(&all, cJSON_GetObjectItemCaseSensitive(in, "query")) == 0);
    CHECK(agw_test_add_members(&all, cJSON_GetObjectItemCaseSensitive(in, "body_params")) == 0);
    const char *method = agw_test_str(in, "method");
    const char *sm = agw_params_get(&all, "SignatureMethod");
    const char *sv = agw_params_get(&all, "SignatureVersion");
    int usable = method && method[0] && sm && strcmp(sm, "HMAC-SHA1") == 0 && sv &&
                 strcmp(sv, "1.0") == 0 && agw_params_get(&all, "Action") &&
                 agw_params_get(&all, "Version") && agw_params_get(&all, "Format") &&
                 agw_params_get(&all, "AccessKeyId") && agw_params_get(&all, "SignatureNonce") &&
                 agw_params_get(&all, "Timestamp");
    if (usable) {
        for (size_t i = 0; i < all.n; i++) {
            int common = 0;
            for (size_t c = 0; c < sizeof RPC_COMMON / sizeof RPC_COMMON[0]; c++)
                if (strcmp(all.v[i].name, RPC_COMMON[c]) == 0) common = 1;
            if (!common) CHECK(agw_params_add(&op, all.v[i].name, all.v[i].value) == 0);
        }
        /* A stale Signature from an earlier attempt must be replaced, never signed. */
        CHECK(agw_params_add(&op, "Signature", "stale") == 0);
        struct agw_rpc_request req = {
            .method = method,
            .action = agw_params_get(&all, "Action"),
            .version = agw_params_get(&all, "Version"),
            .format = agw_params_get(&all, "Format"),
            .timestamp = agw_params_get(&all, "Timestamp"),
            .nonce = agw_params_get(&all, "SignatureNonce"),
            .access_key_id = agw_params_get(&all, "AccessKeyId"),
            .access_key_secret = agw_test_str(in, "access_key_secret"),
            .security_token = agw_params_get(&all, "SecurityToken"),
        };
        struct agw_rpc_output out;
        agw_rpc_output_init(&out);
        if (agw_rpc_sign_request(&req, &op, &out) != 0) {
            printf("FAIL %s: agw_rpc_sign_request failed\n", name);
            failures++;
        } else {
            const char *fields[] = {"canonicalized_query_string", "string_to_sign", "signature"};
            const char *got[] = {agw_buf_str(&out.canonical_query),
                                 agw_buf_str(&out.string_to_sign), out.signature};
            int ok = 1;
            for (size_t i = 0; i < 3; i++) {
                const char *want = agw_test_str(exp, fields[i]);
                if (!want || strcmp(want, got[i]) != 0) {
                    printf("FAIL %s (via agw_rpc_sign_request): %s\n  expected: %s\n  got:      "
                           "%s\n",
                           name, fields[i], want ? want : "(none)", got[i]);
                    failures++;
                    ok = 0;
                }
            }
            CHECK(op.n == all.n + 1); /* the set signed, plus Signature */
            CHECK(agw_params_remove(&op, "Signature") == 1);
            if (ok) printf("PASS %s via agw_rpc_sign_request\n", name);
        }
        agw_rpc_output_free(&out);
    }
    agw_params_free(&op);
    agw_params_free(&all);
    return usable;
}

static void test_vectors_via_requests(const cJSON *vectors)
{
    int v3 = 0, rpc = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors)
    {
        v3 += v3_request_from_vector(v);
        rpc += rpc_request_from_vector(v);
    }
    printf("%d V3 and %d RPC vectors reproduced through the request signers\n", v3, rpc);
    /* The SetDomain vectors named in the spec must be among them (and more). */
    CHECK(v3 >= 6 && rpc >= 10);
}

/* Header canonicalisation edges, through agw_v3_sign with a fixed payload hash. */
static void test_v3_headers(void)
{
    struct agw_params headers, query;
    struct agw_v3_output out;
    agw_params_init(&headers);
    agw_params_init(&query);
    agw_v3_output_init(&out);
    CHECK(agw_params_add(&headers, "User-Agent", "c/1.0") == 0);
    CHECK(agw_params_add(&headers, "Authorization", "old") == 0);
    CHECK(agw_params_add(&headers, "X-Acs-B", " \t two  inner  spaces \t ") == 0);
    CHECK(agw_params_add(&headers, "x-acs-a", "z") == 0);
    CHECK(agw_params_add(&headers, "X-ACS-A", "y") == 0);
    CHECK(agw_params_add(&headers, "x-acs-a", "") == 0);
    CHECK(agw_params_add(&headers, "Content-Type", "application/json") == 0);
    CHECK(agw_params_add(&headers, "HOST", "h:8080") == 0);
    CHECK(agw_params_add(&headers, "x-acs", "no dash, not signed") == 0);
    CHECK(agw_params_add(&query, "b", "") == 0);
    CHECK(agw_params_add(&query, "a b", "1*2") == 0);
    struct agw_v3_input in = {
        .alg = AGW_V3_HMAC_SHA256,
        .method = "PUT",
        .path = NULL,
        .query = &query,
        .headers = &headers,
        .hashed_payload = "HP",
        .access_key_id = "id",
        .access_key_secret = "s",
    };
    CHECK(agw_v3_sign(&in, &out) == 0);
    CHECK_STR(agw_buf_str(&out.canonical_request),
              "PUT\n/\na%20b=1%2A2&b=\ncontent-type:application/json\nhost:h:8080\n"
              "x-acs-a:,y,z\nx-acs-b:two  inner  spaces\n\n"
              "content-type;host;x-acs-a;x-acs-b\nHP");
    CHECK_STR(agw_buf_str(&out.signed_headers), "content-type;host;x-acs-a;x-acs-b");
    CHECK_STR(out.hashed_payload, "HP");

    /* Output reuse gives the same strings; input lists are not modified. */
    char first[65];
    memcpy(first, out.signature, sizeof first);
    CHECK(agw_v3_sign(&in, &out) == 0);
    CHECK_STR(out.signature, first);
    CHECK(headers.n == 9 && strcmp(headers.v[2].value, " \t two  inner  spaces \t ") == 0);

    /* No headers, no query, empty body: SHA-256 of "" and empty sections. */
    struct agw_v3_input bare = {.method = "GET", .access_key_id = "k", .access_key_secret = "s"};
    CHECK(agw_v3_sign(&bare, &out) == 0);
    CHECK_STR(agw_buf_str(&out.canonical_request),
              "GET\n/\n\n\n\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    {
        const char *want = "ACS3-HMAC-SHA256 Credential=k,SignedHeaders=,Signature=";
        CHECK(strncmp(agw_buf_str(&out.authorization), want, strlen(want)) == 0);
        CHECK(out.authorization.len == strlen(want) + 64);
    }

    /* A payload override longer than a digest's hex is refused; so is a missing secret. */
    in.hashed_payload = "0123456789012345678901234567890123456789012345678901234567890123x";
    CHECK(agw_v3_sign(&in, &out) == -1);
    in.hashed_payload = NULL;
    in.access_key_secret = NULL;
    CHECK(agw_v3_sign(&in, &out) == -1);

    agw_v3_output_free(&out);
    agw_v3_output_free(&out); /* twice is fine */
    agw_v3_output_free(NULL);
    agw_params_free(&headers);
    agw_params_free(&query);
}

/* The payload hash: computed for a body, a constant for the empty body; both must equal
 * agw_digest for either algorithm. */
static void test_v3_payload_hash(void)
{
    enum agw_v3_alg algs[] = {AGW_V3_HMAC_SHA256, AGW_V3_HMAC_SM3};
    enum agw_hash hashes[] = {AGW_HASH_SHA256, AGW_HASH_SM3};
    const char *bodies[] = {"", "GroupId=1&DomainName=a.b"};
    for (size_t a = 0; a < 2; a++) {
        for (size_t b = 0; b < 2; b++) {
            unsigned char md[AGW_DIGEST_MAX];
            size_t n = 0;
            char hex[2 * AGW_DIGEST_MAX + 1];
            CHECK(agw_digest(hashes[a], bodies[b], strlen(bodies[b]), md, &n) == 0);
            agw_hex_lower(md, n, hex);
            struct agw_v3_output out;
            agw_v3_output_init(&out);
            struct agw_v3_input in = {.alg = algs[a],
                                      .method = "POST",
                                      .body = bodies[b],
                                      .body_len = strlen(bodies[b]),
                                      .access_key_id = "k",
                                      .access_key_secret = "s"};
            CHECK(agw_v3_sign(&in, &out) == 0);
            CHECK_STR(out.hashed_payload, hex);
            struct agw_params headers;
            agw_params_init(&headers);
            struct agw_v3_request req = {.alg = algs[a],
                                         .method = "POST",
                                         .host = "h",
                                         .body = bodies[b],
                                         .body_len = strlen(bodies[b]),
                                         .action = "A",
                                         .version = "V",
                                         .timestamp = "T",
                                         .nonce = "N",
                                         .access_key_id = "k",
                                         .access_key_secret = "s"};
            CHECK(agw_v3_sign_request(&req, &headers, &out) == 0);
            CHECK_STR(agw_params_get(&headers, "x-acs-content-sha256"), hex);
            CHECK_STR(out.hashed_payload, hex);
            agw_params_free(&headers);
            agw_v3_output_free(&out);
        }
    }
}

static void test_v3_request_errors(void)
{
    struct agw_params headers;
    struct agw_v3_output out;
    agw_params_init(&headers);
    agw_v3_output_init(&out);
    CHECK(agw_params_add(&headers, "accept", "application/json") == 0);
    struct agw_v3_request req = {
        .method = "POST",
        .host = "h",
        .action = "SetDomain",
        .version = "2016-07-14",
        .timestamp = "2024-05-01T12:00:00Z",
        .nonce = "n1",
        .access_key_id = "id",
        .access_key_secret = NULL,
    };
    CHECK(agw_v3_sign_request(&req, &headers, &out) == -1);
    CHECK(headers.n == 1); /* untouched on failure */
    req.access_key_secret = "s";
    req.body_len = 3; /* no body pointer */
    CHECK(agw_v3_sign_request(&req, &headers, &out) == -1);
    CHECK(headers.n == 1);
    req.body_len = 0;
    CHECK(agw_v3_sign_request(&req, &headers, &out) == 0);
    CHECK(headers.n == 1 + 6 + 1);
    char sig1[65];
    memcpy(sig1, out.signature, sizeof sig1);

    /* A new nonce is a new signature; the same inputs the same one (pure). */
    struct agw_params h2;
    agw_params_init(&h2);
    CHECK(agw_v3_sign_request(&req, &h2, &out) == 0);
    CHECK_STR(out.signature, sig1);
    agw_params_free(&h2);
    req.nonce = "n2";
    CHECK(agw_v3_sign_request(&req, &h2, &out) == 0);
    CHECK(strcmp(out.signature, sig1) != 0);
    agw_params_free(&h2);

    agw_v3_output_free(&out);
    agw_params_free(&headers);
}

static void test_parse_authorization(void)
{
    enum agw_v3_alg alg = AGW_V3_HMAC_SM3;
    char id[64], sh[256], sig[65];
    const char *good = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action,"
                       "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    CHECK(agw_v3_parse_authorization(good, &alg, id, sizeof id, sh, sizeof sh, sig, sizeof sig) ==
          0);
    CHECK(alg == AGW_V3_HMAC_SHA256);
    CHECK_STR(id, "testid");
    CHECK_STR(sh, "host;x-acs-action");
    CHECK_STR(sig, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

    CHECK(agw_v3_parse_authorization("ACS3-HMAC-SM3 Credential=STS.x,SignedHeaders=host,"
                                     "Signature=ab12",
                                     &alg, id, sizeof id, sh, sizeof sh, sig, sizeof sig) == 0);
    CHECK(alg == AGW_V3_HMAC_SM3);
    CHECK_STR(id, "STS.x");

    /* Truncated to the buffers given; NULL buffers are skipped. */
    char small[4];
    CHECK(agw_v3_parse_authorization(good, NULL, small, sizeof small, NULL, 0, NULL, 0) == 0);
    CHECK_STR(small, "tes");

    const char *bad[] = {
        "",
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=ab",
        "ACS3-RSA-SHA256 Credential=a,SignedHeaders=host,Signature=ab",
        "acs3-hmac-sha256 Credential=a,SignedHeaders=host,Signature=ab",
        "ACS3-HMAC-SHA256  Credential=a,SignedHeaders=host,Signature=ab",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=ab",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=,Signature=ab",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=AB",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=ab ",
        "ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=ab",
        "ACS3-HMAC-SHA256 SignedHeaders=host,Credential=a,Signature=ab",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=ab,Extra=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (agw_v3_parse_authorization(bad[i], &alg, id, sizeof id, sh, sizeof sh, sig,
                                       sizeof sig) != -1) {
            printf("FAIL parse_authorization accepted \"%s\"\n", bad[i]);
            failures++;
        }
    }
    CHECK(agw_v3_parse_authorization(NULL, &alg, id, sizeof id, sh, sizeof sh, sig, sizeof sig) ==
          -1);
    CHECK_STR(agw_v3_alg_name(AGW_V3_HMAC_SHA256), "ACS3-HMAC-SHA256");
    CHECK_STR(agw_v3_alg_name(AGW_V3_HMAC_SM3), "ACS3-HMAC-SM3");
}

static void test_rpc_errors(void)
{
    struct agw_params p;
    struct agw_rpc_output out;
    agw_params_init(&p);
    agw_rpc_output_init(&out);
    CHECK(agw_rpc_sign("GET", &p, NULL, &out) == -1);
    CHECK(agw_rpc_sign(NULL, &p, "s", &out) == -1);
    /* No parameters at all still signs: "GET&%2F&". */
    CHECK(agw_rpc_sign("GET", &p, "s", &out) == 0);
    CHECK_STR(agw_buf_str(&out.string_to_sign), "GET&%2F&");
    CHECK(strlen(out.signature) == 28);
    /* A secret with &, + and spaces is used verbatim (key = secret + "&"). */
    CHECK(agw_params_add(&p, "k", "v") == 0);
    CHECK(agw_rpc_sign("GET", &p, "a&b +c", &out) == 0);
    char s1[29];
    memcpy(s1, out.signature, sizeof s1);
    CHECK(agw_rpc_sign("GET", &p, "a&b +c&", &out) == 0);
    CHECK(strcmp(s1, out.signature) != 0);
    struct agw_rpc_request req = {.method = "GET", .action = "A"};
    CHECK(agw_rpc_sign_request(&req, &p, &out) == -1);
    agw_rpc_output_free(&out);
    agw_rpc_output_free(NULL);
    agw_params_free(&p);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s signing-vectors.json\n", argv[0]);
        return 2;
    }
    cJSON *vectors = agw_test_load_vectors(argv[1]);
    if (!vectors) return 1;
    test_vectors_via_requests(vectors);
    cJSON_Delete(vectors);
    test_v3_headers();
    test_v3_payload_hash();
    test_v3_request_errors();
    test_parse_authorization();
    test_rpc_errors();
    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
