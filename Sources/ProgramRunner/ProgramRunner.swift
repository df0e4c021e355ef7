import Foundation

/// Runs outside programs — git for remotes, ssh-keygen and gpg for signatures, the user's
/// editor — the one place handoff starts a process.
///
/// Captured output goes to files in a private scratch folder, so no pipe can fill up and
/// deadlock; the wait returns when the process exits (a termination handler), where
/// `Process.waitUntilExit` polls its run loop and returns about 30 ms late.
public enum ProgramRunner {
    /// What a finished program left behind.
    public struct Outcome: Sendable {
        /// The exit status, or 128 plus the signal's number when a signal ended it, as a shell
        /// reports it.
        public let status: Int32
        /// The signal that ended it, if one did.
        public let signal: Int32?
        /// Everything it wrote to standard output.
        public let stdout: [UInt8]
        /// Everything it wrote to standard error.
        public let stderr: [UInt8]

        /// The non-empty lines of standard error, trimmed.
        public var stderrLines: [String] {
            String(decoding: stderr, as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }

    /// Why a program could not be run (as opposed to running and failing).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// One line saying what went wrong.
        public let message: String

        public var description: String { message }
    }

    /// The executable `program` names: itself when it contains a slash, else the first
    /// executable file of that name in `path` (a `PATH` value); nil when there is none.
    public static func resolve(_ program: String, path: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` (a path) with `arguments`, exactly `environment`, in `directory`,
    /// with `stdin` (nil: nothing) as input, and waits for it; its output is captured.
    /// - Parameter scratch: a private folder for the files that carry input and output; one is
    ///   made (and removed) when nil.
    /// - Throws: `Failure` when the program cannot be started or its files cannot be made.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String,
        stdin: [UInt8]? = nil, scratch: URL? = nil
    ) throws(Failure) -> Outcome {
        let folder: URL
        if let scratch { folder = scratch } else { folder = try makeScratchFolder() }
        defer { if scratch == nil { removeScratchFolder(folder) } }
        let input = folder.appendingPathComponent("stdin")
        let output = folder.appendingPathComponent("stdout")
        let errors = folder.appendingPathComponent("stderr")
        for (url, bytes) in [(input, stdin ?? []), (output, []), (errors, [])] {
            guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw Failure(message: "cannot write the temporary file \(url.path)")
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        do {
            let inputHandle = try FileHandle(forReadingFrom: input)
            let outputHandle = try FileHandle(forWritingTo: output)
            let errorHandle = try FileHandle(forWritingTo: errors)
            defer {
                try? inputHandle.close()
                try? outputHandle.close()
                try? errorHandle.close()
            }
            process.standardInput = inputHandle
            process.standardOutput = outputHandle
            process.standardError = errorHandle
            try start(process)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(message: "cannot run \(executable): \(error.localizedDescription)")
        }
        let stdout = (try? Data(contentsOf: output)).map { Array($0) } ?? []
        let stderr = (try? Data(contentsOf: errors)).map { Array($0) } ?? []
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Outcome(status: signal.map { 128 + $0 } ?? process.terminationStatus, signal: signal, stdout: stdout, stderr: stderr)
    }

    /// Runs `executable` attached to this process's terminal (standard input, output and error
    /// shared), as an editor needs, and waits for it.
    /// - Returns: its exit status (128 plus the signal's number when a signal ended it).
    /// - Throws: `Failure` when it cannot be started.
    public static func runAttached(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws(Failure) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try start(process)
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// A fresh folder only this user can read, for one run's files.
    /// - Throws: `Failure` when it cannot be made.
    public static func makeScratchFolder() throws(Failure) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Failure(message: "cannot create a temporary folder at \(url.path): \(error.localizedDescription)")
        }
        return url
    }

    /// Deletes a folder made by `makeScratchFolder`; a failure leaves only a temporary folder.
    public static func removeScratchFolder(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Starts `process` and returns once it has exited.
    private static func start(_ process: Process) throws(Failure) {
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot run \(process.executableURL?.path ?? "a program"): \(error.localizedDescription)")
        }
        exited.wait()
    }
}
