import Foundation
import HandoffCore

/// The scratch copies one benchmark session works on, so the cached reference stays unchanged:
/// `ours`, an exact copy of the reference (handoff's config and hooks, pointing at the current
/// `handoff` binary), and `plain`, a separate `git clone` of it as a user of plain git has.
struct Workbench: Sendable {
    /// `<cache>/<size>/session`, removed and made again for every session.
    let folder: String
    /// The copy handoff works in.
    let ours: String
    /// The clone plain git works in.
    let plain: String
    /// A hooks folder holding only handoff's pre-commit hook (for `core.hooksPath`).
    let preCommitOnly: String
    /// An empty hooks folder.
    let noHooks: String
    /// A hooks folder whose pre-commit times handoff's.
    let timedPreCommit: HookStopwatch
    /// A hooks folder whose pre-commit does nothing: what any pre-commit hook costs git.
    let noOpPreCommit: String

    /// Makes fresh copies of `reference`.
    /// - Throws: `BenchError` or `HandoffError` when copying or configuring fails.
    init(reference: ReferenceRepository, handoffBinary: String, shell: Subprocess) throws {
        folder = reference.folder + "/session"
        ours = folder + "/ours"
        plain = folder + "/plain"
        preCommitOnly = folder + "/hooks-pre-commit"
        noHooks = folder + "/hooks-none"
        noOpPreCommit = folder + "/hooks-no-op"
        let files = FileManager.default
        if files.fileExists(atPath: folder) { try files.removeItem(atPath: folder) }
        try files.createDirectory(atPath: preCommitOnly, withIntermediateDirectories: true)
        try files.createDirectory(atPath: noHooks, withIntermediateDirectories: true)
        try files.createDirectory(atPath: noOpPreCommit, withIntermediateDirectories: true)
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: URL(fileURLWithPath: noOpPreCommit + "/pre-commit"))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: noOpPreCommit + "/pre-commit")
        let admin = reference.people[0]

        try shell.check("cp", ["-a", reference.repository, ours], in: folder, environment: admin.environment)
        try shell.check("git", ["config", "gpg.ssh.allowedSignersFile", ours + "/.handoff/allowed_signers"], in: ours, environment: admin.environment)
        let hooks = try Handoff(context: HandoffContext(directory: ours, environment: admin.environment))
            .installHooks(server: false, binary: handoffBinary)
        guard let preCommit = hooks.first(where: { $0.hasSuffix("/pre-commit") }) else {
            throw BenchError("handoff installed no pre-commit hook in \(ours) (it wrote \(hooks.joined(separator: ", ")))")
        }
        try files.copyItem(atPath: preCommit, toPath: preCommitOnly + "/pre-commit")
        timedPreCommit = try HookStopwatch(folder: folder + "/hooks-timed", wrapping: preCommitOnly + "/pre-commit")

        try shell.check("git", ["clone", "-q", reference.repository, plain], in: folder, environment: admin.environment)
        try shell.check("git", ["config", "gpg.ssh.allowedSignersFile", plain + "/.handoff/allowed_signers"], in: plain, environment: admin.environment)

        // Settle both copies as a repository in daily use is settled: a copy's files have new
        // inodes and times, so the first git command would re-hash all of them (7 s for
        // 100,000 files, paid by whichever row came first), and the copies' dirty pages would
        // still be written back during the timed runs.
        for copy in [ours, plain] {
            try shell.check("git", ["update-index", "-q", "--really-refresh"], in: copy, environment: admin.environment)
        }
        try shell.check("sync", [], in: folder, environment: admin.environment)
    }

    /// Deletes the copies.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
