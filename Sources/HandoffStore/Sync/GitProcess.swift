import Foundation
import HandoffModel

/// Runs the `git` program for what libgit2 does not do the way users expect: talking to remotes.
/// `git fetch` and `git push` read the user's remotes, `~/.ssh/config`, ssh-agent, credential
/// helpers, `insteadOf` rewrites and proxies; libgit2 would need all of that re-implemented.
package struct GitProcess {
    /// What a finished `git` left behind.
    struct Output {
        /// Its exit status (non-zero when a signal ended it).
        let status: Int32
        /// The signal that ended it, or nil when it exited.
        var signal: Int32? = nil
        /// Its standard output.
        let stdout: String
        /// Its standard error.
        let stderr: String

        /// The non-empty lines of standard error, and how git ended when a signal ended it (a
        /// killed git says nothing itself).
        var errorLines: [String] {
            let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let signal else { return lines }
            return lines + ["git was ended by signal \(signal) (\(String(cString: strsignal(signal))))"]
        }
    }

    /// The working tree (or git directory) git runs in.
    let directory: String
    /// The environment git gets.
    let environment: [String: String]

    /// Runs git in `directory` with exactly `environment`.
    package init(directory: String, environment: [String: String]) {
        self.directory = directory
        self.environment = environment
    }

    /// Runs `git` with `arguments` and waits for it; output goes to temporary files, so no pipe fills up.
    /// - Throws: `HandoffError.environment` when git cannot be found or started.
    func run(_ arguments: [String]) throws(HandoffError) -> Output {
        let executable = try gitExecutable()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-git-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .environment("cannot create a temporary directory at \(scratch.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else {
            throw .environment("cannot create files for git's output in \(scratch.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        do {
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            defer {
                try? out.close()
                try? err.close()
            }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
        } catch {
            throw .environment("cannot run \(executable) \(arguments.first ?? ""): \(error.localizedDescription)")
        }
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if process.terminationReason == .uncaughtSignal {
            return Output(status: 128 + process.terminationStatus, signal: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    private func gitExecutable() throws(HandoffError) -> String {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw .environment("cannot find git in PATH (\(path)); handoff sync runs git fetch and git push, so install git")
    }
}
