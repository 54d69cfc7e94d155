#include "persist.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "jsonint.h"
#include "jsonwipe.h"
#include "utf8.h"
#include "wipe.h"

#define STATE_FORMAT "apigw-emulator-state"
#define STATE_VERSION 1

/* ---- writing ---- */

/* Integers are written as decimal text: cJSON's own number printing keeps 15 significant
 * digits, so 2^53 would come back as 9007199254740990. */
static cJSON *add_int(cJSON *o, const char *k, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return cJSON_AddRawToObject(o, k, text);
}

static cJSON *cert_json(const struct agw_emu_cert *c, int *bad)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        *bad = 1;
        return NULL;
    }
    /* No private_key: a secret goes in no emulator file. After a restart the key is gone and
     * DescribeDomain answers CertificatePrivateKey "" (docs/emulator.md, State). */
    if (!cJSON_AddStringToObject(o, "id", c->id) || !cJSON_AddStringToObject(o, "name", c->name) ||
        !cJSON_AddStringToObject(o, "body", c->body) ||
        !add_int(o, "valid_start", c->valid_start_ms) || !add_int(o, "valid_end", c->valid_end_ms))
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
        !cJSON_AddBoolToObject(o, "websocket_open", b->websocket_open) ||
        (b->wildcard_patterns &&
         !cJSON_AddStringToObject(o, "WildcardDomainPatterns", b->wildcard_patterns)))
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
        !cJSON_AddStringToObject(o, "account", g->account) || !add_int(o, "created", g->created) ||
        !add_int(o, "modified", g->modified) || !add_int(o, "seq", (int64_t)g->seq) ||
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
        !add_int(root, "version", STATE_VERSION) || !add_int(root, "seq", (int64_t)s->seq))
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

/* What went wrong, for the message: "it is not valid JSON...", "groups[2].seq must be...". */
struct why {
    char text[256];
    size_t group, domain; /* indexes of the entry being read */
};

static int fail(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->text, sizeof w->text, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An integer member within [lo, hi] (see jsonint.h); -1 with w naming the member (where is
 * "groups[1]" or the like, "" at the top level). */
static int int_of(const cJSON *o, const char *k, int64_t lo, int64_t hi, int64_t *out,
                  const char *where, struct why *w)
{
    if (agw_emu_json_int(cJSON_GetObjectItemCaseSensitive(o, k), lo, hi, out) == 0) return 0;
    return fail(w, "%s%s%s must be an integer from %lld to %lld", where, *where ? "." : "", k,
                (long long)lo, (long long)hi);
}

#define TIME_MAX AGW_EMU_JSON_INT_MAX

/* 0 ok, -1 malformed (w says what), -2 out of memory. */
static int load_binding(struct agw_emu_store *s, struct agw_emu_group *g, const cJSON *o,
                        struct why *w)
{
    char where[64];
    snprintf(where, sizeof where, "groups[%zu].domains[%zu]", w->group, w->domain);
    const char *dn = str_of(o, "DomainName"), *stage = str_of(o, "BindStageName");
    const char *type = str_of(o, "CustomDomainType"), *remark = str_of(o, "DomainRemark");
    const cJSON *cert = cJSON_GetObjectItemCaseSensitive(o, "cert");
    if (!dn || !stage || !type || !remark || strlen(stage) >= 8 || strlen(type) >= 9 ||
        strlen(remark) >= 160)
        return fail(w, "%s: a domain entry is malformed", where);
    if (agw_emu_binding_find(s, dn)) return fail(w, "%s: a domain is bound twice", where);
    struct agw_emu_binding *b = agw_emu_binding_add(s, g, dn);
    if (!b) return -2;
    strcpy(b->stage, stage);
    strcpy(b->type, type);
    strcpy(b->remark, remark);
    b->redirect_https = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "IsHttpRedirectToHttps"));
    b->legal_abnormal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "legal_abnormal"));
    b->websocket_open = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "websocket_open"));
    const cJSON *wp = cJSON_GetObjectItemCaseSensitive(o, "WildcardDomainPatterns");
    if (wp && !cJSON_IsString(wp))
        return fail(w, "%s.WildcardDomainPatterns must be a string", where);
    if (wp && !(b->wildcard_patterns = strdup(wp->valuestring))) return -2;
    if (!cert) return 0;
    const char *id = str_of(cert, "id"), *name = str_of(cert, "name");
    const char *body = str_of(cert, "body"), *key = str_of(cert, "private_key");
    /* private_key: only in files written before keys were left out; loaded, never saved */
    if (!id || !name || !body) return fail(w, "%s.cert: a certificate entry is malformed", where);
    const cJSON *kv = cJSON_GetObjectItemCaseSensitive(cert, "private_key");
    if (kv && !cJSON_IsString(kv))
        return fail(w, "%s.cert: a certificate entry is malformed", where);
    if (!key) key = "";
    int64_t vs, ve;
    strncat(where, ".cert", sizeof where - strlen(where) - 1);
    if (int_of(cert, "valid_start", -TIME_MAX, TIME_MAX, &vs, where, w) ||
        int_of(cert, "valid_end", -TIME_MAX, TIME_MAX, &ve, where, w))
        return -1;
    if (!(b->cert = calloc(1, sizeof *b->cert))) return -2;
    b->cert->id = strdup(id);
    b->cert->name = strdup(name);
    b->cert->body = strdup(body);
    b->cert->private_key = strdup(key);
    b->cert->valid_start_ms = vs;
    b->cert->valid_end_ms = ve;
    if (!b->cert->id || !b->cert->name || !b->cert->body || !b->cert->private_key) return -2;
    return 0;
}

