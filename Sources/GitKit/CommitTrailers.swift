/// The trailers of a commit message: the `Key: value` lines of its last paragraph, read the way
/// `git interpret-trailers --parse` reads them wherever that reading is certain, and told apart
/// from messages where it is not.
///
/// git's reading has many turns: a trailer block may hold non-trailer lines when it holds a
/// `Signed-off-by`, lines that start with a blank continue the line above, `Key : value` is a
/// trailer, comment lines and a `---` line end the message, a leading empty line makes the first
/// paragraph count. A message that keeps clear of all of them — every line of its last paragraph
/// `Key: value` with a key of letters, digits and `-`, no line starting with a blank, `#` or
/// `---`, no control characters, valid UTF-8 — is read by git exactly as here. `ambiguity` says
/// when a message names a guarded key (e.g. `Handoff-`) outside such a reading.
public struct CommitTrailers: Sendable {
    /// One `Key: value` line, the value without the blanks around it.
    public struct Trailer: Sendable, Equatable {
        /// The key as written.
        public let key: String
        /// The value.
        public let value: String
    }

    /// The trailers, in order; empty when the last paragraph is not all trailers.
    public let trailers: [Trailer]
    /// Why git could read a line starting with the guarded prefix differently; nil when it
    /// reads every such line as one of `trailers`, or the message has none.
    public let ambiguity: String?

    /// Reads the trailers of `message` (a commit's bytes after its header); `guarded` is the
    /// lower-case key prefix whose lines must be read the same by git.
    public init(message: ArraySlice<UInt8>, guarding guarded: String) {
        let newline = UInt8(ascii: "\n")
        let lines = message.split(separator: newline, omittingEmptySubsequences: false)
        var paragraphStart: Int?
        var lastParagraph = 0..<0
        var paragraphs = 0
        for (index, line) in lines.enumerated() {
            if line.isEmpty {
                if let start = paragraphStart { lastParagraph = start..<index }
                paragraphStart = nil
            } else if paragraphStart == nil {
                paragraphStart = index
                paragraphs += 1
            }
        }
        if let start = paragraphStart { lastParagraph = start..<lines.count }
        var trailers = [Trailer]()
        if paragraphs > 1 {
            for line in lines[lastParagraph] {
                guard let trailer = Self.trailer(line) else {
                    trailers = []
                    break
                }
                trailers.append(trailer)
            }
        }
        self.trailers = trailers
        let guardedLines = lines.indices.filter { Self.hasPrefix(lines[$0], guarded) }
        guard !guardedLines.isEmpty else {
            ambiguity = nil
            return
        }
        let inBlock = !trailers.isEmpty && guardedLines.allSatisfy { lastParagraph.contains($0) }
        ambiguity =
            if String(validating: message, as: UTF8.self) == nil {
                "its message is not valid UTF-8"
            } else if message.contains(where: { ($0 < 0x20 && $0 != newline) || $0 == 0x7F }) {
                "its message holds control characters (a carriage return, a tab)"
            } else if lines.first?.isEmpty ?? true {
                "its message starts with an empty line"
            } else if let odd = lines.first(where: Self.changesGitsReading) {
                "its message has the line '\(String(decoding: odd.prefix(40), as: UTF8.self))', which git reads as a continuation, a comment or the end of the message"
            } else if !inBlock {
                "a line starting with '\(guarded)' is not in its trailer block of 'Key: value' lines"
            } else {
                nil
            }
    }

    /// `Key: value` with a key of ASCII letters, digits and `-`; nil for any other line.
    private static func trailer(_ line: ArraySlice<UInt8>) -> Trailer? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[..<colon].allSatisfy({ isKeyByte($0) })
        else { return nil }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        return Trailer(key: String(decoding: line[..<colon], as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// Lines that make git's reading of trailers differ from a plain last paragraph: a
    /// continuation or whitespace-only line, a comment, the `---` that starts a patch, and the
    /// `Conflicts:` block git skips at the end.
    private static func changesGitsReading(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        return first == 0x20 || first == 0x09 || first == UInt8(ascii: "#") || line.starts(with: "---".utf8)
            || line.elementsEqual("Conflicts:".utf8)
    }

    /// Whether `line` starts with `prefix` (lower-case ASCII), ignoring case.
    private static func hasPrefix(_ line: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        line.count >= prefix.utf8.count && zip(line, prefix.utf8).allSatisfy { byte, wanted in
            ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == wanted
        }
    }
}
