import Foundation
import HandoffCore
import TestSupport
import Testing

/// `list`, `show` and `inbox`: plain text, JSON and filters.
@Suite struct QueryCommandTests {
    /// alice, bob (onboarding); tasks: `sales` (alice, open), `bobs` (bob in onboarding),
    /// `offered` (alice's, offered to bob now).
    private func populated() throws -> (team: TestTeam, bob: TestPerson, sales: String, bobs: String, offered: String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let sales = try CLI.newTask("Sales lead", in: team)
        let bobs = try CLI.newTask("Bob's onboarding", in: team, extra: ["--stage", "onboarding", "--owner", bob.email])
        let offered = try CLI.newTask("Offered now", in: team)
        try CLI.offer(offered, to: bob, in: team)
        return (team, bob, sales, bobs, offered)
    }

    /// The IDs `list --json` prints with `filters`, run as `person`.
    private func listed(_ filters: [String], as person: TestPerson, in team: TestTeam) throws -> [String] {
        let result = handoff(["list", "--json"] + filters, as: person, in: team)
        try #require(result.code == 0, "list failed: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let array = try #require(try CLI.json(result.stdout) as? [[String: Any]])
        return array.compactMap { $0["id"] as? String }
    }

    @Test("list prints a table with a header row and one row per task")
    func listTable() throws {
        let (team, _, sales, bobs, offered) = try populated()
        let result = handoff(["list"], as: team.admin, in: team)
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("OFFERED TO") == true)
        for id in [sales, bobs, offered] { #expect(result.stdout.contains(id)) }
        #expect(result.stdout.contains("bob@example.com (onboarding)"))
    }

    @Test("list says 'No tasks match.' on stderr and prints no data when nothing matches")
    func listEmpty() throws {
        let team = try TestTeam()
        let result = handoff(["list"], as: team.admin, in: team)
        #expect(result.code == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "No tasks match.\n")
        let json = handoff(["list", "--json"], as: team.admin, in: team)
        #expect(json.code == 0)
        #expect((try CLI.json(json.stdout) as? [Any])?.isEmpty == true)
    }

    @Test("list --json prints an array of tasks with the documented keys")
    func listJSON() throws {
        let (team, bob, _, _, offered) = try populated()
        let result = handoff(["list", "--json"], as: team.admin, in: team)
        #expect(result.code == 0)
        let array = try #require(try CLI.json(result.stdout) as? [[String: Any]])
        #expect(array.count == 3)
        for task in array {
            #expect(Set(task.keys) == CLI.taskKeys, "keys: \(task.keys.sorted())")
            #expect(task["labels"] is [Any])
            #expect(task["fields"] is [String: Any])
            #expect((task["path"] as? String)?.hasPrefix("tasks/") == true)
        }
        let offeredTask = try #require(array.first { $0["id"] as? String == offered })
        let offer = try #require(offeredTask["offer"] as? [String: Any])
        #expect(Set(offer.keys) == ["from", "to", "stage", "at", "respondBy", "approvedBy"])
        #expect(offer["to"] as? String == bob.email)
        let openTask = try #require(array.first { $0["id"] as? String != offered })
        #expect(openTask["offer"] is NSNull)
        let fields = try #require(openTask["fields"] as? [String: Any])
        #expect(fields["created"] != nil)
        #expect(fields["id"] == nil && fields["owner"] == nil)
    }

    @Test("list filters by owner, stage, state, receiver and --mine")
    func listFilters() throws {
        let (team, bob, sales, bobs, offered) = try populated()
        #expect(try listed(["--owner", bob.email], as: team.admin, in: team) == [bobs])
        #expect(try listed(["--owner", team.admin.email], as: team.admin, in: team).sorted() == [sales, offered].sorted())
        #expect(try listed(["--stage", "onboarding"], as: team.admin, in: team) == [bobs])
        #expect(try listed(["--state", "offered"], as: team.admin, in: team) == [offered])
        #expect(try listed(["--state", "open"], as: team.admin, in: team).sorted() == [sales, bobs].sorted())
        #expect(try listed(["--offered-to", bob.email], as: team.admin, in: team) == [offered])
        #expect(try listed(["--mine"], as: bob, in: team) == [bobs])
        #expect(try listed(["--mine"], as: team.admin, in: team).sorted() == [sales, offered].sorted())
        #expect(try listed(["--stage", "sales", "--state", "open"], as: team.admin, in: team) == [sales])
        #expect(try listed(["--stage", "support"], as: team.admin, in: team).isEmpty)
    }

