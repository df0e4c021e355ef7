import Glibc

// `memcmp` and `memchr` over buffers, without force-unwrapping their base addresses: an empty
// buffer's base address may be nil, and these then compare or search nothing. They sit in the
// hot loops of tree, index and summary reading, here and in HandoffCore, so they are inlinable
// and cost what the bare C call with its nil check cost: no allocation, no copy.

extension UnsafeRawBufferPointer {
    /// `memcmp` of `count` bytes of this buffer from `offset` with `count` bytes of `other`
    /// from `otherOffset`: negative, zero or positive as these bytes sort before, with or after
    /// the other's. Zero for a `count` of zero, whatever the buffers (an empty one included).
    /// The caller keeps both ranges inside their buffers, as for subscripts; an empty buffer,
    /// whose base address may be nil, is never read.
    @inlinable
    public func compareBytes(from offset: Int = 0, with other: UnsafeRawBufferPointer, from otherOffset: Int = 0, count: Int) -> Int32 {
        guard count > 0, let base = baseAddress, let otherBase = other.baseAddress else { return 0 }
        return memcmp(base + offset, otherBase + otherOffset, count)
    }

    /// True when this buffer holds exactly `other`'s bytes: lengths first, then one `memcmp`.
    @inlinable
    public func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        count == other.count && compareBytes(with: other, count: count) == 0
    }

    /// True when this buffer starts with `prefix`'s bytes.
    @inlinable
    public func hasBytePrefix(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count <= count && compareBytes(with: prefix, count: prefix.count) == 0
    }

    /// True when the bytes from `offset` on are `text`'s UTF-8; false when the buffer ends
    /// before `text` would.
    @inlinable
    public func hasBytes(_ text: StaticString, at offset: Int) -> Bool {
        text.withUTF8Buffer { text in
            offset >= 0 && text.count <= count - offset
                && compareBytes(from: offset, with: UnsafeRawBufferPointer(text), count: text.count) == 0
        }
    }

    /// The offset of the first `byte` at or after `start` and before `end` (the buffer's end
    /// when nil), found with `memchr`; nil when there is none.
    @inlinable
    public func firstOffset(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let end = end ?? count
        guard start < end, let base = baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start` and before `end` (the buffer's end when
    /// nil), found with `memchr`; nil when there is none. Task files, cache rows and briefs are
    /// cut at newlines and tabs this way rather than a byte at a time.
    @inlinable
    public func firstIndex(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        UnsafeRawBufferPointer(self).firstOffset(of: byte, from: start, before: end)
    }
}
