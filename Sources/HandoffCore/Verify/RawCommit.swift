import Foundation
import GitKit

/// A commit object read from its raw bytes: what git signed, the signature, and who says they made it.
public struct RawCommit: Sendable {
    /// An author or committer line: name, email and time as the commit states them.
    public struct Signer: Sendable, Equatable {
        /// The name.
        public let name: String
        /// The email between angle brackets.
        public let email: String
        /// The timestamp and zone.
        public let time: Timestamp
    }

    /// The commit's id.
    public let id: ObjectID
    /// Its tree.
    public let tree: ObjectID
    /// Its parents, first parent first.
    public let parents: [ObjectID]
    /// The author line.
    public let author: Signer
    /// The committer line; the committer is the actor every rule checks.
    public let committer: Signer
    /// The armored `gpgsig` signature, or nil for an unsigned commit.
    public let signature: String?
    /// The bytes that were signed: the object without its `gpgsig` header.
    public let payload: [UInt8]
    /// The commit message.
    public let message: String

    /// Parses a commit object's bytes. Header lines of ASCII are read as bytes; a line with other
    /// bytes is read as text, as git's own tools would show it.
    /// - Throws: `HandoffError.invalidFile` when the object is not a well-formed commit.
    public init(id: ObjectID, bytes: [UInt8]) throws(HandoffError) {
        self.id = id
        var payload = [UInt8]()
        payload.reserveCapacity(bytes.count)
        var signature = [UInt8]()
        var signed = false
        var tree: ObjectID?
        var parents = [ObjectID]()
        var author: Signer?
        var committer: Signer?
        var index = 0
        var inSignature = false
        var messageStart = bytes.count
        while index < bytes.count {
            let start = index
            var end = index
            var ascii = true
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") {
                if bytes[end] >= 0x80 { ascii = false }
                end += 1
            }
            let next = min(end + 1, bytes.count)
            if end == index {
                payload.append(contentsOf: bytes[index...])
                messageStart = next
                break
            }
            let line = HeaderLine(bytes: bytes[index..<end], ascii: ascii)
            index = next
            if inSignature, line.hasPrefix(" ") {
                signature += line.bytes(after: 1) + [UInt8(ascii: "\n")]
                continue
            }
            inSignature = false
            if line.hasPrefix("gpgsig ") {
                inSignature = true
                signed = true
                signature += line.bytes(after: 7) + [UInt8(ascii: "\n")]
                continue
            }
            payload.append(contentsOf: bytes[start..<next])
            if line.hasPrefix("tree ") {
                tree = ObjectID(hex: line.text(after: 5))
            } else if line.hasPrefix("parent "), let parent = ObjectID(hex: line.text(after: 7)) {
                parents.append(parent)
            } else if line.hasPrefix("author ") {
                author = line.signer(after: 7)
            } else if line.hasPrefix("committer ") {
                committer = line.signer(after: 10)
            }
        }
        guard let tree, let author, let committer else {
            throw .invalidFile("commit \(id.short)", "is not a well-formed commit object")
        }
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.payload = payload
        self.signature = signed ? String(decoding: signature, as: UTF8.self) : nil
        message = String(decoding: bytes[min(messageStart, bytes.count)...], as: UTF8.self)
        trailers = Self.parseTrailers(message)
    }

    /// The `Key: value` trailers of the message's last paragraph, in order.
    public let trailers: [(key: String, value: String)]

    /// Reads the trailers of a message: its last paragraph, when every line of it is `Key: value`.
    static func parseTrailers(_ message: String) -> [(key: String, value: String)] {
        plainTrailers(message) ?? characterTrailers(message)
    }

    /// The trailers read from the message's bytes, for the plain messages handoff writes: nil
    /// when characters could group the bytes differently (a carriage return, text beyond ASCII
    /// in a key or right after a colon or the spaces that follow it).
    static func plainTrailers(_ message: String) -> [(key: String, value: String)]? {
        let bytes = Array(message.utf8)
        guard !bytes.contains(UInt8(ascii: "\r")) else { return nil }
        let newline = UInt8(ascii: "\n")
        var paragraphs = [Range<Int>]()
        var start = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == newline && bytes[index + 1] == newline {
                if index > start { paragraphs.append(start..<index) }
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        if start < bytes.count { paragraphs.append(start..<bytes.count) }
        paragraphs.removeAll { bytes[$0].allSatisfy { $0 == newline } }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        var trailers = [(key: String, value: String)]()
        for line in bytes[last].split(separator: newline) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return [] }
            let key = line[..<colon]
            guard key.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard !key.isEmpty, key.allSatisfy({ Self.isKeyByte($0) }) else { return [] }
            var value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
            if let first = value.first, first >= 0x80 { return nil }
            while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
            trailers.append((String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return trailers
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }

    /// The trailers read as characters: the reading the byte one must agree with.
    static func characterTrailers(_ message: String) -> [(key: String, value: String)] {
        let paragraphs = message.split(separator: "\n\n", omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy { $0 == "\n" } }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        var trailers = [(key: String, value: String)]()
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return [] }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            trailers.append((String(line[..<colon]), String(value.trimmingTrailingSpaces())))
        }
        return trailers
    }

    /// The values of trailer `key`.
    public func trailerValues(_ key: String) -> [String] {
        trailers.filter { Self.sameKey($0.key, key) }.map(\.value)
    }

    /// Trailer keys compare without case, as `lowercased()` compares them; two ASCII keys (every
    /// key handoff writes) byte by byte, without making lowercase copies.
    static func sameKey(_ left: String, _ right: String) -> Bool {
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        var left = left, right = right
        // The bytes of both, in place: a key is compared five to ten times per commit.
        let asBytes = left.withUTF8 { left in
            right.withUTF8 { right -> Bool? in
                guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else { return nil }
                return left.count == right.count && zip(left, right).allSatisfy { lower($0) == lower($1) }
            }
        }
        return asBytes ?? (left.lowercased() == right.lowercased())
    }

    /// The first line of the message.
    public var subject: String { String(message.prefix { $0 != "\n" }) }

    static func characterSigner(_ text: Substring) -> Signer? {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(text[text.index(after: open)..<close])
        guard let time = signerTime(text[text.index(after: close)...].split(separator: " ").prefix(2).map(String.init)) else { return nil }
        return Signer(name: name, email: email, time: time)
    }

    /// The time of an author or committer line from the fields after its email: unix seconds,
    /// then the zone as `+hhmm` (UTC when missing or malformed).
    static func signerTime(_ fields: [String]) -> Timestamp? {
        guard let seconds = fields.first.flatMap({ Int64($0) }) else { return nil }
        let zone = fields.count > 1 ? Int32(fields[1]) : nil
        return Timestamp(seconds: seconds, offsetMinutes: zone.map { ($0 / 100) * 60 + $0 % 100 } ?? 0)
    }
}

