import Foundation

/// An exclusive lock handoff processes on one repository take while they move the branch and
/// bring the working tree and index in step, so those steps happen in the order the commits
/// land. It is an advisory `flock` on `<git dir>/handoff.lock`: the kernel releases it when
/// the holder exits, even by SIGKILL, so it can never be left stale.
enum BranchLock {
    /// The file locked, inside the git directory.
    static let fileName = "handoff.lock"

    /// Runs `body` while this process holds the lock of the repository whose git folder (ending
    /// in a slash) is `gitDirectory`, waiting for other handoff processes to release it first.
    /// - Throws: `HandoffError.environment` when the lock file cannot be opened, or what `body` throws.
    static func holding<T>(in gitDirectory: String, _ body: () throws(HandoffError) -> T) throws(HandoffError) -> T {
        let path = gitDirectory + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .environment("cannot open \(path) (\(String(cString: strerror(errno)))); check the permissions of the .git folder")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .environment("cannot lock \(path) (\(String(cString: strerror(errno))))")
            }
        }
        return try body()
    }
}
