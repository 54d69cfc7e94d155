#include "twin.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "dnstwin.h"
#include "render.h"
#include "seedcred.h"
#include "wipe.h"

#define CT_TEXT "text/plain;charset=utf-8"
#define MD_CREDS "/latest/meta-data/ram/security-credentials/"
#define MD_TOKEN "/latest/api/token"
#define URI_PATH "/__emulator/credentials"
#define MD_HOOK "/__emulator/metadata/"

static void fail(struct agw_emu_outcome *o, const char *hid, int status, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void fail(struct agw_emu_outcome *o, const char *hid, int status, const char *code,
                 const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    o->kind = AGW_EMU_SEND;
    o->status = status;
    o->content_type = AGW_EMU_CT_JSON;
    snprintf(o->code, sizeof o->code, "%s", code);
    agw_buf_reset(&o->body);
    if (agw_emu_render_error(&o->body, 0, o->request_id, hid, code, msg) != 0) {
        agw_buf_reset(&o->body);
        agw_buf_appends(&o->body, "{\"Code\":\"InternalError\"}");
        o->status = 500;
    }
}

static void text(struct agw_emu_outcome *o, int status, const char *code, const char *body)
{
    o->kind = AGW_EMU_SEND;
    o->status = status;
    o->content_type = CT_TEXT;
    snprintf(o->code, sizeof o->code, "%s", code ? code : "");
    agw_buf_reset(&o->body);
    agw_buf_appends(&o->body, body);
}

/* The account that owns what a twin issues without a signed caller. */
static const char *first_account(struct agw_emu_ctx *x)
{
    const struct agw_emu_key *k = agw_emu_model_first_key(x->model);
    return k && k->account ? k->account : "demo";
}

/* Issues a triple valid ttl seconds and adds its fields to obj with the given names
 * (NULL Code: no Code). Returns 0 or -1 (out of memory). */
static int issue_into(struct agw_emu_ctx *x, const char *account, long ttl, cJSON *obj,
                      int with_code)
{
    int64_t now = agw_emu_ctx_now(x);
    pthread_mutex_lock(&x->model_mu);
    const struct agw_emu_key *k = agw_emu_model_issue(x->model, account, now + ttl);
    pthread_mutex_unlock(&x->model_mu);
    char exp[21], upd[21];
    if (!k || agw_clock_iso8601((time_t)(now + ttl), exp) || agw_clock_iso8601((time_t)now, upd))
        return -1;
    int bad = !cJSON_AddStringToObject(obj, "AccessKeyId", k->id) ||
              !cJSON_AddStringToObject(obj, "AccessKeySecret", k->secret) ||
              !cJSON_AddStringToObject(obj, "SecurityToken", k->security_token) ||
              !cJSON_AddStringToObject(obj, "Expiration", exp);
    if (!bad && with_code)
        bad = !cJSON_AddStringToObject(obj, "LastUpdated", upd) ||
              !cJSON_AddStringToObject(obj, "Code", "Success");
    return bad ? -1 : 0;
}

/* Wipes every string of a tree that held issued secrets, then frees it. */
static void wipe_tree(cJSON *j)
{
    for (; j; j = j->next) {
        if (j->valuestring) agw_wipe_str(j->valuestring);
        wipe_tree(j->child);
    }
}

static void wipe_delete(cJSON *j)
{
    if (j) wipe_tree(j->child);
    cJSON_Delete(j);
}

/* A bare JSON answer (the metadata service and the URI: no RequestId). */
static void json_plain(struct agw_emu_outcome *o, cJSON *obj, const char *hid)
{
    char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
    wipe_delete(obj);
    if (!s) {
        fail(o, hid, 500, "InternalError", "out of memory");
        return;
    }
    o->kind = AGW_EMU_SEND;
    o->status = 200;
    o->content_type = AGW_EMU_CT_JSON;
    agw_buf_reset(&o->body);
    agw_buf_appends(&o->body, s);
    agw_wipe_free(s);
}

static long lifetime(struct agw_emu_ctx *x, long asked)
{
    long max = agw_emu_model_creds(x->model)->duration_s;
    return asked > 0 && asked < max ? asked : max;
}

/* The metadata service. 1 when path is one of its paths. */
static int metadata(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *path,
                    size_t n, const char *hid, struct agw_emu_outcome *o)
{
    if (!(n >= 8 && strncmp(path, "/latest/", 8) == 0)) return 0;
    const struct agw_emu_seed_creds *c = agw_emu_model_creds(x->model);
    snprintf(o->action, sizeof o->action, "metadata %.*s", (int)(n < 50 ? n : 50), path);
    if (!c->has_metadata) {
        text(o, 404, "NotFound", "Not Found (the emulator's seed has no \"metadata\")\n");
        return 1;
    }
    int64_t now = agw_emu_ctx_now(x);
    if (n == strlen(MD_TOKEN) && memcmp(path, MD_TOKEN, n) == 0) {
        if (!c->md_imdsv2) { /* no token endpoint at all (seed metadata.imdsv2 false) */
            text(o, 404, "NotFound", "Not Found\n");
            return 1;
        }
        if (strcmp(rq->method, "PUT") != 0) {
            text(o, 405, "MethodNotAllowed", "Method Not Allowed\n");
            return 1;
        }
        const char *ttl = agw_params_get_ci(rq->headers, "X-aliyun-ecs-metadata-token-ttl-seconds");
        char *end = NULL;
        long t = ttl ? strtol(ttl, &end, 10) : 0;
        if (!ttl || !*ttl || *end || t < 1 || t > 21600) {
            text(o, 400, "InvalidTokenTtl",
                 "X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to 21600\n");
            return 1;
        }
        char tok[65];
        pthread_mutex_lock(&x->model_mu);
        int rc = agw_emu_model_imds_token(x->model, now + t, tok);
        pthread_mutex_unlock(&x->model_mu);
        if (rc != 0) {
            text(o, 500, "InternalError", "no random source\n");
            return 1;
        }
        text(o, 200, NULL, tok);
        agw_wipe_str(tok);
        return 1;
    }
    if (strcmp(rq->method, "GET") != 0) {
        text(o, 405, "MethodNotAllowed", "Method Not Allowed\n");
        return 1;
    }
    const char *tok = agw_params_get_ci(rq->headers, "X-aliyun-ecs-metadata-token");
    if (tok) {
        pthread_mutex_lock(&x->model_mu);
        int ok = agw_emu_model_imds_valid(x->model, tok, now);
        pthread_mutex_unlock(&x->model_mu);
        if (!ok) {
            text(o, 401, "InvalidToken", "Unauthorized: the metadata token is not valid\n");
            return 1;
        }
    } else if (!c->md_imdsv1) {
        text(o, 401, "TokenRequired", "Unauthorized: this instance requires a metadata token\n");
        return 1;
    }
    size_t pl = strlen(MD_CREDS);
    if (n < pl || memcmp(path, MD_CREDS, pl) != 0) {
        text(o, 404, "NotFound", "Not Found\n");
        return 1;
    }
    int detached = atomic_load(&x->md_detached); /* as on ECS once the role is detached */
    if (n == pl && !detached) {
        text(o, 200, NULL, c->md_role);
        return 1;
    }
    if (detached || n - pl != strlen(c->md_role) || memcmp(path + pl, c->md_role, n - pl) != 0) {
        text(o, 404, "NotFound", "Not Found\n");
        return 1;
    }
    cJSON *obj = cJSON_CreateObject();
    if (!obj || issue_into(x, first_account(x), lifetime(x, 0), obj, 1) != 0) {
        wipe_delete(obj);
        fail(o, hid, 500, "InternalError", "out of memory");
        return 1;
    }
    json_plain(o, obj, hid);
    return 1;
}

/* POST /__emulator/metadata/detach | attach: a test hook that detaches the instance's role
 * from the metadata twin, or attaches it again, so that a client's refresh can be seen to
 * fail mid-run and what it does then (docs/credentials.md). */
static void md_hook(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *what,
                    size_t n, const char *hid, struct agw_emu_outcome *o)
{
    o->hook = 1;
    snprintf(o->action, sizeof o->action, "metadata hook %.*s", (int)(n < 16 ? n : 16), what);
    int detach = n == 6 && memcmp(what, "detach", 6) == 0;
    if (!detach && !(n == 6 && memcmp(what, "attach", 6) == 0)) {
        fail(o, hid, 404, "NotFound",
             "the metadata hook is /__emulator/metadata/detach or /attach");
        return;
    }
    if (strcmp(rq->method, "POST") != 0) {
        fail(o, hid, 400, "UnsupportedHTTPMethod", "the metadata hook takes POST");
        return;
    }
    atomic_store(&x->md_detached, detach);
    text(o, 200, NULL, detach ? "detached\n" : "attached\n");
}

/* GET /__emulator/credentials[?code=C]: the strict credentials-URI answer, or {"Code": C}. */
static void uri(struct agw_emu_ctx *x, const struct agw_params *params, const char *hid,
                struct agw_emu_outcome *o)
{
    o->hook = 1;
    const char *code = agw_params_get(params, "code");
    cJSON *obj = cJSON_CreateObject();
    if (obj && code) {
        if (!cJSON_AddStringToObject(obj, "Code", code) ||
            !cJSON_AddStringToObject(obj, "Message", "refused by the emulator (?code=)"))
            code = NULL;
        json_plain(o, obj, hid);
        return;
    }
    if (!obj || !cJSON_AddStringToObject(obj, "Code", "Success") ||
        issue_into(x, first_account(x), lifetime(x, 0), obj, 0) != 0) {
        wipe_delete(obj);
        fail(o, hid, 500, "InternalError", "out of memory");
        return;
    }
    json_plain(o, obj, hid);
}

/* RoleSessionName: 2 to 64 of [A-Za-z0-9.@_-]. */
static int session_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr(".@_-", s[i])))
            return 0;
    return 1;
}

