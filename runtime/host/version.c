#include "version.h"

#include <lua.h>
#include <openssl/crypto.h>

#include "libinfo.h"
#include "err.h"

extern const char agw_git_revision[]; /* cmake/revision.cmake: "" when not built from git */

void agw_version_print(FILE *out)
{
    if (agw_git_revision[0])
        fprintf(out, "apigw-lua %s (git %s)\n", AGW_VERSION, agw_git_revision);
    else
        fprintf(out, "apigw-lua %s\n", AGW_VERSION);
    fprintf(out, "%s\n", LUA_RELEASE);
    char curl[128];
    struct agw_err err;
    agw_err_clear(&err);
    if (agw_http_curl_version(curl, sizeof curl, &err) == 0)
        fprintf(out, "libcurl %s\n", curl);
    else
        fprintf(out, "libcurl: not loaded: %s\n", err.message);
    fprintf(out, "%s\n", OpenSSL_version(OPENSSL_VERSION));
}
