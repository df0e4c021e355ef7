#ifndef HANDOFF_CLIBGIT2_SHIM_H
#define HANDOFF_CLIBGIT2_SHIM_H

#include <git2.h>

/// Turns fsync of the object database and refs on or off (git_libgit2_opts is variadic).
static inline int handoff_git_set_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

/// Turns libgit2's strict object creation (checks that referenced objects exist) on or off.
static inline int handoff_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

/// Turns libgit2's hashing of every object it reads on or off.
static inline int handoff_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// Points libgit2's search path for one config level at a directory (or NULL for its default).
static inline int handoff_git_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// The options of git_merge_file, initialised as GIT_MERGE_FILE_OPTIONS_INIT does.
static inline git_merge_file_options handoff_merge_file_options(void) {
    git_merge_file_options options = GIT_MERGE_FILE_OPTIONS_INIT;
    return options;
}

/// The options of git_merge_file_input, initialised as GIT_MERGE_FILE_INPUT_INIT does.
static inline git_merge_file_input handoff_merge_file_input(void) {
    git_merge_file_input input = GIT_MERGE_FILE_INPUT_INIT;
    return input;
}

/// The options of git_merge_trees, initialised as GIT_MERGE_OPTIONS_INIT does.
static inline git_merge_options handoff_merge_options(void) {
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    return options;
}

/// An empty git_buf, as GIT_BUF_INIT makes it.
static inline git_buf handoff_buf_init(void) {
    git_buf buf = GIT_BUF_INIT;
    return buf;
}

/// The options of git_diff_*, initialised as GIT_DIFF_OPTIONS_INIT does.
static inline git_diff_options handoff_diff_options(void) {
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    return options;
}

#endif
