import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// `handoff demo`: in a temporary folder, two people with their own Ed25519 keys hand a task
/// from one to the other, and plain git shows and verifies the signed history.
public struct Demo {
    /// Where the story is told, line by line.
    let say: (String) -> Void
    /// The environment the demo starts from (for PATH).
    let environment: [String: String]

    /// A demo that tells its story through `say`.
    public init(environment: [String: String], say: @escaping (String) -> Void) {
        self.environment = environment
        self.say = say
    }

    /// Runs the story in a fresh temporary folder and returns that folder (left for exploring).
    /// - Throws: `HandoffError` when a step fails, e.g. ssh-keygen or git is missing.
    @discardableResult
    public func run() throws(HandoffError) -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-demo-\(UUID().uuidString.prefix(8))").path
        let repo = root + "/team"
        let shell = try DemoShell(root: root, environment: environment)
        try shell.run("git", ["init", "-q", "-b", "main", repo])
        let alice = try person("alice", name: "Alice Adams", shell: shell, root: root)
        let bob = try person("bob", name: "Bob Brown", shell: shell, root: root)
        let asAlice = Handoff(context: HandoffContext(directory: repo, environment: alice))
        let asBob = Handoff(context: HandoffContext(directory: repo, environment: bob))

        say("== handoff demo in \(repo)")
        say("Alice (sales) and Bob (onboarding) each have their own Ed25519 key, made by ssh-keygen.")
        say("")
        say("$ handoff init --prefix HO --stages sales,onboarding,support      # as Alice")
        try asAlice.initialize(prefix: "HO", stages: ["sales", "onboarding", "support"])
        say("$ handoff member add bob@example.com --key bob.pub --stage onboarding")
        try asAlice.addMember(email: "bob@example.com", keyFile: root + "/keys/bob.pub", stages: ["onboarding"], admin: false)
        say("$ handoff new 'Onboard ACME Corp' --stage sales --field customer='ACME Corp' --due 2026-12-01")
        let created = try asAlice.newTask(NewTaskRequest(
            title: "Onboard ACME Corp", stage: "sales", priority: "high", due: "2026-12-01",
            labels: ["enterprise"], fields: [("customer", "ACME Corp")]))
        let id = created.task.id
        say(id)
        let brief = Brief(markdown: """
            ## Summary
            ACME signed a 12-month enterprise plan; they want SSO live before their December launch.
            ## Open items
            - SAML metadata from their IT (contact: dana@acme.example)
            ## Risks
            Their launch date is fixed; a slip costs us the renewal conversation.
            ## Next steps
            Kick-off call this week; confirm the SSO provider.
            """)
        say("$ handoff offer \(id) --to bob@example.com --brief-file brief.md    # Alice offers; she still owns it")
        try asAlice.perform(.offer(to: "bob@example.com", stage: "onboarding", brief: brief), on: id)
        say("$ handoff inbox                                                   # as Bob")
        let inbox = try asBob.inbox()
        for entry in inbox.waitingForMe { say("  waiting for you: \(entry.task.id) \(entry.task.title) from \(entry.task.owner)") }
        say("$ handoff accept \(id) --readback 'SSO before their December launch; chase SAML metadata with Dana.'")
        let accepted = try asBob.perform(
            .accept(readback: "SSO must be live before their December launch; I chase the SAML metadata with Dana first."), on: id)
        say("Bob now owns \(id) in stage \(accepted.task.stage).")
        say("")
        say("== The task file, as git stores it: \(try asBob.show(id).entry.path)")
        say(String(decoding: try asBob.show(id).document.bytes, as: UTF8.self))
        say("== git log --show-signature (plain git; init set gpg.ssh.allowedSignersFile)")
        say(try shell.run("git", ["-C", repo, "log", "--show-signature", "--format=%h %s%n  author: %an <%ae>"], as: bob))
        say("== git verify-commit HEAD")
        say(try shell.run("git", ["-C", repo, "verify-commit", "HEAD"], as: bob, includeErrors: true))
        say("The repository stays in \(repo) for you to explore with git and handoff.")
        return repo
    }

    private func person(_ user: String, name: String, shell: DemoShell, root: String) throws(HandoffError) -> [String: String] {
        let home = root + "/home-\(user)"
        let key = root + "/keys/\(user)"
        try shell.makeDirectory(home)
        try shell.makeDirectory(root + "/keys")
        try shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "\(user)@example.com", "-f", key])
        let config = """
            [user]
            \tname = \(name)
            \temail = \(user)@example.com
            \tsigningkey = \(key)
            [gpg]
            \tformat = ssh

            """
        try shell.write(config, to: home + "/.gitconfig")
        var environment = ["HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "PATH": self.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["LANG"] = "C.UTF-8"
        return environment
    }
}
