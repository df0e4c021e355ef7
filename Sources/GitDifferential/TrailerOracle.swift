import Foundation
import GitKit

/// The trailer check: whenever `CommitTrailers` finds no ambiguity, the `Handoff-*` trailers
/// git prints (`git interpret-trailers --parse`, and `%(trailers:only,unfold)` for commits
/// git log reads) are the ones GitKit read, and when GitKit read trailers of a message with a
/// `Handoff-*` line, all of git's trailers are GitKit's.
struct TrailerOracle {
    /// The repository whose folder holds the message files.
    let scratch: ScratchRepository

    /// The key prefix handoff guards.
    static let guarded = "handoff-"

    /// A line printed between two messages' trailers, which no generated message holds.
    private static let separator = Array("X-Differential-Separator: 1".utf8)

    /// git's trailers of each of `messages`, from one `git interpret-trailers --parse`
    /// (separated by a message whose only trailer is `separator`), or one process per message
    /// when the batch cannot be split.
    /// - Throws: `DifferentialFailure` when git cannot be run.
    func gitTrailers(of messages: [[UInt8]]) throws -> [[UInt8]?] {
        guard !messages.isEmpty else { return [] }
        let separatorFile = scratch.root.appendingPathComponent("trailer-separator")
        try writeScratchFile(Array("separator\n\n".utf8) + Self.separator + [0x0A], to: separatorFile)
        var arguments = ["interpret-trailers", "--parse"]
        for (index, message) in messages.enumerated() {
            let file = scratch.root.appendingPathComponent("message-\(index)")
            try writeScratchFile(message, to: file)
            arguments += [file.path, separatorFile.path]
        }
        let output = try scratch.runner.run(arguments)
        var groups = [[UInt8]]()
        var current = [UInt8]()
        for line in output.stdout.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.elementsEqual(Self.separator) {
                groups.append(current)
                current = []
            } else if !line.isEmpty || !current.isEmpty {
                current += line + [0x0A]
            }
        }
        if output.status == 0, groups.count == messages.count { return groups }
        return try messages.indices.map { index in
            let single = try scratch.runner.run(["interpret-trailers", "--parse", scratch.root.appendingPathComponent("message-\(index)").path])
            return single.status == 0 ? single.stdout : nil
        }
    }

    /// The disagreement, if any, between GitKit's reading of `message` and git's `printed`
    /// trailers (`Key: value` lines).
    static func disagreement(message: [UInt8], printed: [UInt8]?, check: String, id: ObjectID) -> Disagreement? {
        let ours = CommitTrailers(message: message[...], guarding: guarded)
        guard ours.ambiguity == nil else { return nil }
        func show(_ trailers: [(String, String)]) -> String {
            "[" + trailers.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "]"
        }
        let ourPairs = ours.trailers.map { ($0.key, $0.value) }
        guard let printed else {
            return Disagreement(check: check, id: id, bytes: message, ours: show(ourPairs), git: "git refused the message")
        }
        let gitPairs = printed.split(separator: 0x0A).map { line -> (String, String) in
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return (String(decoding: line, as: UTF8.self), "") }
            var value = line[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
            return (String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        func guardedOnly(_ pairs: [(String, String)]) -> [(String, String)] { pairs.filter { isGuarded(Array($0.0.utf8)[...]) } }
        func same(_ left: [(String, String)], _ right: [(String, String)]) -> Bool {
            left.count == right.count && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }
        let hasGuardedLine = message.split(separator: 0x0A).contains { isGuarded($0) }
        if !same(guardedOnly(ourPairs), guardedOnly(gitPairs)) || (!ourPairs.isEmpty && hasGuardedLine && !same(ourPairs, gitPairs)) {
            return Disagreement(check: check, id: id, bytes: message, ours: show(ourPairs), git: show(gitPairs))
        }
        return nil
    }

    /// Whether `text` starts with the guarded prefix, ignoring ASCII case.
    private static func isGuarded(_ text: ArraySlice<UInt8>) -> Bool {
        text.count >= guarded.utf8.count
            && zip(text, guarded.utf8).allSatisfy { byte, wanted in ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == wanted }
    }
}
