import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one finished child process left: exit status, wall time, peak memory and output.
struct ProcessResult: Sendable {
    /// The exit status (128 + signal number when killed by a signal).
    let status: Int32
    /// Wall-clock time from spawn to reaping.
    let seconds: Double
    /// Peak resident memory in kilobytes of the child and the descendants it waited for, when
    /// it ran under `/usr/bin/time -f %M` (see `Subprocess.peakMemory`); nil otherwise.
    let peakKilobytes: Int?
    /// Standard output.
    let output: String
    /// Standard error.
    let errors: String
}

/// Runs programs with `posix_spawn` and times them from spawn to reaping, with no wrapper in
/// between. Peak memory needs one: `posix_spawn` starts the child inside this process's memory
/// (vfork), and the kernel then counts the benchmark's own resident size as the child's peak, so
/// memory is measured on separate runs under `/usr/bin/time -f %M`, whose own size is tiny.
struct Subprocess: Sendable {
    /// GNU time, when installed (Debian package `time`).
    static let timeProgram = "/usr/bin/time"

    /// A folder for the children's output files.
    let scratch: String

    /// Runs `program` (a path, or a name looked up in PATH) in `directory` with exactly
    /// `environment`; stdin is /dev/null.
    /// - Throws: `BenchError` when the program cannot be found or started (a failing exit is returned).
    func run(_ program: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> ProcessResult {
        let executable = try Self.locate(program, path: environment["PATH"])
        let outputPath = scratch + "/stdout"
        let errorPath = scratch + "/stderr"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let entered = Self.addChdir(&actions, directory)
        guard entered == 0 else {
            throw BenchError("cannot start a process in \(directory): \(String(cString: strerror(entered)))")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let start = Stopwatch()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(executable) failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = start.seconds
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(
            status: exitStatus, seconds: seconds, peakKilobytes: nil,
            output: Self.text(outputPath), errors: Self.text(errorPath))
    }

    /// Runs `program` once under `/usr/bin/time -f %M`; the result's `peakKilobytes` is the peak
    /// resident memory of the program and the processes it waited for. Nil when GNU time is not
    /// installed (then the program is not run). Its time includes the wrapper's, so it is only
    /// used for memory.
    /// - Throws: `BenchError` when the program cannot be started.
    func peakMemory(_ program: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> ProcessResult? {
        guard FileManager.default.isExecutableFile(atPath: Self.timeProgram) else { return nil }
        let report = scratch + "/peak-memory"
        let executable = try Self.locate(program, path: environment["PATH"])
        let result = try run(Self.timeProgram, ["-f", "%M", "-o", report, executable] + arguments, in: directory, environment: environment)
        let text = Self.text(report).split(separator: "\n").last.map(String.init) ?? ""
        return ProcessResult(
            status: result.status, seconds: result.seconds, peakKilobytes: Int(text.trimmingCharacters(in: .whitespaces)),
            output: result.output, errors: result.errors)
    }

    /// Runs `program` and fails unless it exits 0.
    /// - Throws: `BenchError` quoting the program's error output.
    @discardableResult
    func check(_ program: String, _ arguments: [String], in directory: String, environment: [String: String]) throws -> ProcessResult {
        let result = try run(program, arguments, in: directory, environment: environment)
        guard result.status == 0 else {
            throw BenchError("\(program) \(arguments.joined(separator: " ")) exited \(result.status) in \(directory):\n\(result.errors)\(result.output.suffix(2_000))")
        }
        return result
    }

    /// The absolute path of `program`: itself when it contains a slash, else the first match in `path`.
    /// - Throws: `BenchError` when it is not found.
    static func locate(_ program: String, path: String?) throws -> String {
        if program.contains("/") { return program }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError("\(program) is not installed (not found in PATH)")
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not
    /// show: the child starts in the folder without the benchmark changing its own.
    private static let addChdir: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            return { _, _ in ENOSYS }
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()

    private static func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
