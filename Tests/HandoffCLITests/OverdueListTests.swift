import Foundation
import HandoffCore
import TestSupport
import Testing

/// `list --overdue`: open or offered tasks past the end of their due day, nothing else.
@Suite struct OverdueListTests {
    @Test("only open or offered tasks whose due day has ended are listed")
    func overdue() throws {
        let team = try TestTeam()
        let past = try CLI.newTask("Past due", in: team, extra: ["--stage", "sales", "--due", "2020-01-31"])
        let future = try CLI.newTask("Due later", in: team, extra: ["--stage", "sales", "--due", "2999-12-31"])
        let undated = try CLI.newTask("No date", in: team)
        let closed = try CLI.newTask("Done past due", in: team, extra: ["--stage", "sales", "--due", "2020-01-31"])
        #expect(handoff(["close", closed], as: team.admin, in: team).code == 0)
        let warned = handoff(["new", "Late already", "--stage", "sales", "--due", "2020-02-01"], as: team.admin, in: team)
        #expect(warned.code == 0 && warned.stderr.contains("is due 2020-02-01, which has passed"), "\(warned.stderr)")
        let late = warned.stdout.trimmingCharacters(in: .newlines)
        let result = handoff(["list", "--overdue", "--json"], as: team.admin, in: team)
        #expect(result.code == 0, "\(result.stderr)")
        let ids = (try CLI.json(result.stdout) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.sorted() == [past, late].sorted(), "\(ids) of \([past, future, undated, closed])")
        #expect(!handoff(["new", "Later", "--stage", "sales", "--due", "2999-01-01"], as: team.admin, in: team).stderr.contains("passed"))
    }
}
