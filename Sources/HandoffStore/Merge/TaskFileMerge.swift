import GitKit
import HandoffModel

/// A three-way merge of one task file that knows its shape: frontmatter merged key by key, handoff
/// log entries appended on both sides kept in time order, the rest of the body merged line by
/// line. The fields only handoffs may change (owner, stage, state, offer) never merge silently:
/// when both sides changed them differently, the result carries conflict markers around them.
public enum TaskFileMerge {
    /// The fields whose changes are handoffs; two sides changing them differently conflict.
    public static let protectedFields = TaskFields.handoff

    /// What a merge produced.
    public struct Result: Sendable {
        /// The merged bytes (with conflict markers when something conflicts).
        public let contents: [UInt8]
        /// The frontmatter fields both sides changed differently.
        public let conflictingFields: [String]
        /// True when the body (outside appended log entries) needed conflict markers.
        public let bodyConflicts: Bool

        /// True when nothing conflicts.
        public var isClean: Bool { conflictingFields.isEmpty && !bodyConflicts }
    }

    /// Merges `ours` and `theirs`, both descended from `base` (empty for a file new on both sides).
    /// Files that are not task files are merged line by line as `git merge-file` does.
    /// - Throws: `HandoffError.environment` when libgit2 cannot merge the text (binary input).
    public static func merge(base: [UInt8], ours: [UInt8], theirs: [UInt8]) throws(HandoffError) -> Result {
        if ours == theirs || theirs == base { return Result(contents: ours, conflictingFields: [], bodyConflicts: false) }
        if ours == base { return Result(contents: theirs, conflictingFields: [], bodyConflicts: false) }
        guard let baseText = String(validating: base, as: UTF8.self), let ourText = String(validating: ours, as: UTF8.self),
            let theirText = String(validating: theirs, as: UTF8.self),
            let baseParts = TaskFileParts(text: baseText), let ourParts = TaskFileParts(text: ourText),
            let theirParts = TaskFileParts(text: theirText)
        else {
            let merged = try lineMerge(base, ours, theirs)
            return Result(contents: merged.contents, conflictingFields: [], bodyConflicts: !merged.isClean)
        }
        let fields = mergeFields(base: baseParts, ours: ourParts, theirs: theirParts)
        let body = try mergeBody(base: baseParts.body, ours: ourParts.body, theirs: theirParts.body, lineEnding: ourParts.lineEnding)
        let text = ourParts.opening + fields.text + ourParts.closing + body.text
        return Result(contents: Array(text.utf8), conflictingFields: fields.conflicts, bodyConflicts: !body.isClean)
    }

    // MARK: Frontmatter

    private enum Piece {
        case clean(String)
        case conflict(ours: String, theirs: String)
    }

    private static func mergeFields(base: TaskFileParts, ours: TaskFileParts, theirs: TaskFileParts) -> (text: String, conflicts: [String]) {
        var forced = Set<String>()
        let oursChanged = protectedFields.contains { ours.block($0) != base.block($0) }
        let theirsChanged = protectedFields.contains { theirs.block($0) != base.block($0) }
        if oursChanged && theirsChanged {
            forced = Set(protectedFields.filter { ours.block($0) != theirs.block($0) })
        }
        var pieces = [Piece]()
        var conflicts = [String]()
        func resolve(_ key: String?) {
            let (b, o, t) = (base.block(key), ours.block(key), theirs.block(key))
            if let key, forced.contains(key) || (o != t && o != b && t != b) {
                conflicts.append(key)
                pieces.append(.conflict(ours: o ?? "", theirs: t ?? ""))
            } else if key == nil && o != t && o != b && t != b {
                pieces.append(.conflict(ours: o ?? "", theirs: t ?? ""))
                conflicts.append("(comments before the first field)")
            } else if let chosen = (o == b ? t : o) {
                pieces.append(.clean(chosen))
            }
        }
        for block in ours.blocks { resolve(block.key) }
        for block in theirs.blocks where ours.block(block.key) == nil { resolve(block.key) }
        return (render(pieces, lineEnding: ours.lineEnding), conflicts)
    }

    /// Joins pieces, with one pair of markers around each run of conflicting ones.
    private static func render(_ pieces: [Piece], lineEnding: String) -> String {
        var text = ""
        var pendingOurs: String?
        var pendingTheirs = ""
        func flush() {
            guard let ours = pendingOurs else { return }
            text += "<<<<<<< ours" + lineEnding + ours + "=======" + lineEnding + pendingTheirs + ">>>>>>> theirs" + lineEnding
            pendingOurs = nil
            pendingTheirs = ""
        }
        for piece in pieces {
            switch piece {
            case .clean(let chosen):
                flush()
                text += chosen
            case .conflict(let ours, let theirs):
                pendingOurs = (pendingOurs ?? "") + ours
                pendingTheirs += theirs
            }
        }
        flush()
        return text
    }

    // MARK: Body

    private static func mergeBody(base: String, ours: String, theirs: String, lineEnding: String) throws(HandoffError) -> (text: String, isClean: Bool) {
        if ours == theirs || theirs == base { return (ours, true) }
        if ours == base { return (theirs, true) }
        let (baseLog, ourLog, theirLog) = (TaskLogParts(body: base), TaskLogParts(body: ours), TaskLogParts(body: theirs))
        guard ourLog.entries.starts(with: baseLog.entries), theirLog.entries.starts(with: baseLog.entries) else {
            let merged = try lineMerge(Array(base.utf8), Array(ours.utf8), Array(theirs.utf8))
            return (String(decoding: merged.contents, as: UTF8.self), merged.isClean)
        }
        let head: (text: String, isClean: Bool)
        if ourLog.head == theirLog.head || theirLog.head == baseLog.head {
            head = (ourLog.head, true)
        } else if ourLog.head == baseLog.head {
            head = (theirLog.head, true)
        } else {
            let merged = try lineMerge(Array(baseLog.head.utf8), Array(ourLog.head.utf8), Array(theirLog.head.utf8))
            head = (String(decoding: merged.contents, as: UTF8.self), merged.isClean)
        }
        let added = interleave(Array(ourLog.entries.dropFirst(baseLog.entries.count)), Array(theirLog.entries.dropFirst(baseLog.entries.count)))
        return (TaskLogParts.join(head: head.text, entries: baseLog.entries + added, lineEnding: lineEnding), head.isClean)
    }

    /// Both sides' new entries in time order; on equal times (or entries without one) ours first.
    /// An entry both sides added is kept once.
    static func interleave(_ ours: [String], _ theirs: [String]) -> [String] {
        var result = [String]()
        var (i, j) = (0, 0)
        while i < ours.count || j < theirs.count {
            if i < ours.count, j < theirs.count, ours[i] == theirs[j] {
                result.append(ours[i])
                i += 1
                j += 1
            } else if j == theirs.count {
                result.append(ours[i])
                i += 1
            } else if i == ours.count {
                result.append(theirs[j])
                j += 1
            } else if let mine = TaskLogParts.time(of: ours[i]), let other = TaskLogParts.time(of: theirs[j]), other < mine {
                result.append(theirs[j])
                j += 1
            } else {
                result.append(ours[i])
                i += 1
            }
        }
        return result
    }

    private static func lineMerge(_ base: [UInt8], _ ours: [UInt8], _ theirs: [UInt8]) throws(HandoffError) -> MergeFile.Result {
        try git({ () throws(GitError) in try MergeFile.merge(base: base, ours: ours, theirs: theirs) })
    }
}
