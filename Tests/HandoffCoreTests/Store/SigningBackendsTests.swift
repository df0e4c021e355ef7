import Foundation
import HandoffCore
import TestSupport
import Testing

/// Handoffs signed through every path git offers: ssh-keygen with an agent-held encrypted key,
/// ssh-keygen with an RSA key, and gpg with an OpenPGP key; plain git verifies each.
@Suite struct SigningBackendsTests {
    /// Adds `name` to `team` with `publicKey` in onboarding, gives them `config` as their git config,
    /// and offers them a fresh task.
    private func receiver(_ name: String, team: TestTeam, publicKey: String, config: (URL) throws -> Void) throws -> (TestPerson, String, [String: String]) {
        let person = try team.person(name)
        try team.handoff(as: team.admin).addMember(email: person.email, keyFile: publicKey, stages: ["onboarding"], admin: false)
        try config(person.home)
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Task for \(name)", stage: "sales")).task.id
        try team.handoff(as: team.admin).perform(.offer(to: person.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        return (person, id, person.environment)
    }

    @Test("an encrypted Ed25519 key held by ssh-agent signs through ssh-keygen; git and handoff verify it")
    func encryptedKeyThroughAgent() throws {
        let team = try TestTeam()
        let key = try TestKeys.encryptedEd25519(in: team.root, name: "erin_secret", comment: "erin")
        let agent = try TestSSHAgent(in: team.root, environment: team.admin.environment)
        defer { agent.stop() }
        try agent.add(key)
        let (erin, id, environment) = try receiver("erin", team: team, publicKey: key.publicKeyPath) { home in
            try TestTeam.writeGitConfig(home: home, name: "erin", email: "erin@example.com", signingKey: key.publicKeyPath, format: "ssh")
        }
        var agentEnvironment = environment
        agentEnvironment["SSH_AUTH_SOCK"] = agent.socketPath
        let handoff = Handoff(context: HandoffContext(directory: team.repository, environment: agentEnvironment))
        try handoff.perform(.accept(readback: "ok"), on: id)
        let verify = try team.git(["verify-commit", "HEAD"], as: erin)
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stderrText.contains("Good \"git\" signature for erin@example.com"))
        #expect(try team.handoff(as: team.admin).verify(useCache: false).violations.isEmpty)
    }

    @Test("an RSA key signs through ssh-keygen, and verify checks it through ssh-keygen too")
    func rsaKey() throws {
        let team = try TestTeam()
        let key = try TestKeys.rsa(in: team.root, name: "rita_rsa", comment: "rita")
        let (rita, id, _) = try receiver("rita", team: team, publicKey: key.publicKeyPath) { home in
            try TestTeam.writeGitConfig(home: home, name: "rita", email: "rita@example.com", signingKey: key.privateKeyPath, format: "ssh")
        }
        try team.handoff(as: rita).perform(.accept(readback: "ok"), on: id)
        let verify = try team.git(["verify-commit", "HEAD"], as: rita)
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stderrText.contains("with RSA key"))
        #expect(try team.handoff(as: team.admin).verify(useCache: false).violations.isEmpty)
    }

    @Test("an OpenPGP-signed handoff (gpg.format=openpgp) verifies with git verify-commit")
    func openPGP() throws {
        let team = try TestTeam()
        let gnupgHome = team.root.appendingPathComponent("gnupg")
        let fingerprint = try TestKeys.gpg(home: gnupgHome, email: "olga@example.com")
        defer { TestKeys.stopGPGAgent(home: gnupgHome) }
        let sshKey = try TestKeys.ed25519(in: team.root, name: "olga_ssh", comment: "olga")
        let (olga, id, environment) = try receiver("olga", team: team, publicKey: sshKey.publicKeyPath) { home in
            try TestTeam.writeGitConfig(home: home, name: "olga", email: "olga@example.com", signingKey: fingerprint, format: "openpgp")
        }
        var gpgEnvironment = environment
        gpgEnvironment["GNUPGHOME"] = gnupgHome.path
        try Handoff(context: HandoffContext(directory: team.repository, environment: gpgEnvironment)).perform(.accept(readback: "ok"), on: id)
        let verify = try TestKeys.run("git", ["-C", team.repository, "verify-commit", "HEAD"], environment: gpgEnvironment)
        #expect(verify.status == 0, "\(verify.stderrText)")
        #expect(verify.stderrText.contains("Good signature from \"olga@example.com\""))
        #expect(try team.gitText(["log", "-1", "--format=%s"], as: olga) == "handoff: accept \(id) (sales → onboarding)\n")
        // handoff's policy lists SSH keys only, so verify says plainly that it cannot vouch for this one.
        let violations = try team.handoff(as: team.admin).verify(useCache: false).violations
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("OpenPGP") == true)
    }
}
