import Foundation

/// Finds `backlog-py` (PyPI `backlog-md-py`): on PATH, or in the benchmark's own virtual
/// environment `<cache>/backlog-venv`, which it makes and installs into on first use when
/// allowed to reach the network.
enum BacklogInstall {
    /// The PyPI package.
    static let package = "backlog-md-py"

    /// The `backlog-py` executable, or why there is none (for the note under the table).
    enum Outcome {
        case found(String)
        case missing(String)
    }

    /// `backlog-py` from PATH or `<cache>/backlog-venv`; when neither has it and `mayInstall`,
    /// `python3 -m venv` and `pip install backlog-md-py` into that folder.
    static func locate(cache: String, mayInstall: Bool, shell: Subprocess, environment: [String: String]) -> Outcome {
        if let onPath = try? Subprocess.locate("backlog-py", path: environment["PATH"]) { return .found(onPath) }
        let venv = cache + "/backlog-venv"
        let program = venv + "/bin/backlog-py"
        if FileManager.default.isExecutableFile(atPath: program) { return .found(program) }
        guard mayInstall else {
            return .missing("backlog-py is not installed and the smoke run does not reach the network "
                + "(`python3 -m venv \(venv) && \(venv)/bin/pip install \(package)` enables the row)")
        }
        log("  installing \(package) into \(venv)…")
        guard let made = try? shell.run("python3", ["-m", "venv", venv], in: cache, environment: environment), made.status == 0 else {
            try? FileManager.default.removeItem(atPath: venv)
            return .missing("`python3 -m venv` failed (Debian: apt-get install python3-venv), so backlog-py could not be installed")
        }
        guard let installed = try? shell.run(venv + "/bin/pip", ["install", "-q", package], in: cache, environment: environment),
            installed.status == 0, FileManager.default.isExecutableFile(atPath: program) else {
            try? FileManager.default.removeItem(atPath: venv)
            return .missing("`pip install \(package)` failed (no network?), so backlog-py could not be installed")
        }
        return .found(program)
    }
}
