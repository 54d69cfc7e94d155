/* SetDomain and the other domain actions against docs/service-behaviour.md Part A: check order,
 * every code and status, IsForce, update, quota, ICP, DNS (CNAME, wildcard, TXT), DescribeDomain's
 * configurable 404, deletes of absent things, websocket status. */
#include "test_emu_model_util.h"

static struct emt T;

static int open_with(const char *behaviour, const char *region)
{
    char *seed = test_seed(behaviour);
    int rc = emt_open(&T, seed, NULL, region);
    free(seed);
    if (rc != 0) fprintf(stderr, "open: %s\n", T.err.message);
    return rc;
}

#define SET(...) emt_call(&T, "SetDomain", __VA_ARGS__, NULL)

/* Two failing checks at once: the earlier one in the order of docs/service-behaviour.md A.1
 * answers. */
static void test_check_order(void)
{
    open_with("\"domains_per_group\":1,\"icp\":\"reject\"", NULL);
    /* 1 required params, in the listed order */
    SET("Foo", "bar");
    CHECK_ANS(&T, 400, "MissingGroupId");
    CHECK_HAS(T.ans.message, "GroupId");
    SET("GroupId", "", "DomainName", "a.example.com");
    CHECK_ANS(&T, 400, "MissingGroupId");
    /* 1 before 2: unknown group, DomainName missing */
    SET("GroupId", "ffffffffffffffffffffffffffffffff");
    CHECK_ANS(&T, 400, "MissingDomainName");
    SET("GroupId", "ffffffffffffffffffffffffffffffff", "DomainName", "");
    CHECK_ANS(&T, 400, "MissingDomainName");
    /* 2 before 3: unknown group and a bad name */
    SET("GroupId", "ffffffffffffffffffffffffffffffff", "DomainName", "-bad-.example.com");
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    /* 2: a group of another region, and of another account, look missing */
    SET("GroupId", G4, "DomainName", "a.example.com");
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    SET("GroupId", G3, "DomainName", "a.example.com");
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    /* 3 before 4 */
    SET("GroupId", G1, "DomainName", "bad..example.com", "BindStageName", "PROD");
    CHECK_ANS(&T, 400, "InvalidDomainName");
    /* 4 before 5: bad enums/booleans with a domain that does not resolve */
    SET("GroupId", G1, "DomainName", "nowhere.example.com", "BindStageName", "PROD");
    CHECK_ANS(&T, 400, "InvalidBindStageName");
    SET("GroupId", G1, "DomainName", "nowhere.example.com", "CustomDomainType", "intranet");
    CHECK_ANS(&T, 400, "InvalidCustomDomainType");
    SET("GroupId", G1, "DomainName", "nowhere.example.com", "IsForce", "True");
    CHECK_ANS(&T, 400, "InvalidIsForce");
    SET("GroupId", G1, "DomainName", "nowhere.example.com", "IsHttpRedirectToHttps", "1");
    CHECK_ANS(&T, 400, "InvalidIsHttpRedirectToHttps");
    /* 5 before 6: held by G1; G2 has no proof for b.example.com */
    CHECK(SET("GroupId", G1, "DomainName", "b.example.com") == 200);
    SET("GroupId", G2, "DomainName", "b.example.com");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    /* 6 before 7: G1 is full (quota 1); shared.example.com held by G2 of the same account */
    CHECK(SET("GroupId", G2, "DomainName", "shared.example.com") == 200);
    SET("GroupId", G1, "DomainName", "shared.example.com");
    CHECK_ANS(&T, 400, "DomainAlreadyBind");
    /* 7 before 8: G1 full and x.example.net has no ICP filing (reject mode) */
    SET("GroupId", G1, "DomainName", "x.example.net");
    CHECK_ANS(&T, 400, "ExceedLimitDomain");
    /* 8 alone: free a place, then the ICP check answers */
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G1, "DomainName", "b.example.com", NULL) == 200);
    SET("GroupId", G1, "DomainName", "x.example.net");
    CHECK_ANS(&T, 400, "InvalidICPLicense");
    CHECK_HAS(T.ans.message, "x.example.net");
    /* a refused SetDomain changed nothing */
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "x.example.net", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    emt_call(&T, "DescribeDomain", "GroupId", G2, "DomainName", "shared.example.com", NULL);
    CHECK_OK(&T);
    emt_close(&T);
}

