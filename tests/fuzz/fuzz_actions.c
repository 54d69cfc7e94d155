/* The model's action dispatch (emulator/model/actions.c and the action files), with the
 * default seed, in memory. The input is one call per line (32 at most):
 *   <key> <Action> <urlencoded parameters>
 * key 0, 1, 2 is the seed's first, second (STS) or third key (another account); anything
 * else is no key. "$G<digit>" in the parameters stands for the GroupId of that group of the
 * store (in creation order), so a call can name a group made by an earlier CreateApiGroup.
 * A call whose parameters are not UTF-8 is skipped: the server refuses it first.
 * Properties, after every call: no internal failure; an answer is either a success with a
 * body or an error with a 4xx/5xx status and a code; the answer renders (as JSON that parses,
 * or as XML, call by call) and is valid UTF-8 (unless AGW_FUZZ_SKIP has utf8); the store's indexes
 * find every group and binding. At the end: saving the store and loading the snapshot gives the
 * same snapshot. AGW_FUZZ_TRACE=1 prints each call's answer (for writing seeds). */
#include "fuzz.h"
#include "modelint.h"
#include "persist.h"
#include "render.h"
#include "store.h"
#include "utf8.h"
#include "wipe.h"

static void check_store(const struct agw_emu_store *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct agw_emu_group *g = s->groups[i];
        FUZZ_CHECK(agw_emu_group_find(s, g->id) == g, "group %s is not found by its id", g->id);
        for (size_t j = 0; j < g->nbind; j++) {
            const struct agw_emu_binding *b = g->bindings[j];
            FUZZ_CHECK(b->group == g, "a binding of %s points at another group", g->id);
            FUZZ_CHECK(agw_emu_binding_find(s, b->domain) == b, "domain %s is not found",
                       b->domain);
        }
    }
}

/* Replaces "$G<d>" by the GroupId of group d. */
static char *expand(const struct agw_emu_store *s, const char *l, size_t n, size_t *outlen)
{
    struct agw_buf b;
    agw_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        if (l[i] == '$' && i + 2 < n && l[i + 1] == 'G' && l[i + 2] >= '0' && l[i + 2] <= '9' &&
            (size_t)(l[i + 2] - '0') < s->n) {
            FUZZ_OOM(agw_buf_appends(&b, s->groups[l[i + 2] - '0']->id) == 0);
            i += 2;
        } else {
            FUZZ_OOM(agw_buf_appendc(&b, l[i]) == 0);
        }
    }
    FUZZ_OOM(agw_buf_append(&b, "", 0) == 0);
    *outlen = b.len;
    return agw_buf_take(&b);
}

/* Renders as JSON or XML (alternately, call by call: rendering costs more than the call). */
/* The server refuses parameters that are not UTF-8 before the model sees them (handle.c);
 * such a call is not one the model is given. */
static int utf8(const struct agw_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        size_t kn = strlen(p->v[i].name), vn = strlen(p->v[i].value);
        if (agw_emu_utf8_check(p->v[i].name, kn) != kn ||
            agw_emu_utf8_check(p->v[i].value, vn) != vn)
            return 0;
    }
    return 1;
}

static void check_render(const char *action, const struct agw_emu_answer *ans, int xml)
{
    {
        struct agw_buf out;
        agw_buf_init(&out, 0);
        const char *rid = "8E1B6B2C-6C4A-4E7B-9F3D-1A2B3C4D5E6F";
        int rc = ans->http_status == 200
                     ? agw_emu_render_success(&out, xml, action, rid, ans->body)
                     : agw_emu_render_error(&out, xml, rid, "apigateway.cn-hangzhou.aliyuncs.com",
                                            ans->code, ans->message);
        FUZZ_CHECK(rc == 0, "the answer of %s does not render", action);
        if (!fuzz_skip("utf8"))
            FUZZ_CHECK(fuzz_utf8_valid(out.data, out.len), "the %s answer of %s is not UTF-8: %s",
                       xml ? "XML" : "JSON", action, agw_buf_str(&out));
        if (!xml) {
            cJSON *j = cJSON_ParseWithLength(out.data, out.len);
            FUZZ_CHECK(cJSON_IsObject(j), "the JSON answer of %s does not parse: %s", action,
                       agw_buf_str(&out));
            cJSON_Delete(j);
        }
        agw_buf_free(&out);
    }
}

