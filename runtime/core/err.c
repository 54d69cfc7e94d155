#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void agw_err_clear(struct agw_err *e)
{
    memset(e, 0, sizeof *e);
}

void agw_err_set(struct agw_err *e, enum agw_err_kind kind, const char *code, const char *fmt, ...)
{
    if (!e) return;
    e->kind = kind;
    snprintf(e->code, sizeof e->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}
