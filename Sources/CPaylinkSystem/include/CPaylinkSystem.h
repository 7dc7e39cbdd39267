// glibc calls the Glibc Swift module does not export.
#ifndef CPAYLINKSYSTEM_H
#define CPAYLINKSYSTEM_H

#include <malloc.h>

/// mallopt(M_ARENA_MAX, count): caps how many malloc arenas the process may create.
static inline int paylink_limit_malloc_arenas(int count) {
    return mallopt(M_ARENA_MAX, count);
}

/// malloc_trim(0): gives free memory in every arena back to the OS (not just the top of the heap).
static inline int paylink_release_free_memory(void) {
    return malloc_trim(0);
}

#endif
