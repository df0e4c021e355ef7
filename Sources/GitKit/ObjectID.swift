import CLibGit2

/// A SHA-1 object id, held inline as a Swift value so it can cross threads, live in sets and
/// be made without a heap allocation (verify and list make hundreds of thousands).
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    // The 20 bytes as big-endian words, so comparing the words compares the bytes.
    private let high: UInt64, middle: UInt64, low: UInt32

    /// The 20 raw bytes of the id.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (high.bigEndian, middle.bigEndian, low.bigEndian)) { Array($0.prefix(20)) }
    }

    /// The id's first byte (a pack index's fan-out bucket).
    var firstByte: UInt8 { UInt8(truncatingIfNeeded: high >> 56) }

    /// Bytes 1 to 8 as a big-endian number: where the id lies among the ids of its first byte,
    /// as a fraction of 2^64.
    var placeAfterFirstByte: UInt64 { high << 8 | middle >> 56 }

    /// An id made of its 20 raw bytes.
    public init?(bytes: [UInt8]) {
        guard let id = bytes.withUnsafeBytes({ $0.count == 20 ? ObjectID(raw: $0) : nil }) else { return nil }
        self = id
    }

    /// An id made of the 20 bytes at the start of `raw`; nil when it holds fewer.
    public init?(raw: UnsafeRawBufferPointer) {
        guard raw.count >= 20 else { return nil }
        self.init(twentyBytes: raw)
    }

    /// An id made of the first 20 bytes of `raw`, for bytes that hold one by construction (a
    /// `git_oid`, a SHA-1 digest, the id of a checked tree record), so it cannot fail. Bytes a
    /// shorter buffer lacks read as zeros rather than from past its end.
    init(twentyBytes raw: UnsafeRawBufferPointer) {
        guard raw.count >= 20 else {
            var padded = (UInt64(0), UInt64(0), UInt32(0))
            withUnsafeMutableBytes(of: &padded) { $0.copyMemory(from: raw) }
            (high, middle, low) = (UInt64(bigEndian: padded.0), UInt64(bigEndian: padded.1), UInt32(bigEndian: padded.2))
            return
        }
        high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    private init(high: UInt64, middle: UInt64, low: UInt32) {
        (self.high, self.middle, self.low) = (high, middle, low)
    }

    /// An id parsed from 40 hexadecimal digits; nil for anything else.
    public init?(hex: String) {
        var hex = hex
        guard let id = hex.withUTF8({ ObjectID(hexDigits: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// An id parsed from exactly 40 hexadecimal digits; nil for anything else.
    public init?(hexDigits digits: UnsafeRawBufferPointer) {
        guard digits.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for index in 0..<20 {
            guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else { return nil }
            let byte = UInt64(high << 4 | low)
            switch index {
            case 0..<8: words.0 = words.0 << 8 | byte
            case 8..<16: words.1 = words.1 << 8 | byte
            default: words.2 = words.2 << 8 | byte
            }
        }
        (high, middle, low) = (words.0, words.1, UInt32(words.2))
    }

    /// The id libgit2 holds in `oid`, whose 20 bytes (`GIT_OID_RAWSZ`) are always an id.
    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { ObjectID(twentyBytes: $0) }
    }

    /// The 40-digit lowercase hexadecimal form git prints.
    public var hex: String {
        String(unsafeUninitializedCapacity: 40) { out in
            writeHex(to: out)
            return 40
        }
    }

    /// Appends the 40 digits of `hex` to `output` as bytes, making no string on the way.
    public func appendHex(to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: 40))
        output.withUnsafeMutableBufferPointer { writeHex(to: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
    }

    private func writeHex(to out: UnsafeMutableBufferPointer<UInt8>) {
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }
        withUnsafeBytes(of: (high.bigEndian, middle.bigEndian, low.bigEndian)) { raw in
            for index in 0..<20 {
                out[2 * index] = digit(raw[index] >> 4)
                out[2 * index + 1] = digit(raw[index] & 0x0f)
            }
        }
    }

    /// The first seven digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    /// The all-zero id git uses for "no object" (e.g. a ref being created in a push).
    public static let zero = ObjectID(high: 0, middle: 0, low: 0)

    var gitOid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
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
