import Glibc

/// Whole-file reads and writes with plain system calls, for files handled by the hundred (task
/// files in the working tree, cache files) where Foundation's `Data` costs more than the work.
public enum FileBytes {
    /// Exactly `size` bytes from the start of the open file `descriptor`, or nil when the file
    /// has a different size now or a read fails.
    public static func read(descriptor: Int32, size: Int) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = 0
            // `size + 1` bytes of capacity: never an empty buffer without an address.
            guard let base = buffer.baseAddress else {
                complete = false
                return
            }
            while count <= size {
                let result = Glibc.read(descriptor, base + count, size + 1 - count)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else {
                    complete = result == 0
                    return
                }
                count += result
            }
        }
        return complete && bytes.count == size ? bytes : nil
    }

    /// The whole regular file at `path`, or nil when it cannot be opened or read.
    public static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return read(descriptor: descriptor, size: Int(info.st_size))
    }

    /// Replaces the file at `path` with `bytes` through a temporary file of this process and a
    /// rename, without waiting for the disk: for caches, which may be lost but never torn.
    /// - Returns: whether the file was written.
    @discardableResult
    public static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var written = 0
        bytes.withUnsafeBytes { buffer in
            // No address only for no bytes: nothing to write.
            guard let base = buffer.baseAddress else { return }
            while written < buffer.count {
                let result = write(descriptor, base + written, buffer.count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { return }
                written += result
            }
        }
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
