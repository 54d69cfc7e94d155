/* Runs every vector of signing-vectors.json through agw_rpc_sign / agw_v3_sign and compares
 * every expected field byte for byte. Usage: test_sign_vectors <signing-vectors.json> */
#include <stdio.h>
#include <string.h>

#include "pe.h"
#include "rpc.h"
#include "test_sign_json.h"
#include "v3.h"

/* The file holds 34 vectors; running fewer means the file or this test lost some. */
#define EXPECTED_VECTORS 34

struct field {
    const char *name;
    const char *value;
};

/* Vector fields that contradict the rest of their own vector, so that no signer can match
 * them together with it. Two SDK unit-test vectors give signed_headers
 * "x-acs-content-sha256;x-acs-test" while their canonical_request and authorization (and so
 * their signature) say SignedHeaders=x-acs-test. For these, and only these, the field is
 * checked against the vector's own authorization instead, and the test also asserts that
 * the contradiction is still there: once the file is corrected, this list must go. */
static const struct {
    const char *vector;
    const char *field;
} contradictory[] = {
    {"v3-sdkgo-getAuthorization-unit", "signed_headers"},
    {"v3-sdkpy-getAuthorization-unit", "signed_headers"},
};

static int is_contradictory(const char *vector, const char *field)
{
    for (size_t i = 0; i < sizeof contradictory / sizeof contradictory[0]; i++)
        if (!strcmp(contradictory[i].vector, vector) && !strcmp(contradictory[i].field, field))
            return 1;
    return 0;
}

/* For a listed vector: our signed_headers must equal the SignedHeaders of the vector's own
 * expected authorization and the signed-headers line of its canonical request, and the
 * listed field must still disagree with them. Returns 1 when all of that holds. */
static int check_contradiction(const char *name, const cJSON *expected, const char *ours)
{
    const char *sh = agw_test_str(expected, "signed_headers");
    const char *auth = agw_test_str(expected, "authorization");
    const char *creq = agw_test_str(expected, "canonical_request");
    char in_auth[512];
    if (!sh || !auth || !creq ||
        agw_v3_parse_authorization(auth, NULL, NULL, 0, in_auth, sizeof in_auth, NULL, 0) != 0) {
        printf("FAIL %s: listed as contradictory but its fields are missing\n", name);
        return 0;
    }
    /* the canonical request's second-to-last line is its SignedHeaders */
    const char *last = strrchr(creq, '\n');
    const char *prev = last;
    while (prev && prev > creq && prev[-1] != '\n')
        prev--;
    int creq_ok = last && prev && (size_t)(last - prev) == strlen(in_auth) &&
                  strncmp(prev, in_auth, strlen(in_auth)) == 0;
    if (strcmp(sh, in_auth) == 0) {
        printf("FAIL %s: signed_headers now agrees with the authorization: remove it from the "
               "contradictory list\n",
               name);
        return 0;
    }
    if (!creq_ok || strcmp(ours, in_auth) != 0) {
        printf("FAIL %s: signed_headers \"%s\" differs from the vector's own authorization "
               "(SignedHeaders=%s)\n",
               name, ours, in_auth);
        return 0;
    }
    printf("KNOWN %s: the file's signed_headers \"%s\" contradicts its own canonical request "
           "and authorization (SignedHeaders=%s); ours matches those\n",
           name, sh, in_auth);
    return 1;
}

/* Compares every member of expected with the computed field of the same name. An expected
 * field we do not compute is a failure too: nothing in the file goes unchecked. */
static int compare(const char *vname, const cJSON *expected, const struct field *got, size_t n)
{
    int ok = 1, fields = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, expected)
    {
        fields++;
        const char *value = NULL;
        int known = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(got[i].name, e->string) == 0) {
                value = got[i].value;
                known = 1;
            }
        }
        if (known && cJSON_IsString(e) && is_contradictory(vname, e->string)) {
            if (!check_contradiction(vname, expected, value ? value : "")) ok = 0;
        } else if (!known || !cJSON_IsString(e)) {
            printf("FAIL %s: expected field '%s' is not one this test computes\n", vname,
                   e->string);
            ok = 0;
        } else if (!value || strcmp(value, e->valuestring) != 0) {
            printf("FAIL %s: %s differs\n  expected: %s\n  got:      %s\n", vname, e->string,
                   e->valuestring, value ? value : "(nothing)");
            ok = 0;
        }
    }
    if (fields == 0) {
        printf("FAIL %s: no expected fields\n", vname);
        ok = 0;
    }
    return ok;
}

