import Foundation

/// A Python server script run on 127.0.0.1 for the loopback fixtures: it is written into a
/// scratch folder and started as `python3 server.py RECORDS PORT`; it prints the port it listens
/// on once it is ready, stores what it receives as files in `records`, and exits when its stdin
/// reaches EOF or its parent dies, so a crashed test run leaves no listener.
///
/// Not thread-safe: one test drives one server.
final class LoopbackPythonServer {
    /// The scratch folder: the script, its log (`server.log`) and `records`.
    let folder: URL
    /// Where the script stores what it receives, one JSON file each, and reads its flag files.
    let records: URL
    /// The port it listens on; the same after `restart()`.
    private(set) var port = 0
    private let script: URL
    private var running: (process: Process, exited: DispatchSemaphore, stdin: Pipe, stdout: Pipe)?

    /// Debian's python3, where `apt-get install python3-aiosmtpd` puts aiosmtpd, before any
    /// python3 earlier in PATH (pyenv's, a virtualenv's) that would not see it.
    static func python() throws -> String {
        let debian = "/usr/bin/python3"
        return FileManager.default.isExecutableFile(atPath: debian) ? debian : try TestKeys.executable("python3")
    }

    /// What every script starts with: `exit_with_parent()`, which the scripts call before they
    /// listen, and which ends the script when its stdin reaches EOF or its parent process dies,
    /// so a crashed test run leaves no listener.
    static let exitWithParent = #"""
    import os as _os, sys as _sys, threading as _threading, time as _time
    _parent = _os.getppid()

    def exit_with_parent():
        _threading.Thread(target=lambda: (_sys.stdin.buffer.read(), _os._exit(0)), daemon=True).start()
        def watch():
            while _os.getppid() == _parent:
                _time.sleep(0.2)
            _os._exit(0)
        _threading.Thread(target=watch, daemon=True).start()

    """#

    /// Writes `source` into a new scratch folder and starts it on a free port.
    /// - Throws: `TestKeys.Failure` with the script's log when it does not start listening.
    init(source: String) throws {
        folder = try TestKeys.temporaryDirectory()
        records = folder.appendingPathComponent("records", isDirectory: true)
        script = folder.appendingPathComponent("server.py")
        do {
            try FileManager.default.createDirectory(at: records, withIntermediateDirectories: false)
            try (Self.exitWithParent + source).write(to: script, atomically: true, encoding: .utf8)
            port = try start(port: 0)
        } catch {
            remove()
            throw error
        }
    }

    /// Kills the script (SIGKILL) and waits for it to exit; its port is then closed. The records
    /// stay. Safe to call twice.
    func stop() {
        guard let running else { return }
        if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
        running.exited.wait()
        try? running.stdin.fileHandleForWriting.close()
        try? running.stdout.fileHandleForReading.close()
        self.running = nil
    }

    /// Starts the script again on the same port, after `stop()`; does nothing while it runs.
    /// Retries for a few seconds while the port is still taken.
    /// - Throws: `TestKeys.Failure` when it cannot listen on its port again.
    func restart() throws {
        guard running == nil else { return }
        var attempts = 0
        while true {
            do {
                _ = try start(port: port)
                return
            } catch {
                attempts += 1
                guard attempts < 50 else { throw error }
                usleep(100_000)
            }
        }
    }

    /// Stops the script and removes the scratch folder.
    func remove() {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        remove()
    }

    /// The records whose names start with `prefix` and end in ".json", in the order the script
    /// numbered them, each as its bytes. A record being written has a ".tmp" name until renamed.
    func recordFiles(prefix: String) throws -> [Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: records.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }
            .sorted()
        return try names.map { try Data(contentsOf: records.appendingPathComponent($0)) }
    }

    /// Writes `text` into the flag file `name` in `records`, atomically, or removes it when nil.
    func setFlag(_ name: String, _ text: String?) throws {
        let flag = records.appendingPathComponent(name)
        if let text {
            try text.write(to: flag, atomically: true, encoding: .utf8)
        } else if FileManager.default.fileExists(atPath: flag.path) {
            try FileManager.default.removeItem(at: flag)
        }
    }

    /// Polls `read` every 20 ms until it returns at least `count` items or `timeout` seconds pass.
    /// - Throws: `TestKeys.Failure` naming `what` and how many arrived when too few did.
    static func waitFor<Item>(_ count: Int, _ what: String, timeout: Double, _ read: () throws -> [Item]) throws -> [Item] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let items = try read()
            if items.count >= count { return items }
            guard Date() < deadline else {
                throw TestKeys.Failure("expected \(count) \(what) within \(timeout) s, got \(items.count)")
            }
            usleep(20_000)
        }
    }

    /// Starts the script on `port` (0 for a free one) and waits for the port it prints.
    private func start(port: Int) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [script.path, records.path, String(port)]
        process.environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
        ]
        let stdin = Pipe()
        let stdout = Pipe()
        let logURL = folder.appendingPathComponent("server.log")
        if !FileManager.default.fileExists(atPath: logURL.path) { try Data().write(to: logURL) }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        try log.seekToEnd()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = log
        let exited = Process.exitSignal(of: process)
        try process.run()
        running = (process, exited, stdin, stdout)
        let line = firstLine(stdout.fileHandleForReading, timeout: 20)
        guard let line, let listening = Int(line), listening > 0, port == 0 || listening == port else {
            stop()
            let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            throw TestKeys.Failure("\(script.lastPathComponent) did not start listening on 127.0.0.1:\(port) (printed \(line ?? "nothing")):\n\(text)")
        }
        return listening
    }

    /// The first line `handle` gives within `timeout` seconds, without its newline; nil when it
    /// ends or the time runs out first.
    private func firstLine(_ handle: FileHandle, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard left > 0 else { return nil }
            let ready = poll(&descriptor, 1, left)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, read(handle.fileDescriptor, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
