/* The seed and state loaders on bytes: text that is not UTF-8 is refused, integers outside
 * their range (or not whole) are refused naming the field before anything converts them,
 * and a state that loads saves back to the same text (load, save, load). */
#include "test_emu_model_util.h"

#include "persist.h"
#include "store.h"
#include "wipe.h"

#define GID "927d50c0f2e54b359919923d908bb015"
#define SID "00000000000000000000000000000001"

/* A state file with one group, one domain and a certificate; %s marks the fields tested:
 * root seq, group created, group seq, cert valid_start. */
static const char state_fmt[] =
    "{\"groups\":[{\"stage_ids\":[\"" SID "\",\"" SID "\",\"" SID "\"],\"tags\":[{\"Key\":\"k\","
    "\"Value\":\"v\\u00e9\"}],\"domains\":[{\"DomainName\":\"a.example.com\",\"BindStageName\":"
    "\"\",\"CustomDomainType\":\"INTERNET\",\"IsHttpRedirectToHttps\":false,\"legal_abnormal\":"
    "false,\"DomainRemark\":\"\",\"websocket_open\":true,\"cert\":{\"id\":\"c1\",\"name\":\"n\","
    "\"body\":\"B\",\"private_key\":\"K\",\"valid_start\":%s,\"valid_end\":1704067200000}}],"
    "\"GroupId\":\"" GID "\",\"GroupName\":\"g_one\",\"Description\":\"d\",\"BasePath\":\"/\","
    "\"region\":\"cn-hangzhou\",\"account\":\"a\",\"created\":%s,\"modified\":1700000001,"
    "\"seq\":%s,\"attrs\":{}}],\"format\":\"apigw-emulator-state\",\"version\":1,\"seq\":%s}";

static char *state_text(const char *root_seq, const char *created, const char *group_seq,
                        const char *valid_start)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, state_fmt, valid_start, created, group_seq, root_seq);
    return buf;
}

/* parse, and on success serialise; returns the text (free with agw_wipe_free_n) or NULL. */
static char *load_save(const char *text, size_t len, struct agw_err *err)
{
    struct agw_emu_store s;
    agw_emu_store_init(&s);
    agw_err_clear(err);
    if (agw_emu_persist_parse(&s, text, len, "state.json", err) != 0) return NULL;
    size_t n = 0;
    char *out = agw_emu_persist_serialise(&s, &n);
    agw_emu_store_free(&s);
    return out;
}

static void expect_state_refused(const char *text, size_t len, const char *needle)
{
    struct agw_err err;
    char *out = load_save(text, len, &err);
    CHECKF(out == NULL, "refused: %s", needle);
    if (out) agw_wipe_free_n(out, strlen(out));
    CHECK_STR(err.code, "InvalidState");
    CHECK_HAS(err.message, "state file state.json: ");
    CHECK_HAS(err.message, needle);
}

static void test_state_round_trip(void)
{
    static const char *const seqs[] = {"0", "7", "9007199254740992"};
    for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
        const char *t = state_text(seqs[i], "1700000000", seqs[i], "-9007199254740992");
        struct agw_err err;
        char *once = load_save(t, strlen(t), &err);
        CHECKF(once != NULL, "seq %s loads: %s", seqs[i], err.message);
        if (!once) continue;
        char want[40];
        snprintf(want, sizeof want, "\"seq\":%s", seqs[i]);
        CHECK_HAS(once, want);
        CHECK_HAS(once, "\"valid_start\":-9007199254740992");
        char *twice = load_save(once, strlen(once), &err);
        CHECK(twice != NULL);
        if (twice) CHECK_STR(twice, once);
        agw_wipe_free_n(once, strlen(once));
        if (twice) agw_wipe_free_n(twice, strlen(twice));
    }
}

static void test_state_numbers_refused(void)
{
    static const char *const bad[] = {"-1", "1e19", "1.5", "9007199254740994", "-1e300", "\"1\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *t = state_text(bad[i], "1700000000", "1", "0");
        expect_state_refused(t, strlen(t), "seq must be an integer from 0 to 9007199254740992");
        t = state_text("1", "1700000000", bad[i], "0");
        expect_state_refused(t, strlen(t),
                             "groups[0].seq must be an integer from 0 to 9007199254740992");
        t = state_text("1", bad[i], "1", "0");
        expect_state_refused(t, strlen(t), "groups[0].created must be an integer");
    }
    const char *t = state_text("1", "1700000000", "1", "1e300");
    expect_state_refused(t, strlen(t),
                         "groups[0].domains[0].cert.valid_start must be an integer from "
                         "-9007199254740992 to 9007199254740992");
    t = state_text("1", "1700000000", "1", "0");
    char v2[4096];
    snprintf(v2, sizeof v2, "%s", t);
    char *ver = strstr(v2, "\"version\":1");
    if (ver) ver[10] = '2';
    expect_state_refused(v2, strlen(v2), "its version is not supported");
}

static void test_state_utf8(void)
{
    char t[4096];
    snprintf(t, sizeof t, "%s", state_text("1", "1700000000", "1", "0"));
    char *d = strstr(t, "\"Description\":\"d\"");
    if (d) d[15] = '\xff'; /* the description's byte */
    size_t off = d ? (size_t)(d + 15 - t) : 0;
    char want[64];
    snprintf(want, sizeof want, "it is not valid UTF-8 (byte %zu)", off);
    expect_state_refused(t, strlen(t), want);
}

static void expect_seed_refused(const char *seed, size_t len, const char *needle)
{
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_emu_model_open(&m, seed, len, NULL, NULL, &err) == -1);
    CHECK(m == NULL);
    CHECK_STR(err.code, "InvalidSeed");
    CHECK_HAS(err.message, needle);
    agw_emu_model_free(m);
}

#define KEYS "{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"}]"

static void test_seed_loader(void)
{
    static const char *const bad[] = {"1e19", "-1e19", "9.3e18", "1e300", "0.5", "1000001", "-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char seed[256];
        snprintf(seed, sizeof seed, KEYS ",\"behaviour\":{\"groups_per_region\":%s}}", bad[i]);
        expect_seed_refused(seed, strlen(seed),
                            "seed: behaviour.groups_per_region must be an integer from 0 to "
                            "1000000");
        snprintf(seed, sizeof seed, KEYS ",\"behaviour\":{\"describe_missing_status\":%s}}",
                 bad[i]);
        expect_seed_refused(seed, strlen(seed),
                            "seed: behaviour.describe_missing_status must be an integer from 400 "
                            "to 599");
    }
    const char ok[] = KEYS ",\"behaviour\":{\"groups_per_region\":1000000,"
                           "\"describe_missing_status\":4.04e2}}";
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    CHECK(agw_emu_model_open(&m, ok, strlen(ok), NULL, NULL, &err) == 0);
    agw_emu_model_free(m);

    const char not_utf8[] = KEYS ",\"groups\":[{\"GroupName\":\"ab\xff\xfe"
                                 "cd\"}]}";
    expect_seed_refused(not_utf8, strlen(not_utf8), "seed: not valid UTF-8 (byte 69)");
}

int main(void)
{
    test_state_round_trip();
    test_state_numbers_refused();
    test_state_utf8();
    test_seed_loader();
    return test_result("test_emu_model_load");
}
