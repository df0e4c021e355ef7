import Foundation

/// Writes files so that a reader (or a process killed half-way) sees the old bytes or the new
/// ones, never a mix: the bytes go to a temporary file beside the target, are flushed to disk
/// unless asked not to, and the temporary file is renamed over the target.
package enum AtomicFile {
    /// The suffix of temporary files; `removeLeftovers` deletes those a killed process left.
    static let temporarySuffix = ".handoff-tmp"

    /// Replaces the file at `path` with `bytes` (creating its folder when needed). With
    /// `flush` false the bytes are not forced to disk first: a killed process still leaves the
    /// old file or the new one, only a power loss may not.
    /// - Throws: an `NSError` naming the path and the system's reason when a step fails.
    package static func write(_ bytes: [UInt8], to path: String, flush: Bool = true) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw posixError(temporary) }
        var written = 0
        let failure: Error? = bytes.withUnsafeBytes { buffer -> Error? in
            // No address only for no bytes: nothing to write, but still a file to flush.
            if let base = buffer.baseAddress {
                while written < buffer.count {
                    let result = Foundation.write(descriptor, base + written, buffer.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        return posixError(temporary)
                    }
                    written += result
                }
            }
            return !flush || fsync(descriptor) == 0 ? nil : posixError(temporary)
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = posixError(path)
            unlink(temporary)
            throw error
        }
    }

    /// Deletes the temporary file a killed writer of `path` may have left.
    package static func removeLeftovers(of path: String) {
        unlink(temporaryPath(for: path))
    }

    /// `folder/.name.handoff-tmp`: hidden, beside the target (so rename stays on one file system).
    static func temporaryPath(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return folder + "/." + name + temporarySuffix
    }

    private static func posixError(_ path: String) -> Error {
        NSError(domain: NSPOSIXErrorDomain, code: Int(errno), userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "\(path): \(String(cString: strerror(errno)))"])
    }
}
