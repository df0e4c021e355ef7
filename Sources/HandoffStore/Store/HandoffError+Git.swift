import GitKit
import HandoffModel

extension HandoffError {
    /// A failed libgit2 call: its description, and the error kept as the cause.
    public static func git(_ error: GitError) -> HandoffError { .environment(error.description, cause: error) }

    /// The `GitError` underneath, when libgit2 failed.
    public var gitError: GitError? { cause as? GitError }
}

/// Runs a GitKit call and reports its failure as a `HandoffError` with libgit2's message; an
/// object git could read differently is an invalid file named by its kind and id.
package func git<T>(_ body: () throws(GitError) -> T) throws(HandoffError) -> T {
    do {
        return try body()
    } catch where error.isMalformedObject {
        throw HandoffError(.invalidFile, "\(error.operation.trimmingPrefix("read ")): \(error.message)", cause: error)
    } catch {
        throw .git(error)
    }
}
