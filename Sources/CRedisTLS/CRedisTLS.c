#include "CRedisTLS.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/// Runs before main, so before libcurl or anything else initializes OpenSSL: asks OpenSSL not to
/// free its global state in an atexit() handler. Client threads (the Sentinel watcher above all)
/// may still be in a handshake or a read while the process exits; with that handler they ran on
/// freed locks and the process crashed with SIGSEGV after its work was done (`paylink status`
/// on a rediss-sentinel:// URL did). The kernel reclaims the memory at exit anyway.
__attribute__((constructor))
static void keep_openssl_until_exit(void) {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

__attribute__((format(printf, 3, 4)))
static void fail(CRedisTLS_error *error, CRedisTLS_status status, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    error->status = status;
    vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
}

/// OpenSSL's reason for the oldest error on this thread's queue ("certificate verify failed"),
/// or `fallback` when the queue is empty.
static const char *queued_reason(const char *fallback) {
    unsigned long code = ERR_peek_error();
    const char *reason = code ? ERR_reason_error_string(code) : NULL;
    return reason ? reason : fallback;
}

/// A key file with a passphrase is out of scope: without this callback OpenSSL would prompt on
/// the terminal and block the client's thread.
static int refuse_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer, (void)size, (void)rwflag, (void)userdata;
    return 0;
}

static void describe_names(X509 *certificate, char *out, size_t size);
static void describe_not_after(X509 *certificate, char *out, size_t size);

/// Size of the note a session keeps about its refused certificate.
#define NOTE_SIZE 240

/// OpenSSL's verification callback: passes its verdict on, and when the server's own certificate
/// is refused for its names or its dates, notes them (in the session's app data, a buffer on
/// CRedisTLS_connect's stack), because after a failed handshake the session no longer holds the
/// certificate to ask.
static int note_refusal(int verified, X509_STORE_CTX *store) {
    if (verified) return 1;
    SSL *session = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    char *note = session ? SSL_get_app_data(session) : NULL;
    X509 *certificate = X509_STORE_CTX_get_current_cert(store);
    if (!note || !certificate || note[0]) return 0;
    switch (X509_STORE_CTX_get_error(store)) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        describe_names(certificate, note, NOTE_SIZE);
        break;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        describe_not_after(certificate, note, NOTE_SIZE);
        break;
    default:
        break;
    }
    return 0;
}

CRedisTLS_context *CRedisTLS_context_create(
    const char *ca_file, const char *certificate_file, const char *key_file, CRedisTLS_error *error) {
    ERR_clear_error();
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    if (!context) {
        fail(error, CRedisTLS_setup_error, "cannot create a TLS context (%s)", queued_reason("out of memory"));
        return NULL;
    }
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, note_refusal);
    SSL_CTX_set_default_passwd_cb(context, refuse_passphrase);
    int loaded = ca_file ? SSL_CTX_load_verify_locations(context, ca_file, NULL)
                         : SSL_CTX_set_default_verify_paths(context);
    if (loaded != 1) {
        if (ca_file) fail(error, CRedisTLS_setup_error, "cannot load the CA file %s (%s)", ca_file, queued_reason("no certificates"));
        else fail(error, CRedisTLS_setup_error, "cannot load the system's CA store (%s)", queued_reason("no certificates"));
        SSL_CTX_free(context);
        return NULL;
    }
    if (certificate_file) {
        if (SSL_CTX_use_certificate_chain_file(context, certificate_file) != 1) {
            fail(error, CRedisTLS_setup_error, "cannot load the client certificate file %s (%s)", certificate_file,
                 queued_reason("unreadable"));
            SSL_CTX_free(context);
            return NULL;
        }
        if (SSL_CTX_use_PrivateKey_file(context, key_file ? key_file : certificate_file, SSL_FILETYPE_PEM) != 1) {
            if (ERR_GET_REASON(ERR_peek_error()) == X509_R_KEY_VALUES_MISMATCH) {
                fail(error, CRedisTLS_setup_error, "the client key %s does not belong to the client certificate %s",
                     key_file ? key_file : certificate_file, certificate_file);
                SSL_CTX_free(context);
                return NULL;
            }
            fail(error, CRedisTLS_setup_error,
                 "cannot load the client key file %s (%s; a key with a passphrase is not supported)",
                 key_file ? key_file : certificate_file, queued_reason("unreadable"));
            SSL_CTX_free(context);
            return NULL;
        }
        if (SSL_CTX_check_private_key(context) != 1) {
            fail(error, CRedisTLS_setup_error, "the client key does not belong to the client certificate (%s)",
                 queued_reason("mismatch"));
            SSL_CTX_free(context);
            return NULL;
        }
    }
    return context;
}

