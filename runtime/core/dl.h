#ifndef AGW_DL_H
#define AGW_DL_H

#include <stddef.h>

#include "err.h"

/* Loading a shared library at run time into a table of function pointers (libcurl and
 * libmicrohttpd are loaded this way, so that runs which do not need them do not pay for
 * their dozens of dependent libraries). */

struct agw_dl_sym {
    const char *name; /* the symbol, e.g. "curl_easy_init" */
    size_t offset;    /* where its address goes in the caller's table (offsetof) */
};

/* Opens soname and stores the address of each of the n symbols into table at its offset.
 * The library stays mapped after agw_dl_close (RTLD_NODELETE): unmapping it at exit while
 * its thread-local data and exit handlers are still registered is what LeakSanitizer (and
 * some libraries' destructors) trip over. Returns the handle, or NULL with err (kind
 * AGW_ERR_CONFIG, the given code, a message naming the library, the missing symbol and
 * hint). */
void *agw_dl_load(const char *soname, const struct agw_dl_sym *syms, size_t n, void *table,
                  const char *code, const char *hint, struct agw_err *err);
/* Releases a handle from agw_dl_load. NULL is a no-op. */
void agw_dl_close(void *lib);

#endif
