@testable import GitKit
import Testing

@Suite struct ByteRangesTests {
    private let empty = UnsafeRawBufferPointer(start: nil, count: 0)

    @Test("comparing nothing gives 0, also with an empty buffer that has no address")
    func emptyBuffers() {
        let bytes: [UInt8] = [1, 2, 3]
        bytes.withUnsafeBytes { raw in
            #expect(empty.compareBytes(with: raw, count: 0) == 0)
            #expect(raw.compareBytes(with: empty, count: 0) == 0)
            #expect(empty.hasSameBytes(as: empty))
            #expect(!empty.hasSameBytes(as: raw))
            #expect(raw.hasBytePrefix(empty))
            #expect(!empty.hasBytePrefix(raw))
            #expect(empty.firstOffset(of: 0, from: 0) == nil)
            #expect(!empty.hasBytes("a", at: 0))
            #expect(empty.hasBytes("", at: 0))
        }
    }

    @Test("ranges compare as memcmp orders them, from the offsets given")
    func ranges() {
        let left = Array("xxabcd".utf8), right = Array("abce".utf8)
        left.withUnsafeBytes { left in
            right.withUnsafeBytes { right in
                #expect(left.compareBytes(from: 2, with: right, count: 3) == 0)
                #expect(left.compareBytes(from: 2, with: right, count: 4) < 0)
                #expect(right.compareBytes(from: 0, with: left, from: 2, count: 4) > 0)
                #expect(left.hasBytes("abcd", at: 2))
                #expect(!left.hasBytes("abcde", at: 2), "past the end is not a match")
                #expect(!left.hasBytes("x", at: 7))
                #expect(left.firstOffset(of: UInt8(ascii: "c"), from: 0) == 4)
                #expect(left.firstOffset(of: UInt8(ascii: "c"), from: 0, before: 4) == nil)
                #expect(left.firstOffset(of: UInt8(ascii: "x"), from: 2) == nil)
            }
        }
    }

    @Test("an id from 20 bytes matches the failable init; a short buffer reads as zero-filled")
    func twentyBytes() {
        let bytes = (1...25).map { UInt8($0) }
        bytes.withUnsafeBytes { raw in
            #expect(ObjectID(twentyBytes: raw) == ObjectID(raw: raw))
            #expect(ObjectID(twentyBytes: UnsafeRawBufferPointer(rebasing: raw[..<3])).bytes == [1, 2, 3] + [UInt8](repeating: 0, count: 17))
        }
        #expect(ObjectID(twentyBytes: empty) == .zero)
        #expect(ObjectID.zero.bytes == [UInt8](repeating: 0, count: 20))
    }
}
