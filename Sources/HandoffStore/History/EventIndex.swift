import ByteRanges
import Foundation
import GitKit

/// Which task files each commit changed, kept in `.git/handoff/cache/events-v1/` so that
/// `log ID` finds the few commits that changed one task without reading every commit's trees.
///
/// Each line is a commit's id and, after a tab each, the paths below `tasks/` (`2026-11/HO-1.md`)
/// whose entry differs from the commit's first parent's. A commit's id names its tree and its
/// parents, so a line is never stale: the index may lack commits (made since, made in another
/// clone, or rewritten by a rebase), never be wrong about one it lists. Lines are written to a
/// file named by the commit that was HEAD, which ends in `sum <CRC-32>` of that name and the
/// bytes before, so a torn file, or one changed by a byte, is not believed and its commits are
/// read from git again (the check is against accident, like the summary cache's).
///
/// The index only says which commits to read: each event's commit is still read, and its
/// signature checked against its parent's policy, as without it. Nothing here is trusted for
/// more than finding commits.
package struct EventIndex: Sendable {
    /// The first line of every file, which names the format.
    static let header = Array("handoff-event-index 1\n".utf8)
    /// Above this many files, the next store writes every line into one file.
    static let filesBeforeMerging = 16
    private let folder: String

    /// The index of the repository whose shared folder (`Repository.commonDirectory`, ending in
    /// a slash) is `commonDirectory`: commits are shared by its worktrees, so is the index.
    package init(commonDirectory: String) {
        folder = commonDirectory + "handoff/cache/events-v1"
    }

    /// Every file of the index: the intact ones, read, and the names of the others.
    func read() -> EventIndexFiles {
        var intact = [(name: ObjectID, lines: EventIndexLines)]()
        var broken = [String]()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names {
            guard let tip = ObjectID(hex: name) else {
                // A writer's temporary file is its own business; anything else is left over.
                if !name.hasSuffix(".tmp") { broken.append(name) }
                continue
            }
            if let lines = lines(ofFile: tip) { intact.append((tip, lines)) } else { broken.append(name) }
        }
        return EventIndexFiles(intact: intact, broken: broken)
    }

    /// The lines of the file named `tip`, if it is intact: its header is this version's and its
    /// sum is right.
    private func lines(ofFile tip: ObjectID) -> EventIndexLines? {
        guard let (content, file) = SummedCacheFile.read(tip, in: folder, header: Self.header) else { return nil }
        return EventIndexLines(bytes: UnsafeBufferPointer(rebasing: content[Self.header.count...]), owner: file)
    }

    /// Writes `added`, the lines of commits just read from git (see
    /// `CommitTaskChanges.appendLine`), in a file named by `tip`, best effort: an index that
    /// cannot be written only means reading those commits again next time. The lines of an
    /// intact file of that name are kept in it; when there would be more than
    /// `filesBeforeMerging` files, every intact file's lines go into this one and the others are
    /// deleted; files that are not intact are deleted.
    func store(_ added: [UInt8], tip: ObjectID, existing files: EventIndexFiles) {
        guard !added.isEmpty else { return }
        var lines = added
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let merging = files.intact.count + 1 > Self.filesBeforeMerging
        // Commits `added` lists are in no intact file; only those files may repeat one.
        var written = Set<ObjectID>()
        for (name, kept) in files.intact where merging || name == tip {
            kept.appendLines(to: &lines, skipping: &written)
        }
        let file = Self.header + lines
        let content = file.withUnsafeBufferPointer { SummedCacheFile.sumLine(of: $0, name: tip) }
        guard FileBytes.replace(folder + "/" + tip.hex, with: file + content) else { return }
        for (name, _) in files.intact where merging && name != tip {
            unlink(folder + "/" + name.hex)
        }
        // A broken file of the tip's name was just replaced.
        for name in files.broken where name != tip.hex {
            unlink(folder + "/" + name)
        }
    }

}

/// The files of the event index as one read found them.
struct EventIndexFiles {
    /// The intact files, by the name of the commit that was HEAD when each was written.
    let intact: [(name: ObjectID, lines: EventIndexLines)]
    /// The names of the files that are not intact (torn, changed, or of another format).
    let broken: [String]

    /// For each commit the intact files list, whether it changed the task file `path` (below
    /// `tasks/`, e.g. `2026-11/HO-1.md`); a commit missing here must be read from git.
    func changes(of path: String) -> [ObjectID: Bool] {
        var changed = [ObjectID: Bool](minimumCapacity: intact.reduce(0) { $0 + $1.lines.bytes.count / 64 })
        var path = path
        path.withUTF8 { path in
            for (_, lines) in intact {
                lines.forEach(listing: UnsafeRawBufferPointer(path)) { commit, lists in changed[commit] = lists }
            }
        }
        return changed
    }
}
