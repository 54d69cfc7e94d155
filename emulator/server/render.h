#ifndef AGW_EMU_RENDER_H
#define AGW_EMU_RENDER_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

/* Answer bodies in the service's shapes. JSON: RequestId first, then the action's fields;
 * errors {RequestId, HostId, Code, Message, Recommend}. XML (Format=XML): <ActionResponse> with
 * the same fields, arrays as repeated elements; errors <Error>. Each returns 0, or -1 when out
 * of memory (out may then hold a partial body). */

#define AGW_EMU_CT_JSON "application/json;charset=utf-8"
#define AGW_EMU_CT_XML "text/xml;charset=utf-8"

/* fields may be NULL (no fields); it is not modified. */
int agw_emu_render_success(struct agw_buf *out, int xml, const char *action, const char *request_id,
                           const cJSON *fields);
int agw_emu_render_error(struct agw_buf *out, int xml, const char *request_id, const char *host_id,
                         const char *code, const char *message);

#endif
