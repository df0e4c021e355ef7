
/// Why a handoff command did not do what was asked, in words that say what to do instead.
///
/// The message is for people; `cause` keeps what failed underneath (libgit2's code and what was
/// being done, a signer's error, a system call's errno) for code that decides by it.
public struct HandoffError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The family of failure; the CLI maps it to an exit code.
    public enum Kind: Sendable, Equatable {
        /// The action breaks a rule (wrong person, wrong state, missing brief): exit 1.
        case refused
        /// A file in the repository is malformed or unsafe: exit 1.
        case invalidFile
        /// The command was called wrongly (unknown option value, ambiguous ID): exit 2.
        case usage
        /// git, libgit2, a signer or the file system failed: exit 1.
        case environment
    }

    /// The family of failure.
    public let kind: Kind
    /// One line: what happened and what to do.
    public let message: String
    /// The underlying error, when one caused this (e.g. a `GitError` with libgit2's code, or a
    /// `POSIXErrorCode`).
    public let cause: (any Error & Sendable)?

    /// An error of `kind` saying `message`, caused by `cause`.
    public init(_ kind: Kind, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Errors are equal when they say the same thing; their causes are not compared.
    public static func == (left: HandoffError, right: HandoffError) -> Bool {
        left.kind == right.kind && left.message == right.message
    }

    /// A refused action.
    public static func refused(_ message: String) -> HandoffError { HandoffError(.refused, message) }
    /// A malformed file; the message names the file.
    public static func invalidFile(_ path: String, _ problem: String) -> HandoffError {
        HandoffError(.invalidFile, "\(path): \(problem)")
    }
    /// A wrongly called command.
    public static func usage(_ message: String) -> HandoffError { HandoffError(.usage, message) }
    /// A failure of git, a signer or the file system, caused by `cause` when it is known.
    public static func environment(_ message: String, cause: (any Error & Sendable)? = nil) -> HandoffError {
        HandoffError(.environment, message, cause: cause)
    }
}
