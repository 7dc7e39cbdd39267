/*
 * libcurl's own cost per request, as a floor for paylink's HTTP client: one thread drives a
 * multi handle with IN_FLIGHT keep-alive transfers, each a web-pay sized POST with the same
 * options paylink sets, and nothing else (no JSON, no Redis, no Swift). Prints requests/s and
 * the process's CPU time per request (user and system, from getrusage).
 *
 * The first IN_FLIGHT * 4 requests (connections opened, OpenSSL initialised) are a warm-up
 * and are not counted.
 *
 * Usage: curl_floor URL [REQUESTS [IN_FLIGHT]]   (defaults 100000, 256)
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char body[] =
    "{\"amount\":\"1000\",\"callbackURL\":\"https://shop.example.com/ottpay/notify?order=b-1\","
    "\"returnURL\":\"https://shop.example.com/orders/b-1\",\"remark\":\"bench\"}";

struct transfer {
    CURL *easy;
    size_t received;
};

static size_t on_body(char *data, size_t size, size_t count, void *userdata) {
    struct transfer *transfer = userdata;
    (void)data;
    transfer->received += size * count;
    return size * count;
}

static double seconds(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s URL [REQUESTS [IN_FLIGHT]]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    long total = argc > 2 ? atol(argv[2]) : 100000;
    int in_flight = argc > 3 ? atoi(argv[3]) : 256;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)in_flight);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)in_flight);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJPTjAwMDAwMTg1In0.c3RhdGlj");
    headers = curl_slist_append(headers, "Expect:");
    struct transfer *transfers = calloc(in_flight, sizeof *transfers);
    long warmup = (long)in_flight * 4;
    total += warmup;
    long started = 0, finished = 0, failed = 0;
    struct timespec wall_start, wall_end;
    struct rusage usage_start;
    for (int i = 0; i < in_flight && started < total; i++, started++) {
        CURL *easy = curl_easy_init();
        transfers[i].easy = easy;
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 2048L);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfers[i]);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfers[i]);
        curl_multi_add_handle(multi, easy);
    }
    while (finished < total) {
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        int left;
        while ((message = curl_multi_info_read(multi, &left))) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL *easy = message->easy_handle;
            struct transfer *transfer;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&transfer);
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (message->data.result != CURLE_OK || status != 200 || transfer->received == 0) failed++;
            finished++;
            if (finished == warmup) {
                clock_gettime(CLOCK_MONOTONIC, &wall_start);
                getrusage(RUSAGE_SELF, &usage_start);
            }
            curl_multi_remove_handle(multi, easy);
            if (started < total) {
                transfer->received = 0;
                curl_multi_add_handle(multi, easy);
                started++;
            }
        }
        if (finished < total) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &wall_end);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double wall = (wall_end.tv_sec - wall_start.tv_sec) + (wall_end.tv_nsec - wall_start.tv_nsec) / 1e9;
    long counted = total - warmup;
    double user = (seconds(usage.ru_utime) - seconds(usage_start.ru_utime)) * 1000 / counted;
    double system = (seconds(usage.ru_stime) - seconds(usage_start.ru_stime)) * 1000 / counted;
    printf("curl_floor: %ld requests after a warm-up of %ld, %d in flight, %ld failed, %.0f requests/s; "
           "CPU per request: user %.4f ms, system %.4f ms, total %.4f ms\n",
           counted, warmup, in_flight, failed, counted / wall, user, system, user + system);
    return failed == 0 ? 0 : 1;
}
