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
public struct WorkingTreeBlobs: Sendable {
    private let root: String

    /// The reader for `repository`'s working tree; nil for a bare repository.
    public init?(repository: Repository) {
        guard let root = repository.workingDirectory else { return nil }
        self.root = root.hasSuffix("/") ? root : root + "/"
    }

    /// The bytes of `blob` if the working file at `path` holds exactly them.
    public func bytes(of blob: ObjectID, at path: String) -> [UInt8]? {
        let descriptor = open(root + path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 24 else { return nil }
        guard let bytes = FileBytes.read(descriptor: descriptor, size: Int(info.st_size)), ObjectID(hashingBlob: bytes) == blob else { return nil }
        return bytes
    }
}

extension ObjectID {
    /// The id git gives a blob holding `bytes` (`blob <size>\0` + content, hashed with SHA-1).
    public init(hashingBlob bytes: [UInt8]) {
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("blob \(bytes.count)\0".utf8))
        hasher.update(data: bytes)
        self = hasher.finalize().withUnsafeBytes { ObjectID(raw: $0)! }
    }
}
