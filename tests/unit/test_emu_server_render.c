/* The emulator's answer bodies: JSON and XML, success and error. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "render.h"

int main(void)
{
    cJSON *f = cJSON_Parse("{\"GroupId\":\"g<1>&\",\"Count\":3,\"Ok\":true,\"Ratio\":0.5,"
                           "\"CustomDomains\":{\"DomainItem\":[{\"DomainName\":\"a.com\"},"
                           "{\"DomainName\":\"b.com\"}]},\"Empty\":null}");
    struct agw_buf b;
    agw_buf_init(&b, 0);
    agw_emu_render_success(&b, 0, "DescribeApiGroup", "RID", f);
    CHECK_STR(agw_buf_str(&b),
              "{\"RequestId\":\"RID\",\"GroupId\":\"g<1>&\",\"Count\":3,\"Ok\":true,\"Ratio\":0.5,"
              "\"CustomDomains\":{\"DomainItem\":[{\"DomainName\":\"a.com\"},{\"DomainName\":"
              "\"b.com\"}]},\"Empty\":null}");
    agw_buf_reset(&b);
    agw_emu_render_success(&b, 1, "DescribeApiGroup", "RID", f);
    CHECK_STR(agw_buf_str(&b),
              "<?xml version='1.0' encoding='UTF-8'?><DescribeApiGroupResponse><RequestId>RID"
              "</RequestId><GroupId>g&lt;1&gt;&amp;</GroupId><Count>3</Count><Ok>true</Ok>"
              "<Ratio>0.5</Ratio><CustomDomains><DomainItem><DomainName>a.com</DomainName>"
              "</DomainItem><DomainItem><DomainName>b.com</DomainName></DomainItem>"
              "</CustomDomains><Empty></Empty></DescribeApiGroupResponse>");
    agw_buf_reset(&b);
    agw_emu_render_success(&b, 0, "DeleteDomain", "RID", NULL);
    CHECK_STR(agw_buf_str(&b), "{\"RequestId\":\"RID\"}");
    agw_buf_reset(&b);
    agw_emu_render_error(&b, 0, "RID", "apigateway.cn-hangzhou.aliyuncs.com", "Throttling.User",
                         "say \"no\"\n");
    CHECK_STR(agw_buf_str(&b),
              "{\"RequestId\":\"RID\",\"HostId\":\"apigateway.cn-hangzhou.aliyuncs.com\","
              "\"Code\":\"Throttling.User\",\"Message\":\"say \\\"no\\\"\\u000a\",\"Recommend\":"
              "\"https://api.aliyun.com/troubleshoot?q=Throttling.User&product=CloudAPI&"
              "requestId=RID\"}");
    agw_buf_reset(&b);
    agw_emu_render_error(&b, 1, "RID", "h", "NotFoundApiGroup", "a<b");
    CHECK_STR(agw_buf_str(&b),
              "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>RID</RequestId><HostId>h"
              "</HostId><Code>NotFoundApiGroup</Code><Message>a&lt;b</Message><Recommend>"
              "https://api.aliyun.com/troubleshoot?q=NotFoundApiGroup&amp;product=CloudAPI&amp;"
              "requestId=RID</Recommend></Error>");
    agw_buf_free(&b);
    cJSON_Delete(f);
    if (!failures) printf("ok\n");
    return failures ? 1 : 0;
}
