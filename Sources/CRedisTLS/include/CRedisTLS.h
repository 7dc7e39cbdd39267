// TLS for the Redis client: the OpenSSL calls that set up a client context, run the handshake on a
// connected socket, and read and write through it, with every failure turned into a status and a
// message. Swift calls only these functions; OpenSSL's headers stay in CRedisTLS.c, because most
// of what is needed (SSL_set_tlsext_host_name, SSL_CTX_set_min_proto_version, ERR_GET_REASON) are
// macros that Swift cannot call.
#ifndef CREDISTLS_H
#define CREDISTLS_H

#include <stddef.h>
#include <sys/types.h>

/// OpenSSL's SSL_CTX and SSL, opaque here.
typedef struct ssl_ctx_st CRedisTLS_context;
typedef struct ssl_st CRedisTLS_session;

/// Why a call failed. The verification statuses come from the server certificate's check.
typedef enum {
    CRedisTLS_ok = 0,
    /// The socket timeout (SO_RCVTIMEO / SO_SNDTIMEO) ran out.
    CRedisTLS_timed_out,
    /// The server closed the connection.
    CRedisTLS_closed,
    /// A socket error (errno's text in the message).
    CRedisTLS_io_error,
    /// The server's certificate does not chain to a trusted CA.
    CRedisTLS_unknown_ca,
    /// The server's certificate is not for the host connected to.
    CRedisTLS_name_mismatch,
    /// The server's certificate has expired.
    CRedisTLS_expired,
    /// The server's certificate is not valid yet.
    CRedisTLS_not_yet_valid,
    /// Another certificate problem (the message names it).
    CRedisTLS_bad_certificate,
    /// The server asked for a client certificate and none was sent.
    CRedisTLS_client_certificate_required,
    /// The server refused the client certificate that was sent.
    CRedisTLS_client_certificate_refused,
    /// What answered is not TLS (a plain port?).
    CRedisTLS_not_tls,
    /// Another TLS failure (OpenSSL's reason in the message).
    CRedisTLS_protocol_error,
    /// A file given for the context could not be used.
    CRedisTLS_setup_error,
} CRedisTLS_status;

/// A failure: its status and a message without secrets (no key material, no data).
typedef struct {
    CRedisTLS_status status;
    char message[320];
} CRedisTLS_error;

/// A client context: TLS 1.2 or later, the peer verified, keys never asking for a passphrase.
/// Trusts `ca_file` (PEM) when given, else the system's store. Loads the client certificate chain
/// and its key when `certificate_file` is given (`key_file` may then be NULL when the key is in
/// the same file). Returns NULL and fills `error` on failure.
CRedisTLS_context *CRedisTLS_context_create(
    const char *ca_file, const char *certificate_file, const char *key_file, CRedisTLS_error *error);
void CRedisTLS_context_free(CRedisTLS_context *context);

/// Runs the client handshake on `fd`, a connected blocking socket whose timeouts bound it:
/// SNI and a DNS-name check for a host name, an IP-address check (and no SNI) for an address.
/// Returns the session, or NULL with `error` filled.
CRedisTLS_session *CRedisTLS_connect(
    CRedisTLS_context *context, int fd, const char *host, CRedisTLS_error *error);
void CRedisTLS_session_free(CRedisTLS_session *session);

/// Writes all `count` bytes; 0 when done, -1 with `error` filled.
int CRedisTLS_write(CRedisTLS_session *session, const void *bytes, size_t count, CRedisTLS_error *error);

/// Reads what is available, at most `capacity` bytes, blocking for at least one; returns the
/// count, or -1 with `error` filled.
ssize_t CRedisTLS_read(CRedisTLS_session *session, void *buffer, size_t capacity, CRedisTLS_error *error);

#endif
