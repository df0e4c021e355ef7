import CDeflate
import CZlib
import Foundation

/// Inflating one git object's zlib stream (a loose object file, or an entry of a pack).
enum Inflate {
    /// The bytes that the zlib stream at the start of `input` inflates to, when they are exactly
    /// `size` bytes; nil when the stream is corrupt (its checksum included) or of another size.
    /// Trailing input (the next pack entry) is ignored.
    ///
    /// A pack records each entry's size, so the whole entry is inflated in one call of
    /// libdeflate, which takes about half of zlib's time on objects of a few hundred bytes.
    /// `size` comes from the file: more than `input` could inflate to is refused before room is
    /// made for it.
    static func exactly(_ size: Int, from input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard size >= 0, size / maximumRatio <= input.count, let decompressor = decompressors.take() else { return nil }
        defer { decompressors.give(decompressor) }
        var ended = false
        // One spare byte, so a stream longer than announced shows as a wrong size.
        let output = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            var consumed = 0
            var produced = 0
            let result = libdeflate_zlib_decompress_ex(
                decompressor, input.baseAddress, input.count, buffer.baseAddress, buffer.count, &consumed, &produced)
            ended = result == LIBDEFLATE_SUCCESS && produced == size
            count = ended ? size : 0
        }
        return ended ? output : nil
    }

    /// The most bytes one byte of a deflate stream inflates to: a 258-byte match coded in two
    /// bits (a one-bit length code and a one-bit distance code).
    private static let maximumRatio = 1_032

    /// Decompressors set aside for the next call: each holds about 10 KB of tables.
    private static let decompressors = IdlePool<OpaquePointer>(
        make: { libdeflate_alloc_decompressor() },
        reuse: { $0 },
        discard: { libdeflate_free_decompressor($0) })

    /// zlib streams set aside for the next call: setting one up allocates zlib's state, which
    /// costs about as much as inflating a small object.
    private static let streams = IdlePool<UnsafeMutablePointer<z_stream>>(
        make: {
            // A stream stays at one address (zlib's state points back to it), so it lives on the heap.
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard handoff_inflate_init(stream) == Z_OK else {
                stream.deallocate()
                return nil
            }
            return stream
        },
        reuse: { inflateReset($0) == Z_OK ? $0 : nil },
        discard: { stream in
            inflateEnd(stream)
            stream.deallocate()
        })

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

/// Decompressor states not in use, for any thread to take one.
private final class IdlePool<Handle>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle = [Handle]()
    private let make: () -> Handle?
    private let reuse: (Handle) -> Handle?
    private let discard: (Handle) -> Void

    /// A pool that sets up new states with `make`, readies an idle one for another object with
    /// `reuse` (nil: it cannot be reused) and frees one that cannot with `discard`.
    init(make: @escaping () -> Handle?, reuse: @escaping (Handle) -> Handle?, discard: @escaping (Handle) -> Void) {
        self.make = make
        self.reuse = reuse
        self.discard = discard
    }

    /// An idle state ready for a new object, or a new one; nil when none can be set up.
    func take() -> Handle? {
        guard let handle = lock.withLock({ idle.popLast() }) else { return make() }
        if let ready = reuse(handle) { return ready }
        discard(handle)
        return nil
    }

    /// Sets `handle` aside for the next caller.
    func give(_ handle: Handle) {
        lock.withLock { idle.append(handle) }
    }
}