/* The checks both STS actions share; 0, or -1 with o filled. *ttl gets the lifetime. */
static int sts_common(struct agw_emu_ctx *x, const struct agw_params *p, const char *hid,
                      struct agw_emu_outcome *o, long *ttl)
{
    const struct agw_emu_seed_creds *c = agw_emu_model_creds(x->model);
    const char *arn = agw_params_get(p, "RoleArn");
    const char *sess = agw_params_get(p, "RoleSessionName");
    const char *dur = agw_params_get(p, "DurationSeconds");
    const char *policy = agw_params_get(p, "Policy");
    if (!arn || !*arn) {
        fail(o, hid, 400, "MissingRoleArn", "RoleArn is mandatory for this action.");
        return -1;
    }
    if (!sess || !*sess) {
        fail(o, hid, 400, "MissingRoleSessionName",
             "RoleSessionName is mandatory for this action.");
        return -1;
    }
    if (!session_ok(sess)) {
        fail(o, hid, 400, "InvalidParameter.RoleSessionName",
             "The parameter RoleSessionName must be 2 to 64 characters of letters, digits and "
             "\".@-_\".");
        return -1;
    }
    long d = 3600;
    if (dur) {
        char *end = NULL;
        d = strtol(dur, &end, 10);
        if (!*dur || *end || d < 60 || d > 43200) {
            fail(o, hid, 400, "InvalidParameter.DurationSeconds",
                 "The parameter DurationSeconds must be an integer from 900 to 43200 (the "
                 "emulator accepts from 60).");
            return -1;
        }
    }
    if (policy && (!*policy || strlen(policy) > 2048)) {
        fail(o, hid, 400, "InvalidParameter.PolicyGrammar", "The policy is 1 to 2048 characters.");
        return -1;
    }
    if (!c->has_sts || !agw_emu_seedcred_has(c->roles, c->nroles, arn)) {
        fail(o, hid, 404, "EntityNotExist.Role", "The role not exists: %.300s.", arn);
        return -1;
    }
    *ttl = lifetime(x, d);
    return 0;
}