static int load_group(struct agw_emu_store *s, const cJSON *o, struct why *w)
{
    char where[32];
    snprintf(where, sizeof where, "groups[%zu]", w->group);
    const char *id = str_of(o, "GroupId"), *name = str_of(o, "GroupName");
    const char *desc = str_of(o, "Description"), *base = str_of(o, "BasePath");
    const char *region = str_of(o, "region"), *account = str_of(o, "account");
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(o, "stage_ids");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
    const cJSON *doms = cJSON_GetObjectItemCaseSensitive(o, "domains");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(o, "attrs");
    if (!cJSON_IsObject(o) || !id || strlen(id) != 32 || !name || !desc || !base || !region ||
        !account || !cJSON_IsArray(stages) || cJSON_GetArraySize(stages) != AGW_EMU_NSTAGES ||
        !cJSON_IsArray(tags) || !cJSON_IsArray(doms) || !cJSON_IsObject(attrs))
        return fail(w, "%s: a group entry is malformed", where);
    int64_t created, modified, seq;
    if (int_of(o, "created", 0, TIME_MAX, &created, where, w) ||
        int_of(o, "modified", 0, TIME_MAX, &modified, where, w) ||
        int_of(o, "seq", 0, AGW_EMU_JSON_INT_MAX, &seq, where, w))
        return -1;
    if (agw_emu_group_find(s, id)) return fail(w, "%s: its GroupId appears twice", where);
    struct agw_emu_group *g = agw_emu_group_add(s, id, name, region, account, desc, base, created);
    if (!g) return -2;
    g->modified = modified;
    g->seq = (uint64_t)seq;
    for (int i = 0; i < AGW_EMU_NSTAGES; i++) {
        const cJSON *v = cJSON_GetArrayItem(stages, i);
        if (!cJSON_IsString(v) || strlen(v->valuestring) != 32)
            return fail(w, "%s.stage_ids[%d] is not a 32-character id", where, i);
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
            if (!k || !v) return fail(w, "%s.tags[%zu] is not {Key, Value}", where, g->ntags);
            struct agw_emu_tag *tg = &g->tags[g->ntags++];
            if (!(tg->key = strdup(k)) || !(tg->value = strdup(v))) return -2;
        }
    }
    const cJSON *d;
    w->domain = 0;
    cJSON_ArrayForEach(d, doms)
    {
        int rc = load_binding(s, g, d, w);
        if (rc) return rc;
        w->domain++;
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

static int parse_root(struct agw_emu_store *s, const char *text, size_t len, struct why *w)
{
    size_t bad = agw_emu_utf8_check(text, len);
    if (bad != len) return fail(w, "it is not valid UTF-8 (byte %zu)", bad);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) return fail(w, "it is not valid JSON (a truncated or corrupt file?)");
    int rc = -1;
    int64_t version, seq;
    const char *fmt = str_of(root, "format");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    if (!fmt || strcmp(fmt, STATE_FORMAT) != 0 ||
        !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "version")) ||
        !cJSON_IsArray(groups)) {
        fail(w, "it is not an apigw-emulator state file");
        goto out;
    }
    if (agw_emu_json_int(cJSON_GetObjectItemCaseSensitive(root, "version"), STATE_VERSION,
                         STATE_VERSION, &version) != 0) {
        fail(w, "its version is not supported (this emulator reads version %d)", STATE_VERSION);
        goto out;
    }
    if (int_of(root, "seq", 0, AGW_EMU_JSON_INT_MAX, &seq, "", w)) goto out;
    const cJSON *g;
    w->group = 0;
    cJSON_ArrayForEach(g, groups)
    {
        int r = load_group(s, g, w);
        if (r == -2) fail(w, "out of memory while loading it");
        if (r) goto out;
        w->group++;
    }
    s->seq = (uint64_t)seq;
    for (size_t i = 0; i < s->n; i++)
        if (s->groups[i]->seq > s->seq) s->seq = s->groups[i]->seq;
    rc = 0;
out:
    agw_json_wipe_delete(root); /* it held the certificates' private keys */
    return rc;
}

int agw_emu_persist_parse(struct agw_emu_store *s, const char *text, size_t len, const char *path,
                          struct agw_err *err)
{
    struct why w;
    memset(&w, 0, sizeof w);
    if (parse_root(s, text, len, &w) != 0) {
        LOAD_FAIL("state file %s: %s; refusing to start (fix or remove the file)", path, w.text);
        agw_emu_store_free(s);
        return -1;
    }
    return 0;
}
