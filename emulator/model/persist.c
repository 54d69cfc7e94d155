#include "persist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "wipe.h"

#define STATE_FORMAT "apigw-emulator-state"
#define STATE_VERSION 1

/* ---- writing ---- */

static cJSON *cert_json(const struct agw_emu_cert *c, int *bad)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    if (!cJSON_AddStringToObject(o, "id", c->id) || !cJSON_AddStringToObject(o, "name", c->name) ||
        !cJSON_AddStringToObject(o, "body", c->body) ||
        !cJSON_AddStringToObject(o, "private_key", c->private_key) ||
        !cJSON_AddNumberToObject(o, "valid_start", (double)c->valid_start_ms) ||
        !cJSON_AddNumberToObject(o, "valid_end", (double)c->valid_end_ms))
        *bad = 1;
    return o;
}

static cJSON *binding_json(const struct agw_emu_binding *b, int *bad)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    if (!cJSON_AddStringToObject(o, "DomainName", b->domain) ||
        !cJSON_AddStringToObject(o, "BindStageName", b->stage) ||
        !cJSON_AddStringToObject(o, "CustomDomainType", b->type) ||
        !cJSON_AddBoolToObject(o, "IsHttpRedirectToHttps", b->redirect_https) ||
        !cJSON_AddBoolToObject(o, "legal_abnormal", b->legal_abnormal) ||
        !cJSON_AddStringToObject(o, "DomainRemark", b->remark) ||
        !cJSON_AddBoolToObject(o, "websocket_open", b->websocket_open))
        *bad = 1;
    if (b->cert && !*bad) {
        cJSON *c = cert_json(b->cert, bad);
        if (c && !cJSON_AddItemToObject(o, "cert", c)) {
            cJSON_Delete(c);
            *bad = 1;
        }
    }
    return o;
}

static int add_item(cJSON *arr, cJSON *it, int *bad)
{
    if (!it) return -1;
    if (!cJSON_AddItemToArray(arr, it)) {
        cJSON_Delete(it);
        *bad = 1;
        return -1;
    }
    return 0;
}

static cJSON *group_json(const struct agw_emu_group *g, int *bad)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    cJSON *stages = cJSON_AddArrayToObject(o, "stage_ids");
    cJSON *tags = cJSON_AddArrayToObject(o, "tags");
    cJSON *doms = cJSON_AddArrayToObject(o, "domains");
    cJSON *attrs = cJSON_Duplicate(g->attrs, 1);
    if (!stages || !tags || !doms || !attrs || !cJSON_AddStringToObject(o, "GroupId", g->id) ||
        !cJSON_AddStringToObject(o, "GroupName", g->name) ||
        !cJSON_AddStringToObject(o, "Description", g->description) ||
        !cJSON_AddStringToObject(o, "BasePath", g->base_path) ||
        !cJSON_AddStringToObject(o, "region", g->region) ||
        !cJSON_AddStringToObject(o, "account", g->account) ||
        !cJSON_AddNumberToObject(o, "created", (double)g->created) ||
        !cJSON_AddNumberToObject(o, "modified", (double)g->modified) ||
        !cJSON_AddNumberToObject(o, "seq", (double)g->seq) ||
        !cJSON_AddItemToObject(o, "attrs", attrs)) {
        *bad = 1;
        return o;
    }
    for (int i = 0; i < AGW_EMU_NSTAGES && !*bad; i++)
        add_item(stages, cJSON_CreateString(g->stage_ids[i]), bad);
    for (size_t i = 0; i < g->ntags && !*bad; i++) {
        cJSON *t = cJSON_CreateObject();
        if (!t || !cJSON_AddStringToObject(t, "Key", g->tags[i].key) ||
            !cJSON_AddStringToObject(t, "Value", g->tags[i].value))
            *bad = 1;
        add_item(tags, t, bad);
    }
    for (size_t i = 0; i < g->nbind && !*bad; i++)
        add_item(doms, binding_json(g->bindings[i], bad), bad);
    return o;
}