/* {AssumedRoleUser, Credentials} for a session of role arn. */
static void sts_answer(struct agw_emu_ctx *x, const char *action, const char *account,
                       const struct agw_params *p, long ttl, const char *hid,
                       struct agw_emu_outcome *o)
{
    const char *arn = agw_params_get(p, "RoleArn");
    const char *sess = agw_params_get(p, "RoleSessionName");
    cJSON *f = cJSON_CreateObject();
    cJSON *user = f ? cJSON_AddObjectToObject(f, "AssumedRoleUser") : NULL;
    cJSON *cr = f ? cJSON_AddObjectToObject(f, "Credentials") : NULL;
    char full[512], rid[128];
    snprintf(full, sizeof full, "%.300s/%.64s", arn, sess);
    snprintf(rid, sizeof rid, "300000000000000000:%.64s", sess);
    if (!user || !cr || !cJSON_AddStringToObject(user, "Arn", full) ||
        !cJSON_AddStringToObject(user, "AssumedRoleId", rid) ||
        issue_into(x, account, ttl, cr, 0) != 0) {
        wipe_delete(f);
        fail(o, hid, 500, "InternalError", "out of memory");
        return;
    }
    o->kind = AGW_EMU_SEND;
    o->status = 200;
    o->content_type = AGW_EMU_CT_JSON;
    agw_buf_reset(&o->body);
    if (agw_emu_render_success(&o->body, 0, action, o->request_id, f) != 0)
        fail(o, hid, 500, "InternalError", "out of memory");
    wipe_delete(f);
}

