import Foundation
import GitKit
import HandoffModel

/// The git merge driver for task files: git calls `handoff merge-driver %O %A %B %P` for paths
/// that `.gitattributes` marks `merge=handoff`, and takes the file left at `%A` as the result.
public enum MergeDriver {
    /// The name of the driver in git config (`merge.handoff.*`) and `.gitattributes`.
    public static let name = "handoff"
    /// The `.gitattributes` line that sends task files to the driver.
    public static let attributesLine = "tasks/**/*.md merge=handoff"

    /// What the driver decided for one file.
    public struct Outcome: Sendable {
        /// True when the merged file has no conflict markers.
        public let isClean: Bool
        /// One line for stderr when it is not clean.
        public let message: String?
    }

    /// Merges the files at `ancestor`, `current` and `other` (git's `%O %A %B`) into `current`.
    /// - Throws: `HandoffError.environment` when a file cannot be read or written.
    public static func run(ancestor: String, current: String, other: String, path: String) throws(HandoffError) -> Outcome {
        let base = try read(ancestor)
        let ours = try read(current)
        let theirs = try read(other)
        let result = try TaskFileMerge.merge(base: base, ours: ours, theirs: theirs)
        do {
            try Data(result.contents).write(to: URL(fileURLWithPath: current))
        } catch {
            throw .environment("cannot write the merged \(path) to \(current): \(error.localizedDescription)")
        }
        if result.isClean { return Outcome(isClean: true, message: nil) }
        var what = [String]()
        if !result.conflictingFields.isEmpty {
            let names = result.conflictingFields.map { "'\($0)'" }.joined(separator: ", ")
            what.append("both sides changed \(names)")
        }
        if result.bodyConflicts { what.append("both sides edited the same lines of the text") }
        let handoffs = result.conflictingFields.contains { TaskFileMerge.protectedFields.contains($0) }
        let advice = handoffs
            ? "abort (git merge --abort, or git rebase --abort) and run 'handoff sync', which replays your handoffs on top of upstream by the rules and says which no longer apply; or, in a merge, take upstream's whole file (git checkout --theirs \(path)), which drops your change to it"
            : "edit the file to keep what is right between the conflict markers, then git add it and commit"
        return Outcome(isClean: false, message: "\(path): \(what.joined(separator: " and ")); \(advice)")
    }

    /// Sets `merge.handoff.name` and `merge.handoff.driver` in the repository's own config so git
    /// calls `binary` for task files.
    /// - Returns: the keys and values written, in order.
    /// - Throws: `HandoffError.environment` when `.git/config` cannot be written.
    @discardableResult
    public static func configure(in repository: Repository, binary: String) throws(HandoffError) -> [(key: String, value: String)] {
        let settings = [
            (key: "merge.\(name).name", value: "handoff task files (notes kept in time order, handoff fields never mixed)"),
            (key: "merge.\(name).driver", value: "\(shellQuoted(binary)) merge-driver %O %A %B %P"),
        ]
        for (key, value) in settings {
            try git({ () throws(GitError) in try GitConfig.setLocal(key, value, in: repository) })
        }
        return settings
    }

    /// `text` as `.gitattributes` should read with the task-file line added (unchanged when present).
    public static func attributes(adding existing: String?) -> String {
        guard let existing, !existing.isEmpty else { return attributesLine + "\n" }
        if existing.split(whereSeparator: \.isNewline).contains(where: { $0.trimmingCharacters(in: .whitespaces) == attributesLine }) {
            return existing
        }
        return existing + (existing.hasSuffix("\n") ? "" : "\n") + attributesLine + "\n"
    }

    private static func read(_ file: String) throws(HandoffError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .environment("cannot read \(file), which git passed to the merge driver")
        }
        return Array(data)
    }

    /// A word the shell reads back as `text`: as it is when it needs no quoting, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+".unicodeScalars.contains($0) }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
