import Foundation

/// A reference repository of one size, kept in the cache folder between runs and never changed
/// once built: `<cache>/<size>/repo`, the people's homes in `<cache>/<size>/people`, and
/// `manifest.json`, written last.
struct ReferenceRepository: Sendable {
    /// The size it was built for.
    let size: BenchSize
    /// `<cache>/<size>`.
    let folder: String
    /// The team; the first person is the admin who ran `handoff init`.
    let people: [Person]
    /// What the build recorded.
    let manifest: ReferenceManifest

    /// The working tree of the repository.
    var repository: String { folder + "/repo" }

    /// The cached repository of `size`, built first when missing, incomplete or outdated.
    /// - Throws: `BenchError` or `HandoffError` when building fails.
    static func prepare(_ size: BenchSize, cache: String, handoffBinary: String, shell: Subprocess) throws -> ReferenceRepository {
        let folder = "\(cache)/\(size.name)"
        let people = (1...size.people).map { Person(index: $0, folder: folder + "/people") }
        if let manifest = ReferenceManifest.load(folder + "/manifest.json"), manifest.tasks == size.tasks,
            manifest.handoffCommits == size.handoffCommits, manifest.people == size.people {
            log("Using the cached \(size.name) reference repository in \(folder) (built in \(Format.seconds(manifest.buildSeconds))).")
            return ReferenceRepository(size: size, folder: folder, people: people, manifest: manifest)
        }
        log("Building the \(size.name) reference repository in \(folder): \(size.people) people, \(size.tasks) tasks, \(size.handoffCommits) handoff commits…")
        if FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.removeItem(atPath: folder)
        }
        try FileManager.default.createDirectory(atPath: folder + "/people", withIntermediateDirectories: true)
        let stopwatch = Stopwatch()
        var builder = ReferenceBuilder(size: size, repository: folder + "/repo", people: people, shell: shell)
        let built = try builder.build(handoffBinary: handoffBinary)
        let manifest = ReferenceManifest(
            version: ReferenceManifest.currentVersion, size: size.name, people: size.people, tasks: size.tasks,
            handoffCommits: size.handoffCommits, commits: built.commits, busiestTask: built.busiestTask,
            busiestTaskPath: built.busiestTaskPath, busiestTaskHandoffs: built.busiestTaskHandoffs,
            buildSeconds: stopwatch.seconds)
        try manifest.save(folder + "/manifest.json")
        log("Built in \(Format.seconds(manifest.buildSeconds)): \(manifest.commits) commits.")
        return ReferenceRepository(size: size, folder: folder, people: people, manifest: manifest)
    }
}

/// Writes a progress line to standard error (the tables go to standard output).
func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
