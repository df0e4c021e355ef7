import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 7: the `## Handoff log` section is the history a reader of the task file sees; a plain
    /// signed commit (not a handoff operation) must not add or rewrite its entries.
    @Suite struct Log {
        @Test("bob appends a fake '### … — accept …' entry to alice's task by a plain signed commit")
        func fakeAcceptEntry() throws {
            let f = try AttackFixture()
            var text = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
            if !text.contains("## Handoff log") { text += "\n## Handoff log\n" }
            text += "### 2026-01-05 10:00 UTC — accept alice@example.com → bob@example.com (sales → onboarding)\nRead-back: all mine now.\n"
            let commit = try f.bobCommit(tree: try f.tree(f.base, editing: [.put(f.alicesTaskPath, text)], in: f.bobRepo), message: "Notes\n")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.logRules)
        }

        @Test("bob rewrites the read-back of an existing accept entry in his task's log")
        func editedEntry() throws {
            let f = try AttackFixture()
            let text = try f.file(f.bobsTaskPath, at: f.base, in: f.bobRepo)
            let edited = text.replacingOccurrences(of: "SSO first; chase the SAML metadata.", with: "Nothing was handed over.")
            #expect(edited != text, "the accept's read-back should be in the log")
            let commit = try f.bobCommit(tree: try f.tree(f.base, editing: [.put(f.bobsTaskPath, edited)], in: f.bobRepo), message: "Fix wording\n")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.logRules)
        }

        @Test("bob deletes the offer entry from his task's log")
        func deletedEntry() throws {
            let f = try AttackFixture()
            let text = try f.file(f.bobsTaskPath, at: f.base, in: f.bobRepo)
            var lines = text.components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.hasPrefix("### ") && $0.contains("offer") }) else {
                Issue.record("no offer entry in:\n\(text)")
                return
            }
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("### ") } ?? lines.endIndex
            lines.removeSubrange(start..<end)
            let commit = try f.bobCommit(tree: try f.tree(f.base, editing: [.put(f.bobsTaskPath, lines.joined(separator: "\n"))], in: f.bobRepo),
                                         message: "Tidy\n")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.logRules)
        }
    }
}
