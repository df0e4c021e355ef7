/// Reads the SSH wire encoding (RFC 4251 §5): big-endian uint32s and length-prefixed strings.
/// Every read checks its bounds and returns nil instead of trapping on short or hostile input.
struct SSHWireReader {
    /// The bytes being read.
    private let bytes: [UInt8]
    /// The index of the next unread byte.
    private(set) var offset: Int = 0

    /// Starts reading `bytes` at their first byte.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// How many bytes are left unread.
    var remaining: Int { bytes.count - offset }

    /// True when every byte has been read.
    var isAtEnd: Bool { remaining == 0 }

    /// Reads exactly `count` raw bytes, or nil when fewer are left.
    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= remaining else { return nil }
        let slice = Array(bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// Reads a big-endian uint32, or nil when fewer than four bytes are left.
    mutating func readUInt32() -> UInt32? {
        guard let four = readBytes(4) else { return nil }
        return four.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    /// Reads a length-prefixed string as bytes, or nil when the length runs past the end.
    mutating func readString() -> [UInt8]? {
        let start = offset
        guard let length = readUInt32() else { return nil }
        guard UInt64(length) <= UInt64(remaining), let body = readBytes(Int(length)) else {
            offset = start
            return nil
        }
        return body
    }

    /// Reads a length-prefixed string that must be valid UTF-8, or nil.
    mutating func readText() -> String? {
        guard let body = readString() else { return nil }
        return String(validating: body, as: UTF8.self)
    }
}

/// Writes the SSH wire encoding: big-endian uint32s and length-prefixed strings.
struct SSHWireWriter {
    /// Everything written so far.
    private(set) var bytes: [UInt8] = []

    /// Starts with nothing written.
    init() {}

    /// Appends raw bytes with no length prefix.
    mutating func writeRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends a big-endian uint32.
    mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a length-prefixed string of bytes.
    mutating func writeString(_ body: [UInt8]) {
        writeUInt32(UInt32(truncatingIfNeeded: body.count))
        bytes.append(contentsOf: body)
    }

    /// Appends a length-prefixed UTF-8 string.
    mutating func writeString(_ text: String) {
        writeString(Array(text.utf8))
    }
}