    @Test("list --stale 1h finds an offer made two hours ago and not one made now")
    func listStale() throws {
        let (team, bob, _, _, offered) = try populated()
        let old = try CLI.newTask("Offered long ago", in: team)
        let twoHoursAgo = "@\(Int(Date().timeIntervalSince1970) - 7_200) +0000"
        try CLI.offer(old, to: bob, in: team, environment: ["GIT_COMMITTER_DATE": twoHoursAgo, "GIT_AUTHOR_DATE": twoHoursAgo])
        try CLI.expectCommitted((0, "", ""), in: team)
        #expect(try listed(["--stale", "1h"], as: team.admin, in: team) == [old])
        #expect(try listed(["--stale", "3h"], as: team.admin, in: team).isEmpty)
        #expect(try listed(["--state", "offered"], as: team.admin, in: team).sorted() == [old, offered].sorted())
    }

    @Test("list --stale with a bad duration is a usage error (exit 2)")
    func listStaleBadDuration() throws {
        let team = try TestTeam()
        let result = handoff(["list", "--stale", "soon"], as: team.admin, in: team)
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--stale takes a duration"))
    }

    @Test("show prints the fields and the body; show --json has task and body")
    func show() throws {
        let (team, bob, _, _, offered) = try populated()
        let text = handoff(["show", offered], as: bob, in: team)
        #expect(text.code == 0)
        #expect(text.stderr.isEmpty)
        #expect(text.stdout.hasPrefix("\(offered)  Offered now\n"))
        #expect(text.stdout.contains("alice@example.com → bob@example.com (sales → onboarding) since "))
        #expect(text.stdout.contains("## Handoff log"))
        let json = handoff(["show", offered, "--json"], as: bob, in: team)
        #expect(json.code == 0)
        let object = try #require(try CLI.json(json.stdout) as? [String: Any])
        #expect(Set(object.keys) == ["task", "body"])
        let task = try #require(object["task"] as? [String: Any])
        #expect(Set(task.keys) == CLI.taskKeys)
        #expect(task["id"] as? String == offered)
        #expect((object["body"] as? String)?.contains("## Summary") == true)
    }

    @Test("show of an unknown ID is refused with exit 1")
    func showRefused() throws {
        let team = try TestTeam()
        let result = handoff(["show", "HO-ZZZZZ"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "no task HO-ZZZZZ", in: team, commitsBefore: try team.commits())
    }

    @Test("inbox lists what waits, what I hold and what I offered, as text and JSON")
    func inbox() throws {
        let (team, bob, sales, bobs, offered) = try populated()
        let text = handoff(["inbox"], as: bob, in: team)
        #expect(text.code == 0)
        #expect(text.stdout.contains("Waiting for you to accept or decline (1):"))
        #expect(text.stdout.contains("You hold (1):"))
        #expect(text.stdout.contains("You offered, waiting for the receiver (0):"))

        let bobJSON = try #require(try CLI.json(handoff(["inbox", "--json"], as: bob, in: team).stdout) as? [String: Any])
        #expect(Set(bobJSON.keys) == ["email", "waitingForMe", "holding", "offeredByMe"])
        #expect(bobJSON["email"] as? String == bob.email)
        let ids = { (key: String, object: [String: Any]) -> [String] in
            ((object[key] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
        }
        #expect(ids("waitingForMe", bobJSON) == [offered])
        #expect(ids("holding", bobJSON) == [bobs])
        #expect(ids("offeredByMe", bobJSON).isEmpty)
        for task in (bobJSON["waitingForMe"] as? [[String: Any]]) ?? [] { #expect(Set(task.keys) == CLI.taskKeys) }

        let aliceJSON = try #require(try CLI.json(handoff(["inbox", "--json"], as: team.admin, in: team).stdout) as? [String: Any])
        #expect(ids("waitingForMe", aliceJSON).isEmpty)
        #expect(ids("holding", aliceJSON) == [sales])
        #expect(ids("offeredByMe", aliceJSON) == [offered])
    }

    @Test("inbox without a git identity fails with exit 1 and a hint on stderr")
    func inboxRefused() throws {
        let team = try TestTeam()
        let nobody = try team.person("nobody")
        try Data().write(to: nobody.home.appendingPathComponent(".gitconfig"))
        let result = handoff(["inbox"], as: nobody, in: team)
        try CLI.expectRefused(result, containing: "git has no email for you", in: team, commitsBefore: try team.commits())
    }
}
