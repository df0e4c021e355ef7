import Foundation
import HandoffCore
import TestSupport
import Testing

/// The small things a careful user notices in a first week (issue 20, item 7).
@Suite struct SmallThingsTests {
    @Test("note without -m opens the editor like offer; comment lines are left out; an empty note adds nothing")
    func noteThroughEditor() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let seen = team.root.appendingPathComponent("note-template.md").path
        let writer = try CLI.script("note.sh", "cp \"$1\" '\(seen)'\nprintf 'Called the customer.\\n# not this line\\n' > \"$1\"", in: team)
        let noted = handoff(["note", id], as: team.admin, in: team, environment: ["EDITOR": writer])
        try CLI.expectCommitted(noted, in: team)
        #expect(try String(contentsOfFile: seen, encoding: .utf8).contains(id))
        let file = try team.gitText(["show", "HEAD:" + (try team.handoff(as: team.admin).show(id).entry.path)])
        #expect(file.contains("Called the customer."))
        #expect(!file.contains("not this line"))

        let before = try team.commits()
        let untouched = try CLI.script("untouched.sh", "exit 0", in: team)
        try CLI.expectRefused(handoff(["note", id], as: team.admin, in: team, environment: ["EDITOR": untouched]),
                              containing: "the note is empty; nothing was noted", in: team, commitsBefore: before)
        // Someone who may not note it is told before any editor opens.
        let outsider = try team.person("mallory")
        let mark = team.root.appendingPathComponent("ran").path
        let marking = try CLI.script("marking.sh", "touch '\(mark)'", in: team)
        let refused = handoff(["note", id], as: outsider, in: team, environment: ["EDITOR": marking])
        #expect(refused.code == 1 && refused.stderr.contains("not a member"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: mark))
    }

    @Test("verify's result line is data on stdout, with nothing on stderr")
    func verifyResultOnStdout() throws {
        let (team, _, _) = try CLI.teamWithTask()
        let result = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(result.code == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("Judged by the trust root "), "\(result.stdout)")
        #expect(lines.last?.hasPrefix("OK: ") == true && result.stdout.hasSuffix(" 0 violations\n"), "\(result.stdout)")
    }

    @Test("the text report's WIP table lists every member, as the JSON does")
    func reportListsIdlePeople() throws {
        let (team, bob, _) = try CLI.teamWithTask()
        let json = try #require(try CLI.json(handoff(["report", "--json"], as: team.admin, in: team).stdout) as? [String: Any])
        let people = try #require(json["people"] as? [[String: Any]]).compactMap { $0["email"] as? String }
        #expect(people.contains(bob.email))
        let text = handoff(["report"], as: team.admin, in: team).stdout.split(separator: "\n")
        let table = text.drop { !$0.hasPrefix("Work in progress per person") }
        for email in people {
            #expect(table.contains { $0.contains(email) }, "\(email) missing from:\n\(text.joined(separator: "\n"))")
        }
    }

    @Test("show aligns its file row with the other fields; inbox heads each table with its columns")
    func showAndInboxColumns() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let show = handoff(["show", id], as: team.admin, in: team).stdout.split(separator: "\n")
        let state = try #require(show.first { $0.hasPrefix("  state ") })
        let file = try #require(show.first { $0.hasPrefix("  file ") })
        // Where the value starts: after two spaces, the name, and the padding.
        let column = { (line: Substring) -> Int in
            let name = line.dropFirst(2).prefix { $0 != " " }
            return 2 + name.count + line.dropFirst(2 + name.count).prefix { $0 == " " }.count
        }
        #expect(column(state) == column(file), "\(show)")

        try CLI.offer(id, to: bob, in: team)
        let inbox = handoff(["inbox"], as: bob, in: team).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let waiting = try #require(inbox.firstIndex { $0.hasPrefix("Waiting for you") })
        #expect(inbox[waiting + 1].hasPrefix("  ID "), "\(inbox)")
        #expect(inbox[waiting + 1].contains("OFFERED TO") && inbox[waiting + 2].contains(id), "\(inbox)")
    }

    @Test("a refusal about the user speaks to them: the owner asking to reassign is told to offer it themselves")
    func secondPerson() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        #expect(handoff(["accept", id, "--readback", "Mine."], as: bob, in: team).code == 0)
        let before = try team.commits()
        let result = handoff(["reassign", id, "--to", team.admin.email, "--reason", "leaving"], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only an admin can reassign \(id); ask one, or offer it yourself ('handoff offer \(id) --to EMAIL')", in: team, commitsBefore: before)
        #expect(!result.stderr.contains("have \(bob.email)"))
        let toSelf = handoff(["offer", id, "--to", bob.email, "-m", CLI.brief], as: bob, in: team)
        try CLI.expectRefused(toSelf, containing: "\(id) is already yours; offer it to someone else", in: team, commitsBefore: before)
    }

    @Test("sync --list-backups lists the refs sync kept; --prune-backups --older-than deletes only older ones, as git sees")
    func syncBackups() throws {
        let fixture = try SyncFixture()
        let (team, bob, clone) = (fixture.team, fixture.bob, fixture.bobClone)
        let none = handoff(["sync", "--list-backups"], as: bob, in: team, directory: clone)
        #expect(none.code == 0 && none.stdout.hasPrefix("No backups"), "\(none.stdout)\(none.stderr)")

        try fixture.handoff(team.admin).perform(.note(text: "alice"), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(bob, in: clone).perform(.note(text: "bob"), on: fixture.second)
        #expect(handoff(["sync"], as: bob, in: team, directory: clone).code == 0)
        let fresh = try fixture.gitText(clone, ["for-each-ref", "--format=%(refname)", "refs/handoff/backup/"], as: bob)
        #expect(!fresh.isEmpty && !fresh.contains("\n"))
        // One more, named as sync names them, from long ago.
        let old = "refs/handoff/backup/main/20250101T000000Z"
        try TestKeys.check(try fixture.git(clone, ["update-ref", old, "HEAD~1"], as: bob), "update-ref")

        let listed = handoff(["sync", "--list-backups"], as: bob, in: team, directory: clone)
        let lines = listed.stdout.split(separator: "\n")
        #expect(listed.code == 0 && lines.count == 3 && lines[0].hasPrefix("BACKUP"), "\(listed.stdout)")
        #expect(lines[1].hasPrefix(old) && lines[2].hasPrefix(fresh), "oldest first: \(listed.stdout)")

        let pruned = handoff(["sync", "--prune-backups", "--older-than", "30d"], as: bob, in: team, directory: clone)
        #expect(pruned.code == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("Deleted \(old)") && pruned.stdout.hasSuffix("Deleted 1 backup older than 30d; 1 kept.\n"), "\(pruned.stdout)")
        #expect(try fixture.gitText(clone, ["for-each-ref", "--format=%(refname)", "refs/handoff/backup/"], as: bob) == fresh)
        #expect(handoff(["sync", "--older-than", "3d"], as: bob, in: team, directory: clone).code == 2)
    }
}
