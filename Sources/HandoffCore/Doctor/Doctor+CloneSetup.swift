import Foundation
import GitKit
import HandoffModel

/// The git config `CloneSetup` writes, checked: without it plain `git log --show-signature`
/// fails in this clone and plain `git commit` makes unsigned commits the server refuses.
extension Doctor {
    /// The fix for every piece of the clone setup: run it again.
    static let cloneSetupFix = "run: handoff hooks install"

    /// `gpg.ssh.allowedSignersFile` and `commit.gpgsign`; none in a bare repository.
    func cloneSetup() -> [DoctorCheck] {
        guard let root = workspace.workingDirectory else { return [] }
        return [allowedSignersFile(root: root), commitSigning()]
    }

    /// `gpg.ssh.allowedSignersFile` is set and names this clone's `.handoff/allowed_signers`.
    private func allowedSignersFile(root: String) -> DoctorCheck {
        let name = CloneSetup.allowedSignersKey
        let value: String?
        do {
            value = try workspace.config.string(name)
        } catch {
            return .problem(name, error.description, fix: Self.cloneSetupFix)
        }
        guard let value, !value.isEmpty else {
            return .problem(name, "not set, so plain git cannot verify signatures (git log --show-signature fails)", fix: Self.cloneSetupFix)
        }
        let expected = CloneSetup.allowedSignersFile(root: root)
        guard samePath(value, expected) else {
            return .problem(name, "is \(value), not this repository's \(PolicyFiles.allowedSigners) (\(expected))", fix: Self.cloneSetupFix)
        }
        return .ok(name, value)
    }

    /// `commit.gpgsign` is on, so plain `git commit` signs.
    private func commitSigning() -> DoctorCheck {
        let name = CloneSetup.signCommitsKey
        do {
            if try workspace.config.bool(name) == true { return .ok(name, "true, so plain git commits are signed") }
            return .problem(name, "not on, so plain git commits are unsigned and refused on push", fix: Self.cloneSetupFix)
        } catch {
            return .problem(name, error.description, fix: Self.cloneSetupFix)
        }
    }

    /// Whether config path `value` (absolute, or `~/…` as git expands it) names the file `expected`.
    private func samePath(_ value: String, _ expected: String) -> Bool {
        var path = value
        if path.hasPrefix("~/"), let home = workspace.context.environment["HOME"] {
            path = home + "/" + path.dropFirst(2)
        }
        guard path.hasPrefix("/") else { return false }
        let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolve(path) == resolve(expected)
    }
}
