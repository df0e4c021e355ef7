/// git's binary delta (a pack's `OFS_DELTA` and `REF_DELTA` entries): the base's size, the
/// result's size, then instructions that copy a range of the base or insert literal bytes.
///
/// Every number in a delta comes from a file someone else may have written: the result's size
/// is trusted only once the instructions are read and make exactly that many bytes, and only
/// then is room made for it.
enum DeltaPatch {
    /// The object `delta` makes of `base`; nil when the delta is malformed, does not fit the
    /// base, or makes more than `limit` bytes.
    static func apply(_ delta: [UInt8], to base: [UInt8], limit: Int = 1 << 30) -> [UInt8]? {
        var position = 0
        guard let baseSize = size(delta, &position), baseSize == base.count, let resultSize = size(delta, &position), resultSize <= limit else {
            return nil
        }
        let start = position
        // A first pass that only reads the instructions: a header may claim 2^62 bytes.
        guard delta.withUnsafeBufferPointer({ produced(by: $0, from: start, baseCount: base.count, atMost: resultSize) }) == resultSize else { return nil }
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

    /// One instruction at `position` of `delta`: the range of the base it copies, or of the
    /// delta it inserts, and where the next one starts; nil when it is malformed (instruction
    /// 0, cut short, or a copy outside a base of `baseCount` bytes).
    private static func instruction(
        in delta: UnsafeBufferPointer<UInt8>, at position: Int, baseCount: Int
    ) -> (range: Range<Int>, fromBase: Bool, next: Int)? {
        var position = position
        let instruction = delta[position]
        position += 1
        guard instruction & 0x80 != 0 else {
            // An insert of 1 to 127 bytes; instruction 0 is reserved.
            let length = Int(instruction)
            guard length > 0, length <= delta.count - position else { return nil }
            return (position..<position + length, false, position + length)
        }
        // A copy: up to four bytes of offset and three of length (at most 2^32 - 1 and 2^24 - 1,
        // so their sum cannot overflow), present as the instruction's low bits say.
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
        guard offset + length <= baseCount else { return nil }
        return (offset..<offset + length, true, position)
    }

    /// How many bytes the instructions of `delta` from `position` make; nil when one is
    /// malformed, or as soon as they make more than `most`.
    private static func produced(by delta: UnsafeBufferPointer<UInt8>, from position: Int, baseCount: Int, atMost most: Int) -> Int? {
        var position = position
        var total = 0
        while position < delta.count {
            guard let step = instruction(in: delta, at: position, baseCount: baseCount), step.range.count <= most - total else { return nil }
            total += step.range.count
            position = step.next
        }
        return total
    }

    /// Runs the instructions of `delta` from `position`, writing into `result`; false when an
    /// instruction is malformed or would write past `result`'s end.
    private static func copy(
        _ delta: UnsafeBufferPointer<UInt8>, from position: Int, base: UnsafeBufferPointer<UInt8>,
        into result: UnsafeMutableBufferPointer<UInt8>, count written: inout Int
    ) -> Bool {
        var position = position
        while position < delta.count {
            guard let step = instruction(in: delta, at: position, baseCount: base.count) else { return false }
            let source = UnsafeBufferPointer(rebasing: step.fromBase ? base[step.range] : delta[step.range])
            guard source.count <= result.count - written, let from = source.baseAddress, let to = result.baseAddress else { return false }
            (to + written).initialize(from: from, count: source.count)
            written += source.count
            position = step.next
        }
        return true
    }

    /// A size in the delta's header: 7 bits a byte, least significant first; nil when it is cut
    /// short or needs more than 63 bits (nine bytes).
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
