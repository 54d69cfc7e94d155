/* API groups (create, describe, list with paging, modify, delete, quota), accounts and
 * keys, the seed's validation and the built-in default seed. */
#include "test_emu_model_util.h"

#include "err.h"

static struct emt T;

static void test_create_describe(void)
{
    char *seed = test_seed("\"groups_per_region\":6");
    CHECK(emt_open(&T, seed, NULL, NULL) == 0);
    free(seed);
    emt_call(&T, "CreateApiGroup", NULL);
    CHECK_ANS(&T, 400, "MissingGroupName");
    emt_call(&T, "CreateApiGroup", "GroupName", "1abc", NULL);
    CHECK_ANS(&T, 400, "InvalidGroupName");
    emt_call(&T, "CreateApiGroup", "GroupName", "abc", NULL);
    CHECK_ANS(&T, 400, "InvalidGroupName");
    emt_call(&T, "CreateApiGroup", "GroupName", "group_one", NULL);
    CHECK_ANS(&T, 400, "RepeatedGroupName");
    char desc[200];
    memset(desc, 'd', 181);
    desc[181] = '\0';
    emt_call(&T, "CreateApiGroup", "GroupName", "fresh_group", "Description", desc, NULL);
    CHECK_ANS(&T, 400, "InvalidDescription");

    emt_call(&T, "CreateApiGroup", "GroupName", "fresh_group", "Description", "hello", "Tag.1.Key",
             "env", "Tag.1.Value", "test", NULL);
    CHECK_OK(&T);
    char gid[64];
    snprintf(gid, sizeof gid, "%s", emt_str(&T, "GroupId") ? emt_str(&T, "GroupId") : "");
    CHECK(strlen(gid) == 32 && strspn(gid, "0123456789abcdef") == 32);
    char sub[128];
    snprintf(sub, sizeof sub, "%s-cn-hangzhou.alicloudapi.com", gid);
    CHECK_STR(emt_str(&T, "SubDomain"), sub);
    CHECK_STR(emt_str(&T, "GroupName"), "fresh_group");
    CHECK_STR(emt_str(&T, "Description"), "hello");
    CHECK_STR(emt_str(&T, "BasePath"), "/");
    CHECK_STR(emt_str(&T, "InstanceType"), "VPC_SHARED");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(T.ans.body, "TagStatus")));

    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "GroupId"), gid);
    CHECK_STR(emt_str(&T, "RegionId"), "cn-hangzhou");
    CHECK_STR(emt_str(&T, "SubDomain"), sub);
    CHECK_STR(emt_str(&T, "Status"), "NORMAL");
    CHECK(emt_num(&T, "TrafficLimit") == 500);
    CHECK(emt_str(&T, "CreatedTime") && strlen(emt_str(&T, "CreatedTime")) == 20);
    const cJSON *stages = emt_list(&T, "StageItems", "StageInfo");
    CHECK(cJSON_GetArraySize(stages) == 3);
    CHECK_STR(item_str(cJSON_GetArrayItem(stages, 2), "StageName"), "RELEASE");
    CHECK(strlen(item_str(cJSON_GetArrayItem(stages, 0), "StageId")) == 32);
    CHECK(cJSON_GetArraySize(emt_list(&T, "CustomDomains", "DomainItem")) == 0);
    const cJSON *tags = emt_list(&T, "Tags", "TagInfo");
    CHECK_STR(item_str(cJSON_GetArrayItem(tags, 0), "Value"), "test");

    /* quota: acc1 has G1, G2 and fresh_group in cn-hangzhou (G4 is in cn-beijing) */
    char name[32];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "extra_%d", i);
        emt_call(&T, "CreateApiGroup", "GroupName", name, NULL);
        if (i < 3)
            CHECK_OK(&T);
        else
            CHECK_ANS(&T, 400, "ExceedLimitGroup");
    }
    /* another account has its own quota and cannot see acc1's groups */
    emt_as(&T, "AK3");
    emt_call(&T, "CreateApiGroup", "GroupName", "extra_0", NULL);
    CHECK_OK(&T);
    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_call(&T, "DeleteApiGroup", "GroupId", gid, NULL); /* not its group: as if absent */
    CHECK_OK(&T);
    emt_as(&T, "AK1");
    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    CHECK_OK(&T);
    /* a group of another region */
    emt_call(&T, "DescribeApiGroup", "GroupId", G4, NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_close(&T);
}

