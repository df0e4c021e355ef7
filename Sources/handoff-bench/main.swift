import Foundation

/// handoff-bench: builds reference repositories (cached), then times handoff against what a user
/// would do with plain git on the same data, and prints one Markdown table per size.
enum BenchMain {
    /// This executable's real path.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "handoff-bench").standardizedFileURL.path
    }

    /// The folder holding Package.swift above the build folder, else the current directory.
    static func packageRoot(from binary: String) -> String {
        var folder = URL(fileURLWithPath: binary).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder.path }
            folder.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    static func run() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(Options.usage)
            return
        }
        let binary = executable
        let options = try Options(arguments: arguments, packageRoot: packageRoot(from: binary))
        let handoffBinary = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("handoff").path
        guard FileManager.default.isExecutableFile(atPath: handoffBinary) else {
            throw BenchError("no handoff binary beside this one (\(handoffBinary)); build it first: swift build -c release --product handoff")
        }
        let scratch = options.cache + "/.scratch-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let shell = Subprocess(scratch: scratch)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "LANG": "C"]

        print("## handoff-bench\n")
        print(Machine(shell: shell, environment: environment).line)
        let built = (try? FileManager.default.attributesOfItem(atPath: handoffBinary)[.modificationDate] as? Date).map { " (built \($0))" } ?? ""
        print("Command: `handoff-bench \(arguments.joined(separator: " "))`; handoff binary \(handoffBinary)\(built).\n")
        for size in options.sizes {
            let reference = try ReferenceRepository.prepare(size, cache: options.cache, handoffBinary: handoffBinary, shell: shell)
            log("Measuring \(size.name) (\(options.runs) runs each)…")
            let bench = try Workbench(reference: reference, handoffBinary: handoffBinary, shell: shell)
            defer { bench.remove() }
            var comparisons = Comparisons(
                reference: reference, bench: bench, handoffBinary: handoffBinary, shell: shell, runs: options.runs, cache: options.cache)
            print(try comparisons.table().markdown)
            print("")
        }
    }
}

do {
    try BenchMain.run()
} catch {
    log("handoff-bench: \(error)")
    exit(1)
}
