import Foundation
import HandoffModel

/// An exclusive lock handoff processes on one repository take while they move the branch and
/// bring the working tree and index in step, so those steps happen in the order the commits
/// land. It is an advisory `flock` on `<git dir>/handoff.lock`: the kernel releases it when
/// the holder exits, even by SIGKILL, so it can never be left stale. The holder writes its
/// process id and command line into the file, so a waiter can say whom it waits for.
package enum BranchLock {
    /// The file locked, inside the git directory.
    static let fileName = "handoff.lock"

    /// How long a command waits for another to release the lock before it gives up, unless
    /// `HANDOFF_LOCK_TIMEOUT` (seconds) says otherwise.
    static let defaultTimeout = 120.0

    /// Runs `body` while this process holds the lock of the repository whose git folder (ending
    /// in a slash) is `gitDirectory`, waiting for other handoff processes to release it first:
    /// after a moment it says (through `context`'s notice) which process it waits for, and it
    /// gives up after the timeout.
    /// - Throws: `HandoffError.environment` when the lock file cannot be opened,
    ///   `.refused` naming the holder when the wait is too long, or what `body` throws.
    package static func holding<T>(in gitDirectory: String, context: HandoffContext? = nil, _ body: () throws(HandoffError) -> T) throws(HandoffError) -> T {
        let path = gitDirectory + fileName
        let descriptor = try open(path)
        defer { close(descriptor) }
        let timeout = context?.environment["HANDOFF_LOCK_TIMEOUT"].flatMap(Double.init) ?? defaultTimeout
        let start = ContinuousClock.now
        var told = false
        while !(try tryLock(descriptor, path)) {
            let waited = ContinuousClock.now - start
            if !told, waited > .milliseconds(500) {
                context?.notice?("waiting for another handoff command to finish (\(holder(of: path)))…")
                told = true
            }
            if waited > .seconds(timeout) {
                throw .refused("gave up after \(Int(timeout)) s waiting for \(path), held by \(holder(of: path)); wait for it to finish, or stop it if it hangs, and run the command again")
            }
            usleep(20_000)
        }
        announce(descriptor)
        return try body()
    }

    /// Runs `body` holding the lock if no other process holds it now; otherwise does nothing
    /// (the holder is at work on the same repository).
    /// - Throws: `HandoffError.environment` when the lock file cannot be opened, or what `body` throws.
    static func holdingIfFree(in gitDirectory: String, _ body: () throws(HandoffError) -> Void) throws(HandoffError) {
        let path = gitDirectory + fileName
        let descriptor = try open(path)
        defer { close(descriptor) }
        guard try tryLock(descriptor, path) else { return }
        announce(descriptor)
        try body()
    }

    private static func open(_ path: String) throws(HandoffError) -> Int32 {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .environment("cannot open \(path) (\(String(cString: strerror(errno)))); check the permissions of the .git folder")
        }
        return descriptor
    }

    /// True when the lock was taken; false when another process holds it.
    private static func tryLock(_ descriptor: Int32, _ path: String) throws(HandoffError) -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return false }
            guard errno == EINTR else { throw .environment("cannot lock \(path) (\(String(cString: strerror(errno))))") }
        }
        return true
    }

    /// Writes this process's id and command line into the locked file.
    private static func announce(_ descriptor: Int32) {
        let text = "pid \(getpid()): " + CommandLine.arguments.map { ($0 as NSString).lastPathComponent }.prefix(4).joined(separator: " ") + "\n"
        guard ftruncate(descriptor, 0) == 0 else { return }
        // Best effort: without it a waiter says it waits for "another process".
        let written = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        if written < 0 { return }
    }

    /// Who holds the lock, as the holder wrote it.
    private static func holder(of path: String) -> String {
        let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "another process" : text
    }
}
