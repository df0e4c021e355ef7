import GitKit

/// The file format of handoff's caches: a header naming the format and its version, the
/// content, and a last line `sum <CRC-32>` of the file's name (an object id) and of everything
/// before that line. A torn, changed, misnamed or older file is known as such and ignored, so a
/// cache may be incomplete, never wrong (`TaskSummaryCache`, `EventIndex`).
enum SummedCacheFile {
    /// The length of the line `sumLine` makes.
    static let sumLineLength = 13

    /// The last line of the file named `name` whose header and content are `content`.
    static func sumLine(of content: UnsafeBufferPointer<UInt8>, name: ObjectID) -> [UInt8] {
        var hex = name.hex
        let crc = hex.withUTF8 { CRC32.of(UnsafeRawBufferPointer(content), continuing: CRC32.of(UnsafeRawBufferPointer($0))) }
        let digits = String(crc, radix: 16)
        return Array(("sum " + String(repeating: "0", count: 8 - digits.count) + digits + "\n").utf8)
    }

    /// The file `folder/<name>` mapped, and its header and content (all but the sum line), when
    /// it starts with `header` and its sum is right; nil otherwise.
    static func read(_ name: ObjectID, in folder: String, header: [UInt8]) -> (content: UnsafeBufferPointer<UInt8>, file: MappedFile)? {
        guard let file = MappedFile(path: folder + "/" + name.hex), file.bytes.starts(with: header),
            file.bytes.count >= header.count + sumLineLength
        else { return nil }
        let content = UnsafeBufferPointer(rebasing: file.bytes.dropLast(sumLineLength))
        guard file.bytes[content.count...].elementsEqual(sumLine(of: content, name: name)) else { return nil }
        return (content, file)
    }
}
