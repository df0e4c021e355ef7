import Foundation

/// Runs the signing programs (ssh-keygen, gpg) with files for stdin, stdout and stderr,
/// so no pipe can fill up and deadlock, inside a private temporary directory.
package struct SigningSubprocess {
    /// What a finished program left behind.
    package struct Outcome {
        /// The exit status (or the signal number when it was killed).
        package let status: Int32
        /// Everything written to stdout.
        package let stdout: [UInt8]
        /// Everything written to stderr.
        package let stderr: [UInt8]

        /// The non-empty stderr lines, trimmed.
        var stderrLines: [String] {
            String(decoding: stderr, as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }

        /// The first non-empty stderr line that `keep` accepts, or a fallback naming the exit status.
        package func firstErrorLine(where keep: (String) -> Bool = { _ in true }) -> String {
            stderrLines.first(where: keep) ?? noErrorText
        }

        /// What to say when the program printed nothing useful.
        var noErrorText: String {
            "it exited with status \(status) and printed no error"
        }
    }

    /// A fresh private directory for one signing run; remove it with `removeWorkDirectory`.
    package static func makeWorkDirectory() throws(SigningError) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("handoff-sign-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SigningError("cannot create a temporary directory for signing at \(url.path): \(error.localizedDescription)")
        }
        return url
    }

    /// Deletes a directory made by `makeWorkDirectory`, ignoring failures.
    package static func removeWorkDirectory(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `bytes` to `url`, readable only by the owner.
    package static func write(_ bytes: [UInt8], to url: URL) throws(SigningError) {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw SigningError("cannot write the temporary file \(url.path) needed for signing")
        }
    }

    /// Runs `program` (a path, or a name looked up in the environment's PATH) with `arguments`,
    /// exactly `environment`, and `stdin` (or /dev/null) as input; waits for it to finish.
    /// - Throws: `SigningError` when the program cannot be found or started; `setting` says
    ///   which setting names it ("gpg.ssh.program").
    package static func run(_ program: String, _ arguments: [String], environment: [String: String], stdin: [UInt8]?, in directory: URL, setting: String) throws(SigningError) -> Outcome {
        let executable = try resolve(program, environment: environment, setting: setting)
        let inputURL = directory.appendingPathComponent("stdin")
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try write(stdin ?? [], to: inputURL)
        try write([], to: outputURL)
        try write([], to: errorURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        do {
            let input = try FileHandle(forReadingFrom: inputURL)
            let output = try FileHandle(forWritingTo: outputURL)
            let errors = try FileHandle(forWritingTo: errorURL)
            defer {
                try? input.close()
                try? output.close()
                try? errors.close()
            }
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
        } catch {
            throw SigningError("cannot run \(executable.path): \(error.localizedDescription); check \(setting)")
        }
        let stdout = (try? Data(contentsOf: outputURL)).map { Array($0) } ?? []
        let stderr = (try? Data(contentsOf: errorURL)).map { Array($0) } ?? []
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// The executable for `program`: itself when it contains a slash, else the first match in PATH.
    private static func resolve(_ program: String, environment: [String: String], setting: String) throws(SigningError) -> URL {
        let fileManager = FileManager.default
        if program.contains("/") {
            guard fileManager.isExecutableFile(atPath: program) else {
                throw SigningError("\(program) is not an executable file; check \(setting)")
            }
            return URL(fileURLWithPath: program)
        }
        let path = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if fileManager.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate)
            }
        }
        throw SigningError("cannot find \(program) in PATH (\(path)); install it or set \(setting) to its full path")
    }
}