void CRedisTLS_context_free(CRedisTLS_context *context) { SSL_CTX_free(context); }

/// Appends the certificate's subject alternative names ("DNS:a, IP:127.0.0.1") to `out`, so a
/// name mismatch says what the certificate is for.
static void describe_names(X509 *certificate, char *out, size_t size) {
    GENERAL_NAMES *names = X509_get_ext_d2i(certificate, NID_subject_alt_name, NULL, NULL);
    size_t used = 0;
    out[0] = 0;
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && used + 1 < size; i++) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        char text[INET6_ADDRSTRLEN + 8] = {0};
        if (name->type == GEN_DNS) {
            const ASN1_STRING *dns = name->d.dNSName;
            snprintf(text, sizeof text, "DNS:%.*s", ASN1_STRING_length(dns) > 60 ? 60 : ASN1_STRING_length(dns),
                     (const char *)ASN1_STRING_get0_data(dns));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING *ip = name->d.iPAddress;
            char address[INET6_ADDRSTRLEN] = {0};
            int family = ASN1_STRING_length(ip) == 4 ? AF_INET : AF_INET6;
            if ((ASN1_STRING_length(ip) == 4 || ASN1_STRING_length(ip) == 16) &&
                inet_ntop(family, ASN1_STRING_get0_data(ip), address, sizeof address))
                snprintf(text, sizeof text, "IP:%s", address);
        }
        if (text[0]) used += snprintf(out + used, size - used, "%s%s", used ? ", " : "", text);
    }
    GENERAL_NAMES_free(names);
    if (!out[0]) snprintf(out, size, "no DNS or IP names");
}

/// Writes the certificate's validity end ("Dec  1 18:31:06 2026 GMT") into `out`.
static void describe_not_after(X509 *certificate, char *out, size_t size) {
    out[0] = 0;
    BIO *memory = BIO_new(BIO_s_mem());
    if (memory && ASN1_TIME_print(memory, X509_get0_notAfter(certificate))) {
        int length = BIO_read(memory, out, (int)size - 1);
        out[length > 0 ? length : 0] = 0;
    }
    BIO_free(memory);
}

/// Fills `error` from a failed certificate check (`result` is not X509_V_OK); `note` is what
/// note_refusal wrote about the certificate.
static void fail_verification(long result, const char *note, CRedisTLS_error *error) {
    switch (result) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_UNTRUSTED:
        fail(error, CRedisTLS_unknown_ca, "the server's certificate is not signed by a trusted CA (%s)",
             X509_verify_cert_error_string(result));
        return;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        fail(error, CRedisTLS_name_mismatch, "the server's certificate is for %s", note[0] ? note : "other names");
        return;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        fail(error, CRedisTLS_expired, "the server's certificate expired on %s", note[0] ? note : "an earlier date");
        return;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        fail(error, CRedisTLS_not_yet_valid, "the server's certificate is not valid yet");
        return;
    default:
        fail(error, CRedisTLS_bad_certificate, "the server's certificate was refused (%s)",
             X509_verify_cert_error_string(result));
    }
}

