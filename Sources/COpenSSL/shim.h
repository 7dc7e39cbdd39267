// OpenSSL 3 (Debian libssl-dev), for CRedisTLS only: Swift never imports it, so no OpenSSL type or
// macro reaches Swift code. It exists so that SwiftPM finds the headers and the libraries through
// pkg-config and names the Debian package when they are missing.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
