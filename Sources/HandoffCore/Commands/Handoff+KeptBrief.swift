import Foundation
import HandoffModel
import HandoffStore

/// A brief written in the editor and then refused is kept, as git keeps `COMMIT_EDITMSG`, in
/// `.git/handoff/BRIEF_EDITMSG-<KEY>` (KEY: the task's ID, or `handover`), and the editor opens
/// on it the next time, until an offer with it lands.
extension Handoff {
    /// The brief kept for `key` after a refusal, or nil when none is.
    /// - Throws: `HandoffError` when the repository cannot be opened.
    public func keptBrief(for key: String) throws(HandoffError) -> String? {
        let path = try keptBriefPath(for: key)
        return FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Keeps `text` for `key`; returns where, as a path relative to the working tree when it is
    /// inside it (`.git/handoff/BRIEF_EDITMSG-HO-7K3QX`), for the refusal to name.
    /// - Throws: `HandoffError.environment` when the file cannot be written.
    @discardableResult
    public func keepBrief(_ text: String, for key: String) throws(HandoffError) -> String {
        let path = try keptBriefPath(for: key)
        do {
            try AtomicFile.write(Array(text.utf8), to: path, flush: false)
        } catch {
            throw .environment("could not keep the brief in \(path) (\(error.localizedDescription))")
        }
        let top = try Workspace(context: context).workingDirectory
        if let top, path.hasPrefix(top) { return String(path.dropFirst(top.count)) }
        return path
    }

    /// Forgets the brief kept for `key` (once an offer with it landed).
    /// - Throws: `HandoffError` when the repository cannot be opened or the file not removed.
    public func dropKeptBrief(for key: String) throws(HandoffError) {
        let path = try keptBriefPath(for: key)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .environment("the offer landed, but the kept brief \(path) could not be removed (\(error.localizedDescription)); delete it, or the editor opens on it next time")
        }
    }

    private func keptBriefPath(for key: String) throws(HandoffError) -> String {
        let safe = String(key.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" })
        return try Workspace(context: context).repository.gitDirectory + "handoff/BRIEF_EDITMSG-" + safe
    }
}
