import Foundation
import GitKit

/// A bare repository in a temporary folder, for one batch of generated objects: git writes
/// them as they are (`hash-object --literally`), then git and GitKit each read them back.
final class ScratchRepository {
    /// The temporary folder: the repository, git's HOME and the objects' files.
    let root: URL
    /// The bare repository.
    let path: String
    /// git, isolated, with its files in `root`.
    let runner: GitRunner
    private var written = 0

    /// `git init --bare` in a fresh temporary folder.
    /// - Throws: `DifferentialFailure` when git cannot make it.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-differential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        path = root.appendingPathComponent("repo.git").path
        runner = try GitRunner(scratch: root)
        let output = try runner.run(["init", "-q", "--bare", path])
        guard output.status == 0 else { throw DifferentialFailure("git init failed: \(String(decoding: output.stderr, as: UTF8.self))") }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs git in the repository.
    /// - Throws: when git cannot be started.
    func git(_ arguments: [String], stdin: [UInt8] = []) throws -> GitRunner.Output {
        try runner.run(["-C", path] + arguments, stdin: stdin)
    }

    /// Writes `objects` of `type` as they are, with one git process, and returns their ids.
    /// - Throws: `DifferentialFailure` when git refuses the batch.
    func write(_ objects: [[UInt8]], type: String) throws -> [ObjectID] {
        guard !objects.isEmpty else { return [] }
        var paths = [UInt8]()
        for object in objects {
            let file = root.appendingPathComponent("object-\(written)")
            written += 1
            try writeScratchFile(object, to: file)
            paths += Array(file.path.utf8) + [0x0A]
        }
        let output = try git(["hash-object", "-t", type, "-w", "--literally", "--stdin-paths"], stdin: paths)
        let ids = output.stdout.split(separator: 0x0A).compactMap { ObjectID(hex: String(decoding: $0, as: UTF8.self)) }
        guard output.status == 0, ids.count == objects.count else {
            throw DifferentialFailure("git hash-object wrote \(ids.count) of \(objects.count) \(type)s: \(String(decoding: output.stderr, as: UTF8.self))")
        }
        return ids
    }

    /// What `git fsck --strict` reports about each object's own content, by its id: the
    /// `error in <type> <id>: <msgId>: …` lines (under `--strict` every warning is an error;
    /// what it still prints as `warning in …` are its infos, such as a `.gitignore` symlink). Lines about links between
    /// the batch's objects are left out: `broken links` and `object … is a blob, not a tree`
    /// (one id used as two kinds across unrelated generated trees), and the `.gitmodules` and
    /// `.gitattributes` checks git reports under the id of the object an entry points to.
    /// - Throws: when git cannot be started.
    func fsckProblems() throws -> [ObjectID: [String]] {
        let output = try git(["fsck", "--strict", "--no-dangling", "--no-progress", "--no-reflogs"])
        var problems = [ObjectID: [String]]()
        for line in (output.stdout + [0x0A] + output.stderr).split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("error in ") else { continue }
            let words = text.split(separator: " ", maxSplits: 4)
            guard words.count == 5, words[3].hasSuffix(":"), let id = ObjectID(hex: String(words[3].dropLast())) else {
                problems[.zero, default: []].append(text)
                continue
            }
            let message = String(words[4])
            let messageID = message.prefix { $0 != ":" }
            guard message != "broken links", !Self.linkChecks.contains(String(messageID)) else { continue }
            problems[id, default: []].append(text)
        }
        return problems
    }

    /// fsck's checks of the object a tree entry points to, reported under that object's id.
    private static let linkChecks: Set<String> = [
        "gitmodulesBlob", "gitmodulesMissing", "gitmodulesLarge", "gitmodulesParse",
        "gitattributesBlob", "gitattributesMissing", "gitattributesLarge",
    ]
}
