import Foundation
import GitKit
import HandoffModel

/// The hook scripts of the top-level `hooks/` folder, embedded in the binary, and their installation.
public enum HookScripts {
    /// Hooks for a working clone.
    public static let client = ["pre-commit", "commit-msg", "post-merge"]
    /// Hooks for a bare server repository.
    public static let server = ["pre-receive", "post-receive"]
    /// Hooks that only tell people things (what a pull brought, who to notify): a script of
    /// that name someone else wrote is left alone, and the rest installed, instead of refusing
    /// them all; its owner can call `handoff hook NAME` from it.
    public static let optional: Set<String> = ["post-merge", "post-receive"]
    /// The words every script carries, by which we know a hook is ours to overwrite.
    package static let marker = "(installed by handoff;"

    /// The script of hook `name` as shipped.
    static func script(_ name: String) -> [UInt8]? {
        switch name {
        case "pre-commit": PackageResources.pre_commit
        case "commit-msg": PackageResources.commit_msg
        case "post-merge": PackageResources.post_merge
        case "pre-receive": PackageResources.pre_receive
        case "post-receive": PackageResources.post_receive
        default: nil
        }
    }

    /// Installs hooks `names` into the repository's hooks folder (`core.hooksPath` or `.git/hooks`),
    /// each calling `binary` by absolute path (falling back to `handoff` on PATH).
    /// - Returns: the paths written.
    /// - Throws: `HandoffError.refused` when a hook exists that handoff did not write (it is left alone).
    public static func install(_ names: [String], in repository: Repository, config: GitConfig, binary: String) throws(HandoffError) -> [String] {
        let directory = try checkInstallable(names, in: repository, config: config)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .environment("cannot create \(directory): \(error.localizedDescription)")
        }
        var written = [String]()
        for name in names where !(optional.contains(name) && isForeign(directory + "/" + name)) {
            guard let script = script(name) else { throw .usage("no hook named \(name)") }
            let text = String(decoding: script, as: UTF8.self).replacingOccurrences(of: "@HANDOFF_BINARY@", with: binary)
            let path = directory + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o755]) else {
                throw .environment("cannot write \(path)")
            }
            written.append(path)
        }
        return written
    }

    /// The hooks folder, after checking that no hook of `names` there was written by someone else.
    /// - Throws: `HandoffError.refused` naming the hook in the way.
    @discardableResult
    public static func checkInstallable(_ names: [String], in repository: Repository, config: GitConfig) throws(HandoffError) -> String {
        let directory = try hooksDirectory(repository, config)
        for name in names where !optional.contains(name) {
            let path = directory + "/" + name
            if isForeign(path) {
                throw .refused("\(path) exists and was not installed by handoff; move it away (or call 'handoff hook \(name)' from it) and run 'handoff hooks install' again")
            }
        }
        return directory
    }

    /// The optional hooks of `names` that someone else's script holds, left alone by `install`.
    /// - Throws: `HandoffError` when the hooks folder cannot be found.
    public static func keptForeign(_ names: [String], in repository: Repository, config: GitConfig) throws(HandoffError) -> [String] {
        let directory = try hooksDirectory(repository, config)
        return names.filter { optional.contains($0) && isForeign(directory + "/" + $0) }
    }

    /// True when a script handoff did not write is at `path`.
    package static func isForeign(_ path: String) -> Bool {
        guard let existing = FileManager.default.contents(atPath: path) else { return false }
        return !String(decoding: existing, as: UTF8.self).contains(marker)
    }

    /// Where git looks for hooks: `core.hooksPath` (relative to the working tree) or `.git/hooks`.
    package static func hooksDirectory(_ repository: Repository, _ config: GitConfig) throws(HandoffError) -> String {
        if let configured = try git({ () throws(GitError) in try config.string("core.hooksPath") }), !configured.isEmpty {
            if configured.hasPrefix("/") { return configured }
            return (repository.workingDirectory ?? repository.gitDirectory) + configured
        }
        return repository.gitDirectory + "hooks"
    }

    /// The absolute path of the running `handoff` binary.
    public static var currentBinary: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        let argument = CommandLine.arguments.first ?? "handoff"
        return URL(fileURLWithPath: argument).standardizedFileURL.path
    }
}