static void test_success_fields(void)
{
    open_with("", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "A.Example.com") == 200);
    CHECK_STR(emt_str(&T, "GroupId"), G1);
    CHECK_STR(emt_str(&T, "DomainName"), "a.example.com");
    CHECK_STR(emt_str(&T, "SubDomain"), S1);
    CHECK_STR(emt_str(&T, "DomainBindingStatus"), "BINDING");
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
    CHECK_STR(emt_str(&T, "DomainWebSocketStatus"), "CLOSE");
    CHECK_STR(emt_str(&T, "DomainRemark"), "");
    CHECK(cJSON_GetObjectItemCaseSensitive(T.ans.body, "RequestId") == NULL);

    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "DomainCNAMEStatus"), "RESOLVED");
    CHECK_STR(emt_str(&T, "SubDomain"), S1);
    CHECK_STR(emt_str(&T, "DomainBindingStatus"), "BINDING");
    CHECK(emt_str(&T, "CertificateId") == NULL); /* no certificate yet */

    /* websocket */
    emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "a.example.com",
             "ActionValue", "SOMETIMES", NULL);
    CHECK_ANS(&T, 400, "InvalidActionValue");
    emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "MissingActionValue");
    emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "zz.example.com",
             "ActionValue", "OPEN", NULL);
    CHECK_ANS(&T, 400, "NotFoundDomain");
    emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "a.example.com",
             "ActionValue", "OPEN", NULL);
    CHECK_OK(&T);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_STR(emt_str(&T, "DomainWebSocketStatus"), "OPEN");
    /* an update keeps it */
    SET("GroupId", G1, "DomainName", "a.example.com");
    CHECK_STR(emt_str(&T, "DomainWebSocketStatus"), "OPEN");
    emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "a.example.com",
             "ActionValue", "CLOSE", NULL);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_STR(emt_str(&T, "DomainWebSocketStatus"), "CLOSE");

    /* a CNAME chain reaches the SubDomain */
    CHECK(SET("GroupId", G1, "DomainName", "alias.example.com") == 200);
    /* unknown action */
    emt_call(&T, "SetDomains", "GroupId", G1, NULL);
    CHECK_ANS(&T, 404, "InvalidApi.NotFound");
    emt_close(&T);
}

static const cJSON *domain_item(const char *gid, const char *domain)
{
    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    const cJSON *it;
    const cJSON *arr = emt_list(&T, "CustomDomains", "DomainItem");
    cJSON_ArrayForEach(it, arr) if (strcmp(item_str(it, "DomainName"), domain) == 0) return it;
    return NULL;
}

static int domain_count(const char *gid)
{
    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    return cJSON_GetArraySize(emt_list(&T, "CustomDomains", "DomainItem"));
}

static void test_update(void)
{
    open_with("", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com", "BindStageName", "TEST",
              "IsHttpRedirectToHttps", "true") == 200);
    const cJSON *it = domain_item(G1, "a.example.com");
    CHECK(it != NULL);
    CHECK_STR(item_str(it, "BindStageName"), "TEST");
    CHECK_STR(item_str(it, "CustomDomainType"), "INTERNET");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "IsHttpRedirectToHttps")));
    /* again: an update, not a second binding */
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com", "BindStageName", "RELEASE") == 200);
    it = domain_item(G1, "a.example.com");
    CHECK_STR(item_str(it, "BindStageName"), "RELEASE");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "IsHttpRedirectToHttps")));
    CHECK(domain_count(G1) == 1);
    /* an explicit "" lifts the stage restriction; an omitted one keeps it */
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com", "BindStageName", "") == 200);
    CHECK_STR(item_str(domain_item(G1, "a.example.com"), "BindStageName"), "");
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com", "BindStageName", "PRE",
              "CustomDomainType", "INTRANET", "IsHttpRedirectToHttps", "false") == 200);
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com") == 200);
    it = domain_item(G1, "a.example.com");
    CHECK_STR(item_str(it, "BindStageName"), "PRE");
    CHECK_STR(item_str(it, "CustomDomainType"), "INTRANET");
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "IsHttpRedirectToHttps")));
    CHECK(domain_count(G1) == 1);
    emt_close(&T);
}

