import Foundation
import GitKit
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// Which paths handoff governs, and the names a forgiving file system would confuse with them.
@Suite struct PathRulesTests {
    @Test("lookalikes of tasks, .handoff, .gitattributes and .mailmap are named; ordinary names are not")
    func lookalikes() {
        let confused = ["Tasks", "TASKS", "tasks.", "tasks ", "ta\u{200C}sks", "\u{FEFF}tasks", "TASKS~1", "taſks", "ｔａｓｋｓ",
                        ".HANDOFF", ".handoff:x", "HANDOF~1", ".Handoff.", ".GITATTRIBUTES", "GITATT~1", ".MailMap"]
        for name in confused { #expect(PathRules.lookalike(of: name) != nil, "\(name)") }
        let ordinary = ["tasks", ".handoff", ".gitattributes", ".mailmap", "README.md", "docs", "task", "tasks2", ".github", "src~1"]
        for name in ordinary { #expect(PathRules.lookalike(of: name) == nil, "\(name)") }
    }

    @Test("task file paths read from bytes are those the character reading accepts")
    func taskFilePaths() {
        func reference(_ path: String) -> Bool {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 3 && parts[0] == "tasks" && CommitRules.isMonthFolder(parts[1]) && parts[2].hasSuffix(".md")
                && TaskID.isValid(String(parts[2].dropLast(3)))
        }
        let pieces = ["tasks/", "2026-11/", "2026-1/", "HO-7K3QX", "ho-1", "1X", ".md", ".MD", "/", "-", "é", "x", "sub/", "Tasks/", ".txt"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 1...5, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(PathRules.isTaskFilePath(path) == reference(path), "\(path)")
        }
        #expect(PathRules.isTaskFilePath("tasks/2026-11/HO-7K3QX.md"))
        #expect(!PathRules.isTaskFilePath("tasks/2026-11/HO-" + String(repeating: "X", count: 62) + ".md"))
    }
}
