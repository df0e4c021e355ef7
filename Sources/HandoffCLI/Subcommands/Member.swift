import ArgumentParser
import HandoffCore

/// `handoff member add|edit|key|remove`: people, their stages and their keys.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Add, edit or remove members and rotate keys; each change is one signed commit.",
        subcommands: [Add.self, Edit.self, Key.self, Remove.self])

    struct Add: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member with their SSH public key (admins only).")

        @Argument(help: "The member's email, as git records it.")
        var email: String

        @Option(help: "The member's SSH public key file (e.g. id_ed25519.pub), or an armored OpenPGP public key.")
        var key: String?

        @Option(name: .customLong("openpgp-key"), help: "The member's armored OpenPGP public key (gpg --armor --export KEYID > FILE.asc).")
        var openPGPKey: String?

        @Option(name: .customLong("stage"), help: "A stage they work in (repeat for several).")
        var stages: [String] = []

        @Flag(help: "Make them an admin.")
        var admin = false

        func validate() throws {
            guard (key == nil) != (openPGPKey == nil) else {
                throw ValidationError("give the member's key with exactly one of --key FILE.pub or --openpgp-key FILE.asc")
            }
        }

        func run() throws {
            let commit = try CLIEnvironment.handoff.addMember(email: email, keyFile: key ?? openPGPKey ?? "", stages: stages, admin: admin)
            CLIEnvironment.output.line(MemberCommand.said("Added \(email)", commit))
        }
    }

    struct Remove: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a member and retire their keys (admins only).",
            discussion: "Their key lines stay in allowed_signers with valid-before=now, so git log --show-signature keeps calling their earlier commits Good; handoff accepts no new commit signed by a retired key.")

        @Argument(help: "The member's email.")
        var email: String

        func run() throws {
            let commit = try CLIEnvironment.handoff.removeMember(email: email)
            CLIEnvironment.output.line(MemberCommand.said("Removed \(email)", commit))
        }
    }

    struct Edit: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a member's stages, name or admin flag in place (admins only).")

        @Argument(help: "The member's email.")
        var email: String

        @Option(name: .customLong("add-stage"), help: "A stage to add (repeat for several).")
        var addStages: [String] = []

        @Option(name: .customLong("remove-stage"), help: "A stage to remove (repeat for several).")
        var removeStages: [String] = []

        @Option(help: "Their display name.")
        var name: String?

        @Flag(inversion: .prefixedNo, help: "Make them an admin, or take the flag away.")
        var admin: Bool?

        func validate() throws {
            if addStages.isEmpty, removeStages.isEmpty, name == nil, admin == nil {
                throw ValidationError("say what to change: --add-stage S, --remove-stage S, --name NAME, --admin or --no-admin")
            }
        }

        func run() throws {
            let request = MemberEditRequest(addStages: addStages, removeStages: removeStages, name: name, admin: admin)
            let commit = try CLIEnvironment.handoff.editMember(email: email, request)
            CLIEnvironment.output.line(MemberCommand.said("Edited \(email)", commit))
        }
    }

    struct Key: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rotate a member's key: retire the current one, add a new one.",
            discussion: "An admin may rotate anyone's key; a member may rotate their own, signing with their current key (point user.signingkey at the new key afterwards). The old key stays with valid-before=now: git keeps calling earlier commits Good, handoff accepts nothing new signed by it.")

        @Argument(help: "The member's email.")
        var email: String

        @Option(help: "The new SSH public key file (e.g. id_ed25519_new.pub).")
        var key: String

        func run() throws {
            let commit = try CLIEnvironment.handoff.rotateKey(email: email, keyFile: key)
            CLIEnvironment.output.line(MemberCommand.said("Rotated the key of \(email)", commit, then: "; the old key is retired"))
        }
    }

    /// "Added bob@example.com in commit abc1234.", or, under policy_approvals, what was proposed
    /// and who signs it off.
    static func said(_ what: String, _ change: PolicyChange, then: String = "") -> String {
        guard let proposal = change.proposal?.prefix(12) else { return "\(what) in commit \(change.commit.short)\(then)." }
        return "Proposed: \(what) (proposal \(proposal), commit \(change.commit.short)); it takes effect when enough admins sign it off with 'handoff policy approve \(proposal)'."
    }
}
