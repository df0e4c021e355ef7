import Foundation
import TestSupport
import Testing

/// The built `handoff` binary, run as a user runs it.
@Suite struct DemoEndToEndTests {
    /// The `handoff` executable SwiftPM built next to the tests, or nil when there is none.
    static let binary: String? = {
        var candidates = [String]()
        // The test runner lives in the build folder (e.g. .build/x86_64-unknown-linux-gnu/debug).
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("handoff").path)
            directory.deleteLastPathComponent()
        }
        // The package root is three levels above this file: Tests/HandoffCLITests/<file>.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/handoff").path)
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }()

    @Test(
        "handoff demo runs end to end and git verifies bob's signature",
        .enabled(if: binary != nil, "the handoff binary was not built next to the tests; run swift build first"))
    func demo() throws {
        let binary = try #require(Self.binary)
        let scratch = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let environment = TestKeys.environment(home: scratch, ["TMPDIR": scratch.path, "GIT_CONFIG_NOSYSTEM": "1"])
        let output = try TestKeys.run(binary, ["demo"], environment: environment, currentDirectory: scratch)
        #expect(output.status == 0, "stderr: \(output.stderrText)")
        #expect(output.stdoutText.contains("Good \"git\" signature for bob@example.com"), "stdout: \(output.stdoutText)")
        #expect(output.stdoutText.contains("handoff: accept"))
    }
}
