extension HandoffTask {
    /// The task in the file `bytes` at `path`, as `HandoffTask(document:)` reads it, but without
    /// splitting the body into lines when the frontmatter is plain (an LF file without a
    /// byte-order mark whose frontmatter `SimpleFrontmatter` reads): what `list` needs.
    /// The whole file must still be UTF-8, as the full reading requires.
    /// - Throws: `HandoffError.invalidFile` naming `path`, exactly as reading the document would.
    static func summary(bytes: [UInt8], path: String) throws(HandoffError) -> HandoffTask {
        if let task = TaskSummaryScanner.task(of: bytes) { return task }
        if bytes.count <= TaskDocument.maximumSize, isUTF8(bytes), let lines = plainFrontmatterLines(bytes),
            YAMLLines.firstAnchorOrAlias(in: lines) == nil, let mapping = SimpleFrontmatter.mapping(lines) {
            return try HandoffTask(mapping: mapping, path: path)
        }
        return try HandoffTask(document: TaskDocument(bytes: bytes, path: path))
    }

    /// True when `bytes` are valid UTF-8, as `TaskDocument` requires of the whole file; task
    /// files are mostly ASCII, which is checked eight bytes at a time.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isUTF8($0) }
    }

    /// True when `raw` is valid UTF-8, checked as `isUTF8(_: [UInt8])` checks an array.
    static func isUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= raw.count {
            guard raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 else {
                return String(validating: raw, as: UTF8.self) != nil
            }
            offset += 8
        }
        return raw[offset...].allSatisfy { $0 < 0x80 } || String(validating: raw, as: UTF8.self) != nil
    }

    /// The lines between the opening `---` and the closing `---` or `...`, or nil when the file
    /// is anything but plain UTF-8 with LF line ends there.
    private static func plainFrontmatterLines(_ bytes: [UInt8]) -> [YAMLLines.Line]? {
        let newline = UInt8(ascii: "\n")
        guard bytes.starts(with: Array("---\n".utf8)) else { return nil }
        var lines = [YAMLLines.Line]()
        var start = 4
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: newline) else { return nil }
            let line = bytes[start..<end]
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) { return lines }
            guard !line.contains(UInt8(ascii: "\r")), let text = String(validating: line, as: UTF8.self) else { return nil }
            lines.append(YAMLLines.Line(text: text, terminator: "\n"))
            start = end + 1
        }
        return nil
    }
}
