// The Argon2 reference implementation (Debian libargon2-dev), for the dashboard's users file:
// no Swift package in reach implements Argon2, and hashing it by hand is no place for new code.
#include <argon2.h>
