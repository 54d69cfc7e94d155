/* Durability of the state file: round trip across a restart, generated ids kept, corrupt
 * or unreadable files refused (and left alone), kill -9 at random moments loses no
 * acknowledged write; plus the speed of SetDomain in memory mode. */
#include "test_emu_model_util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

static struct emt T;
static char dir[64];
static char state[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) abort();
    s[n] = '\0';
    fclose(f);
    return s;
}

static int open_state(const char *behaviour)
{
    char *seed = test_seed(behaviour);
    int rc = emt_open(&T, seed, state, NULL);
    free(seed);
    if (rc != 0) fprintf(stderr, "open: %s\n", T.err.message);
    return rc;
}

static void test_round_trip(void)
{
    unlink(state);
    CHECK(open_state("") == 0);
    CHECK(access(state, F_OK) == 0); /* written at first start */
    EVP_PKEY *k = new_key();
    char *kp = key_pem(k), *cp = make_cert(k, "a.example.com", NULL, 0, 86400);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "a.example.com", "BindStageName",
                   "PRE", "IsHttpRedirectToHttps", "true", NULL) == 200);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "x.example.net", NULL) == 200);
    CHECK(emt_call(&T, "SetDomainWebSocketStatus", "GroupId", G1, "DomainName", "a.example.com",
                   "ActionValue", "OPEN", NULL) == 200);
    CHECK(emt_call(&T, "SetDomainCertificate", "GroupId", G1, "DomainName", "a.example.com",
                   "CertificateName", "c1", "CertificateBody", cp, "CertificatePrivateKey", kp,
                   NULL) == 200);
    CHECK(emt_call(&T, "CreateApiGroup", "GroupName", "persisted_group", "Tag.1.Key", "k",
                   "Tag.1.Value", "v", NULL) == 200);
    char gid[40];
    snprintf(gid, sizeof gid, "%s", emt_str(&T, "GroupId") ? emt_str(&T, "GroupId") : "");
    CHECK(emt_call(&T, "ModifyApiGroup", "GroupId", G2, "Description", "kept", NULL) == 200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    char *before = cJSON_PrintUnformatted(T.ans.body);
    emt_call(&T, "DescribeApiGroups", "PageSize", "50", NULL);
    char *groups_before = cJSON_PrintUnformatted(T.ans.body);
    emt_close(&T);

    /* the file holds what the account set up: only the owner may read it; and no private key
     * (a secret goes in no emulator file) */
    struct stat st;
    CHECK(stat(state, &st) == 0 && (st.st_mode & 077) == 0);
    {
        FILE *f = fopen(state, "r");
        char text[65536];
        size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
        if (f) fclose(f);
        text[n] = '\0';
        CHECK(n > 0 && strstr(text, "BEGIN CERTIFICATE") != NULL);
        CHECK(strstr(text, "PRIVATE KEY") == NULL && strstr(text, "private_key") == NULL);
    }

    CHECK(open_state("") == 0);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "a.example.com", NULL);
    /* the same answer, but for the key, which the state file did not keep */
    CHECK_STR(emt_str(&T, "CertificatePrivateKey"), "");
    cJSON_ReplaceItemInObjectCaseSensitive(T.ans.body, "CertificatePrivateKey",
                                           cJSON_CreateString(kp));
    char *after = cJSON_PrintUnformatted(T.ans.body);
    CHECK_STR(after, before);
    CHECK_STR(emt_str(&T, "DomainWebSocketStatus"), "OPEN");
    CHECK_STR(emt_str(&T, "CertificateBody"), cp);
    emt_call(&T, "DescribeApiGroups", "PageSize", "50", NULL);
    char *groups_after = cJSON_PrintUnformatted(T.ans.body);
    CHECK_STR(groups_after, groups_before);
    emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL);
    const cJSON *it;
    cJSON_ArrayForEach(it, emt_list(&T, "CustomDomains", "DomainItem"))
    {
        if (strcmp(item_str(it, "DomainName"), "a.example.com") == 0) {
            CHECK_STR(item_str(it, "BindStageName"), "PRE");
            CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "IsHttpRedirectToHttps")));
        } else
            CHECK_STR(item_str(it, "DomainLegalStatus"), "ABNORMAL");
    }
    emt_call(&T, "DescribeApiGroup", "GroupId", gid, NULL);
    CHECK_OK(&T);
    CHECK_STR(item_str(cJSON_GetArrayItem(emt_list(&T, "Tags", "TagInfo"), 0), "Key"), "k");
    /* state is authoritative over the seed's groups; deletes persist too */
    CHECK(emt_call(&T, "DeleteApiGroup", "GroupId", G2, NULL) == 200);
    emt_close(&T);

    /* ReactivateDomain restores NORMAL once the (new) seed files the domain */
    char *seed = test_seed_icp("", ",\"example.net\"");
    CHECK(emt_open(&T, seed, state, NULL) == 0);
    free(seed);
    emt_call(&T, "DescribeApiGroup", "GroupId", G2, NULL);
    CHECK_ANS(&T, 400, "NotFoundApiGroup");
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "x.example.net", NULL);
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "ABNORMAL");
    CHECK(emt_call(&T, "ReactivateDomain", "GroupId", G1, "DomainName", "x.example.net", NULL) ==
          200);
    emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", "x.example.net", NULL);
    CHECK_STR(emt_str(&T, "DomainLegalStatus"), "NORMAL");
    CHECK_STR(emt_str(&T, "DomainRemark"), "");
    emt_close(&T);

    cJSON_free(before);
    cJSON_free(after);
    cJSON_free(groups_before);
    cJSON_free(groups_after);
    free(kp);
    free(cp);
    EVP_PKEY_free(k);
    unlink(state);
}

