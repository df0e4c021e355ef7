import Foundation
import HandoffCore
import TestSupport
import Testing

/// `report`, `status` and `doctor` as people run them.
@Suite struct VisibilityCommandTests {
    /// A team where alice offered a task to bob three days ago (stale) for customer ACME.
    private func staleOffer(title: String = "Onboard ACME Corp") throws -> (TestTeam, TestPerson, String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let id = try CLI.newTask(title, in: team, extra: ["--stage", "sales", "--field", "customer=ACME"])
        let threeDaysAgo = "@\(Int(Date().timeIntervalSince1970) - 3 * 86_400) +0000"
        try CLI.offer(id, to: bob, in: team, environment: ["GIT_COMMITTER_DATE": threeDaysAgo, "GIT_AUTHOR_DATE": threeDaysAgo])
        return (team, bob, id)
    }

    @Test("report --json always has the documented keys, null where there is no value")
    func reportJSONKeys() throws {
        let (team, _, _) = try staleOffer()
        let result = handoff(["report", "--json"], as: team.admin, in: team)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let object = try #require(try CLI.json(result.stdout) as? [String: Any])
        #expect(Set(object.keys) == ["generatedAt", "since", "staleAfterSeconds", "wipLimit", "totals", "transitions", "stages",
                                     "people", "staleOffers", "customersWaiting", "activity"])
        #expect(object["since"] is NSNull && object["wipLimit"] is NSNull)
        func keys(_ key: String) throws -> Set<String> {
            let value = object[key]
            let item = try #require((value as? [[String: Any]])?.first ?? value as? [String: Any], "\(key) is empty")
            return Set(item.keys)
        }
        #expect(try keys("totals") == ["tasks", "open", "offered", "done", "cancelled", "events"])
        #expect(try keys("transitions") == ["from", "to", "offers", "accepted", "declined", "withdrawn", "pending",
                                            "medianAcceptSeconds", "p90AcceptSeconds", "declineRate", "readbackItems", "readbackAcknowledged", "readbackCoverage"])
        #expect(try keys("stages") == ["stage", "tasksNow", "finishedStays", "medianStaySeconds", "p90StaySeconds", "medianAgeSeconds"])
        #expect(try keys("people") == ["email", "holding", "offering", "offeredToThem", "wip", "wipLimit", "overLimit"])
        #expect(try keys("staleOffers") == ["task", "title", "from", "to", "fromStage", "toStage", "offeredAt", "ageSeconds", "customer"])
        #expect(try keys("customersWaiting") == ["customer", "tasks", "longestWaitSeconds"])
        #expect(try keys("activity") == ["day", "offers", "accepts", "declines", "withdrawals", "created", "other"])
        let transition = try #require((object["transitions"] as? [[String: Any]])?.first)
        #expect(transition["medianAcceptSeconds"] is NSNull && transition["declineRate"] is NSNull)
    }

    @Test("report lists the stale offer with who waits on whom, and the waiting customer")
    func reportText() throws {
        let (team, bob, id) = try staleOffer()
        let result = handoff(["report"], as: bob, in: team)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let stale = try #require(result.stdout.split(separator: "\n").first { $0.contains(id) && $0.contains("waits on") })
        #expect(stale.contains("alice@example.com waits on bob@example.com"))
        #expect(stale.contains("3d"))
        #expect(result.stdout.contains("sales → onboarding"))
        #expect(result.stdout.split(separator: "\n").contains { $0.contains("ACME") && $0.contains(id) && !$0.contains("waits on") })
    }

    @Test("report --html writes one page with no script or network, the board, charts and custody; user text is escaped")
    func reportHTML() throws {
        let (team, _, id) = try staleOffer(title: "<script>alert(\"x\")</script> & Co")
        let path = team.root.appendingPathComponent("board.html").path
        let result = handoff(["report", "--html", path], as: team.admin, in: team)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"))
        for external in ["<link", "src=", "@import", "url(", "https://"] { #expect(!page.contains(external), "\(external)") }
        #expect(page.contains("<svg"))
        #expect(page.contains("Board: active tasks by owner and stage"))
        #expect(page.contains("class=\"chip offered stale\" href=\"#task-\(id)\""))
        #expect(page.contains("<article id=\"task-\(id)\">"))
        #expect(page.contains("@media print"))
        let again = handoff(["report", "--html", path], as: team.admin, in: team)
        #expect(again.code == 0, "overwriting the page: \(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: team.root.path).filter { $0.hasPrefix("board.html") } == ["board.html"])
    }

    @Test("report refuses --json together with --html, and a malformed --since")
    func reportUsage() throws {
        let team = try TestTeam()
        #expect(handoff(["report", "--json", "--html", "x.html"], as: team.admin, in: team).code == 2)
        #expect(handoff(["report", "--since", "last week"], as: team.admin, in: team).code == 2)
    }

    @Test("status without a terminal is plain text: what waits for me, what I hold, stale offers")
    func statusPlain() throws {
        let (team, bob, id) = try staleOffer()
        let result = handoff(["status"], as: bob, in: team)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("Waiting for you (1): accept or decline"))
        #expect(lines.contains { $0.hasPrefix("  \(id)  from alice@example.com into onboarding") })
        #expect(lines.contains("You hold (0)"))
        #expect(lines.contains("Stale offers (1): older than 2d"))
        #expect(lines.contains { $0.hasPrefix("  \(id)  3d") && $0.contains("alice@example.com waits on bob@example.com") })
    }

    @Test("status and inbox say how long each offer has waited of its response time, and which are overdue")
    func statusWaits() throws {
        let (team, bob, id) = try staleOffer()
        let late = handoff(["status"], as: bob, in: team).stdout
        #expect(late.contains("  \(id)  from alice@example.com into onboarding  overdue by 1d  "), "\(late)")
        let inbox = handoff(["inbox"], as: bob, in: team).stdout
        #expect(inbox.contains(id) && inbox.contains("  (overdue by 1d)\n"), "\(inbox)")
        let config = try team.read(".handoff/config.yml")
        try team.write(config.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, respond_within: 5d}"), to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Five days to answer"]), "commit the workflow")
        let inTime = handoff(["status"], as: team.admin, in: team).stdout
        #expect(inTime.contains("to bob@example.com (onboarding)  waited 3d of 5d  "), "\(inTime)")
    }

    @Test("status at a terminal (the built binary under script(1)) is coloured, unless NO_COLOR is set")
    func statusColour() throws {
        let (team, bob, id) = try staleOffer()
        func status(_ extra: [String: String]) throws -> String {
            var environment = bob.environment
            environment.merge(extra) { _, new in new }
            let command = "'\(TestTeam.handoffBinary)' status"
            let result = try TestKeys.run("script", ["-qec", command, "/dev/null"], environment: environment,
                                          currentDirectory: URL(fileURLWithPath: team.repository))
            #expect(result.status == 0, "\(result.stderrText)")
            return result.stdoutText
        }
        let coloured = try status([:])
        #expect(coloured.contains("\u{1B}[36m\(id)\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1mWaiting for you (1)\u{1B}[0m"))
        let plain = try status(["NO_COLOR": "1"])
        #expect(plain.contains("Waiting for you (1)"))
        #expect(!plain.contains("\u{1B}["))
    }

    @Test("doctor passes on a healthy clone and prints one ✓ line per check")
    func doctorHealthy() throws {
        let team = try TestTeam()
        let result = handoff(["doctor"], as: team.admin, in: team)
        #expect(result.code == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 12)  // gpg.ssh.allowedSignersFile, commit.gpgsign, and the trust root
        #expect(lines.allSatisfy { $0.hasPrefix("✓ ") })
        #expect(lines.contains { $0.hasPrefix("✓ libgit2: 1.") })
    }

    @Test("doctor reports a missing hook and a key missing from the policy, each with its fix, and exits 1")
    func doctorProblems() throws {
        let team = try TestTeam()
        try FileManager.default.removeItem(atPath: team.repository + "/.git/hooks/pre-commit")
        let carol = try team.person("carol")
        let result = handoff(["doctor"], as: carol, in: team)
        #expect(result.code == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("✗ hook pre-commit: ") && $0.hasSuffix("is missing; fix: run: handoff hooks install") })
        #expect(lines.contains { $0.hasPrefix("✗ policy: your key SHA256:") && $0.contains("for carol@example.com; fix: ask an admin to run: handoff member add carol@example.com") })
        #expect(lines.contains { $0.hasPrefix("✓ hook commit-msg") })
        #expect(result.stderr == "handoff doctor: 2 problems found\n")
    }

    @Test("doctor says how to configure the merge driver when a clone lacks it")
    func doctorMergeDriver() throws {
        let team = try TestTeam()
        try team.git(["config", "--unset", "merge.handoff.driver"])
        try team.write("", to: ".gitattributes")
        let result = handoff(["doctor"], as: team.admin, in: team)
        #expect(result.code == 1)
        #expect(result.stdout.contains("✗ merge driver: git config has no merge.handoff.driver; fix: run: handoff hooks install"))
        #expect(result.stdout.contains("✗ merge attributes: .gitattributes does not route task files to the handoff merge driver; fix: add the line 'tasks/**/*.md merge=handoff' to .gitattributes and commit it"))
    }
}
