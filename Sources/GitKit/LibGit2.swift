import CLibGit2

/// Process-wide libgit2 set-up, done once before the first repository is opened.
enum LibGit2 {
    /// The set-up, run once: nil when it went well, else the failure every later call gets.
    private static let failure: GitError? = {
        // The number of initialisations so far, or a negative error code.
        let initialized = git_libgit2_init()
        guard initialized >= 0 else {
            return GitError(code: initialized, operation: "initialise libgit2", message: lastErrorMessage())
        }
        // Refuse objects that point at missing objects: a handoff commit must never dangle, so
        // a libgit2 that cannot promise this is not used at all.
        let strict = handoff_git_set_strict_object_creation(1)
        guard strict >= 0 else {
            return GitError(code: strict, operation: "turn on libgit2's strict object creation", message: lastErrorMessage())
        }
        // Do not hash every object read again, as git does not: objects enter the database
        // hashed (written locally, or indexed from a received pack), and git fsck checks them.
        // Re-hashing was a quarter of `handoff log`'s time on a long history. Failing here is
        // harmless (libgit2 keeps re-hashing: slower, as safe), so only the error it left is
        // cleared, lest a later failure that sets none be reported with this one's message.
        if handoff_git_set_strict_hash_verification(0) < 0 { git_error_clear() }
        return nil
    }()

    /// Initialises libgit2 exactly once; later calls are free.
    /// - Throws: `GitError` when libgit2 cannot be initialised or refuses strict object
    ///   creation.
    static func initialize() throws(GitError) {
        if let failure { throw failure }
    }

    /// The libgit2 version this process runs, e.g. "1.5.1"; "unknown" if libgit2 does not say
    /// (it always does: the call has no failure path in the versions handoff supports).
    static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        guard git_libgit2_version(&major, &minor, &revision) == 0 else { return "unknown" }
        return "\(major).\(minor).\(revision)"
    }
}

/// Facts about the libgit2 this tool links.
public enum GitLibrary {
    /// The version of libgit2 in use, e.g. "1.5.1".
    public static var version: String { LibGit2.version }

    /// Turns fsync of objects and refs on, so a crash after a handoff cannot lose it.
    /// - Throws: `GitError` when libgit2 cannot be initialised or refuses the option.
    public static func enableFsync() throws(GitError) {
        try LibGit2.initialize()
        try check(handoff_git_set_fsync(1), "turn on fsync of git's files")
    }
}