static void test_list_paging(void)
{
    char *seed = test_seed("");
    CHECK(emt_open(&T, seed, NULL, NULL) == 0);
    free(seed);
    char name[32];
    for (int i = 0; i < 21; i++) {
        snprintf(name, sizeof name, "page_group_%02d", i);
        CHECK(emt_call(&T, "CreateApiGroup", "GroupName", name, NULL) == 200);
    }
    /* acc1 in cn-hangzhou: G1, G2 and 21 new ones */
    emt_call(&T, "DescribeApiGroups", NULL);
    CHECK_OK(&T);
    CHECK(emt_num(&T, "TotalCount") == 23);
    CHECK(emt_num(&T, "PageNumber") == 1);
    CHECK(emt_num(&T, "PageSize") == 10);
    const cJSON *arr = emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute");
    CHECK(cJSON_GetArraySize(arr) == 10);
    /* newest change first by default */
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "GroupName"), "page_group_20");
    emt_call(&T, "DescribeApiGroups", "PageNumber", "3", NULL);
    CHECK(cJSON_GetArraySize(emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute")) == 3);
    emt_call(&T, "DescribeApiGroups", "PageNumber", "4", NULL);
    CHECK_OK(&T);
    CHECK(cJSON_GetArraySize(emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute")) == 0);
    emt_call(&T, "DescribeApiGroups", "PageSize", "50", "Sort", "asc", NULL);
    arr = emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute");
    CHECK(cJSON_GetArraySize(arr) == 23);
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "GroupId"), G1);
    emt_call(&T, "DescribeApiGroups", "PageSize", "51", NULL);
    CHECK_ANS(&T, 400, "InvalidPageSize");
    emt_call(&T, "DescribeApiGroups", "PageNumber", "0", NULL);
    CHECK_ANS(&T, 400, "InvalidPageNumber");
    emt_call(&T, "DescribeApiGroups", "PageNumber", "x", NULL);
    CHECK_ANS(&T, 400, "InvalidPageNumber");
    /* strict decimal integers: no sign, no space, nothing past the service's Integer range */
    static const char *const bad_numbers[] = {" +1",
                                              "+1",
                                              "1 ",
                                              " 1",
                                              "-1",
                                              "1x",
                                              "0x10",
                                              "1e2",
                                              "",
                                              "2147483648",
                                              "99999999999999999999",
                                              "1152921504606846977",
                                              "18446744073709551617"};
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        emt_call(&T, "DescribeApiGroups", "PageNumber", bad_numbers[i], NULL);
        if (bad_numbers[i][0])
            CHECK_ANS(&T, 400, "InvalidPageNumber");
        else
            CHECK_OK(&T); /* empty: absent, the default */
        emt_call(&T, "DescribeApiGroups", "PageSize", bad_numbers[i], NULL);
        if (bad_numbers[i][0]) CHECK_ANS(&T, 400, "InvalidPageSize");
    }
    emt_call(&T, "DescribeApiGroups", "PageNumber", "1152921504606846977", "PageSize", "16", NULL);
    CHECK_ANS(&T, 400, "InvalidPageNumber"); /* (page - 1) * 16 wrapped to 0: page 1 */
    /* the last page the service can be asked for: empty, no wrap-around */
    emt_call(&T, "DescribeApiGroups", "PageNumber", "2147483647", "PageSize", "50", NULL);
    CHECK_OK(&T);
    CHECK(emt_num(&T, "PageNumber") == 2147483647);
    CHECK(cJSON_GetArraySize(emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute")) == 0);
    emt_call(&T, "DescribeApiGroups", "PageNumber", "03", NULL); /* leading zeros: still 3 */
    CHECK(cJSON_GetArraySize(emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute")) == 3);
    /* filters */
    emt_call(&T, "DescribeApiGroups", "GroupName", "group_1", NULL);
    CHECK(emt_num(&T, "TotalCount") == 10); /* page_group_10 .. 19 */
    emt_call(&T, "DescribeApiGroups", "GroupId", G2, NULL);
    CHECK(emt_num(&T, "TotalCount") == 1);
    emt_call(&T, "DescribeApiGroups", "GroupId", G3, NULL); /* acc2's */
    CHECK(emt_num(&T, "TotalCount") == 0);
    /* a change moves a group to the front */
    CHECK(emt_call(&T, "ModifyApiGroup", "GroupId", G1, "Description", "changed", NULL) == 200);
    emt_call(&T, "DescribeApiGroups", NULL);
    arr = emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute");
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "GroupId"), G1);
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "Description"), "changed");
    emt_close(&T);
}

