#ifndef AGW_LUALS_H
#define AGW_LUALS_H

#include <stddef.h>
#include <stdio.h>

/* Where the LuaLS definitions of the apigw module are, worked out from the executable's own
 * path (exe_path, e.g. /proc/self/exe resolved): beside it in a build tree
 * (<dir>/luals/apigw.lua), or under its installed prefix
 * (<dir>/../share/apigw-lua/luals/apigw.lua). Writes the first that exists into out (NUL
 * terminated) and returns 0; returns -1 when neither exists or a path does not fit, with
 * both places tried written into tried. */
int agw_luals_find(const char *exe_path, char *out, size_t cap, char *tried, size_t tried_cap);

/* --luals-path: prints the path on out and returns 0, or prints why not on err and returns 1. */
int agw_luals_print(FILE *out, FILE *err);

#endif
