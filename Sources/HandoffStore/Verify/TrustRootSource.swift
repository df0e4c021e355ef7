import GitKit

/// Where the trust root a run judged by came from.
public enum TrustRootSource: String, Sendable, Encodable {
    /// Given on the command line (`verify --trust-root`).
    case pinned
    /// Recorded in the repository's `handoff/trust-root` (a server's by `hooks install --server`
    /// or its first push, a clone's by its first clean `verify`).
    case recorded
    /// Found in the history: the commit that created `.handoff/` (trust on first use).
    case found

    /// The words for it, e.g. `pinned with --trust-root`.
    public var explanation: String {
        switch self {
        case .pinned: "pinned with --trust-root"
        case .recorded: "recorded in this repository's handoff/trust-root"
        case .found: "found: the commit that created .handoff/"
        }
    }

    /// One line naming `root`, its subject (when the repository has it) and where it came from.
    /// The subject is the history's text: control characters are shown as `?`, so a crafted
    /// root cannot move a terminal's cursor or forge the lines that follow.
    static func line(root: ObjectID, subject: String?, source: TrustRootSource) -> String {
        let shown = subject.map { text in
            String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        }
        return "trust root \(root.hex)" + (shown.map { " \"\($0)\"" } ?? "") + " (\(source.explanation))"
    }
}

extension Repository {
    /// The subject line of commit `id`, or nil when this repository does not have it.
    func subjectLine(of id: ObjectID) -> String? {
        guard let bytes = try? rawObject(id), let commit = try? RawCommit(id: id, bytes: bytes) else { return nil }
        return commit.message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
    }
}