/// Fills `error` after `result` from SSL_connect, SSL_read or SSL_write failed.
static void fail_io(SSL *session, int result, int saved_errno, const char *note, CRedisTLS_error *error) {
    switch (SSL_get_error(session, result)) {
    case SSL_ERROR_ZERO_RETURN:
        fail(error, CRedisTLS_closed, "the server closed the TLS connection");
        return;
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        // A blocking socket reports its SO_RCVTIMEO/SO_SNDTIMEO running out as EAGAIN, which
        // OpenSSL passes on as "want read/write".
        fail(error, CRedisTLS_timed_out, "Resource temporarily unavailable");
        return;
    case SSL_ERROR_SYSCALL:
        if (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK) {
            fail(error, CRedisTLS_timed_out, "Resource temporarily unavailable");
        } else if (saved_errno == 0) {
            fail(error, CRedisTLS_closed, "the server closed the connection");
        } else {
            fail(error, CRedisTLS_io_error, "%s", strerror(saved_errno));
        }
        return;
    default:
        break;
    }
    long verified = SSL_get_verify_result(session);
    if (verified != X509_V_OK) {
        fail_verification(verified, note, error);
        return;
    }
    unsigned long code = ERR_peek_error();
    switch (ERR_GET_REASON(code)) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
        fail(error, CRedisTLS_client_certificate_required, "the server requires a client certificate (%s)",
             queued_reason(""));
        return;
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
        fail(error, CRedisTLS_client_certificate_refused, "the server refused the client certificate (%s)",
             queued_reason(""));
        return;
    case SSL_R_UNEXPECTED_EOF_WHILE_READING:
        fail(error, CRedisTLS_closed, "the server closed the connection");
        return;
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
        fail(error, CRedisTLS_not_tls, "the server did not answer in TLS (%s): is this a plain redis:// port?",
             queued_reason(""));
        return;
    default:
        fail(error, CRedisTLS_protocol_error, "%s", queued_reason("TLS error"));
    }
}

CRedisTLS_session *CRedisTLS_connect(CRedisTLS_context *context, int fd, const char *host, CRedisTLS_error *error) {
    ERR_clear_error();
    SSL *session = SSL_new(context);
    if (!session || SSL_set_fd(session, fd) != 1) {
        fail(error, CRedisTLS_setup_error, "cannot create a TLS session (%s)", queued_reason("out of memory"));
        SSL_free(session);
        return NULL;
    }
    unsigned char address[16];
    int is_address = inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
    int named;
    if (is_address) {
        // RFC 6066 forbids an address as SNI; the certificate must name it as an IP SAN.
        named = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(session), host);
    } else {
        SSL_set_hostflags(session, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        named = SSL_set_tlsext_host_name(session, host) == 1 && SSL_set1_host(session, host) == 1;
    }
    if (named != 1) {
        fail(error, CRedisTLS_setup_error, "cannot check the server's name '%s'", host);
        SSL_free(session);
        return NULL;
    }
    char note[NOTE_SIZE] = {0};
    SSL_set_app_data(session, note);
    errno = 0;
    int result = SSL_connect(session);
    SSL_set_app_data(session, NULL);
    if (result != 1) {
        fail_io(session, result, errno, note, error);
        SSL_free(session);
        return NULL;
    }
    return session;
}

void CRedisTLS_session_free(CRedisTLS_session *session) {
    // No close_notify: Redis treats a closed socket as a client leaving, and a final write to a
    // dead peer could block for the whole send timeout.
    SSL_free(session);
}

int CRedisTLS_write(CRedisTLS_session *session, const void *bytes, size_t count, CRedisTLS_error *error) {
    ERR_clear_error();
    const char *next = bytes;
    while (count > 0) {
        size_t written = 0;
        errno = 0;
        int result = SSL_write_ex(session, next, count, &written);
        if (result != 1) {
            fail_io(session, result, errno, "", error);
            return -1;
        }
        next += written;
        count -= written;
    }
    return 0;
}

ssize_t CRedisTLS_read(CRedisTLS_session *session, void *buffer, size_t capacity, CRedisTLS_error *error) {
    ERR_clear_error();
    size_t count = 0;
    errno = 0;
    int result = SSL_read_ex(session, buffer, capacity, &count);
    if (result != 1) {
        fail_io(session, result, errno, "", error);
        return -1;
    }
    return (ssize_t)count;
}
