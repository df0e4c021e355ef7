import Foundation

/// A hooks folder whose pre-commit runs handoff's pre-commit hook and appends its start and end
/// times to a log, so the hook process can be timed inside a real `git commit`. bash's
/// `EPOCHREALTIME` reads the clock without starting a process; the times cover the hook script
/// and the `handoff hook pre-commit` it starts.
struct HookStopwatch: Sendable {
    /// The hooks folder (for `core.hooksPath`).
    let folder: String
    /// Where each run appends `start end` in seconds.
    let log: String

    /// Writes the timing pre-commit into `folder`, wrapping the hook script at `hook`.
    /// - Throws: when the folder or script cannot be written.
    init(folder: String, wrapping hook: String) throws {
        self.folder = folder
        log = folder + "/times"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            #!/bin/bash
            # Times handoff's pre-commit hook inside git commit (written by handoff-bench).
            start=$EPOCHREALTIME
            '\(hook)' "$@"
            status=$?
            echo "$start $EPOCHREALTIME" >> '\(log)'
            exit $status

            """
        let path = folder + "/pre-commit"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// The hook runs logged so far, in seconds.
    func samples() -> Samples {
        var samples = Samples()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let times = line.split(separator: " ").compactMap { Double($0) }
            if times.count == 2 { samples.add(seconds: times[1] - times[0]) }
        }
        return samples
    }
}
