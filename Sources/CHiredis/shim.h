// hiredis 0.14 (Debian libhiredis-dev). Swift calls it directly: redisCommandArgv and friends are
// not variadic, so no wrappers are needed here.
#include <hiredis/hiredis.h>
