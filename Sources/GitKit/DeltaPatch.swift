/// git's binary delta (a pack's `OFS_DELTA` and `REF_DELTA` entries): the base's size, the
/// result's size, then instructions that copy a range of the base or insert literal bytes.
enum DeltaPatch {
    /// The object `delta` makes of `base`; nil when the delta is malformed or does not fit it.
    static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        var position = 0
        guard let baseSize = size(delta, &position), baseSize == base.count, let resultSize = size(delta, &position) else { return nil }
        var result = [UInt8]()
        result.reserveCapacity(resultSize)
        while position < delta.count {
            let instruction = delta[position]
            position += 1
            if instruction & 0x80 != 0 {
                var offset = 0
                var length = 0
                for bit in 0..<4 where instruction & (1 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    offset |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                for bit in 0..<3 where instruction & (0x10 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    length |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                if length == 0 { length = 0x10000 }
                guard offset + length <= base.count else { return nil }
                result += base[offset..<offset + length]
            } else if instruction != 0 {
                let length = Int(instruction)
                guard position + length <= delta.count else { return nil }
                result += delta[position..<position + length]
                position += length
            } else {
                return nil
            }
            guard result.count <= resultSize else { return nil }
        }
        return result.count == resultSize ? result : nil
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
