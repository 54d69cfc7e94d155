#ifndef AGW_VERSION_H
#define AGW_VERSION_H

#include <stdio.h>

/* `apigw-lua --version`: the version, the git revision when built from git, and the versions
 * of Lua (the headers built against), libcurl (loaded here, as the first request would; or
 * why it cannot be) and OpenSSL (the library in use). */
void agw_version_print(FILE *out);

#endif