char *agw_emu_persist_serialise(const struct agw_emu_store *s, size_t *len)
{
    int bad = 0;
    cJSON *root = cJSON_CreateObject();
    cJSON *groups = root ? cJSON_AddArrayToObject(root, "groups") : NULL;
    if (!groups || !cJSON_AddStringToObject(root, "format", STATE_FORMAT) ||
        !cJSON_AddNumberToObject(root, "version", STATE_VERSION) ||
        !cJSON_AddNumberToObject(root, "seq", (double)s->seq))
        bad = 1;
    for (size_t i = 0; i < s->n && !bad; i++)
        add_item(groups, group_json(s->groups[i], &bad), &bad);
    char *text = bad ? NULL : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (text) *len = strlen(text);
    return text;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int fsync_dir(const char *path)
{
    char *dir = strdup(path);
    if (!dir) return -1;
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int agw_emu_persist_save(const struct agw_emu_store *s, const char *path, struct agw_err *err)
{
    size_t len = 0;
    char *text = agw_emu_persist_serialise(s, &len);
    if (!text) {
        agw_err_set(err, AGW_ERR_SERVER, "InternalError", "state file %s: out of memory", path);
        return -1;
    }
    if (len + 1 > AGW_EMU_STATE_MAX) { /* written, it could not be loaded again */
        agw_err_set(err, AGW_ERR_SERVER, "InternalError",
                    "state file %s: the state would be larger than %zu MiB, the most a start "
                    "reads back",
                    path, AGW_EMU_STATE_MAX >> 20);
        agw_wipe_free_n(text, len);
        return -1;
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    int rc = -1, fd = -1;
    const char *what = "out of memory";
    if (!tmp) goto out;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", 5);
    what = "cannot create the temporary file";
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) goto out;
    what = "cannot write";
    if (write_all(fd, text, len) != 0 || write_all(fd, "\n", 1) != 0) goto out;
    what = "cannot fsync";
    if (fsync(fd) != 0) goto out;
    what = "cannot close";
    int cr = close(fd);
    fd = -1;
    if (cr != 0) goto out;
    what = "cannot rename the temporary file over it";
    if (rename(tmp, path) != 0) goto out;
    what = "cannot fsync its directory";
    if (fsync_dir(path) != 0) goto out;
    rc = 0;
out:
    if (rc != 0)
        agw_err_set(err, AGW_ERR_SERVER, "InternalError", "state file %s: %s: %s", path, what,
                    strerror(errno));
    if (fd >= 0) close(fd);
    if (rc != 0 && tmp) unlink(tmp);
    free(tmp);
    agw_wipe_free_n(text, len); /* it holds certificate private keys */
    return rc;
}

/* ---- reading ---- */

#define LOAD_FAIL(...) agw_err_set(err, AGW_ERR_CONFIG, "InvalidState", __VA_ARGS__)

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num_of(const cJSON *o, const char *k, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v)) return -1;
    *out = v->valuedouble;
    return 0;
}

/* 0 ok, -1 malformed (why says what), -2 out of memory. */
static int load_binding(struct agw_emu_store *s, struct agw_emu_group *g, const cJSON *o,
                        const char **why)
{
    const char *dn = str_of(o, "DomainName"), *stage = str_of(o, "BindStageName");
    const char *type = str_of(o, "CustomDomainType"), *remark = str_of(o, "DomainRemark");
    const cJSON *cert = cJSON_GetObjectItemCaseSensitive(o, "cert");
    *why = "a domain entry is malformed";
    if (!dn || !stage || !type || !remark || strlen(stage) >= 8 || strlen(type) >= 9 ||
        strlen(remark) >= 160)
        return -1;
    if (agw_emu_binding_find(s, dn)) {
        *why = "a domain is bound twice";
        return -1;
    }
    struct agw_emu_binding *b = agw_emu_binding_add(s, g, dn);
    if (!b) return -2;
    strcpy(b->stage, stage);
    strcpy(b->type, type);
    strcpy(b->remark, remark);
    b->redirect_https = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "IsHttpRedirectToHttps"));
    b->legal_abnormal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "legal_abnormal"));
    b->websocket_open = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "websocket_open"));
    if (!cert) return 0;
    double vs, ve;
    const char *id = str_of(cert, "id"), *name = str_of(cert, "name");
    const char *body = str_of(cert, "body"), *key = str_of(cert, "private_key");
    *why = "a certificate entry is malformed";
    if (!id || !name || !body || !key || num_of(cert, "valid_start", &vs) ||
        num_of(cert, "valid_end", &ve))
        return -1;
    if (!(b->cert = calloc(1, sizeof *b->cert))) return -2;
    b->cert->id = strdup(id);
    b->cert->name = strdup(name);
    b->cert->body = strdup(body);
    b->cert->private_key = strdup(key);
    b->cert->valid_start_ms = (int64_t)vs;
    b->cert->valid_end_ms = (int64_t)ve;
    if (!b->cert->id || !b->cert->name || !b->cert->body || !b->cert->private_key) return -2;
    return 0;
}

