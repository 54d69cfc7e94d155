#include "render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Both writers repair what they echo: a byte that does not start well-formed UTF-8 (from a
 * header, or a message that cut a value to a length) becomes U+FFFD, so every answer is
 * UTF-8, as its content type says. */

static int json_str(struct agw_buf *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int rc = agw_buf_appendc(o, '"');
    for (size_t i = 0; i < n && rc == 0;) {
        unsigned long cp;
        size_t k = agw_emu_utf8_next(p + i, n - i, &cp);
        if (k == 0) {
            rc = agw_buf_appends(o, REPLACEMENT);
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\') {
            char e[2] = {'\\', (char)cp};
            rc = agw_buf_append(o, e, 2);
        } else if (cp < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15]};
            rc = agw_buf_append(o, e, 6);
        } else {
            rc = agw_buf_append(o, p + i, k);
        }
        i += k;
    }
    return rc ? rc : agw_buf_appendc(o, '"');
}

/* XML 1.0 text. Control characters other than tab, LF and CR are not characters XML can
 * carry at all (not even as &#1;), nor are U+FFFE and U+FFFF: they become U+FFFD, so the
 * document stays well formed. CR is written &#13; (a parser would turn a raw one into LF). */
static int xml_text(struct agw_buf *o, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        unsigned long cp;
        size_t k = agw_emu_utf8_next(p + i, n - i, &cp);
        const char *esc = NULL;
        if (k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF)
            esc = k && cp == '\r' ? "&#13;" : REPLACEMENT;
        else if (cp == '&')
            esc = "&amp;";
        else if (cp == '<')
            esc = "&lt;";
        else if (cp == '>')
            esc = "&gt;";
        else if (cp == '"')
            esc = "&quot;";
        else if (cp == '\'')
            esc = "&apos;";
        rc = esc ? agw_buf_appends(o, esc) : agw_buf_append(o, p + i, k);
        i += k ? k : 1;
    }
    return rc;
}

static int number(struct agw_buf *o, double d)
{
    if (!isfinite(d)) return agw_buf_appends(o, "0");
    if (d == floor(d) && fabs(d) < 9007199254740992.0)
        return agw_buf_printf(o, "%lld", (long long)d);
    return agw_buf_printf(o, "%.17g", d);
}

static int xml_value(struct agw_buf *o, const cJSON *v);

/* <name>value</name>; an array becomes one element per item. */
static int xml_element(struct agw_buf *o, const char *name, const cJSON *v)
{
    if (cJSON_IsArray(v)) {
        for (const cJSON *it = v->child; it; it = it->next)
            if (xml_element(o, name, it)) return -1;
        return 0;
    }
    if (agw_buf_printf(o, "<%s>", name) || xml_value(o, v) || agw_buf_printf(o, "</%s>", name))
        return -1;
    return 0;
}

static int xml_value(struct agw_buf *o, const cJSON *v)
{
    if (cJSON_IsObject(v)) {
        for (const cJSON *it = v->child; it; it = it->next)
            if (xml_element(o, it->string ? it->string : "item", it)) return -1;
        return 0;
    }
    if (cJSON_IsString(v)) return xml_text(o, v->valuestring);
    if (cJSON_IsNumber(v)) return number(o, v->valuedouble);
    if (cJSON_IsTrue(v)) return agw_buf_appends(o, "true");
    if (cJSON_IsFalse(v)) return agw_buf_appends(o, "false");
    return 0; /* null: an empty element */
}

int agw_emu_render_success(struct agw_buf *out, int xml, const char *action, const char *request_id,
                           const cJSON *fields)
{
    if (xml) {
        if (agw_buf_printf(out, "<?xml version='1.0' encoding='UTF-8'?><%sResponse><RequestId>",
                           action) ||
            xml_text(out, request_id) || agw_buf_appends(out, "</RequestId>"))
            return -1;
        if (fields && cJSON_IsObject(fields) && xml_value(out, fields)) return -1;
        return agw_buf_printf(out, "</%sResponse>", action);
    }
    if (agw_buf_appends(out, "{\"RequestId\":") || json_str(out, request_id)) return -1;
    if (fields && cJSON_IsObject(fields)) {
        for (const cJSON *it = fields->child; it; it = it->next) {
            char *v = cJSON_PrintUnformatted(it);
            if (!v) return -1;
            int rc = agw_buf_appendc(out, ',') || json_str(out, it->string ? it->string : "") ||
                     agw_buf_appendc(out, ':') || agw_buf_appends(out, v);
            cJSON_free(v);
            if (rc) return -1;
        }
    }
    return agw_buf_appendc(out, '}');
}

int agw_emu_render_error(struct agw_buf *out, int xml, const char *request_id, const char *host_id,
                         const char *code, const char *message)
{
    const char *fields[5][2] = {{"RequestId", request_id},
                                {"HostId", host_id},
                                {"Code", code},
                                {"Message", message},
                                {"Recommend", NULL}};
    struct agw_buf rec;
    agw_buf_init(&rec, 0);
    int rc = agw_buf_appends(&rec, "https://api.aliyun.com/troubleshoot?q=");
    for (const char *p = code; *p && rc == 0; p++) { /* codes are [A-Za-z0-9.]; be safe anyway */
        unsigned char ch = (unsigned char)*p;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '.' || ch == '-' || ch == '_' || ch == '~')
            rc = agw_buf_appendc(&rec, (char)ch);
        else
            rc = agw_buf_printf(&rec, "%%%02X", ch);
    }
    rc = rc || agw_buf_printf(&rec, "&product=CloudAPI&requestId=%s", request_id);
    fields[4][1] = agw_buf_str(&rec);
    if (xml) {
        rc = rc || agw_buf_appends(out, "<?xml version='1.0' encoding='UTF-8'?><Error>");
        for (int i = 0; i < 5 && rc == 0; i++)
            rc = agw_buf_printf(out, "<%s>", fields[i][0]) || xml_text(out, fields[i][1]) ||
                 agw_buf_printf(out, "</%s>", fields[i][0]);
        rc = rc || agw_buf_appends(out, "</Error>");
    } else {
        rc = rc || agw_buf_appendc(out, '{');
        for (int i = 0; i < 5 && rc == 0; i++)
            rc = (i ? agw_buf_appendc(out, ',') : 0) || json_str(out, fields[i][0]) ||
                 agw_buf_appendc(out, ':') || json_str(out, fields[i][1]);
        rc = rc || agw_buf_appendc(out, '}');
    }
    agw_buf_free(&rec);
    return rc ? -1 : 0;
}
