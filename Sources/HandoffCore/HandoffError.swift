/// Why a handoff command did not do what was asked, in words that say what to do instead.
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

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// A refused action.
    public static func refused(_ message: String) -> HandoffError { HandoffError(.refused, message) }
    /// A malformed file; the message names the file.
    public static func invalidFile(_ path: String, _ problem: String) -> HandoffError {
        HandoffError(.invalidFile, "\(path): \(problem)")
    }
    /// A wrongly called command.
    public static func usage(_ message: String) -> HandoffError { HandoffError(.usage, message) }
    /// A failure of git, a signer or the file system.
    public static func environment(_ message: String) -> HandoffError { HandoffError(.environment, message) }
}
