#include "reqlog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "utf8.h"

struct agw_emu_reqlog {
    pthread_mutex_t mu;
    FILE *f;
};

int agw_emu_reqlog_open(const char *path, struct agw_emu_reqlog **out, struct agw_err *err)
{
    struct agw_emu_reqlog *l = calloc(1, sizeof *l);
    if (!l) {
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Log", "out of memory");
        return -1;
    }
    /* 0600 like the state file: the log names keys, groups and domains of the account. An
     * existing log keeps its mode (its owner chose it). */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    l->f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!l->f) {
        if (fd >= 0) close(fd);
        agw_err_set(err, AGW_ERR_CONFIG, "Emulator.Log", "cannot open log file %s: %s", path,
                    strerror(errno));
        free(l);
        return -1;
    }
    pthread_mutex_init(&l->mu, NULL);
    *out = l;
    return 0;
}

void agw_emu_reqlog_close(struct agw_emu_reqlog *l)
{
    if (!l) return;
    fclose(l->f);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* cJSON writes a string's bytes as they are: what came from the wire (a parameter of a
 * request refused for it, a header) is repaired first, so every line is UTF-8. Adds k: v
 * unless the object has k already (the first of repeated parameters is logged). */
static void add_str(cJSON *o, const char *k, const char *v)
{
    struct agw_buf kb, vb;
    agw_buf_init(&kb, 0);
    agw_buf_init(&vb, 0);
    if (agw_emu_utf8_append_repaired(&kb, k, strlen(k)) == 0 &&
        agw_emu_utf8_append_repaired(&vb, v, strlen(v)) == 0 &&
        !cJSON_GetObjectItemCaseSensitive(o, agw_buf_str(&kb)))
        cJSON_AddStringToObject(o, agw_buf_str(&kb), agw_buf_str(&vb));
    agw_buf_free(&kb);
    agw_buf_free(&vb);
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
    if (v && *v)
        add_str(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

void agw_emu_reqlog_write(struct agw_emu_reqlog *l, const struct agw_emu_reqlog_entry *e)
{
    if (!l) return;
    char ts[64];
    time_t secs = (time_t)(e->wall_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(e->wall_ms % 1000));
    cJSON *o = cJSON_CreateObject();
    if (!o) return;
    cJSON_AddStringToObject(o, "time", ts);
    add_str_or_null(o, "method", e->method);
    add_str_or_null(o, "action", e->action);
    add_str_or_null(o, "scheme", e->scheme);
    cJSON_AddBoolToObject(o, "verified", e->verified != 0);
    add_str_or_null(o, "access_key_id", e->access_key_id);
    cJSON *p = cJSON_AddObjectToObject(o, "params");
    for (size_t i = 0; p && e->params && i < e->params->n; i++) {
        const char *k = e->params->v[i].name;
        if (strcmp(k, "Signature") == 0) continue;
        add_str(p, k, agw_emu_param_secret(k) ? "***" : e->params->v[i].value);
    }
    cJSON_AddNumberToObject(o, "status", e->status);
    add_str_or_null(o, "code", e->code);
    cJSON_AddNumberToObject(o, "us", (double)e->us);
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!line) return;
    pthread_mutex_lock(&l->mu);
    fputs(line, l->f);
    fputc('\n', l->f);
    fflush(l->f);
    pthread_mutex_unlock(&l->mu);
    cJSON_free(line);
}