static void oidc(struct agw_emu_ctx *x, const struct agw_params *p, const char *hid,
                 struct agw_emu_outcome *o)
{
    snprintf(o->action, sizeof o->action, "AssumeRoleWithOIDC");
    const struct agw_emu_seed_creds *c = agw_emu_model_creds(x->model);
    const char *prov = agw_params_get(p, "OIDCProviderArn");
    const char *tok = agw_params_get(p, "OIDCToken");
    if (agw_params_get(p, "AccessKeyId") || agw_params_get(p, "Signature")) {
        fail(o, hid, 400, "InvalidParameter",
             "AssumeRoleWithOIDC is anonymous: it takes no AccessKeyId or Signature.");
        return;
    }
    if (!prov || !*prov) {
        fail(o, hid, 400, "MissingOIDCProviderArn",
             "OIDCProviderArn is mandatory for this action.");
        return;
    }
    if (!tok || !*tok) {
        fail(o, hid, 400, "MissingOIDCToken", "OIDCToken is mandatory for this action.");
        return;
    }
    if (strlen(tok) < 4 || strlen(tok) > 20000) {
        fail(o, hid, 400, "InvalidParameter.OIDCToken", "The OIDCToken is 4 to 20000 characters.");
        return;
    }
    long ttl;
    if (sts_common(x, p, hid, o, &ttl) != 0) return;
    if (!agw_emu_seedcred_has(c->oidc_providers, c->noidc, prov)) {
        fail(o, hid, 404, "EntityNotExist.OIDCProvider", "The OIDC provider not exists: %.300s.",
             prov);
        return;
    }
    o->verified = 1;
    sts_answer(x, "AssumeRoleWithOIDC", first_account(x), p, ttl, hid, o);
}

int agw_emu_twin_pre(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *path,
                     size_t path_len, const struct agw_params *params, const char *hid,
                     struct agw_emu_outcome *o)
{
    if (metadata(x, rq, path, path_len, hid, o)) return 1;
    if (path_len > strlen(MD_HOOK) && memcmp(path, MD_HOOK, strlen(MD_HOOK)) == 0) {
        md_hook(x, rq, path + strlen(MD_HOOK), path_len - strlen(MD_HOOK), hid, o);
        return 1;
    }
    if (agw_emu_dns_twin(x, rq, path, path_len, params, o)) return 1;
    if (path_len == strlen(URI_PATH) && memcmp(path, URI_PATH, path_len) == 0) {
        if (strcmp(rq->method, "GET") != 0)
            fail(o, hid, 400, "UnsupportedHTTPMethod", "The credentials URI takes GET.");
        else
            uri(x, params, hid, o);
        return 1;
    }
    const char *action = agw_params_get(params, "Action");
    const char *version = agw_params_get(params, "Version");
    if (path_len == 1 && path[0] == '/' && action && strcmp(action, "AssumeRoleWithOIDC") == 0 &&
        version && strcmp(version, AGW_EMU_STS_VERSION) == 0) {
        oidc(x, params, hid, o);
        return 1;
    }
    return 0;
}

void agw_emu_twin_sts(struct agw_emu_ctx *x, const struct agw_emu_key *key, const char *action,
                      const struct agw_params *params, const char *hid, struct agw_emu_outcome *o)
{
    if (!action || strcmp(action, "AssumeRole") != 0) {
        fail(o, hid, 404, "InvalidApi.NotFound",
             "Specified api is not found (the STS twin has AssumeRole and AssumeRoleWithOIDC).");
        return;
    }
    const char *ext = agw_params_get(params, "ExternalId");
    if (ext && (strlen(ext) < 2 || strlen(ext) > 1224)) {
        fail(o, hid, 400, "InvalidParameter.ExternalId", "The ExternalId is 2 to 1224 characters.");
        return;
    }
    long ttl;
    if (sts_common(x, params, hid, o, &ttl) != 0) return;
    sts_answer(x, "AssumeRole", key->account ? key->account : first_account(x), params, ttl, hid,
               o);
}