static void test_conflict_and_force(void)
{
    open_with("", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "shared.example.com") == 200);
    /* G2 proves ownership by TXT; without IsForce it is refused, naming the holder */
    SET("GroupId", G2, "DomainName", "shared.example.com", "IsForce", "false");
    CHECK_ANS(&T, 400, "DomainAlreadyBind");
    CHECK_HAS(T.ans.message, G1);
    CHECK_HAS(T.ans.message, "group_one");
    /* IsForce moves it */
    CHECK(SET("GroupId", G2, "DomainName", "shared.example.com", "IsForce", "true") == 200);
    CHECK_STR(emt_str(&T, "SubDomain"), S2);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "shared.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    emt_call(&T, "DescribeDomain", "GroupId", G2, "DomainName", "shared.example.com", NULL);
    CHECK_OK(&T);
    CHECK_STR(emt_str(&T, "DomainCNAMEStatus"), "UNRESOLVED"); /* proven by TXT only */
    CHECK(domain_count(G1) == 0);
    /* another account proves ownership: the domain is taken over from acc1's group */
    emt_as(&T, "AK3");
    CHECK(SET("GroupId", G3, "DomainName", "shared.example.com") == 200);
    emt_as(&T, "AK2"); /* an STS key of acc1 sees acc1's groups */
    emt_call(&T, "DescribeDomain", "GroupId", G2, "DomainName", "shared.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    emt_close(&T);

    /* the conflict code is configurable */
    open_with("\"conflict_code\":\"RepeatedCommit\"", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "shared.example.com") == 200);
    SET("GroupId", G2, "DomainName", "shared.example.com");
    CHECK_ANS(&T, 400, "RepeatedCommit");
    emt_close(&T);
}

static void test_quota(void)
{
    open_with("\"domains_per_group\":2", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "q1.q.example.com") == 200);
    CHECK(SET("GroupId", G1, "DomainName", "q2.q.example.com") == 200);
    SET("GroupId", G1, "DomainName", "q3.q.example.com");
    CHECK_ANS(&T, 400, "ExceedLimitDomain");
    /* an update does not count */
    CHECK(SET("GroupId", G1, "DomainName", "q2.q.example.com", "BindStageName", "TEST") == 200);
    /* the quota is per CustomDomainType */
    CHECK(SET("GroupId", G1, "DomainName", "q3.q.example.com", "CustomDomainType", "INTRANET") ==
          200);
    CHECK(SET("GroupId", G1, "DomainName", "q4.q.example.com", "CustomDomainType", "INTRANET") ==
          200);
    SET("GroupId", G1, "DomainName", "q5.q.example.com", "CustomDomainType", "INTRANET");
    CHECK_ANS(&T, 400, "ExceedLimitDomain");
    /* a wildcard counts too */
    SET("GroupId", G1, "DomainName", "*.wild.example.com");
    CHECK_ANS(&T, 400, "ExceedLimitDomain");
    /* deleting frees a place */
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G1, "DomainName", "q1.q.example.com", NULL) ==
          200);
    CHECK(SET("GroupId", G1, "DomainName", "*.wild.example.com") == 200);
    emt_close(&T);

    open_with("\"domains_per_group\":0", NULL);
    char name[64];
    for (int i = 0; i < 12; i++) {
        snprintf(name, sizeof name, "n%d.q.example.com", i);
        CHECK(SET("GroupId", G1, "DomainName", name) == 200);
    }
    CHECK(domain_count(G1) == 12);
    emt_close(&T);

    open_with("", NULL); /* default 5 */
    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof name, "n%d.q.example.com", i);
        SET("GroupId", G1, "DomainName", name);
        if (i < 5)
            CHECK_OK(&T);
        else
            CHECK_ANS(&T, 400, "ExceedLimitDomain");
    }
    emt_close(&T);
}

