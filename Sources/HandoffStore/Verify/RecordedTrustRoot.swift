import Foundation
import GitKit
import HandoffModel

/// The trust root a repository recorded in `handoff/trust-root` of its git folder: a server at
/// `hooks install --server` or its first accepted push, a clone at its first clean `verify`.
/// Later runs judge by it, so a history replaced from its first commit on is noticed instead
/// of trusted anew.
package struct RecordedTrustRoot {
    /// The file's path.
    package let file: String

    /// The record of the repository whose git folder is `gitDirectory`.
    package init(gitDirectory: String) {
        file = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "handoff/trust-root"
    }

    /// The recorded root; nil when none is recorded.
    /// - Throws: `HandoffError.invalidFile` when the file holds no commit id.
    package func read() throws(HandoffError) -> ObjectID? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let root = ObjectID(hex: text) else {
            throw .invalidFile(file, "is not a commit id; write the trust root's full id there, or remove the file to record the root verify finds")
        }
        return root
    }

    /// Records `root`.
    /// - Throws: `HandoffError.environment` when the file cannot be written.
    package func record(_ root: ObjectID) throws(HandoffError) {
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Array((root.hex + "\n").utf8), to: file)
        } catch {
            throw .environment("cannot write \(file): \(error.localizedDescription)")
        }
    }
}
