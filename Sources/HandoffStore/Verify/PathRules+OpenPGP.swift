import GitKit
import HandoffModel

/// The names allowed in `.handoff/openpgp/`: one regular file `<email>.asc` per member, no
/// folders, so each key file has one owner that verify and `git` read alike.
extension PathRules {
    /// What is wrong with `entry` at `path`, added or changed under `.handoff/`; nil when
    /// nothing is, or when the path is not in `.handoff/openpgp`.
    static func problem(ofPolicyPath path: String, entry: TreeEntry) -> String? {
        let folder = PolicyFiles.openPGPKeys
        if path == folder {
            return "\(folder) must be a folder of key files, but the commit makes it a \(entry.kind == .blob ? "file" : "submodule")"
        }
        guard path.hasPrefix(folder + "/") else { return nil }
        let name = String(path.dropFirst(folder.count + 1))
        guard PolicyFiles.openPGPKeyOwner(ofName: name) != nil else {
            return "\(path) is not a key file; \(folder)/ holds only EMAIL.asc files, one per member"
        }
        guard entry.kind == .blob, entry.mode == 0o100644 else {
            return "\(path) must be a regular file (mode 100644)"
        }
        return nil
    }
}