static void test_dns(void)
{
    open_with("\"domains_per_group\":0", NULL);
    /* wildcard record */
    CHECK(SET("GroupId", G1, "DomainName", "x.wild.example.com") == 200);
    CHECK(SET("GroupId", G1, "DomainName", "a.b.wild.example.com") == 200);
    CHECK(SET("GroupId", G1, "DomainName", "*.wild.example.com") == 200);
    SET("GroupId", G1, "DomainName", "wild.example.com");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    /* TXT, both spellings; a TXT for another SubDomain proves nothing */
    CHECK(SET("GroupId", G1, "DomainName", "t1.example.com") == 200);
    CHECK(SET("GroupId", G1, "DomainName", "t2.example.com") == 200);
    SET("GroupId", G1, "DomainName", "t3.example.com");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    CHECK_HAS(T.ans.message, S1);
    /* a CNAME to another group's SubDomain */
    SET("GroupId", G1, "DomainName", "t4.example.com");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    CHECK(SET("GroupId", G2, "DomainName", "t4.example.com") == 200);
    /* no record at all */
    SET("GroupId", G1, "DomainName", "nothing.example.org");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    emt_close(&T);
}

static void test_names(void)
{
    static const char *const bad[] = {"-a.example.com",
                                      "a-.example.com",
                                      "a..example.com",
                                      "example",
                                      "a.example.com.",
                                      "a_b.example.com",
                                      "*.com",
                                      "a.*.example.com",
                                      "**.example.com",
                                      "*example.com",
                                      "1.2.3.4",
                                      "ex ample.com",
                                      "caf\xc3\xa9.example.com",
                                      ".example.com",
                                      "*",
                                      "a.example.123",
                                      NULL};
    open_with("", NULL);
    for (const char *const *b = bad; *b; b++) {
        SET("GroupId", G1, "DomainName", *b);
        CHECK_ANS(&T, 400, "InvalidDomainName");
    }
    char longname[300], label[70];
    memset(label, 'a', 64);
    label[64] = '\0';
    snprintf(longname, sizeof longname, "%s.example.com", label);
    SET("GroupId", G1, "DomainName", longname);
    CHECK_ANS(&T, 400, "InvalidDomainName");
    /* 63-character label is fine (it fails later, on DNS) */
    label[63] = '\0';
    snprintf(longname, sizeof longname, "%s.example.com", label);
    SET("GroupId", G1, "DomainName", longname);
    CHECK_ANS(&T, 400, "DomainNotResolved");
    /* 254 characters */
    longname[0] = '\0';
    while (strlen(longname) < 250)
        strcat(longname, "abcdefghi.");
    longname[253] = '\0';
    strcpy(longname + 250, "com"); /* 253 chars: valid syntax */
    SET("GroupId", G1, "DomainName", longname);
    CHECK_ANS(&T, 400, "DomainNotResolved");
    strcpy(longname + 250, "comx");
    SET("GroupId", G1, "DomainName", longname);
    CHECK_ANS(&T, 400, "InvalidDomainName");
    /* punycode and digits are fine syntax */
    SET("GroupId", G1, "DomainName", "xn--caf-dma.example.com");
    CHECK_ANS(&T, 400, "DomainNotResolved");
    emt_close(&T);
}