static void call(struct agw_emu_model *m, const char *l, size_t n, int xml)
{
    const char *sp1 = memchr(l, ' ', n);
    if (!sp1 || sp1 == l) return;
    const char *rest = sp1 + 1;
    size_t rn = n - (size_t)(rest - l);
    const char *sp2 = memchr(rest, ' ', rn);
    size_t an = sp2 ? (size_t)(sp2 - rest) : rn;
    char *action = fuzz_strndup(rest, an);
    size_t pl;
    char *ptext = sp2 ? expand(&m->store, sp2 + 1, rn - an - 1, &pl) : fuzz_strndup("", 0);
    if (!sp2) pl = 0;
    struct agw_params p;
    agw_params_init(&p);
    const struct agw_emu_key *key = NULL;
    if (sp1 - l == 1 && l[0] >= '0' && l[0] <= '2' && (size_t)(l[0] - '0') < m->seed.nkeys)
        key = &m->seed.keys[l[0] - '0'];
    if (strlen(action) == an && agw_params_parse_urlencoded(&p, ptext, pl) == 0 && utf8(&p)) {
        struct agw_emu_answer ans;
        struct agw_err err;
        agw_err_clear(&err);
        FUZZ_CHECK(agw_emu_model_call(m, key, action, &p, &ans, &err) == 0, "%s failed inside: %s",
                   action, err.message);
        if (ans.http_status == 200) {
            FUZZ_CHECK(cJSON_IsObject(ans.body), "%s succeeded without a body", action);
        } else {
            FUZZ_CHECK(ans.http_status >= 400 && ans.http_status <= 599 && ans.code[0] && !ans.body,
                       "%s answered status %d code '%s'", action, ans.http_status, ans.code);
        }
        if (getenv("AGW_FUZZ_TRACE"))
            fprintf(stderr, "%s -> %d %s %s\n", action, ans.http_status, ans.code, ans.message);
        check_render(action, &ans, xml);
        cJSON_Delete(ans.body);
        check_store(&m->store);
    }
    agw_params_free(&p);
    free(action);
    free(ptext);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct agw_emu_model *m = NULL;
    struct agw_err err;
    agw_err_clear(&err);
    FUZZ_CHECK(agw_emu_model_open(&m, NULL, 0, NULL, NULL, &err) == 0, "the default seed: %s",
               err.message);
    struct fuzz_in in = fuzz_in_make(data, size);
    const char *l;
    size_t n;
    for (int calls = 0; calls < 32 && fuzz_line(&in, &l, &n); calls++)
        call(m, l, n, calls & 1);

    size_t n1 = 0, n2 = 0;
    char *t1 = agw_emu_persist_serialise(&m->store, &n1);
    FUZZ_OOM(t1);
    struct agw_emu_store s2;
    agw_emu_store_init(&s2);
    FUZZ_CHECK(agw_emu_persist_parse(&s2, t1, n1, "saved.json", &err) == 0,
               "the saved state does not load: %s", err.message);
    char *t2 = agw_emu_persist_serialise(&s2, &n2);
    FUZZ_OOM(t2);
    FUZZ_CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0,
               "save, load, save changed the state:\n  saved:   %s\n  resaved: %s", t1, t2);
    agw_wipe_free_n(t1, n1);
    agw_wipe_free_n(t2, n2);
    agw_emu_store_free(&s2);
    agw_emu_model_free(m);
    return 0;
}
