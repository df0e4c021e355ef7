import Foundation

/// The machine the numbers were measured on, as printed above the tables.
struct Machine: Sendable {
    /// Online cores, from `nproc`.
    let cores: String
    /// The CPU model, from /proc/cpuinfo.
    let cpu: String
    /// `git --version`.
    let git: String

    /// Asks `nproc`, /proc/cpuinfo and git.
    init(shell: Subprocess, environment: [String: String]) {
        func firstLine(_ program: String, _ arguments: [String]) -> String {
            guard let result = try? shell.run(program, arguments, in: "/", environment: environment), result.status == 0 else { return "unknown" }
            return result.output.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        cores = firstLine("nproc", [])
        git = firstLine("git", ["--version"])
        let info = FileManager.default.contents(atPath: "/proc/cpuinfo").map { String(decoding: $0, as: UTF8.self) } ?? ""
        cpu = info.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// One Markdown line: cores, CPU and git.
    var line: String {
        "Machine: \(cores) cores, \(cpu), \(git)."
    }
}
