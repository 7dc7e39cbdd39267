// Fixed-signature wrappers for libcurl's variadic functions, which Swift cannot call.
// Everything non-variadic (curl_multi_socket_action, curl_slist_append, ...) is called directly
// from Swift. No logic lives here. epoll and eventfd come along because Swift's Glibc module
// leaves them out, and the event loop waits on curl's sockets with them.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// The body/header callback shape libcurl expects for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*CCurl_write_callback)(char *data, size_t size, size_t count, void *userdata);

CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode CCurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode CCurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode CCurl_easy_setopt_write_callback(CURL *handle, CURLoption option, CCurl_write_callback value);

/// The request-body callback shape libcurl expects for CURLOPT_READFUNCTION: fill `buffer` with up
/// to `size * count` bytes and return how many; 0 at the end; CURL_READFUNC_ABORT to fail.
typedef size_t (*CCurl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

CURLcode CCurl_easy_setopt_read_callback(CURL *handle, CCurl_read_callback value);

CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode CCurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/// CURLMOPT_SOCKETFUNCTION: curl says which socket to watch for what (CURL_POLL_IN/OUT/INOUT/REMOVE).
typedef int (*CCurl_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *userp, void *socketp);
/// CURLMOPT_TIMERFUNCTION: curl asks to be called with CURL_SOCKET_TIMEOUT after `timeout_ms` (-1: never).
typedef int (*CCurl_timer_callback)(CURLM *multi, long timeout_ms, void *userp);

CURLMcode CCurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode CCurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);
CURLMcode CCurl_multi_setopt_socket_callback(CURLM *multi, CCurl_socket_callback value);
CURLMcode CCurl_multi_setopt_timer_callback(CURLM *multi, CCurl_timer_callback value);

/// `CURLMsg.data` is an anonymous union Swift imports awkwardly; this reads its `result` member.
CURLcode CCurl_msg_result(const CURLMsg *message);

#endif
