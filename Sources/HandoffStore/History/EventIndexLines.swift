import ByteRanges
import GitKit

/// The lines of one intact file of the event index, read in place from its mapped file: a
/// commit's id (40 hex digits), then a tab before each task file it changed.
struct EventIndexLines {
    /// The lines, each ending in a newline; valid while `owner` lives.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Keeps `bytes` alive.
    let owner: AnyObject

    /// Calls `body` with each well-formed line's commit and whether the line lists `path`, in
    /// file order; a line that is not well formed is passed over.
    func forEach(listing path: UnsafeRawBufferPointer, _ body: (ObjectID, Bool) -> Void) {
        withExtendedLifetime(owner) {
            forEachLine { commit, line in
                var lists = false
                var field = line.lowerBound + 41
                while !lists, field <= line.upperBound {
                    let end = bytes.firstIndex(of: UInt8(ascii: "\t"), from: field, before: line.upperBound) ?? line.upperBound
                    lists = end - field == path.count && UnsafeRawBufferPointer(bytes).compareBytes(from: field, with: path, count: path.count) == 0
                    field = end + 1
                }
                body(commit, lists)
            }
        }
    }

    /// Appends to `output` each well-formed line (with its newline) whose commit is not in
    /// `written`, and adds its commit there.
    func appendLines(to output: inout [UInt8], skipping written: inout Set<ObjectID>) {
        withExtendedLifetime(owner) {
            forEachLine { commit, line in
                if written.insert(commit).inserted { output += bytes[line.lowerBound...line.upperBound] }
            }
        }
    }

    /// Calls `body` with each line's commit and range (without its newline) whose commit id
    /// reads and is followed by a tab or the newline.
    private func forEachLine(_ body: (ObjectID, Range<Int>) -> Void) {
        var offset = 0
        while let end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: offset) {
            defer { offset = end + 1 }
            guard end - offset >= 40, end - offset == 40 || bytes[offset + 40] == UInt8(ascii: "\t"),
                let commit = ObjectID(hexDigits: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[offset..<(offset + 40)]))
            else { continue }
            body(commit, offset..<end)
        }
    }
}
