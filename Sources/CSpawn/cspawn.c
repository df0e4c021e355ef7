#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include "cspawn.h"

int cspawn_detached_actions(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attributes, const char *directory) {
    int result = posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSID);
    for (int descriptor = 0; descriptor <= 2 && result == 0; descriptor++) {
        result = posix_spawn_file_actions_addopen(actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(actions, 3);
    if (result == 0) result = posix_spawn_file_actions_addchdir_np(actions, directory);
    return result;
}
