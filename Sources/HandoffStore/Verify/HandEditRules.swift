import ByteRanges
import GitKit
import Glibc
import HandoffModel

/// What a hand-made commit (plain `git commit`) may do to a task file: change its body and
/// unprotected fields, keep it parseable — never create, delete, or change owner, stage, state,
/// offer or id. Shared by `verify` and the pre-commit hook.
public enum HandEditRules {
    /// Fields only handoff operations may change.
    public static let protectedFields = TaskFields.protectedFromHandEdits

    /// The problems of changing task file `path` from `old` to `new` by hand (nil: absent), each as
    /// a rule name and a message saying which handoff command to use instead.
    public static func problems(path: String, old: [UInt8]?, new: [UInt8]?) -> [(rule: Violation.Rule, message: String)] {
        guard let old else { return [(.handEdit, "adds \(path) by hand; create tasks with 'handoff new'")] }
        guard let new else {
            return [(.handEdit, "deletes \(path); task files never move or disappear (close the task instead: handoff close)")]
        }
        do {
            let oldDocument = try TaskDocument(bytes: old, path: path)
            let before = try oldDocument.frontmatter()
            let document = try TaskDocument(bytes: new, path: path)
            _ = try HandoffTask(document: document)
            let after = try document.frontmatter()
            var problems: [(rule: Violation.Rule, message: String)] = protectedFields.filter { before[$0] != after[$0] }.map { field in
                (.handEdit, "\(path) changes '\(field)' by hand; use \(command(for: field)) instead")
            }
            if logSection(of: oldDocument.body) != logSection(of: document.body) {
                problems.append((.handEdit, "\(path) changes its '\(TaskTransitions.logHeading)' section by hand; only handoff's commands write it (edit the text above it, or use 'handoff note')"))
            }
            return problems
        } catch {
            return [(.taskFile, error.message)]
        }
    }

    /// The handoff log of a task body: its bytes from the first line that is exactly
    /// `## Handoff log` to the end, which only handoff's operations write, with line ends read
    /// as newlines (a file turned to CRLF keeps its log); nil when it has none. Text appended
    /// after the last entry is part of it: it would read as that entry's words.
    static func logSection(of body: String) -> [UInt8]? {
        let bytes = Array(body.utf8)
        let heading = Array(TaskTransitions.logHeading.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[lineStart..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.elementsEqual(heading) {
                var section = [UInt8]()
                section.reserveCapacity(bytes.count - lineStart)
                for (offset, byte) in bytes[lineStart...].enumerated()
                where !(byte == UInt8(ascii: "\r") && bytes.count > lineStart + offset + 1 && bytes[lineStart + offset + 1] == UInt8(ascii: "\n")) {
                    section.append(byte)
                }
                return section
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// True for `tasks/<folder>/<name>.md`.
    public static func isTaskPath(_ path: String) -> Bool {
        guard let parts = asciiPartRanges(path) else {
            let parts = path.split(separator: "/")
            return parts.count == 3 && parts[0] == "tasks" && parts[2].hasSuffix(".md")
        }
        guard parts.count == 3 else { return false }
        var path = path
        return path.withUTF8 { bytes in
            let (first, last) = (parts.ranges[0], parts.ranges[2])
            let raw = UnsafeRawBufferPointer(bytes)
            return first.count == 5 && raw.hasBytes("tasks", at: first.lowerBound)
                && last.count >= 3 && raw.hasBytes(".md", at: last.upperBound - 3)
        }
    }

    /// The task ID a task path names.
    public static func taskID(of path: String) -> String {
        String(pathParts(path).last?.dropLast(3) ?? "")
    }

    /// The non-empty `/`-separated parts of `path`, as `split(separator: "/")` gives them: an
    /// ASCII path (every task path) is split at its slash bytes, without reading characters.
    static func pathParts(_ path: String) -> [Substring] {
        guard let parts = asciiPartRanges(path), parts.count <= 3 else { return path.split(separator: "/") }
        let utf8 = path.utf8
        return parts.ranges[..<parts.count].map { range in
            path[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// The byte ranges of an ASCII path's first three non-empty `/`-separated parts and how
    /// many parts it has; nil when the path is not ASCII. Task paths have three parts.
    private static func asciiPartRanges(_ path: String) -> (count: Int, ranges: [Range<Int>])? {
        var path = path
        return path.withUTF8 { bytes in
            var ranges = [Range<Int>]()
            ranges.reserveCapacity(3)
            var count = 0
            var start = 0
            for offset in 0...bytes.count {
                let byte = offset < bytes.count ? bytes[offset] : UInt8(ascii: "/")
                if byte >= 0x80 { return nil }
                guard byte == UInt8(ascii: "/") else { continue }
                if offset > start {
                    if count < 3 { ranges.append(start..<offset) }
                    count += 1
                }
                start = offset + 1
            }
            return (count, ranges)
        }
    }

    static func command(for field: String) -> String {
        switch field {
        case "owner": "'handoff offer' and 'handoff accept' (or 'handoff reassign')"
        case "stage": "'handoff offer' and 'handoff accept'"
        case "state": "'handoff close', 'handoff reopen' or 'handoff offer'"
        case "offer": "'handoff offer', 'handoff withdraw' or 'handoff decline'"
        default: "'handoff new' (IDs never change)"
        }
    }
}
