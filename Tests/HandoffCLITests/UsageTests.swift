import Foundation
import HandoffCore
import TestSupport
import Testing

/// Bad usage exits 2 with the error on stderr; `--help` exits 0 with usage on stdout.
@Suite struct UsageTests {
    /// Expects exit 2, nothing on stdout, `message` on stderr, and no new commit.
    private func expectUsage(
        _ args: [String], as person: TestPerson? = nil, in team: TestTeam, containing message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try team.commits()
        let result = handoff(args, as: person ?? team.admin, in: team)
        #expect(result.code == 2, "\(args): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(args): \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(args): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try team.commits() == before, sourceLocation: sourceLocation)
    }

    @Test("an unknown option exits 2")
    func unknownOption() throws {
        let team = try TestTeam()
        try expectUsage(["list", "--bogus"], in: team, containing: "--bogus")
    }

    @Test("an unknown subcommand exits 2")
    func unknownSubcommand() throws {
        let team = try TestTeam()
        try expectUsage(["frobnicate"], in: team, containing: "frobnicate")
    }

    @Test("offer without --to exits 2")
    func offerWithoutTo() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try expectUsage(["offer", id, "-m", CLI.brief], in: team, containing: "--to")
    }

    @Test("offer with both --brief-file and -m exits 2")
    func offerBothBriefs() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let file = try CLI.file("brief.md", CLI.brief, in: team)
        try expectUsage(["offer", id, "--to", bob.email, "--brief-file", file, "-m", CLI.brief], in: team, containing: "not both")
    }

    @Test("accept with both --readback and --readback-file exits 2")
    func acceptBothReadbacks() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let file = try CLI.file("readback.txt", "From the file.", in: team)
        try expectUsage(["accept", id, "--readback", "Inline.", "--readback-file", file], as: bob, in: team, containing: "not both")
    }

    @Test("--field without '=' exits 2")
    func fieldWithoutEquals() throws {
        let team = try TestTeam()
        try expectUsage(["new", "A task", "--field", "customer"], in: team, containing: "--field takes key=value, got 'customer'")
    }

    @Test("--mine with --owner exits 2")
    func mineWithOwner() throws {
        let team = try TestTeam()
        try expectUsage(["list", "--mine", "--owner", "bob@example.com"], in: team, containing: "--mine and --owner exclude each other")
    }

    @Test("an unknown --state value exits 2")
    func badState() throws {
        let team = try TestTeam()
        try expectUsage(["list", "--state", "sleeping"], in: team, containing: "sleeping")
    }

    @Test("an ambiguous ID prefix exits 2 and names the candidates")
    func ambiguousPrefix() throws {
        let team = try TestTeam()
        let first = try CLI.newTask("First", in: team)
        let second = try CLI.newTask("Second", in: team)
        for args in [["show", "HO-"], ["note", "HO-", "-m", "which?"], ["close", "HO"]] {
            try expectUsage(args, in: team, containing: "is ambiguous")
        }
        let result = handoff(["show", "HO-"], as: team.admin, in: team)
        #expect(result.stderr.hasPrefix("handoff: HO- is ambiguous: "))
        #expect(result.stderr.contains(first) && result.stderr.contains(second))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a missing argument exits 2")
    func missingArgument() throws {
        let team = try TestTeam()
        try expectUsage(["show"], in: team, containing: "<id>")
    }

    @Test("--help for the root exits 0 and prints usage and every subcommand on stdout")
    func rootHelp() throws {
        let team = try TestTeam()
        let result = handoff(["--help"], as: team.admin, in: team)
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("USAGE: handoff"))
        for command in ["init", "member", "new", "offer", "accept", "decline", "withdraw", "note", "close",
                        "reopen", "reassign", "list", "show", "inbox", "demo"] {
            #expect(result.stdout.contains("  \(command)"), "missing \(command)")
        }
    }

    @Test("--help for a subcommand exits 0 and prints its usage and options on stdout")
    func subcommandHelp() throws {
        let team = try TestTeam()
        let offer = handoff(["offer", "--help"], as: team.admin, in: team)
        #expect(offer.code == 0)
        #expect(offer.stderr.isEmpty)
        #expect(offer.stdout.contains("USAGE: handoff offer"))
        #expect(offer.stdout.contains("--brief-file"))
        #expect(offer.stdout.contains("--to"))
        let member = handoff(["member", "add", "--help"], as: team.admin, in: team)
        #expect(member.code == 0)
        #expect(member.stdout.contains("USAGE: handoff member add"))
        let help = handoff(["help", "list"], as: team.admin, in: team)
        #expect(help.code == 0)
        #expect(help.stdout.contains("--offered-to"))
    }

    @Test("--version exits 0 and prints the version on stdout")
    func version() throws {
        let team = try TestTeam()
        let result = handoff(["--version"], as: team.admin, in: team)
        #expect(result.code == 0)
        #expect(result.stdout == "0.1.0\n")
    }
}
