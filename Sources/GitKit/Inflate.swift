import CZlib
import Foundation

/// zlib's inflate of one git object stream (a loose object file, or an entry of a pack).
enum Inflate {
    /// The bytes that the zlib stream at the start of `input` inflates to, when they are exactly
    /// `size` bytes; nil when the stream is corrupt or of another size. Trailing input (the
    /// next pack entry) is ignored.
    static func exactly(_ size: Int, from input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let stream = streams.take() else { return nil }
        defer { streams.give(stream) }
        var ended = false
        // One spare byte, so a stream longer than announced shows as not ended.
        let output = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(clamping: input.count)
            stream.pointee.next_out = buffer.baseAddress
            stream.pointee.avail_out = uInt(buffer.count)
            ended = inflate(stream, Z_FINISH) == Z_STREAM_END && Int(stream.pointee.total_out) == size
            count = ended ? size : 0
        }
        return ended ? output : nil
    }

    /// Streams set aside for the next call: setting one up allocates zlib's state, which costs
    /// about as much as inflating a small object.
    private static let streams = Streams()

    /// The whole stream at the start of `input`, when it inflates to at most `limit` bytes
    /// (a loose object, whose size is known only once its header is inflated).
    static func all(_ input: UnsafeRawBufferPointer, limit: Int) -> [UInt8]? {
        guard let stream = streams.take() else { return nil }
        defer { streams.give(stream) }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(clamping: input.count)
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.pointee.avail_out))
            }
            output += chunk[..<produced]
            guard output.count <= limit else { return nil }
            if status == Z_STREAM_END { return output }
            guard status == Z_OK, produced > 0 || stream.pointee.avail_in > 0 else { return nil }
        }
    }
}

/// zlib inflate streams not in use, for any thread to take one. A stream stays at one address
/// (zlib's state points back to it), so each lives on the heap.
private final class Streams: @unchecked Sendable {
    private let lock = NSLock()
    private var idle = [UnsafeMutablePointer<z_stream>]()

    /// An idle stream reset for a new object, or a new one; nil when zlib cannot set one up.
    func take() -> UnsafeMutablePointer<z_stream>? {
        if let stream = lock.withLock({ idle.popLast() }) {
            if inflateReset(stream) == Z_OK { return stream }
            inflateEnd(stream)
            stream.deallocate()
            return nil
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard handoff_inflate_init(stream) == Z_OK else {
            stream.deallocate()
            return nil
        }
        return stream
    }

    /// Sets `stream` aside for the next caller.
    func give(_ stream: UnsafeMutablePointer<z_stream>) {
        lock.withLock { idle.append(stream) }
    }
}
