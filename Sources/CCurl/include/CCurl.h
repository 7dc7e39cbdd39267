// Fixed-signature wrappers for libcurl's variadic functions, which Swift cannot call.
// Everything non-variadic (curl_multi_poll, curl_multi_wakeup, curl_slist_append, ...) is
// called directly from Swift. No logic lives here.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// The body/header callback shape libcurl expects for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*CCurl_write_callback)(char *data, size_t size, size_t count, void *userdata);

CURLcode CCurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode CCurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode CCurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode CCurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode CCurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode CCurl_easy_setopt_write_callback(CURL *handle, CURLoption option, CCurl_write_callback value);

CURLcode CCurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode CCurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode CCurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// `CURLMsg.data` is an anonymous union Swift imports awkwardly; this reads its `result` member.
CURLcode CCurl_msg_result(const CURLMsg *message);

#endif
