import ByteRanges
import Foundation
import GitKit
import HandoffModel

/// A note in the git folder, written just before a handoff moves the branch and removed once the
/// working tree and index are in step with the new commit. When a process is killed in between,
/// the next handoff command finds the note and finishes the update, so the user never sees a
/// handoff commit "undone" in `git status`.
package struct SyncJournal: Equatable {
    /// The file's name inside the git directory.
    static let fileName = "handoff-sync"

    /// The branch moved.
    let branch: String
    /// Its tip before (nil for its first commit).
    let old: ObjectID?
    /// The commit it was moved to.
    let new: ObjectID
    /// The files the commit changed.
    let paths: [String]

    /// The journal's text: one `key value` line each, paths last.
    var text: String {
        var lines = ["branch \(branch)", "old \(old?.hex ?? "none")", "new \(new.hex)"]
        lines += paths.map { "path \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    package init(branch: String, old: ObjectID?, new: ObjectID, paths: [String]) {
        self.branch = branch
        self.old = old
        self.new = new
        self.paths = paths
    }

    /// Reads a journal's text; nil when it is not one (then it is of no use and is dropped).
    init?(text: String) {
        var branch: String?
        var old: ObjectID??
        var new: ObjectID?
        var paths = [String]()
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { return nil }
            let value = String(line[line.index(after: space)...])
            switch line[..<space] {
            case "branch": branch = value
            case "old": old = value == "none" ? .some(nil) : ObjectID(hex: value).map { .some($0) }
            case "new": new = ObjectID(hex: value)
            case "path": paths.append(value)
            default: return nil
            }
        }
        guard let branch, let old, let new, !paths.isEmpty else { return nil }
        self.init(branch: branch, old: old, new: new, paths: paths)
    }

    /// Where the journal of the repository with git folder `gitDirectory` lives.
    static func path(in gitDirectory: String) -> String { gitDirectory + fileName }

    /// The journal left in `gitDirectory`, if any.
    static func load(from gitDirectory: String) -> SyncJournal? {
        guard let data = FileManager.default.contents(atPath: path(in: gitDirectory)) else { return nil }
        return SyncJournal(text: String(decoding: data, as: UTF8.self))
    }

    /// Writes the journal (atomically) into `gitDirectory`. It is not forced to disk: it
    /// guards the branch move, and git does not force refs or objects to disk either, so after
    /// a power loss the journal would have nothing to repair; waiting for the disk cost 10 ms
    /// of every handoff.
    /// - Throws: `HandoffError.environment` when it cannot be written; nothing has moved then.
    package func save(in gitDirectory: String) throws(HandoffError) {
        do {
            try AtomicFile.write(Array(text.utf8), to: Self.path(in: gitDirectory), flush: false)
        } catch {
            throw .environment("cannot write \(Self.path(in: gitDirectory)) (\(error.localizedDescription)); check that the disk has room and the .git folder is writable")
        }
    }

    /// Removes the journal (and a temporary copy a killed writer left) from `gitDirectory`.
    package static func remove(from gitDirectory: String) {
        unlink(path(in: gitDirectory))
        AtomicFile.removeLeftovers(of: path(in: gitDirectory))
    }
}
