import ByteRanges
import Glibc

/// git's order of the entries of a tree (and of an index's paths, folder by folder): names
/// compared byte by byte, a folder's name as if it ended in `/`.
enum TreeOrder {
    /// Negative, zero or positive as the entry named `left` sorts before, with or after the one
    /// named `right`. Names hold no `/` and no NUL byte.
    static func compare(_ left: UnsafeRawBufferPointer, isFolder leftIsFolder: Bool, _ right: UnsafeRawBufferPointer, isFolder rightIsFolder: Bool) -> Int {
        let common = min(left.count, right.count)
        let compared = left.compareBytes(with: right, count: common)
        if compared != 0 { return Int(compared) }
        // One name is a prefix of the other: what follows is its next byte, a folder's `/`, or
        // nothing, which sorts first.
        func next(_ name: UnsafeRawBufferPointer, _ isFolder: Bool) -> Int {
            name.count > common ? Int(name[common]) : isFolder ? Int(UInt8(ascii: "/")) : 0
        }
        return next(left, leftIsFolder) - next(right, rightIsFolder)
    }

    /// `compare` for names held as strings.
    static func compare(_ left: String, isFolder leftIsFolder: Bool, _ right: String, isFolder rightIsFolder: Bool) -> Int {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                compare(UnsafeRawBufferPointer(leftBytes), isFolder: leftIsFolder, UnsafeRawBufferPointer(rightBytes), isFolder: rightIsFolder)
            }
        }
    }
}
