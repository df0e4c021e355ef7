import Glibc

/// A file mapped read-only into memory, its pages taken straight from the page cache: no copy
/// into a fresh allocation and no page fault per 4 KiB, which reading a 10 MB file costs.
/// The mapping is private, so a writer that replaces the file by rename never changes what is
/// seen here.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes, valid while this object lives.
    public let bytes: UnsafeBufferPointer<UInt8>

    /// Maps the regular file at `path`; nil when it cannot be opened or mapped. `populate` maps
    /// every page at once (for a file read whole); otherwise pages come in as they are touched
    /// (for a pack, of which a few objects are read).
    public init?(path: String, populate: Bool = true) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), descriptor, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
