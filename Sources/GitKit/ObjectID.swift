import CLibGit2

/// A SHA-1 object id, held as a Swift value so it can cross threads and live in sets.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 20 raw bytes of the id.
    public let bytes: [UInt8]

    /// An id made of its 20 raw bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// An id parsed from 40 hexadecimal digits; nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        var index = 0
        while index < 40 {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    init(_ oid: git_oid) {
        var copy = oid
        self.bytes = withUnsafeBytes(of: &copy.id) { Array($0) }
    }

    /// The 40-digit lowercase hexadecimal form git prints.
    public var hex: String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for byte in bytes {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first seven digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The all-zero id git uses for "no object" (e.g. a ref being created in a push).
    public static let zero = ObjectID(bytes: [UInt8](repeating: 0, count: 20))!

    var gitOid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
        return oid
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
