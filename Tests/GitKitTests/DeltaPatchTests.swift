@testable import GitKit
import Testing

/// git's binary deltas applied straight into the result's storage.
@Suite struct DeltaPatchTests {
    @Test("copies and inserts make the object; malformed or ill-fitting deltas are refused")
    func handMadeDeltas() {
        let base = Array("hello, world".utf8)
        // base size 12, result size 11: copy 5 bytes at 0, insert " you", copy 2 bytes at 5.
        let delta: [UInt8] = [12, 11, 0x90, 5, 4] + Array(" you".utf8) + [0x91, 5, 2]
        #expect(DeltaPatch.apply(delta, to: base).map { String(decoding: $0, as: UTF8.self) } == "hello you, ")
        #expect(DeltaPatch.apply([12, 0], to: base) == [])
        #expect(DeltaPatch.apply(delta, to: base + [0]) == nil, "the base has another size")
        #expect(DeltaPatch.apply([12, 12] + delta.dropFirst(2), to: base) == nil, "the result falls short")
        #expect(DeltaPatch.apply([12, 10] + delta.dropFirst(2), to: base) == nil, "the result runs over")
        #expect(DeltaPatch.apply([12, 3, 0x91, 11, 2], to: base) == nil, "the copy runs past the base")
        #expect(DeltaPatch.apply([12, 3, 3, 0x61], to: base) == nil, "the insert runs past the delta")
        #expect(DeltaPatch.apply([12, 1, 0], to: base) == nil, "instruction 0 is reserved")
        #expect(DeltaPatch.apply([12, 1, 0x91, 5], to: base) == nil, "the copy is cut short")
    }

    @Test("a claimed result size is checked against the instructions before anything is allocated")
    func claimedSizes() {
        let base = Array("hello, world".utf8)
        let body: [UInt8] = [0x90, 5, 4] + Array(" you".utf8) + [0x91, 5, 2]
        for claimed: UInt64 in [1 << 62, 1 << 40, 64 << 20, 12] {
            #expect(DeltaPatch.apply([12] + varint(claimed) + body, to: base) == nil, "claims \(claimed)")
        }
        #expect(DeltaPatch.apply([12, 11] + body, to: base, limit: 10) == nil, "larger than the caller accepts")
        #expect(DeltaPatch.apply([12, 11] + body, to: base, limit: 11) != nil)
        // Ten bytes of size: more than 63 bits.
        #expect(DeltaPatch.apply([12] + [UInt8](repeating: 0xFF, count: 9) + [0x01] + body, to: base) == nil)
        #expect(DeltaPatch.apply([0x8C, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 11] + body, to: base) == nil, "a base size of ten bytes")
        // Copies at the largest offset and length an instruction can name stay inside the base.
        #expect(DeltaPatch.apply([12, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], to: base) == nil)
        #expect(DeltaPatch.apply([12, 0x80, 0x80, 0x04, 0x80], to: base) == nil, "a copy of length 0 means 0x10000")
    }

    @Test("random instruction streams give what appending each piece in turn gives, on 20,000 deltas")
    func randomDeltas() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let base = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var body = [UInt8]()
            for _ in 0..<Int.random(in: 0..<6, using: &generator) {
                if Bool.random(using: &generator) {
                    let offset = Int.random(in: 0..<max(1, base.count + 5), using: &generator)
                    let length = Int.random(in: 1..<60, using: &generator)
                    body += [0x80 | 0x01 | 0x02 | 0x10, UInt8(offset & 0xFF), UInt8(offset >> 8), UInt8(length)]
                } else {
                    let length = Int.random(in: 0..<20, using: &generator)
                    body += [UInt8(length)] + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }
            }
            if Int.random(in: 0..<10, using: &generator) == 0, !body.isEmpty { body.removeLast() }
            let expected = reference(body, base: base)
            let claimed = (expected?.count ?? Int.random(in: 0..<200, using: &generator)) + (Int.random(in: 0..<8, using: &generator) == 0 ? 1 : 0)
            let delta = varint(base.count) + varint(claimed) + body
            #expect(DeltaPatch.apply(delta, to: base) == (expected?.count == claimed ? expected : nil))
        }
    }

    /// The result of `body`'s instructions by the plain reading: each piece appended in turn.
    private func reference(_ body: [UInt8], base: [UInt8]) -> [UInt8]? {
        var result = [UInt8]()
        var position = 0
        while position < body.count {
            let instruction = body[position]
            position += 1
            if instruction & 0x80 != 0 {
                guard position + 2 < body.count else { return nil }
                let offset = Int(body[position]) | Int(body[position + 1]) << 8
                let length = Int(body[position + 2])
                position += 3
                guard offset + length <= base.count else { return nil }
                result += base[offset..<offset + length]
            } else if instruction != 0 {
                let length = Int(instruction)
                guard position + length <= body.count else { return nil }
                result += body[position..<position + length]
                position += length
            } else {
                return nil
            }
        }
        return result
    }

    private func varint<Value: BinaryInteger>(_ value: Value) -> [UInt8] {
        CraftedFiles.varint(UInt64(value))
    }
}
