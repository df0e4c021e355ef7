import CZlib

/// zlib's inflate of one git object stream (a loose object file, or an entry of a pack).
enum Inflate {
    /// The bytes that the zlib stream at the start of `input` inflates to, when they are exactly
    /// `size` bytes; nil when the stream is corrupt or of another size. Trailing input (the
    /// next pack entry) is ignored.
    static func exactly(_ size: Int, from input: UnsafeRawBufferPointer) -> [UInt8]? {
        var stream = z_stream()
        guard handoff_inflate_init(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        // One spare byte, so a stream longer than announced shows as not ended.
        var output = [UInt8](repeating: 0, count: size + 1)
        let status = output.withUnsafeMutableBytes { out -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(clamping: input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            return inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        output.removeLast()
        return output
    }

    /// The whole stream at the start of `input`, when it inflates to at most `limit` bytes
    /// (a loose object, whose size is known only once its header is inflated).
    static func all(_ input: UnsafeRawBufferPointer, limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard handoff_inflate_init(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(clamping: input.count)
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.avail_out))
            }
            output += chunk[..<produced]
            guard output.count <= limit else { return nil }
            if status == Z_STREAM_END { return output }
            guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
        }
    }
}
