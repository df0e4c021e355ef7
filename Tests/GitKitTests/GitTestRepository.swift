import Foundation
@testable import GitKit
import TestSupport
import Testing

/// A temporary repository made by real git, with an isolated HOME and a fixed identity, for
/// checking GitKit against what git itself says.
final class GitTestRepository {
    /// The temporary folder holding the repository and HOME.
    let root: URL
    /// The repository's working tree.
    let path: String
    /// The environment every git call runs with.
    let environment: [String: String]

    /// `git init -b main` in a fresh temporary folder.
    init(bare: Bool = false) throws {
        root = try TestKeys.temporaryDirectory()
        path = root.appendingPathComponent("repo").path
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        environment = TestKeys.environment(home: home, [
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Tess Tester", "GIT_AUTHOR_EMAIL": "tess@example.com",
            "GIT_COMMITTER_NAME": "Tess Tester", "GIT_COMMITTER_EMAIL": "tess@example.com",
        ])
        try TestKeys.check(
            TestKeys.run("git", ["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []) + [path], environment: environment),
            "git init")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Opens the repository with GitKit.
    func open() throws -> Repository {
        try Repository.open(at: path)
    }

    /// Runs git in the repository.
    @discardableResult
    func git(_ arguments: [String], stdin: [UInt8] = []) throws -> TestKeys.Output {
        try TestKeys.run("git", ["-C", path] + arguments, environment: environment, stdin: stdin)
    }

    /// Runs git and returns its stdout, failing when git fails.
    func gitText(_ arguments: [String], stdin: [UInt8] = []) throws -> String {
        let output = try git(arguments, stdin: stdin)
        try TestKeys.check(output, "git \(arguments.joined(separator: " "))")
        return output.stdoutText
    }

    /// Makes an empty commit with real git and returns its id.
    @discardableResult
    func commitWithGit(_ message: String) throws -> ObjectID {
        _ = try gitText(["commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", message])
        return try resolve("HEAD")
    }

    /// The id git resolves `revision` to.
    func resolve(_ revision: String) throws -> ObjectID {
        let hex = try gitText(["rev-parse", "--verify", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(ObjectID(hex: hex))
    }

    /// Writes `text` to `relative` inside the working tree.
    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