/* V2: the signed set is query ∪ body_params (docs/signing.md 8). */
static int run_rpc(const char *name, const cJSON *in, const cJSON *expected)
{
    struct agw_params params;
    struct agw_rpc_output out;
    struct agw_buf sig_enc;
    int ok = 0;
    agw_params_init(&params);
    agw_rpc_output_init(&out);
    agw_buf_init(&sig_enc, 0);
    const char *method = agw_test_str(in, "method");
    const char *secret = agw_test_str(in, "access_key_secret");
    if (!method || !secret ||
        agw_test_add_members(&params, cJSON_GetObjectItemCaseSensitive(in, "query")) != 0 ||
        agw_test_add_members(&params, cJSON_GetObjectItemCaseSensitive(in, "body_params")) != 0) {
        printf("FAIL %s: unreadable inputs\n", name);
    } else if (agw_rpc_sign(method, &params, secret, &out) != 0 ||
               agw_pe_appends(&sig_enc, out.signature) != 0) {
        printf("FAIL %s: agw_rpc_sign returned an error\n", name);
    } else {
        struct field got[] = {
            {"canonicalized_query_string", agw_buf_str(&out.canonical_query)},
            {"string_to_sign", agw_buf_str(&out.string_to_sign)},
            {"signature", out.signature},
            {"signature_param_urlencoded", agw_buf_str(&sig_enc)},
        };
        ok = compare(name, expected, got, sizeof got / sizeof got[0]);
    }
    agw_buf_free(&sig_enc);
    agw_rpc_output_free(&out);
    agw_params_free(&params);
    return ok;
}

/* V3: inputs.headers is exactly the set to canonicalise; hashed_payload_override, when
 * present, replaces the body hash (docs/signing.md 8). */
static int run_v3(const char *name, enum agw_v3_alg alg, const cJSON *in, const cJSON *expected)
{
    struct agw_params query, headers;
    struct agw_v3_output out;
    int ok = 0;
    agw_params_init(&query);
    agw_params_init(&headers);
    agw_v3_output_init(&out);
    const char *body = agw_test_str(in, "body");
    struct agw_v3_input vin = {
        .alg = alg,
        .method = agw_test_str(in, "method"),
        .path = agw_test_str(in, "path"),
        .query = &query,
        .headers = &headers,
        .body = body,
        .body_len = body ? strlen(body) : 0,
        .hashed_payload = agw_test_str(in, "hashed_payload_override"),
        .access_key_id = agw_test_str(in, "access_key_id"),
        .access_key_secret = agw_test_str(in, "access_key_secret"),
    };
    if (!vin.method || !vin.access_key_id || !vin.access_key_secret ||
        agw_test_add_members(&query, cJSON_GetObjectItemCaseSensitive(in, "query")) != 0 ||
        agw_test_add_members(&headers, cJSON_GetObjectItemCaseSensitive(in, "headers")) != 0) {
        printf("FAIL %s: unreadable inputs\n", name);
    } else if (agw_v3_sign(&vin, &out) != 0) {
        printf("FAIL %s: agw_v3_sign returned an error\n", name);
    } else {
        struct field got[] = {
            {"canonical_request", agw_buf_str(&out.canonical_request)},
            {"hashed_payload", out.hashed_payload},
            {"string_to_sign", agw_buf_str(&out.string_to_sign)},
            {"signed_headers", agw_buf_str(&out.signed_headers)},
            {"signature", out.signature},
            {"authorization", agw_buf_str(&out.authorization)},
        };
        ok = compare(name, expected, got, sizeof got / sizeof got[0]);
    }
    agw_v3_output_free(&out);
    agw_params_free(&headers);
    agw_params_free(&query);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s signing-vectors.json\n", argv[0]);
        return 2;
    }
    cJSON *vectors = agw_test_load_vectors(argv[1]);
    if (!vectors) return 1;
    int ran = 0, passed = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors)
    {
        const char *name = agw_test_str(v, "name");
        const char *alg = agw_test_str(v, "algorithm");
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "inputs");
        const cJSON *expected = cJSON_GetObjectItemCaseSensitive(v, "expected");
        int ok = 0;
        ran++;
        if (!name) name = "(unnamed)";
        if (!alg || !cJSON_IsObject(in) || !cJSON_IsObject(expected))
            printf("FAIL %s: malformed vector\n", name);
        else if (strncmp(alg, "HMAC-SHA1", 9) == 0)
            ok = run_rpc(name, in, expected);
        else if (strcmp(alg, "ACS3-HMAC-SHA256") == 0)
            ok = run_v3(name, AGW_V3_HMAC_SHA256, in, expected);
        else if (strcmp(alg, "ACS3-HMAC-SM3") == 0)
            ok = run_v3(name, AGW_V3_HMAC_SM3, in, expected);
        else
            printf("FAIL %s: unknown algorithm '%s'\n", name, alg);
        if (ok) {
            printf("PASS %s\n", name);
            passed++;
        }
    }
    cJSON_Delete(vectors);
    printf("%d of %d vectors passed (%d expected)\n", passed, ran, EXPECTED_VECTORS);
    if (ran < EXPECTED_VECTORS) {
        printf("FAIL: only %d vectors ran, expected %d\n", ran, EXPECTED_VECTORS);
        return 1;
    }
    return passed == ran ? 0 : 1;
}
