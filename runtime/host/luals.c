#include "luals.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The places, relative to the executable's directory, in the order they are tried. */
static const char *const places[] = {"luals/apigw.lua", "../share/apigw-lua/luals/apigw.lua"};

int agw_luals_find(const char *exe_path, char *out, size_t cap, char *tried, size_t tried_cap)
{
    const char *slash = strrchr(exe_path, '/');
    int dirlen = slash ? (int)(slash - exe_path) : 1;
    const char *dir = slash ? exe_path : ".";
    if (tried_cap) tried[0] = '\0';
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        int n = snprintf(out, cap, "%.*s/%s", dirlen, dir, places[i]);
        if (n < 0 || (size_t)n >= cap) return -1;
        if (access(out, R_OK) == 0) {
            /* an installed path reads better without the "bin/.." */
            char real[PATH_MAX];
            if (realpath(out, real) && strlen(real) < cap) strcpy(out, real);
            return 0;
        }
        size_t used = strlen(tried);
        snprintf(tried + used, tried_cap - used, "%s%s", used ? ", " : "", out);
    }
    return -1;
}

int agw_luals_print(FILE *out, FILE *err)
{
    char exe[PATH_MAX], path[PATH_MAX + 64], tried[2 * (PATH_MAX + 64)];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) {
        fprintf(err,
                "apigw-lua: --luals-path: cannot tell where apigw-lua is (/proc/self/exe: %s)\n",
                strerror(errno));
        return 1;
    }
    exe[n] = '\0';
    if (agw_luals_find(exe, path, sizeof path, tried, sizeof tried) != 0) {
        fprintf(err,
                "apigw-lua: --luals-path: the LuaLS definitions are not installed (looked at %s)\n",
                tried);
        return 1;
    }
    fprintf(out, "%s\n", path);
    return 0;
}