static void test_modify_delete(void)
{
    char *seed = test_seed("");
    CHECK(emt_open(&T, seed, NULL, NULL) == 0);
    free(seed);
    emt_call(&T, "ModifyApiGroup", "GroupId", G1, "GroupName", "group_two", NULL);
    CHECK_ANS(&T, 400, "RepeatedGroupName");
    emt_call(&T, "ModifyApiGroup", "GroupId", G1, "GroupName", "x", NULL);
    CHECK_ANS(&T, 400, "InvalidGroupName");
    emt_call(&T, "ModifyApiGroup", "GroupId", G3, "GroupName", "mine_now", NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_call(&T, "ModifyApiGroup", "GroupId", G1, "GroupName", "renamed_one", "BasePath", "/v2",
             "PassthroughHeaders", "host", NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "GroupName"), "renamed_one");
    CHECK_STR(emt_str(&T, "BasePath"), "/v2");
    emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL);
    CHECK_STR(emt_str(&T, "GroupName"), "renamed_one");
    CHECK_STR(emt_str(&T, "PassthroughHeaders"), "host");
    CHECK_STR(emt_str(&T, "Description"), ""); /* omitted: unchanged */

    /* delete: absent is success; deleting frees the group's domains */
    CHECK(emt_call(&T, "DeleteApiGroup", "GroupId", "ffffffffffffffffffffffffffffffff", NULL) ==
          200);
    emt_call(&T, "DeleteApiGroup", NULL);
    CHECK_ANS(&T, 400, "MissingGroupId");
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "shared.example.com", NULL) ==
          200);
    CHECK(emt_call(&T, "DeleteApiGroup", "GroupId", G1, NULL) == 200);
    emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    /* no conflict any more: G2 binds it without IsForce */
    CHECK(emt_call(&T, "SetDomain", "GroupId", G2, "DomainName", "shared.example.com", NULL) ==
          200);
    CHECK(emt_call(&T, "DeleteApiGroup", "GroupId", G1, NULL) == 200);
    emt_close(&T);
}

static void expect_seed_error(const char *seed, const char *needle)
{
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    int rc = agw_emu_model_open(&m, seed, strlen(seed), NULL, NULL, &err);
    CHECK(rc == -1);
    CHECK(m == NULL);
    CHECK(err.kind == AGW_ERR_CONFIG);
    CHECK_HAS(err.message, needle);
    agw_emu_model_free(m);
}

#define KEYS "\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"}]"

static void test_seed_errors(void)
{
    expect_seed_error("{", "not valid JSON");
    expect_seed_error("[]", "top level");
    expect_seed_error("{}", "access_keys");
    expect_seed_error("{" KEYS ",\"grups\":[]}", "'grups'");
    expect_seed_error("{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\",\"scret\":1}]}",
                      "'scret'");
    expect_seed_error("{\"access_keys\":[{\"id\":\"AK1\"}]}", "secret");
    expect_seed_error("{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"},"
                      "{\"id\":\"AK1\",\"secret\":\"t\"}]}",
                      "twice");
    expect_seed_error("{" KEYS ",\"behaviour\":{\"icp\":\"maybe\"}}", "behaviour.icp");
    expect_seed_error("{" KEYS ",\"behaviour\":{\"domains_per_grop\":1}}", "'domains_per_grop'");
    expect_seed_error("{" KEYS ",\"behaviour\":{\"domains_per_group\":-1}}", "domains_per_group");
    expect_seed_error("{" KEYS ",\"behaviour\":{\"describe_missing_status\":200}}",
                      "describe_missing_status");
    expect_seed_error("{" KEYS ",\"behaviour\":{\"conflict_code\":\"\"}}", "conflict_code");
    expect_seed_error("{" KEYS ",\"groups\":[{\"GroupName\":\"ok_name\",\"GroupId\":\"XYZ\"}]}",
                      "GroupId");
    expect_seed_error("{" KEYS ",\"groups\":[{\"GroupId\":\"" G1 "\"}]}", "GroupName");
    expect_seed_error("{" KEYS ",\"groups\":[{\"GroupName\":\"ok_name\",\"regoin\":\"x\"}]}",
                      "'regoin'");
    expect_seed_error("{" KEYS ",\"dns\":{\"a.example.com\":{\"txt\":\"v\"}}}", "txt");
    expect_seed_error("{" KEYS ",\"dns\":{\"a.example.com\":{\"CNAME\":\"v\"}}}", "'CNAME'");
    expect_seed_error("{" KEYS ",\"dns\":{\"a..example.com\":{}}}", "a..example.com");
    expect_seed_error("{" KEYS ",\"icp_filed\":\"example.com\"}", "icp_filed");

    /* a minimal seed works: generated GroupId, keys default to one account */
    const char *ok = "{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"},"
                     "{\"id\":\"AK2\",\"secret\":\"t\"}],"
                     "\"groups\":[{\"GroupName\":\"gen_group\"}]}";
    CHECK(emt_open(&T, ok, NULL, "eu-central-1") == 0);
    emt_call(&T, "DescribeApiGroups", NULL);
    const cJSON *arr = emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute");
    CHECK(cJSON_GetArraySize(arr) == 1);
    const char *gid = item_str(cJSON_GetArrayItem(arr, 0), "GroupId");
    CHECK(gid && strlen(gid) == 32 && strspn(gid, "0123456789abcdef") == 32);
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "RegionId"), "eu-central-1");
    emt_as(&T, "AK2"); /* same (default) account */
    emt_call(&T, "DescribeApiGroups", NULL);
    CHECK(emt_num(&T, "TotalCount") == 1);
    emt_close(&T);
}

