extension HandoffTask {
    /// The task in the file `bytes` at `path`, as `HandoffTask(document:)` reads it: straight
    /// from the bytes when the byte scanner reads the file, without making a document at all.
    /// - Throws: `HandoffError.invalidFile` naming `path`, exactly as reading the document would.
    package static func summary(bytes: [UInt8], path: String) throws(HandoffError) -> HandoffTask {
        if let task = TaskSummaryScanner.task(of: bytes) { return task }
        return try HandoffTask(document: TaskDocument(bytes: bytes, path: path))
    }

    /// True when `raw` is valid UTF-8, as `TaskDocument` requires of the whole file; task
    /// files are mostly ASCII, which is checked eight bytes at a time.
    static func isUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= raw.count, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
            offset += 8
        }
        guard !raw[offset...].allSatisfy({ $0 < 0x80 }) else { return true }
        // What precedes `offset` is ASCII, so a character starts there. Typed bytes take the
        // standard library's contiguous path (raw ones went a byte at a time, twice as slow).
        let rest = UnsafeBufferPointer(rebasing: raw.assumingMemoryBound(to: UInt8.self)[offset...])
        return String(validating: rest, as: UTF8.self) != nil
    }
}
