import Foundation
import Glibc

/// Runs git isolated from the machine's configuration (no system or global config, a scratch
/// HOME), with its input and output in files so that neither side can block on a full pipe.
struct GitRunner: Sendable {
    /// What a git process printed and how it ended.
    struct Output: Sendable {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]
    }

    /// Where the runner keeps its HOME and its input and output files.
    let scratch: URL
    private let executable: URL
    private let environment: [String: String]

    /// A runner keeping its files in `scratch`.
    /// - Throws: when git is not on PATH.
    init(scratch: URL) throws {
        self.scratch = scratch
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        guard let git = path.split(separator: ":").map({ URL(fileURLWithPath: String($0)).appendingPathComponent("git") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { throw DifferentialFailure("git is not on PATH") }
        executable = git
        environment = [
            "HOME": scratch.path, "PATH": path, "LANG": "C", "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_AUTHOR_NAME": "Fuzz", "GIT_AUTHOR_EMAIL": "fuzz@example.com",
            "GIT_COMMITTER_NAME": "Fuzz", "GIT_COMMITTER_EMAIL": "fuzz@example.com",
        ]
    }

    /// Runs `git arguments…` with `stdin` as its input. Started with `posix_spawn`, which takes
    /// a small part of the time Foundation's `Process` takes to start one, and the oracle starts
    /// many.
    /// - Throws: when the process cannot be started or its files cannot be written or read.
    func run(_ arguments: [String], stdin: [UInt8] = []) throws -> Output {
        let input = scratch.appendingPathComponent("git-stdin")
        let output = scratch.appendingPathComponent("git-stdout")
        let errors = scratch.appendingPathComponent("git-stderr")
        try writeScratchFile(stdin, to: input)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input.path, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable.path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let started = posix_spawn(&pid, executable.path, &actions, nil, argv + [nil], envp + [nil])
        guard started == 0 else { throw DifferentialFailure("cannot start git: error \(started)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw DifferentialFailure("waitpid failed: error \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import: a signal reads as 128 + its number.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Output(status: exitStatus, stdout: Array(try Data(contentsOf: output)), stderr: Array(try Data(contentsOf: errors)))
    }
}

/// The differential harness itself failed (git missing, a scratch file unwritable): not a
/// disagreement, but no verdict either.
public struct DifferentialFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Writes `bytes` to the file at `url`, replacing it, without the `fsync` that `Data.write`
/// does: scratch files need not survive a crash, and thousands of syncs dominate a run.
/// - Throws: `DifferentialFailure` when the file cannot be written.
func writeScratchFile(_ bytes: [UInt8], to url: URL) throws {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { throw DifferentialFailure("cannot write \(url.path): error \(errno)") }
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { raw in
            Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, bytes.count - written)
        }
        guard count > 0 else { throw DifferentialFailure("cannot write \(url.path): error \(errno)") }
        written += count
    }
}