static void test_default_seed(void)
{
    const char *text = agw_emu_default_seed();
    cJSON *parsed = text ? cJSON_Parse(text) : NULL;
    CHECK(parsed != NULL);
    cJSON_Delete(parsed);
    CHECK(emt_open(&T, NULL, NULL, NULL) == 0);
    CHECK_STR(T.key->id, "LTAIdemoAccessKeyId01");
    CHECK_STR(T.key->secret, "demoAccessKeySecretForTheEmulator");
    CHECK(T.key->security_token == NULL);
    const struct agw_emu_key *sts = agw_emu_model_key(T.m, "STS.demoStsAccessKeyId");
    CHECK(sts && sts->security_token && strcmp(sts->security_token, "demoSecurityToken") == 0);
    emt_call(&T, "DescribeApiGroups", "Sort", "asc", NULL);
    const cJSON *arr = emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute");
    CHECK(cJSON_GetArraySize(arr) == 2);
    char gid[40], gid_b[40];
    snprintf(gid, sizeof gid, "%s", item_str(cJSON_GetArrayItem(arr, 0), "GroupId"));
    snprintf(gid_b, sizeof gid_b, "%s", item_str(cJSON_GetArrayItem(arr, 1), "GroupId"));
    CHECK_STR(item_str(cJSON_GetArrayItem(arr, 0), "GroupName"), "demo_group");
    static const char *const good[] = {"api.example.com", "verified.example.com",
                                       "x.demo.example.com", "*.demo.example.com", NULL};
    for (const char *const *d = good; *d; d++) {
        emt_call(&T, "SetDomain", "GroupId", gid, "DomainName", *d, NULL);
        CHECK_OK(&T);
        CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
    }
    emt_call(&T, "SetDomain", "GroupId", gid, "DomainName", "api.example.org", NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "ABNORMAL");
    /* the second demo group proves api.example.com by TXT: conflict, then IsForce moves it */
    emt_call(&T, "SetDomain", "GroupId", gid_b, "DomainName", "api.example.com", NULL);
    CHECK_ANS(&T, 400, "DomainAlreadyBind");
    emt_call(&T, "SetDomain", "GroupId", gid_b, "DomainName", "api.example.com", "IsForce", "true",
             NULL);
    CHECK_OK(&T);
    emt_call(&T, "DescribeDomain", "GroupId", gid, "DomainName", "api.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    CHECK(emt_call(&T, "SetDomain", "GroupId", gid, "DomainName", "api.example.com", "IsForce",
                   "true", NULL) == 200);
    /* the STS key of the same account sees the group */
    emt_as(&T, "STS.demoStsAccessKeyId");
    CHECK(emt_call(&T, "DescribeDomain", "GroupId", gid, "DomainName", "api.example.com", NULL) ==
          200);
    emt_as(&T, "LTAIotherAccessKeyId01");
    emt_call(&T, "DescribeDomain", "GroupId", gid, "DomainName", "api.example.com", NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_close(&T);
}

int main(void)
{
    test_create_describe();
    test_list_paging();
    test_modify_delete();
    test_seed_errors();
    test_default_seed();
    return test_result("test_emu_model_groups");
}
