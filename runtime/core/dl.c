#include "dl.h"

#include <dlfcn.h>
#include <string.h>

void *agw_dl_load(const char *soname, const struct agw_dl_sym *syms, size_t n, void *table,
                  const char *code, const char *hint, struct agw_err *err)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!lib) {
        const char *why = dlerror();
        agw_err_set(err, AGW_ERR_CONFIG, code, "cannot load %s: %s; %s", soname,
                    why ? why : "unknown error", hint);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        void *p = dlsym(lib, syms[i].name);
        if (!p) {
            agw_err_set(err, AGW_ERR_CONFIG, code, "%s has no %s (too old?); %s", soname,
                        syms[i].name, hint);
            dlclose(lib);
            return NULL;
        }
        /* POSIX guarantees a data pointer from dlsym converts to a function pointer */
        memcpy((char *)table + syms[i].offset, &p, sizeof p);
    }
    return lib;
}

void agw_dl_close(void *lib)
{
    if (lib) dlclose(lib);
}
