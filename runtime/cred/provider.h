#ifndef AGW_CRED_PROVIDER_H
#define AGW_CRED_PROVIDER_H

#include "aliyun_config.h"
#include "buf.h"
#include "cred.h"
#include "ini.h"
#include "where.h"

/* The chain's steps that make providers (cred.c runs the chain). Each fills out (zeroed by
 * the caller) and returns 1, returns 0 when the step does not apply (noting why in places
 * where it says so), or -1 with err (kind AGW_ERR_CONFIG; never quoting a secret). */

/* Static keys into out, with source's text (taken); cred.c's check of sendable bytes. */
int agw_cred_fill(struct agw_cred *out, const char *id, const char *secret, const char *token,
                  const char *region, struct agw_buf *source, struct agw_err *err);

/* Makes out a RAM role over *base (moved into out->base, which is left zeroed). session,
 * policy, external_id, sts_region, sts_endpoint may be NULL. what describes the role for
 * --verbose (copied). */
int agw_cred_role_over(struct agw_cred *out, struct agw_cred *base, const char *role_arn,
                       const char *session, const char *policy, const char *external_id,
                       long duration_s, const char *what, struct agw_err *err);

/* A config.json profile already read (prof, named pname) of any supported mode; chains
 * ChainableRamRoleArn through source_profile, refusing a cycle by name. */
int agw_cred_from_profile(const struct agw_cred_where *w, struct agw_cred_profile *prof,
                          struct agw_cred *out, struct agw_err *err);

/* An INI section of type ram_role_arn, ecs_ram_role or oidc_role_arn (access_key is
 * cred.c's). 1, 0 for another type, -1. */
int agw_cred_from_ini_type(const struct agw_cred_where *w, const struct agw_cred_ini *ini,
                           const char *path, const char *section, const char *type,
                           struct agw_cred *out, struct agw_err *err);

/* The environment's role steps: ALIBABA_CLOUD_ROLE_ARN over the AccessKey just found in
 * *base (1 when it wrapped it, 0 when ROLE_ARN is not set or OIDC is meant). */
int agw_cred_env_role(const struct agw_cred_where *w, struct agw_cred *base, struct agw_err *err);
/* The OIDC trio (step 2); a partial trio is an error. */
int agw_cred_env_oidc(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                      int *noted, struct agw_err *err);
/* The instance metadata step (5): applies when not disabled and on ECS (or told so). When
 * it applies and ALIBABA_CLOUD_CREDENTIALS_URI is set (and allowed), the URI step (6) is put
 * in out->next, to be tried if the metadata service gives nothing. */
int agw_cred_env_ecs(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                     int *noted, struct agw_err *err);
/* ALIBABA_CLOUD_CREDENTIALS_URI (step 6). */
int agw_cred_env_uri(const struct agw_cred_where *w, struct agw_cred *out, struct agw_buf *places,
                     int *noted, struct agw_err *err);

#endif
