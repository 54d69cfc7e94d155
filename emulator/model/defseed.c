#include "model.h"

/* The built-in seed: used when the emulator starts without --seed, printed by
 * --print-seed, documented in docs/emulator.md. The demo group lives in cn-hangzhou; its
 * SubDomain is <GroupId>-cn-hangzhou.alicloudapi.com, which the DNS records point at. The
 * second group can also prove api.example.com (by TXT), so that moving the domain with
 * IsForce can be shown offline. */
static const char default_seed[] =
    "{\n"
    "  \"access_keys\": [\n"
    "    {\"id\": \"LTAIdemoAccessKeyId01\", \"secret\": \"demoAccessKeySecretForTheEmulator\",\n"
    "     \"account\": \"demo\"},\n"
    "    {\"id\": \"STS.demoStsAccessKeyId\", \"secret\": \"demoStsSecret\",\n"
    "     \"security_token\": \"demoSecurityToken\", \"account\": \"demo\"},\n"
    "    {\"id\": \"LTAIotherAccessKeyId01\", \"secret\": \"otherAccessKeySecretForTheEmulator\",\n"
    "     \"account\": \"other\"}\n"
    "  ],\n"
    "  \"groups\": [\n"
    "    {\"GroupId\": \"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903\", \"GroupName\": \"demo_group\",\n"
    "     \"region\": \"cn-hangzhou\", \"account\": \"demo\"},\n"
    "    {\"GroupId\": \"7c2e5a9d0b4f4e1a8d6c3b2a1f0e9d84\", \"GroupName\": \"demo_group_b\",\n"
    "     \"region\": \"cn-hangzhou\", \"account\": \"demo\"}\n"
    "  ],\n"
    "  \"dns\": {\n"
    "    \"api.example.com\": {\"cname\": "
    "\"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903-cn-hangzhou.alicloudapi.com\"},\n"
    "    \"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903.verified.example.com\": {\"txt\": "
    "[\"apigateway-domain-verification=3f8a1c2e9b7d4f60a5e2c8d1b4f7a903-cn-hangzhou.alicloudapi."
    "com\"]},\n"
    "    \"*.demo.example.com\": {\"cname\": "
    "\"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903-cn-hangzhou.alicloudapi.com\"},\n"
    "    \"7c2e5a9d0b4f4e1a8d6c3b2a1f0e9d84.api.example.com\": {\"txt\": "
    "[\"apigateway-domain-verification=7c2e5a9d0b4f4e1a8d6c3b2a1f0e9d84-cn-hangzhou.alicloudapi."
    "com\"]},\n"
    "    \"api.example.org\": {\"cname\": "
    "\"3f8a1c2e9b7d4f60a5e2c8d1b4f7a903-cn-hangzhou.alicloudapi.com\"}\n"
    "  },\n"
    "  \"icp_filed\": [\"example.com\"],\n"
    "  \"behaviour\": {\n"
    "    \"domains_per_group\": 5,\n"
    "    \"conflict_code\": \"DomainAlreadyBind\",\n"
    "    \"icp\": \"abnormal\",\n"
    "    \"describe_missing_status\": 404,\n"
    "    \"groups_per_region\": 100\n"
    "  }\n"
    "}\n";

const char *agw_emu_default_seed(void)
{
    return default_seed;
}