/// One header line of a commit object: read as bytes when it is ASCII, else as the text its
/// bytes decode to (invalid UTF-8 repaired), so both read the same as the line's text would.
private struct HeaderLine {
    private let raw: ArraySlice<UInt8>
    private let decoded: String?

    init(bytes: ArraySlice<UInt8>, ascii: Bool) {
        raw = bytes
        decoded = ascii ? nil : String(decoding: bytes, as: UTF8.self)
    }

    func hasPrefix(_ prefix: String) -> Bool {
        decoded?.hasPrefix(prefix) ?? raw.starts(with: prefix.utf8)
    }

    /// The text after the first `count` characters.
    func text(after count: Int) -> String {
        decoded.map { String($0.dropFirst(count)) } ?? String(decoding: raw.dropFirst(count), as: UTF8.self)
    }

    /// The author or committer after the first `count` characters. An ASCII line is read as
    /// bytes: there each character is one byte, and the only blanks are space and tab.
    func signer(after count: Int) -> RawCommit.Signer? {
        guard decoded == nil else { return RawCommit.characterSigner(text(after: count)[...]) }
        let text = raw.dropFirst(count)
        guard let open = text.lastIndex(of: UInt8(ascii: "<")), let close = text.lastIndex(of: UInt8(ascii: ">")), open < close else { return nil }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var name = text[..<open]
        while let first = name.first, isBlank(first) { name = name.dropFirst() }
        while let last = name.last, isBlank(last) { name = name.dropLast() }
        let fields = text[(close + 1)...].split(separator: 0x20).prefix(2).map { String(decoding: $0, as: UTF8.self) }
        guard let time = RawCommit.signerTime(fields) else { return nil }
        return RawCommit.Signer(name: String(decoding: name, as: UTF8.self), email: String(decoding: text[(open + 1)..<close], as: UTF8.self), time: time)
    }

    /// The UTF-8 of the text after the first `count` characters.
    func bytes(after count: Int) -> ArraySlice<UInt8> {
        decoded.map { ArraySlice(String($0.dropFirst(count)).utf8) } ?? raw.dropFirst(count)
    }
}
