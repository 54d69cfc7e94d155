/* SetWildcardDomainPatterns in the emulator's model: the checks and their order, the patterns
 * in DescribeApiGroup's DomainItem, an empty value clearing them, and the state file keeping
 * them across a restart. */
#include <unistd.h>

#include "test_emu_model_util.h"

static struct emt T;

#define WILD "*.wild.example.com"
#define PAT(...) emt_call(&T, "SetWildcardDomainPatterns", __VA_ARGS__, NULL)

static const char *patterns_of(const char *domain)
{
    emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, emt_list(&T, "CustomDomains", "DomainItem"))
    {
        if (strcmp(item_str(it, "DomainName"), domain) == 0)
            return item_str(it, "WildcardDomainPatterns");
    }
    return NULL;
}

static void test_checks_and_patterns(const char *state)
{
    char *seed = test_seed("");
    CHECK(emt_open(&T, seed, state, NULL) == 0);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", WILD, NULL) == 200);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "a.example.com", NULL) == 200);
    CHECK_STR(patterns_of(WILD), "");

    /* required first, in order; then the group; then the binding; then the values */
    PAT("DomainName", WILD);
    CHECK_ANS(&T, 400, "MissingGroupId");
    PAT("GroupId", "ffffffffffffffffffffffffffffffff", "WildcardDomainPatterns", "x");
    CHECK_ANS(&T, 400, "MissingDomainName");
    PAT("GroupId", G3, "DomainName", WILD, "WildcardDomainPatterns", "x");
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    PAT("GroupId", G1, "DomainName", "*.q.example.com", "WildcardDomainPatterns", "x");
    CHECK_ANS(&T, 400, "NotFoundDomain");
    PAT("GroupId", G1, "DomainName", "a.example.com", "WildcardDomainPatterns", "[\"a\"]");
    CHECK_ANS(&T, 400, "InvalidDomainName");
    CHECK_HAS(T.ans.message, "not a wildcard domain");
    static const char *const bad[] = {"x",     "[1]",      "[\"\"]", "{\"a\":\"b\"}",
                                      "\"a\"", "[\"a\",]", NULL};
    for (const char *const *b = bad; *b; b++) {
        PAT("GroupId", G1, "DomainName", WILD, "WildcardDomainPatterns", *b);
        CHECK_ANS(&T, 400, "InvalidWildcardDomainPatterns");
    }
    CHECK_STR(patterns_of(WILD), ""); /* a refused call changed nothing */

    /* set (kept as canonical JSON, the domain matched case-insensitively), answered, replaced */
    PAT("GroupId", G1, "DomainName", "*.WILD.example.com", "WildcardDomainPatterns",
        "[ \"{svc}.wild.example.com\" , \"b.wild.example.com\" ]");
    CHECK_OK(&T);
    CHECK_STR(patterns_of(WILD), "[\"{svc}.wild.example.com\",\"b.wild.example.com\"]");
    CHECK_STR(patterns_of("a.example.com"), "");
    emt_close(&T);

    if (state) { /* the state file keeps them */
        CHECK(emt_open(&T, seed, state, NULL) == 0);
        CHECK_STR(patterns_of(WILD), "[\"{svc}.wild.example.com\",\"b.wild.example.com\"]");
        emt_close(&T);
        CHECK(emt_open(&T, seed, state, NULL) == 0);
    } else
        CHECK(emt_open(&T, seed, state, NULL) == 0 &&
              emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", WILD, NULL) == 200);
    /* empty or absent clears them */
    PAT("GroupId", G1, "DomainName", WILD, "WildcardDomainPatterns", "[\"x.wild.example.com\"]");
    CHECK_OK(&T);
    PAT("GroupId", G1, "DomainName", WILD, "WildcardDomainPatterns", "");
    CHECK_OK(&T);
    CHECK_STR(patterns_of(WILD), "");
    PAT("GroupId", G1, "DomainName", WILD, "WildcardDomainPatterns", "[\"x.wild.example.com\"]");
    PAT("GroupId", G1, "DomainName", WILD);
    CHECK_OK(&T);
    CHECK_STR(patterns_of(WILD), "");
    emt_close(&T);
    free(seed);
}

int main(void)
{
    test_checks_and_patterns(NULL);
    char dir[] = "/tmp/agw-wildcard.XXXXXX", state[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(state, sizeof state, "%s/state.json", dir);
    test_checks_and_patterns(state);
    unlink(state);
    rmdir(dir);
    return test_result("test_emu_model_wildcard");
}