static int load_group(struct agw_emu_store *s, const cJSON *o, const char **why)
{
    const char *id = str_of(o, "GroupId"), *name = str_of(o, "GroupName");
    const char *desc = str_of(o, "Description"), *base = str_of(o, "BasePath");
    const char *region = str_of(o, "region"), *account = str_of(o, "account");
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(o, "stage_ids");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
    const cJSON *doms = cJSON_GetObjectItemCaseSensitive(o, "domains");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(o, "attrs");
    double created, modified, seq;
    *why = "a group entry is malformed";
    if (!cJSON_IsObject(o) || !id || strlen(id) != 32 || !name || !desc || !base || !region ||
        !account || !cJSON_IsArray(stages) || cJSON_GetArraySize(stages) != AGW_EMU_NSTAGES ||
        !cJSON_IsArray(tags) || !cJSON_IsArray(doms) || !cJSON_IsObject(attrs) ||
        num_of(o, "created", &created) || num_of(o, "modified", &modified) ||
        num_of(o, "seq", &seq))
        return -1;
    if (agw_emu_group_find(s, id)) {
        *why = "a GroupId appears twice";
        return -1;
    }
    struct agw_emu_group *g =
        agw_emu_group_add(s, id, name, region, account, desc, base, (int64_t)created);
    if (!g) return -2;
    g->modified = (int64_t)modified;
    g->seq = (uint64_t)seq;
    for (int i = 0; i < AGW_EMU_NSTAGES; i++) {
        const cJSON *v = cJSON_GetArrayItem(stages, i);
        if (!cJSON_IsString(v) || strlen(v->valuestring) != 32) return -1;
        memcpy(g->stage_ids[i], v->valuestring, 33);
    }
    cJSON *a = cJSON_Duplicate(attrs, 1);
    if (!a) return -2;
    cJSON_Delete(g->attrs);
    g->attrs = a;
    size_t nt = (size_t)cJSON_GetArraySize(tags);
    if (nt) {
        if (!(g->tags = calloc(nt, sizeof *g->tags))) return -2;
        const cJSON *t;
        cJSON_ArrayForEach(t, tags)
        {
            const char *k = str_of(t, "Key"), *v = str_of(t, "Value");
            if (!k || !v) return -1;
            struct agw_emu_tag *tg = &g->tags[g->ntags++];
            if (!(tg->key = strdup(k)) || !(tg->value = strdup(v))) return -2;
        }
    }
    const cJSON *d;
    cJSON_ArrayForEach(d, doms)
    {
        int rc = load_binding(s, g, d, why);
        if (rc) return rc;
    }
    return 0;
}

int agw_emu_persist_load(struct agw_emu_store *s, const char *path, struct agw_err *err)
{
    struct agw_buf text;
    int err_no = 0;
    if (agw_file_read(path, AGW_EMU_STATE_MAX, &text, &err_no) != 0) {
        if (err_no == ENOENT) return 1;
        char why[128];
        LOAD_FAIL("state file %s: cannot read it: %s", path,
                  agw_file_strerror(err_no, AGW_EMU_STATE_MAX, why, sizeof why));
        return -1;
    }
    int rc = agw_emu_persist_parse(s, text.data, text.len, path, err);
    agw_buf_wipe_free(&text); /* it holds certificate private keys */
    return rc;
}

int agw_emu_persist_parse(struct agw_emu_store *s, const char *text, size_t len, const char *path,
                          struct agw_err *err)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    const char *why = "it is not valid JSON (a truncated or corrupt file?)";
    int rc = -1;
    double version, seq;
    if (!root) goto out;
    why = "it is not an apigw-emulator state file";
    const char *fmt = str_of(root, "format");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    if (!fmt || strcmp(fmt, STATE_FORMAT) != 0 || num_of(root, "version", &version) ||
        num_of(root, "seq", &seq) || !cJSON_IsArray(groups))
        goto out;
    why = "its version is not supported";
    if (version != STATE_VERSION) goto out;
    const cJSON *g;
    cJSON_ArrayForEach(g, groups)
    {
        int r = load_group(s, g, &why);
        if (r == -2) why = "out of memory while loading it";
        if (r) goto out;
    }
    s->seq = (uint64_t)seq;
    for (size_t i = 0; i < s->n; i++)
        if (s->groups[i]->seq > s->seq) s->seq = s->groups[i]->seq;
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc != 0) {
        LOAD_FAIL("state file %s: %s; refusing to start (fix or remove the file)", path, why);
        agw_emu_store_free(s);
    }
    return rc;
}
