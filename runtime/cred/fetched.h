#ifndef AGW_CRED_FETCHED_H
#define AGW_CRED_FETCHED_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Reading what a provider answered (pure: bytes in, fields out; the fuzzers call it too). */

enum agw_cred_answer {
    AGW_CRED_ANSWER_STS,     /* AssumeRole / AssumeRoleWithOIDC: {Credentials:{...}} */
    AGW_CRED_ANSWER_ECS,     /* metadata: {Code:"Success", AccessKeyId, ..., Expiration} */
    AGW_CRED_ANSWER_URI,     /* credentials URI: the same strict shape */
    AGW_CRED_ANSWER_PROCESS, /* process stdout: {mode:"AK"|"StsToken", access_key_id, ...} */
};

struct agw_cred_fetched {
    char *access_key_id;
    char *access_key_secret; /* wiped on free */
    char *security_token;    /* NULL for an AK answer of a process; wiped on free */
    int64_t expiration;      /* epoch s; 0: none given (a process's AK or token without one) */
};

/* Parses an answer of HTTP status (0 for a process) from body[0..len). who names the
 * provider in messages ("STS AssumeRole of <arn> at <url>"). Returns 0 with out filled, or
 * -1 with err (kind AGW_ERR_CONFIG, code "CredentialsFetchFailed"; the message gives the
 * status and the answer's Code and Message when it has them, never a secret or the body).
 * out is zeroed first; free it with agw_cred_fetched_free in every case. */
int agw_cred_fetched_parse(enum agw_cred_answer kind, long status, const char *body, size_t len,
                           const char *who, struct agw_cred_fetched *out, struct agw_err *err);
void agw_cred_fetched_free(struct agw_cred_fetched *f);

/* "YYYY-MM-DDThh:mm:ssZ", with an optional fraction (".123Z"), to epoch s; 0 or -1. */
int agw_cred_parse_expiration(const char *s, int64_t *out);

#endif
