import Crypto
import Glibc

/// Reads blobs from the working tree when the file there holds exactly the blob.
///
/// A repository that was packed keeps most blobs as deltas: reading 100,000 task files from
/// the object database spent half its time inflating and resolving them. The checked-out
/// file is usually the same bytes, and hashing it as git would (`blob <size>\0` + content,
/// about a microsecond for a task file) proves it is: no stat data, racy-clean rule or
/// checkout filter needs trusting. A file that differs, is missing or is not readable gives
/// nil, and the caller reads the object database.
///
/// The kernel's work per file is most of the cost, so each file costs exactly three system
/// calls: `openat` from its folder's descriptor (one name to look up, not the whole path),
/// one `read` into a buffer this reader keeps for every file, and `close`. No `fstat` is
/// needed and a short read is no hazard: whatever bytes arrive, only the blob's own bytes hash
/// to its id. One reader serves one thread at a time.
public final class WorkingTreeBlobs {
    /// A folder of the working tree, open for reading the files directly inside it by name.
    public final class Folder {
        private let descriptor: Int32
        private let reader: WorkingTreeBlobs

        fileprivate init?(path: String, reader: WorkingTreeBlobs) {
            descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            self.reader = reader
        }

        deinit {
            close(descriptor)
        }

        /// `body` applied to the bytes of `blob` when the file `name` in this folder holds
        /// exactly them; nil, without calling `body`, when it does not, is missing, is not
        /// readable or is larger than the reader's limit. The bytes are valid only in `body`.
        public func withBytes<Result, Failure: Error>(
            of blob: ObjectID, named name: String, _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
        ) throws(Failure) -> Result? {
            let buffer = reader.buffer
            let file = name.withCString { openat(descriptor, $0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
            guard file >= 0 else { return nil }
            let count = read(file, buffer.baseAddress, buffer.count)
            close(file)
            guard count >= 0, count < buffer.count else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
            guard ObjectID(hashingBlob: UnsafeRawBufferPointer(bytes)) == blob else { return nil }
            return try body(bytes)
        }
    }

    private let root: String
    /// Room for one file of the largest size read, and one byte more to tell a larger file.
    private let buffer: UnsafeMutableBufferPointer<UInt8>

    /// The reader for `repository`'s working tree, for files of at most `limit` bytes; nil for
    /// a bare repository.
    public init?(repository: Repository, limit: Int) {
        guard let root = repository.workingDirectory else { return nil }
        self.root = root.hasSuffix("/") ? root : root + "/"
        buffer = .allocate(capacity: limit + 1)
    }

    deinit {
        buffer.deallocate()
    }

    /// The folder at `path` (relative to the working tree, e.g. `tasks/2026-11`), opened for
    /// reading its files; nil when it cannot be opened.
    public func folder(_ path: String) -> Folder? {
        Folder(path: root + path, reader: self)
    }
}

extension ObjectID {
    /// The id git gives a blob holding `bytes` (`blob <size>\0` + content, hashed with SHA-1).
    public init(hashingBlob bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ObjectID(hashingBlob: $0) }
    }

    /// The id git gives a blob holding `bytes` (`blob <size>\0` + content, hashed with SHA-1).
    public init(hashingBlob bytes: UnsafeRawBufferPointer) {
        var hasher = Insecure.SHA1()
        var header = "blob \(bytes.count)\0"
        header.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        hasher.update(bufferPointer: bytes)
        // A SHA-1 digest is 20 bytes: always an id.
        self = hasher.finalize().withUnsafeBytes { ObjectID(twentyBytes: $0) }
    }
}
