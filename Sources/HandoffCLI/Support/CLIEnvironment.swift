import Foundation
import HandoffCore

/// Where output goes: the process's stdout/stderr, or buffers a test reads.
public final class OutputSink: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: (out: String, err: String)?

    /// A sink that writes to the process's standard output and error.
    public static func standard() -> OutputSink { OutputSink(capturing: false) }

    /// A sink that keeps everything for a test to read.
    public static func capturing() -> OutputSink { OutputSink(capturing: true) }

    private init(capturing: Bool) {
        captured = capturing ? ("", "") : nil
    }

    /// Writes one line of data to standard output.
    public func line(_ text: String) {
        write(text + "\n", error: false)
    }

    /// Writes lines of data to standard output, all in one write: a table of thousands of
    /// tasks is one system call rather than one a line.
    public func lines(_ texts: [String]) {
        var text = ""
        text.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in texts {
            text += line
            text += "\n"
        }
        write(text, error: false)
    }

    /// Writes one line of diagnostics to standard error.
    public func diagnostic(_ text: String) {
        write(text + "\n", error: true)
    }

    /// True when standard output is a terminal (never for a capturing sink): where colour may go.
    public var isTerminal: Bool { lock.withLock { captured == nil } && isatty(STDOUT_FILENO) == 1 }

    /// What was written to standard output (capturing sinks only).
    public var standardOutput: String { lock.withLock { captured?.out ?? "" } }
    /// What was written to standard error (capturing sinks only).
    public var standardError: String { lock.withLock { captured?.err ?? "" } }

    /// Why writing to standard output failed (a full disk, a closed pipe), once it has; later
    /// output is dropped rather than crashing the process.
    public var outputFailure: String? { lock.withLock { failures[STDOUT_FILENO] } }

    private var failures = [Int32: String]()

    private func write(_ text: String, error: Bool) {
        lock.withLock {
            if captured != nil {
                if error { captured?.err += text } else { captured?.out += text }
                return
            }
            let descriptor = error ? STDERR_FILENO : STDOUT_FILENO
            guard failures[descriptor] == nil else { return }
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    failures[descriptor] = String(cString: strerror(errno))
                    return
                }
                bytes = bytes.dropFirst(written)
            }
        }
    }
}

/// What a running command needs from outside: its context and its output. Set per invocation as a
/// task-local, so tests can run many commands at once in one process.
struct CLIEnvironment: Sendable {
    let context: HandoffContext
    let output: OutputSink

    @TaskLocal static var current = CLIEnvironment(
        context: HandoffContext(
            directory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment),
        output: .standard())

    /// The commands for this invocation's context.
    static var handoff: Handoff { Handoff(context: current.context) }
    /// This invocation's output.
    static var output: OutputSink { current.output }
}
