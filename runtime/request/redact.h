#ifndef AGW_REDACT_H
#define AGW_REDACT_H

#include "buf.h"

/* The one redactor. Whatever apigw-lua shows of a request or an answer (--dry-run, --trace,
 * --verbose, error messages, the dry run's answer, hook payloads) passes through it, so that
 * every path masks the same things the same way, each with "***":
 *
 *  - every secret value of the set (the AccessKey secret, the security token), wherever it
 *    appears: raw, percent-encoded once or twice (pe() of docs/signing.md 1.2);
 *  - the value of every secret parameter, by name, in the forms a request shows it:
 *      Name=value       a URL query, a form body, a canonical query, an Authorization
 *                       header's Signature=; the value ends at '&', white space or one of
 *                       " ' , < > \  (an encoded value holds none of them)
 *      Name%3Dvalue     the RPC string to sign (the query encoded once more); ends at "%26"
 *      Name%253Dvalue   that string encoded again (a server echoing it); ends at "%2526"
 *    A name counts where it starts a name: at the start of the text, after a byte that is
 *    not a letter, digit, '_' or '-', or after an encoded '&' ("%26", "%2526"). A flattened
 *    name matches through any of its components: "Certs.1.CertificatePrivateKey=" and
 *    "CertificatePrivateKey.1=" are both secret;
 *  - the value of a secret header, "name:value" or "name: value" up to the end of the line
 *    (names compared without case).
 *
 * Secret parameter names: the signature schemes' own (Signature, SecurityToken: a dry run's
 * signature was never used, so it is a live credential until its timestamp expires), STS's
 * OIDCToken, the default names (agw_redact_default_names: CertificatePrivateKey), and the
 * caller's names (the action table's `secret` marks). Secret headers: x-acs-security-token. */

/* "CertificatePrivateKey": the names secret on every action, whatever the caller adds (a
 * private key sent to the wrong action is still a private key). NULL-terminated. */
extern const char *const agw_redact_default_names[];

#define AGW_REDACT_MASK "***"

/* What to mask besides the built-in and default names. Every list is NULL-terminated and may
 * itself be NULL; empty strings in it are skipped. Only read. */
struct agw_redact_set {
    const char *const *values; /* secret values: the AccessKey secret, the security token */
    const char *const *names;  /* further secret parameter names */
};

/* Fills vals with those of secret and token that are not NULL, then a NULL: the values list
 * of a client's set. Returns vals. */
const char *const *agw_redact_creds(const char *vals[3], const char *secret, const char *token);

/* 1 when the parameter name (possibly flattened: "Certs.1.CertificatePrivateKey") is
 * secret under set (which may be NULL: the built-in and default names only). */
int agw_redact_is_secret(const struct agw_redact_set *set, const char *name);

/* Masks buf in place as described above. set may be NULL. The replaced contents are wiped
 * (the buffer is made a secret one). Returns 0, or -1 when out of memory (or past buf's
 * max), with buf unchanged. */
int agw_redact(struct agw_buf *buf, const struct agw_redact_set *set);

#endif
