import Foundation
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// The binary carries `templates/` and `hooks/` byte for byte, so an installed `handoff` needs
/// no files beside it; a file added to those folders but not embedded fails here.
@Suite struct EmbeddedFilesTests {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every template in templates/ is embedded byte for byte")
    func templates() throws {
        let folder = root.appendingPathComponent("templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "ci" && $0 != "workflows" }.sorted()
        #expect(files == Templates.all.map(\.name).sorted())
        for template in Templates.all {
            #expect(Array(try Data(contentsOf: folder.appendingPathComponent(template.name))) == template.contents, "\(template.name)")
        }
    }

    @Test("every workflow template in templates/workflows/ is embedded byte for byte")
    func workflowTemplates() throws {
        let folder = root.appendingPathComponent("templates/workflows")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == WorkflowTemplate.all.map { $0.name + ".yml" }.sorted())
        for template in WorkflowTemplate.all {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(template.name + ".yml"))
            #expect(String(decoding: bytes, as: UTF8.self) == template.text, "\(template.name)")
        }
    }

    @Test("every hook in hooks/ is embedded byte for byte")
    func hooks() throws {
        let folder = root.appendingPathComponent("hooks")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == (HookScripts.client + HookScripts.server).sorted())
        for name in files {
            #expect(Array(try Data(contentsOf: folder.appendingPathComponent(name))) == HookScripts.script(name), "\(name)")
        }
    }
}
