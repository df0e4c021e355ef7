@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// The byte readings of task paths that verify uses for every imported task agree with the
/// character readings they replace.
@Suite struct TaskPathTests {
    @Test("path parts cut at slashes are the parts split(separator:) gives, and task paths are told apart as by characters, on 20,000 random paths")
    func pathParts() {
        let pieces = ["/", "tasks", "2024-05", "HO-7K3QX.md", ".md", "a", "é", "\u{301}", "\u{600}", "\r\n", "-", "0", "md"]
        for path in RandomTexts.make(20_000, from: pieces, longest: 7) {
            let parts = path.split(separator: "/")
            #expect(HandEditRules.pathParts(path) == parts, "\(path.debugDescription)")
            let byCharacters = parts.count == 3 && parts[0] == "tasks" && parts[2].hasSuffix(".md")
            #expect(HandEditRules.isTaskPath(path) == byCharacters, "\(path.debugDescription)")
        }
        #expect(HandEditRules.isTaskPath("tasks/2024-05/HO-7K3QX.md"))
        #expect(HandEditRules.taskID(of: "tasks/2024-05/HO-7K3QX.md") == "HO-7K3QX")
        // A slash carrying a combining mark is one character, not a slash, to the character reading.
        #expect(HandEditRules.pathParts("tasks/2024-05/\u{301}x/HO-7K3QX.md").count == 3)
    }

    @Test("a month folder is seven bytes YYYY-MM, as seven characters were, on 20,000 random names")
    func monthFolders() {
        let pieces = ["2", "0", "9", "-", "x", "é", "\u{301}", "\r\n", "٣", "2024", "-05"]
        for name in RandomTexts.make(20_000, from: pieces, longest: 8) {
            let byCharacters = name.count == 7
                && name.enumerated().allSatisfy { index, character in index == 4 ? character == "-" : character.isASCII && character.isNumber }
            #expect(CommitRules.isMonthFolder(Substring(name)) == byCharacters, "\(name.debugDescription)")
        }
        #expect(CommitRules.isMonthFolder("2024-05"))
    }
}
