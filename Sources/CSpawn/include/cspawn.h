#ifndef CSPAWN_H
#define CSPAWN_H

#include <spawn.h>

/// posix_spawn's GNU extensions, which Swift's Glibc module does not declare: start a program in
/// a session of its own, in `directory`, with every descriptor from 3 up closed.
int cspawn_detached_actions(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attributes, const char *directory);

#endif
