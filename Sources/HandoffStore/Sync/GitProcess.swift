import Foundation
import HandoffModel
import ProgramRunner

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

    /// Runs `git` with `arguments` and waits for it (through `ProgramRunner`, whose output
    /// files no pipe can fill).
    /// - Throws: `HandoffError.environment` when git cannot be found or started.
    func run(_ arguments: [String]) throws(HandoffError) -> Output {
        let executable = try gitExecutable()
        let outcome: ProgramRunner.Outcome
        do {
            outcome = try ProgramRunner.run(executable, arguments, environment: environment, directory: directory)
        } catch {
            throw .environment("cannot run \(executable) \(arguments.first ?? ""): \(error.message)", cause: error)
        }
        return Output(
            status: outcome.status, signal: outcome.signal,
            stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: String(decoding: outcome.stderr, as: UTF8.self))
    }

    private func gitExecutable() throws(HandoffError) -> String {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if let found = ProgramRunner.resolve("git", path: path) { return found }
        throw .environment("cannot find git in PATH (\(path)); handoff sync runs git fetch and git push, so install git")
    }
}