static void test_icp(void)
{
    /* abnormal (default) in a mainland region */
    open_with("", NULL);
    CHECK(SET("GroupId", G1, "DomainName", "x.example.net") == 200);
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "ABNORMAL");
    CHECK_HAS(emt_str(&T, "DomainRemark"), "ICP");
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "x.example.net", NULL);
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "ABNORMAL");
    CHECK_HAS(emt_str(&T, "DomainRemark"), "ICP");
    /* still not filed: ReactivateDomain refuses and it stays ABNORMAL */
    emt_call(&T, "ReactivateDomain", "GroupId", G1, "DomainName", "x.example.net", NULL);
    CHECK_ANS(&T, 400, "InvalidICPLicense");
    emt_call(&T, "ReactivateDomain", "GroupId", G1, "DomainName", "nope.example.net", NULL);
    CHECK_ANS(&T, 400, "NotFoundDomain");
    /* INTRANET domains are exempt; a filed domain covers its subdomains */
    SET("GroupId", G1, "DomainName", "y.example.net", "CustomDomainType", "INTRANET");
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
    SET("GroupId", G1, "DomainName", "a.example.com");
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
    /* a normal domain reactivates as a no-op */
    emt_call(&T, "ReactivateDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_OK(&T);
    emt_close(&T);

    /* reject */
    open_with("\"icp\":\"reject\"", NULL);
    SET("GroupId", G1, "DomainName", "x.example.net");
    CHECK_ANS(&T, 400, "InvalidICPLicense");
    SET("GroupId", G1, "DomainName", "y.example.net", "CustomDomainType", "INTRANET");
    CHECK_OK(&T);
    emt_close(&T);

    /* outside the mainland (and in cn-hongkong) no filing is needed */
    static const char *const regions[] = {"ap-southeast-1", "cn-hongkong", NULL};
    for (const char *const *r = regions; *r; r++) {
        char seed[1024], sub[128];
        snprintf(sub, sizeof sub, G1 "-%s.alicloudapi.com", *r);
        snprintf(seed, sizeof seed,
                 "{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"}],"
                 "\"groups\":[{\"GroupId\":\"" G1 "\",\"GroupName\":\"group_one\"}],"
                 "\"dns\":{\"x.example.net\":{\"cname\":\"%s\"}},"
                 "\"behaviour\":{\"icp\":\"reject\"}}",
                 sub);
        CHECK(emt_open(&T, seed, NULL, *r) == 0);
        SET("GroupId", G1, "DomainName", "x.example.net");
        CHECK_OK(&T);
        CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
        CHECK_STR(emt_str(&T, "SubDomain"), sub);
        emt_close(&T);
    }
}

static void test_describe_and_delete(void)
{
    open_with("", NULL);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    CHECK(T.ans.body == NULL);
    emt_call(&T, "DescribeDomain", "GroupId", G1, NULL);
    CHECK_ANS(&T, 400, "MissingDomainName");
    emt_call(&T, "DescribeDomain", "GroupId", G3, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    /* bound to another group: not bound to this one */
    CHECK(SET("GroupId", G1, "DomainName", "a.example.com") == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G2, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    /* delete: absent is success, present is removed, twice is success */
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G1, "DomainName", "zz.example.com", NULL) == 200);
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G2, "DomainName", "a.example.com", NULL) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_OK(&T); /* G2's delete did not touch G1's binding */
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G1, "DomainName", "A.EXAMPLE.COM", NULL) == 200);
    CHECK(emt_call(&T, "DeleteDomain", "GroupId", G1, "DomainName", "a.example.com", NULL) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 404, "NotFoundDomain");
    emt_call(&T, "DeleteDomain", "GroupId", G3, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_call(&T, "DeleteDomain", "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "MissingGroupId");
    /* DeleteDomainCertificate: missing cert is success, missing group is its own code */
    CHECK(emt_call(&T, "DeleteDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
                   "CertificateId", "nope", NULL) == 200);
    emt_call(&T, "DeleteDomainCertificate", "GroupId", "ffffffffffffffffffffffffffffffff",
             "DomainName", "a.example.com", "CertificateId", "nope", NULL);
    CHECK_ANS(&T, 404, "InvalidGroupId.NotFound");
    emt_call(&T, "DeleteDomainCertificate", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "MissingCertificateId");
    emt_close(&T);

    /* the status of DescribeDomain's NotFoundDomain is configurable */
    open_with("\"describe_missing_status\":400", NULL);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    CHECK_ANS(&T, 400, "NotFoundDomain");
    emt_close(&T);
}

static void test_no_key(void)
{
    open_with("", NULL);
    struct agw_params p;
    agw_params_init(&p);
    CHECK(agw_emu_model_call(T.m, NULL, "SetDomain", &p, &T.ans, &T.err) == 0);
    CHECK_ANS(&T, 404, "InvalidAccessKeyId.NotFound");
    CHECK(agw_emu_model_key(T.m, "nope") == NULL);
    CHECK(agw_emu_model_key(T.m, "AK2") != NULL);
    CHECK_STR(agw_emu_model_key(T.m, "AK2")->security_token, "tok");
    CHECK(agw_emu_model_key(T.m, "AK1")->security_token == NULL);
    emt_close(&T);
}

int main(void)
{
    test_check_order();
    test_success_fields();
    test_update();
    test_conflict_and_force();
    test_quota();
    test_dns();
    test_names();
    test_icp();
    test_describe_and_delete();
    test_no_key();
    return test_result("test_emu_model_domains");
}