static void test_generated_ids_kept(void)
{
    const char *seed = "{\"access_keys\":[{\"id\":\"AK1\",\"secret\":\"s\"}],"
                       "\"groups\":[{\"GroupName\":\"no_id_group\"}]}";
    char first[40] = "", second[40] = "";
    unlink(state);
    for (int round = 0; round < 2; round++) {
        CHECK(emt_open(&T, seed, state, NULL) == 0);
        emt_call(&T, "DescribeApiGroups", NULL);
        const char *g =
            item_str(cJSON_GetArrayItem(emt_list(&T, "ApiGroupAttributes", "ApiGroupAttribute"), 0),
                     "GroupId");
        snprintf(round ? second : first, 40, "%s", g ? g : "");
        emt_close(&T);
    }
    CHECK(strlen(first) == 32);
    CHECK_STR(second, first);
    unlink(state);
}

static void expect_refused(const char *content, const char *needle)
{
    write_file(state, content);
    char *seed = test_seed("");
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_emu_model_open(&m, seed, strlen(seed), state, NULL, &err) == -1);
    free(seed);
    CHECK(m == NULL);
    CHECK(err.kind == AGW_ERR_CONFIG);
    CHECK_HAS(err.message, state);
    CHECK_HAS(err.message, needle);
    char *now = read_text(state);
    CHECK_STR(now, content); /* never silently replaced */
    free(now);
}

static void test_corrupt_refused(void)
{
    unlink(state);
    CHECK(open_state("") == 0);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "a.example.com", NULL) == 200);
    emt_close(&T);
    char *good = read_text(state);
    CHECK(good != NULL);
    /* every truncation of a good file is refused */
    size_t n = strlen(good);
    for (size_t cut = 0; cut < n - 1; cut += 1 + cut / 8) {
        char *part = strndup(good, cut);
        expect_refused(part, cut ? "not valid JSON" : "not valid JSON");
        free(part);
    }
    expect_refused("garbage\n", "not valid JSON");
    expect_refused("{\"format\":\"something-else\",\"version\":1,\"seq\":0,\"groups\":[]}",
                   "not an apigw-emulator state file");
    expect_refused("{\"format\":\"apigw-emulator-state\",\"version\":99,\"seq\":0,\"groups\":[]}",
                   "version");
    expect_refused("{\"format\":\"apigw-emulator-state\",\"version\":1,\"seq\":0,"
                   "\"groups\":[{\"GroupId\":\"x\"}]}",
                   "malformed");
    free(good);
    unlink(state);

    /* a path that cannot be read as a file */
    char sub[160];
    snprintf(sub, sizeof sub, "%s/adir", dir);
    CHECK(mkdir(sub, 0700) == 0);
    char *seed = test_seed("");
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    CHECK(agw_emu_model_open(&m, seed, strlen(seed), sub, NULL, &err) == -1);
    CHECK(err.kind == AGW_ERR_CONFIG);
    CHECK_HAS(err.message, sub);
    rmdir(sub);
    /* a failed durable write answers -1 (InternalError), not success */
    snprintf(sub, sizeof sub, "%s/gone", dir);
    CHECK(mkdir(sub, 0700) == 0);
    char path[200];
    snprintf(path, sizeof path, "%s/state.json", sub);
    CHECK(emt_open(&T, seed, path, NULL) == 0);
    unlink(path);
    CHECK(rmdir(sub) == 0);
    CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "a.example.com", NULL) == -1);
    CHECK_STR(T.err.code, "InternalError");
    CHECK_HAS(T.err.message, path);
    CHECK(T.ans.body == NULL);
    /* reads still work */
    CHECK(emt_call(&T, "DescribeApiGroup", "GroupId", G1, NULL) == 200);
    emt_close(&T);
    free(seed);
}

/* One acknowledged write, as the child reports it. */
struct ack {
    int kind; /* 0: SetDomain of d<i>.k.example.com; 1: CreateApiGroup, id in gid */
    int i;
    char gid[33];
};

