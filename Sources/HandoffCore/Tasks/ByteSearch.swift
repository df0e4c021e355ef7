import Glibc

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start` and before `end` (the buffer's end when
    /// nil), found with `memchr`; nil when there is none. Task files, cache rows and briefs are
    /// cut at newlines and tabs this way rather than a byte at a time.
    func firstIndex(of byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let end = end ?? count
        guard start < end, let base = baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
