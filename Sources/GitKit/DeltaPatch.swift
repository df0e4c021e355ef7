/// git's binary delta (a pack's `OFS_DELTA` and `REF_DELTA` entries): the base's size, the
/// result's size, then instructions that copy a range of the base or insert literal bytes.
enum DeltaPatch {
    /// The object `delta` makes of `base`; nil when the delta is malformed or does not fit it.
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var position = 0
        guard let baseSize = size(delta, &position), baseSize == base.count, let resultSize = size(delta, &position) else { return nil }
        let start = position
        var fits = false
        // Each instruction copies its bytes straight into the result's storage: a month folder
        // is rebuilt from a few dozen ranges of its base for every handoff `verify` replays.
        let result = [UInt8](unsafeUninitializedCapacity: resultSize) { buffer, initialized in
            initialized = 0
            fits = delta.withUnsafeBufferPointer { delta in
                base.withUnsafeBufferPointer { base in
                    copy(delta, from: start, base: base, into: buffer, count: &initialized)
                }
            } && initialized == resultSize
        }
        return fits ? result : nil
    }

    /// Runs the instructions of `delta` from `position`, writing into `result`; false when an
    /// instruction is malformed or would write past `result`'s end.
    private static func copy(
        _ delta: UnsafeBufferPointer<UInt8>, from position: Int, base: UnsafeBufferPointer<UInt8>,
        into result: UnsafeMutableBufferPointer<UInt8>, count written: inout Int
    ) -> Bool {
        var position = position
        while position < delta.count {
            let instruction = delta[position]
            position += 1
            let source: UnsafeBufferPointer<UInt8>
            if instruction & 0x80 != 0 {
                var offset = 0
                var length = 0
                for bit in 0..<4 where instruction & (1 << bit) != 0 {
                    guard position < delta.count else { return false }
                    offset |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                for bit in 0..<3 where instruction & (0x10 << bit) != 0 {
                    guard position < delta.count else { return false }
                    length |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                if length == 0 { length = 0x10000 }
                guard offset + length <= base.count else { return false }
                source = UnsafeBufferPointer(rebasing: base[offset..<offset + length])
            } else if instruction != 0 {
                let length = Int(instruction)
                guard position + length <= delta.count else { return false }
                source = UnsafeBufferPointer(rebasing: delta[position..<position + length])
                position += length
            } else {
                return false
            }
            guard source.count <= result.count - written else { return false }
            if let from = source.baseAddress { (result.baseAddress! + written).initialize(from: from, count: source.count) }
            written += source.count
        }
        return true
    }

    /// A size in the delta's header: 7 bits a byte, least significant first.
    private static func size(_ delta: [UInt8], _ position: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while position < delta.count, shift < 63 {
            let byte = delta[position]
            position += 1
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
