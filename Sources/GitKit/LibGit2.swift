import CLibGit2

/// Process-wide libgit2 set-up, done once before the first repository is opened.
enum LibGit2 {
    /// Initialises libgit2 exactly once; later calls are free.
    static let initialized: Void = {
        git_libgit2_init()
        // Refuse objects that point at missing objects: a handoff commit must never dangle.
        _ = handoff_git_set_strict_object_creation(1)
        // Do not hash every object read again, as git does not: objects enter the database
        // hashed (written locally, or indexed from a received pack), and git fsck checks them.
        // Re-hashing was a quarter of `handoff log`'s time on a long history.
        _ = handoff_git_set_strict_hash_verification(0)
    }()

    /// The libgit2 version this process runs, e.g. "1.5.1".
    static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

/// Facts about the libgit2 this tool links.
public enum GitLibrary {
    /// The version of libgit2 in use, e.g. "1.5.1".
    public static var version: String { LibGit2.version }

    /// Turns fsync of objects and refs on, so a crash after a handoff cannot lose it.
    public static func enableFsync() {
        _ = LibGit2.initialized
        _ = handoff_git_set_fsync(1)
    }
}