static void child(int fd, int base)
{
    if (open_state("\"domains_per_group\":0,\"groups_per_region\":0") != 0) _exit(2);
    for (int i = base;; i++) {
        struct ack a;
        memset(&a, 0, sizeof a);
        a.i = i;
        char name[64];
        if (i % 3 == 2) {
            a.kind = 1;
            snprintf(name, sizeof name, "kill_group_%d", i);
            if (emt_call(&T, "CreateApiGroup", "GroupName", name, NULL) != 200) _exit(3);
            snprintf(a.gid, sizeof a.gid, "%s", emt_str(&T, "GroupId"));
        } else {
            snprintf(name, sizeof name, "d%d.q.example.com", i);
            if (emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", name, NULL) != 200) _exit(4);
        }
        if (write(fd, &a, sizeof a) != (ssize_t)sizeof a) _exit(5);
    }
}

static void test_kill9(void)
{
    unlink(state);
    struct ack *acks = NULL;
    size_t nacks = 0, cap = 0;
    int base = 0;
    srand((unsigned)time(NULL));
    for (int round = 0; round < 12; round++) {
        int pfd[2];
        if (pipe(pfd) != 0) abort();
        pid_t pid = fork();
        if (pid == 0) {
            close(pfd[0]);
            child(pfd[1], base);
        }
        close(pfd[1]);
        /* let it run for a random while, sometimes before it even opened */
        long us = round == 0 ? 0 : (long)(rand() % 40000);
        struct timespec ts = {0, us * 1000};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        struct ack a;
        ssize_t r;
        while ((r = read(pfd[0], &a, sizeof a)) == (ssize_t)sizeof a) {
            if (nacks == cap) {
                cap = cap ? cap * 2 : 256;
                acks = realloc(acks, cap * sizeof *acks);
                if (!acks) abort();
            }
            acks[nacks++] = a;
            if (a.i >= base) base = a.i + 1;
        }
        close(pfd[0]);
        base += 1; /* the write in flight may or may not have landed: skip its index */

        /* the file loads, and holds every acknowledged write so far */
        if (open_state("\"domains_per_group\":0,\"groups_per_region\":0") != 0) {
            CHECK(!"state file did not load after kill -9");
            break;
        }
        size_t missing = 0;
        for (size_t j = 0; j < nacks; j++) {
            char name[64];
            int st;
            if (acks[j].kind == 1)
                st = emt_call(&T, "DescribeApiGroup", "GroupId", acks[j].gid, NULL);
            else {
                snprintf(name, sizeof name, "d%d.q.example.com", acks[j].i);
                st = emt_call(&T, "DescribeDomain", "GroupId", G1, "DomainName", name, NULL);
            }
            if (st != 200) missing++;
        }
        CHECK(missing == 0);
        emt_close(&T);
    }
    fprintf(stderr, "kill -9: %zu acknowledged writes over 12 kills, none lost\n", nacks);
    CHECK(nacks > 0);
    free(acks);
    unlink(state);
}

static void test_speed(void)
{
    char *seed = test_seed("\"domains_per_group\":0");
    CHECK(emt_open(&T, seed, NULL, NULL) == 0);
    free(seed);
    enum { NDOM = 8 };
    struct agw_params p[NDOM];
    for (int i = 0; i < NDOM; i++) {
        char name[64];
        snprintf(name, sizeof name, "s%d.q.example.com", i);
        agw_params_init(&p[i]);
        agw_params_add(&p[i], "GroupId", G1);
        agw_params_add(&p[i], "DomainName", name);
        agw_params_add(&p[i], "BindStageName", "RELEASE");
        agw_params_add(&p[i], "IsForce", "false");
    }
    const long n = getenv("AGW_SLOW") ? 20000 : 300000;
    long ok = 0;
    int64_t t0 = agw_clock_mono_us();
    for (long i = 0; i < n; i++) {
        struct agw_emu_answer a;
        if (agw_emu_model_call(T.m, T.key, "SetDomain", &p[i % NDOM], &a, &T.err) == 0 &&
            a.http_status == 200)
            ok++;
        cJSON_Delete(a.body);
    }
    int64_t us = agw_clock_mono_us() - t0;
    double rate = (double)n / ((double)us / 1e6);
    fprintf(stderr, "SetDomain in memory: %ld calls in %.3f s = %.0f calls/s\n", n,
            (double)us / 1e6, rate);
    CHECK(ok == n);
    if (!getenv("AGW_SLOW")) CHECK(rate >= 15000);
    for (int i = 0; i < NDOM; i++)
        agw_params_free(&p[i]);
    emt_close(&T);

    /* with a state file, for the record */
    seed = test_seed("\"domains_per_group\":0");
    unlink(state);
    CHECK(emt_open(&T, seed, state, NULL) == 0);
    free(seed);
    t0 = agw_clock_mono_us();
    for (int i = 0; i < 200; i++)
        CHECK(emt_call(&T, "SetDomain", "GroupId", G1, "DomainName", "s1.q.example.com", NULL) ==
              200);
    us = agw_clock_mono_us() - t0;
    fprintf(stderr, "SetDomain with a state file (fsync each): %.0f calls/s\n",
            200.0 / ((double)us / 1e6));
    emt_close(&T);
    unlink(state);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/agw_emu_model_XXXXXX");
    if (!mkdtemp(dir)) return 1;
    snprintf(state, sizeof state, "%s/state.json", dir);
    test_round_trip();
    test_generated_ids_kept();
    test_corrupt_refused();
    test_kill9();
    test_speed();
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", state);
    unlink(tmp);
    rmdir(dir);
    return test_result("test_emu_model_durable");
}
