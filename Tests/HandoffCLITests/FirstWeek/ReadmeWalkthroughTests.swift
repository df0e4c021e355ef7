import Foundation
import HandoffCore
import TestSupport
import Testing

/// The README's walkthrough, run as written: its shell blocks, from an empty server to the
/// second person's accept, each by its own person with their own HOME and key. The only
/// substitutions: the server's folder, and the ID `handoff new` printed for the one the README
/// shows.
@Suite struct ReadmeWalkthroughTests {
    /// The `sh` blocks of the README section `heading`.
    private static func shellBlocks(under heading: String) throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "\n" + heading + "\n"))
        let section = readme[start.upperBound...].components(separatedBy: "\n## ").first ?? ""
        return section.components(separatedBy: "```sh\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
    }

    @Test("the walkthrough runs as written: server, Alice's set-up and first push, Bob's clone and accept")
    func walkthroughRuns() throws {
        let blocks = try Self.shellBlocks(under: "## A real handoff between two people")
        try #require(blocks.count == 3, "server, Alice, Bob: \(blocks)")
        let root = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = root.appendingPathComponent("srv").path
        let binaries = URL(fileURLWithPath: TestTeam.handoffBinary).deletingLastPathComponent().path
        let editor = root.appendingPathComponent("editor.sh")
        try Data("#!/bin/sh\ncat > \"$1\" <<'BRIEF'\n\(TestBriefs.completeMarkdown)\nBRIEF\n".utf8).write(to: editor)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
        func person(_ name: String) throws -> (home: URL, environment: [String: String]) {
            let home = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: home.appendingPathComponent(".ssh"), withIntermediateDirectories: true)
            let key = try TestKeys.ed25519(in: home.appendingPathComponent(".ssh"), name: "id_ed25519", comment: "\(name)@example.com")
            #expect(key.privateKeyPath == home.path + "/.ssh/id_ed25519")
            var environment = TestKeys.environment(home: home, ["GIT_CONFIG_NOSYSTEM": "1", "EDITOR": editor.path])
            environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            return (home, environment)
        }
        let alice = try person("alice"), bob = try person("bob")
        try FileManager.default.copyItem(atPath: bob.home.path + "/.ssh/id_ed25519.pub", toPath: alice.home.path + "/bob.pub")
        func run(_ block: String, as who: (home: URL, environment: [String: String]), id: String? = nil) throws -> String {
            var script = block.replacingOccurrences(of: "/srv/git", with: server)
            if let id { script = script.replacingOccurrences(of: "HO-7K3QX", with: id).replacingOccurrences(of: "HO-7K3 ", with: id + " ") }
            let output = try TestKeys.run("sh", ["-e", "-c", script], environment: who.environment, currentDirectory: who.home)
            #expect(output.status == 0, "\(script)\n\(output.stdoutText)\(output.stderrText)")
            return output.stdoutText
        }
        try FileManager.default.createDirectory(atPath: server, withIntermediateDirectories: true)
        _ = try run(blocks[0], as: alice)
        // Alice's block up to `handoff new`, which prints the ID the rest of the walkthrough uses.
        let aliceLines = blocks[1].components(separatedBy: "\n")
        let newLine = try #require(aliceLines.firstIndex { $0.hasPrefix("handoff new ") })
        let printed = try run(aliceLines[...newLine].joined(separator: "\n"), as: alice)
        let id = try #require(printed.split(separator: "\n").last.map(String.init))
        #expect(id.hasPrefix("HO-"))
        _ = try run("cd team\n" + aliceLines[(newLine + 1)...].joined(separator: "\n"), as: alice, id: id)
        let accepted = try run(blocks[2], as: bob, id: id)
        #expect(accepted.contains("Accepted \(id)"), "\(accepted)")

        // The server holds Bob's accept, and its history verifies.
        let log = try TestKeys.run("git", ["-C", server + "/tasks.git", "log", "--format=%s", "-1"], environment: alice.environment)
        #expect(log.stdoutText.hasPrefix("handoff: accept \(id)"), "\(log.stdoutText)")
        let verify = try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"], environment: alice.environment,
                                      currentDirectory: URL(fileURLWithPath: server + "/tasks.git"))
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}
