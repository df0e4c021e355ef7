import Foundation
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// `WorkflowReader` reads a workflow in parts (each members entry once) exactly as
/// `Workflow(yaml:)` reads the whole file, or leaves the file to it.
@Suite struct WorkflowReaderTests {
    /// Reads `text` both ways: the same workflow, or both refuse.
    private func expectSame(_ text: String, with reader: WorkflowReader, sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = Result { () throws(HandoffError) in try Workflow(yaml: text) }
        let parts = Result { () throws(HandoffError) in try reader.workflow(yaml: text) }
        switch (whole, parts) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(text)", sourceLocation: sourceLocation)
        case (.failure, .failure): break
        default: Issue.record("whole: \(whole), parts: \(parts)\n\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("versions made by member add and remove, and 3,000 randomly disturbed versions, read the same in parts and whole")
    func sameAsWhole() throws {
        let admin = Workflow.Member(email: "alice@example.com", name: "Alice", stages: ["sales", "support"], admin: true)
        var text = WorkflowFile.initial(prefix: "HO", stages: ["sales", "onboarding", "support"], admin: admin)
        let reader = WorkflowReader()
        var versions = [text]
        for index in 0..<60 {
            let member = Workflow.Member(email: "m\(index)@example.com", name: index % 3 == 0 ? "M \(index)" : nil,
                                         stages: index % 2 == 0 ? ["sales"] : ["onboarding", "support"], admin: index % 7 == 0)
            text = try WorkflowFile.adding(member, to: text)
            if index % 10 == 9 { text = try WorkflowFile.removing("m\(index - 3)@example.com", from: text) }
            versions.append(text)
        }
        for version in versions { expectSame(version, with: reader) }
        #expect(reader.readInParts == versions.count, "the versions handoff writes are read in parts")
        let disturbances = [
            "  # a comment\n", "\n", "  m1@example.com: {stages: [sales], admin: true}\n", "  M1@EXAMPLE.COM: {stages: [sales]}\n",
            "  x@example.com:\n    stages: [sales]\n    admin: true\n", "  y@example.com: &a {stages: [sales]}\n  z@example.com: *a\n",
            "  \"q@example.com\": {stages: [sales], admin: yes}\n", "   w@example.com: {stages: [sales]}\n", "\tt@example.com: {}\n",
            "members: {}\n", "  - v@example.com\n", "  u@example.com: {stages: [nowhere]}\n", "  s@example.com: {stages: [sales], admin: !!str true}\n",
            "wip_limit: 3\n", "  r@example.com: {name: |, stages: [sales]}\n", "  p@example.com: {stages: [sales]} # note\n", "---\n",
            "  o@example.com: {stages: [sales], admin: 'true'}\n", "  n@example.com: [sales]\n",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            var lines = (versions.randomElement(using: &generator) ?? text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0...lines.count, using: &generator)
                lines.insert(contentsOf: (disturbances.randomElement(using: &generator) ?? "").split(separator: "\n").map(String.init), at: at)
            }
            expectSame(lines.joined(separator: "\n"), with: reader)
        }
    }
}
