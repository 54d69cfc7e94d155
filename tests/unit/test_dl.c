/* agw_dl_load: a table filled from a real library, and the two failures named. */
#include <stddef.h>
#include <stdlib.h>

#include "check.h"
#include "dl.h"

struct libc_api {
    size_t (*strlen_fn)(const char *s);
    int (*atoi_fn)(const char *s);
};

int main(void)
{
    static const struct agw_dl_sym syms[] = {
        {"strlen", offsetof(struct libc_api, strlen_fn)},
        {"atoi", offsetof(struct libc_api, atoi_fn)},
    };
    struct libc_api api = {0};
    struct agw_err err;
    agw_err_clear(&err);
    void *lib = agw_dl_load("libc.so.6", syms, 2, &api, "Test", "hint", &err);
    CHECK(lib != NULL);
    CHECK(api.strlen_fn && api.strlen_fn("abcd") == 4);
    CHECK(api.atoi_fn && api.atoi_fn("42") == 42);
    agw_dl_close(lib);

    agw_err_clear(&err);
    CHECK(agw_dl_load("libdoes-not-exist.so.9", syms, 2, &api, "NoLib", "install it", &err) ==
          NULL);
    CHECK_STR(err.code, "NoLib");
    CHECK(err.kind == AGW_ERR_CONFIG);
    CHECK_HAS(err.message, "libdoes-not-exist.so.9");
    CHECK_HAS(err.message, "install it");

    static const struct agw_dl_sym missing[] = {{"agw_no_such_symbol", 0}};
    agw_err_clear(&err);
    CHECK(agw_dl_load("libc.so.6", missing, 1, &api, "NoLib", "hint", &err) == NULL);
    CHECK_HAS(err.message, "agw_no_such_symbol");
    agw_dl_close(NULL);
    return check_report();
}
