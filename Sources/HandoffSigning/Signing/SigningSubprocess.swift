import Foundation
import ProgramRunner

/// Runs the signing programs (ssh-keygen, gpg) with files for stdin, stdout and stderr,
/// so no pipe can fill up and deadlock, inside a private temporary directory.
package struct SigningSubprocess {
    /// What a finished program left behind.
    package typealias Outcome = ProgramRunner.Outcome

    /// A fresh private directory for one signing run; remove it with `removeWorkDirectory`.
    package static func makeWorkDirectory() throws(SigningError) -> URL {
        do {
            return try ProgramRunner.makeScratchFolder()
        } catch {
            throw SigningError("cannot create a temporary directory for signing: \(error.message)")
        }
    }

    /// Deletes a directory made by `makeWorkDirectory`, ignoring failures.
    package static func removeWorkDirectory(_ url: URL) {
        ProgramRunner.removeScratchFolder(url)
    }

    /// Writes `bytes` to `url`, readable only by the owner.
    package static func write(_ bytes: [UInt8], to url: URL) throws(SigningError) {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw SigningError("cannot write the temporary file \(url.path) needed for signing")
        }
    }

    /// Runs `program` (a path, or a name looked up in the environment's PATH) with `arguments`,
    /// exactly `environment`, and `stdin` (or nothing) as input, in `directory`; waits for it.
    /// - Throws: `SigningError` when the program cannot be found or started; `setting` says
    ///   which setting names it ("gpg.ssh.program").
    package static func run(_ program: String, _ arguments: [String], environment: [String: String], stdin: [UInt8]?, in directory: URL, setting: String) throws(SigningError) -> Outcome {
        let path = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        guard let executable = ProgramRunner.resolve(program, path: path) else {
            throw SigningError(program.contains("/")
                ? "\(program) is not an executable file; check \(setting)"
                : "cannot find \(program) in PATH (\(path)); install it or set \(setting) to its full path")
        }
        do {
            return try ProgramRunner.run(executable, arguments, environment: environment, directory: directory.path, stdin: stdin, scratch: directory)
        } catch {
            throw SigningError("\(error.message); check \(setting)")
        }
    }
}

extension ProgramRunner.Outcome {
    /// The first non-empty stderr line that `keep` accepts, or a fallback naming the exit status.
    package func firstErrorLine(where keep: (String) -> Bool = { _ in true }) -> String {
        stderrLines.first(where: keep) ?? noErrorText
    }

    /// What to say when the program printed nothing useful.
    package var noErrorText: String {
        "it exited with status \(status) and printed no error"
    }
}
