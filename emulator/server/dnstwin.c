#include "dnstwin.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "render.h"

#define RESOLVE_PATH "/resolve"
#define DNS_TTL 600
#define TYPE_CNAME 5
#define TYPE_TXT 16

/* AliDNS's DoH status codes (RFC 1035 RCODEs) */
#define RCODE_OK 0
#define RCODE_FORMERR 1
#define RCODE_NXDOMAIN 3

static void answer_json(struct agw_emu_outcome *o, int status, cJSON *obj)
{
    char *s = obj ? cJSON_PrintUnformatted(obj) : NULL;
    cJSON_Delete(obj);
    o->kind = AGW_EMU_SEND;
    o->content_type = AGW_EMU_CT_JSON;
    agw_buf_reset(&o->body);
    if (!s) {
        o->status = 500;
        snprintf(o->code, sizeof o->code, "InternalError");
        agw_buf_appends(&o->body, "{\"Status\":2,\"Comment\":\"out of memory\"}");
        return;
    }
    o->status = status;
    agw_buf_appends(&o->body, s);
    cJSON_free(s);
}

/* A refused query: HTTP 400 with the resolver's FORMERR status and why. */
static void refuse(struct agw_emu_outcome *o, const char *why)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj) {
        cJSON_AddNumberToObject(obj, "Status", RCODE_FORMERR);
        cJSON_AddStringToObject(obj, "Comment", why);
    }
    snprintf(o->code, sizeof o->code, "InvalidQuery");
    answer_json(o, 400, obj);
}

static int type_of(const char *t)
{
    if (!t || !*t) return TYPE_CNAME; /* AliDNS defaults to A; the twin has no addresses */
    if (strcasecmp(t, "CNAME") == 0 || strcmp(t, "5") == 0) return TYPE_CNAME;
    if (strcasecmp(t, "TXT") == 0 || strcmp(t, "16") == 0) return TYPE_TXT;
    return -1;
}

/* one Answer item: {name, TTL, type, data}; names fully qualified, with the final dot */
static int add_rr(cJSON *list, const char *name, int type, const char *data)
{
    cJSON *rr = cJSON_CreateObject();
    if (!rr || !cJSON_AddItemToArray(list, rr)) {
        cJSON_Delete(rr);
        return -1;
    }
    char fq[300];
    snprintf(fq, sizeof fq, "%s.", name);
    if (!cJSON_AddStringToObject(rr, "name", fq) || !cJSON_AddNumberToObject(rr, "TTL", DNS_TTL) ||
        !cJSON_AddNumberToObject(rr, "type", type) || !cJSON_AddStringToObject(rr, "data", data))
        return -1;
    return 0;
}

static void resolve(struct agw_emu_ctx *x, const struct agw_params *params,
                    struct agw_emu_outcome *o)
{
    const char *raw = agw_params_get(params, "name");
    int type = type_of(agw_params_get(params, "type"));
    if (!raw || !*raw) {
        refuse(o, "the parameter name is required");
        return;
    }
    if (type < 0) {
        refuse(o, "the DNS twin answers type CNAME (5) and TXT (16) only");
        return;
    }
    char name[256];
    size_t n = strlen(raw);
    if (n && raw[n - 1] == '.') n--;
    if (n == 0 || n >= sizeof name) {
        refuse(o, "the name is empty or longer than 253 characters");
        return;
    }
    memcpy(name, raw, n);
    name[n] = '\0';
    for (char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');

    struct agw_emu_dns_answer a;
    int found = agw_emu_model_dns(x->model, name, &a);
    cJSON *obj = cJSON_CreateObject();
    cJSON *q = obj ? cJSON_AddObjectToObject(obj, "Question") : NULL;
    cJSON *list = cJSON_CreateArray();
    char fq[300];
    snprintf(fq, sizeof fq, "%s.", name);
    int bad = !q || !list ||
              !cJSON_AddNumberToObject(obj, "Status", found ? RCODE_OK : RCODE_NXDOMAIN) ||
              !cJSON_AddBoolToObject(obj, "TC", 0) || !cJSON_AddBoolToObject(obj, "RD", 1) ||
              !cJSON_AddBoolToObject(obj, "RA", 1) || !cJSON_AddBoolToObject(obj, "AD", 0) ||
              !cJSON_AddBoolToObject(obj, "CD", 0) || !cJSON_AddStringToObject(q, "name", fq) ||
              !cJSON_AddNumberToObject(q, "type", type);
    if (!bad && found && type == TYPE_CNAME && a.cname) {
        char data[300];
        snprintf(data, sizeof data, "%s.", a.cname);
        bad = add_rr(list, name, TYPE_CNAME, data) != 0;
    }
    if (!bad && found && type == TYPE_TXT)
        for (size_t i = 0; i < a.ntxt && !bad; i++) {
            /* a TXT record's data is its character-string, quoted as in zone files */
            cJSON *quoted = cJSON_CreateString(a.txt[i]);
            char *s = quoted ? cJSON_PrintUnformatted(quoted) : NULL;
            cJSON_Delete(quoted);
            bad = !s || add_rr(list, name, TYPE_TXT, s) != 0;
            cJSON_free(s);
        }
    if (!bad && cJSON_GetArraySize(list) > 0) {
        bad = !cJSON_AddItemToObject(obj, "Answer", list);
        list = NULL;
    }
    cJSON_Delete(list);
    if (bad) {
        cJSON_Delete(obj);
        obj = NULL;
    }
    answer_json(o, 200, obj);
}

int agw_emu_dns_twin(struct agw_emu_ctx *x, const struct agw_emu_request *rq, const char *path,
                     size_t path_len, const struct agw_params *params, struct agw_emu_outcome *o)
{
    if (path_len != strlen(RESOLVE_PATH) || memcmp(path, RESOLVE_PATH, path_len) != 0) return 0;
    snprintf(o->action, sizeof o->action, "DNS %s",
             type_of(agw_params_get(params, "type")) == TYPE_TXT ? "TXT" : "CNAME");
    o->verified = 1;
    if (strcmp(rq->method, "GET") != 0) {
        o->kind = AGW_EMU_SEND;
        o->status = 405;
        o->content_type = AGW_EMU_CT_JSON;
        snprintf(o->code, sizeof o->code, "MethodNotAllowed");
        agw_buf_reset(&o->body);
        agw_buf_appends(&o->body, "{\"Status\":1,\"Comment\":\"the DNS twin takes GET\"}");
        return 1;
    }
    resolve(x, params, o);
    return 1;
}
