import Foundation

/// Where a command runs: its working directory and environment. Passed in, never read from the
/// process, so tests can run many commands at once in-process with different people.
public struct HandoffContext: Sendable {
    /// The directory the command runs in.
    public var directory: String
    /// Environment variables (HOME, GIT_AUTHOR_*, GIT_CONFIG_GLOBAL, SSH_AUTH_SOCK, …).
    public var environment: [String: String]
    /// The current time, for commands that do not take it from git (e.g. staleness).
    public var now: @Sendable () -> Int64
    /// Receives one-line notices a command gives besides its result (e.g. that it finished the
    /// work of an interrupted command); the CLI prints them on standard error. Nil: dropped.
    public var notice: (@Sendable (String) -> Void)?

    /// A context for `directory` and `environment`, with the real clock.
    public init(directory: String, environment: [String: String], now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }) {
        self.directory = directory
        self.environment = environment
        self.now = now
    }
}
