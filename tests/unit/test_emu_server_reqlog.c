/* The request log: created 0600, one JSON line per request, and no secret parameter's value
 * in it (the emulator's own list: SecurityToken, CertificatePrivateKey...), matched by exact
 * name only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "model.h"
#include "reqlog.h"

static const char *pv(const cJSON *params, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int main(void)
{
    /* the list itself */
    CHECK(agw_emu_param_secret("SecurityToken"));
    CHECK(agw_emu_param_secret("CertificatePrivateKey"));
    CHECK(agw_emu_param_secret("Signature"));
    CHECK(!agw_emu_param_secret("MySecurityToken"));
    CHECK(!agw_emu_param_secret("securitytoken"));
    CHECK(!agw_emu_param_secret("CertificateBody"));
    CHECK(!agw_emu_param_secret("GroupId"));

    char dir[] = "/tmp/agw-emu-reqlog-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    char path[128];
    snprintf(path, sizeof path, "%s/log.jsonl", dir);
    umask(022); /* what a shell gives: a plain fopen would make the file 0644 */
    struct agw_emu_reqlog *l = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    CHECK(agw_emu_reqlog_open(path, &l, &err) == 0);
    struct stat st;
    CHECKF(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "log mode %o",
           (unsigned)(st.st_mode & 0777));

    struct agw_params p;
    agw_params_init(&p);
    agw_params_add(&p, "Action", "SetDomainCertificate");
    agw_params_add(&p, "CertificatePrivateKey",
                   "-----BEGIN PRIVATE KEY-----\nPRIVKEYBYTES\n-----END PRIVATE KEY-----\n");
    agw_params_add(&p, "CertificateBody", "-----BEGIN CERTIFICATE-----\nPUBLIC\n");
    agw_params_add(&p, "MySecurityToken", "not-a-secret");
    agw_params_add(&p, "SecurityToken", "TOKENVALUE");
    agw_params_add(&p, "Signature", "SIGVALUE");
    agw_params_add(&p, "GroupName", "ab\xff\xfe"); /* a request refused for it is still logged */
    struct agw_emu_reqlog_entry e = {.wall_ms = 1714564800123,
                                     .method = "POST",
                                     .action = "SetDomainCertificate",
                                     .scheme = "rpc",
                                     .verified = 1,
                                     .access_key_id = "testid",
                                     .params = &p,
                                     .status = 200,
                                     .code = NULL,
                                     .us = 5};
    agw_emu_reqlog_write(l, &e);
    agw_emu_reqlog_close(l);
    agw_params_free(&p);

    /* appending to an existing log keeps it (and its mode) */
    CHECK(chmod(path, 0640) == 0);
    CHECK(agw_emu_reqlog_open(path, &l, &err) == 0);
    agw_emu_reqlog_close(l);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);

    FILE *f = fopen(path, "r");
    char line[4096] = "";
    CHECK(f && fgets(line, sizeof line, f));
    if (f) fclose(f);
    CHECKF(!strstr(line, "PRIVKEYBYTES") && !strstr(line, "TOKENVALUE") &&
               !strstr(line, "SIGVALUE"),
           "no secret in %s", line);
    cJSON *j = cJSON_Parse(line);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(j, "params");
    CHECK_STR(pv(params, "CertificatePrivateKey"), "***");
    CHECK_STR(pv(params, "SecurityToken"), "***");
    CHECK(pv(params, "Signature") == NULL);
    CHECK_STR(pv(params, "MySecurityToken"), "not-a-secret");
    CHECK_STR(pv(params, "CertificateBody"), "-----BEGIN CERTIFICATE-----\nPUBLIC\n");
    CHECK_STR(pv(params, "Action"), "SetDomainCertificate");
    CHECK_STR(pv(params, "GroupName"), "ab\xef\xbf\xbd\xef\xbf\xbd"); /* U+FFFD twice */
    cJSON_Delete(j);
    unlink(path);
    rmdir(dir);
    return check_report();
}
