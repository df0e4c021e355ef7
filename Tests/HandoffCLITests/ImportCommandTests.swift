import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff import FILE` through the CLI: IDs on stdout, one commit; a bad line exits 1 naming it.
@Suite struct ImportCommandTests {
    @Test("import prints one ID per task and makes one commit")
    func importPrintsIDs() throws {
        let team = try TestTeam()
        try team.write("{\"title\": \"One\"}\n{\"title\": \"Two\", \"created\": \"2025-01-15T00:00:00Z\"}\n", to: "../in.jsonl")
        let before = try team.commits().count
        let result = handoff(["import", "../in.jsonl"], as: team.admin, in: team)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let ids = result.stdout.split(separator: "\n")
        #expect(ids.count == 2 && ids.allSatisfy { $0.wholeMatch(of: /HO-[0-9A-Z]{5}/) != nil })
        #expect(try team.commits().count == before + 1)
        #expect(try team.gitText(["ls-files", "tasks/2025-01"]) == "tasks/2025-01/\(ids[1]).md\n")
    }

    @Test("a bad line exits 1 with file and line, and commits nothing")
    func badLine() throws {
        let team = try TestTeam()
        try team.write("{\"title\": \"One\"}\n{\"title\": [1]}\n", to: "../in.jsonl")
        let head = try team.commits().first
        let result = handoff(["import", "../in.jsonl"], as: team.admin, in: team)
        #expect(result.code == 1)
        #expect(result.stderr.hasPrefix("handoff: ../in.jsonl:2: is not a JSON object"), "stderr: \(result.stderr)")
        #expect(try team.commits().first == head)
    }
}
