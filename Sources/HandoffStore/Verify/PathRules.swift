import Foundation
import GitKit

/// Which paths handoff's rules govern, and the names a file system could take for them.
///
/// A checkout on a case-insensitive or Unicode-normalising file system (macOS, Windows) writes
/// `Tasks/…` or `.HANDOFF/…` over `tasks/…` and `.handoff/…`, so a path that only such a file
/// system confuses with a governed one would change what people see without any rule looking at
/// it. Such names are refused, and under `tasks/` only regular files `tasks/YYYY-MM/ID.md` are
/// allowed.
enum PathRules {
    /// Top-level files that decide how task files are checked out, merged or shown
    /// (`.gitattributes` picks filters and merge drivers, `.mailmap` the names `git log`
    /// prints): policy, changed only by an admin, like `.handoff/`.
    static let policyFiles = [".gitattributes", ".mailmap"]

    /// The top-level paths whose changes `verify` reads.
    static let watched = [TaskLocation.root, ".handoff"] + policyFiles

    /// The names that must not have lookalikes at the top of the tree.
    private static let governed = [TaskLocation.root, ".handoff"] + policyFiles

    /// True for a path only an admin may change: `.handoff/` and the policy files.
    static func isPolicy(_ path: String) -> Bool {
        path == ".handoff" || path.hasPrefix(".handoff/") || policyFiles.contains(path)
    }

    /// The refusal of `paths` (policy) changed by `email`, who is not an admin of the parent's
    /// workflow: the server's words, which the pre-commit hook says at commit time.
    static func notAdmin(_ email: String, changed paths: [String]) -> String {
        "\(email) changed \(paths.joined(separator: ", ")) but is not an admin of the parent's workflow; an admin must make this change (a member may only rotate their own key: handoff member key \(email) --key NEW.pub)"
    }

    /// What is wrong with top-level entry `entry`, added or changed by a commit; nil when nothing is.
    static func problem(ofTopLevel entry: TreeEntry) -> String? {
        if entry.name == TaskLocation.root || entry.name == ".handoff" {
            return entry.kind == .tree ? nil : "\(entry.name) must be a folder, but the commit makes it a \(describe(entry))"
        }
        guard let target = lookalike(of: entry.name) else { return nil }
        return "'\(entry.name)' could be taken for \(target) by a case-insensitive or Unicode-normalising file system; rename it"
    }

    /// What is wrong with `entry` at `path`, below `tasks/`; nil for a regular file at
    /// `tasks/YYYY-MM/ID.md`.
    static func problem(ofTaskPath path: String, entry: TreeEntry) -> String? {
        if let problem = problem(ofTaskPath: path) { return problem }
        guard entry.kind == .blob, entry.mode == 0o100644 else {
            return "\(path) is a \(describe(entry)); task files are regular files (mode 100644)"
        }
        return nil
    }

    /// What is wrong with a path below `tasks/` that is not `tasks/YYYY-MM/ID.md`; nil when it is
    /// one. The pre-commit hook asks this of staged paths, verify of committed ones.
    static func problem(ofTaskPath path: String) -> String? {
        isTaskFilePath(path) ? nil : "\(path) is not a task file; tasks/ holds only task files tasks/YYYY-MM/ID.md"
    }

    /// True for `tasks/YYYY-MM/ID.md` with an ID `TaskID.isValid` accepts, read from the
    /// path's bytes (an import checks 100,000 of them).
    static func isTaskFilePath(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let prefix = "tasks/".utf8, suffix = ".md".utf8
            let idStart = prefix.count + 8, idEnd = bytes.count - suffix.count
            guard idEnd > idStart, idEnd - idStart <= 64, bytes.starts(with: prefix), bytes[idStart - 1] == UInt8(ascii: "/"),
                bytes[idEnd...].elementsEqual(suffix)
            else { return false }
            func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            let month = bytes[prefix.count..<(idStart - 1)]
            guard month.enumerated().allSatisfy({ $0 == 4 ? $1 == UInt8(ascii: "-") : isDigit($1) }) else { return false }
            let id = bytes[idStart..<idEnd]
            guard let first = id.first, isLetter(first) else { return false }
            return id.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func describe(_ entry: TreeEntry) -> String {
        switch (entry.kind, entry.mode) {
        case (.tree, _): "folder"
        case (.commit, _): "submodule"
        case (_, 0o120000): "symbolic link"
        case (_, 0o100755): "executable file"
        default: "file"
        }
    }

    /// The governed name `name` could be taken for, when it is not that name itself.
    static func lookalike(of name: String) -> String? {
        // `tasks` itself changes in nearly every commit verify reads: no folding for it.
        guard !governed.contains(name) else { return nil }
        return governed.first { FileSystemName.isTaken(name[...], for: $0) }
    }
}
