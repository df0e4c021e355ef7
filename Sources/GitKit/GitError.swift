import CLibGit2

/// A failed libgit2 call: what we tried, libgit2's return code and its own message.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// libgit2's return code (a `git_error_code`, e.g. `GIT_ENOTFOUND` = -3).
    public let code: Int32
    /// What we were doing, in words a user understands ("read the index").
    public let operation: String
    /// libgit2's message from `git_error_last()`, read on the thread that made the call.
    public let message: String
    /// True when an object's bytes are not what git writes, or could be read two ways
    /// (see `CommitObject`, `RawTree`): the object is refused, never guessed.
    public var isMalformedObject = false

    public var description: String { "could not \(operation): \(message)" }

    /// True when the object, reference or entry asked for does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    /// True when the repository belongs to another user and no `safe.directory` names it
    /// (git calls it "dubious ownership"). Debian's libgit2 1.5 reports it as a missing
    /// `safe.directory` setting rather than as `GIT_EOWNER`.
    public var isNotOwned: Bool {
        code == GIT_EOWNER.rawValue || (code == GIT_ENOTFOUND.rawValue && message.contains("safe.directory"))
    }
    /// True when a lock file (e.g. `index.lock`) held by another writer was in the way.
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }
    /// True when a compare-and-swap lost: the reference moved or was locked by another writer.
    public var isConcurrentUpdate: Bool {
        code == GIT_EMODIFIED.rawValue || code == GIT_ELOCKED.rawValue || code == GIT_EEXISTS.rawValue
    }
}

/// Checks one libgit2 return code and turns a failure into a `GitError` with libgit2's message.
/// - Throws: `GitError` when `result` is negative.
@inline(__always)
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
    guard result < 0 else { return }
    throw GitError(code: result, operation: operation(), message: lastErrorMessage())
}

/// libgit2's last error message on this thread, or a generic one when it left none.
func lastErrorMessage() -> String {
    guard let error = git_error_last(), let text = error.pointee.message else {
        return "libgit2 gave no message"
    }
    return String(cString: text)
}
